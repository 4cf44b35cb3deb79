/**
 * DeadlineEvaluator against a real PostgreSQL database (cloned from the migrated template) with a fixed clock:
 * re-evaluation at T0, then sweeps at T1 = T0 + 10 days. The sweep advances only rows whose next_check_at has
 * passed, every row's level matches evaluateClockAt (libs/domain) and the test's own arithmetic, a second sweep at
 * the same instant changes nothing, and clocks that disappear (rule deactivated, project cancelled) resolve their alerts.
 *
 * Rules: SIGNED_TO_LANDED, 90 calendar days (warning at 80 % = day 72, escalation 30 days after due), and
 * SIGNED_TO_BUILD_WD, SIGNED → UNDER_CONSTRUCTION in 40 working days (warning 5 working days before due,
 * escalation 10 working days after), counted with the seeded 2025 calendar by the test's own TestCalendar.
 */
import { DataSource } from 'typeorm';
import { evaluateClockAt, type ClockLevel, type ClockStatus } from '#domain';
import { CalendarRepository, dataSourceOptions, DeadlineRepository, RuleRepository, type UnitEntity } from '#persistence';
import { insertProject } from '../../../../test/factories/project.factory.js';
import { insertUnit } from '../../../../test/factories/unit.factory.js';
import { insertUser } from '../../../../test/factories/user.factory.js';
import { insertRules, insertSeedCalendars, serviceTarget, shiftDate, TestCalendar } from '../../../../test/utils/deadline-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/utils/test-db.js';
import { DeadlineEvaluator } from './deadline-evaluator.service.js';

/** Monday 2025-06-16, 12:00 in Asia/Shanghai. */
const T0 = new Date('2025-06-16T04:00:00.000Z');
const D0 = '2025-06-16';
/** Thursday 2025-06-26, 12:00 in Asia/Shanghai. */
const T1 = new Date('2025-06-26T04:00:00.000Z');
const D1 = '2025-06-26';

let db: TestDatabase;
let ds: DataSource;
let evaluator: DeadlineEvaluator;
let cal: TestCalendar;
let unit: UnitEntity;
let ruleIds: Record<string, string>;

/** Signing `days` before D0; `landedAfter` days after signing when given. */
const PLAN: { name: string; days: number; landedAfter?: number }[] = [
  { name: 'p30', days: 30 },
  { name: 'p60', days: 60 },
  { name: 'p65', days: 65 },
  { name: 'p70', days: 70 },
  { name: 'p85', days: 85 },
  { name: 'p89', days: 89 },
  { name: 'p115', days: 115 },
  { name: 'p118', days: 118 },
  { name: 'p130', days: 130 },
  { name: 'pMet', days: 100, landedAfter: 50 },
];
const ids: Record<string, string> = {};

interface Row {
  id: string;
  project_id: string;
  clock_key: string;
  status: ClockStatus;
  level: ClockLevel;
  start_date: string;
  due_date: string;
  warn_at: Date;
  due_at: Date;
  escalate_at: Date;
  next_check_at: Date | null;
  rule_version: number;
}

const rows = async (): Promise<Row[]> =>
  ds.query(`SELECT id, project_id, clock_key, status, level, start_date::text, due_date::text, warn_at, due_at, escalate_at, next_check_at, rule_version
              FROM deadline ORDER BY project_id, clock_key`);

/** Every row of the tables the evaluator writes, for "nothing changed" comparisons. */
const snapshot = async () => ({
  deadline: await ds.query(`SELECT * FROM deadline ORDER BY id`),
  alert: await ds.query(`SELECT * FROM alert ORDER BY id`),
  history: await ds.query(`SELECT * FROM alert_level_history ORDER BY id`),
  notification: await ds.query(`SELECT * FROM notification ORDER BY id`),
});

/** The thresholds of each clock, by the test's own arithmetic: [warn date, due date, escalation date]. */
function thresholds(signed: string, key: string): [string, string, string] {
  if (key === 'SIGNED_TO_LANDED') return [shiftDate(signed, 72), shiftDate(signed, 90), shiftDate(signed, 120)];
  const due = cal.addWorkingDays(signed, 40);
  return [cal.addWorkingDays(due, -5), due, cal.addWorkingDays(due, 10)];
}

/** Level on business day `day`: warning from the warn date, overdue after the due date, escalated after the escalation date. */
function levelOn(day: string, [warn, due, esc]: [string, string, string]): ClockLevel {
  if (day > esc) return 'ESCALATED';
  if (day > due) return 'OVERDUE';
  if (day >= warn) return 'WARNING';
  return 'NONE';
}

const nameOf = (projectId: string) => Object.entries(ids).find(([, id]) => id === projectId)![0];
const signedOf = (name: string) => shiftDate(D0, -PLAN.find((p) => p.name === name)!.days);

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource({ ...dataSourceOptions(db.url, 4), logging: false });
  await ds.initialize();
  evaluator = new DeadlineEvaluator(ds, new DeadlineRepository(ds), new RuleRepository(ds), new CalendarRepository(ds));
  cal = new TestCalendar(await insertSeedCalendars(ds));
  ruleIds = await insertRules(ds, [
    serviceTarget('SIGNED_TO_LANDED', 'SIGNED', 'LANDED', 90),
    serviceTarget('SIGNED_TO_BUILD_WD', 'SIGNED', 'UNDER_CONSTRUCTION', 40, {
      duration: { value: 40, unit: 'working_days' },
      warn: { daysBefore: 5 },
      escalateAfterDays: 10,
    }),
  ]);
  const city = await insertUnit(ds, { nameZh: '评估市' });
  unit = await insertUnit(ds, { parent: city, nameZh: '评估区' });
  await insertUser(ds, unit, 'staff', { username: 'ev-staff' });
  await insertUser(ds, unit, 'manager', { username: 'ev-manager' });
  await insertUser(ds, city, 'director', { username: 'ev-director' });
  for (const p of PLAN) {
    const signed = shiftDate(D0, -p.days);
    const project = await insertProject(ds, unit, { code: `EV-${p.name}`, stage: 'SIGNED', stageDate: signed });
    ids[p.name] = project.id;
    if (p.landedAfter !== undefined) {
      const landed = shiftDate(signed, p.landedAfter);
      await ds.query(`INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date, skipped_stage_dates) VALUES ($1, 2, 'FORWARD', 'SIGNED', 'LANDED', $2, '{}')`, [project.id, landed]);
      await ds.query(`UPDATE project SET stage = 'LANDED', stage_date = $2 WHERE id = $1`, [project.id, landed]);
    }
  }
  await evaluator.reevaluateProjects(Object.values(ids), T0);
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('re-evaluation at T0', () => {
  it('writes two clocks per project with the thresholds and levels the arithmetic gives', async () => {
    const all = await rows();
    expect(all).toHaveLength(PLAN.length * 2);
    for (const r of all) {
      const name = nameOf(r.project_id);
      const signed = signedOf(name);
      const [warn, due, esc] = thresholds(signed, r.clock_key);
      const label = `${name} ${r.clock_key}`;
      expect({ label, start: r.start_date, due: r.due_date }).toEqual({ label, start: signed, due });
      expect({ label, warnAt: r.warn_at.toISOString(), dueAt: r.due_at.toISOString(), escalateAt: r.escalate_at.toISOString() }).toEqual({
        label,
        warnAt: new Date(`${warn}T00:00:00.000+08:00`).toISOString(),
        dueAt: new Date(`${due}T23:59:59.999+08:00`).toISOString(),
        escalateAt: new Date(`${shiftDate(esc, 1)}T00:00:00.000+08:00`).toISOString(),
      });
      if (name === 'pMet' && r.clock_key === 'SIGNED_TO_LANDED') {
        expect({ label, status: r.status, level: r.level, next: r.next_check_at }).toEqual({ label, status: 'MET', level: 'NONE', next: null });
        continue;
      }
      const level = levelOn(D0, [warn, due, esc]);
      expect({ label, level: r.level }).toEqual({ label, level });
      expect({ label, ...evaluateClockAt({ status: r.status, level: r.level, warnAt: r.warn_at, dueAt: r.due_at, escalateAt: r.escalate_at }, T0) }).toEqual({
        label,
        status: r.status,
        level: r.level,
        nextCheckAt: r.next_check_at,
      });
    }
  });

  it('opens one alert per troubled clock at its level, with a level row for each level it crossed', async () => {
    const [{ troubled }] = await ds.query(`SELECT count(*)::int AS troubled FROM deadline WHERE level <> 'NONE'`);
    const alerts: { deadline_id: string; level: string; status: string; history: string[] }[] = await ds.query(
      `SELECT a.deadline_id, a.level, a.status, array(SELECT h.level FROM alert_level_history h WHERE h.alert_id = a.id ORDER BY h.id) AS history FROM alert a`,
    );
    expect(troubled).toBeGreaterThanOrEqual(8);
    expect(alerts).toHaveLength(troubled);
    const byDeadline = new Map((await rows()).map((r) => [r.id, r]));
    for (const a of alerts) {
      const level = byDeadline.get(a.deadline_id)!.level;
      const crossed = ['WARNING', 'OVERDUE', 'ESCALATED'].slice(0, ['WARNING', 'OVERDUE', 'ESCALATED'].indexOf(level) + 1);
      expect(a).toEqual({ deadline_id: a.deadline_id, level, status: 'OPEN', history: crossed });
    }
  });
});

describe('sweep at T1 = T0 + 10 days', () => {
  let before: Row[];
  let tampered: { future: string; final: string };

  beforeAll(async () => {
    before = await rows();
    // Two rows the engine would never write, to see what the sweep reads: a running clock whose next check was pushed far
    // into the future although its warning date has passed, and a final (MET) clock with a next check in the past.
    const future = before.find((r) => nameOf(r.project_id) === 'p65' && r.clock_key === 'SIGNED_TO_LANDED')!;
    const final = before.find((r) => nameOf(r.project_id) === 'pMet' && r.clock_key === 'SIGNED_TO_LANDED')!;
    await ds.query(`UPDATE deadline SET next_check_at = '2030-01-01T00:00:00Z' WHERE id = $1`, [future.id]);
    await ds.query(`UPDATE deadline SET next_check_at = $2 WHERE id = $1`, [final.id, T0.toISOString()]);
    tampered = { future: future.id, final: final.id };
    before = await rows();
    await evaluator.sweep(T1);
  });

  it('changes only the rows whose next_check_at <= T1', async () => {
    const after = new Map((await rows()).map((r) => [r.id, r]));
    const due = before.filter((r) => r.next_check_at !== null && r.next_check_at.getTime() <= T1.getTime());
    const notDue = before.filter((r) => !due.includes(r));
    expect(due.length).toBeGreaterThanOrEqual(5);
    expect(notDue.length).toBeGreaterThanOrEqual(5);
    for (const r of notDue) {
      const a = after.get(r.id)!;
      expect({ id: r.id, level: a.level, status: a.status, next: a.next_check_at }).toEqual({ id: r.id, level: r.level, status: r.status, next: r.next_check_at });
    }
    // The clock pushed into the future was not read, although its warning started on 2025-06-23.
    expect(after.get(tampered.future)).toMatchObject({ level: 'NONE', status: 'ON_TRACK' });
    // The final clock due by mistake keeps its status and level, and loses the stray next check.
    expect(after.get(tampered.final)).toMatchObject({ status: 'MET', level: 'NONE', next_check_at: null });
  });

  it('moves every due row to the level evaluateClockAt gives at T1, which is the level the arithmetic gives', async () => {
    const after = new Map((await rows()).map((r) => [r.id, r]));
    for (const r of before) {
      if (r.id === tampered.future || r.id === tampered.final || r.status === 'MET') continue;
      const a = after.get(r.id)!;
      const label = `${nameOf(r.project_id)} ${r.clock_key}`;
      const want = evaluateClockAt({ status: r.status, level: r.level, warnAt: r.warn_at, dueAt: r.due_at, escalateAt: r.escalate_at }, T1);
      expect({ label, status: a.status, level: a.level, next: a.next_check_at }).toEqual({ label, status: want.status, level: want.level, next: want.nextCheckAt });
      expect({ label, level: a.level }).toEqual({ label, level: levelOn(D1, thresholds(signedOf(nameOf(r.project_id)), r.clock_key)) });
    }
    // The 90-day clocks, by hand: p65 is at day 75 (warning), p85 at day 95 (overdue), p115 at day 125 (escalated).
    const level = (name: string) => [...after.values()].find((r) => r.project_id === ids[name] && r.clock_key === 'SIGNED_TO_LANDED')!.level;
    expect({ p30: level('p30'), p60: level('p60'), p70: level('p70'), p85: level('p85'), p89: level('p89'), p115: level('p115'), p118: level('p118'), p130: level('p130') }).toEqual({
      p30: 'NONE', p60: 'NONE', p70: 'WARNING', p85: 'OVERDUE', p89: 'OVERDUE', p115: 'ESCALATED', p118: 'ESCALATED', p130: 'ESCALATED',
    });
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('opens or raises the alert of every row it advances', async () => {
    const mismatched = await ds.query(
      `SELECT d.clock_key, d.level AS deadline_level, a.level AS alert_level FROM deadline d
         LEFT JOIN alert a ON a.deadline_id = d.id AND a.status <> 'RESOLVED'
        WHERE d.status IN ('ON_TRACK','OVERDUE') AND d.level IS DISTINCT FROM coalesce(a.level, 'NONE')`,
    );
    expect(mismatched).toEqual([]);
  });

  it('a second sweep at the same instant changes no row', async () => {
    const first = await snapshot();
    await evaluator.sweep(T1);
    expect(await snapshot()).toEqual(first);
  });

  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('reports no level change and no resolved alert when nothing is due', async () => {
    const r = await evaluator.sweep(T1);
    expect(r).toMatchObject({ levelChanges: 0, alertsResolved: 0, alertsRaised: 0, projects: 0, batches: 1 });
  });
});

describe('sweep batches', () => {
  // Regression guard: failed before 3bd7796 (TypeORM answers UPDATE … RETURNING as [rows, affected]).
  it('a sweep with a small batch size advances every due row', async () => {
    const T2 = new Date('2025-08-01T04:00:00.000Z');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM deadline WHERE next_check_at <= $1`, [T2.toISOString()]);
    expect(n).toBeGreaterThan(3);
    const r = await evaluator.sweep(T2, 3);
    expect(r.batches).toBeGreaterThan(1);
    const [{ left }] = await ds.query(`SELECT count(*)::int AS left FROM deadline WHERE next_check_at <= $1`, [T2.toISOString()]);
    expect(left).toBe(0);
  });
});

describe('clocks that disappear', () => {
  it('a cancelled project cancels its clocks and resolves their alerts as CANCELLED', async () => {
    const id = ids.p130;
    await ds.query(`INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date, skipped_stage_dates, note)
                    VALUES ($1, 2, 'CANCEL', 'SIGNED', 'CANCELLED', $2, '{}', '企业撤资')`, [id, D1]);
    await ds.query(`UPDATE project SET stage = 'CANCELLED', stage_date = $2 WHERE id = $1`, [id, D1]);
    await evaluator.reevaluateProjects([id], T1);
    const mine = (await rows()).filter((r) => r.project_id === id);
    expect(mine.map((r) => [r.clock_key, r.status, r.next_check_at])).toEqual([
      ['SIGNED_TO_BUILD_WD', 'CANCELLED', null],
      ['SIGNED_TO_LANDED', 'CANCELLED', null],
    ]);
    const alerts = await ds.query(`SELECT status, resolution FROM alert WHERE project_id = $1`, [id]);
    expect(alerts).toEqual([
      { status: 'RESOLVED', resolution: 'CANCELLED' },
      { status: 'RESOLVED', resolution: 'CANCELLED' },
    ]);
  });

  describe('a deactivated rule', () => {
    beforeAll(async () => {
      // Bring every alert in line at T1 first (re-evaluation syncs alerts even where the sweep does not).
      await evaluator.reevaluateProjects(Object.values(ids), T1);
      const [{ open }] = await ds.query(
        `SELECT count(*)::int AS open FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE d.clock_key = 'SIGNED_TO_BUILD_WD' AND a.status <> 'RESOLVED'`,
      );
      expect(open).toBeGreaterThanOrEqual(5);
      const def = { ...serviceTarget('SIGNED_TO_BUILD_WD', 'SIGNED', 'UNDER_CONSTRUCTION', 40), duration: { value: 40, unit: 'working_days' }, warn: { daysBefore: 5 }, escalateAfterDays: 10, active: false };
      await ds.query(`UPDATE service_target_rule SET version = 2, active = false, definition = $2::jsonb WHERE id = $1`, [ruleIds.SIGNED_TO_BUILD_WD, JSON.stringify(def)]);
      await ds.query(`INSERT INTO service_target_rule_version (rule_id, version, definition) VALUES ($1, 2, $2::jsonb)`, [ruleIds.SIGNED_TO_BUILD_WD, JSON.stringify(def)]);
      await evaluator.reevaluateProjects(Object.values(ids), T1);
    });

    it('retires its clocks: no level, no next check; the other rule’s clocks are untouched', async () => {
      const all = await rows();
      for (const r of all.filter((x) => x.clock_key === 'SIGNED_TO_BUILD_WD')) {
        expect({ p: nameOf(r.project_id), level: r.level, next: r.next_check_at, running: ['ON_TRACK', 'OVERDUE', 'PAUSED'].includes(r.status) }).toEqual({
          p: nameOf(r.project_id),
          level: 'NONE',
          next: null,
          running: false,
        });
      }
      const landed = all.filter((x) => x.clock_key === 'SIGNED_TO_LANDED' && x.project_id === ids.p85);
      expect(landed).toEqual([expect.objectContaining({ status: 'OVERDUE', level: 'OVERDUE', rule_version: 1 })]);
    });

    // Regression guard (was a bug, fixed).
    it('resolves the alerts of the retired clocks as OBSOLETE', async () => {
      const alerts = await ds.query(
        `SELECT a.status, a.resolution FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE d.clock_key = 'SIGNED_TO_BUILD_WD' AND d.project_id <> $1`,
        [ids.p130],
      );
      expect(alerts.length).toBeGreaterThanOrEqual(5);
      for (const a of alerts) expect(a).toEqual({ status: 'RESOLVED', resolution: 'OBSOLETE' });
    });
  });
});
