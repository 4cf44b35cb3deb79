import pg from 'pg';
import { runMigrations } from '#persistence';

/** The database every bench suite uses unless BENCH_DATABASE_URL names another one. */
export const DEFAULT_BENCH_DATABASE = 'luodi_bench';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432';

/**
 * The bench database URL: BENCH_DATABASE_URL as given, else `luodi_bench` on the local PostgreSQL.
 * Benchmarks only ever talk to 127.0.0.1 / localhost: another host is refused, so a stray
 * environment variable cannot point 1,000,000 generated rows at a shared server.
 */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(env.BENCH_DATABASE_URL || `${DEFAULT_SERVER_URL}/${DEFAULT_BENCH_DATABASE}`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine (127.0.0.1 or localhost), not ${url.hostname}`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = `/${DEFAULT_BENCH_DATABASE}`;
  return url.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the bench database when it is missing (connecting to `postgres` on the same server), then migrates it. */
export async function prepareBenchDatabase(url: string): Promise<{ created: boolean; migrations: string[] }> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  let created = false;
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${ident(database)}`);
      created = true;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  const migrations = await runMigrations(url);
  return { created, migrations };
}

/** Server facts for the printed header and docs/performance.md. */
export async function describeServer(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ v: string; sb: string; wm: string; par: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb,
            current_setting('work_mem') AS wm, current_setting('max_parallel_workers_per_gather') AS par`,
  );
  const r = rows[0];
  return `PostgreSQL ${r.v} (shared_buffers ${r.sb}, work_mem ${r.wm}, max_parallel_workers_per_gather ${r.par})`;
}

/**
 * Waits (at most `maxSeconds`) until no other session runs a statement in this database: a client that
 * gave up on a request does not stop the server's queries, and the next measurement must not share the
 * CPUs with them. Returns how many statements were still running when it stopped waiting.
 */
export async function waitForIdleDatabase(pool: pg.Pool, maxSeconds: number): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    if (rows[0].n === 0 || Date.now() >= deadline) return rows[0].n;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
