import { Injectable } from '@nestjs/common';
import type { ApprovalItemFact, CommitmentFact, InvestorRequestFact, ServiceDeskFacts } from '#domain';
import { DataSource, EntityManager } from 'typeorm';
import { likePrefix } from './sql.js';

/**
 * The service desk's clocked records (migration 1764500000000): approval items (领办代办, 限时审批), investor
 * requests (诉求) with callbacks (回访), commitments (承诺兑现) with their handler history. Hand-written SQL;
 * rows come back in camelCase. Their clocks are computed by the engine from `loadFacts` and stored in `deadline`.
 */
export type DeskTable = 'approval_item' | 'investor_request' | 'commitment';

const COLUMNS: Record<DeskTable, Record<string, string>> = {
  approval_item: {
    projectId: 'project_id', itemType: 'item_type', title: 'title', department: 'department', assigneeId: 'assignee_id', status: 'status',
    submittedOn: 'submitted_on', timeLimitDays: 'time_limit_days', completedOn: 'completed_on', returnedOn: 'returned_on', note: 'note',
    template: 'template', sortOrder: 'sort_order', createdBy: 'created_by',
  },
  investor_request: {
    projectId: 'project_id', investorId: 'investor_id', title: 'title', category: 'category', description: 'description', raisedOn: 'raised_on',
    ownerUnitId: 'owner_unit_id', status: 'status', dueDate: 'due_date', acceptedOn: 'accepted_on', resolvedOn: 'resolved_on',
    resolution: 'resolution', closedOn: 'closed_on', createdBy: 'created_by',
  },
  commitment: {
    projectId: 'project_id', title: 'title', kind: 'kind', amount: 'amount', promisedBy: 'promised_by', promisedOn: 'promised_on',
    dueDate: 'due_date', status: 'status', fulfilledOn: 'fulfilled_on', waiveReason: 'waive_reason', evidence: 'evidence',
    evidenceUrl: 'evidence_url', handlerId: 'handler_id', note: 'note', createdBy: 'created_by',
  },
};

const selectList = (table: DeskTable, alias = 't') =>
  [`${alias}.id`, ...Object.entries(COLUMNS[table]).map(([k, c]) => `${alias}.${c} AS "${k}"`), `${alias}.version`, `${alias}.created_at AS "createdAt"`, `${alias}.updated_at AS "updatedAt"`].join(', ');

/** Extra columns: the project's code, name and unit, for lists across projects. */
const PROJECT_COLS = `p.code AS "projectCode", p.name_zh AS "projectNameZh", p.unit_id AS "projectUnitId", p.unit_path AS "projectUnitPath"`;

export interface DeskRow {
  id: string;
  version: number;
  projectId: string;
  projectUnitPath?: string;
  [k: string]: unknown;
}

export interface RequestFilter {
  status?: string[];
  /** Owner unit subtree (its path). */
  ownerUnitPath?: string;
  projectId?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

export interface CommitmentFilter {
  status?: string[];
  /** The project's unit subtree (its path). */
  unitPath?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

export interface DigestDeskRow {
  id: string;
  project_id: string;
  project_code: string;
  project_name_zh: string;
  project_name_en: string | null;
  unit_name_zh: string;
  title: string;
  category: string;
  due_date: string;
  owner: string | null;
  explanation_zh: string | null;
  explanation_en: string | null;
  amount: string | null;
  total: number;
}

/** The service-desk facts of many projects, in three queries (DeadlineRepository.loadFacts calls it inside its transaction). */
export async function loadServiceDeskFacts(manager: EntityManager, projectIds: string[]): Promise<Map<string, ServiceDeskFacts>> {
  const out = new Map<string, { approvals: ApprovalItemFact[]; requests: InvestorRequestFact[]; commitments: CommitmentFact[] }>();
  if (!projectIds.length) return out;
  const get = (id: string) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = { approvals: [], requests: [], commitments: [] }));
    return f;
  };
  const approvals = await manager.query(
    `SELECT id, project_id, item_type, title, department, status, submitted_on, time_limit_days, completed_on, returned_on
       FROM approval_item WHERE project_id = ANY($1::uuid[])`,
    [projectIds],
  );
  for (const a of approvals) {
    get(a.project_id).approvals.push({
      id: a.id, itemType: a.item_type, title: a.title, department: a.department, status: a.status, submittedOn: a.submitted_on,
      limitDays: a.time_limit_days, completedOn: a.completed_on, returnedOn: a.returned_on,
    });
  }
  const requests = await manager.query(
    `SELECT id, project_id, title, category, raised_on, status, due_date, accepted_on, resolved_on FROM investor_request WHERE project_id = ANY($1::uuid[])`,
    [projectIds],
  );
  for (const r of requests) {
    get(r.project_id).requests.push({
      id: r.id, title: r.title, category: r.category, raisedOn: r.raised_on, status: r.status, dueDate: r.due_date,
      acceptedOn: r.accepted_on, resolvedOn: r.resolved_on,
    });
  }
  const commitments = await manager.query(
    `SELECT id, project_id, title, kind, promised_by, promised_on, due_date, status, fulfilled_on FROM commitment WHERE project_id = ANY($1::uuid[])`,
    [projectIds],
  );
  for (const c of commitments) {
    get(c.project_id).commitments.push({
      id: c.id, title: c.title, kind: c.kind, promisedBy: c.promised_by, promisedOn: c.promised_on, dueDate: c.due_date, status: c.status,
      fulfilledOn: c.fulfilled_on,
    });
  }
  return out;
}

@Injectable()
export class ServiceDeskClockRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ------------------------------------------------------------------------------------------------------------
  // Engine input

  /** The service-desk facts of many projects, in three queries. */
  loadFacts(projectIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ServiceDeskFacts>> {
    return loadServiceDeskFacts(manager, projectIds);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Generic row access

  async insert(manager: EntityManager, table: DeskTable, values: Record<string, unknown>): Promise<DeskRow> {
    const cols = COLUMNS[table];
    const keys = Object.keys(values).filter((k) => k in cols && values[k] !== undefined);
    const rows = await manager.query(
      `INSERT INTO ${table} (${keys.map((k) => cols[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      keys.map((k) => values[k]),
    );
    return (await this.find(table, rows[0].id, manager))!;
  }

  /** Optimistic update; null when `version` is stale. */
  async update(manager: EntityManager, table: DeskTable, id: string, version: number, values: Record<string, unknown>): Promise<DeskRow | null> {
    const cols = COLUMNS[table];
    const keys = Object.keys(values).filter((k) => k in cols && values[k] !== undefined);
    const sets = keys.map((k, i) => `${cols[k]} = $${i + 3}`);
    const res = await manager.query(
      `UPDATE ${table} SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...keys.map((k) => values[k])],
    );
    const rows = Array.isArray(res[0]) ? res[0] : res;
    if (!rows.length) return null;
    return this.find(table, id, manager);
  }

  /** One row with its project's unit path (for scoping); `lock` takes a row lock on it. */
  async find(table: DeskTable, id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<DeskRow | null> {
    const rows = await manager.query(
      `SELECT ${selectList(table)}, ${PROJECT_COLS} FROM ${table} t JOIN project p ON p.id = t.project_id WHERE t.id = $1 ${lock ? 'FOR UPDATE OF t' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async listForProject(table: DeskTable, projectId: string, manager: EntityManager = this.dataSource.manager): Promise<DeskRow[]> {
    const order = table === 'approval_item' ? 't.sort_order, t.created_at, t.id' : table === 'investor_request' ? 't.raised_on DESC, t.created_at DESC' : 't.due_date, t.created_at';
    return manager.query(`SELECT ${selectList(table)} FROM ${table} t WHERE t.project_id = $1 ORDER BY ${order}`, [projectId]);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Investor requests

  /**
   * The scoped inbox: requests whose project or owner unit is in scope. `overdue`: a response or resolution
   * clock of the request is OVERDUE (红灯 or 督办) now, as materialised in `deadline`.
   */
  async listRequests(f: RequestFilter, scopePath: string | null): Promise<{ items: DeskRow[]; total: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (scopePath) {
      const s = param(likePrefix(scopePath));
      where.push(`(p.unit_path LIKE ${s} OR ou.path LIKE ${s})`);
    }
    if (f.ownerUnitPath) where.push(`ou.path LIKE ${param(likePrefix(f.ownerUnitPath))}`);
    if (f.status?.length) where.push(`t.status = ANY(${param(f.status)}::varchar[])`);
    if (f.projectId) where.push(`t.project_id = ${param(f.projectId)}::uuid`);
    const overdueSql = `EXISTS (SELECT 1 FROM deadline d WHERE d.project_id = t.project_id AND d.clock_key IN ('request:' || t.id || ':response', 'request:' || t.id || ':resolution') AND d.status = 'OVERDUE')`;
    if (f.overdue === true) where.push(overdueSql);
    if (f.overdue === false) where.push(`NOT ${overdueSql}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM investor_request t JOIN project p ON p.id = t.project_id JOIN unit ou ON ou.id = t.owner_unit_id`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from} ${whereSql}`, values);
    const items = await this.dataSource.query(
      `SELECT ${selectList('investor_request')}, ${PROJECT_COLS}, ou.name_zh AS "ownerUnitNameZh", ${overdueSql} AS overdue
         ${from} ${whereSql}
        ORDER BY CASE t.status WHEN 'CLOSED' THEN 1 ELSE 0 END, t.raised_on, t.id
        LIMIT ${param(f.pageSize)} OFFSET ${param((f.page - 1) * f.pageSize)}`,
      values,
    );
    return { items, total };
  }

  async callbacks(requestId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.query(
      `SELECT c.id, c.request_id AS "requestId", to_char(c.called_on, 'YYYY-MM-DD') AS "calledOn", c.contact, c.satisfaction, c.comment,
              c.created_by AS "createdBy", c.created_at AS "createdAt"
         FROM investor_request_callback c WHERE c.request_id = $1 ORDER BY c.called_on, c.created_at`,
      [requestId],
    ) as Promise<{ id: string; calledOn: string; satisfaction: number }[]>;
  }

  async insertCallback(manager: EntityManager, v: { requestId: string; calledOn: string; contact: string; satisfaction: number; comment?: string | null; createdBy: string }) {
    const [row] = await manager.query(
      `INSERT INTO investor_request_callback (request_id, called_on, contact, satisfaction, comment, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, request_id AS "requestId", to_char(called_on, 'YYYY-MM-DD') AS "calledOn", contact, satisfaction, comment, created_by AS "createdBy", created_at AS "createdAt"`,
      [v.requestId, v.calledOn, v.contact, v.satisfaction, v.comment ?? null, v.createdBy],
    );
    return row as { id: string };
  }

  /**
   * Satisfaction and timeliness per owner unit for requests raised in [from, to] (either may be absent), in
   * scope. Satisfaction uses each request's latest callback; on-time rates count the requests whose clock is
   * judged (met, or running past its due date) and, of those, the ones met on time — as the engine stored them.
   */
  async requestStats(scopePath: string | null, ownerUnitPath: string | null, from: string | null, to: string | null) {
    return this.dataSource.query(
      `WITH r AS (
         SELECT t.id, t.project_id, t.owner_unit_id FROM investor_request t JOIN project p ON p.id = t.project_id JOIN unit ou ON ou.id = t.owner_unit_id
          WHERE ($1::text IS NULL OR p.unit_path LIKE $1 OR ou.path LIKE $1) AND ($2::text IS NULL OR ou.path LIKE $2)
            AND ($3::date IS NULL OR t.raised_on >= $3) AND ($4::date IS NULL OR t.raised_on <= $4)
       ), last_cb AS (
         SELECT DISTINCT ON (c.request_id) c.request_id, c.satisfaction FROM investor_request_callback c JOIN r ON r.id = c.request_id
          ORDER BY c.request_id, c.called_on DESC, c.created_at DESC
       ), clocks AS (
         SELECT r.id, r.owner_unit_id, split_part(d.clock_key, ':', 3) AS which, d.status,
                (d.status IN ('MET','MET_LATE') OR (d.status IN ('ON_TRACK','OVERDUE','PAUSED') AND d.due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS judged
           FROM r JOIN deadline d ON d.project_id = r.project_id AND d.clock_key IN ('request:' || r.id || ':response', 'request:' || r.id || ':resolution')
       )
       SELECT u.id AS "unitId", u.name_zh AS "unitNameZh", u.name_en AS "unitNameEn",
              count(DISTINCT r.id)::int AS requests,
              count(lc.request_id)::int AS "withCallback",
              round(avg(lc.satisfaction)::numeric, 2)::float AS "averageSatisfaction",
              CASE WHEN count(lc.request_id) = 0 THEN NULL ELSE round(count(lc.request_id) FILTER (WHERE lc.satisfaction >= 4)::numeric / count(lc.request_id), 4)::float END AS "satisfiedShare",
              (SELECT CASE WHEN count(*) FILTER (WHERE c.judged) = 0 THEN NULL ELSE round(count(*) FILTER (WHERE c.status = 'MET')::numeric / count(*) FILTER (WHERE c.judged), 4)::float END
                 FROM clocks c WHERE c.owner_unit_id = u.id AND c.which = 'response') AS "onTimeResponseRate",
              (SELECT CASE WHEN count(*) FILTER (WHERE c.judged) = 0 THEN NULL ELSE round(count(*) FILTER (WHERE c.status = 'MET')::numeric / count(*) FILTER (WHERE c.judged), 4)::float END
                 FROM clocks c WHERE c.owner_unit_id = u.id AND c.which = 'resolution') AS "onTimeResolutionRate"
         FROM r JOIN unit u ON u.id = r.owner_unit_id LEFT JOIN last_cb lc ON lc.request_id = r.id
        GROUP BY u.id, u.name_zh, u.name_en, u.path ORDER BY u.path`,
      [scopePath ? likePrefix(scopePath) : null, ownerUnitPath ? likePrefix(ownerUnitPath) : null, from, to],
    );
  }

  // ------------------------------------------------------------------------------------------------------------
  // Commitments

  async listCommitments(f: CommitmentFilter, scopePath: string | null, today: string): Promise<{ items: DeskRow[]; total: number }> {
    const where: string[] = ['$1::date IS NOT NULL'];
    const values: unknown[] = [today];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (scopePath) where.push(`p.unit_path LIKE ${param(likePrefix(scopePath))}`);
    if (f.unitPath) where.push(`p.unit_path LIKE ${param(likePrefix(f.unitPath))}`);
    if (f.status?.length) where.push(`t.status = ANY(${param(f.status)}::varchar[])`);
    const overdueSql = `(t.status IN ('PENDING','PARTIAL') AND t.due_date < $1::date)`;
    if (f.overdue === true) where.push(overdueSql);
    if (f.overdue === false) where.push(`NOT ${overdueSql}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM commitment t JOIN project p ON p.id = t.project_id`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from} ${whereSql}`, values);
    const items = await this.dataSource.query(
      `SELECT ${selectList('commitment')}, ${PROJECT_COLS}, ${overdueSql} AS overdue,
              CASE WHEN ${overdueSql} THEN ($1::date - t.due_date) ELSE 0 END AS "daysOverdue"
         ${from} ${whereSql}
        ORDER BY t.due_date, t.id LIMIT ${param(f.pageSize)} OFFSET ${param((f.page - 1) * f.pageSize)}`,
      values,
    );
    return { items, total };
  }

  async insertHandlerChange(manager: EntityManager, v: { commitmentId: string; handlerId: string | null; previousHandlerId: string | null; changedBy: string; note?: string | null }) {
    await manager.query(
      `INSERT INTO commitment_handler_history (commitment_id, handler_id, previous_handler_id, changed_by, note) VALUES ($1, $2, $3, $4, $5)`,
      [v.commitmentId, v.handlerId, v.previousHandlerId, v.changedBy, v.note ?? null],
    );
  }

  async handlerHistory(commitmentId: string) {
    return this.dataSource.query(
      `SELECT h.handler_id AS "handlerId", hu.display_name AS "handlerName", h.previous_handler_id AS "previousHandlerId",
              pu.display_name AS "previousHandlerName", h.changed_by AS "changedBy", h.changed_at AS "changedAt", h.note
         FROM commitment_handler_history h LEFT JOIN app_user hu ON hu.id = h.handler_id LEFT JOIN app_user pu ON pu.id = h.previous_handler_id
        WHERE h.commitment_id = $1 ORDER BY h.changed_at, h.id`,
      [commitmentId],
    );
  }

  /** Commitments still owed (PENDING or PARTIAL) in scope, with the project's unit and days overdue at `today`. */
  async unfulfilledCommitments(scopePath: string | null, unitPath: string | null, today: string) {
    return this.dataSource.query(
      `SELECT t.id, t.title, t.kind, t.amount::text AS amount, t.status, to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", t.promised_by AS "promisedBy",
              t.handler_id AS "handlerId", hu.display_name AS "handlerName",
              greatest(0, $1::date - t.due_date) AS "daysOverdue",
              p.id AS "projectId", p.code AS "projectCode", p.name_zh AS "projectNameZh", u.id AS "unitId", u.name_zh AS "unitNameZh", u.name_en AS "unitNameEn"
         FROM commitment t JOIN project p ON p.id = t.project_id JOIN unit u ON u.id = p.unit_id LEFT JOIN app_user hu ON hu.id = t.handler_id
        WHERE t.status IN ('PENDING','PARTIAL') AND ($2::text IS NULL OR p.unit_path LIKE $2) AND ($3::text IS NULL OR p.unit_path LIKE $3)
        ORDER BY u.path, t.due_date, t.id`,
      [today, scopePath ? likePrefix(scopePath) : null, unitPath ? likePrefix(unitPath) : null],
    ) as Promise<{ unitId: string; unitNameZh: string; unitNameEn: string | null; amount: string | null; daysOverdue: number; [k: string]: unknown }[]>;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Weekly digest (from stored rows, as of the digest's reference day)

  /**
   * Investor requests overdue on `refDay` (the digest week's Sunday): a response or resolution clock due before
   * it and not met by then. The worst clock per request is listed; at most `limit`, `total` counts all.
   */
  async overdueRequestsForDigest(scopePath: string | null, refDay: string, limit: number): Promise<DigestDeskRow[]> {
    return this.dataSource.query(
      `WITH late AS (
         SELECT DISTINCT ON (t.id) t.id, t.project_id, t.title, t.category, t.owner_unit_id, d.due_date, d.explanation_zh, d.explanation_en
           FROM investor_request t JOIN project p ON p.id = t.project_id
           JOIN deadline d ON d.project_id = t.project_id AND d.clock_key IN ('request:' || t.id || ':response', 'request:' || t.id || ':resolution')
          WHERE ($1::text IS NULL OR p.unit_path LIKE $1) AND t.raised_on <= $2::date
            AND d.due_date < $2::date AND d.status NOT IN ('CANCELLED','WAIVED','RETIRED')
            AND (d.met_date IS NULL OR d.met_date > $2::date)
          ORDER BY t.id, d.due_date
       ), counted AS (SELECT late.*, count(*) OVER ()::int AS total FROM late ORDER BY due_date, id LIMIT $3)
       SELECT c.id, c.project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en, u.name_zh AS unit_name_zh,
              c.title, c.category, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, ou.name_zh AS owner, c.explanation_zh, c.explanation_en,
              NULL::text AS amount, c.total
         FROM counted c JOIN project p ON p.id = c.project_id JOIN unit u ON u.id = p.unit_id JOIN unit ou ON ou.id = c.owner_unit_id
        ORDER BY c.due_date, p.code, c.id`,
      [scopePath ? likePrefix(scopePath) : null, refDay, limit],
    );
  }

  /** Commitments overdue on `refDay`: due before it, not fulfilled by then, not waived. */
  async overdueCommitmentsForDigest(scopePath: string | null, refDay: string, limit: number): Promise<DigestDeskRow[]> {
    return this.dataSource.query(
      `WITH late AS (
         SELECT t.*, count(*) OVER ()::int AS total FROM commitment t JOIN project p ON p.id = t.project_id
          WHERE ($1::text IS NULL OR p.unit_path LIKE $1) AND t.due_date < $2::date AND t.status <> 'WAIVED'
            AND (t.status <> 'FULFILLED' OR t.fulfilled_on > $2::date)
          ORDER BY t.due_date, t.id LIMIT $3
       )
       SELECT c.id, c.project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en, u.name_zh AS unit_name_zh,
              c.title, c.kind AS category, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, coalesce(hu.display_name, c.promised_by) AS owner,
              d.explanation_zh, d.explanation_en, c.amount::text AS amount, c.total
         FROM late c JOIN project p ON p.id = c.project_id JOIN unit u ON u.id = p.unit_id LEFT JOIN app_user hu ON hu.id = c.handler_id
         LEFT JOIN deadline d ON d.project_id = c.project_id AND d.clock_key = 'commitment:' || c.id
        ORDER BY c.due_date, p.code, c.id`,
      [scopePath ? likePrefix(scopePath) : null, refDay, limit],
    );
  }
}
