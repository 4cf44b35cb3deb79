import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators.js';
import { RedisHealthClient } from './redis.provider.js';

async function check(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<{ status: 'up' | 'down'; error?: string; ms: number }> {
  const started = Date.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { status: 'up', ms: Date.now() - started };
  } catch (e) {
    return { status: 'down', error: (e as Error).message, ms: Date.now() - started };
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisHealthClient,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer; 503 otherwise. */
  @Get('ready')
  async ready() {
    const [postgres, redis] = await Promise.all([check(() => this.dataSource.query('SELECT 1')), check(() => this.redis.ping())]);
    const body = { status: postgres.status === 'up' && redis.status === 'up' ? 'ok' : 'unavailable', checks: { postgres, redis } };
    if (body.status !== 'ok') throw new ServiceUnavailableException({ code: 'NOT_READY', message: 'A dependency is down', details: body });
    return body;
  }
}
