import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, businessToday, DomainError, DomainErrorCode, notFound, scopeOf } from '#domain';
import { AlertRepository, AlertRow, AuditRepository, DeadlineRepository, UnitRepository, UserRepository } from '#persistence';
import { ProjectsService } from '../projects/projects.service.js';
import { ListAlertsQueryDto } from './alerts.dto.js';

export function toAlertResponse(a: AlertRow) {
  return {
    id: a.id,
    level: a.level,
    status: a.status,
    project: { id: a.project_id, code: a.project_code, nameZh: a.project_name_zh },
    unit: { id: a.unit_id, nameZh: a.unit_name_zh },
    deadline: {
      id: a.deadline_id,
      key: a.clock_key,
      kind: a.kind,
      dueDate: a.due_date,
      status: a.deadline_status,
      explanation: { zh: a.explanation_zh, en: a.explanation_en },
    },
    openedAt: a.opened_at,
    levelChangedAt: a.level_changed_at,
    assignee: a.assignee_id ? { id: a.assignee_id, displayName: a.assignee_name } : null,
    acknowledgement: a.acknowledged_at ? { plan: a.ack_plan, nextReviewDate: a.next_review_date, by: a.acknowledged_by, at: a.acknowledged_at } : null,
    resolution: a.resolved_at ? { kind: a.resolution, reason: a.resolve_reason, by: a.resolved_by, at: a.resolved_at } : null,
    version: a.version,
  };
}

type Action = 'acknowledge' | 'assign' | 'comment' | 'resolve';

/** Who may do what to an alert in their scope (预警督办). */
const ALLOWED: Record<Action, readonly Actor['role'][]> = {
  acknowledge: ['staff', 'manager', 'admin'],
  comment: ['staff', 'manager', 'director', 'admin'],
  assign: ['manager', 'director', 'admin'],
  resolve: ['manager', 'admin'],
};

@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditRepository,
    private readonly projects: ProjectsService,
  ) {}

  async list(actor: Actor, q: ListAlertsQueryDto) {
    let unitPath: string | undefined;
    if (q.unitId) {
      const unit = await this.units.findById(q.unitId);
      if (!unit) throw new DomainError(DomainErrorCode.InvalidReference, `Unit ${q.unitId} does not exist`, { field: 'unitId' });
      unitPath = unit.path;
    }
    const { items, total } = await this.alerts.list(
      { status: q.status, level: q.level, unitPath, projectId: q.projectId, assigneeId: q.assigneeId, page: q.page, pageSize: q.pageSize },
      scopeOf(actor).unitPath,
    );
    return { items: items.map(toAlertResponse), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string) {
    const alert = await this.alerts.findInScope(id, scopeOf(actor).unitPath);
    if (!alert) throw notFound('Alert', id);
    const [history, comments] = await Promise.all([this.alerts.history(id), this.alerts.comments(id)]);
    return {
      ...toAlertResponse(alert),
      levelHistory: history,
      comments: comments.map((c) => ({ id: c.id, author: { id: c.author_id, displayName: c.author_name }, text: c.text, createdAt: c.created_at })),
    };
  }

  acknowledge(actor: Actor, id: string, plan: string, nextReviewDate: string, now = new Date()) {
    const today = businessToday(now);
    if (nextReviewDate < today) {
      throw new DomainError(DomainErrorCode.InvalidDate, `nextReviewDate ${nextReviewDate} is in the past (today is ${today})`, { field: 'nextReviewDate' });
    }
    return this.act(actor, 'acknowledge', id, async (m, alert) => {
      await this.requireOpen(m, alert, {
        status: 'ACKNOWLEDGED', ack_plan: plan, next_review_date: nextReviewDate, acknowledged_by: actor.id, acknowledged_at: new Date(),
      });
    });
  }

  assign(actor: Actor, id: string, userId: string) {
    return this.act(actor, 'assign', id, async (m, alert) => {
      const found = await this.users.findWithUnit(userId);
      if (!found || !found.user.active) throw new DomainError(DomainErrorCode.InvalidReference, `User ${userId} does not exist or is inactive`, { field: 'userId' });
      if (!['staff', 'manager'].includes(found.user.role) || !alert.unit_path.startsWith(found.unit.path)) {
        throw new DomainError(DomainErrorCode.InvalidReference, `${found.user.displayName} is not staff or a manager of the project's unit`, { field: 'userId' });
      }
      await this.requireOpen(m, alert, { assignee_id: userId });
    });
  }

  comment(actor: Actor, id: string, text: string) {
    return this.act(actor, 'comment', id, async (m, alert) => {
      await this.alerts.addComment(m, alert.id, actor.id, text);
    });
  }

  /** Waives the deadline with a reason: the alert resolves now, the clock becomes WAIVED on re-evaluation. */
  resolve(actor: Actor, id: string, reason: string) {
    return this.act(actor, 'resolve', id, async (m, alert) => {
      if (alert.status === 'RESOLVED') throw new DomainError(DomainErrorCode.InvalidStageTransition, 'The alert is resolved already');
      await this.alerts.update(m, alert.id, { status: 'RESOLVED', resolution: 'WAIVED', resolve_reason: reason, resolved_by: actor.id, resolved_at: new Date() });
      await this.deadlines.waive(m, alert.project_id, alert.clock_key, reason, actor.id);
      await this.projects.markChanged(m, alert.project_id);
    }, true);
  }

  /** Runs the same action on many alerts; each succeeds or fails on its own. */
  async bulk(ids: string[], run: (id: string) => Promise<unknown>) {
    const results: { id: string; ok: boolean; error?: { code: string; message: string } }[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        await run(id);
        results.push({ id, ok: true });
      } catch (e) {
        const err = e as { code?: string; message: string; response?: { code?: string; message?: string } };
        results.push({ id, ok: false, error: { code: err.code ?? err.response?.code ?? 'ERROR', message: err.response?.message ?? err.message } });
      }
    }
    return { results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
  }

  private async act(actor: Actor, action: Action, id: string, fn: (m: EntityManager, alert: AlertRow) => Promise<void>, reevaluate = false) {
    if (!ALLOWED[action].includes(actor.role)) {
      throw new DomainError(DomainErrorCode.Forbidden, `The ${actor.role} role cannot ${action} alerts`);
    }
    const scopePath = scopeOf(actor).unitPath;
    const projectId = await this.dataSource.transaction(async (m) => {
      const alert = await this.alerts.findInScope(id, scopePath, m, true);
      if (!alert) throw notFound('Alert', id);
      await fn(m, alert);
      const after = await this.alerts.findInScope(id, null, m);
      await this.audit.record(m, { actorId: actor.id, action, entity: 'alert', entityId: id, before: toAlertResponse(alert), after: after && toAlertResponse(after) });
      return alert.project_id;
    });
    if (reevaluate) await this.projects.afterChange(projectId, 'alert.resolved');
    return this.get(actor, id);
  }

  private async requireOpen(m: EntityManager, alert: AlertRow, set: Record<string, unknown>) {
    if (alert.status === 'RESOLVED' || !(await this.alerts.update(m, alert.id, set))) {
      throw new DomainError(DomainErrorCode.InvalidStageTransition, 'The alert is resolved already', { status: alert.status });
    }
  }
}
