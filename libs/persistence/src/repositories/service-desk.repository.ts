import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { likePrefix, returned } from './sql.js';

/**
 * The service desk around each project (客商, contacts, activities, follow-ups and their reminders, 专班,
 * 一项目一方案): hand-written SQL over the tables of migration 1764400000000. Rows come back in camelCase.
 */
export type ServiceDeskTable = 'investor' | 'contact' | 'activity' | 'follow_up_task' | 'project_team_member' | 'service_plan';

/** The API-writable columns of each table, camelCase → column. jsonb columns are marked. */
const COLUMNS: Record<ServiceDeskTable, Record<string, string>> = {
  investor: {
    nameZh: 'name_zh', nameEn: 'name_en', ownershipType: 'ownership_type', creditCode: 'credit_code', parentId: 'parent_id',
    originRegion: 'origin_region', leadSource: 'lead_source', industry: 'industry', website: 'website', note: 'note',
  },
  contact: {
    investorId: 'investor_id', projectId: 'project_id', side: 'side', role: 'role', name: 'name', title: 'title',
    organisation: 'organisation', phone: 'phone', email: 'email', note: 'note', active: 'active', createdBy: 'created_by',
  },
  activity: {
    projectId: 'project_id', investorId: 'investor_id', unitPath: 'unit_path', kind: 'kind', occurredOn: 'occurred_on',
    participants: 'participants', contactIds: 'contact_ids', summary: 'summary', outcome: 'outcome', createdBy: 'created_by',
  },
  follow_up_task: {
    activityId: 'activity_id', projectId: 'project_id', unitPath: 'unit_path', title: 'title', dueDate: 'due_date',
    assigneeId: 'assignee_id', status: 'status', doneAt: 'done_at', remindAt: 'remind_at', note: 'note', createdBy: 'created_by',
  },
  project_team_member: {
    projectId: 'project_id', userId: 'user_id', contactId: 'contact_id', role: 'role', fromDate: 'from_date', toDate: 'to_date',
    note: 'note', createdBy: 'created_by',
  },
  service_plan: { projectId: 'project_id', goals: 'goals', measures: 'measures', factors: 'factors', updatedBy: 'updated_by' },
};
const JSON_COLUMNS = new Set(['participants', 'contact_ids', 'factors']);
const KEY: Record<ServiceDeskTable, string> = {
  investor: 'id', contact: 'id', activity: 'id', follow_up_task: 'id', project_team_member: 'id', service_plan: 'project_id',
};

/** The normalised search text ($2) with its LIKE wildcards escaped, so `%` and `_` match literally. */
const LIKE_ESCAPED_NORM = `replace(replace(replace(luodi_investor_norm($2), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;

/** SELECT list of a table in camelCase (with id, version and timestamps). */
function selectList(table: ServiceDeskTable, alias = 't'): string {
  const cols = Object.entries(COLUMNS[table]).map(([k, c]) => `${alias}.${c} AS "${k}"`);
  if (table !== 'service_plan') cols.unshift(`${alias}.id`);
  return [...cols, `${alias}.version`, `${alias}.created_at AS "createdAt"`, `${alias}.updated_at AS "updatedAt"`].join(', ');
}

function toParams(table: ServiceDeskTable, values: Record<string, unknown>): { cols: string[]; params: unknown[] } {
  const cols: string[] = [];
  const params: unknown[] = [];
  for (const [k, v] of Object.entries(values)) {
    const col = COLUMNS[table][k];
    if (!col || v === undefined) continue;
    cols.push(col);
    params.push(JSON_COLUMNS.has(col) ? JSON.stringify(v) : v);
  }
  return { cols, params };
}

export interface InvestorRow {
  id: string;
  nameZh: string;
  nameEn: string | null;
  ownershipType: string;
  creditCode: string | null;
  parentId: string | null;
  originRegion: string | null;
  leadSource: string | null;
  industry: string | null;
  website: string | null;
  note: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface DuplicateCandidateRow {
  id: string;
  nameZh: string;
  creditCode: string | null;
  reason: 'CREDIT_CODE' | 'NAME';
  similarity: number;
}

export interface TimelineRow {
  at: Date;
  kind: string;
  title: string;
  detail: string | null;
  refType: string;
  refId: string;
  projectId: string | null;
}

@Injectable()
export class ServiceDeskRepository {
  constructor(private readonly dataSource: DataSource) {}

  private mgr(m?: EntityManager) {
    return m ?? this.dataSource.manager;
  }

  async findOne<T>(table: ServiceDeskTable, id: string, m?: EntityManager, lock = false): Promise<T | null> {
    const rows = await this.mgr(m).query(`SELECT ${selectList(table)} FROM ${table} t WHERE t.${KEY[table]} = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return (rows[0] as T) ?? null;
  }

  async insert<T>(m: EntityManager, table: ServiceDeskTable, values: Record<string, unknown>): Promise<T> {
    const { cols, params } = toParams(table, values);
    const rows = await m.query(
      `INSERT INTO ${table} AS t (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${selectList(table)}`,
      params,
    );
    return returned<T>(rows)[0];
  }

  /** Optimistic update: null when `version` is stale (or the row is gone). */
  async updateVersioned<T>(m: EntityManager, table: ServiceDeskTable, id: string, version: number, values: Record<string, unknown>): Promise<T | null> {
    const { cols, params } = toParams(table, values);
    const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), 'version = t.version + 1', 'updated_at = now()'];
    const rows = returned<T>(
      await m.query(`UPDATE ${table} t SET ${sets.join(', ')} WHERE t.${KEY[table]} = $1 AND t.version = $2 RETURNING ${selectList(table)}`, [id, version, ...params]),
    );
    return rows[0] ?? null;
  }

  // ——— investors ———

  async searchInvestors(q: string | undefined, page: number, pageSize: number): Promise<{ items: (InvestorRow & { projectCount: number })[]; total: number }> {
    const where = q ? `WHERE t.name_zh ILIKE $1 OR t.name_en ILIKE $1 OR t.credit_code = upper($2) OR t.name_norm LIKE '%' || ${LIKE_ESCAPED_NORM} || '%'` : '';
    const params = q ? [`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, q] : [];
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM investor t ${where}`, params);
    const items = await this.dataSource.query(
      `SELECT ${selectList('investor')}, (SELECT count(*)::int FROM project p WHERE p.investor_id = t.id) AS "projectCount"
         FROM investor t ${where} ORDER BY t.name_zh, t.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items, total };
  }

  async investorByCreditCode(code: string, m?: EntityManager, exceptId?: string): Promise<InvestorRow | null> {
    const rows = await this.mgr(m).query(`SELECT ${selectList('investor')} FROM investor t WHERE t.credit_code = $1 AND t.id IS DISTINCT FROM $2`, [code, exceptId ?? null]);
    return rows[0] ?? null;
  }

  async investorByName(nameZh: string, m?: EntityManager, exceptId?: string): Promise<InvestorRow | null> {
    const rows = await this.mgr(m).query(`SELECT ${selectList('investor')} FROM investor t WHERE t.name_zh = $1 AND t.id IS DISTINCT FROM $2`, [nameZh, exceptId ?? null]);
    return rows[0] ?? null;
  }

  /** Same credit code, or a normalised name with trigram similarity ≥ threshold (or one containing the other). */
  async duplicateCandidates(nameZh: string | undefined, creditCode: string | undefined, exceptId?: string, threshold = 0.6): Promise<DuplicateCandidateRow[]> {
    return this.dataSource.query(
      `WITH q AS (SELECT luodi_investor_norm(coalesce($1, '')) AS norm)
       SELECT t.id, t.name_zh AS "nameZh", t.credit_code AS "creditCode",
              CASE WHEN t.credit_code = $2 THEN 'CREDIT_CODE' ELSE 'NAME' END AS reason,
              round(similarity(t.name_norm, q.norm)::numeric, 3)::float AS similarity
         FROM investor t, q
        WHERE t.id IS DISTINCT FROM $3
          AND ((t.credit_code IS NOT NULL AND t.credit_code = $2)
            OR (q.norm <> '' AND (t.name_norm % q.norm AND similarity(t.name_norm, q.norm) >= $4
                                  OR t.name_norm = q.norm
                                  OR (char_length(q.norm) >= 2 AND (starts_with(t.name_norm, q.norm) OR starts_with(q.norm, t.name_norm))))))
        ORDER BY (t.credit_code IS NOT DISTINCT FROM $2) DESC, similarity DESC, t.name_zh
        LIMIT 20`,
      [nameZh ?? null, creditCode ?? null, exceptId ?? null, threshold],
    );
  }

  /** Would making `parentId` the parent of `id` close a cycle? (Walks up from the proposed parent.) */
  async wouldCycle(id: string, parentId: string, m?: EntityManager): Promise<boolean> {
    const rows = await this.mgr(m).query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM investor WHERE id = $2
         UNION ALL SELECT i.id, i.parent_id, up.depth + 1 FROM investor i JOIN up ON i.id = up.parent_id WHERE up.depth < 100)
       SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
      [id, parentId],
    );
    return rows.length > 0;
  }

  subsidiaries(id: string): Promise<{ id: string; nameZh: string; creditCode: string | null }[]> {
    return this.dataSource.query(`SELECT id, name_zh AS "nameZh", credit_code AS "creditCode" FROM investor WHERE parent_id = $1 ORDER BY name_zh`, [id]);
  }

  /** The investor's projects inside the scope (named) and the rest counted per unit. */
  async investorProjects(id: string, scopePath: string | null) {
    const inScope = await this.dataSource.query(
      `SELECT p.id, p.code, p.name_zh AS "nameZh", p.stage, p.stage_date AS "stageDate", p.total_investment AS "totalInvestment",
              u.id AS "unitId", u.name_zh AS "unitNameZh"
         FROM project p JOIN unit u ON u.id = p.unit_id
        WHERE p.investor_id = $1 AND ($2::text IS NULL OR p.unit_path LIKE $2)
        ORDER BY p.name_zh, p.id`,
      [id, scopePath ? likePrefix(scopePath) : null],
    );
    const outOfScope = scopePath
      ? await this.dataSource.query(
          `SELECT u.id AS "unitId", u.name_zh AS "unitNameZh", count(*)::int AS count
             FROM project p JOIN unit u ON u.id = p.unit_id
            WHERE p.investor_id = $1 AND p.unit_path NOT LIKE $2
            GROUP BY u.id, u.name_zh ORDER BY u.name_zh`,
          [id, likePrefix(scopePath)],
        )
      : [];
    return { inScope, outOfScope };
  }

  // ——— contacts ———

  contactsOf(by: 'investor' | 'project', id: string, includeInactive: boolean) {
    return this.dataSource.query(
      `SELECT ${selectList('contact')} FROM contact t WHERE t.${by}_id = $1 ${includeInactive ? '' : 'AND t.active'} ORDER BY t.side, t.active DESC, t.name, t.id`,
      [id],
    );
  }

  /** Ids among `ids` that are not contacts of this project or of its investor. */
  async foreignContactIds(ids: string[], projectId: string | null, investorId: string | null): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT x.id::text AS id FROM unnest($1::uuid[]) AS x(id)
        WHERE NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = x.id
                 AND ((c.project_id IS NOT NULL AND c.project_id = $2) OR (c.investor_id IS NOT NULL AND c.investor_id = $3)))`,
      [ids, projectId, investorId],
    );
    return rows.map((r) => r.id);
  }

  // ——— activities and follow-ups ———

  activities(where: { projectId?: string; investorId?: string; scopePath: string | null }, page: number, pageSize: number) {
    const conds = [where.projectId ? 't.project_id = $1' : 't.investor_id = $1', '($2::text IS NULL OR t.unit_path LIKE $2)'];
    const params = [where.projectId ?? where.investorId, where.scopePath ? likePrefix(where.scopePath) : null];
    return this.pageOf(
      `FROM activity t LEFT JOIN app_user cu ON cu.id = t.created_by WHERE ${conds.join(' AND ')}`,
      `${selectList('activity')}, cu.display_name AS "createdByName",
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'title', f.title, 'dueDate', f.due_date, 'status', f.status, 'assigneeId', f.assignee_id) ORDER BY f.due_date), '[]'::jsonb)
          FROM follow_up_task f WHERE f.activity_id = t.id) AS "followUps"`,
      't.occurred_on DESC, t.created_at DESC, t.id',
      params,
      page,
      pageSize,
    );
  }

  private async pageOf(from: string, select: string, order: string, params: unknown[], page: number, pageSize: number) {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params);
    const items = await this.dataSource.query(`SELECT ${select} ${from} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params);
    return { items, total, page, pageSize };
  }

  /** Active staff or manager whose unit is the unit at `unitPath` or one of its ancestors. */
  async isAssignable(userId: string, unitPath: string, m?: EntityManager): Promise<boolean> {
    const rows = await this.mgr(m).query(
      `SELECT 1 FROM app_user u JOIN unit un ON un.id = u.unit_id
        WHERE u.id = $1 AND u.active AND u.role IN ('staff','manager') AND starts_with($2, un.path)`,
      [userId, unitPath],
    );
    return rows.length > 0;
  }

  /** A user's open follow-ups (overdue first, then by due date), with whether a reminder was raised. */
  myTasks(userId: string, status: string) {
    return this.dataSource.query(
      `SELECT ${selectList('follow_up_task')}, p.code AS "projectCode", p.name_zh AS "projectNameZh",
              a.kind AS "activityKind", a.summary AS "activitySummary", a.investor_id AS "investorId",
              EXISTS (SELECT 1 FROM task_reminder r WHERE r.task_id = t.id) AS reminded,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', r.kind, 'at', r.created_at) ORDER BY r.created_at), '[]'::jsonb)
                 FROM task_reminder r WHERE r.task_id = t.id) AS reminders
         FROM follow_up_task t
         JOIN activity a ON a.id = t.activity_id
         LEFT JOIN project p ON p.id = t.project_id
        WHERE t.assignee_id = $1 AND t.status = $2
        ORDER BY (t.due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date) DESC, t.due_date, t.created_at, t.id
        LIMIT 500`,
      [userId, status],
    );
  }

  /**
   * Raises the reminders due on `today` (a business date): DUE_SOON for open tasks due tomorrow (or whose
   * remind_at has come), OVERDUE for open tasks past their due date. The unique key (task, kind) makes a
   * second run change nothing. Returns the number of reminders created.
   */
  async raiseTaskReminders(today: string): Promise<{ dueSoon: number; overdue: number }> {
    const rows = await this.dataSource.query(
      `INSERT INTO task_reminder (task_id, kind, user_id, due_date)
       SELECT t.id, k.kind, t.assignee_id, t.due_date
         FROM follow_up_task t
         CROSS JOIN LATERAL (SELECT CASE WHEN t.due_date < $1::date THEN 'OVERDUE' ELSE 'DUE_SOON' END AS kind) k
        WHERE t.status = 'OPEN'
          AND (t.due_date < $1::date OR t.due_date = $1::date + 1 OR (t.remind_at IS NOT NULL AND t.remind_at <= $1::date))
       ON CONFLICT (task_id, kind) DO NOTHING
       RETURNING kind`,
      [today],
    );
    const kinds = returned<{ kind: string }>(rows);
    return { dueSoon: kinds.filter((r) => r.kind === 'DUE_SOON').length, overdue: kinds.filter((r) => r.kind === 'OVERDUE').length };
  }

  /** After a new due date or assignee: the task may be reminded again. */
  async clearReminders(m: EntityManager, taskId: string): Promise<void> {
    await m.query(`DELETE FROM task_reminder WHERE task_id = $1`, [taskId]);
  }

  // ——— team ———

  team(projectId: string, includeEnded: boolean) {
    return this.dataSource.query(
      `SELECT ${selectList('project_team_member')}, u.display_name AS "userDisplayName", c.name AS "contactName", c.organisation AS "contactOrganisation"
         FROM project_team_member t
         LEFT JOIN app_user u ON u.id = t.user_id
         LEFT JOIN contact c ON c.id = t.contact_id
        WHERE t.project_id = $1 ${includeEnded ? '' : 'AND t.to_date IS NULL'}
        ORDER BY (t.to_date IS NULL) DESC, t.role, t.from_date, t.id`,
      [projectId],
    );
  }

  async currentMembership(projectId: string, who: { userId?: string; contactId?: string }, role: string, m?: EntityManager): Promise<{ id: string } | null> {
    const rows = await this.mgr(m).query(
      `SELECT id FROM project_team_member WHERE project_id = $1 AND coalesce(user_id, contact_id) = $2 AND role = $3 AND to_date IS NULL`,
      [projectId, who.userId ?? who.contactId, role],
    );
    return rows[0] ?? null;
  }

  // ——— timeline ———

  /**
   * One list, newest first, of what happened to the projects (and investor-level activities) given: stage
   * transitions, sub-milestones, alerts opened / level changes / resolved, activities, follow-ups created and
   * completed. `at` is a timestamp; business dates are taken at the start of their day in Asia/Shanghai.
   */
  async timeline(projectIds: string[], investorId: string | null, scopePath: string | null, page: number, pageSize: number) {
    const day = (col: string) => `(${col}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const sql = `
      SELECT ${day('s.effective_date')} AS at, 'STAGE_' || s.kind AS kind, coalesce(s.from_stage || ' → ', '') || s.to_stage AS title, s.note AS detail,
             'stage_transition' AS "refType", s.id::text AS "refId", s.project_id AS "projectId", s.recorded_at AS tie
        FROM stage_transition s WHERE s.project_id = ANY($1::uuid[])
      UNION ALL
      SELECT ${day('e.effective_date')}, 'MILESTONE', e.name_zh, e.note, 'milestone_event', e.id::text, e.project_id, e.recorded_at
        FROM milestone_event e WHERE e.project_id = ANY($1::uuid[])
      UNION ALL
      SELECT a.opened_at, 'ALERT_OPENED', d.kind || ': ' || coalesce(d.from_stage || ' → ', '') || coalesce(d.to_stage, d.period, ''), a.level || ' · due ' || d.due_date, 'alert', a.id::text, a.project_id, a.opened_at
        FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE a.project_id = ANY($1::uuid[])
      UNION ALL
      SELECT h.at, 'ALERT_LEVEL', 'Alert level ' || h.level, h.level, 'alert', a.id::text, a.project_id, h.at
        FROM alert_level_history h JOIN alert a ON a.id = h.alert_id
       WHERE a.project_id = ANY($1::uuid[]) AND h.at > a.opened_at + interval '1 second'
      UNION ALL
      SELECT a.resolved_at, 'ALERT_RESOLVED', 'Alert resolved: ' || a.resolution, a.resolve_reason, 'alert', a.id::text, a.project_id, a.resolved_at
        FROM alert a WHERE a.project_id = ANY($1::uuid[]) AND a.resolved_at IS NOT NULL
      UNION ALL
      SELECT ${day('v.occurred_on')}, 'ACTIVITY_' || v.kind, v.summary, v.outcome, 'activity', v.id::text, v.project_id, v.created_at
        FROM activity v
       WHERE (v.project_id = ANY($1::uuid[]) OR ($2::uuid IS NOT NULL AND v.investor_id = $2 AND v.project_id IS NULL AND ($3::text IS NULL OR v.unit_path LIKE $3)))
      UNION ALL
      SELECT f.created_at, 'FOLLOW_UP_CREATED', f.title, 'due ' || f.due_date, 'follow_up_task', f.id::text, f.project_id, f.created_at
        FROM follow_up_task f JOIN activity v ON v.id = f.activity_id
       WHERE (v.project_id = ANY($1::uuid[]) OR ($2::uuid IS NOT NULL AND v.investor_id = $2 AND v.project_id IS NULL AND ($3::text IS NULL OR v.unit_path LIKE $3)))
      UNION ALL
      SELECT f.done_at, 'FOLLOW_UP_DONE', f.title, f.note, 'follow_up_task', f.id::text, f.project_id, f.done_at
        FROM follow_up_task f JOIN activity v ON v.id = f.activity_id
       WHERE f.done_at IS NOT NULL
         AND (v.project_id = ANY($1::uuid[]) OR ($2::uuid IS NOT NULL AND v.investor_id = $2 AND v.project_id IS NULL AND ($3::text IS NULL OR v.unit_path LIKE $3)))`;
    const params = [projectIds, investorId, scopePath ? likePrefix(scopePath) : null];
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM (${sql}) x`, params);
    const items: (TimelineRow & { tie: Date })[] = await this.dataSource.query(
      `SELECT * FROM (${sql}) x ORDER BY at DESC, tie DESC, "refId" LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items, total };
  }

  async projectIdsOfInvestor(investorId: string, scopePath: string | null): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM project WHERE investor_id = $1 AND ($2::text IS NULL OR unit_path LIKE $2)`,
      [investorId, scopePath ? likePrefix(scopePath) : null],
    );
    return rows.map((r) => r.id);
  }
}
