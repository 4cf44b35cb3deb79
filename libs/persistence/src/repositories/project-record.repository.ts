import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { MilestoneEventEntity, MoneyRecordEntity, ProgressReportEntity, ProjectIssueEntity } from '../entities/index.js';

export type ProjectRecordEntity = MilestoneEventEntity | MoneyRecordEntity | ProgressReportEntity | ProjectIssueEntity;

/** The per-project records (milestones, money, progress reports, issues): one table each, same access pattern. */
export const PROJECT_RECORD_TABLES = {
  milestone: { entity: MilestoneEventEntity, order: { effectiveDate: 'ASC', recordedAt: 'ASC' } },
  money: { entity: MoneyRecordEntity, order: { kind: 'ASC', period: 'ASC' } },
  progress: { entity: ProgressReportEntity, order: { period: 'DESC' } },
  issue: { entity: ProjectIssueEntity, order: { createdAt: 'DESC' } },
} as const;
export type ProjectRecordKind = keyof typeof PROJECT_RECORD_TABLES;

@Injectable()
export class ProjectRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  list<T extends ObjectLiteral>(kind: ProjectRecordKind, projectId: string): Promise<T[]> {
    const { entity, order } = PROJECT_RECORD_TABLES[kind];
    return this.dataSource.getRepository(entity as EntityTarget<T>).find({ where: { projectId } as never, order: order as never });
  }

  findOne<T extends ObjectLiteral>(kind: ProjectRecordKind, projectId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<T | null> {
    const { entity } = PROJECT_RECORD_TABLES[kind];
    return manager.getRepository(entity as EntityTarget<T>).findOneBy({ id, projectId } as never);
  }

  async insert<T extends ObjectLiteral>(manager: EntityManager, kind: ProjectRecordKind, values: Record<string, unknown>): Promise<T> {
    const repo = manager.getRepository(PROJECT_RECORD_TABLES[kind].entity as EntityTarget<T>);
    const saved = (await repo.save(repo.create(values as never))) as unknown as { id: string };
    return repo.findOneByOrFail({ id: saved.id } as never);
  }

  /** Optimistic update; null when `version` is stale. */
  async updateVersioned<T extends ObjectLiteral>(
    manager: EntityManager,
    kind: ProjectRecordKind,
    id: string,
    version: number,
    values: Record<string, unknown>,
  ): Promise<T | null> {
    const entity = PROJECT_RECORD_TABLES[kind].entity as EntityTarget<T>;
    const result = await manager
      .createQueryBuilder()
      .update(entity)
      .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (!result.affected) return null;
    return manager.getRepository(entity).findOneByOrFail({ id } as never);
  }
}
