/**
 * ServiceDeskClockRepository against a real database: the engine's facts, the database's own guards, and the
 * digest queries "as of" a past week (a commitment fulfilled after that week still shows as overdue in it).
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, ProjectEntity, ServiceDeskClockRepository } from '#persistence';
import { insertProject } from '../../../../test/factories/project.factory.js';
import { insertUnit } from '../../../../test/factories/unit.factory.js';
import { sqlError } from '../../../../test/e2e/support.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/utils/test-db.js';

let db: TestDatabase;
let ds: DataSource;
let repo: ServiceDeskClockRepository;
let project: ProjectEntity;
let unitPath: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource({ ...dataSourceOptions(db.url, 2), logging: false });
  await ds.initialize();
  repo = new ServiceDeskClockRepository(ds);
  const unit = await insertUnit(ds);
  unitPath = unit.path;
  project = await insertProject(ds, unit);
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

it('loads the facts the engine needs, per project', async () => {
  const a = await repo.insert(ds.manager, 'approval_item', { projectId: project.id, itemType: 'EIA', department: '市生态环境局', status: 'IN_PROGRESS', submittedOn: '2025-03-03', timeLimitDays: 30 });
  const unit = (await ds.query(`SELECT unit_id FROM project WHERE id = $1`, [project.id]))[0].unit_id;
  const r = await repo.insert(ds.manager, 'investor_request', { projectId: project.id, title: '用电', category: 'POWER', raisedOn: '2025-03-03', ownerUnitId: unit, status: 'OPEN' });
  const c = await repo.insert(ds.manager, 'commitment', { projectId: project.id, title: '道路', kind: 'INFRASTRUCTURE', promisedBy: '区政府', promisedOn: '2025-01-01', dueDate: '2025-06-30', amount: '10.5' });
  const facts = (await repo.loadFacts([project.id])).get(project.id)!;
  expect(facts.approvals).toEqual([
    { id: a.id, itemType: 'EIA', title: null, department: '市生态环境局', status: 'IN_PROGRESS', submittedOn: '2025-03-03', limitDays: 30, completedOn: null, returnedOn: null },
  ]);
  expect(facts.requests).toEqual([expect.objectContaining({ id: r.id, raisedOn: '2025-03-03', status: 'OPEN', acceptedOn: null, resolvedOn: null, dueDate: null })]);
  expect(facts.commitments).toEqual([expect.objectContaining({ id: c.id, dueDate: '2025-06-30', status: 'PENDING', fulfilledOn: null })]);
  expect(c.amount).toBe('10.50');
  expect((await repo.loadFacts([])).size).toBe(0);
});

it('guards its rows in the database too', async () => {
  const bad = [
    `INSERT INTO approval_item (project_id, item_type, status, time_limit_days) VALUES ('${project.id}', 'EIA', 'IN_PROGRESS', 10)`,
    `INSERT INTO approval_item (project_id, item_type, status, submitted_on, completed_on, time_limit_days) VALUES ('${project.id}', 'EIA', 'DONE', '2025-03-03', '2025-03-02', 10)`,
    `INSERT INTO commitment (project_id, title, kind, promised_by, promised_on, due_date) VALUES ('${project.id}', 'x', 'OTHER', 'y', '2025-05-01', '2025-04-01')`,
    `INSERT INTO commitment (project_id, title, kind, promised_by, promised_on, due_date, status) VALUES ('${project.id}', 'x', 'OTHER', 'y', '2025-05-01', '2025-06-01', 'WAIVED')`,
  ];
  for (const sql of bad) expect((await sqlError(db.url, sql))?.code).toBe('23514');
});

it('lists commitments overdue as of a past week, even if fulfilled since', async () => {
  const c = await repo.insert(ds.manager, 'commitment', { projectId: project.id, title: '贴息', kind: 'POLICY_FUNDS', promisedBy: '市财政局', promisedOn: '2025-01-01', dueDate: '2025-07-01' });
  await ds.query(`UPDATE commitment SET status = 'FULFILLED', fulfilled_on = '2025-08-01' WHERE id = $1`, [c.id]);
  const july = await repo.overdueCommitmentsForDigest(null, '2025-07-13', 30);
  expect(july.map((x) => x.title).sort()).toEqual(['贴息', '道路']);
  expect(july[0].total).toBe(2);
  const august = await repo.overdueCommitmentsForDigest(unitPath, '2025-08-10', 30);
  expect(august.map((x) => x.title)).toEqual(['道路']);
  expect(await repo.overdueCommitmentsForDigest('/nowhere/', '2025-08-10', 30)).toEqual([]);
});
