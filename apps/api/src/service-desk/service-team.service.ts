import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, businessToday, DomainError, DomainErrorCode, notFound, scopeOf } from '#domain';
import { AuditRepository, ServiceDeskRepository } from '#persistence';
import { ProjectsService } from '../projects/projects.service.js';
import { CreateTeamMemberDto, EndTeamMemberQueryDto, PutServicePlanDto, UpdateTeamMemberDto } from './dto/service-desk.dto.js';

interface MemberRow {
  id: string;
  projectId: string;
  userId: string | null;
  contactId: string | null;
  role: string;
  fromDate: string;
  toDate: string | null;
  version: number;
}
interface PlanRow {
  projectId: string;
  version: number;
}

/** 项目服务专班 (the team, with history: ending a membership keeps it) and 一项目一方案 (one versioned plan per project). */
@Injectable()
export class ServiceTeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: ServiceDeskRepository,
    private readonly projects: ProjectsService,
    private readonly audit: AuditRepository,
  ) {}

  async team(actor: Actor, projectId: string, includeEnded = false) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    return { items: await this.desk.team(projectId, includeEnded) };
  }

  async addMember(actor: Actor, projectId: string, dto: CreateTeamMemberDto) {
    const scope = this.projects.requireWriter(actor);
    if (!dto.userId === !dto.contactId) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'Give exactly one of userId and contactId',
        details: { fields: [{ field: 'userId', errors: ['exactly one of userId and contactId is required'] }] },
      });
    }
    return this.dataSource.transaction(async (m) => {
      const project = await this.projects.requireInScope(projectId, scope, m, true);
      if (dto.userId) {
        const [u] = await m.query('SELECT 1 FROM app_user WHERE id = $1 AND active', [dto.userId]);
        if (!u) throw new DomainError(DomainErrorCode.InvalidReference, `userId: no active user ${dto.userId}`, { field: 'userId' });
      } else {
        const [c] = await m.query('SELECT 1 FROM contact WHERE id = $1 AND (project_id = $2 OR (investor_id IS NOT NULL AND investor_id = $3))', [
          dto.contactId,
          projectId,
          project.investorId,
        ]);
        if (!c) throw new DomainError(DomainErrorCode.InvalidReference, `contactId: ${dto.contactId} is not a contact of this project or its investor`, { field: 'contactId' });
      }
      const current = await this.desk.currentMembership(projectId, dto, dto.role, m);
      if (current) throw new DomainError(DomainErrorCode.Duplicate, `This person already holds ${dto.role} in the team: end that membership or change it`, { id: current.id });
      const created = await this.desk.insert<MemberRow>(m, 'project_team_member', { ...dto, projectId, createdBy: actor.id });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'project_team_member', entityId: created.id, after: created });
      return created;
    });
  }

  async updateMember(actor: Actor, projectId: string, id: string, dto: UpdateTeamMemberDto) {
    const scope = this.projects.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const before = await this.requireMember(m, projectId, id, scope);
      if (before.version !== dto.version) throw this.stale('team membership', before.version);
      this.requireOrder(dto.fromDate ?? before.fromDate, dto.toDate === undefined ? before.toDate : dto.toDate);
      if (dto.role && dto.role !== before.role && (dto.toDate === undefined ? before.toDate : dto.toDate) === null) {
        const current = await this.desk.currentMembership(projectId, { userId: before.userId ?? undefined, contactId: before.contactId ?? undefined }, dto.role, m);
        if (current) throw new DomainError(DomainErrorCode.Duplicate, `This person already holds ${dto.role} in the team`, { id: current.id });
      }
      const { version, ...values } = dto;
      const after = await this.desk.updateVersioned<MemberRow>(m, 'project_team_member', id, version, values);
      if (!after) throw this.stale('team membership', before.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'project_team_member', entityId: id, before, after });
      return after;
    });
  }

  /** DELETE ends the membership (to_date, default today): the row stays as history. */
  async endMember(actor: Actor, projectId: string, id: string, q: EndTeamMemberQueryDto, now = new Date()) {
    const scope = this.projects.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const before = await this.requireMember(m, projectId, id, scope);
      if (q.version !== undefined && q.version !== before.version) throw this.stale('team membership', before.version);
      if (before.toDate) {
        throw new DomainError(DomainErrorCode.Duplicate, `This membership ended on ${before.toDate} already`, { toDate: before.toDate });
      }
      const today = businessToday(now);
      const toDate = q.toDate ?? (before.fromDate > today ? before.fromDate : today);
      this.requireOrder(before.fromDate, toDate);
      const after = await this.desk.updateVersioned<MemberRow>(m, 'project_team_member', id, before.version, { toDate });
      await this.audit.record(m, { actorId: actor.id, action: 'end', entity: 'project_team_member', entityId: id, before, after });
      return after;
    });
  }

  async plan(actor: Actor, projectId: string) {
    await this.projects.requireInScope(projectId, scopeOf(actor));
    const plan = await this.desk.findOne<PlanRow>('service_plan', projectId);
    return plan ? { ...plan, exists: true } : { projectId, goals: null, measures: null, factors: [], version: 0, exists: false };
  }

  /** Creates (version 0) or replaces (the version read) the plan; audited with before and after. */
  async putPlan(actor: Actor, projectId: string, dto: PutServicePlanDto) {
    const scope = this.projects.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      await this.projects.requireInScope(projectId, scope, m, true);
      const before = await this.desk.findOne<PlanRow>('service_plan', projectId, m, true);
      const values = { goals: dto.goals ?? null, measures: dto.measures ?? null, factors: dto.factors.map((f) => ({ ...f, note: f.note ?? null })), updatedBy: actor.id };
      let after: PlanRow | null;
      if (!before) {
        if (dto.version !== 0) throw this.stale('service plan', 0);
        after = await this.desk.insert<PlanRow>(m, 'service_plan', { ...values, projectId });
      } else {
        if (dto.version !== before.version) throw this.stale('service plan', before.version);
        after = await this.desk.updateVersioned<PlanRow>(m, 'service_plan', projectId, dto.version, values);
        if (!after) throw this.stale('service plan', before.version);
      }
      await this.audit.record(m, { actorId: actor.id, action: before ? 'update' : 'create', entity: 'service_plan', entityId: projectId, before, after });
      return { ...after, exists: true };
    });
  }

  private async requireMember(m: EntityManager, projectId: string, id: string, scope: ReturnType<typeof scopeOf>): Promise<MemberRow> {
    await this.projects.requireInScope(projectId, scope, m, true);
    const member = await this.desk.findOne<MemberRow>('project_team_member', id, m, true);
    if (!member || member.projectId !== projectId) throw notFound('Team membership', id);
    return member;
  }

  private requireOrder(fromDate: string, toDate: string | null) {
    if (toDate && toDate < fromDate) {
      throw new DomainError(DomainErrorCode.InvalidDate, `toDate ${toDate} is before fromDate ${fromDate}`, { field: 'toDate' });
    }
  }

  private stale(what: string, current: number) {
    return new DomainError(DomainErrorCode.StaleVersion, `This ${what} was changed by someone else: reload it (current version ${current})`, { currentVersion: current });
  }
}
