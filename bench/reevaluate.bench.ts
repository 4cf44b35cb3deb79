import { Worker } from 'node:worker_threads';
import type { EntityManager } from 'typeorm';
import { computeClocks, WorkingCalendar, type JudgedClock } from '#domain';
import {
  DEFAULT_BENCH_NOW,
  benchUrl,
  describeMachine,
  ensureDatabase,
  fmtS,
  int,
  intArg,
  intEnv,
  log,
  median,
  newPool,
  table,
  verdict,
} from './deadlines/common.js';
import { describeData, ensureDeadlines, ensureProjects, markDeadlinesDirty, type DatasetState } from './deadlines/dataset.js';
import { PhaseTimes, createRealEvaluator, type RealEvaluator } from './deadlines/evaluator.js';
import { instrument, runLoop, type BatchRecord, type LoopSettings } from './deadlines/reevaluate-loop.js';

/**
 * DESIGN §7: "Policy change re-evaluating 1,000,000 projects: ≤ 3 minutes on 2 cores."
 *
 * What a policy change does: mark every project (DeadlineRepository.requestReevaluationOfAll, as a rule edit or
 * `reevaluate --all` does), then the worker's deadlines.reevaluate-batch jobs call
 * DeadlineEvaluator.reevaluateMarked(1000) until nothing is marked. Here N loops do that (default 2: the
 * worker's job concurrency; `--threads` puts each loop in its own thread, like separate worker processes, so
 * the engine's JavaScript can use both cores). Every phase is timed on the instances; then one batch is
 * replayed statement by statement (rolled back) and the pure engine is timed alone, to say where time goes.
 */
export const TARGET_SECONDS_1M = 180;

interface Settings extends LoopSettings {
  projects: number;
  loops: number;
  threads: boolean;
}

const PHASE_ROWS: [string, string][] = [
  ['claim', 'claim marked projects (SELECT … FOR UPDATE SKIP LOCKED)'],
  ['loadFacts', 'loadFacts (6 queries)'],
  ['rules', 'rules + calendar + rule versions'],
  ['engine', 'computeClocks (pure engine, JS)'],
  ['saveClocks', 'saveClocks (upsert + retire)'],
  ['syncAlerts', 'syncAlerts (resolve, raise, history, notices)'],
  ['clearMarks', 'clear marks (UPDATE project)'],
  ['tx', 'transaction begin/commit + pool'],
];

function phaseRows(p: PhaseTimes): Map<string, number> {
  const loads = p.get('rules') + p.get('calendar') + p.get('ruleVersions');
  const engine = p.get('compute') - p.get('loadFacts') - loads;
  const inside = p.get('claim') + p.get('compute') + p.get('saveClocks') + p.get('syncAlerts') + p.get('clearMarks');
  return new Map([
    ['claim', p.get('claim')],
    ['loadFacts', p.get('loadFacts')],
    ['rules', loads],
    ['engine', engine],
    ['saveClocks', p.get('saveClocks')],
    ['syncAlerts', p.get('syncAlerts')],
    ['clearMarks', p.get('clearMarks')],
    ['tx', p.get('batch') - inside],
  ]);
}

async function runInProcess(s: Settings, phases: PhaseTimes, onBatch: (b: BatchRecord) => void): Promise<number> {
  const real = await createRealEvaluator(s.url, s.loops + 1);
  instrument(real, phases);
  await real.dataSource.query('SELECT 1');
  let done = 0;
  try {
    const totals = await Promise.all(
      Array.from({ length: s.loops }, () =>
        runLoop(real, phases, s, () => s.limit > 0 && done >= s.limit, (b) => {
          done += b.projects;
          onBatch(b);
        }),
      ),
    );
    return totals.reduce((a, b) => a + b, 0);
  } finally {
    await real.close();
  }
}

async function runInThreads(s: Settings, phases: PhaseTimes, onBatch: (b: BatchRecord) => void, started: () => void): Promise<number> {
  const counter = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: s.loops },
    () => new Worker(new URL('./deadlines/reevaluate-loop.js', import.meta.url), { workerData: { kind: 'reevaluate-loop', settings: { ...s, poolSize: 2 }, counter } }),
  );
  const ready = workers.map((w) => new Promise<void>((resolve, reject) => {
    w.once('error', reject);
    w.once('message', (m: { type: string; error?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.error))));
  }));
  await Promise.all(ready);
  const finished = workers.map(
    (w) =>
      new Promise<number>((resolve, reject) => {
        w.on('message', (m: { type: string; total?: number; phases?: ReturnType<PhaseTimes['toJSON']>; batch?: BatchRecord; origin?: number; error?: string }) => {
          if (m.type === 'batch') onBatch({ ...m.batch!, at: m.origin! + m.batch!.at - performance.timeOrigin });
          else if (m.type === 'done') {
            phases.merge(m.phases!);
            resolve(m.total!);
          } else if (m.type === 'error') reject(new Error(m.error));
        });
        w.on('error', reject);
      }),
  );
  started();
  for (const w of workers) w.postMessage('go');
  try {
    return (await Promise.all(finished)).reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** One batch replayed statement by statement (rolled back), to see which SQL statement costs what. */
async function statementProfile(real: RealEvaluator, s: Settings): Promise<string[]> {
  const qr = real.dataSource.createQueryRunner();
  await qr.connect();
  const rows: { sql: string; ms: number; rows: number }[] = [];
  try {
    await qr.startTransaction();
    const m = qr.manager;
    const { rows: idRows } = { rows: (await m.query(`SELECT id FROM project ORDER BY md5(id::text || 'profile') LIMIT $1`, [s.batch])) as { id: string }[] };
    const ids = idRows.map((r) => r.id);
    const original = m.query.bind(m);
    (m as unknown as { query: EntityManager['query'] }).query = (async (sql: string, params?: unknown[]) => {
      const t = performance.now();
      const result = await original(sql, params);
      // TypeORM answers UPDATE/DELETE with [rows, rowCount].
      const n = Array.isArray(result) ? (result.length === 2 && Array.isArray(result[0]) ? (result[0] as unknown[]).length : result.length) : 0;
      rows.push({ sql: sql.replace(/\s+/g, ' ').trim(), ms: performance.now() - t, rows: n });
      return result;
    }) as EntityManager['query'];
    await m.query(`SELECT id FROM project WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
    const evaluator = real.evaluator as unknown as {
      compute: (m: EntityManager, ids: string[], now: Date) => Promise<{ byProject: Map<string, never[]>; marks: Map<string, string | null> }>;
    };
    const t = performance.now();
    const firstComputeSql = rows.length;
    const clocks = await evaluator.compute(m, ids, new Date(s.now));
    const computeMs = performance.now() - t;
    const computeSqlMs = rows.slice(firstComputeSql).reduce((a, r) => a + r.ms, 0);
    const content = `SELECT d.id, md5(row(d.rule_id, d.rule_version, d.kind, d.from_stage, d.to_stage, d.period, d.start_date, d.due_date, d.paused_days,
        d.status, d.level, d.warn_at, d.due_at, d.escalate_at, d.next_check_at, d.met_date, d.ended_date, d.explanation_zh, d.explanation_en, d.detail)::text) AS h
        FROM deadline d WHERE d.project_id = ANY($1::uuid[])`;
    const before = new Map(((await original(content, [ids])) as { id: string; h: string }[]).map((r) => [r.id, r.h]));
    const changed = await real.deadlines.saveClocks(m, clocks.byProject);
    const afterRows = (await original(content, [ids])) as { id: string; h: string }[];
    const same = afterRows.filter((r) => before.get(r.id) === r.h).length;
    await real.deadlines.syncAlerts(m, changed);
    await real.deadlines.clearReevaluationMarks(m, clocks.marks);
    await qr.rollbackTransaction();
    const sqlMs = rows.reduce((a, r) => a + r.ms, 0);
    const out = [
      `one batch of ${int(ids.length)} projects replayed statement by statement (rolled back); ${int(changed.length)} deadlines written, of which ` +
        `${int(same)} with exactly the values they already had (a new row version and index entries for nothing):`,
      table(
        ['statement', 'ms', 'rows back'],
        rows.map((r) => [r.sql.length > 96 ? `${r.sql.slice(0, 93)}…` : r.sql, r.ms.toFixed(1), r.rows]),
      ),
      `(sum of SQL ${sqlMs.toFixed(0)} ms; compute() took ${computeMs.toFixed(0)} ms, of which ${(computeMs - computeSqlMs).toFixed(0)} ms in the engine outside SQL)`,
    ];
    return out;
  } catch (e) {
    await qr.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
}

/** The pure engine alone over loaded facts: the ceiling one core can reach. */
async function engineAlone(real: RealEvaluator, s: Settings, n: number): Promise<string> {
  const m = real.dataSource.manager;
  const ids = ((await m.query(`SELECT id FROM project ORDER BY md5(id::text || 'engine') LIMIT $1`, [n])) as { id: string }[]).map((r) => r.id);
  const rules = await real.rules.list();
  const calendar = new WorkingCalendar(await real.calendar.all());
  const facts = await real.deadlines.loadFacts(ids);
  const judgedKeys = [...facts.values()].flatMap((f) => f.judged.map((j) => ({ ruleId: j.ruleId, version: j.ruleVersion })));
  const versions = await real.rules.versions(judgedKeys);
  const now = new Date(s.now);
  let clocks = 0;
  const run = () => {
    clocks = 0;
    for (const f of facts.values()) {
      const judgedClocks: JudgedClock[] = f.judged.flatMap((j) => {
        const rule = versions.get(`${j.ruleId}:${j.ruleVersion}`);
        return rule ? [{ key: j.key, status: j.status, level: j.level, rule }] : [];
      });
      clocks += computeClocks(
        { project: f.facts, transitions: f.transitions, planDates: f.planDates, progressReports: f.progressReports, waivedKeys: f.waivedKeys, judgedClocks, rules, calendar },
        now,
      ).length;
    }
  };
  run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  const ms = median(times);
  return `engine alone (computeClocks with explanations, one core, warm): ${int(facts.size)} projects, ${int(clocks)} clocks in ${ms.toFixed(0)} ms = ${((ms * 1000) / facts.size).toFixed(0)} µs per project = ${int((facts.size / ms) * 1000)} projects/s (median of 5)`;
}

export async function runReevaluateBench(args: string[]): Promise<number> {
  const projects = intEnv('BENCH_PROJECTS', 1_000_000, 1_000, 5_000_000);
  const ds: DatasetState = { projects, due: Math.round(projects / 10), now: new Date(process.env.BENCH_NOW || DEFAULT_BENCH_NOW).toISOString() };
  const known = ['loops', 'batch', 'limit', 'threads', 'no-profile'];
  const unknown = args.filter((a) => a.startsWith('--') && !known.some((k) => a === `--${k}` || a.startsWith(`--${k}=`)));
  if (unknown.length) throw new Error(`reevaluate: unknown option(s) ${unknown.join(' ')} (known: --loops N --batch N --limit N --threads --no-profile)`);
  const url = benchUrl();
  const s: Settings = {
    url,
    now: ds.now,
    projects,
    loops: intArg(args, 'loops', 'BENCH_REEVAL_LOOPS', 2, 1, 16),
    batch: intArg(args, 'batch', 'BENCH_REEVAL_BATCH', 1_000, 10, 100_000),
    limit: intArg(args, 'limit', 'BENCH_REEVAL_LIMIT', 0, 0, 5_000_000),
    threads: args.includes('--threads'),
    poolSize: 0,
  };
  log(
    `== reevaluate: ${int(projects)} projects, ${s.loops} loop(s) of reevaluateMarked(${s.batch}) ${s.threads ? 'in worker threads (one per loop)' : 'in one process'}` +
      `${s.limit ? `, stopping after ≈ ${int(s.limit)} projects` : ''}, at ${s.now} ==`,
  );
  const db = await ensureDatabase(url);
  if (db.created) log(`database ${new URL(url).pathname.slice(1)} created and migrated`);
  await ensureProjects(url, ds, log);
  // Start from deadlines like a live system's (the upserts then update existing rows, as after a rule edit).
  await ensureDeadlines(url, ds, log);
  const pool = newPool(url, 2);
  const exit = 0;
  try {
    for (const line of await describeMachine(pool)) log(line);
    for (const line of await describeData(pool)) log(line);
    await markDeadlinesDirty(pool, 'rewritten by the reevaluate suite');
    await pool.query(`VACUUM (ANALYZE) project`);
    await pool.query(`CHECKPOINT`).catch(() => undefined);

    // 1. Mark every project, as a rule edit does.
    const before = await pool.query<{ upd: string; hot: string }>(`SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'project'`);
    const marker = await createRealEvaluator(url, 1);
    let marked = 0;
    const tMark = performance.now();
    try {
      marked = await marker.dataSource.transaction((m) => marker.deadlines.requestReevaluationOfAll(m));
    } finally {
      await marker.close();
    }
    const markMs = performance.now() - tMark;
    await new Promise((r) => setTimeout(r, 600)); // statistics are reported asynchronously
    const after = await pool.query<{ upd: string; hot: string }>(`SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'project'`);
    const upd = Number(after.rows[0].upd) - Number(before.rows[0].upd);
    const hot = Number(after.rows[0].hot) - Number(before.rows[0].hot);
    log(`mark: requestReevaluationOfAll marked ${int(marked)} projects in ${fmtS(markMs)} (${int(upd)} row updates, ${int(hot)} of them HOT)`);

    // 2. The loops.
    const phases = new PhaseTimes();
    const batches: BatchRecord[] = [];
    let processed = 0;
    let lastReport = performance.now();
    let t0 = performance.now();
    const onBatch = (b: BatchRecord) => {
      batches.push(b);
      processed += b.projects;
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        const el = (performance.now() - t0) / 1000;
        log(`  … ${int(processed)} projects in ${el.toFixed(0)} s (${int(processed / el)}/s)`);
      }
    };
    const total = s.threads
      ? await runInThreads(s, phases, onBatch, () => (t0 = performance.now()))
      : await (async () => {
          t0 = performance.now();
          return runInProcess(s, phases, onBatch);
        })();
    const elapsedMs = performance.now() - t0;
    const { rows: left } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM project WHERE reevaluate_requested_at IS NOT NULL`);
    if (left[0].n && s.limit) await pool.query(`UPDATE project SET reevaluate_requested_at = NULL WHERE reevaluate_requested_at IS NOT NULL`);
    const rate = (total / elapsedMs) * 1000;
    const projected1M = 1_000_000 / rate + (markMs / 1000) * (1_000_000 / Math.max(1, marked));
    log();
    log(`re-evaluated ${int(total)} projects in ${fmtS(elapsedMs)} with ${s.loops} loop(s): ${int(rate)} projects/s${left[0].n && !s.limit ? ` (${int(left[0].n)} still marked!)` : ''}`);
    const loopMs = [...phaseRows(phases).values()].reduce((a, b) => a + b, 0);
    log(
      table(
        ['phase (summed over loops)', 'loop-seconds', 'share', 'per 1,000 projects'],
        [...phaseRows(phases)].map(([k, ms]) => [
          PHASE_ROWS.find((r) => r[0] === k)![1],
          (ms / 1000).toFixed(1),
          `${((100 * ms) / Math.max(1, loopMs)).toFixed(1)} %`,
          `${((ms / Math.max(1, total)) * 1000).toFixed(0)} ms`,
        ]),
      ),
    );
    const tenth = Math.max(1, Math.floor(batches.length / 10));
    const perK = (bs: BatchRecord[], f: (b: BatchRecord) => number) => median(bs.map((b) => (f(b) / b.projects) * 1000));
    if (batches.length >= 3) {
      log(
        `batch time per 1,000 projects: first tenth ${perK(batches.slice(0, tenth), (b) => b.ms).toFixed(0)} ms, last tenth ${perK(batches.slice(-tenth), (b) => b.ms).toFixed(0)} ms; ` +
          `claim alone: first tenth ${perK(batches.slice(0, tenth), (b) => b.claimMs).toFixed(1)} ms, last tenth ${perK(batches.slice(-tenth), (b) => b.claimMs).toFixed(1)} ms`,
      );
    }
    const ok = projected1M <= TARGET_SECONDS_1M;
    log(
      `projected for 1,000,000 projects (marking + re-evaluation at this rate): ${fmtS(projected1M * 1000)} — target ≤ ${TARGET_SECONDS_1M} s on 2 cores: ${verdict(ok)}`,
    );
    const { rows: counts } = await pool.query<{ d: number; a: number }>(
      `SELECT (SELECT count(*)::int FROM deadline) AS d, (SELECT count(*)::int FROM alert WHERE status <> 'RESOLVED') AS a`,
    );
    log(`after: ${int(counts[0].d)} deadlines, ${int(counts[0].a)} open alerts`);

    // 3. Where the time goes, in detail.
    if (!args.includes('--no-profile')) {
      log();
      const real = await createRealEvaluator(url, 2);
      try {
        for (const line of await statementProfile(real, s)) log(line);
        log(await engineAlone(real, s, Math.min(5_000, projects)));
      } finally {
        await real.close();
      }
    }
  } finally {
    await pool.end();
  }
  return exit;
}
