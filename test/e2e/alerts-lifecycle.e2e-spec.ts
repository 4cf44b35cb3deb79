/**
 * Alert lifecycle through the real API and the real worker (BullMQ on real Redis, own queue prefix):
 * a project signed in the past gets an alert at the right level within seconds, with an explanation that
 * cites its dates; recording the milestone resolves it automatically; levels rise on the same alert
 * (黄灯 → 红灯 → 督办) and each notice goes out once per (user, alert, level): staff of the unit at 黄灯,
 * its managers too at 红灯, directors too at 督办.
 *
 * Rule under test (inserted here, not the seeds): SIGNED_TO_LANDED, 90 calendar days, warning at 80 %
 * (day 72), escalation 30 days after the due date. So for a project signed D days ago:
 *   D ≤ 71 → none, 72..90 → WARNING, 91..120 → OVERDUE, ≥ 121 → ESCALATED.
 */
import { jest } from '@jest/globals';
import type { UnitEntity, UserEntity } from '#persistence';
import { buildProjectBody } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import {
  cleanUp,
  daysAfter,
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

let t: TestApp;
let worker: TestWorker;
let unitA: UnitEntity;
const users: Record<string, UserEntity> = {};
const tokens: Record<string, string> = {};
const today = shanghaiToday();

interface AlertItem {
  id: string;
  level: string;
  status: string;
  deadline: { id: string; key: string; dueDate: string; status: string; explanation: { zh: string; en: string } };
  resolution: { kind: string; reason: string } | null;
}

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  const city = await insertUnit(t.dataSource, { nameZh: '生命周期市' });
  unitA = await insertUnit(t.dataSource, { parent: city, nameZh: '甲区' });
  const unitB = await insertUnit(t.dataSource, { parent: city, nameZh: '乙区' });
  const spec: [string, UnitEntity, 'staff' | 'manager' | 'director' | 'admin' | 'viewer', boolean?][] = [
    ['staffA', unitA, 'staff'],
    ['managerA', unitA, 'manager'],
    ['viewerA', unitA, 'viewer'],
    ['inactiveStaffA', unitA, 'staff', false],
    ['staffB', unitB, 'staff'],
    ['managerB', unitB, 'manager'],
    ['director', city, 'director'],
    ['admin', city, 'admin'],
  ];
  for (const [name, unit, role, active] of spec) {
    users[name] = await insertUser(t.dataSource, unit, role, { username: `lc-${name.toLowerCase()}`, active: active ?? true });
    if (active !== false) tokens[name] = await t.login(`lc-${name.toLowerCase()}`);
  }
  await insertSeedCalendars(t.dataSource);
  await insertRules(t.dataSource, [
    serviceTarget('SIGNED_TO_LANDED', 'SIGNED', 'LANDED', 90),
    serviceTarget('LANDED_TO_CONSTRUCTION', 'LANDED', 'UNDER_CONSTRUCTION', 60),
  ]);
  worker = await startWorker(t.config);
}, 60_000);

afterAll(() =>
  cleanUp(
    () => worker?.close(),
    () => t?.close(),
    () => deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix),
  ), 30_000);

async function createProject(daysAgo: number, name: string): Promise<{ id: string; signed: string }> {
  const signed = addDays(today, -daysAgo);
  const res = await t.http().post(api('/projects')).set('authorization', tokens.staffA).send(buildProjectBody(unitA, { nameZh: name, stageDate: signed }));
  if (res.status !== 201) throw new Error(`create project: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, signed };
}

async function alertsOf(projectId: string, token = tokens.admin): Promise<AlertItem[]> {
  const res = await t.http().get(api(`/alerts?projectId=${projectId}&pageSize=50`)).set('authorization', token);
  if (res.status !== 200) throw new Error(`list alerts: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

async function deadlinesOf(projectId: string) {
  const res = await t.http().get(api(`/projects/${projectId}/deadlines`)).set('authorization', tokens.admin);
  if (res.status !== 200) throw new Error(`deadlines: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as { key: string; status: string; level: string; dueDate: string; startDate: string; metDate: string | null; ruleVersion: number; explanation: { zh: string; en: string } }[];
}

/** Notices of one alert as "user:level", sorted. */
async function noticesOf(alertId: string): Promise<string[]> {
  const rows: { username: string; level: string }[] = await t.dataSource.query(
    `SELECT u.username, n.level FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.alert_id = $1`,
    [alertId],
  );
  return rows.map((r) => `${r.username}:${r.level}`).sort();
}

const u = (name: string) => `lc-${name.toLowerCase()}`;

describe('a project signed in the past', () => {
  let project: { id: string; signed: string };
  let alert: AlertItem;

  it('gets a 红灯 OVERDUE alert within seconds of its creation, explained with its dates', async () => {
    project = await createProject(100, '生命周期红灯项目');
    const S = project.signed;
    const started = Date.now();
    [alert] = await waitFor(() => alertsOf(project.id), (a) => a.length === 1, { timeout: 10_000, what: 'the OVERDUE alert' });
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(10_000);
    expect(alert).toMatchObject({
      level: 'OVERDUE',
      status: 'OPEN',
      resolution: null,
      deadline: { key: 'SIGNED_TO_LANDED', dueDate: addDays(S, 90), status: 'OVERDUE' },
    });
    expect(alert.deadline.explanation.zh).toContain(`签约 ${S} 起 90 个自然日，应于 ${addDays(S, 90)} 前落地`);
    expect(alert.deadline.explanation.zh).toContain(`${addDays(S, 72)} 起黄灯，${addDays(S, 91)} 起红灯，${addDays(S, 121)} 起督办`);
    expect(alert.deadline.explanation.en).toContain(`90 calendar days from signing on ${S}: landing due by ${addDays(S, 90)}`);

    const detail = await t.http().get(api(`/alerts/${alert.id}`)).set('authorization', tokens.staffA);
    expect(detail.status).toBe(200);
    // Levels are dated when the clock crossed them: a project entered already red shows its 黄灯 too.
    expect(detail.body.levelHistory.map((h: { level: string }) => h.level)).toEqual(['WARNING', 'OVERDUE']);
    expect(detail.body.comments).toEqual([]);
    expect(detail.body.project).toMatchObject({ id: project.id, nameZh: '生命周期红灯项目' });
    expect(detail.body.deadline.explanation.zh).toContain(`应于 ${addDays(S, 90)} 前落地`);
  });

  it('notifies the staff and the managers of the unit at 红灯, nobody else', async () => {
    // The notices are written in the same transaction as the alert.
    expect(await noticesOf(alert.id)).toEqual([`${u('managerA')}:OVERDUE`, `${u('staffA')}:OVERDUE`].sort());
    const mine = await t.http().get(api('/notifications')).set('authorization', tokens.managerA);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    expect(mine.body.items[0]).toMatchObject({ level: 'OVERDUE', title: '【红灯】生命周期红灯项目', readAt: null });
    expect(mine.body.items[0].alertId).toBe(alert.id);
    for (const name of ['staffB', 'managerB', 'director', 'admin', 'viewerA']) {
      const res = await t.http().get(api('/notifications')).set('authorization', tokens[name]);
      expect({ name, total: res.body.total }).toEqual({ name, total: 0 });
    }
  });

  it('auto-resolves the alert (MET) within ~2 s of recording LANDED, and the deadline shows MET_LATE', async () => {
    const S = project.signed;
    const move = await t.http().post(api(`/projects/${project.id}/stage-transitions`)).set('authorization', tokens.staffA)
      .send({ toStage: 'LANDED', effectiveDate: today, note: '已落地', version: 1 });
    expect(move.status).toBe(201);
    const started = Date.now();
    const [resolved] = await waitFor(() => alertsOf(project.id), (a) => a.length === 1 && a[0].status === 'RESOLVED', {
      timeout: 3_000,
      interval: 50,
      what: 'the alert to resolve after LANDED',
    });
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(3_000);
    expect(resolved.id).toBe(alert.id);
    expect(resolved.resolution).toMatchObject({ kind: 'MET' });

    const deadlines = await deadlinesOf(project.id);
    const landed = deadlines.find((d) => d.key === 'SIGNED_TO_LANDED');
    expect(landed).toMatchObject({ status: 'MET_LATE', level: 'NONE', metDate: today, dueDate: addDays(S, 90), startDate: S });
    expect(landed!.explanation.zh).toContain(`已于 ${today} 落地，逾期 10 天`);
    // Landing starts the next stage's clock.
    expect(deadlines.find((d) => d.key === 'LANDED_TO_CONSTRUCTION')).toMatchObject({
      status: 'ON_TRACK', level: 'NONE', startDate: today, dueDate: addDays(today, 60),
    });
    const open = (await alertsOf(project.id)).filter((a) => a.status !== 'RESOLVED');
    expect(open).toEqual([]);
  });
});

describe('a cancelled project', () => {
  it('cancels its clocks and resolves its alert (CANCELLED) at once', async () => {
    const p = await createProject(95, '终止项目');
    const [alert] = await waitFor(() => alertsOf(p.id), (a) => a.length === 1, { what: 'the OVERDUE alert' });
    expect(alert.level).toBe('OVERDUE');
    const res = await t.http().post(api(`/projects/${p.id}/stage-transitions`)).set('authorization', tokens.managerA)
      .send({ toStage: 'CANCELLED', effectiveDate: today, note: '企业撤资，项目终止', version: 1 });
    expect(res.status).toBe(201);
    const [resolved] = await waitFor(() => alertsOf(p.id), (a) => a[0]?.status === 'RESOLVED', { timeout: 3_000, interval: 50, what: 'the alert to resolve' });
    expect(resolved).toMatchObject({ id: alert.id, resolution: { kind: 'CANCELLED' } });
    const d = (await deadlinesOf(p.id)).find((x) => x.key === 'SIGNED_TO_LANDED')!;
    expect(d).toMatchObject({ status: 'CANCELLED', level: 'NONE', dueDate: addDays(p.signed, 90) });
    expect(d.explanation.zh).toContain(`项目已于 ${today} 终止，时限取消`);
  });
});

describe('levels by elapsed time (90-day target: warning from day 72, overdue after day 90, escalated after day 120)', () => {
  const cases: [number, string | null, string[]][] = [
    [71, null, []],
    [72, 'WARNING', ['staffA']],
    [90, 'WARNING', ['staffA']],
    [91, 'OVERDUE', ['staffA', 'managerA']],
    [120, 'OVERDUE', ['staffA', 'managerA']],
    [121, 'ESCALATED', ['staffA', 'managerA', 'director']],
  ];
  const created: Record<number, { id: string; signed: string }> = {};

  beforeAll(async () => {
    for (const [days] of cases) created[days] = await createProject(days, `签约${days}天项目`);
  });

  it.each(cases)('signed %i days ago → %s, notices to %j', async (days, level, recipients) => {
    const p = created[days];
    // Wait until the worker has materialised the clock, then look at the alert.
    const [d] = await waitFor(
      async () => (await deadlinesOf(p.id)).filter((x) => x.key === 'SIGNED_TO_LANDED'),
      (x) => x.length === 1 && x[0].level === (level ?? 'NONE'),
      { timeout: 10_000, what: `the SIGNED_TO_LANDED deadline of the project signed ${days} days ago at ${level ?? 'NONE'}` },
    );
    expect(d.dueDate).toBe(addDays(p.signed, 90));
    const alerts = await alertsOf(p.id);
    if (level === null) {
      expect(alerts).toEqual([]);
      return;
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level, status: 'OPEN' });
    expect(await noticesOf(alerts[0].id)).toEqual(recipients.map((r) => `${u(r)}:${level}`).sort());
  });

  it('re-evaluating again and again (jobs, direct calls, sweeps) creates no second alert, level row or notice', async () => {
    const ids = Object.values(created).map((p) => p.id);
    const counts = async () => {
      const [row] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM alert WHERE project_id = ANY($1::uuid[])) AS alerts,
                (SELECT count(*)::int FROM alert_level_history h JOIN alert a ON a.id = h.alert_id WHERE a.project_id = ANY($1::uuid[])) AS levels,
                (SELECT count(*)::int FROM notification n JOIN alert a ON a.id = n.alert_id WHERE a.project_id = ANY($1::uuid[])) AS notices`,
        [ids],
      );
      return row;
    };
    // 5 alerts (72, 90, 91, 120, 121 days); a level row for every level crossed: 1 + 1 + 2 + 2 + 3;
    // notices for the current level only: 1 + 1 + 2 + 2 + 3.
    expect(await counts()).toEqual({ alerts: 5, levels: 9, notices: 9 });
    for (let i = 0; i < 3; i++) {
      await Promise.all([worker.evaluator.reevaluateProjects(ids), worker.evaluator.sweep(), worker.evaluator.reevaluateProjects([...ids].reverse())]);
    }
    // And through the queue: mark every project and let the worker's jobs run.
    await t.dataSource.query(`UPDATE project SET reevaluate_requested_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
    await worker.evaluator.sweep();
    await waitFor(() => t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE reevaluate_requested_at IS NOT NULL`), (r) => r[0].n === 0);
    expect(await counts()).toEqual({ alerts: 5, levels: 9, notices: 9 });
  });
});

describe('notices (the bell)', () => {
  it('lists a user’s notices and marks them read; users outside the unit get none', async () => {
    const unread = await t.http().get(api('/notifications?unread=true&pageSize=200')).set('authorization', tokens.managerA);
    expect(unread.status).toBe(200);
    // The manager is told of 红灯 and 督办 only: the lifecycle project (100 days) and the cancelled one (95 days), both
    // resolved since, and the projects signed 91, 120 and 121 days ago.
    const titles = unread.body.items.map((n: { title: string }) => n.title).sort();
    expect(titles).toEqual(['【督办】签约121天项目', '【红灯】生命周期红灯项目', '【红灯】终止项目', '【红灯】签约120天项目', '【红灯】签约91天项目'].sort());
    expect(unread.body).toMatchObject({ total: 5, unread: 5 });
    const [first, second] = unread.body.items.map((n: { id: string }) => n.id);
    expect((await t.http().post(api('/notifications/read')).set('authorization', tokens.managerA).send({ ids: [first] })).status).toBe(200);
    const afterOne = await t.http().get(api('/notifications?unread=true')).set('authorization', tokens.managerA);
    expect(afterOne.body.items.map((n: { id: string }) => n.id)).not.toContain(first);
    expect(afterOne.body.unread).toBe(4);
    // Someone else's notice id marks nothing.
    await t.http().post(api('/notifications/read')).set('authorization', tokens.staffB).send({ ids: [second] });
    expect((await t.http().get(api('/notifications?unread=true')).set('authorization', tokens.managerA)).body.unread).toBe(4);
    // No ids: all of mine.
    expect((await t.http().post(api('/notifications/read')).set('authorization', tokens.managerA).send({})).status).toBe(200);
    const after = await t.http().get(api('/notifications')).set('authorization', tokens.managerA);
    expect(after.body).toMatchObject({ total: 5, unread: 0 });
    expect(after.body.items.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
    expect((await t.http().get(api('/notifications')).set('authorization', tokens.staffB)).body.total).toBe(0);
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('answers how many notices it marked', async () => {
    const mine = await t.http().get(api('/notifications')).set('authorization', tokens.staffA);
    const ids = mine.body.items.map((n: { id: string }) => n.id);
    expect(ids.length).toBeGreaterThan(1);
    const foreign = await t.http().post(api('/notifications/read')).set('authorization', tokens.staffB).send({ ids: [ids[0]] });
    expect(foreign.body).toEqual({ marked: 0 });
    const one = await t.http().post(api('/notifications/read')).set('authorization', tokens.staffA).send({ ids: [ids[0]] });
    expect(one.body).toEqual({ marked: 1 });
    const again = await t.http().post(api('/notifications/read')).set('authorization', tokens.staffA).send({ ids: [ids[0]] });
    expect(again.body).toEqual({ marked: 0 });
    const rest = await t.http().post(api('/notifications/read')).set('authorization', tokens.staffA).send({});
    expect(rest.body).toEqual({ marked: mine.body.unread - 1 });
  });
});

describe('one alert rises 黄灯 → 红灯 → 督办 as time passes', () => {
  it('re-evaluated at later instants, the same alert rises, each level is recorded once and each recipient notified once per level', async () => {
    const p = await createProject(75, '逐级升级项目');
    const S = p.signed;
    const [warning] = await waitFor(() => alertsOf(p.id), (a) => a.length === 1, { what: 'the WARNING alert' });
    expect(warning).toMatchObject({ level: 'WARNING', status: 'OPEN', deadline: { dueDate: addDays(S, 90) } });
    const now = new Date();

    // 20 days later: day 95 of 90 → 红灯.
    await worker.evaluator.reevaluateProjects([p.id], daysAfter(now, 20));
    let [a] = await alertsOf(p.id);
    expect(a).toMatchObject({ id: warning.id, level: 'OVERDUE', status: 'OPEN' });

    // 50 days later: day 125, more than 30 days overdue → 督办.
    await worker.evaluator.reevaluateProjects([p.id], daysAfter(now, 50));
    [a] = await alertsOf(p.id);
    expect(a).toMatchObject({ id: warning.id, level: 'ESCALATED', status: 'OPEN' });

    // Again and again, at an earlier and a later instant, and concurrently.
    for (let i = 0; i < 2; i++) {
      await Promise.all([
        worker.evaluator.reevaluateProjects([p.id], daysAfter(now, 50)),
        worker.evaluator.reevaluateProjects([p.id], daysAfter(now, 20)),
        worker.evaluator.sweep(daysAfter(now, 50)),
      ]);
      await worker.evaluator.reevaluateProjects([p.id], daysAfter(now, 50));
    }
    const all = await alertsOf(p.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: warning.id, level: 'ESCALATED' });

    const detail = await t.http().get(api(`/alerts/${warning.id}`)).set('authorization', tokens.director);
    expect(detail.status).toBe(200);
    expect(detail.body.levelHistory.map((h: { level: string }) => h.level)).toEqual(['WARNING', 'OVERDUE', 'ESCALATED']);
    expect(await noticesOf(warning.id)).toEqual(
      [
        `${u('staffA')}:WARNING`,
        `${u('staffA')}:OVERDUE`,
        `${u('managerA')}:OVERDUE`,
        `${u('staffA')}:ESCALATED`,
        `${u('managerA')}:ESCALATED`,
        `${u('director')}:ESCALATED`,
      ].sort(),
    );
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('the sweep alone raises the level of an open alert (黄灯 → 红灯 → 督办) and notifies the new recipients', async () => {
    const p = await createProject(74, '扫描升级项目');
    const [warning] = await waitFor(() => alertsOf(p.id), (a) => a.length === 1, { what: 'the WARNING alert' });
    expect(warning.level).toBe('WARNING');
    const now = new Date();
    await worker.evaluator.sweep(daysAfter(now, 20));
    let [a] = await alertsOf(p.id);
    expect(a).toMatchObject({ id: warning.id, level: 'OVERDUE', status: 'OPEN' });
    await worker.evaluator.sweep(daysAfter(now, 50));
    [a] = await alertsOf(p.id);
    expect(a).toMatchObject({ id: warning.id, level: 'ESCALATED', status: 'OPEN' });
    expect(await noticesOf(warning.id)).toContain(`${u('director')}:ESCALATED`);
  });
});
