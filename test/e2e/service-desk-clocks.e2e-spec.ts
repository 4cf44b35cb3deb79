/**
 * The service desk's clocks through the real API and the real worker's evaluator (issue 7, second half):
 * - 限时审批: a checklist item submitted 25 working days ago with a 20-working-day limit raises a 红灯 alert in the
 *   same /alerts inbox, explained in zh and en with its dates; completing the item resolves it (MET);
 *   RETURNED pauses and resubmission restarts the clock; templates add the missing item types;
 * - investor requests: a request cannot close without a callback (422 CALLBACK_REQUIRED) and can after one;
 *   overdue requests in the scoped inbox; satisfaction statistics per owner unit;
 * - commitments: an overdue commitment shows in the director's weekly digest (a week after its due date) and in
 *   the unfulfilled-commitments report; a change of handler keeps the commitment and its clock;
 * - scoping (another district's staff: 404) and bad input (status skip, completed before submitted,
 *   satisfaction 7, …) answered 400/422 with nothing changed.
 * Working days are counted by the test's own calendar (TestCalendar) from the same seed files the database gets.
 */
import { jest } from '@jest/globals';
import type { UnitEntity, UserEntity } from '#persistence';
import { buildProjectBody, insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { cleanUp, deleteRedisKeys, insertSeedCalendars, newQueuePrefix, startWorker, TestCalendar, type TestWorker } from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, countRows, shanghaiToday } from './support.js';

jest.setTimeout(60_000);

const api = (path: string) => `/api/v1${path}`;
const prefix = newQueuePrefix();
const today = shanghaiToday();

let t: TestApp;
let worker: TestWorker;
let cal: TestCalendar;
let unitA: UnitEntity;
let unitB: UnitEntity;
const users: Record<string, UserEntity> = {};
const tokens: Record<string, string> = {};
let projectId: string;

const TABLES = ['approval_item', 'investor_request', 'investor_request_callback', 'commitment', 'commitment_handler_history', 'audit_log'];

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  const city = await insertUnit(t.dataSource, { nameZh: '服务台市' });
  unitA = await insertUnit(t.dataSource, { parent: city, nameZh: '服务甲区' });
  unitB = await insertUnit(t.dataSource, { parent: city, nameZh: '服务乙区' });
  const spec: [string, UnitEntity, 'staff' | 'manager' | 'director' | 'admin' | 'viewer'][] = [
    ['staffA', unitA, 'staff'],
    ['managerA', unitA, 'manager'],
    ['staffB', unitB, 'staff'],
    ['director', city, 'director'],
  ];
  for (const [name, unit, role] of spec) {
    users[name] = await insertUser(t.dataSource, unit, role, { username: `sd-${name.toLowerCase()}`, displayName: `${name} 用户` });
    tokens[name] = await t.login(`sd-${name.toLowerCase()}`);
  }
  cal = new TestCalendar(await insertSeedCalendars(t.dataSource));
  worker = await startWorker(t.config);
  const res = await t.http().post(api('/projects')).set('authorization', tokens.staffA).send(buildProjectBody(unitA, { nameZh: '服务台测试项目', stageDate: addDays(today, -200) }));
  expect(res.status).toBe(201);
  projectId = res.body.id;
}, 90_000);

afterAll(
  () =>
    cleanUp(
      () => worker?.close(),
      () => t?.close(),
      () => deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix),
    ),
  30_000,
);

const evaluate = () => worker.evaluator.reevaluateProjects([projectId]);

interface AlertItem {
  id: string;
  level: string;
  status: string;
  deadline: { id: string; key: string; dueDate: string; status: string; explanation: { zh: string; en: string } };
  resolution: { kind: string; reason: string } | null;
}
async function alertsFor(key: string, token: string): Promise<AlertItem[]> {
  const res = await t.http().get(api(`/alerts?projectId=${projectId}&pageSize=100`)).set('authorization', token);
  expect(res.status).toBe(200);
  return (res.body.items as AlertItem[]).filter((a) => a.deadline.key === key);
}

describe('approval checklist (领办代办, 限时审批)', () => {
  let itemId: string;
  const submitted = () => cal.addWorkingDays(today, -25);

  it('an item submitted 25 working days ago with a 20-day limit raises a 红灯 alert the manager sees, explained in zh and en', async () => {
    const res = await t.http().post(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.staffA).send({
      itemType: 'CONSTRUCTION_PERMIT', department: '市住建局', timeLimitDays: 20, submittedOn: submitted(), assigneeId: users.staffA.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ itemType: 'CONSTRUCTION_PERMIT', status: 'IN_PROGRESS', timeLimitDays: 20, submittedOn: submitted(), version: 1 });
    itemId = res.body.id;
    await evaluate();

    const due = cal.addWorkingDays(submitted(), 20);
    const [alert] = await alertsFor(`approval:${itemId}`, tokens.managerA);
    expect(alert).toBeDefined();
    // Escalation comes 5 working days after the due date, i.e. from the day after the 25th working day.
    expect(alert.level).toBe(cal.isWorkingDay(today) ? 'OVERDUE' : 'ESCALATED');
    expect(alert.status).toBe('OPEN');
    expect(alert.deadline.dueDate).toBe(due);
    expect(alert.deadline.explanation.zh).toContain(`施工许可（市住建局）${submitted()} 提交，限时 20 个工作日，应于 ${due} 前办结`);
    expect(alert.deadline.explanation.en).toContain(`Construction permit (市住建局) submitted on ${submitted()}, time limit 20 working days: due by ${due}`);
    // Another district's staff do not see it.
    expect(await alertsFor(`approval:${itemId}`, tokens.staffB)).toEqual([]);

    const list = await t.http().get(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.managerA);
    expect(list.status).toBe(200);
    expect(list.body.items.find((i: { id: string }) => i.id === itemId).clock).toMatchObject({ key: `approval:${itemId}`, status: 'OVERDUE', openAlertId: alert.id });
  });

  it('completing the item resolves the alert as met (late)', async () => {
    const res = await t.http().patch(api(`/approval-items/${itemId}`)).set('authorization', tokens.staffA).send({ version: 1, status: 'DONE', completedOn: today });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'DONE', completedOn: today, version: 2 });
    const [{ reevaluate_requested_at }] = await t.dataSource.query(`SELECT reevaluate_requested_at FROM project WHERE id = $1`, [projectId]);
    // The change marked its project for re-evaluation in its own transaction (the queue job may have cleared it since).
    expect(reevaluate_requested_at === null || reevaluate_requested_at instanceof Date).toBe(true);
    await evaluate();
    const [alert] = await alertsFor(`approval:${itemId}`, tokens.managerA);
    expect(alert.status).toBe('RESOLVED');
    expect(alert.resolution?.kind).toBe('MET');
    expect(alert.deadline.status).toBe('MET_LATE');
    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity = 'approval_item' AND entity_id = $1 ORDER BY id`, [itemId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'update']);
  });

  it('refuses a status skip, a completion before submission and a future date, changing nothing', async () => {
    const created = await t.http().post(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.staffA).send({ itemType: 'EIA', department: '市生态环境局' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'NOT_STARTED', timeLimitDays: 30 });
    const id = created.body.id;
    const before = await countRows(t.dataSource, TABLES);

    const skip = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 1, status: 'DONE', completedOn: today });
    expect(skip.status).toBe(422);
    expect(skip.body.code).toBe('INVALID_STATUS_TRANSITION');
    expect(skip.body.message).toContain('NOT_STARTED');

    const noDate = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 1, status: 'IN_PROGRESS' });
    expect(noDate.status).toBe(422);
    expect(noDate.body.details.field).toBe('submittedOn');

    const future = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 1, status: 'IN_PROGRESS', submittedOn: addDays(today, 3) });
    expect(future.status).toBe(422);

    const bad = await t.http().post(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.staffA).send({ itemType: 'PERMIT_X', timeLimitDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['itemType', 'timeLimitDays']);

    expect(await countRows(t.dataSource, TABLES)).toEqual(before);

    const start = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 1, status: 'IN_PROGRESS', submittedOn: addDays(today, -5) });
    expect(start.status).toBe(200);
    const early = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 2, status: 'DONE', completedOn: addDays(today, -6) });
    expect(early.status).toBe(400);
    expect(early.body.code).toBe('INVALID_DATE');
    expect(early.body.details.field).toBe('completedOn');
    const stale = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 1, note: 'x' });
    expect(stale.status).toBe(409);
    const row = (await t.dataSource.query(`SELECT status, completed_on, version FROM approval_item WHERE id = $1`, [id]))[0];
    expect(row).toEqual({ status: 'IN_PROGRESS', completed_on: null, version: 2 });
  });

  it('RETURNED pauses the clock; resubmission restarts it from the new submission date', async () => {
    const created = await t.http().post(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.staffA).send({
      itemType: 'ENERGY_ASSESSMENT', timeLimitDays: 10, submittedOn: cal.addWorkingDays(today, -12),
    });
    const id = created.body.id;
    const returned = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 1, status: 'RETURNED', returnedOn: today });
    expect(returned.status).toBe(200);
    await evaluate();
    let [alert] = await alertsFor(`approval:${id}`, tokens.managerA);
    expect(alert).toMatchObject({ level: 'OVERDUE', status: 'OPEN' });
    expect(alert.deadline.status).toBe('PAUSED');
    expect(alert.deadline.explanation.zh).toContain(`${today} 退回补正，时限暂停`);

    const again = await t.http().patch(api(`/approval-items/${id}`)).set('authorization', tokens.staffA).send({ version: 2, status: 'IN_PROGRESS', submittedOn: today });
    expect(again.status).toBe(200);
    await evaluate();
    [alert] = await alertsFor(`approval:${id}`, tokens.managerA);
    expect(alert.status).toBe('RESOLVED');
    const deadlines = await t.http().get(api(`/projects/${projectId}/deadlines`)).set('authorization', tokens.managerA);
    const clock = deadlines.body.items.find((d: { key: string }) => d.key === `approval:${id}`);
    expect(clock).toMatchObject({ startDate: today, dueDate: cal.addWorkingDays(today, 10), status: 'ON_TRACK', level: 'NONE', ruleId: null });
  });

  it('serves the code lists with zh/en labels and the default limits, marked as bureau defaults', async () => {
    const res = await t.http().get(api('/service-desk-clocks/code-lists')).set('authorization', tokens.staffB);
    expect(res.status).toBe(200);
    expect(res.body.note).toContain('not figures from the reports');
    expect(res.body.approvalItemTypes).toContainEqual({ code: 'CONSTRUCTION_PERMIT', zh: '施工许可', en: 'Construction permit', defaultLimitDays: 20 });
    expect(res.body.requestCategories.map((c: { zh: string }) => c.zh)).toEqual(['用电指标', '道路接入', '用地', '融资', '用工', '政策兑现', '审批', '其他']);
    expect(res.body.satisfaction[0]).toEqual({ value: 1, zh: '很不满意', en: 'Very dissatisfied' });
  });

  it('a template adds the item types the project lacks, with the bureau defaults', async () => {
    const res = await t.http().post(api(`/projects/${projectId}/approval-items/from-template`)).set('authorization', tokens.staffA).send({ template: 'INDUSTRIAL' });
    expect(res.status).toBe(201);
    expect(res.body.skipped.sort()).toEqual(['CONSTRUCTION_PERMIT', 'EIA', 'ENERGY_ASSESSMENT']);
    expect(res.body.created.map((c: { itemType: string }) => c.itemType)).toEqual(['SITE_SELECTION', 'LAND_USE', 'PROJECT_APPROVAL', 'PLANNING_PERMIT', 'SAFETY_ASSESSMENT', 'WATER']);
    expect(res.body.created.every((c: { status: string; timeLimitDays: number }) => c.status === 'NOT_STARTED' && c.timeLimitDays > 0)).toBe(true);
    const bad = await t.http().post(api(`/projects/${projectId}/approval-items/from-template`)).set('authorization', tokens.staffA).send({ template: 'SPACEPORT' });
    expect(bad.status).toBe(400);
  });

  it('another district\'s staff get 404 for the checklist and its items', async () => {
    expect((await t.http().get(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.staffB)).status).toBe(404);
    const patch = await t.http().patch(api(`/approval-items/${itemId}`)).set('authorization', tokens.staffB).send({ version: 2, note: 'mine now' });
    expect(patch.status).toBe(404);
    expect((await t.http().post(api(`/projects/${projectId}/approval-items`)).set('authorization', tokens.staffB).send({ itemType: 'OTHER' })).status).toBe(404);
  });
});

describe('investor requests (诉求) and callbacks (回访)', () => {
  let requestId: string;

  it('cannot close without a callback (422 CALLBACK_REQUIRED) and can after one', async () => {
    const created = await t.http().post(api(`/projects/${projectId}/requests`)).set('authorization', tokens.staffA).send({
      title: '增加用电指标', category: 'POWER', raisedOn: addDays(today, -10), ownerUnitId: unitA.id, description: '二期需新增 2 万千伏安',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'OPEN', version: 1 });
    requestId = created.body.id;
    const patch = (body: Record<string, unknown>) => t.http().patch(api(`/investor-requests/${requestId}`)).set('authorization', tokens.staffA).send(body);

    expect((await patch({ version: 1, status: 'RESOLVED', resolution: 'x' })).status).toBe(422);
    expect((await patch({ version: 1, status: 'ACCEPTED' })).body).toMatchObject({ status: 'ACCEPTED', acceptedOn: today });
    const noText = await patch({ version: 2, status: 'RESOLVED' });
    expect(noText.status).toBe(422);
    expect(noText.body.details.field).toBe('resolution');
    expect((await patch({ version: 2, status: 'RESOLVED', resolution: '协调供电公司扩容，已接入' })).status).toBe(200);

    const before = await countRows(t.dataSource, TABLES);
    const close = await patch({ version: 3, status: 'CLOSED' });
    expect(close.status).toBe(422);
    expect(close.body.code).toBe('CALLBACK_REQUIRED');
    expect(close.body.message).toContain('回访');
    const seven = await t.http().post(api(`/investor-requests/${requestId}/callbacks`)).set('authorization', tokens.staffA).send({ calledOn: today, contact: '王经理', satisfaction: 7 });
    expect(seven.status).toBe(400);
    expect(seven.body.details.fields[0].field).toBe('satisfaction');
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);

    const cb = await t.http().post(api(`/investor-requests/${requestId}/callbacks`)).set('authorization', tokens.staffA).send({ calledOn: today, contact: '王经理', satisfaction: 5, comment: '很及时' });
    expect(cb.status).toBe(201);
    const closed = await patch({ version: 3, status: 'CLOSED' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedOn: today, version: 4 });
  });

  it('shows its clocks, the overdue inbox and satisfaction statistics, scoped', async () => {
    const late = await t.http().post(api(`/projects/${projectId}/requests`)).set('authorization', tokens.staffA).send({
      title: '道路接入审批', category: 'ROAD_ACCESS', raisedOn: addDays(today, -10), ownerUnitId: unitA.id,
    });
    expect(late.status).toBe(201);
    await evaluate();

    const one = await t.http().get(api(`/investor-requests/${requestId}`)).set('authorization', tokens.managerA);
    expect(one.status).toBe(200);
    expect(one.body.callbacks).toHaveLength(1);
    const response = one.body.clocks.find((c: { key: string }) => c.key === `request:${requestId}:response`);
    expect(response.status).toBe('MET_LATE');
    expect(response.explanation.zh).toContain('诉求「增加用电指标」（用电指标）');

    const overdue = await t.http().get(api('/investor-requests?overdue=true')).set('authorization', tokens.managerA);
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toEqual([late.body.id]);
    const [alert] = await alertsFor(`request:${late.body.id}:response`, tokens.managerA);
    expect(alert.level).toMatch(/OVERDUE|ESCALATED/);

    expect((await t.http().get(api('/investor-requests')).set('authorization', tokens.staffB)).body.items).toEqual([]);
    expect((await t.http().get(api(`/investor-requests/${requestId}`)).set('authorization', tokens.staffB)).status).toBe(404);
    expect((await t.http().post(api(`/investor-requests/${requestId}/callbacks`)).set('authorization', tokens.staffB).send({ calledOn: today, contact: 'x', satisfaction: 3 })).status).toBe(404);

    const stats = await t.http().get(api(`/investor-requests/stats?unitId=${unitA.id}`)).set('authorization', tokens.managerA);
    expect(stats.status).toBe(200);
    expect(stats.body.units).toEqual([
      expect.objectContaining({ unitId: unitA.id, requests: 2, withCallback: 1, averageSatisfaction: 5, satisfiedShare: 1, onTimeResponseRate: 0 }),
    ]);
    expect((await t.http().get(api('/investor-requests/stats?from=2025-02-30')).set('authorization', tokens.managerA)).status).toBe(400);
  });
});

describe('commitments (承诺兑现)', () => {
  let commitmentId: string;
  let deadlineId: string;

  it('an overdue commitment raises an alert and shows in the director\'s digest a week after its due date', async () => {
    const created = await t.http().post(api(`/projects/${projectId}/commitments`)).set('authorization', tokens.staffA).send({
      title: '配套道路建成通车', kind: 'INFRASTRUCTURE', amount: '1200.50', promisedBy: '服务甲区人民政府', promisedOn: '2025-01-10', dueDate: '2025-06-30', handlerId: users.staffA.id,
    });
    expect(created.status).toBe(201);
    commitmentId = created.body.id;
    await evaluate();
    const [alert] = await alertsFor(`commitment:${commitmentId}`, tokens.managerA);
    expect(alert).toMatchObject({ level: 'ESCALATED', status: 'OPEN' });
    expect(alert.deadline.explanation.zh).toContain('承诺「配套道路建成通车」（基础设施，服务甲区人民政府）2025-01-10 作出，应于 2025-06-30 前兑现');
    deadlineId = alert.deadline.id;

    // 2025-W28 is 2025-07-07 … 2025-07-13: 13 days after the due date on its Sunday.
    const digest = await t.http().get(api(`/digests/preview?userId=${users.director.id}&week=2025-W28&format=json`)).set('authorization', tokens.director);
    expect(digest.status).toBe(200);
    expect(digest.body.text).toContain('逾期未兑现的承诺（截至 2025-07-13）');
    expect(digest.body.text).toContain('配套道路建成通车');
    expect(digest.body.text).toContain('13 天');
    expect(digest.body.html).toContain('1200.50');
    // A week before the due date it is not overdue yet; another district's staff never see it.
    const early = await t.http().get(api(`/digests/preview?userId=${users.director.id}&week=2025-W26&format=json`)).set('authorization', tokens.director);
    expect(early.body.text).not.toContain('配套道路建成通车');
    const other = await t.http().get(api(`/digests/preview?week=2025-W28&format=json`)).set('authorization', tokens.staffB);
    expect(other.body.text).not.toContain('配套道路建成通车');
  });

  it('a new handler keeps the commitment and its clock (新官要理旧账), on record', async () => {
    const res = await t.http().patch(api(`/commitments/${commitmentId}`)).set('authorization', tokens.managerA).send({ version: 1, handlerId: users.managerA.id, handlerNote: '人员调整' });
    expect(res.status).toBe(200);
    await evaluate();
    const one = await t.http().get(api(`/commitments/${commitmentId}`)).set('authorization', tokens.managerA);
    expect(one.body.handlerHistory.map((h: { handlerId: string }) => h.handlerId)).toEqual([users.staffA.id, users.managerA.id]);
    expect(one.body.clock).toMatchObject({ id: deadlineId, dueDate: '2025-06-30', level: 'ESCALATED' });
    const [alert] = await alertsFor(`commitment:${commitmentId}`, tokens.managerA);
    expect(alert.deadline.id).toBe(deadlineId);
    const bad = await t.http().patch(api(`/commitments/${commitmentId}`)).set('authorization', tokens.managerA).send({ version: 2, handlerId: users.staffB.id });
    expect(bad.status).toBe(422);
    expect(bad.body.details.field).toBe('handlerId');
  });

  it('lists overdue commitments in scope and reports unfulfilled ones by unit', async () => {
    const mine = await t.http().get(api('/commitments?overdue=true')).set('authorization', tokens.managerA);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([commitmentId]);
    expect(mine.body.items[0].daysOverdue).toBeGreaterThan(100);
    expect((await t.http().get(api('/commitments?overdue=true')).set('authorization', tokens.staffB)).body.items).toEqual([]);
    expect((await t.http().get(api(`/commitments/${commitmentId}`)).set('authorization', tokens.staffB)).status).toBe(404);
    const report = await t.http().get(api('/reports/unfulfilled-commitments')).set('authorization', tokens.director);
    expect(report.status).toBe(200);
    expect(report.body.units).toEqual([expect.objectContaining({ unitId: unitA.id, count: 1, overdueCount: 1, amountTotal: '1200.50' })]);
    expect(report.body.units[0].maxDaysOverdue).toBeGreaterThan(100);
  });

  it('refuses bad input with nothing changed, and fulfilling resolves the alert', async () => {
    const before = await countRows(t.dataSource, TABLES);
    const badDates = await t.http().post(api(`/projects/${projectId}/commitments`)).set('authorization', tokens.staffA).send({
      title: 'x', kind: 'OTHER', promisedBy: 'y', promisedOn: '2025-05-01', dueDate: '2025-04-01',
    });
    expect(badDates.status).toBe(400);
    const badKind = await t.http().post(api(`/projects/${projectId}/commitments`)).set('authorization', tokens.staffA).send({
      title: 'x', kind: 'FREE_LUNCH', promisedBy: 'y', promisedOn: '2025-05-01', dueDate: '2025-06-01', amount: '-5',
    });
    expect(badKind.status).toBe(400);
    const noDate = await t.http().patch(api(`/commitments/${commitmentId}`)).set('authorization', tokens.managerA).send({ version: 2, status: 'FULFILLED' });
    expect(noDate.status).toBe(422);
    const noReason = await t.http().patch(api(`/commitments/${commitmentId}`)).set('authorization', tokens.managerA).send({ version: 2, status: 'WAIVED' });
    expect(noReason.status).toBe(422);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);

    const done = await t.http().patch(api(`/commitments/${commitmentId}`)).set('authorization', tokens.managerA).send({ version: 2, status: 'FULFILLED', fulfilledOn: today, evidence: '道路已通车' });
    expect(done.status).toBe(200);
    await evaluate();
    const [alert] = await alertsFor(`commitment:${commitmentId}`, tokens.managerA);
    expect(alert).toMatchObject({ status: 'RESOLVED', resolution: expect.objectContaining({ kind: 'MET' }) });
  });

  it("shows every service-desk change in the project's audit trail", async () => {
    const res = await t.http().get(api(`/projects/${projectId}/audit?pageSize=200`)).set('authorization', tokens.director);
    expect(res.status).toBe(200);
    const entities = new Set(res.body.items.map((a: { entity: string }) => a.entity));
    for (const e of ['approval_item', 'investor_request', 'investor_request_callback', 'commitment']) expect(entities).toContain(e);
  });
});

describe('the sweep', () => {
  it('advances a service-desk clock level by level over time (黄灯 → 红灯 → 督办) on the same alert', async () => {
    // A project and commitment written directly (no API call, so no queued re-evaluation at the real "now" can race
    // with the sweeps run here at future instants).
    const p = await insertProject(t.dataSource, unitA, { stageDate: addDays(today, -100) });
    const [c] = await t.dataSource.query(
      `INSERT INTO commitment (project_id, title, kind, promised_by, promised_on, due_date) VALUES ($1, '标准厂房交付', 'FACTOR_SUPPLY', '服务甲区管委会', $2, $3) RETURNING id`,
      [p.id, addDays(today, -60), addDays(today, 20)],
    );
    const key = `commitment:${c.id}`;
    await worker.evaluator.reevaluateProjects([p.id]);
    const alertOf = async () => {
      const res = await t.http().get(api(`/alerts?projectId=${p.id}`)).set('authorization', tokens.director);
      return (res.body.items as AlertItem[]).find((a) => a.deadline.key === key)!;
    };
    const warning = await alertOf();
    expect(warning).toMatchObject({ level: 'WARNING', status: 'OPEN' });

    const now = Date.now();
    await worker.evaluator.sweep(new Date(now + 22 * 86_400_000));
    expect(await alertOf()).toMatchObject({ id: warning.id, level: 'OVERDUE' });
    await worker.evaluator.sweep(new Date(now + 52 * 86_400_000));
    expect(await alertOf()).toMatchObject({ id: warning.id, level: 'ESCALATED' });
    const levels = await t.dataSource.query(`SELECT level FROM alert_level_history WHERE alert_id = $1 ORDER BY at`, [warning.id]);
    expect(levels.map((l: { level: string }) => l.level)).toEqual(['WARNING', 'OVERDUE', 'ESCALATED']);
  });
});
