import { randomBytes } from 'node:crypto';
import { EnvSchema, validateEnv } from './env.schema.js';

/** The typed, grouped configuration every Luodi process reads. Built once from the validated environment. */
export interface AppConfig {
  env: EnvSchema['NODE_ENV'];
  http: { host: string; port: number; bodyLimit: number; trustProxy: boolean; webDir: string };
  db: { url: string; poolSize: number };
  redis: { url: string; prefix: string };
  auth: { jwtSecret: string; jwtTtlSeconds: number; loginRateLimit: number };
  worker: { concurrency: number };
  /** Email (DESIGN §5): SMTP when `smtpUrl` is set, else the outbox table. */
  mail: { smtpUrl: string | null; from: string; baseUrl: string; digestCron: string; digestTimeZone: string; concurrency: number };
  logLevel: EnvSchema['LOG_LEVEL'];
  dataDir: string;
  /** Business time zone: every effective date and due date is a day in this zone. */
  timeZone: 'Asia/Shanghai';
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Reads and validates the environment. DATABASE_URL must be set by then: `npm start` sets it after
 * starting the embedded PostgreSQL; production sets it explicitly.
 */
export function loadAppConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const env = validateEnv(raw, { requireDatabaseUrl: true });
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT, bodyLimit: env.BODY_LIMIT_BYTES, trustProxy: env.TRUST_PROXY, webDir: env.WEB_DIR },
    db: { url: env.DATABASE_URL!, poolSize: env.DATABASE_POOL_SIZE },
    redis: { url: env.REDIS_URL ?? DEFAULT_REDIS_URL, prefix: env.QUEUE_PREFIX },
    auth: {
      // Outside production an unset secret gets a random one per process start (tokens end with the process).
      jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      jwtTtlSeconds: env.JWT_TTL_SECONDS,
      loginRateLimit: env.LOGIN_RATE_LIMIT,
    },
    worker: { concurrency: env.WORKER_CONCURRENCY },
    mail: {
      smtpUrl: env.SMTP_URL ?? null,
      from: env.SMTP_FROM,
      baseUrl: env.APP_BASE_URL.replace(/\/+$/, ''),
      digestCron: env.DIGEST_CRON,
      digestTimeZone: env.DIGEST_TIME_ZONE,
      concurrency: env.MAIL_CONCURRENCY,
    },
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    timeZone: 'Asia/Shanghai',
  };
}
