/**
 * GET /dashboard (驾驶舱): every figure checked against rows created here — projects per stage with their
 * investment, open alerts and projects per child unit of the scope root, stage age buckets at their
 * boundaries, and the 12-week alert trend for alerts with known opened/resolved instants (Asia/Shanghai weeks,
 * computed here without the app's helpers). Scoping: a district's staff see their own subtree only.
 */
import type { ProjectEntity, UnitEntity } from '#persistence';
import { insertAlert, insertAlertRule, type AlertLevel } from '../factories/alert.factory.js';
import { insertProject, type ProjectOverrides } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, shanghaiToday } from './support.js';

const api = (path: string) => `/api/v1${path}`;
const today = shanghaiToday();
const STAGES = ['RESERVE', 'NEGOTIATING', 'SIGNED', 'LANDED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'CONSTRUCTION_COMPLETE', 'COMMISSIONING', 'OPERATING', 'AT_CAPACITY'];
const BUCKETS = ['0-30', '31-90', '91-180', '181-365', '365+'];

let t: TestApp;
let city: UnitEntity;
const U: Record<string, UnitEntity> = {};
const tok: Record<string, string> = {};
const P: Record<string, ProjectEntity> = {};
let rule: string;

/** Every alert created here, for the trend computed independently. */
const created: { unit: string; openedAt: Date; resolvedAt: Date | null }[] = [];

async function alert(project: string, level: AlertLevel, o: { status?: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED'; openedAt?: Date; resolvedAt?: Date | null } = {}) {
  const openedAt = o.openedAt ?? new Date();
  const resolvedAt = o.status === 'RESOLVED' ? (o.resolvedAt ?? new Date()) : null;
  await insertAlert(t.dataSource, P[project], rule, { level, status: o.status, openedAt, resolvedAt });
  created.push({ unit: P[project].unitPath, openedAt, resolvedAt });
}

/** Monday (YYYY-MM-DD) of the ISO week holding `date`. */
function mondayOf(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

/** `YYYY-Www` of the ISO week starting on Monday `monday`: the year of its Thursday, counted from that year's week 1. */
function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The instant of `date` at hh:mm:ss in Asia/Shanghai. */
const at = (date: string, time = '00:00:00') => new Date(`${date}T${time}+08:00`);

const thisMonday = mondayOf(today);
/** The 12 weeks of the trend, oldest first. */
const weeks = Array.from({ length: 12 }, (_, i) => addDays(thisMonday, (i - 11) * 7));

function expectedTrend(pathPrefix: string) {
  return weeks.map((monday) => {
    const start = at(monday).getTime();
    const end = at(addDays(monday, 7)).getTime();
    const mine = created.filter((a) => a.unit.startsWith(pathPrefix));
    return {
      week: isoWeekLabel(monday),
      weekStart: monday,
      open: mine.filter((a) => a.openedAt.getTime() < end && (a.resolvedAt === null || a.resolvedAt.getTime() >= end)).length,
      opened: mine.filter((a) => a.openedAt.getTime() >= start && a.openedAt.getTime() < end).length,
      resolved: mine.filter((a) => a.resolvedAt !== null && a.resolvedAt.getTime() >= start && a.resolvedAt.getTime() < end).length,
    };
  });
}

async function project(name: string, unit: UnitEntity, stage: string, daysAgo: number, totalInvestment: string | null, sql?: string) {
  const canonical = STAGES.includes(stage) ? (stage as ProjectOverrides['stage']) : 'UNDER_CONSTRUCTION';
  P[name] = await insertProject(t.dataSource, unit, { code: `DB-${name}`, stage: canonical, stageDate: addDays(today, -daysAgo), totalInvestment });
  if (sql) await t.dataSource.query(`UPDATE project SET ${sql} WHERE id = $1`, [P[name].id]);
}

beforeAll(async () => {
  t = await createTestApp();
  city = await insertUnit(t.dataSource, { code: 'dbcity', nameZh: '驾驶舱市', kind: 'CITY', adminCode: '150100' });
  U.D1 = await insertUnit(t.dataSource, { parent: city, code: 'dbd1', nameZh: '东区', adminCode: '150102' });
  U.D2 = await insertUnit(t.dataSource, { parent: city, code: 'dbd2', nameZh: '西区', adminCode: '150103' });
  U.D3 = await insertUnit(t.dataSource, { parent: city, code: 'dbd3', nameZh: '南区', adminCode: '150104' });
  U.T1 = await insertUnit(t.dataSource, { parent: U.D1, code: 'dbt1', nameZh: '东镇', kind: 'TOWN' });
  const spec: [string, UnitEntity, 'staff' | 'director' | 'admin' | 'viewer'][] = [
    ['admin', city, 'admin'],
    ['director', city, 'director'],
    ['staffD1', U.D1, 'staff'],
    ['viewerD2', U.D2, 'viewer'],
  ];
  for (const [name, unit, role] of spec) {
    await insertUser(t.dataSource, unit, role, { username: `db-${name.toLowerCase()}` });
    tok[name] = await t.login(`db-${name.toLowerCase()}`);
  }

  await project('p1', U.D1, 'SIGNED', 10, '100.50');
  await project('p2', U.D1, 'SIGNED', 31, '200.00');
  await project('p3', U.T1, 'UNDER_CONSTRUCTION', 200, '1000.00');
  await project('p4', U.T1, 'CANCELLED', 5, '5000.00', `stage = 'CANCELLED'`);
  await project('p5', U.D2, 'LANDED', 400, null);
  await project('p6', U.D2, 'AT_CAPACITY', 20, '300.00');
  await project('p7', U.D2, 'ON_HOLD', 50, '700.25', `stage = 'ON_HOLD', held_from_stage = 'UNDER_CONSTRUCTION'`);
  await project('p8', city, 'NEGOTIATING', 90, '50.00');
  await project('p9', U.D1, 'PRE_CONSTRUCTION', 365, '10.00');
  await project('p10', U.D1, 'PRE_CONSTRUCTION', 366, '10.00');
  await project('p11', U.D1, 'PRE_CONSTRUCTION', 30, '10.00');
  await project('p12', U.D1, 'PRE_CONSTRUCTION', 91, '10.00');

  rule = await insertAlertRule(t.dataSource);
  const now = new Date();
  // Open now: D1 WARNING + OVERDUE (p1), ESCALATED via its town (p3); D2 OVERDUE (p5); the city itself WARNING (p8, acknowledged).
  await alert('p1', 'WARNING', { openedAt: now });
  await alert('p1', 'OVERDUE', { openedAt: now });
  await alert('p3', 'ESCALATED', { openedAt: at(weeks[9], '10:00:00') });
  await alert('p5', 'OVERDUE', { openedAt: at(weeks[0], '00:00:00') });
  await alert('p8', 'WARNING', { status: 'ACKNOWLEDGED', openedAt: now });
  // Resolved: never in the snapshot, only in the trend.
  await alert('p2', 'ESCALATED', { status: 'RESOLVED', openedAt: at(addDays(weeks[0], -140)), resolvedAt: at(addDays(weeks[1], 1), '09:00:00') });
  await alert('p6', 'OVERDUE', { status: 'RESOLVED', openedAt: at(addDays(weeks[6], 2), '08:00:00'), resolvedAt: at(addDays(weeks[6], 3), '08:00:00') });
  // Boundaries: opened on the last instant of week 8's Sunday, resolved at the first instant of week 10.
  await alert('p6', 'WARNING', { status: 'RESOLVED', openedAt: new Date(at(weeks[9]).getTime() - 1), resolvedAt: at(weeks[10]) });
  // Opened at the very start of the window, resolved on the last instant of last week.
  await alert('p9', 'WARNING', { status: 'RESOLVED', openedAt: at(weeks[0]), resolvedAt: new Date(at(weeks[11]).getTime() - 1) });
  // Long before the window: no trace.
  await alert('p9', 'OVERDUE', { status: 'RESOLVED', openedAt: at(addDays(weeks[0], -210)), resolvedAt: at(addDays(weeks[0], -175)) });
  // Resolved this week.
  await alert('p12', 'OVERDUE', { status: 'RESOLVED', openedAt: at(weeks[3], '12:00:00'), resolvedAt: now });
}, 60_000);
afterAll(async () => t?.close());

const get = async (token: string, query: Record<string, string> = {}) => {
  const res = await t.http().get(api('/dashboard')).query(query).set('authorization', token);
  expect(res.status).toBe(200);
  return res.body;
};

describe('GET /dashboard for the whole city (admin, root = their own unit)', () => {
  let d: any;
  beforeAll(async () => {
    d = await get(tok.admin);
  });

  it('says which business day it is as of', () => {
    expect(d.asOf).toBe(today);
  });

  it('funnel: every stage in canonical order with side states last, counts and investment sums (decimal strings)', () => {
    expect(d.funnel.map((f: { stage: string }) => f.stage)).toEqual([...STAGES, 'ON_HOLD', 'CANCELLED']);
    expect(d.funnel.find((f: { stage: string }) => f.stage === 'SIGNED')).toEqual({ stage: 'SIGNED', label: { zh: '签约', en: 'Signed' }, count: 2, investment: '300.50' });
    expect(Object.fromEntries(d.funnel.map((f: any) => [f.stage, [f.count, f.investment]]))).toEqual({
      RESERVE: [0, '0.00'],
      NEGOTIATING: [1, '50.00'],
      SIGNED: [2, '300.50'],
      LANDED: [1, '0.00'],
      PRE_CONSTRUCTION: [4, '40.00'],
      UNDER_CONSTRUCTION: [1, '1000.00'],
      CONSTRUCTION_COMPLETE: [0, '0.00'],
      COMMISSIONING: [0, '0.00'],
      OPERATING: [0, '0.00'],
      AT_CAPACITY: [1, '300.00'],
      ON_HOLD: [1, '700.25'],
      CANCELLED: [1, '5000.00'],
    });
  });

  it('alertsByUnit: open alerts per child unit (a town counts for its district, the city for itself), worst first, zero rows kept', () => {
    expect(d.alertsByUnit).toEqual([
      { unit: { id: U.D1.id, nameZh: '东区', nameEn: null, adminCode: '150102' }, WARNING: 1, OVERDUE: 1, ESCALATED: 1, total: 3 },
      { unit: { id: U.D2.id, nameZh: '西区', nameEn: null, adminCode: '150103' }, WARNING: 0, OVERDUE: 1, ESCALATED: 0, total: 1 },
      { unit: { id: city.id, nameZh: '驾驶舱市', nameEn: null, adminCode: '150100' }, WARNING: 1, OVERDUE: 0, ESCALATED: 0, total: 1 },
      { unit: { id: U.D3.id, nameZh: '南区', nameEn: null, adminCode: '150104' }, WARNING: 0, OVERDUE: 0, ESCALATED: 0, total: 0 },
    ]);
  });

  it('units: the same units with projects (cancelled left out), investment and worst open level, for the map', () => {
    expect(d.units).toEqual([
      { unit: { id: city.id, code: 'dbcity', nameZh: '驾驶舱市', nameEn: null, adminCode: '150100', kind: 'CITY' }, projects: 1, investment: '50.00', worstLevel: 'WARNING' },
      { unit: { id: U.D1.id, code: 'dbd1', nameZh: '东区', nameEn: null, adminCode: '150102', kind: 'DISTRICT' }, projects: 7, investment: '1340.50', worstLevel: 'ESCALATED' },
      { unit: { id: U.D2.id, code: 'dbd2', nameZh: '西区', nameEn: null, adminCode: '150103', kind: 'DISTRICT' }, projects: 3, investment: '1000.25', worstLevel: 'OVERDUE' },
      { unit: { id: U.D3.id, code: 'dbd3', nameZh: '南区', nameEn: null, adminCode: '150104', kind: 'DISTRICT' }, projects: 0, investment: '0.00', worstLevel: null },
    ]);
  });

  it('stageAge: live canonical stages only, days since the stage date in five buckets (boundaries 30/31, 90/91, 365/366)', () => {
    expect(d.stageAge.map((s: { stage: string }) => s.stage)).toEqual(STAGES.slice(0, -1));
    expect(d.stageAge[0].label).toEqual({ zh: '谋划储备', en: 'Reserve' });
    for (const s of d.stageAge) expect(s.buckets.map((b: { key: string }) => b.key)).toEqual(BUCKETS);
    const counts = Object.fromEntries(d.stageAge.map((s: any) => [s.stage, s.buckets.map((b: { count: number }) => b.count)]));
    expect(counts).toEqual({
      RESERVE: [0, 0, 0, 0, 0],
      NEGOTIATING: [0, 1, 0, 0, 0],
      SIGNED: [1, 1, 0, 0, 0],
      LANDED: [0, 0, 0, 0, 1],
      PRE_CONSTRUCTION: [1, 0, 1, 1, 1],
      UNDER_CONSTRUCTION: [0, 0, 0, 1, 0],
      CONSTRUCTION_COMPLETE: [0, 0, 0, 0, 0],
      COMMISSIONING: [0, 0, 0, 0, 0],
      OPERATING: [0, 0, 0, 0, 0],
    });
  });

  it('alertTrend: the last 12 ISO weeks up to this one, open at each week’s end, opened and resolved within it', () => {
    expect(d.alertTrend).toHaveLength(12);
    expect(d.alertTrend.map((w: { weekStart: string }) => w.weekStart)).toEqual(weeks);
    expect(d.alertTrend[11].week).toBe(isoWeekLabel(thisMonday));
    expect(d.alertTrend).toEqual(expectedTrend(city.path));
    // A few figures spelled out.
    expect(d.alertTrend[0]).toMatchObject({ opened: 2, resolved: 0, open: 3 }); // p5 and p9's at the window start, p2's still open
    expect(d.alertTrend[1]).toMatchObject({ opened: 0, resolved: 1, open: 2 }); // p2's resolved on Tuesday
    expect(d.alertTrend[6]).toMatchObject({ opened: 1, resolved: 1, open: 3 }); // p6's opened and resolved within the week
    expect(d.alertTrend[8]).toMatchObject({ opened: 1, resolved: 0, open: 4 }); // opened on Sunday 23:59:59.999, open at the week's end
    expect(d.alertTrend[9]).toMatchObject({ opened: 1, resolved: 0, open: 5 }); // p3's; the Sunday one still open at this end
    expect(d.alertTrend[10]).toMatchObject({ opened: 0, resolved: 2, open: 3 }); // resolved Monday 00:00 and Sunday 23:59:59.999
    expect(d.alertTrend[11]).toMatchObject({ opened: 3, resolved: 1, open: 5 }); // this week: 5 open now
  });

  it('a director gets the same figures (scope everything, root their own unit)', async () => {
    expect(await get(tok.director)).toEqual(d);
  });
});

describe('scoping and unitId', () => {
  it('a district’s staff see their own subtree: the district itself (it holds projects) and its town', async () => {
    const d = await get(tok.staffD1);
    expect(d.alertsByUnit).toEqual([
      { unit: { id: U.T1.id, nameZh: '东镇', nameEn: null, adminCode: null }, WARNING: 0, OVERDUE: 0, ESCALATED: 1, total: 1 },
      { unit: { id: U.D1.id, nameZh: '东区', nameEn: null, adminCode: '150102' }, WARNING: 1, OVERDUE: 1, ESCALATED: 0, total: 2 },
    ]);
    expect(d.units.map((u: any) => [u.unit.code, u.projects, u.investment, u.worstLevel])).toEqual([
      ['dbd1', 6, '340.50', 'OVERDUE'],
      ['dbt1', 1, '1000.00', 'ESCALATED'],
    ]);
    const funnel = Object.fromEntries(d.funnel.filter((f: any) => f.count).map((f: any) => [f.stage, f.count]));
    expect(funnel).toEqual({ SIGNED: 2, PRE_CONSTRUCTION: 4, UNDER_CONSTRUCTION: 1, CANCELLED: 1 });
    expect(d.stageAge.reduce((n: number, s: any) => n + s.buckets.reduce((m: number, b: any) => m + b.count, 0), 0)).toBe(7);
    expect(d.alertTrend).toEqual(expectedTrend(U.D1.path));
  });

  it('unitId narrows within scope: a unit without children is its own only group', async () => {
    const d = await get(tok.staffD1, { unitId: U.T1.id });
    expect(d.alertsByUnit).toEqual([{ unit: { id: U.T1.id, nameZh: '东镇', nameEn: null, adminCode: null }, WARNING: 0, OVERDUE: 0, ESCALATED: 1, total: 1 }]);
    expect(d.units).toEqual([
      { unit: { id: U.T1.id, code: 'dbt1', nameZh: '东镇', nameEn: null, adminCode: null, kind: 'TOWN' }, projects: 1, investment: '1000.00', worstLevel: 'ESCALATED' },
    ]);
    const admin = await get(tok.admin, { unitId: U.D2.id });
    expect(admin.units.map((u: any) => [u.unit.code, u.projects, u.investment, u.worstLevel])).toEqual([['dbd2', 3, '1000.25', 'OVERDUE']]);
    expect(await get(tok.viewerD2)).toEqual(admin);
    const empty = await get(tok.admin, { unitId: U.D3.id });
    expect(empty.units).toEqual([expect.objectContaining({ projects: 0, investment: '0.00', worstLevel: null })]);
    expect(empty.funnel.every((f: any) => f.count === 0 && f.investment === '0.00')).toBe(true);
    expect(empty.alertTrend.every((w: any) => w.open === 0 && w.opened === 0 && w.resolved === 0)).toBe(true);
  });

  it('answers 404 for a unit outside the actor’s scope or unknown, 400 for a malformed id, 401 without a token', async () => {
    for (const [token, unitId] of [[tok.staffD1, U.D2.id], [tok.staffD1, city.id], [tok.viewerD2, U.D1.id], [tok.admin, '3f1b2c4d-0000-4000-8000-00000000abcd']]) {
      const res = await t.http().get(api('/dashboard')).query({ unitId }).set('authorization', token);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await t.http().get(api('/dashboard')).query({ unitId: 'x' }).set('authorization', tok.admin)).status).toBe(400);
    expect((await t.http().get(api('/dashboard')).query({ other: '1' }).set('authorization', tok.admin)).status).toBe(400);
    expect((await t.http().get(api('/dashboard'))).status).toBe(401);
  });
});
