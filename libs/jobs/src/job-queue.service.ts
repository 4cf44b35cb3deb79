import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#config';
import { JOB_QUEUE } from './job-names.js';
import { jobOptionsFor } from './job-options.js';
import type { JobItem } from './job-payloads.js';
import { QueueName } from './queue-names.js';

/**
 * The only way code enqueues work: picks the queue from JOB_QUEUE and the options from job-options.ts.
 * Domain services depend on this, so tests can assert on the JobItems they enqueue.
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = new Redis(config.redis.url, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: true });
    this.connection.on('error', (e) => this.logger.warn(`Redis: ${e.message}`));
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.config.redis.prefix });
      q.on('error', (e) => this.logger.warn(`queue ${name}: ${e.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Calls `listener` each time the Redis connection becomes ready from now on, i.e. after a reconnection
   * (a restarted Redis may have lost everything). Register it once the connection is up.
   */
  onReconnect(listener: () => void): void {
    this.connection.on('ready', listener);
  }

  async enqueue(item: JobItem): Promise<void> {
    await this.queue(JOB_QUEUE[item.name]).add(item.name, item.data, jobOptionsFor(item));
  }

  async enqueueMany(items: JobItem[]): Promise<void> {
    for (const item of items) await this.enqueue(item);
  }

  /**
   * Enqueues, but never fails the caller: used after a committed change, whose effect the next sweep
   * or re-evaluation restores if Redis is down now (PostgreSQL is the source of truth).
   */
  async enqueueBestEffort(item: JobItem): Promise<boolean> {
    try {
      await Promise.race([this.enqueue(item), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
      return true;
    } catch (e) {
      this.logger.warn(`Could not enqueue ${item.name} (${(e as Error).message}); the next sweep will catch up`);
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
