import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS, runMigrations } from '#persistence';

/** A throwaway database for one test file, cloned from a migrated template. */
export interface TestDatabase {
  /** Connection URL of the clone. */
  url: string;
  /** Database name (luodi_test_<time>_<random>). */
  name: string;
  /** Drops the clone, closing whatever is still connected to it. Idempotent. */
  drop: () => Promise<void>;
}

/** Prefix of clone names; test/run-tests.mjs drops clones left behind by crashed runs after a while. */
export const TEST_DB_PREFIX = 'luodi_test_';
const TEMPLATE_PREFIX = 'luodi_tpl_';
const TEMPLATE_LOCK = 'luodi_test_template';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set. Run the tests through `npm test` (test/run-tests.mjs finds or starts ' +
        'PostgreSQL), or set it to an admin URL such as postgres://postgres@127.0.0.1:5432/postgres.',
    );
  }
  return url;
}

function urlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Identifies the schema the migrations build: their class names and their code, so that a new
 * migration, and also a migration edited in place during development, leads to a fresh template.
 */
export function schemaHash(migrations: ReadonlyArray<abstract new (...args: never[]) => unknown> = MIGRATIONS): string {
  const hash = createHash('sha256');
  for (const migration of migrations) {
    hash.update(migration.name).update('\0').update(Function.prototype.toString.call(migration)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export function templateName(): string {
  return `${TEMPLATE_PREFIX}${schemaHash()}`;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function isReadyTemplate(client: pg.Client, name: string): Promise<boolean> {
  const { rows } = await client.query<{ datistemplate: boolean }>(
    'select datistemplate from pg_database where datname = $1',
    [name],
  );
  return rows[0]?.datistemplate === true;
}

let templateBuilt: Promise<string> | undefined;

/**
 * The template database holding every migration, built once per schema. Parallel jest workers
 * serialise on an advisory lock; a template is marked IS_TEMPLATE only after all migrations ran,
 * so one half-built by a crashed run is dropped and rebuilt.
 */
export function ensureTemplate(): Promise<string> {
  templateBuilt ??= withAdmin(async (client) => {
    const name = templateName();
    if (await isReadyTemplate(client, name)) return name;
    await client.query('select pg_advisory_lock(hashtext($1))', [TEMPLATE_LOCK]);
    try {
      if (await isReadyTemplate(client, name)) return name;
      await client.query(`drop database if exists ${ident(name)} with (force)`);
      await client.query(`create database ${ident(name)}`);
      await runMigrations(urlFor(adminUrl(), name));
      // No connections to a template: a stray one would make CREATE DATABASE ... TEMPLATE fail.
      await client.query(`alter database ${ident(name)} with is_template true allow_connections false`);
      return name;
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [TEMPLATE_LOCK]).catch(() => undefined);
    }
  });
  templateBuilt.catch(() => (templateBuilt = undefined));
  return templateBuilt;
}

/**
 * A fresh database for one test file: `CREATE DATABASE luodi_test_<...> TEMPLATE luodi_tpl_<schema hash>`
 * on the server of TEST_DATABASE_URL, with the full schema (all migrations applied). Call `drop()` in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `${TEST_DB_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`create database ${ident(name)} template ${ident(template)}`);
        return;
      } catch (err) {
        // 55006: "source database is being accessed by other users" — brief, retry.
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  let dropped = false;
  return {
    url: urlFor(adminUrl(), name),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin((client) => client.query(`drop database if exists ${ident(name)} with (force)`));
    },
  };
}
