import type { DataSource } from 'typeorm';
import type { OwnershipType } from '#domain';
import { ClusterEntity, InvestorEntity, ProjectListEntity, TaxonomyVersionEntity } from '#persistence';
import { uniq } from './uniq.js';

/** Inserts a taxonomy version (active unless told otherwise; only one may be active). */
export async function insertTaxonomy(ds: DataSource, o: Partial<Pick<TaxonomyVersionEntity, 'code' | 'name' | 'validFrom' | 'active'>> = {}) {
  const repo = ds.getRepository(TaxonomyVersionEntity);
  return repo.save(repo.create({ code: o.code ?? uniq('tax-'), name: o.name ?? '测试分类', validFrom: o.validFrom ?? '2024-01-01', active: o.active ?? true }));
}

/** Inserts a cluster (产业集群) or, with `parent`, a chain (产业链) under it. */
export async function insertCluster(
  ds: DataSource,
  taxonomy: TaxonomyVersionEntity,
  o: { parent?: ClusterEntity; nameZh?: string; code?: string } = {},
): Promise<ClusterEntity> {
  const repo = ds.getRepository(ClusterEntity);
  return repo.save(
    repo.create({
      taxonomyVersionId: taxonomy.id,
      code: o.code ?? uniq(o.parent ? 'chain-' : 'cluster-'),
      kind: o.parent ? 'CHAIN' : 'CLUSTER',
      parentId: o.parent?.id ?? null,
      nameZh: o.nameZh ?? (o.parent ? `测试产业链${uniq('')}` : `测试集群${uniq('')}`),
      nameEn: null,
    }),
  );
}

/** Inserts a named list (自治区重大项目清单, 市重点项目 …). */
export async function insertProjectList(ds: DataSource, o: { code?: string; nameZh?: string } = {}): Promise<ProjectListEntity> {
  const repo = ds.getRepository(ProjectListEntity);
  return repo.save(repo.create({ code: o.code ?? uniq('list-'), nameZh: o.nameZh ?? `测试清单${uniq('')}`, nameEn: null, issuer: null, year: null }));
}

/** Inserts an investor (客商). */
export async function insertInvestor(ds: DataSource, o: { nameZh?: string; ownershipType?: OwnershipType } = {}): Promise<InvestorEntity> {
  const repo = ds.getRepository(InvestorEntity);
  return repo.save(repo.create({ nameZh: o.nameZh ?? `测试企业${uniq('')}`, nameEn: null, ownershipType: o.ownershipType ?? 'PRIVATE', creditCode: null }));
}
