import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable Luodi reads, with its type, default and meaning.
 * The README's env table mirrors this class; keep them in sync.
 */
export class EnvSchema {
  /** development | production | test */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** Port the API listens on. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Interface the API binds to. */
  @IsString()
  HOST = 'localhost';

  /** Trust X-Forwarded-For (client address for rate limits and logs): set only behind a reverse proxy you run. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY = false;

  /** PostgreSQL connection string. Unset under `npm start`: an embedded PostgreSQL runs under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  /** Connections per process in the PostgreSQL pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Redis connection string (queues only). Unset: 127.0.0.1:6379, else a redis-server started from PATH. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** Prefix of every BullMQ key in Redis, so several deployments can share one Redis. */
  @IsString()
  @Matches(/^[a-z0-9:_-]+$/i, { message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-" only' })
  QUEUE_PREFIX = 'luodi';

  /** Secret that signs access tokens. Required in production (32+ characters). */
  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required in production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Lifetime of an access token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 12 * 3600;

  /** Login attempts allowed per client address and minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_LIMIT = 10;

  /** Largest request body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Jobs one worker process runs at once per queue. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY = 4;

  /** fatal | error | warn | log | debug | verbose */
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Folder for the embedded PostgreSQL and other local state of `npm start`. */
  @IsString()
  DATA_DIR = '.data';

  /** SMTP server for email (smtp:// or smtps://, user and password in the URL). Unset: mail goes to the outbox table. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  /** Sender of every email, e.g. `落地 <luodi@bureau.example>`. */
  @IsString()
  @MinLength(3)
  SMTP_FROM = '落地 Luodi <luodi@localhost>';

  /** Folder of the built web app that the API serves at `/` (made by `npm run build`). */
  @IsString()
  @MinLength(1)
  WEB_DIR = 'dist/web';

  /** Base URL of the web app, used for links in emails. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'APP_BASE_URL must be an http(s) URL' })
  APP_BASE_URL = 'http://localhost:3000';

  /** When the weekly digest goes out: a cron pattern (minute hour day-of-month month day-of-week). */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'DIGEST_CRON must be a cron pattern with 5 or 6 fields' })
  DIGEST_CRON = '30 8 * * 1';

  /** Time zone of DIGEST_CRON (IANA name). */
  @IsString()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'DIGEST_TIME_ZONE must be an IANA time zone such as Asia/Shanghai' })
  DIGEST_TIME_ZONE = 'Asia/Shanghai';

  /** Digest and alert emails one worker process sends at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  MAIL_CONCURRENCY = 8;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

const SECRET_KEYS = ['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'SMTP_URL'];

/** Validates the whole environment at once and reports every bad setting in one message. */
export function validateEnv(raw: Record<string, string | undefined>, options: { requireDatabaseUrl?: boolean } = {}): EnvSchema {
  const known = Object.keys(new EnvSchema());
  const picked: Record<string, unknown> = {};
  for (const key of [...known, 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'SMTP_URL']) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const env = plainToInstance(EnvSchema, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => {
      // Never echo secrets or connection strings (they carry passwords) into logs.
      const got = SECRET_KEYS.includes(e.property) ? '' : ` (got ${JSON.stringify(e.value)})`;
      return msg.startsWith(e.property) ? `${msg}${got}` : `${e.property}: ${msg}${got}`;
    }),
  );
  if (options.requireDatabaseUrl && !env.DATABASE_URL) {
    problems.push('DATABASE_URL is required (npm start provides an embedded PostgreSQL when it is unset)');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}
