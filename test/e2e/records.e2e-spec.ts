/**
 * The records of a project: sub-milestones, money records (万元, exact decimals), monthly progress
 * reports (月调度) and the 问题清单, each with optimistic versions, their own rules, and an audit row
 * (with before and after) for every mutation.
 */
import type { ProjectEntity, UnitEntity, UserEntity } from '#persistence';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, addMonths, countRows, shanghaiToday } from './support.js';

let t: TestApp;
let city: UnitEntity;
let district: UnitEntity;
let staffUser: UserEntity;
let staff: string;
let project: ProjectEntity;

const api = (path: string) => `/api/v1${path}`;
const RECORD_TABLES = ['milestone_event', 'money_record', 'progress_report', 'project_issue', 'audit_log'];

beforeAll(async () => {
  t = await createTestApp();
  city = await insertUnit(t.dataSource, { nameZh: '测试市' });
  district = await insertUnit(t.dataSource, { parent: city, nameZh: '测试区' });
  staffUser = await insertUser(t.dataSource, district, 'staff', { username: 'r-staff' });
  staff = await t.login('r-staff');
  project = await insertProject(t.dataSource, district, { stage: 'UNDER_CONSTRUCTION', stageDate: '2024-03-01' });
}, 60_000);
afterAll(async () => t?.close());

const post = (kind: string, body: unknown, projectId = project.id) =>
  t.http().post(api(`/projects/${projectId}/${kind}`)).set('authorization', staff).send(body as object);
const patch = (kind: string, id: string, body: unknown, projectId = project.id) =>
  t.http().patch(api(`/projects/${projectId}/${kind}/${id}`)).set('authorization', staff).send(body as object);
const list = async (kind: string, projectId = project.id) => {
  const res = await t.http().get(api(`/projects/${projectId}/${kind}`)).set('authorization', staff);
  expect(res.status).toBe(200);
  return res.body.items as Record<string, unknown>[];
};
const auditOf = (entity: string, id: string) =>
  t.dataSource.query(`SELECT action, actor_id, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id`, [entity, id]) as Promise<
    { action: string; actor_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]
  >;
const expectStatus = (res: { status: number; body: { code?: string } }, status: number, code?: string) =>
  expect({ status: res.status, code: code === undefined ? undefined : res.body.code }).toEqual({ status, code });

describe('milestones', () => {
  it('creates, lists and updates a sub-milestone, with an audit row per mutation', async () => {
    const p = await insertProject(t.dataSource, district);
    const created = await post('milestones', { code: 'TOPPED_OUT', nameZh: '主体封顶', effectiveDate: '2024-05-20', note: '提前10天' }, p.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ projectId: p.id, code: 'TOPPED_OUT', nameZh: '主体封顶', effectiveDate: '2024-05-20', note: '提前10天', actorId: staffUser.id, version: 1 });
    const second = await post('milestones', { code: 'EQUIPMENT', nameZh: '设备安装', effectiveDate: '2024-04-01' }, p.id);
    expect(second.status).toBe(201);
    expect((await list('milestones', p.id)).map((m) => m.code)).toEqual(['EQUIPMENT', 'TOPPED_OUT']);

    const updated = await patch('milestones', created.body.id, { version: 1, effectiveDate: '2024-05-18' }, p.id);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, effectiveDate: '2024-05-18', nameZh: '主体封顶', version: 2 });
    expectStatus(await patch('milestones', created.body.id, { version: 1, nameZh: '覆盖' }, p.id), 409, 'STALE_VERSION');

    const audit = await auditOf('milestone_event', created.body.id);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'create', actor_id: staffUser.id, before: null, after: expect.objectContaining({ effectiveDate: '2024-05-20' }) }),
      expect.objectContaining({
        action: 'update',
        before: expect.objectContaining({ effectiveDate: '2024-05-20', version: 1 }),
        after: expect.objectContaining({ effectiveDate: '2024-05-18', version: 2 }),
      }),
    ]);
  });

  it('accepts today in Asia/Shanghai and refuses a future date, on create and on update', async () => {
    const p = await insertProject(t.dataSource, district);
    const today = shanghaiToday();
    const ok = await post('milestones', { code: 'APPROVED', nameZh: '核准', effectiveDate: today }, p.id);
    expect(ok.status).toBe(201);
    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await post('milestones', { code: 'ENERGY', nameZh: '能评批复', effectiveDate: addDays(today, 1) }, p.id), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    expectStatus(await patch('milestones', ok.body.id, { version: 1, effectiveDate: addDays(today, 30) }, p.id), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);
  });

  it('answers 404 for a milestone of another project and for an unknown id', async () => {
    const p = await insertProject(t.dataSource, district);
    const q = await insertProject(t.dataSource, district);
    const m = await post('milestones', { code: 'X', nameZh: '节点', effectiveDate: '2024-05-01' }, p.id);
    expectStatus(await patch('milestones', m.body.id, { version: 1, nameZh: '改' }, q.id), 404, 'NOT_FOUND');
    expectStatus(await patch('milestones', '00000000-0000-4000-8000-000000000000', { version: 1, nameZh: '改' }, p.id), 404, 'NOT_FOUND');
    expectStatus(await patch('milestones', 'nope', { version: 1, nameZh: '改' }, p.id), 404);
  });
});

describe('money records', () => {
  it('round-trips exact decimals in 万元, also at the largest amount allowed', async () => {
    const p = await insertProject(t.dataSource, district);
    const cases: [string, string, string][] = [
      ['AGREED', '2024', '12345678901234.57'],
      ['ARRIVED', '2024-01', '0.1'],
      ['ARRIVED', '2024-02', '0.20'],
      ['COMPLETED', '2024-03', '5'],
      ['COMPLETED', '2024-04', '99999999999999.99'],
    ];
    for (const [kind, period, amount] of cases) {
      const res = await post('money-records', { kind, period, amount }, p.id);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind, period, version: 1, actorId: staffUser.id });
    }
    const items = await list('money-records', p.id);
    expect(items.map((i) => [i.kind, i.period, i.amount])).toEqual([
      ['AGREED', '2024', '12345678901234.57'],
      ['ARRIVED', '2024-01', '0.10'],
      ['ARRIVED', '2024-02', '0.20'],
      ['COMPLETED', '2024-03', '5.00'],
      ['COMPLETED', '2024-04', '99999999999999.99'],
    ]);
    // Stored exactly: 0.1 + 0.2 is 0.3 in the database, not 0.30000000000000004.
    const [sum] = await t.dataSource.query(`SELECT sum(amount)::text AS s FROM money_record WHERE project_id = $1 AND kind = 'ARRIVED'`, [p.id]);
    expect(sum.s).toBe('0.30');
  });

  it('refuses a second record of the same kind and period with 409; another kind of the same period is fine', async () => {
    const p = await insertProject(t.dataSource, district);
    expect((await post('money-records', { kind: 'ARRIVED', period: '2024-06', amount: '100.00' }, p.id)).status).toBe(201);
    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await post('money-records', { kind: 'ARRIVED', period: '2024-06', amount: '200.00' }, p.id), 409, 'DUPLICATE');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);
    expect((await post('money-records', { kind: 'COMPLETED', period: '2024-06', amount: '80.00' }, p.id)).status).toBe(201);
    // The same kind and period on another project is fine too.
    const q = await insertProject(t.dataSource, district);
    expect((await post('money-records', { kind: 'ARRIVED', period: '2024-06', amount: '100.00' }, q.id)).status).toBe(201);
  });

  it('two concurrent records of the same kind and period: one 201, one 409', async () => {
    const p = await insertProject(t.dataSource, district);
    const results = await Promise.all([1, 2].map((n) => post('money-records', { kind: 'COMPLETED', period: '2024-07', amount: `${n}00.00` }, p.id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('DUPLICATE');
    expect(await list('money-records', p.id)).toHaveLength(1);
  });

  it('refuses a period that has not begun, except for the annual plan', async () => {
    const p = await insertProject(t.dataSource, district);
    const today = shanghaiToday();
    const thisMonth = today.slice(0, 7);
    const nextMonth = addMonths(today, 1);
    const nextYear = String(Number(today.slice(0, 4)) + 1);
    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await post('money-records', { kind: 'ARRIVED', period: nextMonth, amount: '1.00' }, p.id), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    expectStatus(await post('money-records', { kind: 'COMPLETED', period: nextYear, amount: '1.00' }, p.id), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    expectStatus(await post('money-records', { kind: 'AGREED', period: nextMonth, amount: '1.00' }, p.id), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);

    expect((await post('money-records', { kind: 'ARRIVED', period: thisMonth, amount: '1.00' }, p.id)).status).toBe(201);
    expect((await post('money-records', { kind: 'ANNUAL_PLAN', period: nextYear, amount: '50000.00' }, p.id)).status).toBe(201);
    expect((await post('money-records', { kind: 'ANNUAL_PLAN', period: nextMonth, amount: '4000.00' }, p.id)).status).toBe(201);
  });

  it('refuses negative amounts, 3 decimals, numbers and bad periods with 400', async () => {
    const p = await insertProject(t.dataSource, district);
    const before = await countRows(t.dataSource, RECORD_TABLES);
    for (const body of [
      { kind: 'ARRIVED', period: '2024-05', amount: '-1.00' },
      { kind: 'ARRIVED', period: '2024-05', amount: '1.234' },
      { kind: 'ARRIVED', period: '2024-05', amount: 1.5 },
      { kind: 'ARRIVED', period: '2024-05', amount: '1e5' },
      { kind: 'ARRIVED', period: '2024-13', amount: '1.00' },
      { kind: 'ARRIVED', period: '2024-5', amount: '1.00' },
      { kind: 'LOANED', period: '2024-05', amount: '1.00' },
    ]) {
      const res = await post('money-records', body, p.id);
      expectStatus(res, 400, 'VALIDATION_FAILED');
    }
    const several = await post('money-records', { kind: 'LOANED', period: 'May', amount: -3 }, p.id);
    expect(several.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['amount', 'kind', 'period']);
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);
  });

  it('updates an amount with the version and audits before and after', async () => {
    const p = await insertProject(t.dataSource, district);
    const created = await post('money-records', { kind: 'ARRIVED', period: '2024-08', amount: '1000.00' }, p.id);
    const updated = await patch('money-records', created.body.id, { version: 1, amount: '1000.01', note: '补录' }, p.id);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ amount: '1000.01', note: '补录', version: 2, kind: 'ARRIVED', period: '2024-08' });
    expectStatus(await patch('money-records', created.body.id, { version: 1, amount: '1.00' }, p.id), 409, 'STALE_VERSION');
    // kind and period are fixed once recorded.
    expectStatus(await patch('money-records', created.body.id, { version: 2, period: '2024-09' }, p.id), 400, 'VALIDATION_FAILED');
    const audit = await auditOf('money_record', created.body.id);
    expect(audit.map((a) => [a.action, a.before?.amount ?? null, a.after?.amount])).toEqual([
      ['create', null, '1000.00'],
      ['update', '1000.00', '1000.01'],
    ]);
  });
});

describe('progress reports', () => {
  it('one report per project and period', async () => {
    const p = await insertProject(t.dataSource, district);
    const created = await post('progress-reports', { period: '2024-05', summary: '主体结构施工', constructionPercent: 40, nextSteps: '封顶', problems: '用电' }, p.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ period: '2024-05', summary: '主体结构施工', constructionPercent: 40, version: 1 });
    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await post('progress-reports', { period: '2024-05', summary: '又一份' }, p.id), 409, 'DUPLICATE');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);
    expect((await post('progress-reports', { period: '2024-06', summary: '主体封顶' }, p.id)).status).toBe(201);
    expect((await list('progress-reports', p.id)).map((r) => r.period)).toEqual(['2024-06', '2024-05']);

    const updated = await patch('progress-reports', created.body.id, { version: 1, constructionPercent: 45 }, p.id);
    expect(updated.body).toMatchObject({ constructionPercent: 45, summary: '主体结构施工', version: 2 });
    const audit = await auditOf('progress_report', created.body.id);
    expect(audit.map((a) => [a.action, a.before?.constructionPercent ?? null, a.after?.constructionPercent])).toEqual([
      ['create', null, 40],
      ['update', 40, 45],
    ]);
  });

  it('refuses a future month, a year-only period and a percentage above 100', async () => {
    const p = await insertProject(t.dataSource, district);
    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await post('progress-reports', { period: addMonths(shanghaiToday(), 1), summary: '预报' }, p.id), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    expectStatus(await post('progress-reports', { period: '2024', summary: '全年' }, p.id), 400, 'VALIDATION_FAILED');
    expectStatus(await post('progress-reports', { period: '2024-05', summary: '超额', constructionPercent: 101 }, p.id), 400, 'VALIDATION_FAILED');
    expectStatus(await post('progress-reports', { period: '2024-05', summary: '' }, p.id), 400, 'VALIDATION_FAILED');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);
    expect((await post('progress-reports', { period: shanghaiToday().slice(0, 7), summary: '本月' }, p.id)).status).toBe(201);
  });
});

describe('issues (问题清单)', () => {
  it('OPEN → ESCALATED → CLEARED (needs a result); CLEARED → ESCALATED is refused; each change is audited', async () => {
    const p = await insertProject(t.dataSource, district);
    const created = await post('issues', { category: 'POWER', title: '双回路供电未接入', description: '需电业局协调', ownerUnitId: city.id, dueDate: '2024-06-30' }, p.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ category: 'POWER', status: 'OPEN', ownerUnitId: city.id, dueDate: '2024-06-30', result: null, clearedOn: null, version: 1, createdBy: staffUser.id });
    const id = created.body.id;

    const escalated = await patch('issues', id, { version: 1, status: 'ESCALATED' }, p.id);
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ status: 'ESCALATED', version: 2 });

    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await patch('issues', id, { version: 2, status: 'CLEARED' }, p.id), 422, 'REASON_REQUIRED');
    expectStatus(await patch('issues', id, { version: 2, status: 'CLEARED', result: '   ' }, p.id), 422, 'REASON_REQUIRED');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);

    const cleared = await patch('issues', id, { version: 2, status: 'CLEARED', result: '已完成双回路接入' }, p.id);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ status: 'CLEARED', result: '已完成双回路接入', clearedOn: shanghaiToday(), version: 3 });

    const back = await patch('issues', id, { version: 3, status: 'ESCALATED' }, p.id);
    expectStatus(back, 422, 'INVALID_ISSUE_TRANSITION');
    expect((await list('issues', p.id))[0]).toMatchObject({ id, status: 'CLEARED', version: 3 });

    const audit = await auditOf('project_issue', id);
    expect(audit.map((a) => [a.action, a.before?.status ?? null, a.after?.status])).toEqual([
      ['create', null, 'OPEN'],
      ['update', 'OPEN', 'ESCALATED'],
      ['update', 'ESCALATED', 'CLEARED'],
    ]);
  });

  it('clears straight from OPEN with a result, and reopening clears the cleared date', async () => {
    const p = await insertProject(t.dataSource, district);
    const created = await post('issues', { category: 'LAND', title: '用地手续' }, p.id);
    const cleared = await patch('issues', created.body.id, { version: 1, status: 'CLEARED', result: '已取得不动产权证' }, p.id);
    expect(cleared.body).toMatchObject({ status: 'CLEARED', clearedOn: shanghaiToday() });
    const reopened = await patch('issues', created.body.id, { version: 2, status: 'OPEN' }, p.id);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'OPEN', clearedOn: null, version: 3 });
  });

  it('refuses an unknown owner unit (422), an unknown category or status (400) and a stale version (409)', async () => {
    const p = await insertProject(t.dataSource, district);
    const before = await countRows(t.dataSource, RECORD_TABLES);
    expectStatus(await post('issues', { category: 'LAND', title: '无主', ownerUnitId: '00000000-0000-4000-8000-000000000000' }, p.id), 422, 'INVALID_REFERENCE');
    expectStatus(await post('issues', { category: 'WEATHER', title: '天气' }, p.id), 400, 'VALIDATION_FAILED');
    expect(await countRows(t.dataSource, RECORD_TABLES)).toEqual(before);
    const created = await post('issues', { category: 'WATER', title: '用水指标' }, p.id);
    expectStatus(await patch('issues', created.body.id, { version: 1, status: 'DONE' }, p.id), 400, 'VALIDATION_FAILED');
    expect((await patch('issues', created.body.id, { version: 1, title: '用水指标（工业）' }, p.id)).status).toBe(200);
    expectStatus(await patch('issues', created.body.id, { version: 1, status: 'ESCALATED' }, p.id), 409, 'STALE_VERSION');
  });
});

describe('records of an unknown project', () => {
  it.each(['milestones', 'money-records', 'progress-reports', 'issues'])('%s: 404 for list and create', async (kind) => {
    const id = '00000000-0000-4000-8000-000000000000';
    expectStatus(await t.http().get(api(`/projects/${id}/${kind}`)).set('authorization', staff), 404, 'NOT_FOUND');
    expectStatus(await post(kind, {}, id), 400, 'VALIDATION_FAILED');
    expectStatus(await t.http().get(api(`/projects/not-a-uuid/${kind}`)).set('authorization', staff), 404);
  });

  it('a valid body for an unknown project: 404', async () => {
    expectStatus(await post('issues', { category: 'LAND', title: '无项目' }, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectStatus(await post('milestones', { code: 'X', nameZh: '节点', effectiveDate: '2024-01-01' }, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });
});
