/**
 * Two worker processes, concurrent sweeps and re-evaluations, and a Redis flush (DESIGN §4, issue 4):
 *   - two createWorker instances on the same queue prefix, while 50 projects are created and changed through the API
 *     and both evaluators sweep and re-evaluate in loops, leave exactly one alert per troubled deadline, one level
 *     row per alert level and one notice per (user, alert, level) — the same state one worker builds from scratch;
 *   - with the test's Redis keys deleted (never FLUSHALL: other files share the server) and changes made while Redis
 *     is empty or unreachable (the API still answers: enqueueing is best-effort), the next sweep of a fresh worker
 *     restores every alert that should exist and resolves the ones that should not.
 *
 * Rules (inserted here): SIGNED_TO_LANDED 90 and SIGNED_TO_CONSTRUCTION 180 calendar days, warning at 80 %
 * (day 72 / day 144), escalation after 30 days overdue. Project i (0..49) is signed 40 + 4·i days ago (twenty created
 * through the API, thirty written directly and queued); every fifth one lands 30 days after signing.
 */
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { JobName, JobQueue, QueueName } from '#jobs';
import type { UnitEntity } from '#persistence';
import { createApiApp } from '../../apps/api/src/app.factory.js';
import { buildProjectBody, insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import {
  cleanUp,
  deleteRedisKeys,
  insertRules,
  insertSeedCalendars,
  newQueuePrefix,
  redisKeys,
  serviceTarget,
  startWorker,
  waitFor,
  type TestWorker,
} from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, shanghaiToday } from './support.js';

jest.setTimeout(60_000);

const api = (path: string) => `/api/v1${path}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = newQueuePrefix();
const today = shanghaiToday();

let t: TestApp;
let unitA: UnitEntity;
const tok: Record<string, string> = {};
const workers: TestWorker[] = [];
const apps: NestFastifyApplication[] = [];

type Level = 'NONE' | 'WARNING' | 'OVERDUE' | 'ESCALATED';
/** Level after `d` days of a `duration`-day clock with warning at 80 % and escalation 30 days after due. */
function levelAfter(d: number, duration: number): Level {
  if (d >= duration + 31) return 'ESCALATED';
  if (d > duration) return 'OVERDUE';
  if (d >= Math.ceil(0.8 * duration)) return 'WARNING';
  return 'NONE';
}
const RECIPIENTS: Record<Exclude<Level, 'NONE'>, string[]> = {
  WARNING: ['wi-staffa'],
  OVERDUE: ['wi-managera', 'wi-staffa'],
  ESCALATED: ['wi-director', 'wi-managera', 'wi-staffa'],
};

interface Planned {
  code: string;
  days: number;
  landedAfter: number | null;
  id?: string;
}
const planned: Planned[] = Array.from({ length: 50 }, (_, i) => ({ code: `WI-${String(i).padStart(2, '0')}`, days: 40 + 4 * i, landedAfter: i % 5 === 0 ? 30 : null }));
const byCode = new Map(planned.map((p) => [p.code, p]));

/** What every deadline should be now: key `code|clock` → [status, level]. */
function expectedDeadlines(extra: Planned[] = [], landedToday: string[] = []): Record<string, [string, Level]> {
  const out: Record<string, [string, Level]> = {};
  for (const p of [...planned, ...extra]) {
    const landing = levelAfter(p.days, 90);
    if (p.landedAfter !== null) out[`${p.code}|SIGNED_TO_LANDED`] = ['MET', 'NONE'];
    else if (landedToday.includes(p.code)) out[`${p.code}|SIGNED_TO_LANDED`] = [p.days > 90 ? 'MET_LATE' : 'MET', 'NONE'];
    else out[`${p.code}|SIGNED_TO_LANDED`] = [landing === 'OVERDUE' || landing === 'ESCALATED' ? 'OVERDUE' : 'ON_TRACK', landing];
    const building = levelAfter(p.days, 180);
    out[`${p.code}|SIGNED_TO_CONSTRUCTION`] = [building === 'OVERDUE' || building === 'ESCALATED' ? 'OVERDUE' : 'ON_TRACK', building];
  }
  return out;
}

interface DeadlineState {
  key: string;
  status: string;
  level: string;
  due: string;
  /** The open alert: level, its level history, and its notices as user:level. */
  open: { level: string; history: string[]; notices: string[] } | null;
  /** Every alert ever raised for the deadline, open or resolved. */
  alerts: { status: string; resolution: string | null }[];
}

async function state(): Promise<DeadlineState[]> {
  const rows: {
    code: string; clock_key: string; status: string; level: string; due: string;
    alerts: { id: string; status: string; level: string; resolution: string | null }[] | null;
  }[] = await t.dataSource.query(`
    SELECT p.code, d.clock_key, d.status, d.level, d.due_date::text AS due,
           (SELECT json_agg(json_build_object('id', a.id, 'status', a.status, 'level', a.level, 'resolution', a.resolution) ORDER BY a.opened_at)
              FROM alert a WHERE a.deadline_id = d.id) AS alerts
      FROM deadline d JOIN project p ON p.id = d.project_id
     ORDER BY p.code, d.clock_key`);
  const history: { alert_id: string; level: string }[] = await t.dataSource.query(`SELECT alert_id, level FROM alert_level_history ORDER BY id`);
  const notices: { alert_id: string; username: string; level: string }[] = await t.dataSource.query(
    `SELECT n.alert_id, u.username, n.level FROM notification n JOIN app_user u ON u.id = n.user_id`,
  );
  return rows.map((r) => {
    const open = (r.alerts ?? []).find((a) => a.status !== 'RESOLVED');
    return {
      key: `${r.code}|${r.clock_key}`,
      status: r.status,
      level: r.level,
      due: r.due,
      open: open
        ? {
            level: open.level,
            history: history.filter((h) => h.alert_id === open.id).map((h) => h.level),
            notices: notices.filter((n) => n.alert_id === open.id).map((n) => `${n.username}:${n.level}`).sort(),
          }
        : null,
      alerts: (r.alerts ?? []).map((a) => ({ status: a.status, resolution: a.resolution })),
    };
  });
}

/** The invariants that must hold whatever ran: checked with SQL over the whole database. */
async function expectNoDuplicates() {
  const [row] = await t.dataSource.query(`
    SELECT (SELECT count(*)::int FROM (SELECT deadline_id FROM alert WHERE status <> 'RESOLVED' GROUP BY deadline_id HAVING count(*) > 1) x) AS two_open,
           (SELECT count(*)::int FROM (SELECT alert_id, level FROM alert_level_history GROUP BY alert_id, level HAVING count(*) > 1) x) AS dup_levels,
           (SELECT count(*)::int FROM (SELECT user_id, alert_id, level FROM notification GROUP BY 1, 2, 3 HAVING count(*) > 1) x) AS dup_notices,
           (SELECT count(*)::int FROM (SELECT project_id, clock_key FROM deadline GROUP BY 1, 2 HAVING count(*) > 1) x) AS dup_deadlines,
           (SELECT count(*)::int FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE a.status <> 'RESOLVED' AND d.level = 'NONE') AS open_without_trouble`);
  expect(row).toEqual({ two_open: 0, dup_levels: 0, dup_notices: 0, dup_deadlines: 0, open_without_trouble: 0 });
}

/** Every level an alert at `level` has crossed, in order (each is recorded when the clock crossed it). */
const levelsUpTo = (level: string) => ['WARNING', 'OVERDUE', 'ESCALATED'].slice(0, ['WARNING', 'OVERDUE', 'ESCALATED'].indexOf(level) + 1);

/** Compares the state with the arithmetic: each deadline's status and level, one open alert per troubled deadline at its level, its notices. */
function expectMatches(s: DeadlineState[], expected: Record<string, [string, Level]>) {
  expect(Object.fromEntries(s.map((d) => [d.key, [d.status, d.level]]))).toEqual(expected);
  for (const d of s) {
    const level = expected[d.key][1];
    const want = level === 'NONE' ? null : { level, history: levelsUpTo(level), notices: RECIPIENTS[level].map((u) => `${u}:${level}`) };
    expect({ key: d.key, open: d.open }).toEqual({ key: d.key, open: want });
    // Never a second alert for the same deadline (a resolved one included).
    expect({ key: d.key, alerts: d.alerts.length <= 1 }).toEqual({ key: d.key, alerts: true });
  }
}

/** Marks projects for re-evaluation, locking them in id order (as the evaluator does) so the test itself cannot deadlock with it. */
const markChanged = (where = 'true') =>
  t.dataSource.query(`UPDATE project SET reevaluate_requested_at = now() WHERE id IN (SELECT id FROM project WHERE ${where} ORDER BY id FOR UPDATE)`);

const settled = () =>
  waitFor(() => t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE reevaluate_requested_at IS NOT NULL`), (r) => r[0].n === 0, {
    timeout: 20_000,
    what: 'every marked project re-evaluated',
  });

/** The sweep's job schedulers as [key, pattern, tz]. */
async function sweepSchedulers(w: TestWorker) {
  const all = await w.app.get(JobQueue).queue(QueueName.Maintenance).getJobSchedulers(0, -1, true);
  return all.filter((s) => s.key.startsWith('deadlines.sweep')).map((s) => [s.key, s.pattern, s.tz]);
}

async function queueIdle(w: TestWorker) {
  const q = w.app.get(JobQueue).queue(QueueName.Deadlines);
  await waitFor(() => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized'), (c) => Object.values(c).every((n) => n === 0), {
    timeout: 20_000,
    what: 'the deadlines queue to drain',
  });
}

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  const city = await insertUnit(t.dataSource, { nameZh: '并发市' });
  unitA = await insertUnit(t.dataSource, { parent: city, nameZh: '甲区' });
  for (const [name, unit, role] of [['staffA', unitA, 'staff'], ['managerA', unitA, 'manager'], ['director', city, 'director'], ['admin', city, 'admin']] as const) {
    await insertUser(t.dataSource, unit, role, { username: `wi-${name.toLowerCase()}` });
    tok[name] = await t.login(`wi-${name.toLowerCase()}`);
  }
  await insertSeedCalendars(t.dataSource);
  await insertRules(t.dataSource, [serviceTarget('SIGNED_TO_LANDED', 'SIGNED', 'LANDED', 90), serviceTarget('SIGNED_TO_CONSTRUCTION', 'SIGNED', 'UNDER_CONSTRUCTION', 180)]);
}, 60_000);

afterAll(() =>
  cleanUp(
    ...workers.map((w) => () => w.close()),
    ...apps.map((a) => () => a.close()),
    () => t?.close(),
    () => deleteRedisKeys(REDIS_URL, prefix),
  ), 60_000);

async function createVia(http: () => ReturnType<typeof request>, p: Planned) {
  const res = await http().post(api('/projects')).set('authorization', tok.staffA)
    .send(buildProjectBody(unitA, { code: p.code, nameZh: `并发项目${p.code}`, stageDate: addDays(today, -p.days) }));
  if (res.status !== 201) throw new Error(`create ${p.code}: ${res.status} ${JSON.stringify(res.body)}`);
  p.id = res.body.id;
}

async function landVia(http: () => ReturnType<typeof request>, p: Planned, date: string, version: number) {
  const res = await http().post(api(`/projects/${p.id}/stage-transitions`)).set('authorization', tok.staffA).send({ toStage: 'LANDED', effectiveDate: date, note: '落地', version });
  if (res.status !== 201) throw new Error(`land ${p.code}: ${res.status} ${JSON.stringify(res.body)}`);
}

describe('two workers at once', () => {
  let twoWorkers: DeadlineState[];

  it('while 50 projects are created and changed, both workers sweep and re-evaluate concurrently without an error', async () => {
    const [w1, w2] = [await startWorker(t.config), await startWorker(t.config)];
    workers.push(w1, w2);
    // Both upserted the same scheduler: one 5-minute sweep in Asia/Shanghai.
    expect(await sweepSchedulers(w2)).toEqual([['deadlines.sweep.every-5-minutes', '*/5 * * * *', 'Asia/Shanghai']]);
    let stop = false;
    const errors: unknown[] = [];
    const ids = () => planned.filter((p) => p.id).map((p) => p.id!);
    // Each round: a sweep, a re-evaluation of ten projects (overlapping between the two workers), a sweep job.
    const churn = async (w: TestWorker, offset: number) => {
      for (let round = 0; !stop; round++) {
        try {
          await w.evaluator.sweep();
          const list = ids();
          const start = list.length ? ((round * 7 + offset) % list.length) : 0;
          await w.evaluator.reevaluateProjects([...list, ...list].slice(start, start + 10));
          await w.app.get(JobQueue).enqueue({ name: JobName.DeadlineSweep, data: { trigger: 'manual' } });
          await new Promise((r) => setTimeout(r, 20));
        } catch (e) {
          errors.push(e);
        }
      }
    };
    const churning = [churn(w1, 0), churn(w2, 5)];
    // Twenty through the API (each marks its project and queues project.reevaluate) …
    const viaApi = planned.filter((_, i) => i % 5 === 0 || i % 5 === 3);
    for (let i = 0; i < viaApi.length; i += 10) await Promise.all(viaApi.slice(i, i + 10).map((p) => createVia(t.http, p)));
    // … thirty written directly, marked, and queued through both workers' queues at once.
    for (const p of planned.filter((x) => !viaApi.includes(x))) {
      const row = await insertProject(t.dataSource, unitA, { code: p.code, nameZh: `并发项目${p.code}`, stage: 'SIGNED', stageDate: addDays(today, -p.days) });
      p.id = row.id;
    }
    await markChanged(`code LIKE 'WI-%'`);
    await Promise.all(
      planned.flatMap((p) => [w1, w2].map((w) => w.app.get(JobQueue).enqueue({ name: JobName.ProjectReevaluate, data: { projectId: p.id!, reason: 'test' } }))),
    );
    await Promise.all(planned.filter((p) => p.landedAfter !== null).map((p) => landVia(t.http, p, addDays(today, -p.days + p.landedAfter!), 1)));
    // Mark everything once more and let the workers' jobs and sweeps race over it.
    await markChanged();
    for (const p of planned) await w1.app.get(JobQueue).enqueue({ name: JobName.ProjectReevaluate, data: { projectId: p.id!, reason: 'test' } });
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(churning);
    await settled();
    await queueIdle(w1);
    expect(errors.map(String)).toEqual([]);
  });

  it('leaves exactly one alert per troubled deadline, at the right level, with one level row and one notice per recipient', async () => {
    await expectNoDuplicates();
    twoWorkers = await state();
    const expected = expectedDeadlines();
    expectMatches(twoWorkers, expected);
    // The arithmetic, counted: 100 deadlines; open alerts and notices by level.
    const levels = Object.values(expected).map(([, l]) => l);
    const count = (l: Level) => levels.filter((x) => x === l).length;
    const [{ alerts, notices }] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM alert WHERE status <> 'RESOLVED') AS alerts,
              (SELECT count(*)::int FROM notification n JOIN alert a ON a.id = n.alert_id WHERE a.status <> 'RESOLVED') AS notices`,
    );
    expect(levels).toHaveLength(100);
    expect(alerts).toBe(count('WARNING') + count('OVERDUE') + count('ESCALATED'));
    expect(notices).toBe(count('WARNING') + 2 * count('OVERDUE') + 3 * count('ESCALATED'));
    expect(count('ESCALATED')).toBeGreaterThan(0);
    expect(count('WARNING')).toBeGreaterThan(0);
  });

  it('is the state one worker builds from scratch', async () => {
    await workers[1].close();
    // CASCADE: also whatever else hangs off alerts (e.g. delivery rows).
    await t.dataSource.query(`TRUNCATE notification, alert_level_history, alert_comment, alert, deadline CASCADE`);
    await markChanged();
    await workers[0].evaluator.sweep();
    await expectNoDuplicates();
    const oneWorker = await state();
    const openOnly = (s: DeadlineState[]) => s.map(({ alerts: _alerts, ...rest }) => rest);
    expect(openOnly(oneWorker)).toEqual(openOnly(twoWorkers));
  });
});

describe('after a Redis flush', () => {
  const fresh: Planned[] = [
    { code: 'WI-NEW-1', days: 100, landedAfter: null },
    { code: 'WI-NEW-2', days: 130, landedAfter: null },
    { code: 'WI-NEW-3', days: 75, landedAfter: null },
  ];
  // Projects 13 and 14 (signed 92 and 96 days ago) are 红灯 now; they land today while Redis is empty.
  const landing = ['WI-13', 'WI-14'];

  it('the API keeps answering while the queue is gone or unreachable', async () => {
    await workers[0].close();
    expect(await deleteRedisKeys(REDIS_URL, prefix)).toBeGreaterThan(0);
    expect(await redisKeys(REDIS_URL, prefix)).toEqual([]);

    // Redis reachable but empty: the jobs land in the flushed queue, which is flushed again below.
    await createVia(t.http, fresh[0]);
    await landVia(t.http, byCode.get('WI-13')!, today, 1);

    // Redis unreachable: an API whose queue points at a closed port still commits, after the bounded enqueue attempt.
    const down = await createApiApp({ ...t.config, redis: { url: 'redis://127.0.0.1:1', prefix } });
    apps.push(down);
    await down.init();
    await down.getHttpAdapter().getInstance().ready();
    const downHttp = () => request(down.getHttpServer());
    const started = Date.now();
    await createVia(downHttp, fresh[1]);
    await createVia(downHttp, fresh[2]);
    await landVia(downHttp, byCode.get('WI-14')!, today, 1);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Everything else marked changed as well, while no job can carry it.
    await markChanged(`code LIKE 'WI-2%'`);

    await deleteRedisKeys(REDIS_URL, prefix);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE reevaluate_requested_at IS NOT NULL`);
    expect(n).toBe(10 + 5); // WI-20..29, the 3 new projects, WI-13 and WI-14
    // Nothing has evaluated the new projects yet.
    const [{ d }] = await t.dataSource.query(`SELECT count(*)::int AS d FROM deadline d JOIN project p ON p.id = d.project_id WHERE p.code LIKE 'WI-NEW-%'`);
    expect(d).toBe(0);
  });

  it('the next sweep of a fresh worker restores every alert that should exist and resolves the ones that should not', async () => {
    const before = await t.dataSource.query(`SELECT a.id, p.code FROM alert a JOIN project p ON p.id = a.project_id JOIN deadline d ON d.id = a.deadline_id
      WHERE d.clock_key = 'SIGNED_TO_LANDED' AND p.code = ANY($1) AND a.status <> 'RESOLVED'`, [landing]);
    expect(before).toHaveLength(2);
    const w3 = await startWorker(t.config); // boots, upserts the scheduler and enqueues one sweep
    workers.push(w3);
    expect(await sweepSchedulers(w3)).toEqual([['deadlines.sweep.every-5-minutes', '*/5 * * * *', 'Asia/Shanghai']]);
    await settled();
    await queueIdle(w3);
    await expectNoDuplicates();
    const s = await state();
    expectMatches(s, expectedDeadlines(fresh, landing));
    for (const code of landing) {
      expect(s.find((d) => d.key === `${code}|SIGNED_TO_LANDED`)!.alerts).toEqual([{ status: 'RESOLVED', resolution: 'MET' }]);
    }
    // And a second sweep changes nothing.
    await w3.evaluator.sweep();
    expect(await state()).toEqual(s);
  });
});

describe('Redis losing its data under a running worker', () => {
  // Regression guard (was a bug, fixed).
  it('a running worker schedules its sweep again when Redis comes back empty', async () => {
    const w = workers[workers.length - 1];
    expect(await sweepSchedulers(w)).toHaveLength(1);
    await deleteRedisKeys(REDIS_URL, prefix);
    const conn = (w.app.get(JobQueue) as unknown as { connection: Redis }).connection;
    const id = await conn.client('ID');
    const admin = new Redis(REDIS_URL);
    try {
      await admin.client('KILL', 'ID', String(id));
    } finally {
      admin.disconnect();
    }
    await waitFor(() => sweepSchedulers(w), (x) => x.length === 1, { timeout: 5_000, what: 'the sweep scheduler to come back' });
  });
});

describe('the re-evaluation job for a project', () => {
  // Regression guard (was a bug, fixed).
  it('a change made while the project’s job is running queues another job', async () => {
    const prefix2 = newQueuePrefix();
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queueApi = await createTestAppQueue(prefix2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const worker = new Worker(QueueName.Deadlines, async (_job: Job) => {
      started();
      await gate;
    }, { connection, prefix: prefix2 });
    try {
      const item = { name: JobName.ProjectReevaluate, data: { projectId: '3f1b2c4d-0000-4000-8000-00000000beef', reason: 'first change' } } as const;
      await queueApi.enqueue(item);
      await running;
      await queueApi.enqueue({ ...item, data: { ...item.data, reason: 'second change' } });
      const counts = await queueApi.queue(QueueName.Deadlines).getJobCounts('waiting', 'active');
      expect(counts).toEqual({ waiting: 1, active: 1 });
    } finally {
      release();
      await worker.close();
      await queueApi.onModuleDestroy();
      connection.disconnect();
      await deleteRedisKeys(REDIS_URL, prefix2);
    }
  });
});

/** A JobQueue (the API's and the workers' only way to enqueue) on its own prefix. */
async function createTestAppQueue(queuePrefix: string): Promise<JobQueue> {
  return new JobQueue({ ...t.config, redis: { url: REDIS_URL, prefix: queuePrefix } });
}
