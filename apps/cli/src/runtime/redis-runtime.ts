import { resolve } from 'node:path';
import { DEFAULT_REDIS_URL } from '#config';
import { loadLocalServices } from './load-local-services.js';

export interface EnsureRedisOptions {
  /** DATA_DIR: a spawned redis-server runs in `<dataDir>/redis` (it persists nothing). */
  dataDir: string;
  log: (msg: string) => void;
  /** Defaults to process.env (REDIS_URL). */
  env?: Record<string, string | undefined>;
  /** The Redis to use when REDIS_URL is unset and it answers PING. Default DEFAULT_REDIS_URL (127.0.0.1:6379). */
  probeUrl?: string;
  /** The redis-server executable to spawn (looked up on PATH). Default `redis-server`. */
  redisServer?: string;
}

export interface RedisRuntime {
  url: string;
  /** Stops the redis-server we spawned; no-op for REDIS_URL or an existing Redis. Idempotent. */
  stop: () => Promise<void>;
  source: 'env' | 'probe' | 'spawned';
  /** pid of the redis-server we spawned. */
  pid?: number;
}

/**
 * REDIS_URL when set (it must answer PING, else a clear error). Otherwise the Redis at 127.0.0.1:6379
 * when it answers PING. Otherwise spawns `redis-server` from PATH on a free port bound to 127.0.0.1 with
 * no persistence, waits for PING, and kills it at process exit at the latest. With none of these it
 * throws an error naming the three ways out (install redis-server, docker compose, REDIS_URL).
 */
export async function ensureRedis(opts: EnsureRedisOptions): Promise<RedisRuntime> {
  const local = await loadLocalServices();
  const handle = await local.findOrStartRedis({
    env: opts.env ?? process.env,
    probeUrl: opts.probeUrl ?? DEFAULT_REDIS_URL,
    redisServer: opts.redisServer,
    dataDir: resolve(opts.dataDir, 'redis'),
    log: opts.log,
  });
  return { url: handle.url, stop: handle.stop, source: handle.source, pid: handle.pid };
}
