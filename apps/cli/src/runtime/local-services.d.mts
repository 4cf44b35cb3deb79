// Types for local-services.mjs (plain JS so that test/run-tests.mjs can use it without a build).

export declare const DEFAULT_REDIS_PROBE_URL: string;
export declare const LOCAL_POSTGRES_PROBE_URL: string;

export declare function isPortFree(port: number, host?: string): Promise<boolean>;
export declare function findFreePort(host?: string): Promise<number>;
export declare function pickPort(preferred: number | undefined, host?: string): Promise<number>;

export declare function redactUrl(url: string): string;
export declare function withDatabase(url: string, database: string): string;

export interface PostmasterPidInfo {
  pid: number | null;
  dataDir: string | null;
  port: number | null;
}
export declare function parsePostmasterPid(text: string): PostmasterPidInfo;

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}
export type RootMode =
  | { mode: 'user' }
  | { mode: 'root-as-postgres'; user: SystemUser }
  | { mode: 'root-create-user' }
  | { mode: 'refuse'; message: string };
export declare function decideRootMode(input: {
  uid: number;
  postgresUser: SystemUser | null;
  allowCreateUser: boolean;
}): RootMode;
export declare function rootRefusalMessage(): string;
export declare function redisUnavailableMessage(detail?: string): string;
export declare function isProcessAlive(pid: number): boolean;

export declare function canConnectPostgres(url: string, timeoutMs?: number): Promise<boolean>;

export interface EmbeddedPostgresOptions {
  /** The PostgreSQL data folder (created when missing). */
  dir: string;
  /** JSON file remembering port, password and owner pid between runs. */
  stateFile: string;
  /** Database to create when missing; the returned `url` points at it. */
  database?: string | null;
  log?: (msg: string) => void;
  env?: Record<string, string | undefined>;
  /** fsync off and friends: for throwaway test clusters only. */
  fast?: boolean;
}
export interface EmbeddedPostgresHandle {
  /** URL of the maintenance database `postgres` as superuser `postgres`. */
  adminUrl: string;
  /** URL of `database` (or adminUrl when none was asked for). */
  url: string;
  port: number;
  pid: number | undefined;
  timings: { initMs: number; startMs: number };
  stop: () => Promise<void>;
}
export declare function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle>;

export declare function pingRedis(url: string, timeoutMs?: number): Promise<{ ok: true } | { ok: false; error: string }>;

export interface FindOrStartRedisOptions {
  env?: Record<string, string | undefined>;
  /** The Redis to use when REDIS_URL is unset and it answers PING. Default redis://127.0.0.1:6379. */
  probeUrl?: string;
  /** The redis-server executable (looked up on PATH). */
  redisServer?: string;
  /** Working folder of a spawned redis-server (nothing is persisted there). */
  dataDir?: string;
  log?: (msg: string) => void;
}
export interface RedisHandle {
  url: string;
  /** env: REDIS_URL; probe: the Redis on probeUrl; spawned: a redis-server we started (stop() ends it). */
  source: 'env' | 'probe' | 'spawned';
  pid?: number;
  stop: () => Promise<void>;
}
export declare function findOrStartRedis(opts?: FindOrStartRedisOptions): Promise<RedisHandle>;
