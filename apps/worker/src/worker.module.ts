import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, APP_CONFIG, type AppConfig } from '#config';
import { JobQueue, QueueName } from '#jobs';
import { NotificationsModule } from '#notifications';
import { PersistenceModule, ServiceDeskRepository } from '#persistence';
import { DigestFanOut } from './digest/digest-fan-out.service.js';
import { DeadlineEvaluator } from './deadlines/deadline-evaluator.service.js';
import { DeadlinesProcessor } from './processors/deadlines.processor.js';
import { MaintenanceProcessor } from './processors/maintenance.processor.js';
import { NotificationsProcessor } from './processors/notifications.processor.js';
import { ScheduleRegistrar } from './schedulers/schedule.registrar.js';

/** The evaluator and what it needs, without queue workers: used by the CLI (sweep, explain, reevaluate). */
@Module({
  imports: [PersistenceModule.forRoot()],
  providers: [DeadlineEvaluator],
  exports: [DeadlineEvaluator],
})
export class DeadlinesCoreModule {}

export { DeadlineEvaluator };

/** The worker process: BullMQ workers and job schedulers, no HTTP listener. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DeadlinesCoreModule,
        NotificationsModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({ connection: { url: c.redis.url, maxRetriesPerRequest: null }, prefix: c.redis.prefix }),
        }),
        BullModule.registerQueue({ name: QueueName.Deadlines }, { name: QueueName.Maintenance }, { name: QueueName.Notifications }),
      ],
      providers: [JobQueue, DeadlinesProcessor, MaintenanceProcessor, ScheduleRegistrar, NotificationsProcessor, DigestFanOut, ServiceDeskRepository],
    };
  }
}
