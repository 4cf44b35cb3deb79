import { readdirSync, readFileSync } from 'node:fs';
import { WorkingCalendar, type CalendarYearData } from '../calendar/working-calendar.js';
import { parseExpectedDate } from '../projects/plan-date.js';
import type { CanonicalStage, Stage, TransitionKind } from '../projects/project-stage.js';
import { computeClocks } from './engine.js';
import type { Clock, ClockInput } from './clock.js';
import type { ProjectFacts, ServiceTargetRule, ServiceTargetRuleDefinition } from './rule.js';
import type { StageTransitionFact } from './stage-timeline.js';

const seedDir = new URL('../../../../seeds/calendar/', import.meta.url);
const cal = new WorkingCalendar(
  readdirSync(seedDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, seedDir), 'utf8')) as CalendarYearData),
);
const seedRules: ServiceTargetRule[] = (
  JSON.parse(readFileSync(new URL('../../../../seeds/service-targets.json', import.meta.url), 'utf8')) as ServiceTargetRuleDefinition[]
).map((r) => ({ ...r, id: `seed-${r.code}`, version: 1 }));
const seed = (code: string) => seedRules.find((r) => r.code === code)!;

const project: ProjectFacts = { id: 'p1', family: 'INVESTMENT', projectType: 'MANUFACTURING', totalInvestment: '50000', unitId: 'u-district', listIds: [] };

const tr = (kind: TransitionKind, fromStage: Stage | null, toStage: Stage, effectiveDate: string, skippedStageDates?: Record<string, string>): StageTransitionFact => ({
  kind,
  fromStage,
  toStage,
  effectiveDate,
  skippedStageDates: skippedStageDates ?? {},
});
const initial = (stage: Stage, date: string, skipped?: Record<string, string>) => tr('INITIAL', null, stage, date, skipped);
const fwd = (from: Stage, to: Stage, date: string, skipped?: Record<string, string>) => tr('FORWARD', from, to, date, skipped);
const hold = (from: Stage, date: string) => tr('HOLD', from, 'ON_HOLD', date);
const resume = (to: Stage, date: string) => tr('RESUME', 'ON_HOLD', to, date);
const cancel = (from: Stage, date: string) => tr('CANCEL', from, 'CANCELLED', date);
const correct = (from: Stage, to: Stage, date: string) => tr('CORRECTION', from, to, date);

/** An instant in Asia/Shanghai. */
const at = (date: string, time = '12:00:00.000') => new Date(`${date}T${time}+08:00`);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const sh = (date: string, time: string) => at(date, time).toISOString();

function run(over: Partial<ClockInput>, now: Date, rules: ServiceTargetRule[] = seedRules): Clock[] {
  return computeClocks({ project, transitions: [], rules, calendar: cal, ...over }, now);
}
function one(clocks: Clock[], key: string): Clock {
  const c = clocks.find((x) => x.key === key);
  if (!c) throw new Error(`no clock ${key}; have ${clocks.map((x) => x.key).join(', ')}`);
  return c;
}
const rule = (code: string, over: Partial<ServiceTargetRule>): ServiceTargetRule => ({
  id: `id-${code}`,
  code,
  version: 1,
  name: code,
  kind: 'SERVICE_TARGET',
  fromStage: 'SIGNED',
  toStage: 'LANDED',
  duration: { value: 90, unit: 'calendar_days' },
  warn: { percent: 80 },
  escalateAfterDays: 30,
  filter: {},
  active: true,
  ...over,
});

describe('service target: SIGNED→LANDED, 90 calendar days (signed 2024-03-01, due 2024-05-30)', () => {
  const history = [initial('SIGNED', '2024-03-01')];
  it.each([
    // now, level, status, nextCheckAt
    ['2024-03-01T00:00:00.000', 'NONE', 'ON_TRACK', sh('2024-05-12', '00:00:00.000')],
    ['2024-05-11T23:59:59.999', 'NONE', 'ON_TRACK', sh('2024-05-12', '00:00:00.000')],
    ['2024-05-12T00:00:00.000', 'WARNING', 'ON_TRACK', sh('2024-05-31', '00:00:00.000')],
    ['2024-05-30T23:59:59.999', 'WARNING', 'ON_TRACK', sh('2024-05-31', '00:00:00.000')],
    ['2024-05-31T00:00:00.000', 'OVERDUE', 'OVERDUE', sh('2024-06-30', '00:00:00.000')],
    ['2024-06-29T23:59:59.999', 'OVERDUE', 'OVERDUE', sh('2024-06-30', '00:00:00.000')],
    ['2024-06-30T00:00:00.000', 'ESCALATED', 'OVERDUE', null],
    ['2025-06-30T00:00:00.000', 'ESCALATED', 'OVERDUE', null],
  ])('at %s: %s / %s, next check %s', (now, level, status, next) => {
    const c = one(run({ transitions: history }, new Date(`${now}+08:00`)), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ level, status, startDate: '2024-03-01', dueDate: '2024-05-30', pausedDays: 0, ruleVersion: 1, kind: 'SERVICE_TARGET' });
    expect(iso(c.nextCheckAt)).toBe(next);
    expect(iso(c.dueAt)).toBe(sh('2024-05-30', '23:59:59.999'));
    expect(iso(c.warnAt)).toBe(sh('2024-05-12', '00:00:00.000'));
    expect(iso(c.escalateAt)).toBe(sh('2024-06-30', '00:00:00.000'));
  });

  it.each([
    ['2024-05-30', 'MET', '按期完成', 'on time'],
    ['2024-05-31', 'MET_LATE', '逾期 1 天', '1 day late'],
    ['2024-03-01', 'MET', '按期完成', 'on time'],
  ])('landing on %s is %s', (landed, status, zh, en) => {
    const c = one(run({ transitions: [...history, fwd('SIGNED', 'LANDED', landed)] }, at('2024-08-01')), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ status, level: 'NONE', metDate: landed, endedDate: landed, nextCheckAt: null });
    expect(c.explanation.zh).toContain(zh);
    expect(c.explanation.en).toContain(en);
  });

  it('is stopped by any later stage, skipped stages taking the move date unless given', () => {
    const a = run({ transitions: [...history, fwd('SIGNED', 'UNDER_CONSTRUCTION', '2024-04-15')] }, at('2024-08-01'));
    expect(one(a, 'SIGNED_TO_LANDED')).toMatchObject({ status: 'MET', metDate: '2024-04-15' });
    expect(one(a, 'LANDED_TO_CONSTRUCTION')).toMatchObject({ status: 'MET', startDate: '2024-04-15', metDate: '2024-04-15' });
    expect(one(a, 'SIGNED_TO_CONSTRUCTION')).toMatchObject({ status: 'MET', metDate: '2024-04-15' });
    const b = run({ transitions: [...history, fwd('SIGNED', 'UNDER_CONSTRUCTION', '2024-07-15', { LANDED: '2024-04-01' })] }, at('2024-08-01'));
    expect(one(b, 'SIGNED_TO_LANDED')).toMatchObject({ status: 'MET', metDate: '2024-04-01' });
    expect(one(b, 'LANDED_TO_CONSTRUCTION')).toMatchObject({ status: 'MET_LATE', startDate: '2024-04-01', dueDate: '2024-05-31', metDate: '2024-07-15' });
    const c = run({ transitions: [...history, fwd('SIGNED', 'OPERATING', '2024-05-01')] }, at('2024-08-01'));
    for (const k of ['SIGNED_TO_LANDED', 'SIGNED_TO_CONSTRUCTION', 'SIGNED_TO_OPERATING', 'LANDED_TO_CONSTRUCTION', 'CONSTRUCTION_TO_OPERATING']) {
      expect(one(c, k).status).toBe('MET');
    }
    expect(one(c, 'OPERATING_TO_CAPACITY')).toMatchObject({ status: 'ON_TRACK', startDate: '2024-05-01', dueDate: '2025-05-01' });
  });

  it('explains itself in Chinese and English', () => {
    const c = one(run({ transitions: history }, at('2024-04-01')), 'SIGNED_TO_LANDED');
    expect(c.explanation.zh).toBe('签约 2024-03-01 起 90 个自然日，应于 2024-05-30 前落地；2024-05-12 起黄灯，2024-05-31 起红灯，2024-06-30 起督办');
    expect(c.explanation.en).toBe(
      '90 calendar days from signing on 2024-03-01: landing due by 2024-05-30; warning from 2024-05-12, overdue from 2024-05-31, escalated from 2024-06-30',
    );
  });
});

describe('holds', () => {
  it('a finished hold moves the due date later by the paused calendar days (DESIGN example)', () => {
    const transitions = [initial('SIGNED', '2024-03-01'), hold('SIGNED', '2024-04-01'), resume('SIGNED', '2024-04-13')];
    const c = one(run({ transitions }, at('2024-05-01')), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ dueDate: '2024-06-11', pausedDays: 12, status: 'ON_TRACK', level: 'NONE' });
    expect(c.explanation.zh.startsWith('签约 2024-03-01 起 90 个自然日，暂停 12 天，应于 2024-06-11 前落地')).toBe(true);
    expect(c.explanation.en.startsWith('90 calendar days from signing on 2024-03-01, paused 12 days: landing due by 2024-06-11')).toBe(true);
    expect(iso(c.warnAt)).toBe(sh('2024-05-24', '00:00:00.000'));
  });

  it('an ongoing hold pauses every open clock, keeps the level it had, and schedules no check', () => {
    const before = run({ transitions: [initial('SIGNED', '2024-03-01'), hold('SIGNED', '2024-04-01')] }, at('2024-09-01'));
    expect(one(before, 'SIGNED_TO_LANDED')).toMatchObject({ status: 'PAUSED', level: 'NONE', pausedSince: '2024-04-01', dueDate: '2024-05-30', nextCheckAt: null });
    expect(one(before, 'SIGNED_TO_LANDED').explanation.zh).toContain('项目自 2024-04-01 起停缓建，时限暂停');
    expect(one(before, 'SIGNED_TO_OPERATING').status).toBe('PAUSED');
    // The hold itself is reviewed: 180 days from 2024-04-01 → 2024-09-28.
    expect(one(before, 'HOLD_REVIEW:2024-04-01')).toMatchObject({ status: 'ON_TRACK', level: 'WARNING', dueDate: '2024-09-28' });
    const late = run({ transitions: [initial('SIGNED', '2024-03-01'), hold('SIGNED', '2024-06-05')] }, at('2024-09-01'));
    expect(one(late, 'SIGNED_TO_LANDED')).toMatchObject({ status: 'PAUSED', level: 'OVERDUE', nextCheckAt: null });
    expect(one(late, 'SIGNED_TO_LANDED').explanation.zh).toContain('暂停前已红灯');
  });

  it('resuming into a later stage stops the clocks it satisfies, paused time counted', () => {
    const transitions = [initial('SIGNED', '2024-03-01'), hold('SIGNED', '2024-04-01'), resume('LANDED', '2024-06-20')];
    const c = run({ transitions }, at('2024-07-01'));
    // Due 2024-05-30 + 80 paused days = 2024-08-18; landed 2024-06-20 → met.
    expect(one(c, 'SIGNED_TO_LANDED')).toMatchObject({ status: 'MET', pausedDays: 80, dueDate: '2024-08-18', metDate: '2024-06-20' });
    expect(one(c, 'HOLD_REVIEW:2024-04-01')).toMatchObject({ status: 'MET', metDate: '2024-06-20' });
    expect(one(c, 'HOLD_REVIEW:2024-04-01').explanation.zh).toContain('已于 2024-06-20 复工，按期完成');
  });

  it('a working-day rule shifts by the paused working days (国庆 2025 inside the hold)', () => {
    const wd = rule('WD10', { duration: { value: 10, unit: 'working_days' } });
    const base = [initial('SIGNED', '2025-09-26')];
    expect(one(run({ transitions: base }, at('2025-09-27'), [wd]), 'WD10').dueDate).toBe('2025-10-16');
    const c = one(run({ transitions: [...base, hold('SIGNED', '2025-09-30'), resume('SIGNED', '2025-10-10')] }, at('2025-10-11'), [wd]), 'WD10');
    // Paused 2025-09-30 .. 2025-10-09: working days 09-30 and 10-09 only.
    expect(c).toMatchObject({ pausedDays: 2, dueDate: '2025-10-20' });
    expect(c.explanation.zh).toContain('暂停 2 个工作日');
  });

  it('a reopened cancellation counts as paused time', () => {
    const transitions = [initial('SIGNED', '2024-03-01'), cancel('SIGNED', '2024-04-01'), correct('CANCELLED', 'SIGNED', '2024-04-11')];
    expect(one(run({ transitions }, at('2024-05-01')), 'SIGNED_TO_LANDED')).toMatchObject({ status: 'ON_TRACK', pausedDays: 10, dueDate: '2024-06-09' });
  });
});

describe('units', () => {
  const wd = (n: number) => rule('WD', { duration: { value: n, unit: 'working_days' } });
  it.each([
    // start, N working days, due (real 调休 cases)
    ['2025-09-26', 10, '2025-10-16', '国庆中秋 2025 with make-up days 09-28 and 10-11'],
    ['2025-09-26', 1, '2025-09-28', 'make-up Sunday 2025-09-28'],
    ['2025-09-30', 3, '2025-10-11', 'make-up Saturday 2025-10-11'],
    ['2024-02-08', 5, '2024-02-21', '春节 2024 with make-up Sunday 02-18'],
    ['2024-02-02', 1, '2024-02-04', 'make-up Sunday 2024-02-04'],
    ['2026-02-13', 3, '2026-02-25', '春节 2026 (02-15..23) with make-up Saturday 02-14'],
    ['2020-01-23', 3, '2020-02-05', '春节 2020, extended to 02-02'],
    ['2024-09-30', 1, '2024-10-08', '国庆 2024'],
  ])('%s + %i working days is due %s (%s)', (start, n, due) => {
    const c = one(run({ transitions: [initial('SIGNED', start)] }, at(start), [wd(n)]), 'WD');
    expect(c.dueDate).toBe(due);
    expect(c.missingCalendarYears).toEqual([]);
    expect(c.explanation.zh).toContain(`${n} 个工作日`);
  });

  it('working-day warnings and escalation count working days', () => {
    const c = one(run({ transitions: [initial('SIGNED', '2025-09-26')] }, at('2025-09-27'), [wd(10)]), 'WD');
    expect(iso(c.warnAt)).toBe(sh('2025-10-14', '00:00:00.000')); // 8th working day
    expect(iso(c.escalateAt)).toBe(sh('2025-11-28', '00:00:00.000')); // 30 working days after 10-16
  });

  it('falls back to weekends only for a year with no data, and says so', () => {
    const c = one(run({ transitions: [initial('SIGNED', '2026-12-21')] }, at('2026-12-22'), [wd(20)]), 'WD');
    expect(c.missingCalendarYears).toEqual([2027]);
    expect(c.explanation.zh).toContain('2027 年无法定节假日数据，按仅周末休息计算');
    expect(c.explanation.en).toContain('no official holiday data for 2027; weekends only were counted');
    const bare = computeClocks({ project, transitions: [initial('SIGNED', '2025-09-26')], rules: [wd(10)], calendar: WorkingCalendar.weekendsOnly() }, at('2025-09-27'));
    expect(bare[0]).toMatchObject({ dueDate: '2025-10-10', missingCalendarYears: [2025] });
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2024-03-15', 6, '2024-09-15'],
    ['2024-08-31', 6, '2025-02-28'],
  ])('months: %s + %i months is due %s (same day of month, clamped)', (start, n, due) => {
    const m = rule('M', { duration: { value: n, unit: 'months' } });
    const c = one(run({ transitions: [initial('SIGNED', start)] }, at(start), [m]), 'M');
    expect(c.dueDate).toBe(due);
    expect(c.explanation.zh).toContain(`${n} 个月`);
  });

  it('warns N days before due when the rule says daysBefore', () => {
    const r = rule('DB', { warn: { daysBefore: 10 } });
    const c = one(run({ transitions: [initial('SIGNED', '2024-03-01')] }, at('2024-03-02'), [r]), 'DB');
    expect(iso(c.warnAt)).toBe(sh('2024-05-20', '00:00:00.000'));
    const wr = rule('WDB', { duration: { value: 10, unit: 'working_days' }, warn: { daysBefore: 3 } });
    const w = one(run({ transitions: [initial('SIGNED', '2025-09-26')] }, at('2025-09-27'), [wr]), 'WDB');
    expect(iso(w.warnAt)).toBe(sh('2025-10-13', '00:00:00.000')); // 3 working days before 10-16
  });
});

describe('cancellation, corrections, waivers, history as of now', () => {
  it('CANCELLED cancels every open clock; met clocks stay met', () => {
    const transitions = [initial('SIGNED', '2024-03-01'), fwd('SIGNED', 'LANDED', '2024-04-01'), cancel('LANDED', '2024-05-01')];
    const c = run({ transitions }, at('2024-09-01'));
    expect(one(c, 'SIGNED_TO_LANDED').status).toBe('MET');
    for (const k of ['LANDED_TO_CONSTRUCTION', 'SIGNED_TO_CONSTRUCTION', 'SIGNED_TO_OPERATING']) {
      expect(one(c, k)).toMatchObject({ status: 'CANCELLED', level: 'NONE', nextCheckAt: null, endedDate: '2024-05-01' });
    }
    expect(one(c, 'LANDED_TO_CONSTRUCTION').explanation.zh).toContain('项目已于 2024-05-01 终止，时限取消');
  });

  it('a correction moving back erases the later reach dates and reopens the clocks', () => {
    const transitions = [initial('SIGNED', '2024-03-01'), fwd('SIGNED', 'LANDED', '2024-04-01'), correct('LANDED', 'SIGNED', '2024-04-01')];
    const c = run({ transitions }, at('2024-05-20'));
    expect(one(c, 'SIGNED_TO_LANDED')).toMatchObject({ status: 'ON_TRACK', level: 'WARNING', startDate: '2024-03-01' });
    expect(c.find((x) => x.key === 'LANDED_TO_CONSTRUCTION')).toBeUndefined();
  });

  it('a project entered at a later stage has no clock from the stages it never recorded', () => {
    const c = run({ transitions: [initial('UNDER_CONSTRUCTION', '2024-01-10')] }, at('2024-02-01'));
    expect(c.map((x) => x.key).filter((k) => k.startsWith('SIGNED'))).toEqual([]);
    expect(one(c, 'CONSTRUCTION_TO_OPERATING')).toMatchObject({ startDate: '2024-01-10', dueDate: '2025-07-03' });
    const withSigning = run({ transitions: [initial('UNDER_CONSTRUCTION', '2024-01-10', { SIGNED: '2023-06-01' })] }, at('2024-02-01'));
    expect(one(withSigning, 'SIGNED_TO_OPERATING')).toMatchObject({ startDate: '2023-06-01', dueDate: '2025-05-31' });
  });

  it('a waived clock is WAIVED with no level', () => {
    const c = one(run({ transitions: [initial('SIGNED', '2024-03-01')], waivedKeys: ['SIGNED_TO_LANDED'] }, at('2024-07-01')), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ status: 'WAIVED', level: 'NONE', nextCheckAt: null });
  });

  it('ignores transitions dated after today', () => {
    const transitions = [initial('SIGNED', '2024-03-01'), fwd('SIGNED', 'LANDED', '2024-04-01')];
    expect(one(run({ transitions }, at('2024-03-31')), 'SIGNED_TO_LANDED').status).toBe('ON_TRACK');
    expect(one(run({ transitions }, at('2024-04-01', '00:00:00.000')), 'SIGNED_TO_LANDED').status).toBe('MET');
  });
});

describe('rule changes: open clocks take the new version, judged ones keep theirs', () => {
  const v1 = seed('SIGNED_TO_LANDED');
  const v2 = { ...v1, version: 2, duration: { value: 120, unit: 'calendar_days' as const } };
  const v2short = { ...v1, version: 2, duration: { value: 60, unit: 'calendar_days' as const } };
  const judged = (status: Clock['status'], level: Clock['level']) => [{ key: 'SIGNED_TO_LANDED', status, level, rule: v1 }];
  const signed = [initial('SIGNED', '2024-03-01')];

  it('an open clock takes the new version', () => {
    const c = one(run({ transitions: signed, judgedClocks: judged('ON_TRACK', 'NONE') }, at('2024-04-10'), [v2]), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ ruleVersion: 2, dueDate: '2024-06-29' });
  });
  it('a breached clock keeps the version that judged it', () => {
    const c = one(run({ transitions: signed, judgedClocks: judged('OVERDUE', 'OVERDUE') }, at('2024-06-10'), [v2]), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ ruleVersion: 1, dueDate: '2024-05-30', status: 'OVERDUE' });
  });
  it('a met clock keeps the version that judged it', () => {
    const transitions = [...signed, fwd('SIGNED', 'LANDED', '2024-05-20')];
    const c = one(run({ transitions, judgedClocks: judged('MET', 'NONE') }, at('2024-06-10'), [v2short]), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ ruleVersion: 1, status: 'MET' });
    expect(one(run({ transitions }, at('2024-06-10'), [v2short]), 'SIGNED_TO_LANDED')).toMatchObject({ ruleVersion: 2, status: 'MET_LATE' });
  });
  it('a clock reopened by a correction takes the new version', () => {
    const transitions = [...signed, fwd('SIGNED', 'LANDED', '2024-05-20'), correct('LANDED', 'SIGNED', '2024-05-21')];
    const c = one(run({ transitions, judgedClocks: judged('MET', 'NONE') }, at('2024-05-22'), [v2]), 'SIGNED_TO_LANDED');
    expect(c).toMatchObject({ ruleVersion: 2, status: 'ON_TRACK' });
  });
});

describe('rule selection', () => {
  const large = { ...seed('SIGNED_TO_OPERATING_LARGE'), active: true };
  const rules = [...seedRules.filter((r) => r.code !== large.code), large];
  it('the inactive seed example does not run', () => {
    const c = run({ transitions: [initial('SIGNED', '2024-03-01')], project: { ...project, totalInvestment: '150000' } }, at('2024-04-01'));
    expect(c.map((x) => x.key)).toContain('SIGNED_TO_OPERATING');
    expect(c.map((x) => x.key)).not.toContain('SIGNED_TO_OPERATING_LARGE');
  });
  it.each([
    ['150000', 'SIGNED_TO_OPERATING_LARGE', '2027-03-01'],
    ['100000', 'SIGNED_TO_OPERATING_LARGE', '2027-03-01'],
    ['99999.99', 'SIGNED_TO_OPERATING', '2026-03-01'],
    [null, 'SIGNED_TO_OPERATING', '2026-03-01'],
  ])('a project of %s 万元 runs %s (due %s): the more specific rule replaces the general one', (inv, key, due) => {
    const c = run({ transitions: [initial('SIGNED', '2024-03-01')], project: { ...project, totalInvestment: inv } }, at('2024-04-01'), rules);
    const keys = c.map((x) => x.key).filter((k) => k.startsWith('SIGNED_TO_OPERATING'));
    expect(keys).toEqual([key]);
    expect(one(c, key).dueDate).toBe(due);
  });
});

describe('plan dates', () => {
  const transitions = [initial('SIGNED', '2024-03-01'), fwd('SIGNED', 'UNDER_CONSTRUCTION', '2024-06-20')];
  const plan = { stage: 'CONSTRUCTION_COMPLETE' as CanonicalStage, expectedDate: '2024-10-31', sourceText: '预计10月份完工' };
  it.each([
    ['2024-09-30', 'NONE'],
    ['2024-10-01', 'WARNING'],
    ['2024-10-31', 'WARNING'],
    ['2024-11-01', 'OVERDUE'],
    ['2024-11-30', 'OVERDUE'],
    ['2024-12-01', 'ESCALATED'],
  ])('on %s the plan clock is %s', (date, level) => {
    const c = one(run({ transitions, planDates: [plan] }, at(date, '08:00:00.000')), 'PLAN_DATE:CONSTRUCTION_COMPLETE');
    expect(c).toMatchObject({ level, dueDate: '2024-10-31', kind: 'PLAN_DATE', toStage: 'CONSTRUCTION_COMPLETE', startDate: '2024-06-20' });
    expect(c.explanation.zh.startsWith('计划 2024-10-31 前竣工（预计10月份完工）')).toBe(true);
    expect(c.explanation.en.startsWith('Plan: completion by 2024-10-31 ("预计10月份完工")')).toBe(true);
  });
  it('is met by the milestone or a later one', () => {
    const met = run({ transitions: [...transitions, fwd('UNDER_CONSTRUCTION', 'CONSTRUCTION_COMPLETE', '2024-10-20')], planDates: [plan] }, at('2024-12-01'));
    expect(one(met, 'PLAN_DATE:CONSTRUCTION_COMPLETE')).toMatchObject({ status: 'MET', metDate: '2024-10-20' });
    const late = run({ transitions: [...transitions, fwd('UNDER_CONSTRUCTION', 'OPERATING', '2024-11-05')], planDates: [plan] }, at('2024-12-01'));
    expect(one(late, 'PLAN_DATE:CONSTRUCTION_COMPLETE')).toMatchObject({ status: 'MET_LATE', metDate: '2024-11-05' });
  });
  it('takes the date parsed from the report phrase', () => {
    const expectedDate = parseExpectedDate('预计2025年开工', '2024-06-30')!;
    const c = one(
      run({ transitions: [initial('SIGNED', '2024-03-01')], planDates: [{ stage: 'UNDER_CONSTRUCTION', expectedDate, sourceText: '预计2025年开工' }] }, at('2026-01-15')),
      'PLAN_DATE:UNDER_CONSTRUCTION',
    );
    expect(c).toMatchObject({ dueDate: '2025-12-31', level: 'OVERDUE' });
    expect(c.explanation.zh).toContain('计划 2025-12-31 前开工（预计2025年开工）');
  });
});

describe('stale update (月调度): report by working day 5 of the next month', () => {
  it.each([
    ['2024-05', '2024-06-07', '端午 2024-06-10 is after it'],
    ['2024-09', '2024-10-12', '国庆 2024, make-up Saturday 10-12 is working day 5'],
    ['2025-09', '2025-10-14', '国庆中秋 2025 until 10-08, make-up Saturday 10-11'],
    ['2025-01', '2025-02-10', '春节 2025 until 02-04, make-up Saturday 02-08'],
    ['2025-12', '2026-01-08', '元旦 2026, make-up Sunday 01-04'],
    ['2024-01', '2024-02-06', 'make-up Sunday 2024-02-04'],
  ])('the report for %s is due %s (%s)', (period, due) => {
    const prev = (() => {
      const [y, m] = period.split('-').map(Number);
      return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    })();
    const c = run({ transitions: [initial('SIGNED', '2023-01-05')], progressReports: [prev] }, at(`${period}-15`));
    expect(one(c, `MONTHLY_REPORT:${period}`)).toMatchObject({ dueDate: due, status: 'ON_TRACK', period });
    expect(one(c, `MONTHLY_REPORT:${prev}`)).toMatchObject({ status: 'MET' });
  });

  it('is overdue the day after working day 5, and explains itself', () => {
    const c = run({ transitions: [initial('SIGNED', '2024-03-10')], progressReports: ['2024-03', { period: '2024-04', reportedOn: '2024-05-06' }] }, at('2024-06-08'));
    const may = one(c, 'MONTHLY_REPORT:2024-05');
    expect(may).toMatchObject({ status: 'OVERDUE', level: 'OVERDUE', startDate: '2024-05-01' });
    expect(iso(may.warnAt)).toBe(sh('2024-06-03', '00:00:00.000')); // working day 1
    expect(may.explanation.zh.startsWith('2024-05 月调度进度应于 2024-06-07（次月第 5 个工作日）前报送')).toBe(true);
    expect(one(c, 'MONTHLY_REPORT:2024-04')).toMatchObject({ status: 'MET', metDate: '2024-05-06' });
  });

  it('starts with the month the project became active or entered Luodi', () => {
    const c = run({ transitions: [initial('SIGNED', '2020-03-10')], project: { ...project, trackedSince: '2024-05-20' } }, at('2024-05-25'));
    expect(one(c, 'MONTHLY_REPORT:2024-05')).toMatchObject({ startDate: '2024-05-20', dueDate: '2024-06-07' });
    const none = run({ transitions: [initial('NEGOTIATING', '2024-03-10')] }, at('2024-05-25'));
    expect(none.filter((x) => x.kind === 'STALE_UPDATE')).toEqual([]);
  });

  it('pauses while on hold and restarts with the month of resumption', () => {
    const onHold = run({ transitions: [initial('SIGNED', '2024-03-10'), hold('SIGNED', '2024-04-15')], progressReports: ['2024-03'] }, at('2024-09-01'));
    expect(one(onHold, 'MONTHLY_REPORT:2024-04')).toMatchObject({ status: 'PAUSED', level: 'NONE' });
    expect(one(onHold, 'MONTHLY_REPORT:2024-04').explanation.zh).toContain('暂停期间无需报送，复工当月起恢复月调度');
    const resumed = run(
      { transitions: [initial('SIGNED', '2024-03-10'), hold('SIGNED', '2024-04-15'), resume('SIGNED', '2024-09-10')], progressReports: ['2024-03'] },
      at('2024-09-12'),
    );
    expect(resumed.filter((x) => x.kind === 'STALE_UPDATE').map((x) => x.key)).toEqual(['MONTHLY_REPORT:2024-03', 'MONTHLY_REPORT:2024-09']);
    expect(one(resumed, 'MONTHLY_REPORT:2024-09')).toMatchObject({ startDate: '2024-09-10', status: 'ON_TRACK' });
  });

  it('ends when the project reaches full capacity', () => {
    const c = run({ transitions: [initial('SIGNED', '2024-03-10'), fwd('SIGNED', 'AT_CAPACITY', '2024-04-20')], progressReports: ['2024-03'] }, at('2024-06-20'));
    expect(one(c, 'MONTHLY_REPORT:2024-04')).toMatchObject({ status: 'MET', metDate: '2024-04-20', level: 'NONE' });
    expect(one(c, 'MONTHLY_REPORT:2024-04').explanation.zh).toContain('不再需要月调度');
  });

  it('says when the deadline falls in a year with no calendar data', () => {
    const c = run({ transitions: [initial('SIGNED', '2026-01-05')], progressReports: ['2026-11'] }, at('2026-12-10'));
    const dec = one(c, 'MONTHLY_REPORT:2026-12');
    expect(dec.dueDate).toBe('2027-01-07'); // weekends only: 01-01 Fri … 01-07 Thu
    expect(dec.explanation.zh).toContain('2027 年无法定节假日数据');
  });
});

describe('hold review', () => {
  it.each([
    ['2024-08-01', 'ON_TRACK', 'WARNING'],
    ['2024-09-10', 'OVERDUE', 'OVERDUE'],
    ['2024-10-01', 'OVERDUE', 'ESCALATED'],
  ])('on %s a hold from 2024-03-01 is %s/%s (due 2024-08-28)', (date, status, level) => {
    const c = one(run({ transitions: [initial('SIGNED', '2024-01-05'), hold('SIGNED', '2024-03-01')] }, at(date)), 'HOLD_REVIEW:2024-03-01');
    expect(c).toMatchObject({ status, level, dueDate: '2024-08-28' });
    expect(c.explanation.zh.startsWith('2024-03-01 起停缓建，应在 180 个自然日内（2024-08-28 前）作出复工或终止决定')).toBe(true);
  });
  it('is decided by terminating the project too', () => {
    const c = one(run({ transitions: [initial('SIGNED', '2024-01-05'), hold('SIGNED', '2024-03-01'), cancel('ON_HOLD', '2024-09-01')] }, at('2024-09-02')), 'HOLD_REVIEW:2024-03-01');
    expect(c).toMatchObject({ status: 'MET_LATE', metDate: '2024-09-01' });
    expect(c.explanation.zh).toContain('已于 2024-09-01 决定终止，逾期 4 天');
  });
});

describe('forecast: stage targets still to run against the overall target', () => {
  const rules = [
    rule('S2O', { toStage: 'OPERATING', duration: { value: 400, unit: 'calendar_days' } }),
    rule('S2L', { toStage: 'LANDED', duration: { value: 90, unit: 'calendar_days' } }),
    rule('L2C', { fromStage: 'LANDED', toStage: 'UNDER_CONSTRUCTION', duration: { value: 60, unit: 'calendar_days' } }),
    rule('C2O', { fromStage: 'UNDER_CONSTRUCTION', toStage: 'OPERATING', duration: { value: 300, unit: 'calendar_days' } }),
  ];
  it('warns before any stage is late when the remaining targets no longer fit', () => {
    // Signed 2024-01-01 (S2O due 2025-02-04); landed 2024-03-30, so construction is due by 2024-05-29 and then
    // 300 days reach 2025-03-25: too late from the start.
    const c = run({ transitions: [initial('SIGNED', '2024-01-01'), fwd('SIGNED', 'LANDED', '2024-03-30')] }, at('2024-04-10'), rules);
    const s2o = one(c, 'S2O');
    expect(one(c, 'L2C')).toMatchObject({ level: 'NONE' });
    expect(s2o).toMatchObject({ level: 'WARNING', dueDate: '2025-02-04' });
    expect(s2o.forecast).toEqual({ warnDate: '2024-01-01', projectedDate: '2025-03-25', via: ['L2C', 'C2O'] });
    expect(s2o.explanation.zh).toContain('预测：按后续各阶段时限（L2C → C2O）测算');
  });
  it('warns from the first day the remaining targets stop fitting', () => {
    // Landed 2024-01-20: construction due 2024-03-20, + 300 = 2025-01-14 ≤ 2025-02-04; from 2024-04-11 on,
    // starting construction that day leaves 300 days ending 2025-02-05, one day late.
    const c = run({ transitions: [initial('SIGNED', '2024-01-01'), fwd('SIGNED', 'LANDED', '2024-01-20')] }, at('2024-02-01'), rules);
    const s2o = one(c, 'S2O');
    expect(s2o.level).toBe('NONE');
    expect(s2o.forecast?.warnDate).toBe('2024-04-11');
    expect(iso(s2o.nextCheckAt)).toBe(sh('2024-04-11', '00:00:00.000'));
    const later = one(run({ transitions: [initial('SIGNED', '2024-01-01'), fwd('SIGNED', 'LANDED', '2024-01-20')] }, at('2024-04-11', '09:00:00.000'), rules), 'S2O');
    expect(later.level).toBe('WARNING');
    expect(later.forecast?.projectedDate).toBe('2025-02-05');
  });
  it('with the seeded defaults, forecasts only once the remaining 60 + 540 days exceed what is left of 730', () => {
    const landed = [initial('SIGNED', '2024-01-01'), fwd('SIGNED', 'LANDED', '2024-03-01')];
    const c = one(run({ transitions: landed }, at('2024-03-10')), 'SIGNED_TO_OPERATING');
    // Construction due 2024-04-30; starting it after 2024-07-09 leaves 540 days ending after 2025-12-31.
    expect(c).toMatchObject({ level: 'NONE', dueDate: '2025-12-31' });
    expect(c.forecast?.warnDate).toBe('2024-07-10');
    const started = one(run({ transitions: [...landed, fwd('LANDED', 'UNDER_CONSTRUCTION', '2024-04-15')] }, at('2024-05-10')), 'SIGNED_TO_OPERATING');
    expect(started.forecast).toBeNull();
  });
});
