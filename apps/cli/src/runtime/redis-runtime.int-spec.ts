import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.js';
import { pingRedis } from './local-services.mjs';
import { ensureRedis, RedisRuntime } from './redis-runtime.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.warn('redis-server is not on PATH: skipping the tests that spawn it');
const describeWithRedisServer = hasRedisServer ? describe : describe.skip;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  return (await pingRedis(url, 2000)).ok;
}

describe('ensureRedis', () => {
  let dataDir: string;
  let unusedProbeUrl: string;
  const logs: string[] = [];
  const log = (msg: string) => logs.push(msg);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'luodi-redis-'));
    // A port nothing listens on stands in for "no Redis on 127.0.0.1:6379".
    unusedProbeUrl = `redis://127.0.0.1:${await findFreePort()}`;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  describeWithRedisServer('spawning redis-server', () => {
    let redis: RedisRuntime | undefined;
    afterAll(async () => redis?.stop());

    it('starts redis-server on a free port when nothing answers, and stops it', async () => {
      redis = await ensureRedis({ dataDir, log, env: {}, probeUrl: unusedProbeUrl });
      expect(redis.source).toBe('spawned');
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(redis.url).not.toBe(unusedProbeUrl);
      expect(await answers(redis.url)).toBe(true);

      // no persistence
      const client = new Redis(redis.url, { lazyConnect: true });
      await client.connect();
      try {
        expect(await client.ping()).toBe('PONG');
        expect(await client.config('GET', 'save')).toEqual(['save', '']);
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
        expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      } finally {
        await client.quit();
      }

      const pid = redis.pid!;
      expect(alive(pid)).toBe(true);
      await redis.stop();
      await redis.stop(); // idempotent
      expect(alive(pid)).toBe(false);
      expect(await answers(redis.url)).toBe(false);
    }, 20_000);

    it('uses REDIS_URL, and the probe address, when they answer (and leaves them running)', async () => {
      const own = await ensureRedis({ dataDir, log, env: {}, probeUrl: unusedProbeUrl });
      try {
        const viaEnv = await ensureRedis({ dataDir, log, env: { REDIS_URL: own.url }, probeUrl: unusedProbeUrl });
        expect(viaEnv).toMatchObject({ url: own.url, source: 'env' });
        await viaEnv.stop();
        const viaProbe = await ensureRedis({ dataDir, log, env: {}, probeUrl: own.url });
        expect(viaProbe).toMatchObject({ url: own.url, source: 'probe' });
        await viaProbe.stop();
        expect(await answers(own.url)).toBe(true);
      } finally {
        await own.stop();
      }
    }, 20_000);
  });

  it('fails clearly when REDIS_URL does not answer', async () => {
    await expect(
      ensureRedis({ dataDir, log, env: { REDIS_URL: unusedProbeUrl.replace('redis://', 'redis://:pw@') } }),
    ).rejects.toThrow(/REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? does not answer PING/);
  });

  it('names the three ways out when there is no Redis and no redis-server', async () => {
    const failure = ensureRedis({
      dataDir,
      log,
      env: {},
      probeUrl: unusedProbeUrl,
      redisServer: 'redis-server-that-does-not-exist',
    });
    await expect(failure).rejects.toThrow(/apt-get install redis-server/);
    await expect(failure).rejects.toThrow(/docker compose -f docker\/compose\.yml up -d redis/);
    await expect(failure).rejects.toThrow(/set REDIS_URL/);
  });
});
