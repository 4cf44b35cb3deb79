import { Module } from '@nestjs/common';
import { ImportsController } from './imports/imports.controller.js';
import { ImportsService } from './imports/imports.service.js';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '#config';
import { JobQueue } from '#jobs';
import { NotificationsModule } from '#notifications';
import { PersistenceModule } from '#persistence';
import { DigestsController, OutboxController, PreferencesController } from './digest/digest.controller.js';
import { DigestService } from './digest/digest.service.js';
import { AlertsController, DeadlinesController, NotificationsController } from './alerts/alerts.controller.js';
import { AlertsService } from './alerts/alerts.service.js';
import { AuditController } from './audit/audit.controller.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { ReevaluationService } from './service-targets/reevaluation.service.js';
import { ServiceTargetsController } from './service-targets/service-targets.controller.js';
import { ServiceTargetsService } from './service-targets/service-targets.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { AuthGuard } from './common/auth/auth.guard.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './health/metrics.js';
import { RedisHealthClient } from './health/redis.provider.js';
import { ProjectsController } from './projects/projects.controller.js';
import { ProjectsService } from './projects/projects.service.js';
import { RecordsController } from './records/records.controller.js';
import { RecordsService } from './records/records.service.js';
import { ReferenceController } from './reference/reference.controller.js';
import { UnitsController } from './units/units.controller.js';
import { AssignableUsersController } from './users/assignable-users.controller.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';
import { ApprovalItemsController, CommitmentsController, DeskCodeListsController, InvestorRequestsController } from './desk-clocks/desk-clocks.controller.js';
import { DeskClocksService } from './desk-clocks/desk-clocks.service.js';
import { ServiceDeskRepository } from '#persistence';
import { ActivitiesController } from './service-desk/activities.controller.js';
import { ActivitiesService } from './service-desk/activities.service.js';
import { InvestorsController, ProjectContactsController } from './service-desk/investors.controller.js';
import { InvestorsService } from './service-desk/investors.service.js';
import { ServiceDeskCodesController, ServiceTeamController } from './service-desk/service-team.controller.js';
import { ServiceTeamService } from './service-desk/service-team.service.js';

/** The HTTP API. Needs ConfigModule.forRoot() imported beside it (see app.factory.ts). */
@Module({
  imports: [
    PersistenceModule.forRoot(),
    NotificationsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret, signOptions: { expiresIn: config.auth.jwtTtlSeconds } }),
    }),
  ],
  controllers: [
    HealthController,
    MetricsController,
    AuthController,
    UnitsController,
    AssignableUsersController,
    UsersController,
    ReferenceController,
    ProjectsController,
    ImportsController,
    RecordsController,
    AuditController,
    ServiceTargetsController,
    CalendarController,
    AlertsController,
    DeadlinesController,
    NotificationsController,
    DigestsController,
    OutboxController,
    PreferencesController,
    DashboardController,
    ApprovalItemsController,
    InvestorRequestsController,
    CommitmentsController,
    DeskCodeListsController,
    InvestorsController,
    ProjectContactsController,
    ActivitiesController,
    ServiceTeamController,
    ServiceDeskCodesController,
  ],
  providers: [ImportsService, DashboardService, DigestService, JobQueue, ReevaluationService, ServiceTargetsService, AlertsService, AuthService, UsersService, ProjectsService, RecordsService, RedisHealthClient, DeskClocksService, ServiceDeskRepository, InvestorsService, ActivitiesService, ServiceTeamService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class ApiModule {}
