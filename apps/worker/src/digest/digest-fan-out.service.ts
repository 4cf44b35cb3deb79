import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { JOB_QUEUE, JobName, JobQueue, jobOptionsFor, type JobItem } from '#jobs';
import { digestWeekAt, formatIsoWeek } from '#notifications';
import { DigestQueryRepository } from '#persistence';

/**
 * Queues one `digest.send` per recipient (job id `digest:<userId>:<ISO week>`), in pages of 1,000 with
 * addBulk. Running it twice queues nothing new while the first jobs are kept, and the digest_delivery
 * ledger makes any later duplicate job a no-op.
 */
@Injectable()
export class DigestFanOut {
  private readonly logger = new Logger(DigestFanOut.name);

  constructor(
    private readonly queries: DigestQueryRepository,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `week` null: the last complete ISO week at `at` in the business time zone. Returns the week and how many jobs were offered. */
  async run(week: string | null, at: Date = new Date()): Promise<{ week: string; recipients: number }> {
    const w = week ?? formatIsoWeek(digestWeekAt(at, this.config.timeZone));
    const queue = this.jobs.queue(JOB_QUEUE[JobName.DigestSend]);
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const ids = await this.queries.digestRecipientIds(after, 1000);
      if (!ids.length) break;
      await queue.addBulk(
        ids.map((userId) => {
          const item: JobItem = { name: JobName.DigestSend, data: { userId, week: w } };
          return { name: item.name, data: item.data, opts: jobOptionsFor(item) };
        }),
      );
      total += ids.length;
      after = ids[ids.length - 1];
    }
    this.logger.log(`digest ${w}: ${total} recipients queued`);
    return { week: w, recipients: total };
  }
}
