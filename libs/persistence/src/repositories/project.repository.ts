import { Injectable } from '@nestjs/common';
import type { CanonicalStage, Scope, Stage, TransitionKind } from '#domain';
import { DataSource, EntityManager } from 'typeorm';
import {
  ClusterEntity,
  InvestorEntity,
  ProjectClusterEntity,
  ProjectEntity,
  ProjectListEntity,
  ProjectListMembershipEntity,
  ProjectPlanDateEntity,
  ProjectSourceEntity,
  StageTransitionEntity,
  UnitEntity,
} from '../entities/index.js';
import { buildProjectListQuery, ProjectListFilter, ProjectListRow } from './project-list.query.js';
import { likePrefix } from './sql.js';

export interface ProjectDetail {
  project: ProjectEntity;
  unit: UnitEntity;
  investor: InvestorEntity | null;
  clusters: ClusterEntity[];
  lists: ProjectListEntity[];
  planDates: ProjectPlanDateEntity[];
  sources: ProjectSourceEntity[];
}

export interface NewTransition {
  projectId: string;
  kind: TransitionKind;
  fromStage: Stage | null;
  toStage: Stage;
  effectiveDate: string;
  skippedStageDates: Record<string, string>;
  note: string | null;
  actorId: string | null;
}

/**
 * Projects and their stage history. Every read takes the caller's Scope and answers as if a project
 * outside it did not exist; this is where unit scoping is enforced.
 */
@Injectable()
export class ProjectRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ProjectListFilter, scope: Scope): Promise<{ items: ProjectListRow[]; total: number }> {
    const { page, count } = buildProjectListQuery(filter, scope.unitPath);
    const [items, totals] = await Promise.all([
      this.dataSource.query(page.text, page.values) as Promise<ProjectListRow[]>,
      this.dataSource.query(count.text, count.values) as Promise<{ total: number }[]>,
    ]);
    return { items, total: totals[0].total };
  }

  /**
   * Every matching row in the list's order, for an export: the count first, and the rows only when there
   * are at most `max` of them (`items` null otherwise).
   */
  async listForExport(
    filter: Omit<ProjectListFilter, 'page' | 'pageSize'>,
    scope: Scope,
    max: number,
  ): Promise<{ items: ProjectListRow[] | null; total: number }> {
    const { page, count } = buildProjectListQuery({ ...filter, page: 1, pageSize: max }, scope.unitPath);
    const [{ total }] = (await this.dataSource.query(count.text, count.values)) as { total: number }[];
    if (total > max) return { items: null, total };
    return { items: (await this.dataSource.query(page.text, page.values)) as ProjectListRow[], total };
  }

  /** The project if it exists and lies in scope; null otherwise. */
  async findInScope(id: string, scope: Scope, manager: EntityManager = this.dataSource.manager, lock = false): Promise<ProjectEntity | null> {
    const qb = manager.getRepository(ProjectEntity).createQueryBuilder('p').where('p.id = :id', { id });
    if (scope.unitPath) qb.andWhere(`p.unit_path LIKE :prefix`, { prefix: likePrefix(scope.unitPath) });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectEntity | null> {
    return manager.getRepository(ProjectEntity).findOneBy({ code });
  }

  async detail(project: ProjectEntity, manager: EntityManager = this.dataSource.manager): Promise<ProjectDetail> {
    // Sequential on purpose: inside a transaction all queries share one connection.
    const unit = await manager.getRepository(UnitEntity).findOneByOrFail({ id: project.unitId });
    const investor = project.investorId ? await manager.getRepository(InvestorEntity).findOneBy({ id: project.investorId }) : null;
    const clusters = await manager
      .getRepository(ClusterEntity)
      .createQueryBuilder('c')
      .innerJoin(ProjectClusterEntity, 'pc', 'pc.cluster_id = c.id')
      .where('pc.project_id = :id', { id: project.id })
      .orderBy('c.sort_order')
      .getMany();
    const lists = await manager
      .getRepository(ProjectListEntity)
      .createQueryBuilder('l')
      .innerJoin(ProjectListMembershipEntity, 'm', 'm.list_id = l.id')
      .where('m.project_id = :id', { id: project.id })
      .orderBy('l.code')
      .getMany();
    const planDates = await manager.getRepository(ProjectPlanDateEntity).find({ where: { projectId: project.id }, order: { expectedDate: 'ASC' } });
    const sources = await manager.getRepository(ProjectSourceEntity).find({ where: { projectId: project.id }, order: { asOf: 'ASC', sourceLine: 'ASC' } });
    return { project, unit, investor, clusters, lists, planDates, sources };
  }

  async insert(manager: EntityManager, values: Partial<ProjectEntity>): Promise<ProjectEntity> {
    const repo = manager.getRepository(ProjectEntity);
    const saved = await repo.save(repo.create(values));
    return repo.findOneByOrFail({ id: saved.id });
  }

  /** Optimistic update: applies only when `version` matches. Returns the new row, or null when stale. */
  async updateVersioned(manager: EntityManager, id: string, version: number, values: Partial<ProjectEntity>): Promise<ProjectEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(ProjectEntity)
      .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (!result.affected) return null;
    return manager.getRepository(ProjectEntity).findOneByOrFail({ id });
  }

  async replaceClusters(manager: EntityManager, projectId: string, clusterIds: string[]): Promise<void> {
    await manager.delete(ProjectClusterEntity, { projectId });
    if (clusterIds.length) await manager.insert(ProjectClusterEntity, clusterIds.map((clusterId) => ({ projectId, clusterId })));
  }

  async replaceLists(manager: EntityManager, projectId: string, listIds: string[]): Promise<void> {
    await manager.delete(ProjectListMembershipEntity, { projectId });
    if (listIds.length) await manager.insert(ProjectListMembershipEntity, listIds.map((listId) => ({ projectId, listId })));
  }

  async replacePlanDates(
    manager: EntityManager,
    projectId: string,
    planDates: { stage: CanonicalStage; expectedDate: string; sourceText?: string | null }[],
    statedOn: string,
  ): Promise<void> {
    await manager.delete(ProjectPlanDateEntity, { projectId });
    if (planDates.length) {
      await manager.insert(
        ProjectPlanDateEntity,
        planDates.map((p) => ({ projectId, stage: p.stage, expectedDate: p.expectedDate, sourceText: p.sourceText ?? null, statedOn })),
      );
    }
  }

  /** Appends a stage transition with the next sequence number of the project (caller holds the row lock). */
  async appendTransition(manager: EntityManager, t: NewTransition): Promise<StageTransitionEntity> {
    const rows: { seq: number }[] = await manager.query(
      'SELECT coalesce(max(seq), 0) + 1 AS seq FROM stage_transition WHERE project_id = $1',
      [t.projectId],
    );
    const repo = manager.getRepository(StageTransitionEntity);
    const saved = await repo.save(repo.create({ ...t, seq: rows[0].seq }));
    return repo.findOneByOrFail({ id: saved.id });
  }

  history(projectId: string): Promise<StageTransitionEntity[]> {
    return this.dataSource.getRepository(StageTransitionEntity).find({ where: { projectId }, order: { seq: 'ASC' } });
  }

  /** Ids that do not exist among `ids` for the given entity (for clear 422 answers on bad references). */
  async missingIds(manager: EntityManager, table: 'cluster' | 'project_list' | 'unit' | 'investor', ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await manager.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    const found = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !found.has(id));
  }
}
