import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUE, JobName, JobQueue, jobOptionsFor, SCHEDULES } from '#jobs';

/** Upserts every recurring job as a BullMQ job scheduler: idempotent across worker replicas and restarts. */
@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduleRegistrar.name);

  constructor(private readonly jobs: JobQueue) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const s of SCHEDULES) {
      const { jobId: _jobId, deduplication: _dedup, ...opts } = jobOptionsFor(s.job);
      await this.jobs.queue(JOB_QUEUE[s.job.name]).upsertJobScheduler(s.key, { pattern: s.pattern, tz: s.tz }, { name: s.job.name, data: s.job.data, opts });
      this.logger.log(`scheduled ${s.key} (${s.pattern} ${s.tz})`);
    }
    // Catch up at once with whatever changed while no worker ran (pending re-evaluations, due levels).
    await this.jobs.enqueue({ name: JobName.DeadlineSweep, data: { trigger: 'manual' } });
  }
}
