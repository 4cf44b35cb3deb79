import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/utils/test-db.js';
import { dataSourceOptions } from '../data-source.js';
import { DEMO_USERS, seedReferenceData } from './seeder.js';
import { seedDataDir } from './seed-files.js';

let db: TestDatabase;
let ds: DataSource;
const records: { project_key: string }[] = JSON.parse(readFileSync(`${seedDataDir()}/report-projects.json`, 'utf8'));

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource(dataSourceOptions(db.url, 2));
  await ds.initialize();
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('seedReferenceData', () => {
  it('loads every report project once, with stage history and provenance', async () => {
    const first = await seedReferenceData(ds, { demoUsers: true });
    const keys = new Set(records.map((r) => r.project_key));
    expect(first.projectsCreated).toBe(keys.size);
    expect(first.demoUsersCreated).toBe(DEMO_USERS.length);

    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM project`);
    expect(count).toBe(keys.size);
    // Every project has a starting transition, and provenance rows cover every record.
    const [{ missing }] = await ds.query(
      `SELECT count(*)::int AS missing FROM project p WHERE NOT EXISTS (SELECT 1 FROM stage_transition t WHERE t.project_id = p.id AND t.seq = 1 AND t.kind = 'INITIAL')`,
    );
    expect(missing).toBe(0);
    const [{ sources }] = await ds.query(`SELECT count(*)::int AS sources FROM project_source`);
    expect(sources).toBeGreaterThanOrEqual(records.length - 5); // identical quotes of one project collapse
  });

  it('gives the stages the reports state', async () => {
    const rows: { code: string; name_zh: string; stage: string; stage_date: string }[] = await ds.query(
      `SELECT code, name_zh, stage, stage_date FROM project WHERE code IN ('RP-CCB_HELIN_DC', 'RP-ZHONGHUAN_IC_SI_P2')`,
    );
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    // 「中国建设银行内蒙古和林格尔新区数据中心项目……2024年3月18日开工」: the full name, started that day.
    expect(byCode['RP-CCB_HELIN_DC']).toMatchObject({
      name_zh: '中国建设银行内蒙古和林格尔新区数据中心项目',
      stage: 'UNDER_CONSTRUCTION',
      stage_date: '2024-03-18',
    });
    // 中环领先 二期 「部分投产」 → COMMISSIONING.
    expect(byCode['RP-ZHONGHUAN_IC_SI_P2']?.stage).toBe('COMMISSIONING');
  });

  it('puts each project in a unit of the seeded tree, with its path', async () => {
    const [{ bad }] = await ds.query(`SELECT count(*)::int AS bad FROM project p JOIN unit u ON u.id = p.unit_id WHERE p.unit_path <> u.path`);
    expect(bad).toBe(0);
    const [{ xincheng }] = await ds.query(`SELECT count(*)::int AS xincheng FROM project p JOIN unit u ON u.id = p.unit_id WHERE u.admin_code = '150102'`);
    expect(xincheng).toBeGreaterThan(20);
  });

  it('is idempotent: a second run adds nothing and keeps user edits', async () => {
    await ds.query(`UPDATE project SET name_en = 'edited by a user' WHERE code = (SELECT min(code) FROM project)`);
    const second = await seedReferenceData(ds, { demoUsers: true });
    expect(second.projectsCreated).toBe(0);
    expect(second.demoUsersCreated).toBe(0);
    const [{ edited }] = await ds.query(`SELECT count(*)::int AS edited FROM project WHERE name_en = 'edited by a user'`);
    expect(edited).toBe(1);
    const [{ transitions }] = await ds.query(`SELECT count(*)::int AS transitions FROM stage_transition`);
    const third = await seedReferenceData(ds);
    expect(third.projectsCreated).toBe(0);
    const [{ after }] = await ds.query(`SELECT count(*)::int AS after FROM stage_transition`);
    expect(after).toBe(transitions);
  });
});
