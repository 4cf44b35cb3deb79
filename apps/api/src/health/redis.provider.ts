import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#config';

/** A Redis connection for readiness checks. Redis holds only queues: the API never stores business data there. */
@Injectable()
export class RedisHealthClient implements OnModuleDestroy {
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    this.client.on('error', () => undefined); // reported by /health/ready instead of crashing the process
  }

  async ping(): Promise<string> {
    if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
    return this.client.ping();
  }

  async onModuleDestroy() {
    this.client.disconnect();
  }
}
