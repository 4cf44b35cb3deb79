import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, DomainErrorCode, notFound, pathWithin, scopeOf } from '#domain';
import { AuditRepository, hashPassword, UnitRepository, UserRepository } from '#persistence';
import { toUserResponse, UserResponse } from './user.response.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<UserResponse[]> {
    return (await this.users.list()).map(toUserResponse);
  }

  /**
   * Who an alert of a project in `unitId` can be assigned to (active staff and managers of the unit or an
   * ancestor unit). The unit must lie in the actor's scope (404 otherwise).
   */
  async assignable(actor: Actor, unitId: string) {
    const unit = await this.units.findById(unitId);
    if (!unit || !pathWithin(unit.path, scopeOf(actor))) throw notFound('Unit', unitId);
    return (await this.users.assignableFor(unit.path)).map((u) => ({
      id: u.id,
      displayName: u.display_name,
      role: u.role,
      unit: { id: u.unit_id, nameZh: u.unit_name_zh },
    }));
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponse> {
    await this.requireUnit(dto.unitId);
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (m) => {
      if (await this.users.findForLogin(dto.username)) {
        throw new DomainError(DomainErrorCode.Duplicate, `Username ${dto.username} is taken`, { field: 'username' });
      }
      const { password: _password, ...rest } = dto;
      const user = await this.users.insert(m, { ...rest, email: dto.email ?? null, passwordHash });
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'user', entityId: user.id, after: toUserResponse(user) });
      return toUserResponse(user);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    if (dto.unitId) await this.requireUnit(dto.unitId);
    const { version, password, ...values } = dto;
    const passwordHash = password ? await hashPassword(password) : undefined;
    return this.dataSource.transaction(async (m) => {
      const before = await this.users.findById(id, m);
      if (!before) throw notFound('User', id);
      const after = await this.users.update(m, id, version, { ...values, ...(passwordHash ? { passwordHash } : {}) });
      if (!after) throw new DomainError(DomainErrorCode.StaleVersion, `User ${id} was changed by someone else (version ${before.version})`, { currentVersion: before.version });
      await this.audit.record(m, {
        actorId: actor.id,
        action: password ? 'update+password' : 'update',
        entity: 'user',
        entityId: id,
        before: toUserResponse(before),
        after: toUserResponse(after),
      });
      return toUserResponse(after);
    });
  }

  private async requireUnit(unitId: string) {
    if (!(await this.units.findById(unitId))) {
      throw new DomainError(DomainErrorCode.InvalidReference, `Unit ${unitId} does not exist`, { field: 'unitId' });
    }
  }
}
