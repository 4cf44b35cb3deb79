import pg from 'pg';
import {
  DEFAULT_BENCH_NOW,
  benchUrl,
  busyCpus,
  describeMachine,
  ensureDatabase,
  fmtMs,
  int,
  intArg,
  intEnv,
  log,
  median,
  newPool,
  table,
  verdict,
} from './deadlines/common.js';
import { describeData, ensureDeadlines, ensureProjects, type DatasetState } from './deadlines/dataset.js';
import { PhaseTimes, createRealEvaluator, timeMethod, type RealEvaluator } from './deadlines/evaluator.js';

/**
 * DESIGN §7: "Sweep over 1,000,000 projects (≈ 5 clocks each) with 100,000 level changes due: ≤ 3× the time of
 * one hand-written SQL statement doing the same updates, measured in the same run; a sweep with nothing due
 * ≤ 50 ms."
 *
 * Per round, on the same state each time (rolled back, or restored from snapshots and vacuumed):
 *   1. baseline: one hand-written UPDATE moving every due deadline to its level at BENCH_NOW (rolled back);
 *   2. the level step alone: DeadlineRepository.advanceDue in batches, as the sweep calls it (rolled back);
 *   3. the level step with alert sync: advanceDue + syncAlerts per batch in one transaction (rolled back);
 *   4. the real sweep, DeadlineEvaluator.sweep(BENCH_NOW), committed; its levels are checked against the
 *      baseline's and its alerts against its levels; then come sweeps with nothing due; then the state is restored.
 * (Before commit 3bd7796 the sweep stopped after one batch and synced no alert, because TypeORM answers an
 * UPDATE … RETURNING with [rows, rowCount]: both checks fail on such a regression.)
 */
export const TARGET_RATIO = 3;
export const TARGET_IDLE_MS = 50;

const LEVEL_SQL = `CASE WHEN $1::timestamptz >= d.escalate_at THEN 'ESCALATED' WHEN $1::timestamptz > d.due_at THEN 'OVERDUE'
                        WHEN $1::timestamptz >= d.warn_at THEN 'WARNING' ELSE 'NONE' END`;
/** The baseline, written by hand: one statement, every due row to its level, status and next check at $1. */
export const BASELINE_SQL = `UPDATE deadline d
   SET level = ${LEVEL_SQL},
       status = CASE WHEN $1::timestamptz > d.due_at THEN 'OVERDUE' ELSE 'ON_TRACK' END,
       next_check_at = CASE WHEN $1::timestamptz >= d.escalate_at THEN NULL WHEN $1::timestamptz > d.due_at THEN d.escalate_at
                            WHEN $1::timestamptz >= d.warn_at THEN least(d.due_at + interval '1 millisecond', d.escalate_at) ELSE d.warn_at END
 WHERE d.next_check_at <= $1::timestamptz AND d.status IN ('ON_TRACK', 'OVERDUE')`;

interface SweepRun {
  ms: number;
  advanceMs: number;
  alertsMs: number;
  marksMs: number;
  /** What DeadlineEvaluator.sweep reported. */
  reportedChanges: number;
  batches: number;
  raised: number;
  notices: number;
  /** Due rows whose level, status and next check actually changed (from the database). */
  changedRows: number;
  sameAsBaseline: boolean;
  alertsOk: boolean;
  alertsMissing: number;
  idleMs: number[];
}

interface Round {
  baselineMs: number;
  baselineRows: number;
  levelMs: number;
  levelRows: number;
  syncMs: number;
  syncAdvanceMs: number;
  syncAlertsMs: number;
  sweep: SweepRun;
}

interface Fingerprint {
  hash: string;
  rows: number;
  stillDue: number;
  transitions: Map<string, number>;
}

async function fingerprint(c: pg.ClientBase, nowIso: string): Promise<Fingerprint> {
  const { rows } = await c.query<{ h: string; n: number; still: number }>(
    `SELECT md5(string_agg(d.id::text || ':' || d.level || ':' || d.status || ':' || coalesce((extract(epoch FROM d.next_check_at) * 1000)::bigint::text, '-'),
                           ',' ORDER BY d.id)) AS h, count(*)::int AS n,
            (SELECT count(*)::int FROM deadline WHERE next_check_at <= $1) AS still
       FROM deadline d JOIN bench_dl_due u ON u.id = d.id`,
    [nowIso],
  );
  const { rows: t } = await c.query<{ before: string; after: string; n: number }>(
    `SELECT u.level AS before, d.level AS after, count(*)::int AS n FROM deadline d JOIN bench_dl_due u ON u.id = d.id GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return { hash: rows[0].h, rows: rows[0].n, stillDue: rows[0].still, transitions: new Map(t.map((r) => [`${r.before} → ${r.after}`, r.n])) };
}

async function restore(pool: pg.Pool): Promise<{ deadlines: number; alertsDeleted: number }> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    // The alerts a sweep created are deleted after their notices and history: skip the foreign-key triggers, which
    // would look every deleted alert up in notification (no index leads with alert_id there: a scan per alert).
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`CREATE TEMP TABLE bench_dl_due_alerts ON COMMIT DROP AS
      SELECT a.id FROM alert a WHERE a.deadline_id IN (SELECT id FROM bench_dl_due)`);
    await c.query(`DELETE FROM notification n USING bench_dl_due_alerts x WHERE n.alert_id = x.id
                     AND NOT EXISTS (SELECT 1 FROM bench_dl_notice_snap s WHERE s.id = n.id)`);
    await c.query(`DELETE FROM alert_level_history h USING bench_dl_due_alerts x WHERE h.alert_id = x.id
                     AND NOT EXISTS (SELECT 1 FROM bench_dl_history_snap s WHERE s.id = h.id)`);
    const deleted = await c.query(`DELETE FROM alert a USING bench_dl_due_alerts x WHERE a.id = x.id
                                     AND NOT EXISTS (SELECT 1 FROM bench_dl_alert_snap s WHERE s.id = a.id)`);
    await c.query(`UPDATE alert a SET level = s.level, status = s.status, level_changed_at = s.level_changed_at, version = s.version, updated_at = s.updated_at
                     FROM bench_dl_alert_snap s WHERE a.id = s.id AND (a.level, a.status, a.version) IS DISTINCT FROM (s.level, s.status, s.version)`);
    const d = await c.query(`UPDATE deadline d SET level = s.level, status = s.status, next_check_at = s.next_check_at FROM bench_dl_due s
                               WHERE d.id = s.id AND (d.level, d.status, d.next_check_at) IS DISTINCT FROM (s.level, s.status, s.next_check_at)`);
    await c.query('COMMIT');
    return { deadlines: d.rowCount ?? 0, alertsDeleted: deleted.rowCount ?? 0 };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** Same physical starting point for every measurement: no dead rows, fresh statistics, nothing dirty to flush. */
async function settle(pool: pg.Pool): Promise<void> {
  await pool.query(`VACUUM (ANALYZE) deadline, alert, alert_level_history, notification`);
  await pool.query(`CHECKPOINT`).catch(() => undefined);
}

async function checkState(pool: pg.Pool, s: DatasetState): Promise<string | null> {
  const { rows } = await pool.query<{ due: number; marked: number }>(
    `SELECT (SELECT count(*)::int FROM deadline WHERE next_check_at <= $1) AS due,
            (SELECT count(*)::int FROM project WHERE reevaluate_requested_at IS NOT NULL) AS marked`,
    [s.now],
  );
  if (rows[0].marked) return `${rows[0].marked} projects are marked for re-evaluation`;
  if (rows[0].due !== s.due) return `${rows[0].due} deadlines due instead of ${s.due}`;
  return null;
}

/** The SQL-generated deadlines against the real engine on a sample (the rows moved to be due are left out). */
async function compareWithEngine(real: RealEvaluator, pool: pg.Pool, s: DatasetState, sample: number): Promise<string> {
  const { rows: ids } = await pool.query<{ id: string }>(`SELECT id FROM project ORDER BY md5(id::text || 'sample') LIMIT $1`, [sample]);
  const { rows: stored } = await pool.query<{ project_id: string; clock_key: string; status: string; level: string; due_date: string }>(
    `SELECT project_id, clock_key, status, level, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM deadline
      WHERE project_id = ANY($1::uuid[]) AND id NOT IN (SELECT id FROM bench_dl_due)`,
    [ids.map((r) => r.id)],
  );
  const { rows: shifted } = await pool.query<{ k: string }>(
    `SELECT d.project_id || '|' || d.clock_key AS k FROM deadline d JOIN bench_dl_due u ON u.id = d.id WHERE d.project_id = ANY($1::uuid[])`,
    [ids.map((r) => r.id)],
  );
  const skip = new Set(shifted.map((r) => r.k));
  const byKey = new Map(stored.map((r) => [`${r.project_id}|${r.clock_key}`, r]));
  let engineClocks = 0;
  let matched = 0;
  let sameStatus = 0;
  let sameLevel = 0;
  let sameDue = 0;
  const now = new Date(s.now);
  for (const { id } of ids) {
    for (const c of await real.evaluator.preview(id, now)) {
      const key = `${id}|${c.key}`;
      if (skip.has(key)) continue;
      engineClocks++;
      const row = byKey.get(key);
      if (!row) continue;
      matched++;
      byKey.delete(key);
      if (row.status === c.status) sameStatus++;
      if (row.level === c.level) sameLevel++;
      if (row.due_date === c.dueDate) sameDue++;
    }
  }
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
  return (
    `data check: SQL-generated deadlines vs the real engine on ${int(ids.length)} sampled projects: ${int(engineClocks)} engine clocks, ` +
    `${pct(matched, engineClocks)} present with the same key (${int(byKey.size)} extra rows), of those same status ${pct(sameStatus, matched)}, ` +
    `same level ${pct(sameLevel, matched)}, same due date ${pct(sameDue, matched)}`
  );
}

/** The level step, batched as the sweep batches it, in one transaction that is rolled back. */
async function levelStep(
  real: RealEvaluator,
  now: Date,
  batch: number,
  withAlerts: boolean,
  statements?: Map<string, { ms: number; calls: number; rows: number }>,
): Promise<{ ms: number; rows: number; advanceMs: number; alertsMs: number }> {
  const qr = real.dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    if (statements) {
      // Per-statement times (summed over the batches), measured around the real repository's own queries.
      const original = qr.manager.query.bind(qr.manager) as (sql: string, params?: unknown[]) => Promise<unknown>;
      (qr.manager as unknown as { query: typeof original }).query = async (sql: string, params?: unknown[]) => {
        const t = performance.now();
        const r = await original(sql, params);
        const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
        const e = statements.get(key) ?? { ms: 0, calls: 0, rows: 0 };
        e.ms += performance.now() - t;
        e.calls++;
        e.rows += Array.isArray(r) ? (r.length === 2 && Array.isArray(r[0]) ? (r[0] as unknown[]).length : r.length) : 0;
        statements.set(key, e);
        return r;
      };
    }
    const m = qr.manager;
    let rows = 0;
    let advanceMs = 0;
    let alertsMs = 0;
    const t = performance.now();
    for (;;) {
      const a = performance.now();
      const ids = await real.deadlines.advanceDue(m, now, batch);
      const b = performance.now();
      advanceMs += b - a;
      if (withAlerts) await real.deadlines.syncAlerts(m, ids);
      alertsMs += performance.now() - b;
      rows += ids.length;
      if (ids.length < batch) break;
    }
    const ms = performance.now() - t;
    await qr.rollbackTransaction();
    return { ms, rows, advanceMs, alertsMs };
  } finally {
    await qr.release();
  }
}

/** DeadlineEvaluator.sweep(now), committed, checked against the baseline, then sweeps with nothing due, then restored. */
async function realSweep(url: string, pool: pg.Pool, s: DatasetState, batch: number, idleRuns: number, base: Fingerprint): Promise<SweepRun> {
  const phases = new PhaseTimes();
  const real = await createRealEvaluator(url, 4);
  const now = new Date(s.now);
  try {
    timeMethod(real.deadlines, 'advanceDue', 'advanceDue', phases);
    timeMethod(real.deadlines, 'syncAlerts', 'syncAlerts', phases);
    timeMethod(real.evaluator, 'reevaluateMarked', 'reevaluateMarked', phases);
    await real.dataSource.query('SELECT 1'); // the pool's first connection is not part of the measurement
    const t = performance.now();
    const result = batch === 20_000 ? await real.evaluator.sweep(now) : await real.evaluator.sweep(now, batch);
    const ms = performance.now() - t;
    const run: SweepRun = {
      ms,
      advanceMs: phases.get('advanceDue'),
      alertsMs: phases.get('syncAlerts'),
      marksMs: phases.get('reevaluateMarked'),
      reportedChanges: result.levelChanges,
      batches: result.batches,
      raised: result.alertsRaised,
      notices: result.notices,
      changedRows: 0,
      sameAsBaseline: false,
      alertsOk: false,
      alertsMissing: 0,
      idleMs: [],
    };
    const c = await pool.connect();
    try {
      const after = await fingerprint(c, s.now);
      run.sameAsBaseline = after.hash === base.hash && after.rows === base.rows && after.stillDue === 0 && base.stillDue === 0;
      const { rows: changed } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM deadline d JOIN bench_dl_due u ON u.id = d.id WHERE d.next_check_at IS DISTINCT FROM u.next_check_at`,
      );
      run.changedRows = changed[0].n;
      const { rows } = await c.query<{ missing: number; dup: number }>(
        `SELECT count(*) FILTER (WHERE d.level <> 'NONE' AND NOT (a.n = 1 AND a.level = d.level))::int AS missing,
                count(*) FILTER (WHERE a.n > 1)::int AS dup
           FROM deadline d JOIN bench_dl_due u ON u.id = d.id
           LEFT JOIN LATERAL (SELECT count(*) AS n, max(level) AS level FROM alert x WHERE x.deadline_id = d.id AND x.status <> 'RESOLVED') a ON true
          WHERE d.next_check_at IS DISTINCT FROM u.next_check_at`,
      );
      run.alertsMissing = rows[0].missing;
      run.alertsOk = rows[0].missing === 0 && rows[0].dup === 0;
    } finally {
      c.release();
    }
    // Sweeps with nothing due (the steady state between two scheduled sweeps): drain what the first left, then measure.
    while ((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deadline WHERE next_check_at <= $1`, [s.now])).rows[0].n > 0) {
      await real.evaluator.sweep(now);
    }
    for (let i = 0; i < idleRuns; i++) {
      const a = performance.now();
      await real.evaluator.sweep(now);
      run.idleMs.push(performance.now() - a);
    }
    return run;
  } finally {
    await real.close();
    await restore(pool);
    await settle(pool);
    const again = await checkState(pool, s);
    if (again) throw new Error(`restore after the sweep failed: ${again}`);
  }
}

export async function runSweepBench(args: string[]): Promise<number> {
  const projects = intEnv('BENCH_PROJECTS', 1_000_000, 1_000, 5_000_000);
  const s: DatasetState = { projects, due: Math.round(projects / 10), now: new Date(process.env.BENCH_NOW || DEFAULT_BENCH_NOW).toISOString() };
  const rounds = intArg(args, 'rounds', 'BENCH_SWEEP_ROUNDS', 3, 1, 20);
  const idleRuns = intArg(args, 'idle-runs', 'BENCH_IDLE_RUNS', 9, 1, 100);
  const batch = intArg(args, 'batch', 'BENCH_SWEEP_BATCH', 20_000, 100, 1_000_000);
  const sample = intArg(args, 'sample', 'BENCH_SAMPLE', 1_000, 0, 100_000);
  const regenerate = args.includes('--regenerate');
  const known = ['rounds', 'idle-runs', 'batch', 'sample'];
  const unknown = args.filter((a) => a.startsWith('--') && !known.some((k) => a.startsWith(`--${k}`)) && a !== '--regenerate');
  if (unknown.length) throw new Error(`sweep: unknown option(s) ${unknown.join(' ')} (known: --rounds N --idle-runs N --batch N --sample N --regenerate)`);

  const url = benchUrl();
  log(`== sweep: ${int(projects)} projects, ${int(s.due)} level changes due at ${s.now} (BENCH_NOW), ${rounds} rounds ==`);
  const db = await ensureDatabase(url);
  if (db.created) log(`database ${new URL(url).pathname.slice(1)} created and migrated`);
  await ensureProjects(url, s, log);
  await ensureDeadlines(url, s, log, regenerate);

  const pool = newPool(url, 3);
  const real = await createRealEvaluator(url, 4);
  let exit = 0;
  try {
    for (const line of await describeMachine(pool)) log(line);
    for (const line of await describeData(pool)) log(line);
    let problem = await checkState(pool, s);
    if (problem) {
      log(`state: ${problem}; restoring from the snapshots`);
      await restore(pool);
      problem = await checkState(pool, s);
      if (problem) {
        log(`state: still ${problem}; regenerating the deadlines`);
        await ensureDeadlines(url, s, log, true);
        problem = await checkState(pool, s);
        if (problem) throw new Error(`cannot set up the sweep state: ${problem}`);
      }
    }
    if (sample > 0) log(await compareWithEngine(real, pool, s, sample));
    const nowDate = new Date(s.now);
    log();

    // Warm-up (not measured): one baseline pass under EXPLAIN ANALYZE, so that no step pays for the first read of
    // the due rows, and the plan of the hand-written statement is on record.
    {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${BASELINE_SQL}`, [s.now]);
        await c.query('ROLLBACK');
        log('baseline plan (warm-up run, rolled back):');
        for (const r of rows) if (/Update|Scan|BitmapAnd|Buffers|Execution/.test(r['QUERY PLAN'])) log(`  ${r['QUERY PLAN']}`);
      } finally {
        c.release();
      }
      await settle(pool);
    }

    const results: Round[] = [];
    const statements = new Map<string, { ms: number; calls: number; rows: number }>();
    let baselinePrint: Fingerprint | null = null;
    for (let r = 1; r <= rounds; r++) {
      const busy = await busyCpus(1000);
      // 1. Baseline.
      let base: Fingerprint;
      let baselineMs = 0;
      let baselineRows = 0;
      {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const t = performance.now();
          const res = await c.query(BASELINE_SQL, [s.now]);
          baselineMs = performance.now() - t;
          baselineRows = res.rowCount ?? 0;
          base = await fingerprint(c, s.now);
          await c.query('ROLLBACK');
        } finally {
          c.release();
        }
        baselinePrint ??= base;
        await settle(pool);
      }
      // 2. + 3. The level step alone, then with alert sync, batched as the sweep does, each in one rolled-back transaction.
      const level = await levelStep(real, nowDate, batch, false);
      await settle(pool);
      statements.clear();
      const sync = await levelStep(real, nowDate, batch, true, statements);
      await settle(pool);
      // 4. The real sweep, committed.
      const sweep = await realSweep(url, pool, s, batch, idleRuns, base);
      const round: Round = {
        baselineMs, baselineRows, levelMs: level.ms, levelRows: level.rows, syncMs: sync.ms, syncAdvanceMs: sync.advanceMs, syncAlertsMs: sync.alertsMs, sweep,
      };
      results.push(round);
      log(
        `round ${r} (${busy === null ? '?' : busy.toFixed(2)} CPUs busy before it): baseline ${fmtMs(baselineMs)} (${int(baselineRows)} rows) | advanceDue ${fmtMs(level.ms)} (${int(level.rows)}) | ` +
          `advanceDue+syncAlerts ${fmtMs(sync.ms)} | DeadlineEvaluator.sweep ${fmtMs(sweep.ms)} (${int(sweep.changedRows)} rows changed, reported ${int(sweep.reportedChanges)}, ` +
          `${sweep.batches} batch(es), ${int(sweep.raised)} alerts raised, ${int(sweep.notices)} notices) | idle median ${fmtMs(median(sweep.idleMs))}`,
      );
    }

    const m = (f: (r: Round) => number) => median(results.map(f));
    const baseline = m((r) => r.baselineMs);
    const level = m((r) => r.levelMs);
    const withSync = m((r) => r.syncMs);
    const sweepMs = m((r) => r.sweep.ms);
    const idle = results.flatMap((r) => r.sweep.idleMs);
    const idleMedian = median(idle);
    const sweepRows = m((r) => r.sweep.changedRows);
    const ratio = (v: number) => `${(v / baseline).toFixed(2)}×`;
    log();
    log(`medians over ${rounds} round(s), ${int(s.due)} due deadlines among ${int(projects)} projects (${int(Math.ceil(s.due / batch))} batches of ${int(batch)}):`);
    log(
      table(
        ['step', 'time', 'rows changed', 'ratio to baseline', 'target', ''],
        [
          ['hand-written UPDATE (baseline, 1 statement)', fmtMs(baseline), int(m((r) => r.baselineRows)), '1.00×', '', ''],
          ['level step alone: DeadlineRepository.advanceDue, batched', fmtMs(level), int(m((r) => r.levelRows)), ratio(level), `≤ ${TARGET_RATIO}×`, verdict(level / baseline <= TARGET_RATIO)],
          ['level step + syncAlerts (one transaction)', fmtMs(withSync), int(m((r) => r.levelRows)), ratio(withSync), '', ''],
          ['DeadlineEvaluator.sweep(now), committed', fmtMs(sweepMs), int(sweepRows), ratio(sweepMs), `≤ ${TARGET_RATIO}×`, sweepRows === s.due ? verdict(sweepMs / baseline <= TARGET_RATIO) : 'FAIL (incomplete)'],
          ['  of which advanceDue', fmtMs(m((r) => r.sweep.advanceMs)), '', ratio(m((r) => r.sweep.advanceMs)), '', ''],
          ['  of which syncAlerts (alerts, history, notices)', fmtMs(m((r) => r.sweep.alertsMs)), '', '', '', ''],
          ['  of which pending re-evaluations check', fmtMs(m((r) => r.sweep.marksMs)), '', '', '', ''],
          ['  transactions and the rest', fmtMs(m((r) => r.sweep.ms - r.sweep.advanceMs - r.sweep.alertsMs - r.sweep.marksMs)), '', '', '', ''],
          [`sweep with nothing due (median of ${idle.length})`, fmtMs(idleMedian), '0', '', `≤ ${TARGET_IDLE_MS} ms`, verdict(idleMedian <= TARGET_IDLE_MS)],
        ],
      ),
    );
    log(`level step + syncAlerts of the last round, statement by statement (summed over its batches):`);
    log(table(['statement', 'calls', 'ms', 'rows back'], [...statements].map(([k, v]) => [k.length >= 90 ? `${k}…` : k, v.calls, v.ms.toFixed(0), int(v.rows)])));
    log(`sweep with nothing due: min ${fmtMs(Math.min(...idle))}, max ${fmtMs(Math.max(...idle))}`);
    if (baselinePrint) {
      log(`level changes the baseline makes (before → after): ${[...baselinePrint.transitions].filter(([k]) => !/^(\w+) → \1$/.test(k)).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);
    }
    const same = results.every((r) => r.sweep.sameAsBaseline);
    const alertsOk = results.every((r) => r.sweep.alertsOk);
    log(
      `check: the real sweep leaves the same level, status and next_check_at as the hand-written UPDATE on all ${int(s.due)} rows, every round: ${same ? 'yes' : 'NO'}` +
        (same ? '' : ` — it changed ${int(sweepRows)}; advanceDue reported ${int(m((r) => r.sweep.reportedChanges))} in ${m((r) => r.sweep.batches)} batch(es)`),
    );
    log(
      `check: every deadline it changed has exactly one open alert at its new level: ${alertsOk ? 'yes' : `NO — ${int(m((r) => r.sweep.alertsMissing))} changed deadlines lack it`}`,
    );
    if (!same || !alertsOk) exit = 1;
  } finally {
    await real.close();
    await pool.end();
  }
  return exit;
}
