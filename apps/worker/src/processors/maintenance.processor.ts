import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { businessToday } from '#domain';
import { JobName, QueueName, type JobItem } from '#jobs';
import { DataSource } from 'typeorm';
import { executeImportRun, ServiceDeskRepository } from '#persistence';
import { DeadlineEvaluator } from '../deadlines/deadline-evaluator.service.js';

/** The scheduled sweep (every 5 minutes, Asia/Shanghai). */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly evaluator: DeadlineEvaluator,
    private readonly desk: ServiceDeskRepository,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const item = { name: job.name, data: job.data } as JobItem;
    switch (item.name) {
      case JobName.DeadlineSweep: {
        const r = await this.evaluator.sweep();
        this.logger.log(`sweep (${item.data.trigger}): ${r.projects} projects re-evaluated, ${r.levelChanges} level changes, ${r.alertsRaised} alerts raised, ${r.alertsResolved} resolved`);
        return r;
      }
      case JobName.TaskReminders: {
        const today = item.data.today ?? businessToday(new Date());
        const r = await this.desk.raiseTaskReminders(today);
        this.logger.log(`task reminders (${item.data.trigger}) for ${today}: ${r.dueSoon} due tomorrow, ${r.overdue} overdue`);
        return r;
      }
      case JobName.LedgerImport: {
        const status = await executeImportRun(this.dataSource, item.data.runId);
        this.logger.log(`import run ${item.data.runId}: ${status}`);
        return { status };
      }
      default:
        throw new Error(`${item.name} belongs to another processor`);
    }
  }
}
