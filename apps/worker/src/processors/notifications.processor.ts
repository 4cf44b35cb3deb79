import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '#config';
import { JobName, JobQueue, QueueName, type JobItem } from '#jobs';
import { MailSenders } from '#notifications';
import { MailDeliveryRepository } from '#persistence';
import { DigestFanOut } from '../digest/digest-fan-out.service.js';

/** Email jobs (DESIGN §5): the weekly fan-out, digest sends, alert-email batching and sends. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly senders: MailSenders,
    private readonly fanOut: DigestFanOut,
    private readonly deliveries: MailDeliveryRepository,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** Concurrency from MAIL_CONCURRENCY. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.mail.concurrency;
  }

  async process(job: Job): Promise<unknown> {
    const item = { name: job.name, data: job.data } as JobItem;
    const attempt = { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 };
    switch (item.name) {
      case JobName.DigestFanOut:
        // A retried fan-out reports on the same week as its first attempt (the job's creation time).
        return this.fanOut.run(item.data.week, new Date(job.timestamp));
      case JobName.DigestSend:
        return this.senders.sendDigest(item.data.userId, item.data.week, attempt);
      case JobName.AlertEmailCollect: {
        const fresh = await this.deliveries.collectAlertEmails(7);
        const stale = await this.deliveries.staleBatchIds(120, 1000);
        const ids = [...new Set([...fresh, ...stale])];
        for (const batchId of ids) await this.jobs.enqueue({ name: JobName.AlertEmailSend, data: { batchId } });
        if (ids.length) this.logger.log(`alert emails: ${fresh.length} new batches, ${ids.length - fresh.length} re-queued`);
        return { batches: fresh.length, requeued: ids.length - fresh.length };
      }
      case JobName.AlertEmailSend:
        return this.senders.sendAlertBatch(item.data.batchId, attempt);
      default:
        throw new Error(`${item.name} belongs to another processor`);
    }
  }
}
