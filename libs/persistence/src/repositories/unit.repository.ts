import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitEntity } from '../entities/index.js';
import { likePrefix } from './sql.js';

@Injectable()
export class UnitRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(UnitEntity);
  }

  /** Every unit whose path lies under `pathPrefix` (all units when null), in tree order. */
  findAll(pathPrefix: string | null = null): Promise<UnitEntity[]> {
    const qb = this.repo.createQueryBuilder('u').orderBy('u.path').addOrderBy('u.sort_order');
    if (pathPrefix) qb.where('u.path LIKE :p', { p: likePrefix(pathPrefix) });
    return qb.getMany();
  }

  /** The direct children of a unit, in display order. */
  children(parentId: string): Promise<UnitEntity[]> {
    return this.repo.createQueryBuilder('u').where('u.parent_id = :parentId', { parentId }).orderBy('u.sort_order').addOrderBy('u.code').getMany();
  }

  findById(id: string): Promise<UnitEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByCode(code: string): Promise<UnitEntity | null> {
    return this.repo.findOneBy({ code });
  }
}

