import pg from 'pg';
import { MILESTONE_WORDS, STAGES, WorkingCalendar, type CalendarYearData } from '#domain';
import { PROJECT_UNITS, seedReference } from './reference.js';
import { shanghaiDate } from './common.js';

/**
 * The data of the sweep and reevaluate suites, generated with set-based SQL so that 1,000,000 projects take
 * minutes, not hours:
 *
 * - projects: Hohhot units, a realistic stage mix, stage histories (INITIAL, FORWARD steps with realistic gaps,
 *   signing dates spread over 3 years before BENCH_NOW, a few resumed holds, current holds and cancellations),
 *   plan dates for a quarter of the running projects and the last monthly 调度 reports;
 * - deadlines: what the engine would compute for those histories at BENCH_NOW, mirrored in SQL (every service
 *   target, plan-date, hold-review and monthly-report clock, holds shifting due dates), with the open alerts,
 *   their level history, the resolved alerts of clocks met late, and one notice per recipient at each open
 *   alert's level; then exactly `due` running deadlines are moved in time so that their next level change is
 *   due at BENCH_NOW (one level up; 5 % of the NONE ones jump two levels, as after a missed sweep).
 *
 * The SQL mirror is close to the engine but not exact (no forecast, no 调休 in hold shifts): `compareWithEngine`
 * measures the agreement on a sample, and the reevaluate suite overwrites every row with the real engine's.
 * Both parts are reused between runs: table `bench_deadlines_dataset` records what is there.
 */
export const PROJECTS_VERSION = 3;
export const DEADLINES_VERSION = 3;

export interface DatasetState {
  projects: number;
  now: string;
  due: number;
}

const STAGE_ARRAY = [...STAGES] as string[];
/** Typical days from the previous stage to reach stage k (k = 3 … 9, LANDED … AT_CAPACITY). */
const GAP_BASE = [0, 0, 0, 75, 30, 60, 400, 45, 60, 240];
/** Typical days spent so far in the current stage f. */
const AGE_BASE = [300, 300, 75, 30, 60, 400, 45, 60, 240, 365];
const NAMES = [
  '乳制品加工', '数据中心', '智算中心', '单晶硅拉棒', '光伏组件', '风电装备制造', '储能电池', '稀土永磁材料', '生物发酵', '疫苗生产基地',
  '风光制氢一体化', '新型储能电站', '现代物流园', '冷链物流中心', '商业综合体', '总部基地', '污水处理厂', '供热管网改造', '城市道路改造', '职业教育实训基地',
];

type Log = (line: string) => void;

async function step(client: pg.ClientBase, log: Log, label: string, sql: string, params: unknown[] = []): Promise<number> {
  const t = performance.now();
  const r = await client.query(sql, params);
  log(`    ${label}: ${r.rowCount === null ? '' : `${r.rowCount.toLocaleString('en-US')} rows, `}${((performance.now() - t) / 1000).toFixed(1)} s`);
  return r.rowCount ?? 0;
}

async function ensureMarkerTable(client: pg.ClientBase | pg.Pool): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS bench_deadlines_dataset (
    name text PRIMARY KEY, version int NOT NULL, projects int NOT NULL, due int NOT NULL DEFAULT 0, bench_now timestamptz NOT NULL,
    state text NOT NULL, seconds numeric NOT NULL DEFAULT 0, generated_at timestamptz NOT NULL DEFAULT now())`);
}

async function marker(client: pg.ClientBase, name: string) {
  const { rows } = await client.query<{ version: number; projects: number; due: number; bench_now: Date; state: string; seconds: string }>(
    `SELECT version, projects, due, bench_now, state, seconds FROM bench_deadlines_dataset WHERE name = $1`,
    [name],
  );
  return rows[0] ?? null;
}

async function setMarker(client: pg.ClientBase, name: string, version: number, s: DatasetState, state: string, seconds: number): Promise<void> {
  await client.query(
    `INSERT INTO bench_deadlines_dataset (name, version, projects, due, bench_now, state, seconds) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, projects = EXCLUDED.projects, due = EXCLUDED.due, bench_now = EXCLUDED.bench_now,
       state = EXCLUDED.state, seconds = EXCLUDED.seconds, generated_at = now()`,
    [name, version, s.projects, s.due, s.now, state, seconds.toFixed(1)],
  );
}

/** The reevaluate suite rewrites every deadline: the sweep suite must regenerate them before it measures again. */
export async function markDeadlinesDirty(client: pg.ClientBase | pg.Pool, reason: string): Promise<void> {
  await ensureMarkerTable(client);
  await client.query(`UPDATE bench_deadlines_dataset SET state = $1 WHERE name = 'deadlines'`, [`dirty: ${reason}`]);
}

async function dropSecondaryIndexes(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await client.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

/** Projects with their histories are there for `projects` (else generated). Returns whether it generated. */
export async function ensureProjects(url: string, s: DatasetState, log: Log): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'luodi-bench-generate' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await ensureMarkerTable(client);
    await client.query(`SELECT pg_advisory_lock(hashtext('luodi-bench-deadlines-dataset'))`);
    const m = await marker(client, 'projects');
    if (m && m.version === PROJECTS_VERSION && m.projects === s.projects && m.state === 'ready' && m.bench_now.getTime() === Date.parse(s.now)) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM project`);
      if (rows[0].n === s.projects) {
        log(`data: reusing ${s.projects.toLocaleString('en-US')} projects with their histories (generated in ${Number(m.seconds).toFixed(0)} s)`);
        return false;
      }
    }
    log(`data: generating ${s.projects.toLocaleString('en-US')} projects with stage histories (set-based SQL)…`);
    const started = performance.now();
    await client.query('BEGIN');
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await client.query(`SET LOCAL work_mem = '128MB'`);
    await client.query(`DELETE FROM bench_deadlines_dataset`);
    await client.query(`TRUNCATE unit, app_user, project, service_target_rule, calendar_year, reevaluation_run, audit_log, investor, project_list,
                        taxonomy_version CASCADE`);
    const ref = await seedReference(client);
    await generateProjects(client, s, ref.units, log);
    await setMarker(client, 'projects', PROJECTS_VERSION, s, 'ready', (performance.now() - started) / 1000);
    await client.query('COMMIT');
    const t = performance.now();
    await client.query(`VACUUM (ANALYZE) project, stage_transition, project_plan_date, progress_report, unit, app_user`);
    log(`    VACUUM ANALYZE: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const total = (performance.now() - started) / 1000;
    await client.query(`UPDATE bench_deadlines_dataset SET seconds = $1 WHERE name = 'projects'`, [total.toFixed(1)]);
    log(`data: projects ready in ${total.toFixed(0)} s`);
    return true;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('luodi-bench-deadlines-dataset'))`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function generateProjects(client: pg.ClientBase, s: DatasetState, units: Map<string, { id: string; path: string }>, log: Log): Promise<void> {
  const today = shanghaiDate(new Date(s.now));
  const slots: string[] = PROJECT_UNITS.flatMap(([code, w]) => Array<string>(w).fill(code));
  const slotIds = slots.map((c) => units.get(c)!.id);
  const slotPaths = slots.map((c) => units.get(c)!.path);

  await client.query(`DROP TABLE IF EXISTS bench_dl_draw, bench_dl_facts`);
  await client.query(`SELECT setseed(0.4242)`);
  await step(
    client,
    log,
    'random draws',
    `CREATE UNLOGGED TABLE bench_dl_draw AS
     SELECT g, gen_random_uuid() AS id, random() AS r_unit, random() AS r_stage, random() AS r_side, random() AS r_side2, random() AS r_age,
            random() AS r_lim, random() AS r_g3, random() AS r_g4, random() AS r_g5, random() AS r_g6, random() AS r_g7, random() AS r_g8,
            random() AS r_g9, random() AS r_entry, random() AS r_entry2, random() AS r_hold, random() AS r_hold2, random() AS r_hold3,
            random() AS r_fam, random() AS r_money, random() AS r_plan, random() AS r_plan2, random() AS r_rep, random() AS r_rep2
       FROM generate_series(1, $1::int) g`,
    [s.projects],
  );
  // f = index (0-based) of the last canonical stage reached; side = a current hold or a cancellation.
  // Dates: signing s = today − (time in the current stage + the stage gaps so far), squeezed into 3 years.
  await step(
    client,
    log,
    'stage histories (facts)',
    `CREATE UNLOGGED TABLE bench_dl_facts AS
     WITH a AS (
       SELECT d.*,
              CASE WHEN r_stage < 0.10 THEN 0 WHEN r_stage < 0.24 THEN 1 WHEN r_stage < 0.37 THEN 2 WHEN r_stage < 0.45 THEN 3
                   WHEN r_stage < 0.55 THEN 4 WHEN r_stage < 0.73 THEN 5 WHEN r_stage < 0.78 THEN 6 WHEN r_stage < 0.84 THEN 7
                   WHEN r_stage < 0.93 THEN 8 WHEN r_stage < 0.97 THEN 9 ELSE 2 + floor(r_side * 6)::int END AS f,
              CASE WHEN r_stage >= 0.99 THEN 'CANCEL' WHEN r_stage >= 0.97 THEN 'HOLD' END AS side,
              ARRAY[0,
                    round(($1::int[])[4] * (0.4 + 1.2 * r_g3))::int,
                    round(($1::int[])[5] * (0.4 + 1.2 * r_g4))::int,
                    round(($1::int[])[6] * (0.4 + 1.2 * r_g5))::int,
                    round(($1::int[])[7] * (0.4 + 1.2 * r_g6))::int,
                    round(($1::int[])[8] * (0.4 + 1.2 * r_g7))::int,
                    round(($1::int[])[9] * (0.4 + 1.2 * r_g8))::int,
                    round(($1::int[])[10] * (0.4 + 1.2 * r_g9))::int] AS gap
         FROM bench_dl_draw d
     ), b AS MATERIALIZED (
       SELECT a.*, floor(($2::int[])[f + 1] * (0.05 + 1.6 * r_age))::int AS age,
              (SELECT coalesce(sum(x), 0)::int FROM unnest(gap[1:greatest(f - 1, 0)]) x) AS off_f
         FROM a
     ), c AS (
       SELECT b.*, least(1.0, (1095 - floor(r_lim * 45)) / greatest(age + off_f, 1)::numeric) AS k,
              CASE WHEN f >= 2 THEN CASE WHEN r_entry < 0.65 THEN 2 WHEN r_entry < 0.90 THEN 1 ELSE 0 END
                   WHEN f = 1 AND r_entry < 0.3 THEN 0 ELSE f END AS entry
         FROM b
     ), e AS (
       SELECT c.*, CASE WHEN f >= 2 THEN $3::date - floor((age + off_f) * k)::int ELSE $3::date - age END AS s
         FROM c
     ), dd AS MATERIALIZED (
       SELECT e.*,
              ARRAY(SELECT CASE
                             WHEN i > f OR i < entry THEN NULL
                             WHEN f < 2 THEN CASE WHEN i = f THEN s ELSE s - 60 - floor(r_entry2 * 140)::int END
                             WHEN i = 0 THEN s - 90 - floor(r_entry2 * 370)::int
                             WHEN i = 1 THEN s - 30 - floor(r_entry2 * 170)::int
                             ELSE s + floor((SELECT coalesce(sum(x), 0) FROM unnest(gap[1:i - 1]) x) * k)::int
                           END
                      FROM generate_series(0, 9) i ORDER BY i) AS d
         FROM e
     ), h AS (
       SELECT dd.*, d[f + 1] AS df,
              CASE WHEN side IS NOT NULL THEN d[f + 1] + floor(($3::date - d[f + 1]) * r_side2)::int END AS side_date,
              CASE WHEN side IS NULL AND f BETWEEN 2 AND 7 AND r_hold < 0.06 THEN d[f + 1] + floor(($3::date - d[f + 1]) * 0.5 * r_hold2)::int END AS hf
         FROM dd
     )
     SELECT g, id, ($4::uuid[])[1 + floor(r_unit * ${slots.length})::int] AS unit_id, ($5::text[])[1 + floor(r_unit * ${slots.length})::int] AS unit_path,
            CASE WHEN r_fam < 0.82 THEN 'INVESTMENT' ELSE 'GOVERNMENT' END AS family,
            CASE WHEN f <= 1 AND r_money < 0.05 THEN NULL ELSE round(exp(ln(500) + power(r_money, 2) * ln(2000)))::numeric(16, 2) END AS inv,
            CASE WHEN r_fam >= 0.82 THEN '基础设施' WHEN r_entry2 < 0.85 THEN '新建' WHEN r_entry2 < 0.93 THEN '扩建' ELSE '技改' END AS ptype,
            f, side, side_date, entry, d,
            CASE WHEN hf + 10 + floor(r_hold3 * 110)::int < $3::date THEN hf END AS hold_from,
            CASE WHEN hf + 10 + floor(r_hold3 * 110)::int < $3::date THEN hf + 10 + floor(r_hold3 * 110)::int END AS hold_to,
            d[entry + 1] AS created_on,
            CASE WHEN r_plan < 0.25 AND f BETWEEN 2 AND 7 AND side IS DISTINCT FROM 'CANCEL'
                 THEN CASE WHEN f < 5 THEN 'UNDER_CONSTRUCTION' ELSE 'OPERATING' END END AS plan_stage,
            CASE WHEN r_plan < 0.25 AND f BETWEEN 2 AND 7 AND side IS DISTINCT FROM 'CANCEL'
                 THEN (date_trunc('month', df + 60 + floor(r_plan2 * 300)::int) + interval '1 month - 1 day')::date END AS plan_date,
            r_rep, r_rep2
       FROM h`,
    [GAP_BASE, AGE_BASE, today, slotIds, slotPaths],
  );
  // Monthly 调度 reports: the latest period L (the month before the reference month, later for some, none for a few),
  // and up to two before it, never before the signing month.
  await step(
    client,
    log,
    'report periods',
    `CREATE UNLOGGED TABLE bench_dl_facts2 AS
     SELECT f.*, CASE WHEN r.l >= date_trunc('month', f.d[3])::date THEN r.l END AS last_report,
            CASE WHEN r.l >= date_trunc('month', f.d[3])::date
                 THEN least(3, 1 + ((extract(year FROM r.l) - extract(year FROM f.d[3])) * 12 + extract(month FROM r.l) - extract(month FROM f.d[3]))::int) ELSE 0 END AS report_n,
            CASE WHEN r.l >= date_trunc('month', f.d[3])::date THEN (r.l + interval '1 month')::date + 1 + floor(f.r_rep2 * 9)::int END AS last_reported_on
       FROM bench_dl_facts f
       LEFT JOIN LATERAL (
         SELECT (date_trunc('month', CASE WHEN f.side = 'CANCEL' THEN f.side_date WHEN f.f = 9 THEN f.d[10] ELSE $1::date END)
                 - make_interval(months => 1 + CASE WHEN f.r_rep < 0.72 THEN 0 WHEN f.r_rep < 0.86 THEN 1 ELSE 2 END))::date AS l
          WHERE f.f >= 2 AND f.r_rep < 0.93
       ) r ON true`,
    [today],
  );
  await client.query(`DROP TABLE bench_dl_facts`);
  await client.query(`ALTER TABLE bench_dl_facts2 RENAME TO bench_dl_facts`);
  await client.query(`DROP TABLE bench_dl_draw`);
  await client.query(`CREATE UNIQUE INDEX ON bench_dl_facts (id)`);

  const secondary = await dropSecondaryIndexes(client, ['project', 'stage_transition', 'project_plan_date', 'progress_report']);
  await step(
    client,
    log,
    'projects',
    `INSERT INTO project (id, code, name_zh, unit_id, unit_path, family, project_type, stage, stage_date, held_from_stage, total_investment,
                          jobs_planned, version, created_at, updated_at)
     SELECT id, 'BD-' || lpad(g::text, 7, '0'), ($1::text[])[1 + g % ${NAMES.length}] || '项目（' || g || '）', unit_id, unit_path, family, ptype,
            CASE side WHEN 'HOLD' THEN 'ON_HOLD' WHEN 'CANCEL' THEN 'CANCELLED' ELSE ($2::text[])[f + 1] END,
            coalesce(side_date, hold_to, d[f + 1]),
            CASE WHEN side = 'HOLD' THEN ($2::text[])[f + 1] END,
            inv, CASE WHEN g % 3 = 0 THEN 50 + g % 400 END, 1 + f - entry + CASE WHEN side IS NOT NULL THEN 1 WHEN hold_from IS NOT NULL THEN 2 ELSE 0 END,
            (created_on + time '10:00') AT TIME ZONE 'Asia/Shanghai',
            (coalesce(side_date, hold_to, d[f + 1]) + time '16:00') AT TIME ZONE 'Asia/Shanghai'
       FROM bench_dl_facts`,
    [NAMES, STAGE_ARRAY],
  );
  await step(
    client,
    log,
    'stage transitions',
    `INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date, note, recorded_at)
     SELECT f.id, k - f.entry + 1, CASE WHEN k = f.entry THEN 'INITIAL' ELSE 'FORWARD' END,
            CASE WHEN k = f.entry THEN NULL ELSE ($1::text[])[k] END, ($1::text[])[k + 1], f.d[k + 1], NULL,
            (f.d[k + 1] + time '16:00') AT TIME ZONE 'Asia/Shanghai'
       FROM bench_dl_facts f CROSS JOIN LATERAL generate_series(f.entry, f.f) k
     UNION ALL
     SELECT f.id, f.f - f.entry + 2, CASE f.side WHEN 'HOLD' THEN 'HOLD' ELSE 'CANCEL' END, ($1::text[])[f.f + 1],
            CASE f.side WHEN 'HOLD' THEN 'ON_HOLD' ELSE 'CANCELLED' END, f.side_date,
            CASE f.side WHEN 'HOLD' THEN '能耗指标未落实，暂缓建设' ELSE '投资方战略调整，项目终止' END,
            (f.side_date + time '16:00') AT TIME ZONE 'Asia/Shanghai'
       FROM bench_dl_facts f WHERE f.side IS NOT NULL
     UNION ALL
     SELECT f.id, f.f - f.entry + 1 + x.n, x.kind, x.from_stage, x.to_stage, x.at, x.note, (x.at + time '16:00') AT TIME ZONE 'Asia/Shanghai'
       FROM bench_dl_facts f
       CROSS JOIN LATERAL (VALUES (1, 'HOLD', ($1::text[])[f.f + 1], 'ON_HOLD', f.hold_from, '环评批复待取得，暂缓'),
                                  (2, 'RESUME', 'ON_HOLD', ($1::text[])[f.f + 1], f.hold_to, '环评已批复，复工')) x(n, kind, from_stage, to_stage, at, note)
      WHERE f.hold_from IS NOT NULL`,
    [STAGE_ARRAY],
  );
  await step(
    client,
    log,
    'plan dates',
    `INSERT INTO project_plan_date (project_id, stage, expected_date, source_text, stated_on, updated_at)
     SELECT id, plan_stage, plan_date, '预计' || to_char(plan_date, 'YYYY"年"FMMM"月"') || CASE plan_stage WHEN 'OPERATING' THEN '投产' ELSE '开工' END,
            d[f + 1], (d[f + 1] + time '16:00') AT TIME ZONE 'Asia/Shanghai'
       FROM bench_dl_facts WHERE plan_stage IS NOT NULL`,
  );
  await step(
    client,
    log,
    'monthly reports',
    `INSERT INTO progress_report (project_id, period, summary, construction_percent, reported_at, updated_at)
     SELECT f.id, to_char(p.period, 'YYYY-MM'), '本月按计划推进，' || ($1::text[])[f.f + 1] || '阶段工作正常开展', CASE WHEN f.f BETWEEN 5 AND 7 THEN 10 + (f.g + j) % 80 END,
            (p.on_date + time '15:00') AT TIME ZONE 'Asia/Shanghai', (p.on_date + time '15:00') AT TIME ZONE 'Asia/Shanghai'
       FROM bench_dl_facts f
       CROSS JOIN LATERAL generate_series(0, f.report_n - 1) j
       CROSS JOIN LATERAL (SELECT (f.last_report - make_interval(months => j))::date AS period,
                                  CASE WHEN j = 0 THEN f.last_reported_on ELSE (f.last_report - make_interval(months => j - 1))::date + 3 END AS on_date) p
      WHERE f.report_n > 0`,
    [STAGE_ARRAY],
  );
  const t = performance.now();
  for (const def of secondary) await client.query(def);
  log(`    ${secondary.length} secondary indexes rebuilt: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// ------------------------------------------------------------------------------------------------------------
// Deadlines

interface RuleRow {
  id: string;
  code: string;
  kind: string;
  definition: {
    fromStage?: string | null;
    toStage?: string | null;
    duration: { value: number; unit: string };
    warn: { percent?: number; daysBefore?: number };
    escalateAfterDays: number;
    filter?: { minInvestment?: string | null };
    active: boolean;
  };
}

/** Deadlines, alerts and notices are there for this data set with exactly `due` due at BENCH_NOW (else generated). */
export async function ensureDeadlines(url: string, s: DatasetState, log: Log, force = false): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'luodi-bench-generate' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await ensureMarkerTable(client);
    await client.query(`SELECT pg_advisory_lock(hashtext('luodi-bench-deadlines-dataset'))`);
    const m = await marker(client, 'deadlines');
    if (!force && m && m.version === DEADLINES_VERSION && m.projects === s.projects && m.due === s.due && m.state === 'ready' && m.bench_now.getTime() === Date.parse(s.now)) {
      log(`data: reusing the deadlines, alerts and notices (generated in ${Number(m.seconds).toFixed(0)} s)`);
      return false;
    }
    if (m && !force) log(`data: deadlines are ${m.state === 'ready' ? 'from another data set' : m.state}; regenerating`);
    log(`data: generating deadlines, alerts and notices at ${s.now} with ${s.due.toLocaleString('en-US')} due (set-based SQL)…`);
    const started = performance.now();
    await client.query('BEGIN');
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await client.query(`SET LOCAL work_mem = '128MB'`);
    await client.query(`DELETE FROM bench_deadlines_dataset WHERE name = 'deadlines'`);
    await generateDeadlines(client, s, log);
    await setMarker(client, 'deadlines', DEADLINES_VERSION, s, 'ready', (performance.now() - started) / 1000);
    await client.query('COMMIT');
    const t = performance.now();
    await client.query(`VACUUM (ANALYZE) deadline, alert, alert_level_history, notification, project`);
    log(`    VACUUM ANALYZE: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const total = (performance.now() - started) / 1000;
    await client.query(`UPDATE bench_deadlines_dataset SET seconds = $1 WHERE name = 'deadlines'`, [total.toFixed(1)]);
    log(`data: deadlines ready in ${total.toFixed(0)} s`);
    return true;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('luodi-bench-deadlines-dataset'))`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

const mw = (stage: string | null | undefined) => (stage ? MILESTONE_WORDS[stage as keyof typeof MILESTONE_WORDS] : { zh: '', en: '' });

async function generateDeadlines(client: pg.ClientBase, s: DatasetState, log: Log): Promise<void> {
  const today = shanghaiDate(new Date(s.now));
  await client.query(`UPDATE project SET reevaluate_requested_at = NULL WHERE reevaluate_requested_at IS NOT NULL`);
  await client.query(`TRUNCATE deadline, deadline_waiver, alert, alert_level_history, alert_comment, notification CASCADE`);
  await client.query(`DROP TABLE IF EXISTS bench_dl_spec, bench_dl_period, bench_dl_due, bench_dl_alert_snap, bench_dl_notice_snap, bench_dl_history_snap`);
  const { rows: rules } = await client.query<RuleRow>(`SELECT id, code, kind, definition FROM service_target_rule WHERE active ORDER BY code`);
  const byCode = new Map(rules.map((r) => [r.code, r]));
  const need = (code: string) => {
    const r = byCode.get(code);
    if (!r) throw new Error(`rule ${code} missing from service_target_rule`);
    return r;
  };

  await client.query(`CREATE UNLOGGED TABLE bench_dl_spec (
    project_id uuid NOT NULL, clock_key text NOT NULL, rule_id uuid NOT NULL, rule_code text NOT NULL, kind text NOT NULL, from_stage text, to_stage text,
    period text, start_d date NOT NULL, warn_d date NOT NULL, due_d date NOT NULL, esc_d date NOT NULL, met_d date, pause_mode text NOT NULL,
    dur_value int NOT NULL, dur_unit text NOT NULL, lbl_zh text NOT NULL, lbl_en text NOT NULL, goal_zh text NOT NULL, goal_en text NOT NULL)`);

  // Service targets (calendar days), with the slot rule of selectRules: a rule with a minimum investment beats
  // the unfiltered one of the same from→to for projects it matches.
  const targets = rules.filter((r) => r.kind === 'SERVICE_TARGET' && r.definition.fromStage && r.definition.toStage);
  for (const r of targets) if (r.definition.duration.unit !== 'calendar_days' || r.definition.warn.percent === undefined) {
    throw new Error(`bench data mirrors calendar-day service targets with a percent warning only (${r.code})`);
  }
  const slot = (r: RuleRow) => `${r.definition.fromStage}>${r.definition.toStage}`;
  const targetRows = targets.map((r) => {
    const min = r.definition.filter?.minInvestment ?? null;
    const rivals = targets.filter((o) => o !== r && slot(o) === slot(r) && o.definition.filter?.minInvestment && (!min || Number(o.definition.filter.minInvestment) > Number(min)));
    const max = rivals.length ? Math.min(...rivals.map((o) => Number(o.definition.filter!.minInvestment))) : null;
    const from = r.definition.fromStage!;
    const to = r.definition.toStage!;
    return {
      id: r.id, code: r.code, from: STAGE_ARRAY.indexOf(from), to: STAGE_ARRAY.indexOf(to), n: r.definition.duration.value,
      warn: Math.ceil((r.definition.warn.percent! * r.definition.duration.value) / 100), esc: r.definition.escalateAfterDays,
      min: min === null ? null : Number(min), max,
      fromZh: mw(from).zh, fromEn: mw(from).en, toZh: mw(to).zh, toEn: mw(to).en,
    };
  });
  const col = <K extends keyof (typeof targetRows)[number]>(k: K) => targetRows.map((t) => t[k]);
  await step(
    client,
    log,
    'service-target clocks',
    `INSERT INTO bench_dl_spec
     SELECT f.id, r.code, r.id, r.code, 'SERVICE_TARGET', ($10::text[])[r.fi + 1], ($10::text[])[r.ti + 1], NULL,
            f.d[r.fi + 1], f.d[r.fi + 1] + r.warn, f.d[r.fi + 1] + r.n, f.d[r.fi + 1] + r.n + r.esc, f.d[r.ti + 1], 'shift', r.n, 'calendar_days',
            r.from_zh || ' ' || f.d[r.fi + 1] || ' 起 ' || r.n || ' 个自然日', r.n || ' calendar days from ' || r.from_en || ' on ' || f.d[r.fi + 1],
            r.to_zh, r.to_en
       FROM bench_dl_facts f
       JOIN unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::numeric[], $9::numeric[],
                   $11::text[], $12::text[], $13::text[], $14::text[])
            AS r(id, code, fi, ti, n, warn, esc, min_inv, max_inv, from_zh, from_en, to_zh, to_en)
         ON f.d[r.fi + 1] IS NOT NULL
        AND (r.min_inv IS NULL OR f.inv >= r.min_inv)
        AND (r.max_inv IS NULL OR f.inv IS NULL OR f.inv < r.max_inv)`,
    [col('id'), col('code'), col('from'), col('to'), col('n'), col('warn'), col('esc'), col('min'), col('max'), STAGE_ARRAY,
      col('fromZh'), col('fromEn'), col('toZh'), col('toEn')],
  );

  const plan = need('PLAN_DATE');
  const planBefore = plan.definition.warn.daysBefore ?? 0;
  await step(
    client,
    log,
    'plan-date clocks',
    `INSERT INTO bench_dl_spec
     SELECT f.id, $1::text || ':' || f.plan_stage, $2::uuid, $1::text, 'PLAN_DATE', NULL, f.plan_stage, NULL, f.d[f.f + 1],
            least(greatest(f.plan_date + $3::int - $4::int, f.d[f.f + 1]), f.plan_date + $3::int), f.plan_date + $3::int, f.plan_date + $3::int + $5::int,
            f.d[array_position($6::text[], f.plan_stage)], 'shift', $3::int, 'calendar_days', '计划', 'Plan',
            CASE f.plan_stage WHEN 'OPERATING' THEN '投产' ELSE '开工' END, CASE f.plan_stage WHEN 'OPERATING' THEN 'operation' ELSE 'construction start' END
       FROM bench_dl_facts f WHERE f.plan_stage IS NOT NULL`,
    [plan.code, plan.id, plan.definition.duration.value, planBefore, plan.definition.escalateAfterDays, STAGE_ARRAY],
  );

  const hold = need('HOLD_REVIEW');
  const holdWarn = Math.ceil(((hold.definition.warn.percent ?? 80) * hold.definition.duration.value) / 100);
  await step(
    client,
    log,
    'hold-review clocks',
    `INSERT INTO bench_dl_spec
     SELECT f.id, $1::text || ':' || h.start_d, $2::uuid, $1::text, 'HOLD_REVIEW', NULL, NULL, NULL, h.start_d, h.start_d + $4::int, h.start_d + $3::int,
            h.start_d + $3::int + $5::int, h.end_d, 'none', $3::int, 'calendar_days', h.start_d || ' 起停缓建', 'On hold since ' || h.start_d,
            '作出复工或终止决定', 'decision'
       FROM bench_dl_facts f
       CROSS JOIN LATERAL (SELECT f.side_date AS start_d, NULL::date AS end_d WHERE f.side = 'HOLD'
                           UNION ALL SELECT f.hold_from, f.hold_to WHERE f.hold_from IS NOT NULL) h`,
    [hold.code, hold.id, hold.definition.duration.value, holdWarn, hold.definition.escalateAfterDays],
  );

  // Monthly reports: the per-period thresholds come from the real working-day calendar.
  const monthly = need('MONTHLY_REPORT');
  if (monthly.definition.duration.unit !== 'working_days' || monthly.definition.warn.daysBefore === undefined) {
    throw new Error('bench data mirrors a working-day MONTHLY_REPORT rule with daysBefore warning only');
  }
  const { rows: years } = await client.query<CalendarYearData>(`SELECT year, holidays, workdays FROM calendar_year ORDER BY year`);
  const cal = new WorkingCalendar(years);
  const periods: { period: string; first: string; due: string; warn: string; esc: string }[] = [];
  for (let y = 2021; y <= 2028; y++) {
    for (let mo = 1; mo <= 12; mo++) {
      const period = `${y}-${String(mo).padStart(2, '0')}`;
      const last = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
      const due = cal.addWorkingDays(last, monthly.definition.duration.value);
      periods.push({
        period,
        first: `${period}-01`,
        due,
        warn: cal.addWorkingDays(due, -monthly.definition.warn.daysBefore),
        esc: cal.addWorkingDays(due, monthly.definition.escalateAfterDays),
      });
    }
  }
  await client.query(`CREATE UNLOGGED TABLE bench_dl_period AS
    SELECT * FROM unnest($1::text[], $2::date[], $3::date[], $4::date[], $5::date[]) AS p(period, first_d, due_d, warn_d, esc_d)`, [
    periods.map((p) => p.period), periods.map((p) => p.first), periods.map((p) => p.due), periods.map((p) => p.warn), periods.map((p) => p.esc),
  ]);
  const monthlyCommon = `$2::uuid, $1::text, 'STALE_UPDATE', $3::text, $4::text`;
  await step(
    client,
    log,
    'monthly-report clocks (latest report)',
    `INSERT INTO bench_dl_spec
     SELECT f.id, $1::text || ':' || p.period, ${monthlyCommon}, p.period, x.start_d, least(greatest(p.warn_d, x.start_d), p.due_d), p.due_d, p.esc_d,
            f.last_reported_on, 'none', $5::int, 'working_days', p.period || ' 月调度进度', 'Progress report for ' || p.period, '报送', 'reported'
       FROM bench_dl_facts f
       JOIN bench_dl_period p ON p.first_d = f.last_report
       CROSS JOIN LATERAL (SELECT greatest(p.first_d, f.d[3], f.created_on) AS start_d) x
      WHERE f.last_report IS NOT NULL`,
    [monthly.code, monthly.id, monthly.definition.fromStage ?? null, monthly.definition.toStage ?? null, monthly.definition.duration.value],
  );
  await step(
    client,
    log,
    'monthly-report clocks (period owed)',
    `INSERT INTO bench_dl_spec
     SELECT f.id, $1::text || ':' || p.period, ${monthlyCommon}, p.period, o.start_d, least(greatest(p.warn_d, o.start_d), p.due_d), p.due_d, p.esc_d,
            f.d[10], 'freeze', $5::int, 'working_days', p.period || ' 月调度进度', 'Progress report for ' || p.period, '报送', 'reported'
       FROM bench_dl_facts f
       CROSS JOIN LATERAL (SELECT greatest(f.d[3], f.created_on) AS first_day) fd
       CROSS JOIN LATERAL (
         SELECT CASE WHEN f.hold_to IS NOT NULL AND f.hold_to > fd.first_day THEN f.hold_to ELSE fd.first_day END AS floor_d,
                greatest(coalesce((f.last_report + interval '1 month')::date, date_trunc('month', fd.first_day)::date),
                         CASE WHEN f.hold_to IS NOT NULL AND f.hold_to > fd.first_day THEN date_trunc('month', f.hold_to)::date END) AS period_d
       ) w
       CROSS JOIN LATERAL (SELECT greatest(w.period_d, w.floor_d) AS start_d) o
       JOIN bench_dl_period p ON p.first_d = w.period_d
      WHERE f.f >= 2
        AND (f.d[10] IS NULL OR f.d[10] > o.start_d)
        AND NOT (f.side IS NOT DISTINCT FROM 'CANCEL' AND f.side_date < o.start_d)`,
    [monthly.code, monthly.id, monthly.definition.fromStage ?? null, monthly.definition.toStage ?? null, monthly.definition.duration.value],
  );

  // Time applied: hold shifts, stop, cancellation, the ongoing hold, then the level at BENCH_NOW.
  const secondary = await dropSecondaryIndexes(client, ['deadline', 'alert', 'alert_level_history', 'notification']);
  const levelAt = (t: string) =>
    `CASE WHEN ${t} >= t.esc_at THEN 'ESCALATED' WHEN ${t} > t.due_at THEN 'OVERDUE' WHEN ${t} >= t.warn_at THEN 'WARNING' ELSE 'NONE' END`;
  await step(
    client,
    log,
    'deadlines',
    `INSERT INTO deadline (project_id, clock_key, rule_id, rule_version, kind, from_stage, to_stage, period, start_date, due_date, paused_days,
                           status, level, warn_at, due_at, escalate_at, next_check_at, met_date, ended_date, explanation_zh, explanation_en, detail, computed_at)
     SELECT x.project_id, x.clock_key, x.rule_id, 1, x.kind, x.from_stage, x.to_stage, x.period, x.start_d, dd.du, sh.shift,
            st.status, lv.level, t.warn_at, t.due_at, t.esc_at,
            CASE WHEN st.status IN ('ON_TRACK', 'OVERDUE') THEN
              CASE WHEN $1::timestamptz >= t.esc_at THEN NULL WHEN $1::timestamptz > t.due_at THEN t.esc_at
                   WHEN $1::timestamptz >= t.warn_at THEN LEAST(t.due_at + interval '1 millisecond', t.esc_at) ELSE t.warn_at END END,
            CASE WHEN st.status IN ('MET', 'MET_LATE') THEN x.met_d END,
            CASE WHEN st.status IN ('MET', 'MET_LATE') THEN x.met_d WHEN st.status = 'CANCELLED' THEN x.side_date END,
            x.lbl_zh || CASE WHEN sh.shift > 0 THEN '，暂停 ' || sh.shift || ' 天' ELSE '' END || '，应于 ' || dd.du || ' 前' || x.goal_zh ||
              CASE st.status
                WHEN 'MET' THEN '；已于 ' || x.met_d || ' ' || x.goal_zh || '，按期完成'
                WHEN 'MET_LATE' THEN '；已于 ' || x.met_d || ' ' || x.goal_zh || '，逾期 ' || (x.met_d - dd.du) || ' 天'
                WHEN 'CANCELLED' THEN '；项目已于 ' || x.side_date || ' 终止，时限取消'
                WHEN 'PAUSED' THEN '；' || x.side_date || ' 起停缓建，计时暂停'
                ELSE '；' || dd.w || ' 起黄灯，' || (dd.du + 1) || ' 起红灯，' || (dd.e + 1) || ' 起督办' END,
            x.lbl_en || CASE WHEN sh.shift > 0 THEN ', paused ' || sh.shift || ' days' ELSE '' END || ': ' || x.goal_en || ' due by ' || dd.du ||
              CASE st.status
                WHEN 'MET' THEN '; ' || x.goal_en || ' on ' || x.met_d || ', on time'
                WHEN 'MET_LATE' THEN '; ' || x.goal_en || ' on ' || x.met_d || ', ' || (x.met_d - dd.du) || ' days late'
                WHEN 'CANCELLED' THEN '; the project was cancelled on ' || x.side_date || ', so the target is cancelled'
                WHEN 'PAUSED' THEN '; paused by the hold since ' || x.side_date
                ELSE '; warning from ' || dd.w || ', overdue from ' || (dd.du + 1) || ', escalated from ' || (dd.e + 1) END,
            jsonb_build_object('duration', jsonb_build_object('value', x.dur_value, 'unit', x.dur_unit),
                               'pausedSince', CASE WHEN st.status = 'PAUSED' THEN greatest(x.side_date, x.start_d)::text END,
                               'missingCalendarYears', '[]'::jsonb, 'forecast', NULL::jsonb, 'ruleCode', x.rule_code),
            $1::timestamptz
       FROM (SELECT s.*, f.side, f.side_date, f.hold_from, f.hold_to FROM bench_dl_spec s JOIN bench_dl_facts f ON f.id = s.project_id) x
       CROSS JOIN LATERAL (SELECT CASE WHEN x.pause_mode = 'shift' AND x.hold_from IS NOT NULL
                                       THEN greatest(0, least(x.hold_to, coalesce(x.met_d, CASE WHEN x.side = 'CANCEL' THEN x.side_date END, x.hold_to))
                                                        - greatest(x.hold_from, x.start_d))
                                       ELSE 0 END AS shift) sh
       CROSS JOIN LATERAL (SELECT x.warn_d + sh.shift AS w, x.due_d + sh.shift AS du, x.esc_d + sh.shift AS e) dd
       CROSS JOIN LATERAL (SELECT (dd.w::timestamp AT TIME ZONE 'Asia/Shanghai') AS warn_at,
                                  ((dd.du + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond' AS due_at,
                                  ((dd.e + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS esc_at) t
       CROSS JOIN LATERAL (SELECT CASE WHEN x.met_d IS NOT NULL THEN CASE WHEN x.met_d <= dd.du THEN 'MET' ELSE 'MET_LATE' END
                                       WHEN x.side = 'CANCEL' THEN 'CANCELLED'
                                       WHEN x.pause_mode <> 'none' AND x.side = 'HOLD' THEN 'PAUSED'
                                       WHEN $1::timestamptz > t.due_at THEN 'OVERDUE' ELSE 'ON_TRACK' END AS status) st
       CROSS JOIN LATERAL (SELECT CASE st.status
                                    WHEN 'PAUSED' THEN ${levelAt(`((greatest(x.side_date, x.start_d))::timestamp AT TIME ZONE 'Asia/Shanghai' - interval '1 millisecond')`)}
                                    WHEN 'ON_TRACK' THEN ${levelAt('$1::timestamptz')}
                                    WHEN 'OVERDUE' THEN ${levelAt('$1::timestamptz')}
                                    ELSE 'NONE' END AS level) lv`,
    [s.now],
  );
  await client.query(`CREATE INDEX bench_dl_tmp_deadline_project ON deadline (project_id)`);

  // Open alerts (a fifth of them acknowledged), resolved alerts of clocks that were late or warned, level history, notices.
  const { rows: admins } = await client.query<{ id: string }>(`SELECT id FROM app_user WHERE role = 'admin' ORDER BY username LIMIT 1`);
  await client.query(`SELECT setseed(0.1717)`);
  await step(
    client,
    log,
    'open alerts',
    `INSERT INTO alert (deadline_id, project_id, unit_path, level, status, opened_at, level_changed_at, ack_plan, next_review_date,
                        acknowledged_by, acknowledged_at, version, updated_at)
     SELECT d.id, d.project_id, p.unit_path, d.level, CASE WHEN r.v < 0.2 THEN 'ACKNOWLEDGED' ELSE 'OPEN' END, d.warn_at, lc.at,
            CASE WHEN r.v < 0.2 THEN '已与投资方对接，本月内协调解决' END, CASE WHEN r.v < 0.2 THEN (lc.at + interval '14 days')::date END,
            CASE WHEN r.v < 0.2 THEN $1::uuid END, CASE WHEN r.v < 0.2 THEN lc.at + interval '2 days' END,
            CASE WHEN r.v < 0.2 THEN 2 ELSE 1 END, lc.at
       FROM deadline d JOIN project p ON p.id = d.project_id
       CROSS JOIN LATERAL (SELECT (hashtext(d.id::text || 'ack') & 1023) / 1024.0 AS v) r
       CROSS JOIN LATERAL (SELECT CASE d.level WHEN 'WARNING' THEN d.warn_at WHEN 'OVERDUE' THEN d.due_at + interval '1 millisecond' ELSE d.escalate_at END AS at) lc
      WHERE d.level <> 'NONE' AND d.status IN ('ON_TRACK', 'OVERDUE', 'PAUSED')`,
    [admins[0].id],
  );
  await step(
    client,
    log,
    'resolved alerts (met late, or met after the warning)',
    `INSERT INTO alert (deadline_id, project_id, unit_path, level, status, opened_at, level_changed_at, resolution, resolve_reason, resolved_at, version, updated_at)
     SELECT d.id, d.project_id, p.unit_path, l.level, 'RESOLVED', d.warn_at,
            CASE l.level WHEN 'WARNING' THEN d.warn_at WHEN 'OVERDUE' THEN d.due_at + interval '1 millisecond' ELSE d.escalate_at END,
            'MET', CASE WHEN d.status = 'MET' THEN '已达成（按期）' ELSE '已达成（逾期后）' END, m.at, 2, m.at
       FROM deadline d JOIN project p ON p.id = d.project_id
       CROSS JOIN LATERAL (SELECT (d.met_date + time '16:00') AT TIME ZONE 'Asia/Shanghai' AS at) m
       CROSS JOIN LATERAL (SELECT CASE WHEN m.at >= d.escalate_at THEN 'ESCALATED' WHEN m.at > d.due_at THEN 'OVERDUE' ELSE 'WARNING' END AS level) l
      WHERE d.status IN ('MET', 'MET_LATE') AND d.met_date IS NOT NULL AND m.at >= d.warn_at`,
  );
  await step(
    client,
    log,
    'alert level history',
    `INSERT INTO alert_level_history (alert_id, level, at)
     SELECT a.id, l.level, l.at
       FROM alert a JOIN deadline d ON d.id = a.deadline_id
       CROSS JOIN LATERAL (VALUES ('WARNING', d.warn_at, 1), ('OVERDUE', d.due_at + interval '1 millisecond', 2), ('ESCALATED', d.escalate_at, 3)) l(level, at, rank)
      WHERE l.rank <= CASE a.level WHEN 'WARNING' THEN 1 WHEN 'OVERDUE' THEN 2 ELSE 3 END`,
  );
  await step(
    client,
    log,
    'notices (one per recipient at each open alert\u2019s level)',
    `INSERT INTO notification (user_id, alert_id, level, title, body, read_at, created_at)
     SELECT u.id, a.id, a.level, (CASE a.level WHEN 'WARNING' THEN '【黄灯】' WHEN 'OVERDUE' THEN '【红灯】' ELSE '【督办】' END) || p.name_zh,
            d.explanation_zh, CASE WHEN (hashtext(a.id::text || u.id::text) & 7) < 5 THEN a.level_changed_at + interval '1 day' END, a.level_changed_at
       FROM alert a
       JOIN deadline d ON d.id = a.deadline_id
       JOIN project p ON p.id = a.project_id
       JOIN app_user u ON u.active
       JOIN unit uu ON uu.id = u.unit_id
      WHERE a.status <> 'RESOLVED'
        AND ((u.role = 'staff' AND a.unit_path LIKE uu.path || '%')
          OR (u.role = 'manager' AND a.level IN ('OVERDUE', 'ESCALATED') AND a.unit_path LIKE uu.path || '%')
          OR (u.role = 'director' AND a.level = 'ESCALATED'))`,
  );

  // Exactly \`due\` running deadlines are moved back in time so that their next level change falls due at
  // BENCH_NOW's midnight (5 % of the NONE ones so far back that they jump two levels).
  await step(
    client,
    log,
    `arrange ${s.due.toLocaleString('en-US')} due at BENCH_NOW`,
    `WITH t0 AS (SELECT ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS at),
     chosen AS (
       SELECT d.id, CASE WHEN d.level = 'NONE' AND (hashtext(d.id::text) & 1023) < 51 THEN d.due_at + interval '1 millisecond' ELSE d.next_check_at END AS target
         FROM deadline d WHERE d.status IN ('ON_TRACK', 'OVERDUE') AND d.next_check_at IS NOT NULL
        ORDER BY md5(d.id::text) LIMIT $1
     ), k AS (
       SELECT c.id, round(extract(epoch FROM c.target - t0.at) / 86400)::int AS days FROM chosen c, t0
     )
     UPDATE deadline d SET start_date = d.start_date - k.days, due_date = d.due_date - k.days,
            warn_at = d.warn_at - make_interval(days => k.days), due_at = d.due_at - make_interval(days => k.days),
            escalate_at = d.escalate_at - make_interval(days => k.days), next_check_at = d.next_check_at - make_interval(days => k.days)
       FROM k WHERE d.id = k.id`,
    [s.due, today],
  );
  const { rows: dueRows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM deadline WHERE next_check_at <= $1`, [s.now]);
  if (dueRows[0].n !== s.due) {
    throw new Error(`wanted ${s.due} deadlines due at ${s.now}, have ${dueRows[0].n} (too few running deadlines for this many projects?)`);
  }
  // Snapshots to restore the state after a committed sweep.
  await client.query(`CREATE TABLE bench_dl_due AS SELECT id, level, status, next_check_at FROM deadline WHERE next_check_at <= $1`, [s.now]);
  await client.query(`ALTER TABLE bench_dl_due ADD PRIMARY KEY (id)`);
  await client.query(`CREATE TABLE bench_dl_alert_snap AS
    SELECT a.id, a.deadline_id, a.level, a.status, a.level_changed_at, a.version, a.updated_at FROM alert a JOIN bench_dl_due u ON u.id = a.deadline_id`);
  await client.query(`ALTER TABLE bench_dl_alert_snap ADD PRIMARY KEY (id)`);
  await client.query(`CREATE TABLE bench_dl_notice_snap AS SELECT n.id FROM notification n JOIN bench_dl_alert_snap s ON s.id = n.alert_id`);
  await client.query(`ALTER TABLE bench_dl_notice_snap ADD PRIMARY KEY (id)`);
  await client.query(`CREATE TABLE bench_dl_history_snap AS SELECT h.id FROM alert_level_history h JOIN bench_dl_alert_snap s ON s.id = h.alert_id`);
  await client.query(`ALTER TABLE bench_dl_history_snap ADD PRIMARY KEY (id)`);

  await client.query(`DROP INDEX bench_dl_tmp_deadline_project`);
  const t = performance.now();
  for (const def of secondary) await client.query(def);
  log(`    ${secondary.length} secondary indexes rebuilt: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await client.query(`DROP TABLE bench_dl_spec, bench_dl_period`);
}

/** Counts of the generated data, for the printed header. */
export async function describeData(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ t: string; n: string }>(
    `SELECT 'project' AS t, count(*)::text AS n FROM project UNION ALL SELECT 'stage_transition', count(*)::text FROM stage_transition
     UNION ALL SELECT 'progress_report', count(*)::text FROM progress_report UNION ALL SELECT 'project_plan_date', count(*)::text FROM project_plan_date
     UNION ALL SELECT 'deadline', count(*)::text FROM deadline UNION ALL SELECT 'alert (open)', count(*)::text FROM alert WHERE status <> 'RESOLVED'
     UNION ALL SELECT 'alert (resolved)', count(*)::text FROM alert WHERE status = 'RESOLVED'
     UNION ALL SELECT 'alert_level_history', count(*)::text FROM alert_level_history UNION ALL SELECT 'notification', count(*)::text FROM notification`,
  );
  const { rows: sizes } = await pool.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
  const { rows: status } = await pool.query<{ status: string; level: string; n: number }>(
    `SELECT status, level, count(*)::int AS n FROM deadline GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const n = (t: string) => Number(rows.find((r) => r.t === t)?.n ?? 0);
  return [
    `data: ${rows.map((r) => `${r.t} ${Number(r.n).toLocaleString('en-US')}`).join(', ')}; database ${sizes[0].s}`,
    `      ${(n('deadline') / Math.max(1, n('project'))).toFixed(2)} deadlines per project; by status/level: ${status.map((r) => `${r.status}/${r.level} ${r.n.toLocaleString('en-US')}`).join(', ')}`,
  ];
}
