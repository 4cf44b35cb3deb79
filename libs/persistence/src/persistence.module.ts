import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '#config';
import { dataSourceOptions } from './data-source.js';
import {
  AlertRepository,
  AuditRepository,
  NotificationRepository,
  ReevaluationRunRepository,
  CalendarRepository,
  DeadlineRepository,
  RuleRepository,
  ProjectRecordRepository,
  ProjectRepository,
  ReferenceRepository,
  UnitRepository,
  UserRepository,
  DigestQueryRepository,
  MailDeliveryRepository,
  DashboardRepository,
  ServiceDeskClockRepository,
} from './repositories/index.js';

const REPOSITORIES = [
  AuditRepository,
  UnitRepository,
  UserRepository,
  ProjectRepository,
  ProjectRecordRepository,
  ReferenceRepository,
  RuleRepository,
  CalendarRepository,
  DeadlineRepository,
  AlertRepository,
  NotificationRepository,
  ReevaluationRunRepository,
  DigestQueryRepository,
  MailDeliveryRepository,
  DashboardRepository,
  ServiceDeskClockRepository,
];

/** TypeORM connection from AppConfig plus every repository. The only module that touches SQL. */
@Global()
@Module({})
export class PersistenceModule {
  private static root?: DynamicModule;

  /** One definition per process (TypeORM's default data source name is registered once); each app gets its own instance. */
  static forRoot(): DynamicModule {
    return (PersistenceModule.root ??= {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => dataSourceOptions(config.db.url, config.db.poolSize),
        }),
      ],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    });
  }
}
