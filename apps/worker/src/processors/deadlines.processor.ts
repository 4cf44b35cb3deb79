import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { Job } from 'bullmq';
import { JobName, QueueName, type JobItem } from '#jobs';
import { ReevaluationRunRepository } from '#persistence';
import { DeadlineEvaluator } from '../deadlines/deadline-evaluator.service.js';

/** Re-evaluation jobs. Each reloads state from PostgreSQL; running one twice changes nothing more. */
@Processor(QueueName.Deadlines)
export class DeadlinesProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly evaluator: DeadlineEvaluator,
    private readonly runs: ReevaluationRunRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** Concurrency from WORKER_CONCURRENCY (jobs of this queue one process runs at once). */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job): Promise<unknown> {
    const item = { name: job.name, data: job.data } as JobItem;
    switch (item.name) {
      case JobName.ProjectReevaluate:
        return this.evaluator.reevaluateProjects([item.data.projectId]);
      case JobName.ReevaluateBatch: {
        const r = await this.evaluator.reevaluateMarked(1000);
        await this.runs.recordProgress(item.data.runId, r.projects);
        return r;
      }
      case JobName.DeadlineSweep:
      case JobName.DigestFanOut:
      case JobName.DigestSend:
      case JobName.AlertEmailCollect:
      case JobName.AlertEmailSend:
      case JobName.TaskReminders:
      case JobName.LedgerImport:
        throw new Error(`${item.name} belongs to another processor`);
      default: {
        const unknown: never = item;
        throw new Error(`Unknown job ${(unknown as { name: string }).name}`);
      }
    }
  }
}
