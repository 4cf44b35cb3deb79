import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from '../entities/index.js';

/** One audit row with its actor's display name (null for the system or a removed user). */
export interface ProjectAuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_display_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

/**
 * The audit keys (entity, entity_id) that belong to project $1: the project row itself and every row that
 * carries its project_id (stage transitions, the four kinds of record, alerts, and the service desk's approval items,
 * investor requests with their callbacks, and commitments; its contacts, activities, follow-ups, team and
 * service plan). Each branch is an index
 * lookup by project, and each key an index lookup on audit_log (entity, entity_id, id).
 */
const PROJECT_AUDIT_KEYS = `
  SELECT 'project'::varchar AS entity, $1::text AS entity_id
  UNION ALL SELECT 'stage_transition', id::text FROM stage_transition WHERE project_id = $1::uuid
  UNION ALL SELECT 'milestone_event', id::text FROM milestone_event WHERE project_id = $1::uuid
  UNION ALL SELECT 'money_record', id::text FROM money_record WHERE project_id = $1::uuid
  UNION ALL SELECT 'progress_report', id::text FROM progress_report WHERE project_id = $1::uuid
  UNION ALL SELECT 'project_issue', id::text FROM project_issue WHERE project_id = $1::uuid
  UNION ALL SELECT 'alert', id::text FROM alert WHERE project_id = $1::uuid
  UNION ALL SELECT 'approval_item', id::text FROM approval_item WHERE project_id = $1::uuid
  UNION ALL SELECT 'investor_request', id::text FROM investor_request WHERE project_id = $1::uuid
  UNION ALL SELECT 'investor_request_callback', c.id::text FROM investor_request_callback c JOIN investor_request r ON r.id = c.request_id WHERE r.project_id = $1::uuid
  UNION ALL SELECT 'commitment', id::text FROM commitment WHERE project_id = $1::uuid
  UNION ALL SELECT 'contact', id::text FROM contact WHERE project_id = $1::uuid
  UNION ALL SELECT 'activity', id::text FROM activity WHERE project_id = $1::uuid
  UNION ALL SELECT 'follow_up_task', id::text FROM follow_up_task WHERE project_id = $1::uuid
  UNION ALL SELECT 'project_team_member', id::text FROM project_team_member WHERE project_id = $1::uuid
  UNION ALL SELECT 'service_plan', $1::text`;

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes the audit log (留痕). Always called with the transaction's manager, so the log and the change commit together. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      'INSERT INTO audit_log (actor_id, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)',
      [entry.actorId, entry.action, entry.entity, entry.entityId, toJson(entry.before), toJson(entry.after)],
    );
  }

  async list(filter: { entity?: string; entityId?: string; actorId?: string; page: number; pageSize: number }) {
    const qb = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (filter.entity) qb.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    const [items, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** Audit entries of one project and of everything recorded on it, newest first. */
  async forProject(projectId: string, page: number, pageSize: number): Promise<{ items: ProjectAuditRow[]; total: number }> {
    const keys = `WITH k AS (${PROJECT_AUDIT_KEYS}) `;
    const [{ total }] = await this.dataSource.query(
      `${keys} SELECT count(*)::int AS total FROM audit_log a JOIN k ON a.entity = k.entity AND a.entity_id = k.entity_id`,
      [projectId],
    );
    const items: ProjectAuditRow[] = await this.dataSource.query(
      `${keys} SELECT a.id, a.at, a.actor_id, u.display_name AS actor_display_name, a.action, a.entity, a.entity_id, a.before, a.after
         FROM audit_log a JOIN k ON a.entity = k.entity AND a.entity_id = k.entity_id
         LEFT JOIN app_user u ON u.id = a.actor_id
        ORDER BY a.id DESC LIMIT $2 OFFSET $3`,
      [projectId, pageSize, (page - 1) * pageSize],
    );
    return { items, total };
  }
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
