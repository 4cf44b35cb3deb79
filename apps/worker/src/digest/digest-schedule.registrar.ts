import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { JOB_QUEUE, JobQueue, digestSchedule, jobOptionsFor } from '#jobs';

/** Upserts the weekly digest job scheduler from DIGEST_CRON and DIGEST_TIME_ZONE (idempotent across workers). */
@Injectable()
export class DigestScheduleRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestScheduleRegistrar.name);

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const s = digestSchedule(this.config.mail.digestCron, this.config.mail.digestTimeZone);
    const { jobId: _jobId, deduplication: _dedup, ...opts } = jobOptionsFor(s.job);
    await this.jobs.queue(JOB_QUEUE[s.job.name]).upsertJobScheduler(s.key, { pattern: s.pattern, tz: s.tz }, { name: s.job.name, data: s.job.data, opts });
    this.logger.log(`scheduled ${s.key} (${s.pattern} ${s.tz})`);
  }
}
