/**
 * ProjectRecordRepository against a real database: per-project listing order, optimistic updates,
 * and the database's own guards (unique period, non-negative money, exact decimals).
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, MoneyRecordEntity, ProgressReportEntity, ProjectEntity, ProjectRecordRepository } from '#persistence';
import { insertProject } from '../../../../test/factories/project.factory.js';
import { insertIssue, insertMilestone, insertMoneyRecord, insertProgressReport } from '../../../../test/factories/records.factory.js';
import { insertUnit } from '../../../../test/factories/unit.factory.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/utils/test-db.js';

let db: TestDatabase;
let ds: DataSource;
let repo: ProjectRecordRepository;
let project: ProjectEntity;
let other: ProjectEntity;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource({ ...dataSourceOptions(db.url, 2), logging: false });
  await ds.initialize();
  repo = new ProjectRecordRepository(ds);
  const unit = await insertUnit(ds);
  project = await insertProject(ds, unit);
  other = await insertProject(ds, unit);
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

it('lists one project’s records in their natural order', async () => {
  await insertMilestone(ds, project, { nameZh: '设备安装', effectiveDate: '2024-07-01' });
  await insertMilestone(ds, project, { nameZh: '主体封顶', effectiveDate: '2024-05-01' });
  await insertMilestone(ds, other, { nameZh: '别的项目', effectiveDate: '2024-01-01' });
  const milestones = await repo.list<{ nameZh: string }>('milestone', project.id);
  expect(milestones.map((m) => m.nameZh)).toEqual(['主体封顶', '设备安装']);

  await insertProgressReport(ds, project, { period: '2024-05' });
  await insertProgressReport(ds, project, { period: '2024-07' });
  const reports = await repo.list<{ period: string }>('progress', project.id);
  expect(reports.map((r) => r.period)).toEqual(['2024-07', '2024-05']);
});

it('keeps money as exact decimals and refuses negative amounts and a second record per kind and period', async () => {
  const rec = await insertMoneyRecord(ds, project, { kind: 'COMPLETED', period: '2024-06', amount: '99999999999999.99' });
  expect(rec.amount).toBe('99999999999999.99');
  await expect(insertMoneyRecord(ds, project, { kind: 'COMPLETED', period: '2024-06', amount: '1.00' })).rejects.toMatchObject({
    driverError: expect.objectContaining({ code: '23505' }),
  });
  await expect(insertMoneyRecord(ds, project, { kind: 'ARRIVED', period: '2024-06', amount: '-1.00' })).rejects.toMatchObject({
    driverError: expect.objectContaining({ code: '23514' }),
  });
});

it('updates only from the version read, and bumps it', async () => {
  const issue = await insertIssue(ds, project, { title: '用水指标' });
  const updated = await ds.transaction((m) => repo.updateVersioned<{ title: string; version: number }>(m, 'issue', issue.id, issue.version, { title: '用水指标已协调' }));
  expect(updated).toMatchObject({ title: '用水指标已协调', version: issue.version + 1 });
  const stale = await ds.transaction((m) => repo.updateVersioned(m, 'issue', issue.id, issue.version, { title: '旧版本' }));
  expect(stale).toBeNull();
  const money = await insertMoneyRecord(ds, project, { kind: 'ARRIVED', period: '2024-08' });
  const moneyAfter = await ds.transaction((m) => repo.updateVersioned<MoneyRecordEntity>(m, 'money', money.id, money.version, { amount: '10.10' }));
  expect(moneyAfter?.amount).toBe('10.10');
});

it('finds a record only under its own project', async () => {
  const report = await ds.getRepository(ProgressReportEntity).findOneByOrFail({ projectId: project.id, period: '2024-05' });
  expect(await repo.findOne('progress', project.id, report.id)).not.toBeNull();
  expect(await repo.findOne('progress', other.id, report.id)).toBeNull();
});
