import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { digestSchedule, JOB_QUEUE, JobName, JobQueue, jobOptionsFor, SCHEDULES, type Schedule } from '#jobs';

/** How often a running worker re-asserts its job schedulers (they live in Redis, which may lose them). */
const REASSERT_MS = 60_000;

/**
 * Upserts every recurring job as a BullMQ job scheduler: at boot, on every reconnection to Redis, and
 * every minute, so that a Redis that was restarted without persistence or flushed gets its schedules back
 * without a worker restart.
 * Upserting is idempotent across worker replicas.
 */
@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleRegistrar.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  schedules(): Schedule[] {
    return [...SCHEDULES, digestSchedule(this.config.mail.digestCron, this.config.mail.digestTimeZone)];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertAll(true);
    this.jobs.onReconnect(() => void this.reassert());
    // Catch up at once with whatever changed while no worker ran (pending re-evaluations, due levels).
    await this.jobs.enqueue({ name: JobName.DeadlineSweep, data: { trigger: 'manual' } });
    this.timer = setInterval(() => void this.reassert(), REASSERT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async reassert(): Promise<void> {
    await this.upsertAll(false).catch((e) => this.logger.warn(`re-asserting job schedulers failed: ${(e as Error).message}`));
  }

  async upsertAll(log: boolean): Promise<void> {
    for (const s of this.schedules()) {
      const { jobId: _jobId, deduplication: _dedup, ...opts } = jobOptionsFor(s.job);
      await this.jobs.queue(JOB_QUEUE[s.job.name]).upsertJobScheduler(s.key, { pattern: s.pattern, tz: s.tz }, { name: s.job.name, data: s.job.data, opts });
      if (log) this.logger.log(`scheduled ${s.key} (${s.pattern} ${s.tz})`);
    }
  }
}
