import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { loadAppConfig } from '#config';
import { buildProjectListQuery } from '#persistence';
import { createApiApp } from '../apps/api/src/app.factory.js';
import { filterFromQuery, startBareServer, type BareServer, type ScopeByToken } from './api/bare-server.js';
import { buildMix, loadMixReference, TEMPLATES, type MixEntry } from './api/request-mix.js';
import { createTrialIndexes, dropTrialIndexes, TRIAL_INDEXES } from './api/trial-indexes.js';
import { benchDatabaseUrl, describeServer, prepareBenchDatabase, waitForIdleDatabase } from './lib/bench-db.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { busyCpus } from './lib/machine.js';
import { BENCH_PASSWORD, BENCH_USERS, ensureProjectDataset } from './lib/project-dataset.js';
import { ms, summarise, table } from './lib/stats.js';

/** DESIGN §7: the project list at 1,000,000 projects, filtered and paged, 50 concurrent clients. */
export const TARGET_P95_MS = 50;
export const TARGET_THROUGHPUT_RATIO = 0.4;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

interface Settings {
  projects: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  poolSize: number;
  timeoutSeconds: number;
  quietWaitSeconds: number;
  /** Rounds of API-then-bare (odd rounds bare-then-API): 2 = ABBA, which cancels a slow drift in other load. */
  rounds: number;
  /** BENCH_KINDS: only these request kinds (comma-separated); null = the whole mix. */
  kinds: string[] | null;
  explain: boolean;
  trialIndexes: boolean;
}

function parseSettings(args: string[]): Settings {
  const settings: Settings = {
    projects: intEnv('BENCH_PROJECTS', 1_000_000, 1_000, 5_000_000),
    seconds: intEnv('BENCH_SECONDS', 15, 1, 600),
    warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 5, 0, 120),
    connections: intEnv('BENCH_CONNECTIONS', 50, 1, 500),
    // The API's default DATABASE_POOL_SIZE; the baseline gets the same pool.
    poolSize: intEnv('BENCH_POOL_SIZE', 10, 1, 200),
    timeoutSeconds: intEnv('BENCH_TIMEOUT_SECONDS', 30, 1, 600),
    // On a shared machine: wait up to this long before each server's run for other work to calm down.
    quietWaitSeconds: intEnv('BENCH_QUIET_WAIT_SECONDS', 0, 0, 3600),
    rounds: intEnv('BENCH_ROUNDS', 1, 1, 20),
    kinds: process.env.BENCH_KINDS ? process.env.BENCH_KINDS.split(',').map((k) => k.trim()) : null,
    explain: args.includes('--explain'),
    trialIndexes: args.includes('--trial-indexes'),
  };
  const badKinds = (settings.kinds ?? []).filter((k) => !TEMPLATES.some((t) => t.kind === k));
  if (badKinds.length) throw new Error(`BENCH_KINDS: unknown kind(s) ${badKinds.join(', ')} (known: ${TEMPLATES.map((t) => t.kind).join(', ')})`);
  const unknown = args.filter((a) => !['--explain', '--trial-indexes'].includes(a));
  if (unknown.length) throw new Error(`unknown option(s) for the api bench: ${unknown.join(' ')} (known: --explain, --trial-indexes)`);
  return settings;
}

const log = (line: string) => console.log(line);
const QUIET_CPUS = 0.3;
const otherCpu = async (waitSeconds = 0) => {
  const cpus = os.availableParallelism();
  const deadline = Date.now() + waitSeconds * 1000;
  let busy = await busyCpus(cpus, 2000);
  if (busy !== null && busy > QUIET_CPUS && waitSeconds > 0) {
    log(`  other work keeps ${busy.toFixed(2)} CPUs busy: waiting up to ${waitSeconds} s for it to drop below ${QUIET_CPUS}…`);
    while (busy !== null && busy > QUIET_CPUS && Date.now() < deadline) busy = await busyCpus(cpus, 2000);
  }
  return busy === null ? 'unknown' : `${busy.toFixed(2)} of ${cpus} CPUs`;
};

/**
 * `npm run bench -- api [--explain] [--trial-indexes]`: Luodi's GET /api/v1/projects against bare
 * Fastify + pg running the same SQL. --explain prints the plan of one request per kind; --trial-indexes
 * measures both servers with the what-if indexes of api/trial-indexes.ts (dropped again at the end).
 */
export async function runApiBench(args: string[]): Promise<number> {
  const s = parseSettings(args);
  const url = benchDatabaseUrl();
  const safeUrl = new URL(url);
  safeUrl.password = safeUrl.password ? '***' : '';

  log(`Luodi bench: api — project list (GET /api/v1/projects)`);
  log(`database ${safeUrl.toString()}`);
  const prepared = await prepareBenchDatabase(url);
  if (prepared.created) log('database created');
  if (prepared.migrations.length) log(`migrations applied: ${prepared.migrations.join(', ')}`);
  const dataset = await ensureProjectDataset(url, s.projects, log);
  if (!dataset.reused) log(`data set ready in ${dataset.seconds.toFixed(1)} s`);

  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'luodi-bench' });
  pool.on('error', () => undefined);
  let api: Awaited<ReturnType<typeof createApiApp>> | undefined;
  let bare: BareServer | undefined;
  try {
    const server = await describeServer(pool);
    log(`CPUs busy on the machine before the bench starts its servers: ${await otherCpu()}`);
    const leftovers = await dropTrialIndexes(pool);
    if (leftovers.length) log(`dropped trial indexes left by an interrupted run: ${leftovers.join(', ')}`);
    if (s.trialIndexes) await createTrialIndexes(pool, log);

    // (1) The real API, as production runs it, on a free port of 127.0.0.1.
    const config = loadAppConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(s.poolSize),
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      // Only /health/ready talks to Redis (lazily); the list never does.
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    api = await createApiApp(config);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const apiUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    const tokens = { admin: await login(apiUrl, BENCH_USERS.admin.username), staff: await login(apiUrl, BENCH_USERS.staff.username) };

    const ref = await loadMixReference(pool);
    const mix = buildMix(ref, tokens, s.kinds);
    const { rows: staffUnit } = await pool.query<{ path: string }>('SELECT path FROM unit WHERE code = $1', [BENCH_USERS.staff.unitCode]);
    const scopes: ScopeByToken = new Map([
      [`Bearer ${tokens.admin}`, null],
      [`Bearer ${tokens.staff}`, staffUnit[0].path],
    ]);

    // (2) The baseline: bare Fastify + pg with the same SQL and pool size.
    bare = await startBareServer(url, s.poolSize, scopes);

    // Both must give the same answers, or the comparison means nothing.
    log('comparing the answers of both servers…');
    const mismatches = await compareAnswers(apiUrl, bare.url, mix, 60);
    if (mismatches.length) {
      log(`The API and the baseline answer differently:\n  ${mismatches.join('\n  ')}`);
      return 1;
    }

    const unitPaths = new Map((await pool.query<{ id: string; path: string }>('SELECT id, path FROM unit')).rows.map((u) => [u.id, u.path]));
    await otherCpu(s.quietWaitSeconds);
    log('timing the SQL of one request per kind on the idle server…');
    const single = await singleQueryTimes(pool, mix, unitPaths, scopes, tokens, s.explain);

    const servers = [
      { name: 'Luodi API (Nest + Fastify)', base: apiUrl },
      { name: 'bare Fastify + pg', base: bare.url },
    ];
    const timeoutMs = s.timeoutSeconds * 1000;
    const settle = async () => {
      // Statements of requests a previous phase gave up on may still run: let them finish first.
      const running = await waitForIdleDatabase(pool, s.timeoutSeconds * 4);
      if (running) log(`  ${running} statements of earlier requests still running in the bench database`);
      // Both servers idle now: whatever keeps the CPUs busy is someone else's work.
      return otherCpu(s.quietWaitSeconds);
    };
    if (s.warmupSeconds > 0) {
      for (const server of servers) {
        await settle();
        log(`warm-up: ${server.name}, ${s.warmupSeconds} s…`);
        await runLoad({ baseUrl: server.base, requests: mix, connections: s.connections, durationMs: s.warmupSeconds * 1000, timeoutMs });
      }
    }
    const runs: Run[] = servers.map((server) => ({ name: server.name, result: emptyResult(), background: [] }));
    for (let round = 0; round < s.rounds; round++) {
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const background = await settle();
        log(`measuring: ${servers[i].name}, ${s.seconds} s at ${s.connections} clients (round ${round + 1}/${s.rounds}; other work just before: ${background})…`);
        const result = await runLoad({ baseUrl: servers[i].base, requests: mix, connections: s.connections, durationMs: s.seconds * 1000, timeoutMs });
        for (const sample of result.errorSamples) log(`  error: ${sample}`);
        mergeInto(runs[i].result, result);
        runs[i].background.push(background);
      }
    }

    printReport(s, server, dataset.projects, runs, single);
    const errors = runs.reduce((n, r) => n + r.result.errors, 0);
    return errors > 0 ? 1 : 0;
  } finally {
    await api?.close().catch((e: unknown) => log(`closing the API: ${(e as Error).message}`));
    await bare?.close().catch((e: unknown) => log(`closing the baseline: ${(e as Error).message}`));
    if (s.trialIndexes) {
      const dropped = await dropTrialIndexes(pool).catch((e: unknown) => log(`dropping the trial indexes: ${(e as Error).message}`));
      if (dropped) log(`trial indexes dropped: ${dropped.join(', ')}`);
    }
    await pool.end().catch(() => undefined);
  }
}

async function login(apiUrl: string, username: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** GETs the first `limit` distinct requests of the mix from both servers and lists every difference. */
async function compareAnswers(apiUrl: string, bareUrl: string, mix: MixEntry[], limit: number): Promise<string[]> {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const entry of mix) {
    const key = `${entry.who} ${entry.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > limit) break;
    const [a, b] = await Promise.all(
      [apiUrl, bareUrl].map(async (base) => {
        const res = await fetch(base + entry.path, { headers: entry.headers });
        return { status: res.status, body: await res.text() };
      }),
    );
    if (a.status !== 200 || b.status !== 200) problems.push(`${key}: API ${a.status}, baseline ${b.status} ${a.status !== 200 ? a.body.slice(0, 200) : b.body.slice(0, 200)}`);
    else if (a.body !== b.body) problems.push(`${key}: different bodies (API ${a.body.length} bytes, baseline ${b.body.length} bytes)`);
  }
  return problems;
}

interface SingleQuery {
  kind: string;
  path: string;
  total: number;
  pageMs: number;
  countMs: number;
}

/**
 * EXPLAIN ANALYZE of the page and count statements of one request per kind, one at a time on an idle
 * server: what the SQL alone costs, to tell database time from server overhead in the report.
 */
async function singleQueryTimes(
  pool: pg.Pool,
  mix: MixEntry[],
  unitPaths: Map<string, string>,
  scopes: ScopeByToken,
  tokens: Record<'admin' | 'staff', string>,
  printPlans: boolean,
): Promise<SingleQuery[]> {
  const out: SingleQuery[] = [];
  for (const t of TEMPLATES) {
    const entry = mix.find((e) => e.kind === t.kind);
    if (!entry) continue;
    const scope = scopes.get(`Bearer ${tokens[entry.who]}`) ?? null;
    const { page, count } = buildProjectListQuery(filterFromQuery(entry.query, unitPaths), scope);
    const explain = async (q: { text: string; values: unknown[] }) => {
      const { rows } = await pool.query<{ 'QUERY PLAN': [{ 'Execution Time': number; 'Planning Time': number }] }>(
        `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${q.text}`,
        q.values,
      );
      const plan = rows[0]['QUERY PLAN'][0];
      if (printPlans) {
        const text = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
        log(`\n--- ${t.kind}: ${entry.path.replace(/^\/api\/v1\/projects/, '')}\n${q.text.replace(/\s+/g, ' ')}\n${text.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
      return plan['Execution Time'] + plan['Planning Time'];
    };
    const pageMs = await explain(page);
    const countMs = await explain(count);
    const { rows } = await pool.query<{ total: number }>(count.text, count.values);
    out.push({ kind: t.kind, path: entry.path, total: rows[0].total, pageMs, countMs });
  }
  return out;
}

interface Run {
  name: string;
  result: LoadResult;
  /** CPUs busy on the machine just before each measurement, with the bench idle: other work competing for the CPUs. */
  background: string[];
}

function emptyResult(): LoadResult {
  return { elapsedMs: 0, ok: 0, errors: 0, statuses: {}, errorSamples: [], latenciesMs: [], byKind: {} };
}

/** Adds one measurement to a server's total (rounds are summed: requests, time, latencies). */
function mergeInto(total: LoadResult, r: LoadResult): void {
  total.elapsedMs += r.elapsedMs;
  total.ok += r.ok;
  total.errors += r.errors;
  for (const [k, v] of Object.entries(r.statuses)) total.statuses[k] = (total.statuses[k] ?? 0) + v;
  total.errorSamples.push(...r.errorSamples.slice(0, Math.max(0, 5 - total.errorSamples.length)));
  for (const v of r.latenciesMs) total.latenciesMs.push(v);
  for (const [kind, k] of Object.entries(r.byKind)) {
    const t = (total.byKind[kind] ??= { count: 0, errors: 0, latenciesMs: [] });
    t.count += k.count;
    t.errors += k.errors;
    for (const v of k.latenciesMs) t.latenciesMs.push(v);
  }
}

function printReport(s: Settings, server: string, projects: number, runs: Run[], single: SingleQuery[]) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  log('');
  log(`=== Luodi project list benchmark (DESIGN §7) ===`);
  log(`machine: ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version}, ${server}`);
  log(
    `load: ${projects.toLocaleString('en-US')} projects, ${s.connections} concurrent clients, ${s.rounds > 1 ? `${s.rounds} rounds (ABBA order) of ` : ''}${s.seconds} s per server after ${s.warmupSeconds} s warm-up, ` +
      `${s.kinds?.length ?? TEMPLATES.filter((t) => t.weight > 0).length} request kinds, DB pool ${s.poolSize} per server, load generator in a worker thread on the same machine`,
  );
  log(`other work on the machine (CPUs busy just before each measurement, bench idle): ${runs.map((r) => `${r.name}: ${r.background.join(', ')}`).join('; ')}`);
  if (s.kinds) log(`ONLY THESE REQUEST KINDS (BENCH_KINDS): ${s.kinds.join(', ')}`);
  if (s.trialIndexes) {
    log(`WITH TRIAL INDEXES (not in the migrations, dropped after this run):`);
    for (const t of TRIAL_INDEXES) log(`  ${t.name} ON ${t.columns}`);
  }
  log('');
  const summaries = runs.map((r) => ({ ...r, lat: summarise(r.result.latenciesMs), rps: (r.result.ok / r.result.elapsedMs) * 1000 }));
  log(
    table(
      ['server', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'],
      summaries.map((r) => [r.name, r.result.ok + r.result.errors, r.rps.toFixed(1), ms(r.lat.p50), ms(r.lat.p95), ms(r.lat.p99), ms(r.lat.max), r.result.errors]),
    ),
  );
  const [apiRun, bareRun] = summaries;
  const ratio = apiRun.rps / bareRun.rps;
  log('');
  log(
    `throughput ratio api/bare: ${ratio.toFixed(2)} (${(ratio * 100).toFixed(0)} %; target >= ${TARGET_THROUGHPUT_RATIO * 100} %) ${ratio >= TARGET_THROUGHPUT_RATIO ? 'PASS' : 'MISS'}`,
  );
  log(`API p95: ${ms(apiRun.lat.p95)} ms (target <= ${TARGET_P95_MS} ms) ${apiRun.lat.p95 <= TARGET_P95_MS ? 'PASS' : 'MISS'}`);
  const slowest = Math.max(...summaries.map((r) => r.lat.p50));
  if (slowest * 4 > s.seconds * 1000 && Number.isFinite(slowest)) {
    // A closed loop whose requests take about as long as the run completes only a few rounds: the figures
    // are then mostly the first wave, and the ratio is noise.
    log(`WARNING: p50 latency (${ms(slowest)} ms) is more than a quarter of the ${s.seconds} s run; rerun with BENCH_SECONDS >= ${Math.ceil((slowest * 4) / 1000)} (and BENCH_TIMEOUT_SECONDS above p99) for steady figures`);
  }
  log(`errors (non-2xx, timeouts): API ${apiRun.result.errors}, bare ${bareRun.result.errors} ${apiRun.result.errors + bareRun.result.errors === 0 ? 'PASS' : 'FAIL'}`);
  log('');
  log('per request kind (latency under load; "SQL alone" = EXPLAIN ANALYZE of page + count for one request of the kind on an idle server):');
  log(
    table(
      ['kind', 'share %', 'API p50', 'API p95', 'bare p50', 'bare p95', 'SQL alone ms', 'matches'],
      TEMPLATES.filter((t) => (s.kinds ? s.kinds.includes(t.kind) : t.weight > 0)).map((t) => {
        const a = summarise(apiRun.result.byKind[t.kind]?.latenciesMs ?? []);
        const b = summarise(bareRun.result.byKind[t.kind]?.latenciesMs ?? []);
        const q = single.find((x) => x.kind === t.kind);
        return [
          t.kind,
          ((100 * a.count) / Math.max(1, apiRun.result.ok + apiRun.result.errors)).toFixed(1),
          ms(a.p50),
          ms(a.p95),
          ms(b.p50),
          ms(b.p95),
          q ? `${ms(q.pageMs + q.countMs)} (${ms(q.pageMs)} + ${ms(q.countMs)})` : '-',
          q ? q.total.toLocaleString('en-US') : '-',
        ];
      }),
    ),
  );
}
