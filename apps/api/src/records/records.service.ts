import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, businessToday, canMoveIssue, DomainError, DomainErrorCode, notFound, scopeOf } from '#domain';
import { AuditRepository, ProjectIssueEntity, ProjectRecordKind, ProjectRecordRepository, UnitRepository } from '#persistence';
import { ProjectsService } from '../projects/projects.service.js';
import {
  CreateIssueDto,
  CreateMilestoneDto,
  CreateMoneyRecordDto,
  CreateProgressReportDto,
  UpdateIssueDto,
  UpdateMilestoneDto,
  UpdateMoneyRecordDto,
  UpdateProgressReportDto,
} from './dto/records.dto.js';

type CreateDto = CreateMilestoneDto | CreateMoneyRecordDto | CreateProgressReportDto | CreateIssueDto;
type UpdateDto = UpdateMilestoneDto | UpdateMoneyRecordDto | UpdateProgressReportDto | UpdateIssueDto;

const ENTITY_NAME: Record<ProjectRecordKind, string> = {
  milestone: 'milestone_event',
  money: 'money_record',
  progress: 'progress_report',
  issue: 'project_issue',
};

/** Progress reports feed the 月调度 (stale update) clocks; the other records do not touch any clock. */
const AFFECTS_CLOCKS: Record<ProjectRecordKind, boolean> = { milestone: false, money: false, progress: true, issue: false };

/**
 * Milestones, money records, progress reports and issues of a project: same scoping, locking and audit
 * as the project itself; each kind adds its own checks in `validate`.
 */
@Injectable()
export class RecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly records: ProjectRecordRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(actor: Actor, kind: ProjectRecordKind, projectId: string) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    return { items: await this.records.list(kind, projectId) };
  }

  async create(actor: Actor, kind: ProjectRecordKind, projectId: string, dto: CreateDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    await this.validate(kind, dto, now);
    const created = await this.dataSource.transaction(async (m) => {
      await this.projects.requireInScope(projectId, scope, m, true);
      await this.requireNoDuplicate(m, kind, projectId, dto);
      const values = {
        ...dto,
        projectId,
        ...(kind === 'issue' ? { createdBy: actor.id } : { actorId: actor.id }),
      };
      const created = await this.records.insert<{ id: string }>(m, kind, values as Record<string, unknown>);
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: ENTITY_NAME[kind], entityId: created.id, after: created });
      if (AFFECTS_CLOCKS[kind]) await this.projects.markChanged(m, projectId);
      return created;
    });
    if (AFFECTS_CLOCKS[kind]) await this.projects.afterChange(projectId, `${ENTITY_NAME[kind]}.created`);
    return created;
  }

  async update(actor: Actor, kind: ProjectRecordKind, projectId: string, id: string, dto: UpdateDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    await this.validate(kind, dto, now);
    const updated = await this.dataSource.transaction(async (m) => {
      await this.projects.requireInScope(projectId, scope, m, true);
      const before = await this.records.findOne<{ id: string; version: number }>(kind, projectId, id, m);
      if (!before) throw notFound(ENTITY_NAME[kind], id);
      const { version, ...values } = dto;
      if (before.version !== version) throw this.stale(kind, before.version);
      if (kind === 'issue') Object.assign(values, this.issueChange(before as unknown as ProjectIssueEntity, dto as UpdateIssueDto, now));
      const after = await this.records.updateVersioned<{ id: string }>(m, kind, id, version, values as Record<string, unknown>);
      if (!after) throw this.stale(kind, before.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: ENTITY_NAME[kind], entityId: id, before, after });
      if (AFFECTS_CLOCKS[kind]) await this.projects.markChanged(m, projectId);
      return after;
    });
    if (AFFECTS_CLOCKS[kind]) await this.projects.afterChange(projectId, `${ENTITY_NAME[kind]}.updated`);
    return updated;
  }

  private stale(kind: ProjectRecordKind, current: number) {
    return new DomainError(DomainErrorCode.StaleVersion, `This ${ENTITY_NAME[kind]} was changed by someone else: reload it (current version ${current})`, {
      currentVersion: current,
    });
  }

  /** Checks that need the clock or the database; shapes are checked by the DTOs. */
  private async validate(kind: ProjectRecordKind, dto: CreateDto | UpdateDto, now: Date) {
    const today = businessToday(now);
    if ((kind === 'milestone') && 'effectiveDate' in dto && dto.effectiveDate && dto.effectiveDate > today) {
      throw new DomainError(DomainErrorCode.EffectiveDateInFuture, `effectiveDate ${dto.effectiveDate} is in the future (today is ${today})`, { field: 'effectiveDate' });
    }
    if ((kind === 'progress' || kind === 'money') && 'period' in dto && dto.period && dto.period > today.slice(0, dto.period.length)) {
      const planned = kind === 'money' && (dto as CreateMoneyRecordDto).kind === 'ANNUAL_PLAN';
      if (!planned) throw new DomainError(DomainErrorCode.EffectiveDateInFuture, `period ${dto.period} has not begun yet`, { field: 'period' });
    }
    if (kind === 'issue' && 'ownerUnitId' in dto && dto.ownerUnitId && !(await this.units.findById(dto.ownerUnitId))) {
      throw new DomainError(DomainErrorCode.InvalidReference, `Unit ${dto.ownerUnitId} does not exist`, { field: 'ownerUnitId' });
    }
  }

  private async requireNoDuplicate(m: EntityManager, kind: ProjectRecordKind, projectId: string, dto: CreateDto) {
    if (kind === 'money') {
      const d = dto as CreateMoneyRecordDto;
      const rows = await m.query('SELECT id FROM money_record WHERE project_id = $1 AND kind = $2 AND period = $3', [projectId, d.kind, d.period]);
      if (rows.length) throw new DomainError(DomainErrorCode.Duplicate, `A ${d.kind} record for ${d.period} exists: update it instead`, { id: rows[0].id });
    }
    if (kind === 'progress') {
      const d = dto as CreateProgressReportDto;
      const rows = await m.query('SELECT id FROM progress_report WHERE project_id = $1 AND period = $2', [projectId, d.period]);
      if (rows.length) throw new DomainError(DomainErrorCode.Duplicate, `The progress report for ${d.period} exists: update it instead`, { id: rows[0].id });
    }
  }

  /** 问题清单 status rules: OPEN → ESCALATED (督办) → CLEARED with a result; reopening clears the result date. */
  private issueChange(before: ProjectIssueEntity, dto: UpdateIssueDto, now: Date): Partial<ProjectIssueEntity> {
    if (!dto.status || dto.status === before.status) return {};
    if (!canMoveIssue(before.status, dto.status)) {
      throw new DomainError(DomainErrorCode.InvalidIssueTransition, `An issue cannot move from ${before.status} to ${dto.status}`, {
        from: before.status,
        to: dto.status,
      });
    }
    if (dto.status === 'CLEARED') {
      const result = (dto.result ?? before.result ?? '').trim();
      if (!result) throw new DomainError(DomainErrorCode.ReasonRequired, 'Clearing an issue needs its result (how it was solved)', { field: 'result' });
      return { clearedOn: businessToday(now), result };
    }
    return { clearedOn: null };
  }
}
