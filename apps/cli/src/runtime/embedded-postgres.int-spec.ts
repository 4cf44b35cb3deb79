import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DatabaseHandle, ensureDatabase } from './embedded-postgres.js';

// As root PostgreSQL needs a `postgres` system user; without one (and without permission to create
// it) ensureDatabase refuses by design — the refusal itself is covered by local-services.spec.ts.
const isRoot = process.getuid?.() === 0;
const canRun =
  !isRoot || spawnSync('id', ['-u', 'postgres']).status === 0 || process.env.LUODI_CREATE_POSTGRES_USER === '1';
if (!canRun) console.warn('root without a `postgres` system user: skipping the embedded PostgreSQL test');
const describeIfRunnable = canRun ? describe : describe.skip;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describeIfRunnable('ensureDatabase with the embedded PostgreSQL', () => {
  let dataDir: string;
  let db: DatabaseHandle | undefined;
  const logs: string[] = [];
  const log = (msg: string) => logs.push(msg);

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'luodi-pg-'));
    chmodSync(dataDir, 0o755); // mkdtemp makes it 0700; as root, the postgres user must get through
  });
  afterAll(async () => {
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('initialises, starts, serves `luodi`, stops, and starts again on the same data and port', async () => {
    db = await ensureDatabase({ dataDir, log, env: {} });
    expect(db.source).toBe('embedded');
    expect(db.url).toMatch(/^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/luodi$/);
    expect(db.timings!.initMs).toBeGreaterThan(0);
    const [row] = await query<{ one: number; db: string; enc: string }>(
      db.url,
      `select 1 as one, current_database() as db, current_setting('server_encoding') as enc`,
    );
    expect(row).toEqual({ one: 1, db: 'luodi', enc: 'UTF8' });
    await query(db.url, `create table kept (v text); insert into kept values ('落地')`);
    const firstUrl = db.url;
    const state = JSON.parse(readFileSync(join(dataDir, 'pg.json'), 'utf8'));
    expect(state.port).toBe(Number(new URL(firstUrl).port));
    await db.stop();
    await db.stop(); // idempotent
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    await expect(query(firstUrl, 'select 1')).rejects.toThrow();

    // Simulate a crash: a postmaster.pid naming a process that is gone.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dataDir, 'pg', 'postmaster.pid'), `${deadPid}\n${join(dataDir, 'pg')}\n0\n5432\n`);

    db = await ensureDatabase({ dataDir, log, env: {} });
    expect(logs.some((l) => l.includes('Removing stale'))).toBe(true);
    expect(db.timings!.initMs).toBe(0); // no second initdb
    expect(db.url).toBe(firstUrl); // same port (it was free) and password
    expect(await query(db.url, 'select v from kept')).toEqual([{ v: '落地' }]);
    await db.stop();
    db = undefined;
  }, 90_000);

  it('passes DATABASE_URL through untouched without starting anything', async () => {
    const handle = await ensureDatabase({ dataDir: join(dataDir, 'unused'), log, env: { DATABASE_URL: 'postgres://u@h/x' } });
    expect(handle).toMatchObject({ url: 'postgres://u@h/x', source: 'env' });
    await handle.stop();
    expect(existsSync(join(dataDir, 'unused'))).toBe(false);
  });
});
