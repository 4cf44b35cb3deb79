import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UnitEntity, UserEntity } from '../entities/index.js';

/** A person an alert can be assigned to, without anything private (no email, no password hash). */
export interface AssignableUserRow {
  id: string;
  display_name: string;
  role: 'staff' | 'manager';
  unit_id: string;
  unit_name_zh: string;
}

export interface UserWithUnit {
  user: UserEntity;
  unit: UnitEntity;
}

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The user with their password hash (for login only). */
  async findForLogin(username: string): Promise<(UserEntity & { passwordHash: string }) | null> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne() as Promise<(UserEntity & { passwordHash: string }) | null>;
  }

  async findWithUnit(id: string): Promise<UserWithUnit | null> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) return null;
    const unit = await this.dataSource.getRepository(UnitEntity).findOneByOrFail({ id: user.unitId });
    return { user, unit };
  }

  /**
   * Active staff and managers whose unit is the unit at `unitPath` or one of its ancestors: the people
   * AlertsService.assign accepts for an alert of a project there. Nearest unit first, then by name.
   */
  assignableFor(unitPath: string): Promise<AssignableUserRow[]> {
    return this.dataSource.query(
      `SELECT u.id, u.display_name, u.role, un.id AS unit_id, un.name_zh AS unit_name_zh
         FROM app_user u JOIN unit un ON un.id = u.unit_id
        WHERE u.active AND u.role IN ('staff', 'manager') AND starts_with($1, un.path)
        ORDER BY char_length(un.path) DESC, u.role, u.display_name, u.id`,
      [unitPath],
    );
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOneBy({ id });
  }

  list(): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } });
  }

  async insert(manager: EntityManager, values: Partial<UserEntity> & { passwordHash: string }): Promise<UserEntity> {
    const saved = await manager.getRepository(UserEntity).save(manager.getRepository(UserEntity).create(values));
    return (await manager.getRepository(UserEntity).findOneByOrFail({ id: saved.id }));
  }

  /** Updates when `version` matches; returns null when another writer got there first. */
  async update(
    manager: EntityManager,
    id: string,
    version: number,
    values: Partial<Pick<UserEntity, 'displayName' | 'email' | 'role' | 'unitId' | 'locale' | 'active'>> & { passwordHash?: string },
  ): Promise<UserEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (!result.affected) return null;
    return manager.getRepository(UserEntity).findOneByOrFail({ id });
  }
}
