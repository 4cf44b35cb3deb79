import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '#config';
import { QueueName } from '#jobs';
import { dataSourceOptions } from '#persistence';
import { DEMO_PASSWORD, seedReferenceData } from '#persistence/seeding';
import { createApiApp } from '../apps/api/src/app.factory.js';
import { createWorker } from '../apps/worker/src/main.js';
import { benchUrl, describeMachine, fmtMs, int, intArg, log, newPool, percentile, recreateDatabase, shanghaiDate, table, verdict } from './deadlines/common.js';
import { createRealEvaluator } from './deadlines/evaluator.js';

/**
 * DESIGN §7: "Stage change through the API → alert resolved and visible: p95 ≤ 200 ms, queue included."
 *
 * API (Fastify, listening on 127.0.0.1) and worker (BullMQ) run in this process against a fresh small database
 * (the seeded report data plus N+warm-up generated projects signed 95–114 days ago, so their SIGNED_TO_LANDED
 * clock is 红灯 OVERDUE with an open alert) and Redis under a queue prefix of their own. Each measured item:
 * POST /api/v1/projects/:id/stage-transitions {toStage: LANDED} → poll until the alert is RESOLVED (the
 * database every 5 ms, or GET /api/v1/alerts/:id with --poll=api). Every alert is then read back through the
 * API to check that the resolution is visible there.
 */
export const TARGET_P95_MS = 200;
export const LATENCY_DATABASE = 'luodi_bench_deadlines_latency';

interface Item {
  projectId: string;
  alertId: string;
  version: number;
}

interface Sample {
  postMs: number;
  resolvedMs: number;
  status: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function redisUrl(): string {
  const raw = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const u = new URL(raw);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error(`REDIS_URL must point at this machine, not ${u.hostname}`);
  return raw;
}

/** Removes every key of the run's queue prefix (queues, job schedulers, events). */
async function cleanRedis(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  try {
    for (const name of Object.values(QueueName)) {
      const q = new Queue(name, { connection: redis, prefix });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}

export async function runLatencyBench(args: string[]): Promise<number> {
  const n = intArg(args, 'n', 'BENCH_LATENCY_N', 200, 1, 100_000);
  const warmup = intArg(args, 'warmup', 'BENCH_LATENCY_WARMUP', 20, 0, 10_000);
  const concurrency = intArg(args, 'concurrency', 'BENCH_LATENCY_CONCURRENCY', 1, 1, 256);
  const timeoutMs = intArg(args, 'timeout-ms', 'BENCH_LATENCY_TIMEOUT_MS', 10_000, 100, 600_000);
  const pollApi = args.includes('--poll=api');
  const known = ['--n', '--warmup', '--concurrency', '--timeout-ms', '--poll=api', '--poll=db'];
  const unknown = args.filter((a) => a.startsWith('--') && !known.some((k) => a === k || a.startsWith(`${k}=`)));
  if (unknown.length) throw new Error(`latency: unknown option(s) ${unknown.join(' ')} (known: --n N --warmup N --concurrency N --timeout-ms N --poll=db|api)`);

  const url = benchUrl(LATENCY_DATABASE);
  const rUrl = redisUrl();
  const prefix = `luodi-bench-latency-${process.pid}`;
  const today = shanghaiDate(new Date());
  log(`== latency: ${n} stage changes (+${warmup} warm-up), ${concurrency} at a time, poll ${pollApi ? 'GET /api/v1/alerts/:id' : 'the database'} every 5 ms ==`);

  // 1. A fresh small database: seeded report data and demo logins, plus the projects to move.
  await recreateDatabase(url);
  {
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const seeded = await seedReferenceData(ds, { demoUsers: true });
      log(`database ${LATENCY_DATABASE}: seeded ${seeded.projectsCreated} report projects, ${seeded.rulesAdded} rules, ${seeded.calendarYearsAdded} calendar years, demo users`);
      await ds.query(
        `WITH p AS (
           INSERT INTO project (code, name_zh, unit_id, unit_path, family, project_type, stage, stage_date, total_investment, version, created_at, updated_at,
                                reevaluate_requested_at)
           SELECT 'BL-' || lpad(g::text, 5, '0'), '时延测试项目' || g, u.id, u.path, 'INVESTMENT', '新建', 'SIGNED', $1::date - (95 + g % 20), 5000, 1,
                  now(), now(), now()
             FROM generate_series(1, $2::int) g, unit u WHERE u.code = '150102'
           RETURNING id, stage_date)
         INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date) SELECT id, 1, 'INITIAL', NULL, 'SIGNED', stage_date FROM p`,
        [today, n + warmup],
      );
    } finally {
      await ds.destroy();
    }
    // Their deadlines and alerts, by the real evaluator (the worker's boot sweep would do the same).
    const real = await createRealEvaluator(url, 2);
    try {
      const r = await real.evaluator.sweep(new Date());
      log(`initial evaluation: ${int(r.projects)} projects, ${int(r.deadlines)} deadlines, ${int(r.alertsRaised)} alerts raised`);
    } finally {
      await real.close();
    }
  }
  const pool = newPool(url, concurrency + 2, 'luodi-bench-latency-poll');
  const { rows: itemRows } = await pool.query<{ project_id: string; alert_id: string; version: number }>(
    `SELECT p.id AS project_id, a.id AS alert_id, p.version FROM project p
       JOIN deadline d ON d.project_id = p.id AND d.clock_key = 'SIGNED_TO_LANDED'
       JOIN alert a ON a.deadline_id = d.id AND a.status = 'OPEN' AND a.level = 'OVERDUE'
      WHERE p.code LIKE 'BL-%' ORDER BY p.code`,
  );
  if (itemRows.length < n + warmup) throw new Error(`expected ${n + warmup} projects with an OVERDUE SIGNED_TO_LANDED alert, found ${itemRows.length}`);
  const items: Item[] = itemRows.map((r) => ({ projectId: r.project_id, alertId: r.alert_id, version: r.version }));
  for (const line of await describeMachine(pool)) log(line);
  const { rows: sizes } = await pool.query<{ p: number; d: number; a: number }>(
    `SELECT (SELECT count(*)::int FROM project) AS p, (SELECT count(*)::int FROM deadline) AS d, (SELECT count(*)::int FROM alert WHERE status <> 'RESOLVED') AS a`,
  );
  log(`data: ${int(sizes[0].p)} projects, ${int(sizes[0].d)} deadlines, ${int(sizes[0].a)} open alerts; ${items.length} target alerts OVERDUE on SIGNED_TO_LANDED`);

  // 2. API and worker in this process.
  const config = loadAppConfig({
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: url,
    REDIS_URL: rUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
    LOGIN_RATE_LIMIT: '1000',
  });
  const worker = await createWorker(config);
  const api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  const address = api.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${address.port}`;
  let exit = 0;
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await sleep(1000); // let the worker's boot sweep finish

    const isResolved = async (c: pg.PoolClient, alertId: string): Promise<boolean> => {
      if (pollApi) {
        const r = await fetch(`${base}/api/v1/alerts/${alertId}`, { headers });
        return r.status === 200 && ((await r.json()) as { status: string }).status === 'RESOLVED';
      }
      const { rows } = await c.query<{ status: string }>(`SELECT status FROM alert WHERE id = $1`, [alertId]);
      return rows[0]?.status === 'RESOLVED';
    };
    const one = async (c: pg.PoolClient, item: Item): Promise<Sample> => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/projects/${item.projectId}/stage-transitions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ toStage: 'LANDED', effectiveDate: today, version: item.version }),
      });
      const body = await res.text();
      const tPost = performance.now();
      if (res.status !== 201 && res.status !== 200) throw new Error(`POST stage-transitions: ${res.status} ${body}`);
      for (;;) {
        if (await isResolved(c, item.alertId)) break;
        if (performance.now() - t0 > timeoutMs) return { postMs: tPost - t0, resolvedMs: Infinity, status: res.status };
        await sleep(5);
      }
      return { postMs: tPost - t0, resolvedMs: performance.now() - t0, status: res.status };
    };
    const runAll = async (list: Item[]): Promise<Sample[]> => {
      const out: Sample[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          const c = await pool.connect();
          try {
            for (;;) {
              const i = next++;
              if (i >= list.length) break;
              out.push(await one(c, list[i]));
            }
          } finally {
            c.release();
          }
        }),
      );
      return out;
    };
    if (warmup) await runAll(items.slice(0, warmup));
    const measured = items.slice(warmup, warmup + n);
    const t = performance.now();
    const samples = await runAll(measured);
    const wallMs = performance.now() - t;

    // Visible through the API.
    let visible = 0;
    for (const item of measured) {
      const r = await fetch(`${base}/api/v1/alerts/${item.alertId}`, { headers });
      if (r.status === 200 && ((await r.json()) as { status: string; resolution: { kind: string } | null }).status === 'RESOLVED') visible++;
    }
    // Server-side view, without the polling granularity: stage change recorded → alert resolved (both now() of their transactions).
    const { rows: server } = await pool.query<{ ms: number }>(
      `SELECT extract(epoch FROM a.resolved_at - t.recorded_at) * 1000 AS ms
         FROM alert a JOIN stage_transition t ON t.project_id = a.project_id AND t.to_stage = 'LANDED'
        WHERE a.id = ANY($1::uuid[]) AND a.resolved_at IS NOT NULL`,
      [measured.map((i) => i.alertId)],
    );
    const timeouts = samples.filter((s) => !Number.isFinite(s.resolvedMs)).length;
    const e2e = samples.map((s) => s.resolvedMs);
    const post = samples.map((s) => s.postMs);
    const queue = samples.filter((s) => Number.isFinite(s.resolvedMs)).map((s) => s.resolvedMs - s.postMs);
    const serverMs = server.map((r) => Number(r.ms));
    const row = (label: string, v: number[]) => [
      label,
      fmtMs(percentile(v, 50)),
      fmtMs(percentile(v, 95)),
      fmtMs(percentile(v, 99)),
      fmtMs(Math.max(...v)),
      fmtMs(v.reduce((a, b) => a + b, 0) / Math.max(1, v.length)),
    ];
    log();
    log(`${int(samples.length)} stage changes in ${(wallMs / 1000).toFixed(1)} s (${concurrency} at a time):`);
    log(
      table(
        ['', 'p50', 'p95', 'p99', 'max', 'mean'],
        [
          row('POST stage-transitions → 201', post),
          row('POST → alert RESOLVED (end to end)', e2e),
          row('  after the 201: queue + re-evaluation + poll', queue),
          row('server clock: transition recorded → resolved_at', serverMs),
        ],
      ),
    );
    const p95 = percentile(e2e, 95);
    log(`stage change → alert resolved, p95 ${fmtMs(p95)} — target ≤ ${TARGET_P95_MS} ms: ${verdict(p95 <= TARGET_P95_MS)}`);
    log(`check: ${int(visible)} of ${int(measured.length)} alerts read back as RESOLVED through GET /api/v1/alerts/:id; ${timeouts} timed out (> ${timeoutMs} ms)`);
    if (visible !== measured.length || timeouts) exit = 1;
  } finally {
    await api.close();
    await worker.close();
    await pool.end();
    const removed = await cleanRedis(rUrl, prefix).catch(() => -1);
    log(`cleanup: removed ${removed} Redis keys under ${prefix}`);
  }
  return exit;
}
