/**
 * Reviewing alerts (预警督办) through the API, with the real worker behind it: acknowledge (认领) with a plan
 * and a review date, assign within the unit, comment, resolve by a manager (waives the deadline), bulk
 * versions with a mix of good and unknown ids, scoping by unit, and bad input on every new endpoint
 * (4xx with a clear code, never 500).
 *
 * Rule: SIGNED_TO_LANDED 90 calendar days (inserted here). Every project is signed 100 days ago, so each one
 * has exactly one 红灯 OVERDUE alert.
 */
import { jest } from '@jest/globals';
import type { UnitEntity, UserEntity } from '#persistence';
import { buildProjectBody } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import {
  cleanUp,
  deleteRedisKeys,
  insertRules,
  insertSeedCalendars,
  newQueuePrefix,
  serviceTarget,
  startWorker,
  waitFor,
  type TestWorker,
} from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, shanghaiToday } from './support.js';

jest.setTimeout(30_000);

const api = (path: string) => `/api/v1${path}`;
const prefix = newQueuePrefix();
const today = shanghaiToday();
const UNKNOWN = '3f1b2c4d-0000-4000-8000-00000000abcd';

let t: TestApp;
let worker: TestWorker;
let unitA: UnitEntity;
let unitB: UnitEntity;
const users: Record<string, UserEntity> = {};
const tok: Record<string, string> = {};
/** Project id and alert id by name (A1..A8 in district A, B1 in district B). */
const P: Record<string, string> = {};
const A: Record<string, string> = {};
let ruleId: string;

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  const city = await insertUnit(t.dataSource, { nameZh: '审核市' });
  unitA = await insertUnit(t.dataSource, { parent: city, nameZh: '甲区' });
  unitB = await insertUnit(t.dataSource, { parent: city, nameZh: '乙区' });
  const spec: [string, UnitEntity, 'staff' | 'manager' | 'director' | 'admin' | 'viewer'][] = [
    ['staffA', unitA, 'staff'],
    ['staffA2', unitA, 'staff'],
    ['managerA', unitA, 'manager'],
    ['viewerA', unitA, 'viewer'],
    ['staffB', unitB, 'staff'],
    ['managerB', unitB, 'manager'],
    ['director', city, 'director'],
    ['admin', city, 'admin'],
  ];
  for (const [name, unit, role] of spec) {
    users[name] = await insertUser(t.dataSource, unit, role, { username: `rv-${name.toLowerCase()}`, displayName: `${name} 显示名` });
    tok[name] = await t.login(`rv-${name.toLowerCase()}`);
  }
  await insertSeedCalendars(t.dataSource);
  ({ SIGNED_TO_LANDED: ruleId } = await insertRules(t.dataSource, [serviceTarget('SIGNED_TO_LANDED', 'SIGNED', 'LANDED', 90)]));
  worker = await startWorker(t.config);

  const signed = addDays(today, -100);
  for (const name of ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'B1']) {
    const unit = name.startsWith('A') ? unitA : unitB;
    const res = await t.http().post(api('/projects')).set('authorization', name.startsWith('A') ? tok.staffA : tok.staffB)
      .send(buildProjectBody(unit, { nameZh: `审核项目${name}`, stageDate: signed }));
    if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    P[name] = res.body.id;
  }
  const all = await waitFor(
    async () => (await t.http().get(api('/alerts?pageSize=50')).set('authorization', tok.admin)).body.items as { id: string; project: { id: string } }[],
    (items) => items.length === 9,
    { timeout: 15_000, what: '9 alerts' },
  );
  for (const [name, id] of Object.entries(P)) A[name] = all.find((a) => a.project.id === id)!.id;
}, 60_000);

afterAll(() =>
  cleanUp(
    () => worker?.close(),
    () => t?.close(),
    () => deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix),
  ), 30_000);

const get = (path: string, who = 'admin') => t.http().get(api(path)).set('authorization', tok[who]);
const post = (path: string, body: unknown, who = 'admin') => t.http().post(api(path)).set('authorization', tok[who]).send(body as object);
const alertRow = async (id: string) => (await t.dataSource.query(`SELECT status, level, version, assignee_id, ack_plan, resolution FROM alert WHERE id = $1`, [id]))[0];

describe('acknowledge (认领)', () => {
  it('records the plan, the next review date and who acknowledged', async () => {
    const res = await post(`/alerts/${A.A1}/acknowledge`, { plan: '协调自然资源局加快供地', nextReviewDate: addDays(today, 7) }, 'staffA');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: A.A1,
      status: 'ACKNOWLEDGED',
      level: 'OVERDUE',
      acknowledgement: { plan: '协调自然资源局加快供地', nextReviewDate: addDays(today, 7), by: users.staffA.id },
      version: 2,
    });
    const again = await get(`/alerts/${A.A1}`, 'managerA');
    expect(again.body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgement: { plan: '协调自然资源局加快供地' } });
    const audit = await t.dataSource.query(`SELECT action, actor_id FROM audit_log WHERE entity = 'alert' AND entity_id = $1`, [A.A1]);
    expect(audit).toEqual([{ action: 'acknowledge', actor_id: users.staffA.id }]);
    const listed = await get(`/alerts?status=ACKNOWLEDGED`, 'staffA');
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([A.A1]);
  });

  it('accepts today as the review date and refuses yesterday (400 INVALID_DATE), changing nothing', async () => {
    const before = await alertRow(A.A2);
    const past = await post(`/alerts/${A.A2}/acknowledge`, { plan: '计划', nextReviewDate: addDays(today, -1) }, 'staffA');
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('INVALID_DATE');
    expect(await alertRow(A.A2)).toEqual(before);
    const ok = await post(`/alerts/${A.A2}/acknowledge`, { plan: '计划', nextReviewDate: today }, 'managerA');
    expect(ok.status).toBe(200);
    expect(ok.body.acknowledgement).toMatchObject({ nextReviewDate: today, by: users.managerA.id });
  });

  it.each([
    ['a date that does not exist', { plan: 'p', nextReviewDate: '2026-02-30' }],
    ['a date in another format', { plan: 'p', nextReviewDate: '2026/12/01' }],
    ['no plan', { nextReviewDate: '2099-01-01' }],
    ['an empty plan', { plan: '', nextReviewDate: '2099-01-01' }],
    ['an unknown field', { plan: 'p', nextReviewDate: '2099-01-01', urgent: true }],
  ])('refuses %s with 400', async (_what, body) => {
    const res = await post(`/alerts/${A.A6}/acknowledge`, body, 'staffA');
    expect(res.status).toBe(400);
    expect((await alertRow(A.A6)).status).toBe('OPEN');
  });

  it('is refused to viewers and directors (403) and to other districts (404)', async () => {
    const body = { plan: 'p', nextReviewDate: addDays(today, 1) };
    expect((await post(`/alerts/${A.A6}/acknowledge`, body, 'viewerA')).status).toBe(403);
    expect((await post(`/alerts/${A.A6}/acknowledge`, body, 'director')).status).toBe(403);
    expect((await post(`/alerts/${A.A6}/acknowledge`, body, 'staffB')).status).toBe(404);
    expect((await alertRow(A.A6)).status).toBe('OPEN');
  });
});

describe('assign', () => {
  it('assigns to staff of the unit and filters by assignee', async () => {
    const res = await post(`/alerts/${A.A1}/assign`, { userId: users.staffA2.id }, 'managerA');
    expect(res.status).toBe(200);
    expect(res.body.assignee).toEqual({ id: users.staffA2.id, displayName: 'staffA2 显示名' });
    const mine = await get(`/alerts?assigneeId=${users.staffA2.id}`, 'staffA2');
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([A.A1]);
    expect(mine.body.total).toBe(1);
  });

  it.each([
    ['a user of another district', () => users.staffB.id],
    ['a director', () => users.director.id],
    ['a user who does not exist', () => UNKNOWN],
  ])('refuses %s with 422 INVALID_REFERENCE', async (_what, id) => {
    const before = await alertRow(A.A6);
    const res = await post(`/alerts/${A.A6}/assign`, { userId: id() }, 'managerA');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_REFERENCE');
    expect(await alertRow(A.A6)).toEqual(before);
  });

  it('refuses a malformed user id (400) and staff assigning (403)', async () => {
    expect((await post(`/alerts/${A.A6}/assign`, { userId: 'staffA2' }, 'managerA')).status).toBe(400);
    expect((await post(`/alerts/${A.A6}/assign`, { userId: users.staffA2.id }, 'staffA')).status).toBe(403);
    expect((await alertRow(A.A6)).assignee_id).toBeNull();
  });
});

describe('comments', () => {
  it('adds comments in order with their authors', async () => {
    expect((await post(`/alerts/${A.A1}/comments`, { text: '已约企业面谈' }, 'staffA')).status).toBe(200);
    expect((await post(`/alerts/${A.A1}/comments`, { text: '局领导已关注' }, 'director')).status).toBe(200);
    const res = await get(`/alerts/${A.A1}`, 'staffA');
    expect(res.body.comments.map((c: { text: string; author: { id: string } }) => [c.text, c.author.id])).toEqual([
      ['已约企业面谈', users.staffA.id],
      ['局领导已关注', users.director.id],
    ]);
  });

  it('refuses empty, overlong, NUL-containing text (400) and viewers (403)', async () => {
    expect((await post(`/alerts/${A.A1}/comments`, { text: '' }, 'staffA')).status).toBe(400);
    expect((await post(`/alerts/${A.A1}/comments`, { text: 'x'.repeat(5001) }, 'staffA')).status).toBe(400);
    expect((await post(`/alerts/${A.A1}/comments`, { text: 'a\u0000b' }, 'staffA')).status).toBe(400);
    expect((await post(`/alerts/${A.A1}/comments`, { text: '看看' }, 'viewerA')).status).toBe(403);
    expect((await get(`/alerts/${A.A1}`)).body.comments).toHaveLength(2);
  });
});

describe('resolve (waive)', () => {
  it('is refused to staff (403) and without a reason (400)', async () => {
    const before = await alertRow(A.A3);
    expect((await post(`/alerts/${A.A3}/resolve`, { reason: '企业已放弃' }, 'staffA')).status).toBe(403);
    expect((await post(`/alerts/${A.A3}/resolve`, { reason: '企业已放弃' }, 'director')).status).toBe(403);
    expect((await post(`/alerts/${A.A3}/resolve`, {}, 'managerA')).status).toBe(400);
    expect((await post(`/alerts/${A.A3}/resolve`, { reason: '' }, 'managerA')).status).toBe(400);
    expect(await alertRow(A.A3)).toEqual(before);
    expect(await t.dataSource.query(`SELECT * FROM deadline_waiver`)).toEqual([]);
  });

  it('by a manager: RESOLVED / WAIVED now, the deadline WAIVED after re-evaluation, and no new alert', async () => {
    const res = await post(`/alerts/${A.A3}/resolve`, { reason: '项目调整为分期实施，本期豁免' }, 'managerA');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'RESOLVED',
      resolution: { kind: 'WAIVED', reason: '项目调整为分期实施，本期豁免', by: users.managerA.id },
    });
    const deadline = await waitFor(
      async () => (await get(`/projects/${P.A3}/deadlines`)).body.items.find((d: { key: string }) => d.key === 'SIGNED_TO_LANDED'),
      (d) => d?.status === 'WAIVED',
      { what: 'the deadline to become WAIVED' },
    );
    expect(deadline).toMatchObject({ level: 'NONE', dueDate: addDays(today, -10), nextCheckAt: null });
    // More re-evaluations and sweeps: still one alert, resolved.
    await worker.evaluator.reevaluateProjects([P.A3]);
    await worker.evaluator.sweep();
    const alerts = (await get(`/alerts?projectId=${P.A3}`)).body.items;
    expect(alerts).toEqual([expect.objectContaining({ id: A.A3, status: 'RESOLVED' })]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM alert WHERE project_id = $1`, [P.A3]);
    expect(n).toBe(1);
  });

  it('a resolved alert cannot be resolved, acknowledged or assigned again (422)', async () => {
    expect((await post(`/alerts/${A.A3}/resolve`, { reason: '再次' }, 'managerA')).status).toBe(422);
    expect((await post(`/alerts/${A.A3}/acknowledge`, { plan: 'p', nextReviewDate: addDays(today, 3) }, 'staffA')).status).toBe(422);
    expect((await post(`/alerts/${A.A3}/assign`, { userId: users.staffA.id }, 'managerA')).status).toBe(422);
    expect(await alertRow(A.A3)).toMatchObject({ status: 'RESOLVED', resolution: 'WAIVED', assignee_id: null });
  });
});

describe('bulk actions', () => {
  it('acknowledges the good ids and reports the unknown one, each on its own', async () => {
    const res = await post('/alerts/bulk/acknowledge', { ids: [A.A4, A.A5, UNKNOWN, A.A4], plan: '统一调度', nextReviewDate: addDays(today, 14) }, 'staffA');
    expect(res.status).toBe(200);
    expect(res.body.succeeded).toBe(2);
    expect(res.body.failed).toBe(1);
    expect(res.body.results).toEqual([
      { id: A.A4, ok: true },
      { id: A.A5, ok: true },
      { id: UNKNOWN, ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) },
    ]);
    expect((await alertRow(A.A4)).status).toBe('ACKNOWLEDGED');
    expect((await alertRow(A.A5)).ack_plan).toBe('统一调度');
  });

  it('assigns, treating another district’s alert as unknown', async () => {
    const res = await post('/alerts/bulk/assign', { ids: [A.A4, A.B1, UNKNOWN], userId: users.staffA2.id }, 'managerA');
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ok: boolean; error?: { code: string } }) => [r.ok, r.error?.code])).toEqual([
      [true, undefined],
      [false, 'NOT_FOUND'],
      [false, 'NOT_FOUND'],
    ]);
    expect((await alertRow(A.A4)).assignee_id).toBe(users.staffA2.id);
    expect((await alertRow(A.B1)).assignee_id).toBeNull();
  });

  it('comments on many alerts', async () => {
    const res = await post('/alerts/bulk/comments', { ids: [A.A4, A.A5], text: '周例会统一督办' }, 'staffA');
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    for (const id of [A.A4, A.A5]) {
      expect((await get(`/alerts/${id}`)).body.comments.map((c: { text: string }) => c.text)).toEqual(['周例会统一督办']);
    }
  });

  it('resolves the open ones and reports the resolved and unknown ones', async () => {
    const res = await post('/alerts/bulk/resolve', { ids: [A.A5, A.A3, UNKNOWN], reason: '批量豁免' }, 'managerA');
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ok: boolean; error?: { code: string } }) => [r.ok, r.error?.code])).toEqual([
      [true, undefined],
      [false, 'INVALID_STAGE_TRANSITION'],
      [false, 'NOT_FOUND'],
    ]);
    expect(await alertRow(A.A5)).toMatchObject({ status: 'RESOLVED', resolution: 'WAIVED' });
    await waitFor(
      async () => (await get(`/projects/${P.A5}/deadlines`)).body.items[0]?.status,
      (s) => s === 'WAIVED',
      { what: 'A5 deadline WAIVED' },
    );
  });

  it('changes nothing when the role may not do it', async () => {
    const before = await alertRow(A.A6);
    const res = await post('/alerts/bulk/resolve', { ids: [A.A6], reason: '无权' }, 'staffA');
    if (res.status === 200) {
      expect(res.body).toMatchObject({ succeeded: 0, failed: 1 });
      expect(res.body.results[0].error.code).toBe('FORBIDDEN');
    } else {
      expect(res.status).toBe(403);
    }
    expect(await alertRow(A.A6)).toEqual(before);
  });

  it.each([
    ['acknowledge', 'empty ids', { ids: [], plan: 'p', nextReviewDate: '2099-01-01' }],
    ['acknowledge', 'a malformed id', { ids: ['not-a-uuid'], plan: 'p', nextReviewDate: '2099-01-01' }],
    ['acknowledge', 'no plan', { ids: [UNKNOWN], nextReviewDate: '2099-01-01' }],
    ['assign', 'no userId', { ids: [UNKNOWN] }],
    ['comments', '501 ids', { ids: Array.from({ length: 501 }, () => UNKNOWN), text: 't' }],
    ['comments', 'ids as a string', { ids: UNKNOWN, text: 't' }],
    ['resolve', 'no ids', { reason: 'r' }],
  ])('bulk/%s refuses %s with 400', async (action, _what, body) => {
    const res = await post(`/alerts/bulk/${action}`, body, 'managerA');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('scoping', () => {
  it('staff of district B see only B’s alerts; A’s answer 404 on every route', async () => {
    const list = await get('/alerts?pageSize=200', 'staffB');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([A.B1]);
    expect(list.body.total).toBe(1);
    const filtered = await get(`/alerts?unitId=${unitA.id}`, 'staffB');
    expect(filtered.body).toMatchObject({ items: [], total: 0 });
    expect((await get(`/alerts?projectId=${P.A1}`, 'staffB')).body.total).toBe(0);
    expect((await get(`/alerts/${A.A1}`, 'staffB')).status).toBe(404);
    expect((await post(`/alerts/${A.A6}/comments`, { text: '越权' }, 'staffB')).status).toBe(404);
    expect((await post(`/alerts/${A.A6}/resolve`, { reason: '越权' }, 'managerB')).status).toBe(404);
    expect((await get(`/projects/${P.A1}/deadlines`, 'staffB')).status).toBe(404);
    expect((await alertRow(A.A6)).status).toBe('OPEN');
  });

  it('directors, admins and viewers of the city see everything; viewers of A see A', async () => {
    expect((await get('/alerts?pageSize=200', 'director')).body.total).toBe(9);
    expect((await get('/alerts?pageSize=200', 'admin')).body.total).toBe(9);
    expect((await get('/alerts?pageSize=200', 'viewerA')).body.total).toBe(8);
    expect((await get(`/alerts?unitId=${unitB.id}`, 'director')).body.items.map((a: { id: string }) => a.id)).toEqual([A.B1]);
  });

  it('filters by level and status and pages', async () => {
    const open = await get('/alerts?status=OPEN,ACKNOWLEDGED&level=OVERDUE&pageSize=3&page=1', 'managerA');
    expect(open.status).toBe(200);
    // A1, A2, A4 acknowledged; A6, A7, A8 open; A3, A5 resolved.
    expect(open.body.total).toBe(6);
    expect(open.body.items).toHaveLength(3);
    const page2 = await get('/alerts?status=OPEN,ACKNOWLEDGED&level=OVERDUE&pageSize=3&page=2', 'managerA');
    const ids = [...open.body.items, ...page2.body.items].map((a: { id: string }) => a.id).sort();
    expect(ids).toEqual([A.A1, A.A2, A.A4, A.A6, A.A7, A.A8].sort());
    expect((await get('/alerts?status=RESOLVED', 'managerA')).body.items.map((a: { id: string }) => a.id).sort()).toEqual([A.A3, A.A5].sort());
    expect((await get('/alerts?level=WARNING', 'managerA')).body.total).toBe(0);
  });

  // Regression guard (was a bug, fixed).
  it('an alert follows its project when the project moves to another district', async () => {
    const project = await get(`/projects/${P.A8}`);
    const moved = await t.http().patch(api(`/projects/${P.A8}`)).set('authorization', tok.admin).send({ unitId: unitB.id, version: project.body.version });
    expect(moved.status).toBe(200);
    await waitFor(
      () => t.dataSource.query(`SELECT reevaluate_requested_at FROM project WHERE id = $1`, [P.A8]),
      (r) => r[0].reevaluate_requested_at === null,
      { what: 'the moved project to be re-evaluated' },
    );
    expect((await get(`/alerts/${A.A8}`, 'staffB')).status).toBe(200);
    expect((await get(`/alerts/${A.A8}`, 'staffA')).status).toBe(404);
  });
});

describe('bad input on the new endpoints: 4xx with a code, never 500', () => {
  const rule = (o: Record<string, unknown> = {}) => ({
    code: 'TEST_RULE_X',
    name: '测试规则',
    kind: 'SERVICE_TARGET',
    fromStage: 'LANDED',
    toStage: 'UNDER_CONSTRUCTION',
    duration: { value: 30, unit: 'calendar_days' },
    warn: { percent: 80 },
    escalateAfterDays: 10,
    filter: {},
    active: false,
    ...o,
  });

  it('POST /service-targets: 403 for non-admins, 400 per bad field, 409 for a taken code, 201 for a good rule', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM service_target_rule`))[0].n;
    expect((await post('/service-targets', rule(), 'managerA')).status).toBe(403);
    expect((await post('/service-targets', rule(), 'director')).status).toBe(403);
    const bad: [Record<string, unknown>, string][] = [
      [rule({ foo: 1 }), 'foo'],
      [rule({ duration: { value: 30, unit: 'weeks' } }), 'duration.unit'],
      [rule({ duration: { value: 0, unit: 'calendar_days' } }), 'duration.value'],
      [rule({ duration: { value: 1.5, unit: 'calendar_days' } }), 'duration.value'],
      [rule({ duration: null }), 'duration'],
      [rule({ fromStage: 'UNDER_CONSTRUCTION', toStage: 'LANDED' }), 'toStage'],
      [rule({ fromStage: 'ON_HOLD' }), 'fromStage'],
      [rule({ toStage: undefined }), 'toStage'],
      [rule({ warn: { percent: 80, daysBefore: 5 } }), 'warn'],
      [rule({ warn: { percent: 0 } }), 'warn.percent'],
      [rule({ escalateAfterDays: -1 }), 'escalateAfterDays'],
      [rule({ escalateAfterDays: '30' }), 'escalateAfterDays'],
      [rule({ kind: 'DEADLINE' }), 'kind'],
      [rule({ code: 'has:colon' }), 'code'],
      [rule({ name: '' }), 'name'],
      [rule({ active: 'yes' }), 'active'],
      [rule({ filter: { minInvestment: '10亿' } }), 'filter.minInvestment'],
      [rule({ filter: { region: 'x' } }), 'filter.region'],
      [rule({ filter: { unitIds: 'abc' } }), 'filter.unitIds'],
      [rule({ filter: [] }), 'filter'],
    ];
    for (const [body, field] of bad) {
      const res = await post('/service-targets', body);
      expect({ field, status: res.status, code: res.body.code }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    for (const body of [[rule()], 'text', null]) {
      const res = await t.http().post(api('/service-targets')).set('authorization', tok.admin).set('content-type', 'application/json').send(JSON.stringify(body));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const dup = await post('/service-targets', rule({ code: 'SIGNED_TO_LANDED' }));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM service_target_rule`))[0].n).toBe(before);

    const created = await post('/service-targets', rule());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'TEST_RULE_X', version: 1, active: false, reevaluationRunId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const got = await get(`/service-targets/${created.body.id}`, 'staffA');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ code: 'TEST_RULE_X', duration: { value: 30, unit: 'calendar_days' }, isDefault: false });
    expect(got.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const run = await get(`/reevaluation-runs/${created.body.reevaluationRunId}`);
    expect(run.status).toBe(200);
  });

  // Regression guard (was a bug, fixed).
  it('POST /service-targets refuses a description or note that is not text', async () => {
    const res = await post('/service-targets', rule({ code: 'TEST_RULE_DESC', description: 42, note: { a: 1 } }));
    expect(res.status).toBe(400);
  });

  it('PATCH /service-targets/:id: 403, 400, 404 and 409 where due', async () => {
    const path = `/service-targets/${ruleId}`;
    const patch = (body: unknown, who = 'admin') => t.http().patch(api(path)).set('authorization', tok[who]).send(body as object);
    expect((await patch({ version: 1, name: 'x' }, 'managerA')).status).toBe(403);
    expect((await patch({ version: 1, name: 'x' }, 'staffA')).status).toBe(403);
    for (const body of [
      { name: 'no version' },
      { version: 'one', name: 'x' },
      { version: 0, name: 'x' },
      { version: 1, code: 'RENAMED' },
      { version: 1, duration: { value: 30, unit: 'fortnights' } },
      { version: 1, fromStage: 'LANDED', toStage: 'SIGNED' },
      { version: 1, bogus: true },
      { version: 1, warn: {} },
    ]) {
      const res = await patch(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await t.http().patch(api(`/service-targets/${UNKNOWN}`)).set('authorization', tok.admin).send({ version: 1, name: 'x' })).status).toBe(404);
    expect((await t.http().patch(api('/service-targets/nope')).set('authorization', tok.admin).send({ version: 1, name: 'x' })).status).toBe(404);
    expect((await get(`/service-targets/${UNKNOWN}`)).status).toBe(404);
    expect((await get('/service-targets/nope')).status).toBe(404);
    expect((await get(`/reevaluation-runs/${UNKNOWN}`)).status).toBe(404);
    expect((await get('/reevaluation-runs/nope')).status).toBe(404);
    const [{ version }] = await t.dataSource.query(`SELECT version FROM service_target_rule WHERE id = $1`, [ruleId]);
    expect(version).toBe(1);
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('PATCH /service-targets/:id with the current version answers 200 with version 2', async () => {
    const ok = await t.http().patch(api(`/service-targets/${ruleId}`)).set('authorization', tok.admin).send({ version: 1, name: '签约到落地（改）' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: ruleId, version: 2, name: '签约到落地（改）', duration: { value: 90, unit: 'calendar_days' } });
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('PATCH /service-targets/:id with a stale version answers 409 STALE_VERSION', async () => {
    const stale = await t.http().patch(api(`/service-targets/${ruleId}`)).set('authorization', tok.admin).send({ version: 7, name: '签约到落地（改）' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  it('GET/PUT /calendar/:year: 404 for a bad year, 403 for non-admins, 400 per bad field, 409 without the version', async () => {
    const list = await get('/calendar', 'staffA');
    expect(list.status).toBe(200);
    expect(list.body.map((y: { year: number }) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect((await get('/calendar/abc')).status).toBe(404);
    expect((await get('/calendar/2027.5')).status).toBe(404);
    expect((await get('/calendar/1989')).status).toBe(404);
    const y2026 = (await get('/calendar/2026')).body;
    expect(y2026).toMatchObject({ year: 2026, version: 1 });
    expect(y2026.workdays).toContain('2026-10-10');

    const put = (year: string | number, body: unknown, who = 'admin') => t.http().put(api(`/calendar/${year}`)).set('authorization', tok[who]).send(body as object);
    const good = { holidays: y2026.holidays, workdays: y2026.workdays, version: 1 };
    expect((await put(2026, good, 'managerA')).status).toBe(403);
    expect((await put(2026, good, 'director')).status).toBe(403);
    const missingVersion = await put(2026, { holidays: y2026.holidays, workdays: y2026.workdays });
    expect(missingVersion.status).toBe(409);
    expect(missingVersion.body.code).toBe('STALE_VERSION');
    const bad: [string | number, Record<string, unknown>, string][] = [
      [2026, { ...good, workdays: [...y2026.workdays, '2026-06-17'] }, 'workdays'], // a Wednesday as a make-up workday
      [2026, { ...good, workdays: [...y2026.workdays, '2026-06-20'] }, 'workdays'], // both a holiday and a workday
      [2026, { ...good, holidays: [...y2026.holidays, '2027-01-01'] }, `holidays[${y2026.holidays.length}]`],
      [2026, { ...good, holidays: [...y2026.holidays, '2026-02-30'] }, `holidays[${y2026.holidays.length}]`],
      [2026, { ...good, holidays: [...y2026.holidays, '2026-01-01'] }, `holidays[${y2026.holidays.length}]`],
      [2026, { ...good, holidays: '2026-01-01' }, 'holidays'],
      [2026, { ...good, version: 'v1' }, 'version'],
      [2026, { ...good, source: 42 }, 'source'],
      [2026, { ...good, colour: 'red' }, 'colour'],
      [2026, { ...good, year: 2025 }, 'year'],
      [1900, { holidays: [], workdays: [] }, 'year'],
      [2101, { holidays: [], workdays: [] }, 'year'],
    ];
    for (const [year, body, field] of bad) {
      const res = await put(year, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await put('abc', good)).status).toBe(404);
    expect((await get('/calendar/2026')).body).toMatchObject({ version: 1, workdays: y2026.workdays, holidays: y2026.holidays });
    expect((await get('/calendar/1900')).status).toBe(404);
  });

  it('PUT /calendar/:year creates a year that has no data', async () => {
    const res = await t.http().put(api('/calendar/2031')).set('authorization', tok.admin)
      .send({ holidays: ['2031-01-01'], workdays: [], source: '测试通知' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2031, holidays: ['2031-01-01'], workdays: [], version: 1, reevaluationRunId: expect.any(String) });
    expect((await get('/calendar/2031')).body).toMatchObject({ year: 2031, version: 1, source: '测试通知' });
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('PUT /calendar/:year with a stale version answers 409', async () => {
    const stale = await t.http().put(api('/calendar/2031')).set('authorization', tok.admin).send({ holidays: ['2031-01-01', '2031-01-03'], workdays: [], version: 99 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('PUT /calendar/:year with the current version answers the new year at version 2', async () => {
    const ok = await t.http().put(api('/calendar/2031')).set('authorization', tok.admin).send({ holidays: ['2031-01-01', '2031-01-02'], workdays: [], version: 1 });
    expect(ok.status).toBe(200);
    expect((await get('/calendar/2031')).body).toMatchObject({ version: 2, holidays: ['2031-01-01', '2031-01-02'] });
    expect(ok.body).toMatchObject({ year: 2031, version: 2, holidays: ['2031-01-01', '2031-01-02'] });
  });

  it('alerts, deadlines and notifications: 400 for malformed queries and bodies, 404 for unknown ids, 422 for an unknown unit', async () => {
    for (const q of ['status=CLOSED', 'level=RED', 'pageSize=0', 'pageSize=201', 'page=0', 'page=x', 'unitId=abc', 'projectId=abc', 'assigneeId=1', 'sort=level']) {
      const res = await get(`/alerts?${q}`, 'managerA');
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
    const unknownUnit = await get(`/alerts?unitId=${UNKNOWN}`);
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.code).toBe('INVALID_REFERENCE');
    for (const path of [`/alerts/${UNKNOWN}`, '/alerts/abc', `/projects/${UNKNOWN}/deadlines`, '/projects/abc/deadlines']) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 404 });
    }
    for (const action of ['acknowledge', 'assign', 'comments', 'resolve']) {
      const body = { plan: 'p', nextReviewDate: '2099-01-01', userId: users.staffA.id, text: 't', reason: 'r' };
      const valid = action === 'acknowledge' ? { plan: 'p', nextReviewDate: '2099-01-01' } : action === 'assign' ? { userId: users.staffA.id } : action === 'comments' ? { text: 't' } : { reason: 'r' };
      expect({ action, status: (await post(`/alerts/${UNKNOWN}/${action}`, valid)).status }).toEqual({ action, status: 404 });
      expect({ action, status: (await post(`/alerts/abc/${action}`, valid)).status }).toEqual({ action, status: 404 });
      // Every field of every action at once is an unknown field for three of them.
      expect({ action, status: (await post(`/alerts/${A.A7}/${action}`, body)).status }).toEqual({ action, status: 400 });
    }
    for (const body of [{ ids: ['x'] }, { ids: 'all' }, { all: true }]) {
      expect((await post('/notifications/read', body, 'staffA')).status).toBe(400);
    }
    expect((await get('/notifications?pageSize=500', 'staffA')).status).toBe(400);
    expect((await t.http().get(api('/alerts'))).status).toBe(401);
    expect((await t.http().get(api('/notifications'))).status).toBe(401);
    expect((await t.http().get(api('/calendar'))).status).toBe(401);
    expect((await t.http().get(api('/service-targets'))).status).toBe(401);
    expect((await t.http().post(api(`/alerts/${A.A7}/resolve`)).send({ reason: 'r' })).status).toBe(401);
    expect((await alertRow(A.A7)).status).toBe('OPEN');
  });

  it('stage transitions: a move back before the current stage, a stale version and bad values are refused', async () => {
    const landed = await post(`/projects/${P.A7}/stage-transitions`, { toStage: 'LANDED', effectiveDate: addDays(today, -5), note: '落地', version: 1 }, 'staffA');
    expect(landed.status).toBe(201);
    const back = (o: Record<string, unknown>, who: string) =>
      post(`/projects/${P.A7}/stage-transitions`, { toStage: 'SIGNED', effectiveDate: today, version: 2, ...o }, who);
    const staffBack = await back({ note: '更正' }, 'staffA');
    expect(staffBack.status).toBe(403);
    expect(staffBack.body.code).toBe('CORRECTION_NOT_ALLOWED');
    const noReason = await back({}, 'managerA');
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const stale = await back({ toStage: 'PRE_CONSTRUCTION', version: 1 }, 'staffA');
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const beforeStage = await back({ toStage: 'PRE_CONSTRUCTION', effectiveDate: addDays(today, -6) }, 'staffA');
    expect(beforeStage.status).toBe(422);
    expect(beforeStage.body.code).toBe('EFFECTIVE_DATE_BEFORE_CURRENT_STAGE');
    const future = await back({ toStage: 'PRE_CONSTRUCTION', effectiveDate: addDays(today, 1) }, 'staffA');
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('EFFECTIVE_DATE_IN_FUTURE');
    expect((await back({ toStage: 'BUILT' }, 'staffA')).status).toBe(400);
    expect((await back({ toStage: 'PRE_CONSTRUCTION', effectiveDate: '2026-13-01' }, 'staffA')).status).toBe(400);
    const history = await get(`/projects/${P.A7}/history`);
    expect(history.body.items.map((h: { toStage: string }) => h.toStage)).toEqual(['SIGNED', 'LANDED']);
    // And the landing resolved A7's alert.
    await waitFor(() => alertRow(A.A7), (a) => a.status === 'RESOLVED', { what: 'A7 resolved after LANDED' });
    expect(await alertRow(A.A7)).toMatchObject({ resolution: 'MET' });
  });
});
