/**
 * Deadline policy through the API and the real worker: holds pause clocks and shift due dates by the paused
 * length (calendar days for calendar-day rules, working days for working-day rules); a rule edit re-evaluates
 * open clocks while met or breached clocks keep the rule version that judged them; a re-evaluation run shows
 * its progress until DONE; a calendar change re-evaluates working-day clocks.
 *
 * Rules (inserted here): SIGNED_TO_LANDED 90 calendar days (warning at 80 %, escalation 30 days after due) and
 * SIGNED_TO_PRECON_WD, SIGNED → PRE_CONSTRUCTION in 60 working days (warning 5 working days before, escalation 10).
 * Working days are counted by the test's own calendar (test/utils/deadline-fixtures.ts TestCalendar) from the
 * same seed files the database gets.
 */
import { jest } from '@jest/globals';
import type { UnitEntity } from '#persistence';
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
  TestCalendar,
  waitFor,
  type RuleDef,
  type SeedCalendarYear,
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
let seedYears: SeedCalendarYear[];
let cal: TestCalendar;
let ruleIds: Record<string, string>;
const tok: Record<string, string> = {};

const LANDED_90 = serviceTarget('SIGNED_TO_LANDED', 'SIGNED', 'LANDED', 90);
const PRECON_WD: RuleDef = serviceTarget('SIGNED_TO_PRECON_WD', 'SIGNED', 'PRE_CONSTRUCTION', 60, {
  duration: { value: 60, unit: 'working_days' },
  warn: { daysBefore: 5 },
  escalateAfterDays: 10,
});

interface DeadlineItem {
  key: string;
  status: string;
  level: string;
  ruleVersion: number;
  startDate: string;
  dueDate: string;
  pausedDays: number;
  metDate: string | null;
  nextCheckAt: string | null;
  detail: { pausedSince: string | null; missingCalendarYears: number[] };
  explanation: { zh: string; en: string };
}

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  const city = await insertUnit(t.dataSource, { nameZh: '政策市' });
  unitA = await insertUnit(t.dataSource, { parent: city, nameZh: '甲区' });
  for (const [name, unit, role] of [['staffA', unitA, 'staff'], ['managerA', unitA, 'manager'], ['admin', city, 'admin']] as const) {
    await insertUser(t.dataSource, unit, role, { username: `dp-${name.toLowerCase()}` });
    tok[name] = await t.login(`dp-${name.toLowerCase()}`);
  }
  seedYears = await insertSeedCalendars(t.dataSource);
  cal = new TestCalendar(seedYears);
  ruleIds = await insertRules(t.dataSource, [LANDED_90, PRECON_WD]);
  worker = await startWorker(t.config);
}, 60_000);

afterAll(() =>
  cleanUp(
    () => worker?.close(),
    () => t?.close(),
    () => deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix),
  ), 30_000);

async function createProject(signed: string, name: string): Promise<string> {
  const res = await t.http().post(api('/projects')).set('authorization', tok.staffA).send(buildProjectBody(unitA, { nameZh: name, stageDate: signed }));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function move(id: string, toStage: string, effectiveDate: string, version: number, note = '测试') {
  const res = await t.http().post(api(`/projects/${id}/stage-transitions`)).set('authorization', tok.managerA).send({ toStage, effectiveDate, note, version });
  if (res.status !== 201) throw new Error(`move ${toStage}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function deadlines(id: string): Promise<Record<string, DeadlineItem>> {
  const res = await t.http().get(api(`/projects/${id}/deadlines`)).set('authorization', tok.staffA);
  if (res.status !== 200) throw new Error(`deadlines: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.fromEntries((res.body.items as DeadlineItem[]).map((d) => [d.key, d]));
}

const waitDeadlines = (id: string, done: (d: Record<string, DeadlineItem>) => boolean, what: string) =>
  waitFor(() => deadlines(id), done, { timeout: 10_000, what });

const alertsOf = async (projectId: string) =>
  (await t.http().get(api(`/alerts?projectId=${projectId}`)).set('authorization', tok.managerA)).body.items as {
    id: string;
    level: string;
    status: string;
    deadline: { key: string };
  }[];

/** Every project re-evaluated (no marks left). */
const settled = () =>
  waitFor(() => t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE reevaluate_requested_at IS NOT NULL`), (r) => r[0].n === 0, {
    what: 'no project left to re-evaluate',
  });

describe('holds (停缓建)', () => {
  const S = addDays(today, -60);
  const H1 = addDays(today, -50);
  const H2 = addDays(today, -30);
  let id: string;

  it('a fresh project has both clocks running from its signing date', async () => {
    id = await createProject(S, '停缓建项目');
    const d = await waitDeadlines(id, (x) => !!x.SIGNED_TO_LANDED && !!x.SIGNED_TO_PRECON_WD, 'both clocks');
    expect(d.SIGNED_TO_LANDED).toMatchObject({ status: 'ON_TRACK', level: 'NONE', startDate: S, dueDate: addDays(S, 90), pausedDays: 0 });
    // About 42 of 60 working days have passed: no warning yet (5 working days before due).
    expect(d.SIGNED_TO_PRECON_WD).toMatchObject({ status: 'ON_TRACK', level: 'NONE', startDate: S, dueDate: cal.addWorkingDays(S, 60), pausedDays: 0 });
  });

  it('while ON_HOLD every open clock is PAUSED, with no next check', async () => {
    await move(id, 'ON_HOLD', H1, 1, '资金未到位，停缓建');
    const d = await waitDeadlines(id, (x) => x.SIGNED_TO_LANDED?.status === 'PAUSED', 'SIGNED_TO_LANDED PAUSED');
    for (const key of ['SIGNED_TO_LANDED', 'SIGNED_TO_PRECON_WD']) {
      expect(d[key]).toMatchObject({ status: 'PAUSED', nextCheckAt: null, detail: expect.objectContaining({ pausedSince: H1 }) });
      expect(d[key].explanation.zh).toContain(`项目自 ${H1} 起停缓建，时限暂停`);
    }
    expect(await alertsOf(id)).toEqual([]);
  });

  it('on resume after 20 days, the calendar-day due date moves 20 days later and the working-day one by the working days paused', async () => {
    await move(id, 'SIGNED', H2, 2, '资金到位，复工');
    const d = await waitDeadlines(id, (x) => x.SIGNED_TO_LANDED?.status === 'ON_TRACK', 'SIGNED_TO_LANDED running again');
    expect(d.SIGNED_TO_LANDED).toMatchObject({ status: 'ON_TRACK', level: 'NONE', startDate: S, dueDate: addDays(S, 110), pausedDays: 20 });
    expect(d.SIGNED_TO_LANDED.explanation.zh).toContain(`签约 ${S} 起 90 个自然日，暂停 20 天，应于 ${addDays(S, 110)} 前落地`);
    expect(d.SIGNED_TO_LANDED.explanation.en).toContain('paused 20 days');
    const paused = cal.workingDaysIn(H1, H2);
    expect(paused).toBeGreaterThan(8); // 20 calendar days hold at least 12 weekdays, minus holidays
    expect(d.SIGNED_TO_PRECON_WD).toMatchObject({
      startDate: S,
      pausedDays: paused,
      dueDate: cal.addWorkingDays(cal.addWorkingDays(S, 60), paused),
      status: 'ON_TRACK',
    });
    expect(d.SIGNED_TO_PRECON_WD.explanation.zh).toContain(`暂停 ${paused} 个工作日`);
  });

  it('a hold freezes an open alert at its level (red stays red, not resolved, not raised)', async () => {
    const red = await createProject(addDays(today, -100), '停缓建红灯项目');
    // Both clocks are overdue after 100 days (90 calendar days; 60 working days).
    const alerts = await waitFor(() => alertsOf(red), (a) => a.length === 2, { what: 'the two OVERDUE alerts' });
    const alert = alerts.find((a) => a.deadline.key === 'SIGNED_TO_LANDED')!;
    expect(alert.level).toBe('OVERDUE');
    await move(red, 'ON_HOLD', today, 1, '环评未批');
    const d = await waitDeadlines(red, (x) => x.SIGNED_TO_LANDED?.status === 'PAUSED', 'PAUSED');
    expect(d.SIGNED_TO_LANDED).toMatchObject({ level: 'OVERDUE', dueDate: addDays(today, -10) });
    expect(d.SIGNED_TO_LANDED.explanation.zh).toContain('暂停前已红灯');
    // Sixty days later, still on hold: nothing moves.
    await worker.evaluator.reevaluateProjects([red], new Date(Date.now() + 60 * 86_400_000));
    expect((await deadlines(red)).SIGNED_TO_LANDED).toMatchObject({ status: 'PAUSED', level: 'OVERDUE' });
    const after = await alertsOf(red);
    expect(after).toHaveLength(2);
    expect(after.find((a) => a.deadline.key === 'SIGNED_TO_LANDED')).toMatchObject({ id: alert.id, level: 'OVERDUE', status: 'OPEN' });
  });
});

describe('a rule edit re-evaluates the projects it touches', () => {
  const S_open = addDays(today, -50);
  const S_old = addDays(today, -100);
  const P: Record<string, string> = {};

  beforeAll(async () => {
    P.open = await createProject(S_open, '规则变更-进行中');
    P.met = await createProject(S_old, '规则变更-已按期落地');
    P.breached = await createProject(S_old, '规则变更-已逾期');
    await move(P.met, 'LANDED', addDays(S_old, 80), 1, '落地');
    await waitDeadlines(P.met, (x) => x.SIGNED_TO_LANDED?.status === 'MET', 'MET');
    await waitDeadlines(P.breached, (x) => x.SIGNED_TO_LANDED?.status === 'OVERDUE', 'OVERDUE');
    await waitDeadlines(P.open, (x) => x.SIGNED_TO_LANDED?.status === 'ON_TRACK', 'ON_TRACK');
    await settled();
  });

  it('before the edit, every clock runs under version 1 of the 90-day rule', async () => {
    expect((await deadlines(P.open)).SIGNED_TO_LANDED).toMatchObject({ ruleVersion: 1, dueDate: addDays(S_open, 90), level: 'NONE' });
    expect((await deadlines(P.met)).SIGNED_TO_LANDED).toMatchObject({ ruleVersion: 1, dueDate: addDays(S_old, 90), status: 'MET', metDate: addDays(S_old, 80) });
    expect((await deadlines(P.breached)).SIGNED_TO_LANDED).toMatchObject({ ruleVersion: 1, dueDate: addDays(S_old, 90), status: 'OVERDUE' });
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('PATCH /service-targets/:id writes version 2 and answers a re-evaluation run that shows progress until DONE', async () => {
    const [{ n: live }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE stage <> 'CANCELLED'`);
    expect(live).toBe(5);
    const res = await t.http().patch(api(`/service-targets/${ruleIds.SIGNED_TO_LANDED}`)).set('authorization', tok.admin)
      .send({ version: 1, duration: { value: 60, unit: 'calendar_days' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, duration: { value: 60, unit: 'calendar_days' }, reevaluationRunId: expect.any(String) });
    const runPath = api(`/reevaluation-runs/${res.body.reevaluationRunId}`);
    const first = await t.http().get(runPath).set('authorization', tok.staffA);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: res.body.reevaluationRunId, total: live });
    expect(['RUNNING', 'DONE']).toContain(first.body.status);
    expect(first.body.done).toBeLessThanOrEqual(live);
    const done = await waitFor(async () => (await t.http().get(runPath).set('authorization', tok.staffA)).body, (r) => r.status === 'DONE', {
      what: 'the run to finish',
    });
    expect(done).toMatchObject({ total: live, done: live, pending: 0 });
    expect(done.finishedAt).not.toBeNull();
    const rule = await t.http().get(api(`/service-targets/${ruleIds.SIGNED_TO_LANDED}`)).set('authorization', tok.admin);
    expect(rule.body.versions.map((v: { version: number; definition: { duration: { value: number } } }) => [v.version, v.definition.duration.value])).toEqual([
      [2, 60],
      [1, 90],
    ]);
  });

  it('open clocks take the new duration; met and breached clocks keep the version that judged them', async () => {
    await settled();
    // Open: 60 days from signing 50 days ago → due in 10 days, warning from day 48 (2 days ago).
    expect((await deadlines(P.open)).SIGNED_TO_LANDED).toMatchObject({ ruleVersion: 2, dueDate: addDays(S_open, 60), status: 'ON_TRACK', level: 'WARNING' });
    expect(await alertsOf(P.open)).toEqual([expect.objectContaining({ level: 'WARNING', status: 'OPEN' })]);
    // Met on day 80: on time under 90 days, late under 60 — it keeps version 1 and stays MET.
    expect((await deadlines(P.met)).SIGNED_TO_LANDED).toMatchObject({ ruleVersion: 1, dueDate: addDays(S_old, 90), status: 'MET' });
    // Breached under version 1: keeps it (due S+90, not S+60).
    expect((await deadlines(P.breached)).SIGNED_TO_LANDED).toMatchObject({ ruleVersion: 1, dueDate: addDays(S_old, 90), status: 'OVERDUE' });
  });

  it('a run started by a new rule re-evaluates every project and finishes DONE', async () => {
    const [{ n: live }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE stage <> 'CANCELLED'`);
    // A rule for a unit that does not exist: it matches nothing, but every project is re-evaluated.
    const res = await t.http().post(api('/service-targets')).set('authorization', tok.admin).send({
      code: 'LANDED_TO_PRECON_NOWHERE', name: '无匹配规则', kind: 'SERVICE_TARGET', fromStage: 'LANDED', toStage: 'PRE_CONSTRUCTION',
      duration: { value: 10, unit: 'calendar_days' }, warn: { daysBefore: 2 }, escalateAfterDays: 5, filter: { unitIds: [UNKNOWN] }, active: true,
    });
    expect(res.status).toBe(201);
    const first = await t.http().get(api(`/reevaluation-runs/${res.body.reevaluationRunId}`)).set('authorization', tok.staffA);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: res.body.reevaluationRunId, total: live });
    expect(['RUNNING', 'DONE']).toContain(first.body.status);
    expect(first.body.done).toBeLessThanOrEqual(live);
    const done = await waitFor(
      async () => (await t.http().get(api(`/reevaluation-runs/${res.body.reevaluationRunId}`)).set('authorization', tok.staffA)).body,
      (r) => r.status === 'DONE',
      { what: 'the run to finish' },
    );
    expect(done).toMatchObject({ total: live, done: live, pending: 0 });
    expect(done.finishedAt).not.toBeNull();
    expect((await deadlines(P.open)).LANDED_TO_PRECON_NOWHERE).toBeUndefined();
  });
});

describe('a calendar change re-evaluates working-day clocks', () => {
  it('a new holiday inside a working-day clock moves its due date one working day later; calendar-day clocks stay', async () => {
    const S = addDays(today, -10);
    const id = await createProject(S, '工作日时限项目');
    const due = cal.addWorkingDays(S, 60);
    const before = await waitDeadlines(id, (x) => x.SIGNED_TO_PRECON_WD?.dueDate === due, `working-day due date ${due}`);
    // (SIGNED_TO_LANDED is at 60 days since the edit above.)
    expect(before.SIGNED_TO_LANDED.dueDate).toBe(addDays(S, 60));
    const dueYear = Number(due.slice(0, 4));
    const seeded = seedYears.some((y) => y.year === dueYear);
    if (!seeded) expect(before.SIGNED_TO_PRECON_WD.explanation.zh).toContain(`${dueYear} 年无法定节假日数据`);

    // A weekday working day inside the clock (not a make-up weekend day) becomes a holiday.
    let day = due;
    while (!(cal.isWorkingDay(day) && ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()))) day = addDays(day, -1);
    const year = Number(day.slice(0, 4));
    const existing = await t.http().get(api(`/calendar/${year}`)).set('authorization', tok.admin);
    const current = existing.status === 200 ? existing.body : { holidays: [], workdays: [] };
    const body = { holidays: [...current.holidays, day], workdays: current.workdays, source: '测试：临时调整', ...(existing.status === 200 ? { version: current.version } : {}) };
    const put = await t.http().put(api(`/calendar/${year}`)).set('authorization', tok.admin).send(body);
    expect(put.status).toBe(200);
    expect(put.body.reevaluationRunId).toEqual(expect.any(String));

    const changed = new TestCalendar([...seedYears.filter((y) => y.year !== year), { holidays: body.holidays, workdays: body.workdays }]);
    const newDue = changed.addWorkingDays(S, 60);
    expect(newDue > due).toBe(true);
    const after = await waitDeadlines(id, (x) => x.SIGNED_TO_PRECON_WD?.dueDate === newDue, `working-day due date ${newDue} after the calendar change`);
    expect(after.SIGNED_TO_LANDED.dueDate).toBe(addDays(S, 60));
    if (year === dueYear && !seeded) expect(after.SIGNED_TO_PRECON_WD.explanation.zh).not.toContain(`${dueYear} 年无法定节假日数据`);
    const run = await waitFor(
      async () => (await t.http().get(api(`/reevaluation-runs/${put.body.reevaluationRunId}`)).set('authorization', tok.admin)).body,
      (r) => r.status === 'DONE',
      { what: 'the calendar run to finish' },
    );
    expect(run.done).toBe(run.total);
  });
});
