import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { likePrefix, returned } from './sql.js';

export interface AlertFilter {
  status?: string[];
  level?: string[];
  unitPath?: string;
  projectId?: string;
  assigneeId?: string;
  page: number;
  pageSize: number;
}

export interface AlertRow {
  id: string;
  deadline_id: string;
  project_id: string;
  unit_path: string;
  project_code: string;
  project_name_zh: string;
  unit_id: string;
  unit_name_zh: string;
  level: 'WARNING' | 'OVERDUE' | 'ESCALATED';
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  opened_at: Date;
  level_changed_at: Date;
  assignee_id: string | null;
  assignee_name: string | null;
  ack_plan: string | null;
  next_review_date: string | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolution: string | null;
  resolve_reason: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  version: number;
  clock_key: string;
  kind: string;
  due_date: string;
  deadline_status: string;
  explanation_zh: string;
  explanation_en: string;
}

const SELECT = `SELECT a.*, p.code AS project_code, p.name_zh AS project_name_zh, p.unit_id, u.name_zh AS unit_name_zh,
    au.display_name AS assignee_name, d.clock_key, d.kind, d.due_date, d.status AS deadline_status, d.explanation_zh, d.explanation_en
  FROM alert a
  JOIN project p ON p.id = a.project_id
  JOIN unit u ON u.id = p.unit_id
  JOIN deadline d ON d.id = a.deadline_id
  LEFT JOIN app_user au ON au.id = a.assignee_id`;


/** Alerts (预警督办) with scoping by unit path, level history and comments. */
@Injectable()
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: AlertFilter, scopePath: string | null): Promise<{ items: AlertRow[]; total: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (scopePath) where.push(`a.unit_path LIKE ${param(likePrefix(scopePath))}`);
    if (filter.unitPath) where.push(`a.unit_path LIKE ${param(likePrefix(filter.unitPath))}`);
    if (filter.status?.length) where.push(`a.status = ANY(${param(filter.status)}::varchar[])`);
    if (filter.level?.length) where.push(`a.level = ANY(${param(filter.level)}::varchar[])`);
    if (filter.projectId) where.push(`a.project_id = ${param(filter.projectId)}::uuid`);
    if (filter.assigneeId) where.push(`a.assignee_id = ${param(filter.assigneeId)}::uuid`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM alert a ${whereSql}`, values);
    const items = await this.dataSource.query(
      `${SELECT} ${whereSql}
       ORDER BY CASE a.status WHEN 'RESOLVED' THEN 1 ELSE 0 END,
                CASE a.level WHEN 'ESCALATED' THEN 0 WHEN 'OVERDUE' THEN 1 ELSE 2 END, d.due_date, a.id
       LIMIT ${param(filter.pageSize)} OFFSET ${param((filter.page - 1) * filter.pageSize)}`,
      values,
    );
    return { items, total };
  }

  /** The alert if it exists and lies in scope (`scopePath` null = all). */
  async findInScope(id: string, scopePath: string | null, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AlertRow | null> {
    const rows: AlertRow[] = await manager.query(
      `${SELECT} WHERE a.id = $1 ${scopePath ? `AND a.unit_path LIKE $2` : ''} ${lock ? 'FOR UPDATE OF a' : ''}`,
      scopePath ? [id, likePrefix(scopePath)] : [id],
    );
    return rows[0] ?? null;
  }

  history(alertId: string): Promise<{ level: string; at: Date }[]> {
    return this.dataSource.query(`SELECT level, at FROM alert_level_history WHERE alert_id = $1 ORDER BY at, id`, [alertId]);
  }

  comments(alertId: string): Promise<{ id: string; author_id: string | null; author_name: string | null; text: string; created_at: Date }[]> {
    return this.dataSource.query(
      `SELECT c.id, c.author_id, u.display_name AS author_name, c.text, c.created_at FROM alert_comment c
        LEFT JOIN app_user u ON u.id = c.author_id WHERE c.alert_id = $1 ORDER BY c.created_at, c.id`,
      [alertId],
    );
  }

  async addComment(manager: EntityManager, alertId: string, authorId: string, text: string): Promise<{ id: string; created_at: Date }> {
    const [row] = await manager.query(`INSERT INTO alert_comment (alert_id, author_id, text) VALUES ($1, $2, $3) RETURNING id, created_at`, [
      alertId,
      authorId,
      text,
    ]);
    return row;
  }

  /** A project moved to another unit: its alerts follow it (scoping reads alert.unit_path). */
  async moveProject(manager: EntityManager, projectId: string, unitPath: string): Promise<void> {
    await manager.query(`UPDATE alert SET unit_path = $2, updated_at = now() WHERE project_id = $1`, [projectId, unitPath]);
  }

  /** Applies `set` (column → value) when the alert is not resolved; bumps the version. Returns false when resolved meanwhile. */
  async update(manager: EntityManager, id: string, set: Record<string, unknown>): Promise<boolean> {
    const cols = Object.keys(set);
    const assignments = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
    const rows = returned(
      await manager.query(
        `UPDATE alert SET ${assignments}, version = version + 1, updated_at = now() WHERE id = $1 AND status <> 'RESOLVED' RETURNING id`,
        [id, ...cols.map((c) => set[c])],
      ),
    );
    return rows.length > 0;
  }
}

/** In-app notices (the bell): one per (user, alert, level). */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(userId: string, unreadOnly: boolean, page: number, pageSize: number) {
    const filter = unreadOnly ? 'AND n.read_at IS NULL' : '';
    const [{ total, unread }] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notification n WHERE n.user_id = $1 ${filter}`,
      [userId],
    );
    const items = await this.dataSource.query(
      `SELECT n.id, n.alert_id AS "alertId", n.level, n.title, n.body, n.read_at AS "readAt", n.created_at AS "createdAt", a.project_id AS "projectId"
         FROM notification n JOIN alert a ON a.id = n.alert_id
        WHERE n.user_id = $1 ${filter} ORDER BY n.created_at DESC, n.id LIMIT $2 OFFSET $3`,
      [userId, pageSize, (page - 1) * pageSize],
    );
    return { items, total, unread };
  }

  /** Marks notices read; `ids` null = all of the user's. Returns how many changed. */
  async markRead(userId: string, ids: string[] | null): Promise<number> {
    const rows = returned(
      await this.dataSource.query(
        `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${ids ? 'AND id = ANY($2::uuid[])' : ''} RETURNING id`,
        ids ? [userId, ids] : [userId],
      ),
    );
    return rows.length;
  }
}
