import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClusterEntity, InvestorEntity, ProjectListEntity, TaxonomyVersionEntity } from '../entities/index.js';
import { escapeLike } from './sql.js';

/** Read access to the reference data: taxonomy, lists, investors. */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async activeTaxonomy(): Promise<{ version: TaxonomyVersionEntity | null; clusters: ClusterEntity[] }> {
    const version = await this.dataSource.getRepository(TaxonomyVersionEntity).findOneBy({ active: true });
    if (!version) return { version: null, clusters: [] };
    const clusters = await this.dataSource
      .getRepository(ClusterEntity)
      .find({ where: { taxonomyVersionId: version.id }, order: { sortOrder: 'ASC', code: 'ASC' } });
    return { version, clusters };
  }

  lists(): Promise<ProjectListEntity[]> {
    return this.dataSource.getRepository(ProjectListEntity).find({ order: { code: 'ASC' } });
  }

  investors(q?: string): Promise<InvestorEntity[]> {
    const qb = this.dataSource.getRepository(InvestorEntity).createQueryBuilder('i').orderBy('i.name_zh').limit(100);
    if (q) qb.where('i.name_zh ILIKE :q', { q: `%${escapeLike(q)}%` });
    return qb.getMany();
  }
}
