import type { DataSource } from 'typeorm';
import type { CanonicalStage, ProjectFamily } from '#domain';
import { ProjectEntity, StageTransitionEntity, UnitEntity } from '#persistence';
import { uniq } from './uniq.js';

export interface ProjectOverrides {
  code?: string;
  nameZh?: string;
  family?: ProjectFamily;
  stage?: CanonicalStage;
  stageDate?: string;
  totalInvestment?: string | null;
  investorId?: string | null;
}

/** A valid create-project request body for the API. */
export function buildProjectBody(unit: UnitEntity, overrides: Record<string, unknown> = {}) {
  return {
    code: uniq('P-'),
    nameZh: `测试项目${uniq('')}`,
    unitId: unit.id,
    family: 'INVESTMENT',
    stage: 'SIGNED',
    stageDate: '2024-03-01',
    totalInvestment: '50000.00',
    ...overrides,
  };
}

/** Inserts a project with its INITIAL transition directly (no API), as the seeder does. */
export async function insertProject(ds: DataSource, unit: UnitEntity, o: ProjectOverrides = {}): Promise<ProjectEntity> {
  const repo = ds.getRepository(ProjectEntity);
  const project = await repo.save(
    repo.create({
      code: o.code ?? uniq('P-'),
      nameZh: o.nameZh ?? `测试项目${uniq('')}`,
      unitId: unit.id,
      unitPath: unit.path,
      family: o.family ?? 'INVESTMENT',
      stage: o.stage ?? 'SIGNED',
      stageDate: o.stageDate ?? '2024-03-01',
      totalInvestment: o.totalInvestment === undefined ? '10000.00' : o.totalInvestment,
      investorId: o.investorId ?? null,
    }),
  );
  await ds.getRepository(StageTransitionEntity).insert({
    projectId: project.id,
    seq: 1,
    kind: 'INITIAL',
    fromStage: null,
    toStage: project.stage,
    effectiveDate: project.stageDate,
    skippedStageDates: {},
  });
  return repo.findOneByOrFail({ id: project.id });
}
