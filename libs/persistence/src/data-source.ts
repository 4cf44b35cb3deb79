import { DataSource, DataSourceOptions } from 'typeorm';
import {
  AuditLogEntity,
  ClusterEntity,
  InvestorEntity,
  MilestoneEventEntity,
  MoneyRecordEntity,
  ProgressReportEntity,
  ProjectClusterEntity,
  ProjectEntity,
  ProjectIssueEntity,
  ProjectListEntity,
  ProjectListMembershipEntity,
  ProjectPlanDateEntity,
  ProjectSourceEntity,
  StageTransitionEntity,
  TaxonomyVersionEntity,
  UnitEntity,
  UserEntity,
} from './entities/index.js';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation.js';
import { DeadlinesAlerts1764100000000 } from './migrations/1764100000000-deadlines-alerts.js';
import { Digest1764200000000 } from './migrations/1764200000000-digest.js';
import { Web1764300000000 } from './migrations/1764300000000-web.js';
import { ServiceDeskCrm1764400000000 } from './migrations/1764400000000-service-desk-crm.js';
import { ServiceDeskClocks1764500000000 } from './migrations/1764500000000-service-desk-clocks.js';
import { Imports1764600000000 } from './migrations/1764600000000-imports.js';

export const ENTITIES = [
  UnitEntity,
  UserEntity,
  InvestorEntity,
  TaxonomyVersionEntity,
  ClusterEntity,
  ProjectListEntity,
  ProjectEntity,
  ProjectClusterEntity,
  ProjectListMembershipEntity,
  ProjectPlanDateEntity,
  ProjectSourceEntity,
  StageTransitionEntity,
  MilestoneEventEntity,
  MoneyRecordEntity,
  ProgressReportEntity,
  ProjectIssueEntity,
  AuditLogEntity,
];

/** Every migration, in order. `synchronize` is never used. */
export const MIGRATIONS = [Foundation1764000000000, DeadlinesAlerts1764100000000, Digest1764200000000, Web1764300000000, ServiceDeskCrm1764400000000, ServiceDeskClocks1764500000000, Imports1764600000000];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as errors: the API's filter logs unexpected ones with an errorId, the worker's jobs fail visibly.
    logging: false,
    extra: { max: poolSize, application_name: 'luodi' },
  };
}

/** Applies pending migrations and closes the connection. Returns the names of the migrations it ran. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 1));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations();
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
