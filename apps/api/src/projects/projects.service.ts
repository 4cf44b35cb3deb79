import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  businessToday,
  DomainError,
  DomainErrorCode,
  isValidBusinessDate,
  notFound,
  pathWithin,
  planTransition,
  Scope,
  scopeOf,
} from '#domain';
import { JobName, JobQueue } from '#jobs';
import { AlertRepository, AuditRepository, DeadlineRepository, InvestorEntity, ledgerExtras, ProjectEntity, ProjectRepository, UnitRepository } from '#persistence';
import { buildLedgerWorkbook, ledgerContentDisposition } from './ledger-export.js';
import {
  CreateProjectDto,
  ExportProjectsQueryDto,
  ListProjectsQueryDto,
  ProjectAuditQueryDto,
  ProjectFieldsDto,
  StageTransitionDto,
  UpdateProjectDto,
} from './dto/project.dto.js';
import { buildProjectWorkbook, exportColumns, exportContentDisposition, MAX_EXPORT_ROWS } from './project-export.js';
import { projectListItem, toProjectResponse, toProjectSummary, toTransitionResponse } from './project.response.js';

/** Rules of the project ledger: scoping, optimistic locking, stage transitions, audit. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly alerts: AlertRepository,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Marks the project for re-evaluation inside the change's transaction (durable), so that the sweep
   * catches up even if the queue job below is lost.
   */
  async markChanged(m: EntityManager, projectId: string) {
    await this.deadlines.requestReevaluation(m, [projectId]);
  }

  /** After commit: the fast path, so alerts follow a stage change within a second. */
  async afterChange(projectId: string, reason: string) {
    await this.jobs.enqueueBestEffort({ name: JobName.ProjectReevaluate, data: { projectId, reason } });
  }

  async list(actor: Actor, query: ListProjectsQueryDto) {
    const today = businessToday(new Date());
    const { items, total } = await this.projects.list(
      { ...(await this.listFilter(query)), page: query.page, pageSize: query.pageSize },
      scopeOf(actor),
    );
    return { items: items.map((r) => projectListItem(r, today)), total, page: query.page, pageSize: query.pageSize };
  }

  /** The list (same filters, sort and scope, no paging) as an .xlsx 项目台账; at most MAX_EXPORT_ROWS rows. */
  async export(actor: Actor, query: ExportProjectsQueryDto, now = new Date()) {
    const today = businessToday(now);
    const { items, total } = await this.projects.listForExport(await this.listFilter(query), scopeOf(actor), MAX_EXPORT_ROWS);
    if (!items) {
      throw new DomainError(
        DomainErrorCode.ExportTooLarge,
        `${total} projects match: an export holds at most ${MAX_EXPORT_ROWS}. Narrow the filter (unit, stage, family …) and export again.`,
        { total, max: MAX_EXPORT_ROWS },
      );
    }
    if (query.format === 'ledger') {
      // Grouped by unit (in the order the list's sort first meets each unit), the sort kept within a unit.
      const body = await buildLedgerWorkbook(items, await ledgerExtras(this.dataSource, items.map((r) => r.id)), today);
      return { body, filename: ledgerContentDisposition(today), rows: items.length };
    }
    const body = await buildProjectWorkbook(items, exportColumns(query.columns), today);
    return { body, filename: exportContentDisposition(today), rows: items.length };
  }

  /** Audit entries of the project and of its transitions, records and alerts, newest first (404 outside scope). */
  async auditTrail(actor: Actor, id: string, query: ProjectAuditQueryDto) {
    await this.requireInScope(id, scopeOf(actor));
    const { items, total } = await this.audit.forProject(id, query.page, query.pageSize);
    return {
      items: items.map((a) => ({
        id: a.id,
        at: a.at,
        actor: a.actor_id ? { id: a.actor_id, displayName: a.actor_display_name } : null,
        action: a.action,
        entity: a.entity,
        entityId: a.entity_id,
        before: a.before,
        after: a.after,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private async listFilter(query: Omit<ListProjectsQueryDto, 'page' | 'pageSize'>) {
    let unitPath: string | undefined;
    if (query.unitId) {
      const unit = await this.units.findById(query.unitId);
      if (!unit) throw new DomainError(DomainErrorCode.InvalidReference, `Unit ${query.unitId} does not exist`, { field: 'unitId' });
      unitPath = unit.path;
    }
    return {
      stages: query.stage,
      unitPath,
      clusterId: query.clusterId,
      listId: query.listId,
      family: query.family,
      q: query.q,
      minInvestment: query.minInvestment,
      maxInvestment: query.maxInvestment,
      alertLevels: query.alertLevel,
      sort: query.sort,
    };
  }

  async get(actor: Actor, id: string) {
    const project = await this.requireInScope(id, scopeOf(actor));
    return toProjectResponse(await this.projects.detail(project));
  }

  async history(actor: Actor, id: string) {
    await this.requireInScope(id, scopeOf(actor));
    return { items: (await this.projects.history(id)).map(toTransitionResponse) };
  }

  async create(actor: Actor, dto: CreateProjectDto, now = new Date()) {
    const scope = this.requireWriter(actor);
    this.requireNotFuture(dto.stageDate, now, 'stageDate');
    const created = await this.dataSource.transaction(async (m) => {
      const unitPath = await this.requireUnitInScope(dto.unitId, scope);
      if (await this.projects.findByCode(dto.code, m)) {
        throw new DomainError(DomainErrorCode.Duplicate, `Project code ${dto.code} is taken`, { field: 'code' });
      }
      await this.checkReferences(m, dto);
      const investorId = await this.resolveInvestor(m, actor, dto);
      const project = await this.projects.insert(m, {
        ...this.columnValues(dto),
        code: dto.code,
        nameZh: dto.nameZh,
        unitId: dto.unitId,
        unitPath,
        family: dto.family,
        investorId,
        stage: dto.stage,
        stageDate: dto.stageDate,
        heldFromStage: null,
        createdBy: actor.id,
      });
      const transition = await this.projects.appendTransition(m, {
        projectId: project.id,
        kind: 'INITIAL',
        fromStage: null,
        toStage: dto.stage,
        effectiveDate: dto.stageDate,
        skippedStageDates: {},
        note: dto.note?.trim() || null,
        actorId: actor.id,
      });
      await this.replaceSets(m, project.id, dto);
      const detail = await this.projects.detail(project, m);
      const response = toProjectResponse(detail);
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'project', entityId: project.id, after: response });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'stage_transition', entityId: transition.id, after: toTransitionResponse(transition) });
      await this.markChanged(m, project.id);
      return response;
    });
    await this.afterChange(created.id, 'project.created');
    return created;
  }

  async update(actor: Actor, id: string, dto: UpdateProjectDto) {
    const scope = this.requireWriter(actor);
    const updated = await this.dataSource.transaction(async (m) => {
      const before = await this.requireInScope(id, scope, m, true);
      this.requireVersion(before, dto.version);
      const beforeDetail = toProjectResponse(await this.projects.detail(before, m));
      const unitPath = dto.unitId && dto.unitId !== before.unitId ? await this.requireUnitInScope(dto.unitId, scope) : undefined;
      await this.checkReferences(m, dto);
      const investorId = dto.investorId !== undefined || dto.investor ? await this.resolveInvestor(m, actor, dto) : undefined;
      const updated = await this.projects.updateVersioned(m, id, dto.version, {
        ...this.columnValues(dto),
        ...(dto.nameZh !== undefined ? { nameZh: dto.nameZh } : {}),
        ...(dto.family !== undefined ? { family: dto.family } : {}),
        ...(unitPath ? { unitId: dto.unitId, unitPath } : {}),
        ...(investorId !== undefined ? { investorId } : {}),
      });
      if (!updated) throw this.stale(before);
      if (unitPath) await this.alerts.moveProject(m, id, unitPath);
      await this.replaceSets(m, id, dto);
      const after = toProjectResponse(await this.projects.detail(updated, m));
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'project', entityId: id, before: beforeDetail, after });
      await this.markChanged(m, id);
      return after;
    });
    await this.afterChange(id, 'project.updated');
    return updated;
  }

  async changeStage(actor: Actor, id: string, dto: StageTransitionDto, now = new Date()) {
    const scope = this.requireWriter(actor);
    this.requireNotFuture(dto.effectiveDate, now, 'effectiveDate');
    const result = await this.dataSource.transaction(async (m) => {
      const project = await this.requireInScope(id, scope, m, true);
      this.requireVersion(project, dto.version);
      const plan = planTransition(
        { stage: project.stage, stageDate: project.stageDate, heldFromStage: project.heldFromStage },
        { toStage: dto.toStage, effectiveDate: dto.effectiveDate, note: dto.note, canCorrect: scope.canCorrect },
      );
      const skippedStageDates = this.skippedDates(dto, plan.skipped, project.stageDate);
      const updated = await this.projects.updateVersioned(m, id, dto.version, {
        stage: plan.toStage,
        stageDate: dto.effectiveDate,
        heldFromStage: plan.heldFromStage,
      });
      if (!updated) throw this.stale(project);
      const transition = await this.projects.appendTransition(m, {
        projectId: id,
        kind: plan.kind,
        fromStage: plan.fromStage,
        toStage: plan.toStage,
        effectiveDate: dto.effectiveDate,
        skippedStageDates,
        note: dto.note?.trim() || null,
        actorId: actor.id,
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: plan.kind.toLowerCase(),
        entity: 'project',
        entityId: id,
        before: toProjectSummary(project),
        after: toProjectSummary(updated),
      });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'stage_transition', entityId: transition.id, after: toTransitionResponse(transition) });
      await this.markChanged(m, id);
      return { project: toProjectSummary(updated), transition: toTransitionResponse(transition) };
    });
    await this.afterChange(id, 'project.stage-changed');
    return result;
  }

  /** The project if the actor may see it; 404 otherwise (a project outside your scope does not exist for you). */
  async requireInScope(id: string, scope: Scope, m?: EntityManager, lock = false): Promise<ProjectEntity> {
    const project = await this.projects.findInScope(id, scope, m, lock);
    if (!project) throw notFound('Project', id);
    return project;
  }

  requireWriter(actor: Actor): Scope {
    const scope = scopeOf(actor);
    if (!scope.canWrite) throw new DomainError(DomainErrorCode.Forbidden, `The ${actor.role} role cannot change projects`);
    return scope;
  }

  requireNotFuture(date: string, now: Date, field: string) {
    const today = businessToday(now);
    if (date > today) {
      throw new DomainError(DomainErrorCode.EffectiveDateInFuture, `${field} ${date} is in the future (today is ${today} in Asia/Shanghai)`, { field, today });
    }
  }

  private requireVersion(project: ProjectEntity, version: number) {
    if (project.version !== version) throw this.stale(project);
  }

  private stale(project: ProjectEntity) {
    return new DomainError(
      DomainErrorCode.StaleVersion,
      `Project ${project.code} was changed by someone else: reload it (current version ${project.version})`,
      { currentVersion: project.version },
    );
  }

  private async requireUnitInScope(unitId: string, scope: Scope): Promise<string> {
    const unit = await this.units.findById(unitId);
    if (!unit) throw new DomainError(DomainErrorCode.InvalidReference, `Unit ${unitId} does not exist`, { field: 'unitId' });
    if (!pathWithin(unit.path, scope)) {
      throw new DomainError(DomainErrorCode.OutOfScope, `Unit ${unit.nameZh} is outside the units you may change`, { field: 'unitId' });
    }
    return unit.path;
  }

  private async checkReferences(m: EntityManager, dto: ProjectFieldsDto) {
    const checks: [string, 'cluster' | 'project_list' | 'investor', string[]][] = [
      ['clusterIds', 'cluster', dto.clusterIds ?? []],
      ['listIds', 'project_list', dto.listIds ?? []],
      ['investorId', 'investor', dto.investorId ? [dto.investorId] : []],
    ];
    for (const [field, table, ids] of checks) {
      const missing = await this.projects.missingIds(m, table, [...new Set(ids)]);
      if (missing.length) {
        throw new DomainError(DomainErrorCode.InvalidReference, `${field}: ${missing.join(', ')} do not exist`, { field, missing });
      }
    }
    const stages = (dto.planDates ?? []).map((p) => p.stage);
    if (new Set(stages).size !== stages.length) {
      throw new DomainError(DomainErrorCode.InvalidReference, 'planDates: one date per stage', { field: 'planDates' });
    }
  }

  private async resolveInvestor(m: EntityManager, actor: Actor, dto: ProjectFieldsDto): Promise<string | null> {
    if (dto.investorId) return dto.investorId;
    if (!dto.investor) return null;
    const repo = m.getRepository(InvestorEntity);
    const existing = await repo.findOneBy({ nameZh: dto.investor.nameZh });
    if (existing) return existing.id;
    const created = await repo.save(
      repo.create({ nameZh: dto.investor.nameZh, nameEn: dto.investor.nameEn ?? null, ownershipType: dto.investor.ownershipType ?? 'UNKNOWN' }),
    );
    await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'investor', entityId: created.id, after: dto.investor });
    return created.id;
  }

  private columnValues(dto: ProjectFieldsDto): Partial<ProjectEntity> {
    const keys = [
      'nameEn', 'location', 'projectType', 'totalInvestment', 'capacity', 'description',
      'sponsorLeader', 'responsibleLeader', 'serviceTeam', 'jobsPlanned', 'isProgram',
    ] as const;
    const values: Partial<ProjectEntity> = {};
    for (const key of keys) {
      if (dto[key] !== undefined) (values as Record<string, unknown>)[key] = dto[key];
    }
    return values;
  }

  private async replaceSets(m: EntityManager, projectId: string, dto: ProjectFieldsDto) {
    if (dto.clusterIds) await this.projects.replaceClusters(m, projectId, [...new Set(dto.clusterIds)]);
    if (dto.listIds) await this.projects.replaceLists(m, projectId, [...new Set(dto.listIds)]);
    if (dto.planDates) await this.projects.replacePlanDates(m, projectId, dto.planDates, businessToday(new Date()));
  }

  private skippedDates(dto: StageTransitionDto, skipped: string[], currentStageDate: string): Record<string, string> {
    const given = dto.skippedStageDates ?? {};
    const result: Record<string, string> = {};
    for (const [stage, date] of Object.entries(given)) {
      if (!skipped.includes(stage)) {
        throw new DomainError(DomainErrorCode.InvalidStageTransition, `skippedStageDates.${stage}: ${stage} is not skipped by this move`, {
          field: `skippedStageDates.${stage}`,
          skipped,
        });
      }
      if (typeof date !== 'string' || !isValidBusinessDate(date) || date < currentStageDate || date > dto.effectiveDate) {
        throw new DomainError(
          DomainErrorCode.InvalidDate,
          `skippedStageDates.${stage} must be a date between ${currentStageDate} and ${dto.effectiveDate}`,
          { field: `skippedStageDates.${stage}` },
        );
      }
    }
    let previous = currentStageDate;
    for (const stage of skipped) {
      const date = given[stage] ?? dto.effectiveDate;
      if (date < previous) {
        throw new DomainError(DomainErrorCode.InvalidDate, `skippedStageDates.${stage} is earlier than the stage before it`, { field: `skippedStageDates.${stage}` });
      }
      result[stage] = date;
      previous = date;
    }
    return result;
  }
}
