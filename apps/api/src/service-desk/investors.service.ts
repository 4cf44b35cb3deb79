import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CONTACT_ROLE_SIDE, DomainError, DomainErrorCode, notFound, scopeOf, type ContactRole, type ContactSide, type Scope } from '#domain';
import { AuditRepository, ServiceDeskRepository, type InvestorRow } from '#persistence';
import { ProjectsService } from '../projects/projects.service.js';
import {
  CheckDuplicatesDto,
  CreateContactDto,
  CreateInvestorDto,
  SearchInvestorsQueryDto,
  UpdateContactDto,
  UpdateInvestorDto,
} from './dto/service-desk.dto.js';

interface ContactRow {
  id: string;
  side: ContactSide;
  role: ContactRole;
  investorId: string | null;
  projectId: string | null;
  version: number;
}

/**
 * 客商管理: investors are shared reference data — every signed-in user reads them, staff, managers and
 * admins write them. Their projects are shown by name only inside the reader's scope (counts per unit
 * elsewhere). Contacts hang off an investor (read by all) or a project (read within its scope).
 */
@Injectable()
export class InvestorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: ServiceDeskRepository,
    private readonly projects: ProjectsService,
    private readonly audit: AuditRepository,
  ) {}

  search(query: SearchInvestorsQueryDto) {
    const q = query.q?.trim() || undefined;
    return this.desk.searchInvestors(q, query.page, query.pageSize).then((r) => ({ ...r, page: query.page, pageSize: query.pageSize }));
  }

  async detail(actor: Actor, id: string) {
    const investor = await this.requireInvestor(id);
    const scope = scopeOf(actor);
    const parent = investor.parentId ? await this.desk.findOne<InvestorRow>('investor', investor.parentId) : null;
    const { inScope, outOfScope } = await this.desk.investorProjects(id, scope.unitPath);
    return {
      ...investor,
      parent: parent && { id: parent.id, nameZh: parent.nameZh, creditCode: parent.creditCode },
      subsidiaries: await this.desk.subsidiaries(id),
      contacts: await this.desk.contactsOf('investor', id, false),
      projects: inScope,
      /** Projects of this investor in units outside your scope: counts only. */
      otherUnits: outOfScope,
      projectTotal: inScope.length + outOfScope.reduce((n: number, u: { count: number }) => n + u.count, 0),
    };
  }

  checkDuplicates(dto: CheckDuplicatesDto) {
    if (!dto.nameZh?.trim() && !dto.creditCode) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'Give nameZh or creditCode to check', details: { fields: [{ field: 'nameZh', errors: ['nameZh or creditCode is required'] }] } });
    }
    return this.desk.duplicateCandidates(dto.nameZh?.trim() || undefined, dto.creditCode || undefined, dto.excludeId).then((items) => ({ items }));
  }

  async create(actor: Actor, dto: CreateInvestorDto) {
    this.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      await this.requireUnique(m, dto.nameZh, dto.creditCode ?? undefined);
      if (dto.parentId) await this.requireInvestor(dto.parentId, m, 'parentId');
      const created = await this.desk.insert<InvestorRow>(m, 'investor', { ...dto, ownershipType: dto.ownershipType ?? 'UNKNOWN' });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'investor', entityId: created.id, after: created });
      return created;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateInvestorDto) {
    this.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const before = await this.desk.findOne<InvestorRow>('investor', id, m, true);
      if (!before) throw notFound('Investor', id);
      if (before.version !== dto.version) throw this.stale('Investor', before.version);
      await this.requireUnique(m, dto.nameZh !== before.nameZh ? dto.nameZh : undefined, dto.creditCode && dto.creditCode !== before.creditCode ? dto.creditCode : undefined, id);
      if (dto.parentId) {
        await this.requireInvestor(dto.parentId, m, 'parentId');
        if (dto.parentId === id || (await this.desk.wouldCycle(id, dto.parentId, m))) {
          throw new DomainError(DomainErrorCode.InvalidReference, `parentId: ${dto.parentId} is this investor or one of its subsidiaries (a group cannot contain itself)`, {
            field: 'parentId',
          });
        }
      }
      const { version, ...values } = dto;
      const after = await this.desk.updateVersioned<InvestorRow>(m, 'investor', id, version, values);
      if (!after) throw this.stale('Investor', before.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'investor', entityId: id, before, after });
      return after;
    });
  }

  // ——— contacts ———

  async listContacts(actor: Actor, owner: { investorId?: string; projectId?: string }, includeInactive = false) {
    if (owner.investorId) {
      await this.requireInvestor(owner.investorId);
      return { items: await this.desk.contactsOf('investor', owner.investorId, includeInactive) };
    }
    await this.projects.requireInScope(owner.projectId!, scopeOf(actor));
    return { items: await this.desk.contactsOf('project', owner.projectId!, includeInactive) };
  }

  async createContact(actor: Actor, owner: { investorId?: string; projectId?: string }, dto: CreateContactDto) {
    const scope = this.requireWriter(actor);
    this.requireRoleOnSide(dto.side, dto.role);
    return this.dataSource.transaction(async (m) => {
      let investorId = owner.investorId ?? null;
      if (owner.investorId) await this.requireInvestor(owner.investorId, m);
      if (owner.projectId) {
        const project = await this.projects.requireInScope(owner.projectId, scope, m);
        if (dto.linkInvestor) {
          if (!project.investorId) throw new DomainError(DomainErrorCode.InvalidReference, 'linkInvestor: this project has no investor', { field: 'linkInvestor' });
          investorId = project.investorId;
        }
      }
      const { linkInvestor: _l, ...values } = dto;
      const created = await this.desk.insert<ContactRow>(m, 'contact', { ...values, investorId, projectId: owner.projectId ?? null, createdBy: actor.id });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'contact', entityId: created.id, after: created });
      return created;
    });
  }

  async updateContact(actor: Actor, owner: { investorId?: string; projectId?: string }, contactId: string, dto: UpdateContactDto) {
    const scope = this.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const before = await this.requireContact(m, owner, contactId, scope);
      if (before.version !== dto.version) throw this.stale('Contact', before.version);
      this.requireRoleOnSide(dto.side ?? before.side, dto.role ?? before.role);
      const { version, ...values } = dto;
      const after = await this.desk.updateVersioned<ContactRow>(m, 'contact', contactId, version, values);
      if (!after) throw this.stale('Contact', before.version);
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'contact', entityId: contactId, before, after });
      return after;
    });
  }

  /** DELETE deactivates: activities and teams keep pointing at the person. */
  async deactivateContact(actor: Actor, owner: { investorId?: string; projectId?: string }, contactId: string) {
    const scope = this.requireWriter(actor);
    return this.dataSource.transaction(async (m) => {
      const before = await this.requireContact(m, owner, contactId, scope);
      const after = await this.desk.updateVersioned<ContactRow>(m, 'contact', contactId, before.version, { active: false });
      await this.audit.record(m, { actorId: actor.id, action: 'deactivate', entity: 'contact', entityId: contactId, before, after });
      return after;
    });
  }

  /** 董事长 is on the investor's side, 代办员 on the government's: a role belongs to one side. */
  private requireRoleOnSide(side: ContactSide, role: ContactRole) {
    if (CONTACT_ROLE_SIDE[role] !== side) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: `Invalid input: role ${role} belongs to the ${CONTACT_ROLE_SIDE[role]} side, not ${side}`,
        details: { fields: [{ field: 'role', errors: [`role ${role} belongs to the ${CONTACT_ROLE_SIDE[role]} side`] }] },
      });
    }
  }

  private async requireContact(m: EntityManager, owner: { investorId?: string; projectId?: string }, contactId: string, scope: Scope): Promise<ContactRow> {
    if (owner.projectId) await this.projects.requireInScope(owner.projectId, scope, m);
    const contact = await this.desk.findOne<ContactRow>('contact', contactId, m, true);
    const belongs = contact && (owner.projectId ? contact.projectId === owner.projectId : contact.investorId === owner.investorId);
    if (!contact || !belongs) throw notFound('Contact', contactId);
    // A project's contact linked to its investor is still that project's: only its scope may change it.
    if (contact.projectId && !owner.projectId) {
      await this.projects.requireInScope(contact.projectId, scope, m).catch(() => {
        throw notFound('Contact', contactId);
      });
    }
    return contact;
  }

  async requireInvestor(id: string, m?: EntityManager, field?: string): Promise<InvestorRow> {
    const investor = await this.desk.findOne<InvestorRow>('investor', id, m);
    if (!investor) {
      if (field) throw new DomainError(DomainErrorCode.InvalidReference, `${field}: investor ${id} does not exist`, { field });
      throw notFound('Investor', id);
    }
    return investor;
  }

  private async requireUnique(m: EntityManager, nameZh: string | undefined, creditCode: string | undefined, exceptId?: string) {
    if (creditCode) {
      const same = await this.desk.investorByCreditCode(creditCode, m, exceptId);
      if (same) {
        throw new DomainError(DomainErrorCode.Duplicate, `Credit code ${creditCode} belongs to ${same.nameZh} already`, {
          field: 'creditCode',
          existing: { id: same.id, nameZh: same.nameZh },
        });
      }
    }
    if (nameZh) {
      const same = await this.desk.investorByName(nameZh, m, exceptId);
      if (same) {
        throw new DomainError(DomainErrorCode.Duplicate, `An investor named ${same.nameZh} exists already`, { field: 'nameZh', existing: { id: same.id, nameZh: same.nameZh } });
      }
    }
  }

  private requireWriter(actor: Actor): Scope {
    return this.projects.requireWriter(actor);
  }

  private stale(what: string, current: number) {
    return new DomainError(DomainErrorCode.StaleVersion, `This ${what.toLowerCase()} was changed by someone else: reload it (current version ${current})`, { currentVersion: current });
  }
}
