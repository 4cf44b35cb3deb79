import pg from 'pg';
import { MIGRATIONS } from '#persistence';
import { createTestDatabase, schemaHash, TestDatabase } from './test-db.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  let a: TestDatabase;
  let b: TestDatabase;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('gives each caller its own database', () => {
    expect(a.name).toMatch(/^luodi_test_/);
    expect(b.name).not.toBe(a.name);
    expect(new URL(a.url).pathname).toBe(`/${a.name}`);
  });

  it('carries the migrated schema', async () => {
    for (const db of [a, b]) {
      const [row] = await query<{ t: string | null }>(db.url, `select to_regclass('public.project')::text as t`);
      expect(row.t).toBe('project');
      const ran = await query<{ name: string }>(db.url, 'select name from migrations order by id');
      expect(ran.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    }
  });

  it('keeps the clones independent', async () => {
    await query(a.url, 'create table only_in_a (id int)');
    const [inA] = await query<{ t: string | null }>(a.url, `select to_regclass('public.only_in_a')::text as t`);
    const [inB] = await query<{ t: string | null }>(b.url, `select to_regclass('public.only_in_a')::text as t`);
    expect(inA.t).toBe('only_in_a');
    expect(inB.t).toBeNull();
  });

  it('drops the clone', async () => {
    const c = await createTestDatabase();
    await c.drop();
    await c.drop(); // idempotent
    const rows = await query(process.env.TEST_DATABASE_URL!, 'select 1 from pg_database where datname = $1', [c.name]);
    expect(rows).toHaveLength(0);
  });

  it('names the template after the migrations', () => {
    expect(schemaHash()).toMatch(/^[0-9a-f]{16}$/);
    class Extra1 {}
    expect(schemaHash([...MIGRATIONS, Extra1])).not.toBe(schemaHash());
  });
});
