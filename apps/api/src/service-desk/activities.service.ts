import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, businessToday, DomainError, DomainErrorCode, notFound, pathWithin, scopeOf, type Scope } from '#domain';
import { AuditRepository, ProjectRepository, ServiceDeskRepository } from '#persistence';
import { ProjectsService } from '../projects/projects.service.js';
import { CreateActivityDto, CreateFollowUpDto, PageQueryDto, UpdateActivityDto, UpdateFollowUpDto } from './dto/service-desk.dto.js';
import { InvestorsService } from './investors.service.js';

interface ActivityRow {
  id: string;
  projectId: string | null;
  investorId: string | null;
  unitPath: string;
  occurredOn: string;
  contactIds: string[];
  version: number;
}
interface FollowUpRow {
  id: string;
  activityId: string;
  projectId: string | null;
  unitPath: string;
  assigneeId: string;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  dueDate: string;
  remindAt: string | null;
  version: number;
}

/** Where an activity belongs: the project's unit (project activities) or the recorder's unit (investor-level ones). */
interface Owner {
  projectId: string | null;
  investorId: string | null;
  unitPath: string;
}

/**
 * The activity timeline (走访, 洽谈, 会议, 电话, 备注) of projects and investors, their follow-up tasks
 * (assigned to staff or managers of the project's unit or a parent unit), "my tasks", and the merged
 * project / investor timeline.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: ServiceDeskRepository,
    private readonly projects: ProjectsService,
    private readonly projectRepo: ProjectRepository,
    private readonly investors: InvestorsService,
    private readonly audit: AuditRepository,
  ) {}

  async list(actor: Actor, by: { projectId?: string; investorId?: string }, page: PageQueryDto) {
    const scope = scopeOf(actor);
    if (by.projectId) {
      await this.projects.requireInScope(by.projectId, scope);
      return this.desk.activities({ projectId: by.projectId, scopePath: null }, page.page, page.pageSize);
    }
    await this.investors.requireInvestor(by.investorId!);
    return this.desk.activities({ investorId: by.investorId, scopePath: scope.unitPath }, page.page, page.pageSize);
  }

  async create(actor: Actor, by: { projectId?: string; investorId?: string }, dto: CreateActivityDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.requireNotFuture(dto.occurredOn, now);
    for (const [i, f] of (dto.followUps ?? []).entries()) this.requireDueDate(f, now, `followUps.${i}.`);
    return this.dataSource.transaction(async (m) => {
      let owner: Owner;
      if (by.projectId) {
        const project = await this.projects.requireInScope(by.projectId, scope, m);
        owner = { projectId: project.id, investorId: null, unitPath: project.unitPath };
        await this.requireContacts(dto.contactIds, project.id, project.investorId);
      } else {
        await this.investors.requireInvestor(by.investorId!, m);
        owner = { projectId: null, investorId: by.investorId!, unitPath: actor.unitPath };
        await this.requireContacts(dto.contactIds, null, by.investorId!);
      }
      const { followUps, ...values } = dto;
      const activity = await this.desk.insert<ActivityRow>(m, 'activity', { ...values, ...owner, createdBy: actor.id });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'activity', entityId: activity.id, after: activity });
      const tasks = [];
      for (const [i, f] of (followUps ?? []).entries()) tasks.push(await this.insertFollowUp(m, actor, activity, owner, f, `followUps.${i}.`));
      return { ...activity, followUps: tasks };
    });
  }

  async update(actor: Actor, id: string, dto: UpdateActivityDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    if (dto.occurredOn) this.requireNotFuture(dto.occurredOn, now);
    return this.dataSource.transaction(async (m) => {
      const { activity, owner } = await this.requireActivity(m, id, scope, true);
      if (activity.version !== dto.version) throw this.stale('activity', activity.version);
      if (dto.contactIds) await this.requireContacts(dto.contactIds, owner.projectId, owner.projectId ? await this.projectInvestor(m, owner.projectId) : owner.investorId);
      const { version, ...values } = dto;
      const after = await this.desk.updateVersioned<ActivityRow>(m, 'activity', id, version, values);
      if (!after) throw this.stale('activity', activity.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'activity', entityId: id, before: activity, after });
      return after;
    });
  }

  async addFollowUp(actor: Actor, activityId: string, dto: CreateFollowUpDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.requireDueDate(dto, now, '');
    return this.dataSource.transaction(async (m) => {
      const { activity, owner } = await this.requireActivity(m, activityId, scope);
      return this.insertFollowUp(m, actor, activity, owner, dto, '');
    });
  }

  async updateFollowUp(actor: Actor, id: string, dto: UpdateFollowUpDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const before = await this.desk.findOne<FollowUpRow>('follow_up_task', id, m, true);
      if (!before) throw notFound('Follow-up', id);
      const { owner } = await this.requireActivity(m, before.activityId, scope).catch(() => {
        throw notFound('Follow-up', id);
      });
      if (before.version !== dto.version) throw this.stale('follow-up', before.version);
      this.requireRescheduled(before, dto, now);
      const { version, action, ...values } = dto;
      const change: Record<string, unknown> = { ...values };
      if (action) Object.assign(change, this.transition(before.status, action, now));
      if (dto.assigneeId && dto.assigneeId !== before.assigneeId) await this.requireAssignable(m, dto.assigneeId, owner.unitPath, 'assigneeId');
      const after = await this.desk.updateVersioned<FollowUpRow>(m, 'follow_up_task', id, version, change);
      if (!after) throw this.stale('follow-up', before.version);
      if (
        (dto.dueDate && dto.dueDate !== before.dueDate) ||
        (dto.remindAt !== undefined && dto.remindAt !== before.remindAt) ||
        (dto.assigneeId && dto.assigneeId !== before.assigneeId) ||
        action === 'REOPEN'
      ) {
        await this.desk.clearReminders(m, id);
      }
      const verb = action === 'COMPLETE' ? 'complete' : action === 'CANCEL' ? 'cancel' : action === 'REOPEN' ? 'reopen' : dto.assigneeId ? 'reassign' : 'update';
      await this.audit.record(m, { actorId: actor.id, action: verb, entity: 'follow_up_task', entityId: id, before, after });
      return after;
    });
  }

  async myTasks(actor: Actor, status: 'OPEN' | 'DONE' | 'CANCELLED', now = new Date()) {
    const today = businessToday(now);
    const items = (await this.desk.myTasks(actor.id, status)) as (FollowUpRow & Record<string, unknown>)[];
    return { today, items: items.map((t) => ({ ...t, overdue: t.status === 'OPEN' && t.dueDate < today })) };
  }

  async projectTimeline(actor: Actor, projectId: string, page: PageQueryDto) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    return this.timeline([projectId], null, null, page);
  }

  async investorTimeline(actor: Actor, investorId: string, page: PageQueryDto) {
    await this.investors.requireInvestor(investorId);
    const scope = scopeOf(actor);
    const projectIds = await this.desk.projectIdsOfInvestor(investorId, scope.unitPath);
    return this.timeline(projectIds, investorId, scope.unitPath, page);
  }

  private async timeline(projectIds: string[], investorId: string | null, scopePath: string | null, page: PageQueryDto) {
    const { items, total } = await this.desk.timeline(projectIds, investorId, scopePath, page.page, page.pageSize);
    return {
      items: items.map((r) => ({ at: r.at, kind: r.kind, title: r.title, detail: r.detail, projectId: r.projectId, ref: { type: r.refType, id: r.refId } })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  // ——— helpers ———

  private async insertFollowUp(m: EntityManager, actor: Actor, activity: ActivityRow, owner: Owner, dto: CreateFollowUpDto, prefix: string) {
    await this.requireAssignable(m, dto.assigneeId, owner.unitPath, `${prefix}assigneeId`);
    const task = await this.desk.insert<FollowUpRow>(m, 'follow_up_task', {
      ...dto,
      activityId: activity.id,
      projectId: owner.projectId,
      unitPath: owner.unitPath,
      status: 'OPEN',
      createdBy: actor.id,
    });
    await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'follow_up_task', entityId: task.id, after: task });
    return task;
  }

  /** The activity if the actor may see it (project activities through the project's scope), with its current owner. */
  private async requireActivity(m: EntityManager, id: string, scope: Scope, lock = false): Promise<{ activity: ActivityRow; owner: Owner }> {
    const activity = await this.desk.findOne<ActivityRow>('activity', id, m, lock);
    if (!activity) throw notFound('Activity', id);
    if (activity.projectId) {
      const project = await this.projectRepo.findInScope(activity.projectId, scope, m);
      if (!project) throw notFound('Activity', id);
      return { activity, owner: { projectId: project.id, investorId: null, unitPath: project.unitPath } };
    }
    if (!pathWithin(activity.unitPath, scope)) throw notFound('Activity', id);
    return { activity, owner: { projectId: null, investorId: activity.investorId, unitPath: activity.unitPath } };
  }

  private async projectInvestor(m: EntityManager, projectId: string): Promise<string | null> {
    const [row] = await m.query('SELECT investor_id FROM project WHERE id = $1', [projectId]);
    return row?.investor_id ?? null;
  }

  private async requireAssignable(m: EntityManager, userId: string, unitPath: string, field: string) {
    if (!(await this.desk.isAssignable(userId, unitPath, m))) {
      throw new DomainError(
        DomainErrorCode.InvalidReference,
        `${field}: the assignee must be an active staff member or manager of this unit or one of its parent units`,
        { field },
      );
    }
  }

  private async requireContacts(ids: string[] | undefined, projectId: string | null, investorId: string | null) {
    const foreign = await this.desk.foreignContactIds([...new Set(ids ?? [])], projectId, investorId);
    if (foreign.length) {
      throw new DomainError(DomainErrorCode.InvalidReference, `contactIds: ${foreign.join(', ')} are not contacts of this project or its investor`, {
        field: 'contactIds',
        missing: foreign,
      });
    }
  }

  private requireNotFuture(date: string, now: Date) {
    const today = businessToday(now);
    if (date > today) {
      throw new DomainError(DomainErrorCode.EffectiveDateInFuture, `occurredOn ${date} is in the future (today is ${today} in Asia/Shanghai)`, { field: 'occurredOn', today });
    }
  }

  private requireDueDate(dto: CreateFollowUpDto, now: Date, prefix: string) {
    const today = businessToday(now);
    if (dto.dueDate < today) {
      throw new DomainError(DomainErrorCode.InvalidDate, `${prefix}dueDate ${dto.dueDate} is in the past (today is ${today})`, { field: `${prefix}dueDate` });
    }
    if (dto.remindAt && dto.remindAt > dto.dueDate) {
      throw new DomainError(DomainErrorCode.InvalidDate, `${prefix}remindAt must not be after dueDate`, { field: `${prefix}remindAt` });
    }
  }

  /** A new due date is not in the past (as on creation), and the reminder day stays on or before the due date. */
  private requireRescheduled(before: FollowUpRow, dto: UpdateFollowUpDto, now: Date) {
    const today = businessToday(now);
    if (dto.dueDate && dto.dueDate !== before.dueDate && dto.dueDate < today) {
      throw new DomainError(DomainErrorCode.InvalidDate, `dueDate ${dto.dueDate} is in the past (today is ${today})`, { field: 'dueDate' });
    }
    const dueDate = dto.dueDate ?? before.dueDate;
    const remindAt = dto.remindAt === undefined ? before.remindAt : dto.remindAt;
    if (remindAt && remindAt > dueDate) {
      throw new DomainError(DomainErrorCode.InvalidDate, `remindAt ${remindAt} must not be after dueDate ${dueDate}`, { field: 'remindAt' });
    }
  }

  private transition(from: FollowUpRow['status'], action: 'COMPLETE' | 'CANCEL' | 'REOPEN', now: Date) {
    const to = action === 'COMPLETE' ? 'DONE' : action === 'CANCEL' ? 'CANCELLED' : 'OPEN';
    const allowed = action === 'REOPEN' ? from !== 'OPEN' : from === 'OPEN';
    if (!allowed) {
      throw new UnprocessableEntityException({ code: 'INVALID_TASK_TRANSITION', message: `A ${from} follow-up cannot be ${{ COMPLETE: 'completed', CANCEL: 'cancelled', REOPEN: 'reopened' }[action]}`, details: { from, to } });
    }
    return { status: to, doneAt: to === 'DONE' ? now : null };
  }

  private stale(what: string, current: number) {
    return new DomainError(DomainErrorCode.StaleVersion, `This ${what} was changed by someone else: reload it (current version ${current})`, { currentVersion: current });
  }
}
