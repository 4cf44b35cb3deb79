import type { DataSource } from 'typeorm';
import type { IssueCategory, IssueStatus, MoneyKind } from '#domain';
import { MilestoneEventEntity, MoneyRecordEntity, ProgressReportEntity, ProjectEntity, ProjectIssueEntity } from '#persistence';
import { uniq } from './uniq.js';

/** Inserts a dated sub-milestone (主体封顶 …) of a project. */
export async function insertMilestone(ds: DataSource, project: ProjectEntity, o: Partial<MilestoneEventEntity> = {}): Promise<MilestoneEventEntity> {
  const repo = ds.getRepository(MilestoneEventEntity);
  const saved = await repo.save(repo.create({ projectId: project.id, code: uniq('MS'), nameZh: '主体封顶', effectiveDate: '2024-05-01', ...o }));
  return repo.findOneByOrFail({ id: saved.id });
}

/** Inserts a money record (万元) of a project. */
export async function insertMoneyRecord(
  ds: DataSource,
  project: ProjectEntity,
  o: { kind?: MoneyKind; period?: string; amount?: string } = {},
): Promise<MoneyRecordEntity> {
  const repo = ds.getRepository(MoneyRecordEntity);
  const saved = await repo.save(repo.create({ projectId: project.id, kind: o.kind ?? 'ARRIVED', period: o.period ?? '2024-05', amount: o.amount ?? '1250.50' }));
  return repo.findOneByOrFail({ id: saved.id });
}

/** Inserts a monthly progress report (月调度) of a project. */
export async function insertProgressReport(ds: DataSource, project: ProjectEntity, o: Partial<ProgressReportEntity> = {}): Promise<ProgressReportEntity> {
  const repo = ds.getRepository(ProgressReportEntity);
  const saved = await repo.save(repo.create({ projectId: project.id, period: '2024-05', summary: '主体施工推进中', constructionPercent: 40, ...o }));
  return repo.findOneByOrFail({ id: saved.id });
}

/** Inserts an entry of the 问题清单 of a project. */
export async function insertIssue(
  ds: DataSource,
  project: ProjectEntity,
  o: { category?: IssueCategory; title?: string; status?: IssueStatus; ownerUnitId?: string | null; dueDate?: string | null } = {},
): Promise<ProjectIssueEntity> {
  const repo = ds.getRepository(ProjectIssueEntity);
  const saved = await repo.save(
    repo.create({ projectId: project.id, category: o.category ?? 'LAND', title: o.title ?? `用地指标${uniq('')}`, status: o.status ?? 'OPEN', ownerUnitId: o.ownerUnitId ?? null, dueDate: o.dueDate ?? null }),
  );
  return repo.findOneByOrFail({ id: saved.id });
}
