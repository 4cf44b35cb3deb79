import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  APPROVAL_DEFAULT_LIMITS,
  APPROVAL_STATUS_LABELS,
  businessToday,
  callbackAllowsClosing,
  canMoveApproval,
  canMoveRequest,
  CHECKLIST_TEMPLATE_DEFS,
  DomainError,
  DomainErrorCode,
  nextApprovalStatuses,
  notFound,
  pathWithin,
  REQUEST_STATUS_LABELS,
  Scope,
  scopeOf,
  type ApprovalStatus,
  type RequestStatus,
} from '#domain';
import { AuditRepository, ServiceDeskClockRepository, UnitRepository, type DeskRow, type DeskTable } from '#persistence';
import { ProjectsService } from '../projects/projects.service.js';
import type {
  ApplyTemplateDto,
  CreateApprovalItemDto,
  CreateCallbackDto,
  CreateCommitmentDto,
  CreateInvestorRequestDto,
  ListCommitmentsQueryDto,
  ListInvestorRequestsQueryDto,
  RequestStatsQueryDto,
  UpdateApprovalItemDto,
  UpdateCommitmentDto,
  UpdateInvestorRequestDto,
} from './desk-clocks.dto.js';

const ENTITY: Record<DeskTable, string> = { approval_item: 'approval_item', investor_request: 'investor_request', commitment: 'commitment' };
const LABEL: Record<DeskTable, string> = { approval_item: 'Approval item', investor_request: 'Investor request', commitment: 'Commitment' };

const dateError = (field: string, message: string) => new DomainError(DomainErrorCode.InvalidDate, message, { field });
const transitionError = (message: string, details: Record<string, unknown>) => new DomainError(DomainErrorCode.InvalidStatusTransition, message, details);

/** Drops the internal scoping column from a row. */
function out<T extends DeskRow>(row: T): Omit<T, 'projectUnitPath'> {
  const { projectUnitPath: _p, ...rest } = row;
  return rest;
}

/**
 * The service desk's clocked records: approval checklist (领办代办, 限时审批), investor requests (诉求) with callbacks
 * (回访), commitments (承诺兑现). Scoped like projects (a record outside your units answers 404), audited, and every
 * change marks its project for re-evaluation in the same transaction, so the worker recomputes its clocks.
 */
@Injectable()
export class DeskClocksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly desk: ServiceDeskClockRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditRepository,
  ) {}

  // ------------------------------------------------------------------------------------------------------------
  // Shared

  /** A record by id, if its project is in scope (for requests: or its owner unit); 404 otherwise. */
  private async requireRecord(table: DeskTable, id: string, scope: Scope, m?: EntityManager, lock = false): Promise<DeskRow> {
    const row = await this.desk.find(table, id, m, lock);
    if (row && pathWithin(row.projectUnitPath!, scope)) return row;
    if (row && table === 'investor_request') {
      const owner = await this.units.findById(row.ownerUnitId as string);
      if (owner && pathWithin(owner.path, scope)) return row;
    }
    throw notFound(LABEL[table], id);
  }

  private stale(table: DeskTable, current: number) {
    return new DomainError(DomainErrorCode.StaleVersion, `This ${ENTITY[table]} was changed by someone else: reload it (current version ${current})`, {
      currentVersion: current,
    });
  }

  private notFuture(date: string | undefined | null, field: string, now: Date) {
    const today = businessToday(now);
    if (date && date > today) {
      throw new DomainError(DomainErrorCode.EffectiveDateInFuture, `${field} ${date} is in the future (today is ${today} in Asia/Shanghai)`, { field, today });
    }
  }

  /** 代办员 / handler: an active staff member or manager of the project's unit or an ancestor unit. */
  private async requireHandler(m: EntityManager, userId: string, projectUnitPath: string, field: string) {
    const rows = await m.query(
      `SELECT u.id FROM app_user u JOIN unit uu ON uu.id = u.unit_id
        WHERE u.id = $1 AND u.active AND u.role IN ('staff','manager') AND $2 LIKE uu.path || '%'`,
      [userId, projectUnitPath],
    );
    if (!rows.length) {
      throw new DomainError(
        DomainErrorCode.InvalidReference,
        `User ${userId} cannot be assigned: it must be an active staff member or manager of the project's unit or a unit above it`,
        { field },
      );
    }
  }

  private async unitPath(unitId: string | undefined, field = 'unitId'): Promise<string | null> {
    if (!unitId) return null;
    const unit = await this.units.findById(unitId);
    if (!unit) throw new DomainError(DomainErrorCode.InvalidReference, `Unit ${unitId} does not exist`, { field });
    return unit.path;
  }

  private async write<T>(actor: Actor, projectId: string, reason: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(async (m) => {
      const r = await work(m);
      await this.projects.markChanged(m, projectId);
      return r;
    });
    await this.projects.afterChange(projectId, reason);
    return result;
  }

  private async clocksOf(projectId: string, keys: string[]) {
    const rows = await this.dataSource.query(
      `SELECT d.id, d.clock_key AS key, d.kind, to_char(d.start_date, 'YYYY-MM-DD') AS "startDate", to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate",
              d.status, d.level, d.warn_at AS "warnAt", d.due_at AS "dueAt", d.escalate_at AS "escalateAt",
              to_char(d.met_date, 'YYYY-MM-DD') AS "metDate", d.explanation_zh, d.explanation_en,
              (SELECT a.id FROM alert a WHERE a.deadline_id = d.id AND a.status <> 'RESOLVED') AS "openAlertId"
         FROM deadline d WHERE d.project_id = $1 AND d.clock_key = ANY($2::text[]) ORDER BY d.clock_key`,
      [projectId, keys],
    );
    return rows.map(({ explanation_zh, explanation_en, ...r }: Record<string, unknown>) => ({ ...r, explanation: { zh: explanation_zh, en: explanation_en } }));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Approval checklist (领办代办, 限时审批)

  async listApprovals(actor: Actor, projectId: string) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    const items = await this.desk.listForProject('approval_item', projectId);
    const clocks = await this.clocksOf(projectId, items.map((i) => `approval:${i.id}`));
    const byKey = new Map(clocks.map((c: { key: string }) => [c.key, c]));
    return { items: items.map((i) => ({ ...i, clock: byKey.get(`approval:${i.id}`) ?? null })) };
  }

  async createApproval(actor: Actor, projectId: string, dto: CreateApprovalItemDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.notFuture(dto.submittedOn, 'submittedOn', now);
    return this.write(actor, projectId, 'approval_item.created', async (m) => {
      const project = await this.projects.requireInScope(projectId, scope, m, true);
      if (dto.assigneeId) await this.requireHandler(m, dto.assigneeId, project.unitPath, 'assigneeId');
      const [{ n }] = await m.query(`SELECT coalesce(max(sort_order), 0) + 1 AS n FROM approval_item WHERE project_id = $1`, [projectId]);
      const row = await this.desk.insert(m, 'approval_item', {
        ...dto,
        projectId,
        timeLimitDays: dto.timeLimitDays ?? APPROVAL_DEFAULT_LIMITS[dto.itemType],
        status: dto.submittedOn ? 'IN_PROGRESS' : 'NOT_STARTED',
        sortOrder: n,
        createdBy: actor.id,
      });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'approval_item', entityId: row.id, after: out(row) });
      return out(row);
    });
  }

  /** Adds the template's item types the project does not have yet, each with its default limit; returns what it added and skipped. */
  async applyTemplate(actor: Actor, projectId: string, dto: ApplyTemplateDto) {
    const scope = this.projects.requireWriter(actor);
    const template = CHECKLIST_TEMPLATE_DEFS[dto.template];
    return this.write(actor, projectId, 'approval_item.template', async (m) => {
      await this.projects.requireInScope(projectId, scope, m, true);
      const existing: { item_type: string }[] = await m.query(`SELECT DISTINCT item_type FROM approval_item WHERE project_id = $1`, [projectId]);
      const have = new Set(existing.map((e) => e.item_type));
      const [{ n }] = await m.query(`SELECT coalesce(max(sort_order), 0) AS n FROM approval_item WHERE project_id = $1`, [projectId]);
      const created = [];
      const skipped = [];
      let order = Number(n);
      for (const it of template.items) {
        if (have.has(it.itemType)) {
          skipped.push(it.itemType);
          continue;
        }
        const row = await this.desk.insert(m, 'approval_item', {
          projectId, itemType: it.itemType, timeLimitDays: it.limitDays, status: 'NOT_STARTED', template: template.code, sortOrder: ++order, createdBy: actor.id,
        });
        await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'approval_item', entityId: row.id, after: out(row) });
        created.push(out(row));
      }
      return { template: { code: template.code, label: template.label }, created, skipped };
    });
  }

  async updateApproval(actor: Actor, id: string, dto: UpdateApprovalItemDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    const today = businessToday(now);
    for (const f of ['submittedOn', 'completedOn', 'returnedOn'] as const) this.notFuture(dto[f], f, now);
    const pre = await this.requireRecord('approval_item', id, scope);
    return this.write(actor, pre.projectId, 'approval_item.updated', async (m) => {
      const before = await this.requireRecord('approval_item', id, scope, m, true);
      if (before.version !== dto.version) throw this.stale('approval_item', before.version);
      const from = before.status as ApprovalStatus;
      const to = dto.status ?? from;
      if (!canMoveApproval(from, to)) {
        const next = nextApprovalStatuses(from);
        throw transitionError(
          `An approval item cannot move from ${from} (${APPROVAL_STATUS_LABELS[from].zh}) to ${to} (${APPROVAL_STATUS_LABELS[to].zh}); ` +
            (next.length ? `from ${from} it can move to ${next.join(' or ')}` : `${from} is final`),
          { field: 'status', from, to, allowed: next },
        );
      }
      const { version: _v, status: _s, ...fields } = dto;
      const values: Record<string, unknown> = { ...fields };
      const submitted = (dto.submittedOn ?? before.submittedOn) as string | null;
      let completed = (before.completedOn as string | null) ?? null;
      if (to !== from) values.status = to;
      if (from === 'NOT_STARTED' && to === 'IN_PROGRESS') {
        if (!dto.submittedOn) throw transitionError('Starting an approval item (IN_PROGRESS) needs submittedOn: the date the materials were submitted', { field: 'submittedOn' });
      }
      if (from === 'RETURNED' && to === 'IN_PROGRESS') {
        // Resubmission: the 限时审批 clock restarts with the full limit from the new submission date.
        if (!dto.submittedOn || dto.submittedOn === before.submittedOn) {
          throw transitionError('Resubmitting a returned item (IN_PROGRESS) needs the new submittedOn: the clock restarts from it', { field: 'submittedOn' });
        }
        if (before.returnedOn && dto.submittedOn < (before.returnedOn as string)) {
          throw dateError('submittedOn', `The resubmission date ${dto.submittedOn} is before the item was returned on ${before.returnedOn as string}`);
        }
      }
      if (to === 'RETURNED' && from !== 'RETURNED') {
        const returnedOn = dto.returnedOn ?? today;
        if (submitted && returnedOn < submitted) throw dateError('returnedOn', `returnedOn ${returnedOn} is before the submission on ${submitted}`);
        values.returnedOn = returnedOn;
      } else if (dto.returnedOn && to !== 'RETURNED') {
        throw transitionError('returnedOn is set by returning the item (status RETURNED)', { field: 'returnedOn' });
      }
      if (to === 'DONE' && from !== 'DONE') {
        if (!dto.completedOn) throw transitionError('Completing an approval item (DONE) needs completedOn', { field: 'completedOn' });
      }
      if (dto.completedOn) {
        if (to !== 'DONE') throw transitionError('completedOn is set only when the item is DONE', { field: 'completedOn' });
        completed = dto.completedOn;
      }
      if (dto.submittedOn && to === 'NOT_STARTED') throw transitionError('submittedOn is set by starting the item (status IN_PROGRESS)', { field: 'submittedOn' });
      if (to !== 'NOT_STARTED' && !submitted) throw transitionError('The item needs submittedOn', { field: 'submittedOn' });
      if (completed && submitted && completed < submitted) {
        throw dateError('completedOn', `completedOn ${completed} is before submittedOn ${submitted}: an item cannot be completed before it was submitted`);
      }
      if (dto.assigneeId) await this.requireHandler(m, dto.assigneeId, before.projectUnitPath!, 'assigneeId');
      const after = await this.desk.update(m, 'approval_item', id, dto.version, values);
      if (!after) throw this.stale('approval_item', before.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'approval_item', entityId: id, before: out(before), after: out(after) });
      return out(after);
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Investor requests (诉求) and callbacks (回访)

  async listProjectRequests(actor: Actor, projectId: string) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    return { items: await this.desk.listForProject('investor_request', projectId) };
  }

  async createRequest(actor: Actor, projectId: string, dto: CreateInvestorRequestDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.notFuture(dto.raisedOn, 'raisedOn', now);
    if (dto.dueDate && dto.dueDate < dto.raisedOn) throw dateError('dueDate', `dueDate ${dto.dueDate} is before raisedOn ${dto.raisedOn}`);
    await this.unitPath(dto.ownerUnitId, 'ownerUnitId');
    return this.write(actor, projectId, 'investor_request.created', async (m) => {
      await this.projects.requireInScope(projectId, scope, m, true);
      if (dto.investorId) {
        const inv = await m.query(`SELECT 1 FROM investor WHERE id = $1`, [dto.investorId]);
        if (!inv.length) throw new DomainError(DomainErrorCode.InvalidReference, `Investor ${dto.investorId} does not exist`, { field: 'investorId' });
      }
      const row = await this.desk.insert(m, 'investor_request', { ...dto, projectId, status: 'OPEN', createdBy: actor.id });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'investor_request', entityId: row.id, after: out(row) });
      return out(row);
    });
  }

  async listRequests(actor: Actor, q: ListInvestorRequestsQueryDto) {
    const ownerUnitPath = await this.unitPath(q.unitId);
    const { items, total } = await this.desk.listRequests(
      { status: q.status, ownerUnitPath: ownerUnitPath ?? undefined, overdue: q.overdue, page: q.page, pageSize: q.pageSize },
      scopeOf(actor).unitPath,
    );
    return { items: items.map(out), total, page: q.page, pageSize: q.pageSize };
  }

  async getRequest(actor: Actor, id: string) {
    const row = await this.requireRecord('investor_request', id, scopeOf(actor));
    const [callbacks, clocks] = await Promise.all([this.desk.callbacks(id), this.clocksOf(row.projectId, [`request:${id}:response`, `request:${id}:resolution`])]);
    return { ...out(row), callbacks, clocks };
  }

  async updateRequest(actor: Actor, id: string, dto: UpdateInvestorRequestDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    const today = businessToday(now);
    for (const f of ['acceptedOn', 'resolvedOn'] as const) this.notFuture(dto[f], f, now);
    if (dto.ownerUnitId) await this.unitPath(dto.ownerUnitId, 'ownerUnitId');
    const pre = await this.requireRecord('investor_request', id, scope);
    return this.write(actor, pre.projectId, 'investor_request.updated', async (m) => {
      const before = await this.requireRecord('investor_request', id, scope, m, true);
      if (before.version !== dto.version) throw this.stale('investor_request', before.version);
      const from = before.status as RequestStatus;
      const to = dto.status ?? from;
      if (!canMoveRequest(from, to)) {
        throw transitionError(
          `An investor request cannot move from ${from} (${REQUEST_STATUS_LABELS[from].zh}) to ${to} (${REQUEST_STATUS_LABELS[to].zh}): ` +
            'OPEN → ACCEPTED → RESOLVED → CLOSED, and RESOLVED may be reopened (ACCEPTED)',
          { field: 'status', from, to },
        );
      }
      const { version: _v, status: _s, ...fields } = dto;
      const values: Record<string, unknown> = { ...fields };
      const raisedOn = before.raisedOn as string;
      const dueDate = dto.dueDate === undefined ? (before.dueDate as string | null) : dto.dueDate;
      if (dueDate && dueDate < raisedOn) throw dateError('dueDate', `dueDate ${dueDate} is before raisedOn ${raisedOn}`);
      if (dto.acceptedOn && !(from === 'OPEN' && to === 'ACCEPTED')) throw transitionError('acceptedOn is set by accepting the request (OPEN → ACCEPTED)', { field: 'acceptedOn' });
      if (dto.resolvedOn && !(to === 'RESOLVED' && from !== 'RESOLVED')) throw transitionError('resolvedOn is set by resolving the request (→ RESOLVED)', { field: 'resolvedOn' });
      if (to !== from) values.status = to;
      if (from === 'OPEN' && to === 'ACCEPTED') {
        const acceptedOn = dto.acceptedOn ?? today;
        if (acceptedOn < raisedOn) throw dateError('acceptedOn', `acceptedOn ${acceptedOn} is before raisedOn ${raisedOn}`);
        values.acceptedOn = acceptedOn;
      }
      if (to === 'RESOLVED' && from !== 'RESOLVED') {
        const resolution = (dto.resolution ?? '').trim();
        if (!resolution) throw new DomainError(DomainErrorCode.ReasonRequired, 'Resolving a request (办结) needs its resolution: what was done', { field: 'resolution' });
        const resolvedOn = dto.resolvedOn ?? today;
        const acceptedOn = (before.acceptedOn as string | null) ?? raisedOn;
        if (resolvedOn < acceptedOn) throw dateError('resolvedOn', `resolvedOn ${resolvedOn} is before the request was accepted on ${acceptedOn}`);
        values.resolution = resolution;
        values.resolvedOn = resolvedOn;
      }
      if (from === 'RESOLVED' && to === 'ACCEPTED') {
        // Reopened: the resolution no longer counts; its clock runs on from raisedOn, and closing needs a new callback.
        values.resolvedOn = null;
      }
      if (to === 'CLOSED' && from !== 'CLOSED') {
        const callbacks = await this.desk.callbacks(id, m);
        if (!callbackAllowsClosing(before.resolvedOn as string | null, callbacks.map((c) => c.calledOn))) {
          throw new DomainError(
            DomainErrorCode.CallbackRequired,
            `A request can be closed only after a callback (回访) to the investor on or after its resolution on ${before.resolvedOn as string}: ` +
              `record one with POST /api/v1/investor-requests/${id}/callbacks first`,
            { field: 'status', resolvedOn: before.resolvedOn },
          );
        }
        values.closedOn = today;
      }
      const after = await this.desk.update(m, 'investor_request', id, dto.version, values);
      if (!after) throw this.stale('investor_request', before.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'investor_request', entityId: id, before: out(before), after: out(after) });
      return out(after);
    });
  }

  async addCallback(actor: Actor, id: string, dto: CreateCallbackDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.notFuture(dto.calledOn, 'calledOn', now);
    return this.dataSource.transaction(async (m) => {
      const req = await this.requireRecord('investor_request', id, scope, m, true);
      if (req.status !== 'RESOLVED' && req.status !== 'CLOSED') {
        throw transitionError(`A callback (回访) follows the resolution: this request is ${req.status as string} (${REQUEST_STATUS_LABELS[req.status as RequestStatus].zh})`, {
          field: 'status',
          status: req.status,
        });
      }
      if (req.resolvedOn && dto.calledOn < (req.resolvedOn as string)) {
        throw dateError('calledOn', `calledOn ${dto.calledOn} is before the resolution on ${req.resolvedOn as string}`);
      }
      const row = await this.desk.insertCallback(m, { requestId: id, ...dto, createdBy: actor.id });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'investor_request_callback', entityId: row.id, after: row });
      return row;
    });
  }

  async requestStats(actor: Actor, q: RequestStatsQueryDto) {
    if (q.from && q.to && q.from > q.to) throw dateError('to', `to ${q.to} is before from ${q.from}`);
    const ownerUnitPath = await this.unitPath(q.unitId);
    const units = await this.desk.requestStats(scopeOf(actor).unitPath, ownerUnitPath, q.from ?? null, q.to ?? null);
    return { from: q.from ?? null, to: q.to ?? null, satisfiedFrom: 4, units };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Commitments (承诺兑现)

  async listProjectCommitments(actor: Actor, projectId: string) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    return { items: await this.desk.listForProject('commitment', projectId) };
  }

  async createCommitment(actor: Actor, projectId: string, dto: CreateCommitmentDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.notFuture(dto.promisedOn, 'promisedOn', now);
    if (dto.dueDate < dto.promisedOn) throw dateError('dueDate', `dueDate ${dto.dueDate} is before promisedOn ${dto.promisedOn}`);
    return this.write(actor, projectId, 'commitment.created', async (m) => {
      const project = await this.projects.requireInScope(projectId, scope, m, true);
      if (dto.handlerId) await this.requireHandler(m, dto.handlerId, project.unitPath, 'handlerId');
      const row = await this.desk.insert(m, 'commitment', { ...dto, projectId, status: 'PENDING', createdBy: actor.id });
      if (dto.handlerId) await this.desk.insertHandlerChange(m, { commitmentId: row.id, handlerId: dto.handlerId, previousHandlerId: null, changedBy: actor.id });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'commitment', entityId: row.id, after: out(row) });
      return out(row);
    });
  }

  async getCommitment(actor: Actor, id: string) {
    const row = await this.requireRecord('commitment', id, scopeOf(actor));
    const [handlerHistory, clocks] = await Promise.all([this.desk.handlerHistory(id), this.clocksOf(row.projectId, [`commitment:${id}`])]);
    return { ...out(row), handlerHistory, clock: clocks[0] ?? null };
  }

  async updateCommitment(actor: Actor, id: string, dto: UpdateCommitmentDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    this.notFuture(dto.fulfilledOn, 'fulfilledOn', now);
    const pre = await this.requireRecord('commitment', id, scope);
    return this.write(actor, pre.projectId, 'commitment.updated', async (m) => {
      const before = await this.requireRecord('commitment', id, scope, m, true);
      if (before.version !== dto.version) throw this.stale('commitment', before.version);
      const { version: _v, status: _s, handlerNote, ...fields } = dto;
      const values: Record<string, unknown> = { ...fields };
      const from = before.status as string;
      const to = dto.status ?? from;
      const promisedOn = before.promisedOn as string;
      const dueDate = dto.dueDate ?? (before.dueDate as string);
      if (dueDate < promisedOn) throw dateError('dueDate', `dueDate ${dueDate} is before promisedOn ${promisedOn}`);
      if (dto.fulfilledOn && to !== 'FULFILLED') throw transitionError('fulfilledOn is set only with status FULFILLED', { field: 'fulfilledOn' });
      if (dto.waiveReason && to !== 'WAIVED') throw transitionError('waiveReason is set only with status WAIVED', { field: 'waiveReason' });
      if (to !== from) values.status = to;
      if (to === 'FULFILLED') {
        const fulfilledOn = dto.fulfilledOn ?? (before.fulfilledOn as string | null);
        if (!fulfilledOn) throw transitionError('Marking a commitment fulfilled (已兑现) needs fulfilledOn', { field: 'fulfilledOn' });
        if (fulfilledOn < promisedOn) throw dateError('fulfilledOn', `fulfilledOn ${fulfilledOn} is before promisedOn ${promisedOn}`);
      } else if (before.fulfilledOn) {
        values.fulfilledOn = null;
      }
      if (to === 'WAIVED') {
        const reason = (dto.waiveReason ?? (before.waiveReason as string | null) ?? '').trim();
        if (!reason) throw new DomainError(DomainErrorCode.ReasonRequired, 'Waiving a commitment needs the reason it will not be fulfilled', { field: 'waiveReason' });
        values.waiveReason = reason;
      } else if (before.waiveReason) {
        values.waiveReason = null;
      }
      const handlerChanged = dto.handlerId !== undefined && dto.handlerId !== before.handlerId;
      if (handlerChanged && dto.handlerId) await this.requireHandler(m, dto.handlerId, before.projectUnitPath!, 'handlerId');
      const after = await this.desk.update(m, 'commitment', id, dto.version, values);
      if (!after) throw this.stale('commitment', before.version);
      if (handlerChanged) {
        // 新官要理旧账: the commitment, its dates and its clock stay as they are; only the handler changes, on record.
        await this.desk.insertHandlerChange(m, {
          commitmentId: id, handlerId: dto.handlerId ?? null, previousHandlerId: (before.handlerId as string | null) ?? null, changedBy: actor.id, note: handlerNote ?? null,
        });
      }
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'commitment', entityId: id, before: out(before), after: out(after) });
      return out(after);
    });
  }

  async listCommitments(actor: Actor, q: ListCommitmentsQueryDto, now = new Date()) {
    const unitPath = await this.unitPath(q.unitId);
    const { items, total } = await this.desk.listCommitments(
      { status: q.status, unitPath: unitPath ?? undefined, overdue: q.overdue, page: q.page, pageSize: q.pageSize },
      scopeOf(actor).unitPath,
      businessToday(now),
    );
    return { items: items.map(out), total, page: q.page, pageSize: q.pageSize };
  }

  /** 未兑现承诺: commitments still owed, grouped by the project's unit, with counts, amounts (万元) and days overdue. */
  async unfulfilledReport(actor: Actor, unitId: string | undefined, now = new Date()) {
    const unitPath = await this.unitPath(unitId);
    const today = businessToday(now);
    const rows = await this.desk.unfulfilledCommitments(scopeOf(actor).unitPath, unitPath, today);
    const groups = new Map<string, { unitId: string; unitNameZh: string; unitNameEn: string | null; count: number; overdueCount: number; amountTotal: string; maxDaysOverdue: number; items: unknown[] }>();
    const cents = new Map<string, bigint>();
    for (const r of rows) {
      let g = groups.get(r.unitId);
      if (!g) {
        g = { unitId: r.unitId, unitNameZh: r.unitNameZh, unitNameEn: r.unitNameEn, count: 0, overdueCount: 0, amountTotal: '0.00', maxDaysOverdue: 0, items: [] };
        groups.set(r.unitId, g);
        cents.set(r.unitId, 0n);
      }
      g.count++;
      if (r.daysOverdue > 0) g.overdueCount++;
      g.maxDaysOverdue = Math.max(g.maxDaysOverdue, r.daysOverdue);
      if (r.amount) cents.set(r.unitId, cents.get(r.unitId)! + toCents(r.amount));
      g.items.push(r);
    }
    for (const [id, g] of groups) g.amountTotal = fromCents(cents.get(id)!);
    const units = [...groups.values()];
    return {
      asOf: today,
      totals: {
        count: rows.length,
        overdueCount: rows.filter((r) => r.daysOverdue > 0).length,
        amountTotal: fromCents([...cents.values()].reduce((a, b) => a + b, 0n)),
      },
      units,
    };
  }
}

/** Exact money sums in 万元 (two decimals), without floating point. */
function toCents(v: string): bigint {
  const [i, f = ''] = v.split('.');
  return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
}
function fromCents(c: bigint): string {
  const s = c.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
