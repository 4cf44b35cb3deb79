import { Injectable } from '@nestjs/common';
import type { Clock, ClockLevel, ClockStatus, PlanDateFact, ProjectFacts, ServiceDeskFacts, StageTransitionFact, ProgressReportFact } from '#domain';
import { DataSource, EntityManager } from 'typeorm';
import { loadServiceDeskFacts } from './service-desk-clocks.repository.js';
import { returned } from './sql.js';

/** Everything the clock engine needs about one project, loaded in bulk. */
export interface ProjectClockFacts {
  facts: ProjectFacts;
  transitions: StageTransitionFact[];
  planDates: PlanDateFact[];
  progressReports: ProgressReportFact[];
  waivedKeys: string[];
  judged: { key: string; status: ClockStatus; level: ClockLevel; ruleId: string; ruleVersion: number }[];
  /** Approval items, investor requests and commitments (their clocks run in the same engine). */
  serviceDesk?: ServiceDeskFacts;
  /** reevaluate_requested_at as read (full-precision text), to clear the mark only if no newer change arrived meanwhile. */
  requestedAt: string | null;
}

export interface DeadlineRow {
  id: string;
  project_id: string;
  clock_key: string;
  /** Null for service-desk clocks (approval items, investor requests, commitments). */
  rule_id: string | null;
  rule_version: number;
  kind: string;
  from_stage: string | null;
  to_stage: string | null;
  period: string | null;
  start_date: string;
  due_date: string;
  paused_days: number;
  /** The engine's status, or RETIRED for a clock it no longer produces. */
  status: ClockStatus | 'RETIRED';
  level: ClockLevel;
  warn_at: Date;
  due_at: Date;
  escalate_at: Date;
  next_check_at: Date | null;
  met_date: string | null;
  ended_date: string | null;
  explanation_zh: string;
  explanation_en: string;
  detail: Record<string, unknown>;
  computed_at: Date;
}

/** SQL that turns a deadline's thresholds into its level at $now; mirrors evaluateClockAt in libs/domain. */
const LEVEL_AT = (now: string) => `CASE WHEN ${now} >= d.escalate_at THEN 'ESCALATED' WHEN ${now} > d.due_at THEN 'OVERDUE'
  WHEN ${now} >= d.warn_at THEN 'WARNING' ELSE 'NONE' END`;
const NEXT_AT = (now: string) => `CASE WHEN ${now} >= d.escalate_at THEN NULL WHEN ${now} > d.due_at THEN d.escalate_at
  WHEN ${now} >= d.warn_at THEN LEAST(d.due_at + interval '1 millisecond', d.escalate_at) ELSE d.warn_at END`;

const LEVEL_RANK_SQL = (col: string) => `(CASE ${col} WHEN 'WARNING' THEN 1 WHEN 'OVERDUE' THEN 2 WHEN 'ESCALATED' THEN 3 ELSE 0 END)`;

/**
 * Materialised deadlines and the alerts they raise. Writes are set-based so that a sweep over 100,000
 * due deadlines is a handful of statements, and every write is idempotent (unique keys, guarded updates):
 * running the same work twice, or in two workers at once, leaves the same rows.
 */
@Injectable()
export class DeadlineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Loads the engine's input for many projects in a fixed number of queries. */
  async loadFacts(projectIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ProjectClockFacts>> {
    const out = new Map<string, ProjectClockFacts>();
    if (!projectIds.length) return out;
    const projects: {
      id: string; family: ProjectFacts['family']; project_type: string | null; total_investment: string | null; unit_id: string;
      ancestor_ids: string[]; list_ids: string[]; created_on: string; reevaluate_requested_at: string | null;
    }[] = await manager.query(
      `SELECT p.id, p.family, p.project_type, p.total_investment, p.unit_id,
              (SELECT coalesce(array_agg(a.id), '{}') FROM unit a WHERE p.unit_path LIKE a.path || '%' AND a.id <> p.unit_id) AS ancestor_ids,
              (SELECT coalesce(array_agg(m.list_id), '{}') FROM project_list_membership m WHERE m.project_id = p.id) AS list_ids,
              to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created_on,
              p.reevaluate_requested_at::text AS reevaluate_requested_at
         FROM project p WHERE p.id = ANY($1::uuid[])`,
      [projectIds],
    );
    for (const p of projects) {
      out.set(p.id, {
        facts: {
          id: p.id, family: p.family, projectType: p.project_type, totalInvestment: p.total_investment, unitId: p.unit_id,
          unitAncestorIds: p.ancestor_ids, listIds: p.list_ids, trackedSince: p.created_on,
        },
        transitions: [], planDates: [], progressReports: [], waivedKeys: [], judged: [], requestedAt: p.reevaluate_requested_at,
      });
    }
    // Sequential: inside a transaction every query shares one connection.
    const ids = [projectIds];
    const transitions = await manager.query(
      `SELECT project_id, kind, from_stage, to_stage, effective_date, skipped_stage_dates FROM stage_transition
        WHERE project_id = ANY($1::uuid[]) ORDER BY project_id, seq`,
      ids,
    );
    const plans = await manager.query(
      `SELECT project_id, stage, expected_date, source_text,
              coalesce(stated_on::text, to_char(updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) AS recorded_on
         FROM project_plan_date WHERE project_id = ANY($1::uuid[])`,
      ids,
    );
    const reports = await manager.query(
      `SELECT project_id, period, to_char(reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS reported_on
         FROM progress_report WHERE project_id = ANY($1::uuid[])`,
      ids,
    );
    const waivers = await manager.query(`SELECT project_id, clock_key FROM deadline_waiver WHERE project_id = ANY($1::uuid[])`, ids);
    const judged = await manager.query(
      `SELECT project_id, clock_key, status, level, rule_id, rule_version FROM deadline
        WHERE project_id = ANY($1::uuid[]) AND status IN ('MET','MET_LATE','OVERDUE') AND rule_id IS NOT NULL`,
      ids,
    );
    for (const t of transitions) {
      out.get(t.project_id)?.transitions.push({
        kind: t.kind, fromStage: t.from_stage, toStage: t.to_stage, effectiveDate: t.effective_date, skippedStageDates: t.skipped_stage_dates,
      });
    }
    for (const p of plans) {
      out.get(p.project_id)?.planDates.push({ stage: p.stage, expectedDate: p.expected_date, sourceText: p.source_text, recordedOn: p.recorded_on });
    }
    for (const r of reports) out.get(r.project_id)?.progressReports.push({ period: r.period, reportedOn: r.reported_on });
    for (const w of waivers) out.get(w.project_id)?.waivedKeys.push(w.clock_key);
    for (const j of judged) {
      out.get(j.project_id)?.judged.push({ key: j.clock_key, status: j.status, level: j.level, ruleId: j.rule_id, ruleVersion: j.rule_version });
    }
    const desk = await loadServiceDeskFacts(manager, projectIds);
    for (const [id, f] of desk) {
      const p = out.get(id);
      if (p) p.serviceDesk = f;
    }
    return out;
  }

  /**
   * Upserts the computed clocks of these projects and retires clocks that no longer exist (status
   * CANCELLED, so their alerts resolve). Returns the ids of every deadline written or retired.
   */
  async saveClocks(manager: EntityManager, clocksByProject: Map<string, Clock[]>): Promise<string[]> {
    const rows = [...clocksByProject.entries()].flatMap(([projectId, clocks]) =>
      clocks.map((c) => ({
        project_id: projectId,
        clock_key: c.key,
        rule_id: c.ruleId,
        rule_version: c.ruleVersion,
        kind: c.kind,
        from_stage: c.fromStage,
        to_stage: c.toStage,
        period: c.period,
        start_date: c.startDate,
        due_date: c.dueDate,
        paused_days: c.pausedDays,
        status: c.status,
        level: c.level,
        warn_at: c.warnAt.toISOString(),
        due_at: c.dueAt.toISOString(),
        escalate_at: c.escalateAt.toISOString(),
        next_check_at: c.nextCheckAt ? c.nextCheckAt.toISOString() : null,
        met_date: c.metDate,
        ended_date: c.endedDate,
        explanation_zh: c.explanation.zh,
        explanation_en: c.explanation.en,
        detail: {
          duration: c.duration, pausedSince: c.pausedSince, missingCalendarYears: c.missingCalendarYears, forecast: c.forecast, ruleCode: c.ruleCode,
        },
      })),
    );
    const ids: string[] = [];
    if (rows.length) {
      const written: { id: string }[] = await manager.query(
        `INSERT INTO deadline (project_id, clock_key, rule_id, rule_version, kind, from_stage, to_stage, period, start_date, due_date,
            paused_days, status, level, warn_at, due_at, escalate_at, next_check_at, met_date, ended_date, explanation_zh, explanation_en, detail, computed_at)
         SELECT project_id, clock_key, rule_id, rule_version, kind, from_stage, to_stage, period, start_date, due_date,
            paused_days, status, level, warn_at, due_at, escalate_at, next_check_at, met_date, ended_date, explanation_zh, explanation_en, detail, now()
           FROM jsonb_to_recordset($1::jsonb) AS x(project_id uuid, clock_key varchar, rule_id uuid, rule_version int, kind varchar,
             from_stage varchar, to_stage varchar, period varchar, start_date date, due_date date, paused_days int, status varchar, level varchar,
             warn_at timestamptz, due_at timestamptz, escalate_at timestamptz, next_check_at timestamptz, met_date date, ended_date date,
             explanation_zh text, explanation_en text, detail jsonb)
         ON CONFLICT (project_id, clock_key) DO UPDATE SET
            rule_id = EXCLUDED.rule_id, rule_version = EXCLUDED.rule_version, kind = EXCLUDED.kind, from_stage = EXCLUDED.from_stage,
            to_stage = EXCLUDED.to_stage, period = EXCLUDED.period, start_date = EXCLUDED.start_date, due_date = EXCLUDED.due_date,
            paused_days = EXCLUDED.paused_days, status = EXCLUDED.status, level = EXCLUDED.level, warn_at = EXCLUDED.warn_at,
            due_at = EXCLUDED.due_at, escalate_at = EXCLUDED.escalate_at, next_check_at = EXCLUDED.next_check_at,
            met_date = EXCLUDED.met_date, ended_date = EXCLUDED.ended_date, explanation_zh = EXCLUDED.explanation_zh,
            explanation_en = EXCLUDED.explanation_en, detail = EXCLUDED.detail, computed_at = now()
         RETURNING id`,
        [JSON.stringify(rows)],
      );
      ids.push(...written.map((r) => r.id));
    }
    // Clocks the engine no longer produces (rule deactivated, filter no longer matching, milestone erased by a
    // correction): RETIRED, and their alerts resolve as OBSOLETE.
    const keys = [...clocksByProject.entries()].flatMap(([projectId, clocks]) => clocks.map((c) => `${projectId}|${c.key}`));
    const retired = returned<{ id: string }>(await manager.query(
      `UPDATE deadline d SET status = 'RETIRED', level = 'NONE', next_check_at = NULL, computed_at = now()
        WHERE d.project_id = ANY($1::uuid[]) AND d.status <> 'RETIRED' AND NOT (d.project_id::text || '|' || d.clock_key = ANY($2::text[]))
        RETURNING d.id`,
      [[...clocksByProject.keys()], keys],
    ));
    ids.push(...retired.map((r) => r.id));
    return ids;
  }

  /** Clears the re-evaluation marks of these projects, except where a newer change set the mark again meanwhile. */
  async clearReevaluationMarks(manager: EntityManager, marks: Map<string, string | null>): Promise<void> {
    const pending = [...marks.entries()].filter((e): e is [string, string] => e[1] !== null);
    if (!pending.length) return;
    // Compared as full-precision timestamps: a JS Date would drop the microseconds and never match.
    await manager.query(
      `UPDATE project p SET reevaluate_requested_at = NULL FROM unnest($1::uuid[], $2::timestamptz[]) AS m(id, at)
        WHERE p.id = m.id AND p.reevaluate_requested_at = m.at`,
      [pending.map((e) => e[0]), pending.map((e) => e[1])],
    );
  }

  /** Marks projects for re-evaluation (durable; the worker picks them up even if a queue job is lost). */
  async requestReevaluation(manager: EntityManager, projectIds: string[]): Promise<void> {
    if (!projectIds.length) return;
    await manager.query(`UPDATE project SET reevaluate_requested_at = now() WHERE id = ANY($1::uuid[])`, [projectIds]);
  }

  /** Marks every project that is not cancelled; returns how many (a rule or calendar change, or `reevaluate --all`). */
  async requestReevaluationOfAll(manager: EntityManager): Promise<number> {
    const [{ count }] = await manager.query(
      `WITH live AS (
         SELECT id FROM project p WHERE p.stage <> 'CANCELLED' OR EXISTS
           (SELECT 1 FROM deadline d WHERE d.project_id = p.id AND d.status IN ('ON_TRACK','OVERDUE','PAUSED'))
         ORDER BY id FOR UPDATE  -- in id order, like every other multi-project lock: no deadlocks
       ), marked AS (UPDATE project SET reevaluate_requested_at = now() FROM live WHERE project.id = live.id RETURNING 1)
       SELECT count(*)::int AS count FROM marked`,
    );
    return count;
  }

  /** Up to `limit` marked projects, oldest mark first, skipping rows another worker holds. */
  async claimMarkedProjects(manager: EntityManager, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM project WHERE reevaluate_requested_at IS NOT NULL ORDER BY reevaluate_requested_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async countMarked(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM project WHERE reevaluate_requested_at IS NOT NULL`);
    return count;
  }

  /**
   * The sweep's level step: moves up to `limit` due deadlines to their level at `now` in one statement.
   * Returns the ids changed (FOR UPDATE SKIP LOCKED: two workers split the work, never double it).
   */
  async advanceDue(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = returned<{ id: string }>(await manager.query(
      `WITH due AS (
         SELECT id FROM deadline WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE deadline d SET level = ${LEVEL_AT('$1::timestamptz')},
              status = CASE WHEN $1::timestamptz > d.due_at THEN 'OVERDUE' ELSE 'ON_TRACK' END,
              next_check_at = ${NEXT_AT('$1::timestamptz')}
         FROM due WHERE d.id = due.id AND d.status IN ('ON_TRACK','OVERDUE')
       RETURNING d.id`,
      [now.toISOString(), limit],
    ));
    // Rows due but not running (should not happen: the engine clears next_check_at) are simply cleared.
    await manager.query(`UPDATE deadline SET next_check_at = NULL WHERE next_check_at <= $1 AND status NOT IN ('ON_TRACK','OVERDUE')`, [now.toISOString()]);
    return rows.map((r) => r.id);
  }

  /**
   * Brings alerts in line with these deadlines: resolves alerts whose deadline no longer needs one,
   * opens or re-levels one alert per troubled deadline (partial unique index), records each level once,
   * and creates each notice once per alert level and recipient. Returns what changed.
   */
  async syncAlerts(manager: EntityManager, deadlineIds: string[]): Promise<{ resolved: number; raised: number; notices: number }> {
    if (!deadlineIds.length) return { resolved: 0, raised: 0, notices: 0 };
    const resolved = returned<{ id: string }>(await manager.query(
      `UPDATE alert a SET status = 'RESOLVED',
              resolution = CASE d.status WHEN 'MET' THEN 'MET' WHEN 'MET_LATE' THEN 'MET' WHEN 'CANCELLED' THEN 'CANCELLED'
                                         WHEN 'WAIVED' THEN 'WAIVED' ELSE 'OBSOLETE' END,
              resolve_reason = coalesce(a.resolve_reason, CASE d.status WHEN 'MET' THEN '已达成（按期）' WHEN 'MET_LATE' THEN '已达成（逾期后）'
                                         WHEN 'CANCELLED' THEN '时钟已取消' WHEN 'WAIVED' THEN '已豁免' ELSE '不再需要预警' END),
              resolved_at = now(), version = a.version + 1, updated_at = now()
         FROM deadline d
        WHERE a.deadline_id = d.id AND d.id = ANY($1::uuid[]) AND a.status <> 'RESOLVED'
          AND (d.status IN ('MET','MET_LATE','CANCELLED','WAIVED','RETIRED') OR (d.level = 'NONE' AND d.status <> 'PAUSED'))
        RETURNING a.id`,
      [deadlineIds],
    ));
    // Each level is dated when the clock crossed it (warn_at, due_at + 1 ms, escalate_at), not when Luodi
    // noticed: a project entered late, or a sweep that ran late, still shows "red since 12 March", and the
    // weekly digest can rebuild any past week from the history.
    const raised: { id: string }[] = await manager.query(
      `WITH troubled AS (
         SELECT d.id, d.project_id, p.unit_path, d.level,
                CASE d.level WHEN 'WARNING' THEN d.warn_at WHEN 'OVERDUE' THEN d.due_at + interval '1 millisecond' ELSE d.escalate_at END AS level_at,
                least(d.warn_at, now()) AS opened_at, d.warn_at, d.due_at, d.escalate_at
           FROM deadline d JOIN project p ON p.id = d.project_id
          WHERE d.id = ANY($1::uuid[]) AND d.level <> 'NONE' AND d.status IN ('ON_TRACK','OVERDUE')
       ), upserted AS (
         INSERT INTO alert (deadline_id, project_id, unit_path, level, opened_at, level_changed_at)
         SELECT id, project_id, unit_path, level, opened_at, least(level_at, now()) FROM troubled
         ON CONFLICT (deadline_id) WHERE status <> 'RESOLVED'
         DO UPDATE SET level = EXCLUDED.level, level_changed_at = EXCLUDED.level_changed_at, version = alert.version + 1, updated_at = now()
           WHERE alert.level <> EXCLUDED.level
         RETURNING id, level, deadline_id
       ), history AS (
         INSERT INTO alert_level_history (alert_id, level, at)
         SELECT u.id, l.level, least(l.at, now())
           FROM upserted u JOIN troubled t ON t.id = u.deadline_id
           CROSS JOIN LATERAL (VALUES ('WARNING', t.warn_at, 1), ('OVERDUE', t.due_at + interval '1 millisecond', 2), ('ESCALATED', t.escalate_at, 3))
             AS l(level, at, rank)
          WHERE l.rank <= ${LEVEL_RANK_SQL('u.level')}
         ON CONFLICT DO NOTHING RETURNING alert_id
       )
       SELECT id FROM upserted`,
      [deadlineIds],
    );
    const raisedIds = raised.map((r) => r.id);
    const notices = raisedIds.length ? await this.notify(manager, raisedIds) : 0;
    return { resolved: resolved.length, raised: raisedIds.length, notices };
  }

  /**
   * In-app notices: the project's staff at 黄灯, also the unit's managers at 红灯, also directors at 督办.
   * A user "of the project's unit" is one whose unit contains the project's unit. Unique per
   * (user, alert, level), so re-running never notifies twice.
   */
  private async notify(manager: EntityManager, alertIds: string[]): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notification (user_id, alert_id, level, title, body)
       SELECT u.id, a.id, a.level,
              (CASE a.level WHEN 'WARNING' THEN '【黄灯】' WHEN 'OVERDUE' THEN '【红灯】' ELSE '【督办】' END) || p.name_zh,
              d.explanation_zh
         FROM alert a
         JOIN deadline d ON d.id = a.deadline_id
         JOIN project p ON p.id = a.project_id
         JOIN app_user u ON u.active
         JOIN unit uu ON uu.id = u.unit_id
        WHERE a.id = ANY($1::uuid[])
          AND ((u.role IN ('staff') AND a.unit_path LIKE uu.path || '%')
            OR (u.role = 'manager' AND ${LEVEL_RANK_SQL('a.level')} >= 2 AND a.unit_path LIKE uu.path || '%')
            OR (u.role = 'director' AND a.level = 'ESCALATED'))
       ON CONFLICT (user_id, alert_id, level) DO NOTHING
       RETURNING id`,
      [alertIds],
    );
    return rows.length;
  }

  async forProject(projectId: string): Promise<DeadlineRow[]> {
    return this.dataSource.query(`SELECT * FROM deadline WHERE project_id = $1 ORDER BY status, due_date, clock_key`, [projectId]);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<DeadlineRow | null> {
    const rows = await manager.query(`SELECT * FROM deadline WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async waive(manager: EntityManager, projectId: string, clockKey: string, reason: string, actorId: string): Promise<void> {
    await manager.query(
      `INSERT INTO deadline_waiver (project_id, clock_key, reason, actor_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [projectId, clockKey, reason, actorId],
    );
  }
}
