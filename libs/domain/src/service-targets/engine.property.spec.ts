/**
 * Property-based tests (fast-check) of the clock engine's invariants, over random stage histories (forward
 * moves with skips, corrections, cancellations and reopenings, holds), plan dates, progress reports and a
 * rule set mixing calendar-day, working-day and month rules, on the real working-day calendar.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { WorkingCalendar, type CalendarYearData } from '../calendar/working-calendar.js';
import { dateOfDay, dayNumber } from '../calendar/day-math.js';
import { HOLDABLE_STAGES, STAGES, stageOrder, type CanonicalStage, type Stage } from '../projects/project-stage.js';
import { computeClocks } from './engine.js';
import { CLOCK_LEVEL_RANK, evaluateClockAt, type Clock, type ClockInput, type PlanDateFact } from './clock.js';
import type { ProjectFacts, ServiceTargetRule, ServiceTargetRuleDefinition } from './rule.js';
import { deriveStageTimeline, reachedAtOrAfter, type StageTransitionFact } from './stage-timeline.js';

const seedDir = new URL('../../../../seeds/calendar/', import.meta.url);
const calendar = new WorkingCalendar(
  readdirSync(seedDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, seedDir), 'utf8')) as CalendarYearData),
);
const seedRules: ServiceTargetRule[] = (
  JSON.parse(readFileSync(new URL('../../../../seeds/service-targets.json', import.meta.url), 'utf8')) as ServiceTargetRuleDefinition[]
).map((r) => ({ ...r, id: `seed-${r.code}`, version: 1 }));
const extra = (code: string, over: Partial<ServiceTargetRule>): ServiceTargetRule => ({
  id: code,
  code,
  version: 1,
  name: code,
  kind: 'SERVICE_TARGET',
  duration: { value: 20, unit: 'working_days' },
  warn: { daysBefore: 5 },
  escalateAfterDays: 10,
  filter: {},
  active: true,
  ...over,
});
const rules: ServiceTargetRule[] = [
  ...seedRules,
  extra('WD_SIGNED_PRE', { fromStage: 'SIGNED', toStage: 'PRE_CONSTRUCTION', duration: { value: 40, unit: 'working_days' }, warn: { percent: 75 } }),
  extra('WD_COMPLETE_COMMISSION', { fromStage: 'CONSTRUCTION_COMPLETE', toStage: 'COMMISSIONING', duration: { value: 15, unit: 'working_days' } }),
  extra('M_LANDED_PRE', { fromStage: 'LANDED', toStage: 'PRE_CONSTRUCTION', duration: { value: 2, unit: 'months' }, warn: { percent: 50 }, escalateAfterDays: 0 }),
  extra('M_PRE_COMPLETE', { fromStage: 'PRE_CONSTRUCTION', toStage: 'CONSTRUCTION_COMPLETE', duration: { value: 14, unit: 'months' }, warn: { daysBefore: 45 } }),
];
const project: ProjectFacts = { id: 'p', family: 'INVESTMENT', projectType: null, totalInvestment: '20000', unitId: 'u', listIds: [] };

// ---------------------------------------------------------------------------------------------------------------
// Random histories

type Step =
  | { op: 'forward'; gap: number; jump: number }
  | { op: 'correct'; gap: number; back: number }
  | { op: 'cancel'; gap: number }
  | { op: 'reopen'; gap: number; stage: number };
/** A hold inserted inside a step's gap: starts `at` into the gap, lasts `len` (fractions of the gap), or never ends. */
type HoldOverlay = { at: number; len: number; open: boolean } | null;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('forward' as const), gap: fc.integer({ min: 0, max: 260 }), jump: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('correct' as const), gap: fc.integer({ min: 0, max: 120 }), back: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), gap: fc.integer({ min: 0, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reopen' as const), gap: fc.integer({ min: 0, max: 120 }), stage: fc.integer({ min: 2, max: 7 }) }) },
);
const holdArb: fc.Arbitrary<HoldOverlay> = fc.option(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.double({ min: 0, max: 1, noNaN: true }), open: fc.boolean() }),
  { freq: 2 },
);

const scenarioArb = fc.record({
  start: fc.integer({ min: dayNumber('2020-01-01'), max: dayNumber('2026-03-31') }),
  initial: fc.constantFrom<CanonicalStage>('SIGNED', 'SIGNED', 'SIGNED', 'NEGOTIATING', 'LANDED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION'),
  steps: fc.array(fc.tuple(stepArb, holdArb), { maxLength: 8 }),
  /** A hold after the last step: gap fraction, or none. */
  tailHold: holdArb,
  tailGap: fc.integer({ min: 0, max: 400 }),
  plans: fc.array(fc.record({ stage: fc.constantFrom(...STAGES), offset: fc.integer({ min: -30, max: 1000 }) }), { maxLength: 3 }),
  reports: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }),
  waive: fc.boolean(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  input: ClockInput;
  /** Same history with every hold left out. */
  withoutHolds: ClockInput;
  lastDay: number;
}

function build(s: Scenario): Built {
  const withHolds: StageTransitionFact[] = [];
  const plain: StageTransitionFact[] = [];
  const push = (t: StageTransitionFact, both = true) => {
    withHolds.push(t);
    if (both) plain.push(t);
  };
  let day = s.start;
  let stage: Stage = s.initial;
  let canonical: CanonicalStage = s.initial;
  push({ kind: 'INITIAL', fromStage: null, toStage: s.initial, effectiveDate: dateOfDay(day), skippedStageDates: {} });
  let holdOpen = false;

  /** Possibly puts a hold into the gap that follows; returns false when the hold stays open (history ends). */
  const overlay = (gap: number, h: HoldOverlay): boolean => {
    if (!h || stage === 'CANCELLED' || !HOLDABLE_STAGES.includes(canonical)) return true;
    const a = day + Math.floor(h.at * gap);
    const len = Math.max(1, Math.floor(h.len * (day + gap - a)));
    push({ kind: 'HOLD', fromStage: canonical, toStage: 'ON_HOLD', effectiveDate: dateOfDay(a), skippedStageDates: {} }, false);
    if (h.open) {
      holdOpen = true;
      return false;
    }
    push({ kind: 'RESUME', fromStage: 'ON_HOLD', toStage: canonical, effectiveDate: dateOfDay(Math.min(a + len, day + gap)), skippedStageDates: {} }, false);
    return true;
  };

  for (const [step, h] of s.steps) {
    if (!overlay(step.gap, h)) break;
    day += step.gap;
    const date = dateOfDay(day);
    if (step.op === 'forward' && stage !== 'CANCELLED' && stageOrder(canonical) < 9) {
      const to = STAGES[Math.min(9, stageOrder(canonical) + step.jump)];
      push({ kind: 'FORWARD', fromStage: stage, toStage: to, effectiveDate: date, skippedStageDates: {} });
      stage = canonical = to;
    } else if (step.op === 'correct' && stage !== 'CANCELLED' && stageOrder(canonical) - step.back >= 0) {
      const to = STAGES[stageOrder(canonical) - step.back];
      push({ kind: 'CORRECTION', fromStage: stage, toStage: to, effectiveDate: date, skippedStageDates: {} });
      stage = canonical = to;
    } else if (step.op === 'cancel' && stage !== 'CANCELLED') {
      push({ kind: 'CANCEL', fromStage: stage, toStage: 'CANCELLED', effectiveDate: date, skippedStageDates: {} });
      stage = 'CANCELLED';
    } else if (step.op === 'reopen' && stage === 'CANCELLED') {
      const to = STAGES[step.stage];
      push({ kind: 'CORRECTION', fromStage: 'CANCELLED', toStage: to, effectiveDate: date, skippedStageDates: {} });
      stage = canonical = to;
    }
  }
  if (!holdOpen) overlay(s.tailGap, s.tailHold);
  const lastDay = dayNumber(withHolds[withHolds.length - 1].effectiveDate);
  const planDates: PlanDateFact[] = s.plans.map((p) => ({ stage: p.stage, expectedDate: dateOfDay(s.start + p.offset), sourceText: '预计' }));
  const progressReports = s.reports.map((m) => dateOfDay(s.start + m * 30).slice(0, 7));
  const base = { project, rules, calendar, planDates, progressReports, waivedKeys: s.waive ? ['SIGNED_TO_LANDED'] : [] };
  return { input: { ...base, transitions: withHolds }, withoutHolds: { ...base, transitions: plain }, lastDay };
}

const instantArb = (fromDay: number, span: number) =>
  fc.integer({ min: 0, max: span * 86_400_000 }).map((ms) => new Date(Date.parse(`${dateOfDay(fromDay)}T00:00:00+08:00`) + ms));

const byKey = (cs: Clock[]) => new Map(cs.map((c) => [c.key, c]));
const runs = { numRuns: 200 };

describe('clock engine properties', () => {
  it('a hold never makes a due date earlier', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 900 }), (s, after) => {
        const b = build(s);
        const now = new Date(Date.parse(`${dateOfDay(b.lastDay + after)}T12:00:00+08:00`));
        const held = byKey(computeClocks(b.input, now));
        const free = byKey(computeClocks(b.withoutHolds, now));
        for (const [key, c] of held) {
          const f = free.get(key);
          if (!f || (c.kind !== 'SERVICE_TARGET' && c.kind !== 'PLAN_DATE')) continue;
          expect(c.dueDate >= f.dueDate).toBe(true);
          expect(c.pausedDays).toBeGreaterThanOrEqual(f.pausedDays);
        }
      }),
      runs,
    );
  }, 120_000);

  it('nextCheckAt is after now unless the level is final, and agrees with evaluateClockAt', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: -200, max: 1200 }), fc.integer({ min: 0, max: 86_399_999 }), (s, offset, ms) => {
        const b = build(s);
        const now = new Date(Date.parse(`${dateOfDay(b.lastDay + offset)}T00:00:00+08:00`) + ms);
        for (const c of computeClocks(b.input, now)) {
          if (c.nextCheckAt !== null) expect(c.nextCheckAt.getTime()).toBeGreaterThan(now.getTime());
          else expect(c.level === 'ESCALATED' || !['ON_TRACK', 'OVERDUE'].includes(c.status)).toBe(true);
          expect(evaluateClockAt(c, now)).toEqual({ status: c.status, level: c.level, nextCheckAt: c.nextCheckAt });
          expect(c.warnAt.getTime()).toBeLessThanOrEqual(c.dueAt.getTime());
          expect(c.dueAt.getTime()).toBeLessThan(c.escalateAt.getTime());
          if (['MET', 'MET_LATE', 'CANCELLED', 'WAIVED'].includes(c.status)) expect(c.level).toBe('NONE');
        }
      }),
      runs,
    );
  }, 120_000);

  it('levels are monotonic in now', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => {
          const b = build(s);
          return fc.tuple(fc.constant(b), instantArb(b.lastDay, 1500), instantArb(b.lastDay, 1500));
        }),
        ([b, t1, t2]) => {
          const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const a = byKey(computeClocks(b.input, early));
          const z = byKey(computeClocks(b.input, late));
          expect([...z.keys()]).toEqual([...a.keys()]);
          for (const [key, c] of a) {
            const d = z.get(key)!;
            expect(CLOCK_LEVEL_RANK[d.level]).toBeGreaterThanOrEqual(CLOCK_LEVEL_RANK[c.level]);
            // The facts did not change, so neither do the due date and the status family.
            expect(d.dueDate).toBe(c.dueDate);
          }
        },
      ),
      runs,
    );
  }, 120_000);

  it('a clock whose milestone was reached is met (on time or late), never overdue or escalated', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: -100, max: 1200 }), (s, offset) => {
        const b = build(s);
        const now = new Date(Date.parse(`${dateOfDay(b.lastDay + offset)}T18:00:00+08:00`));
        const tl = deriveStageTimeline(b.input.transitions, dateOfDay(b.lastDay + offset));
        for (const c of computeClocks(b.input, now)) {
          if ((c.kind !== 'SERVICE_TARGET' && c.kind !== 'PLAN_DATE') || !c.toStage) continue;
          const reached = reachedAtOrAfter(tl, c.toStage);
          if (reached === null) continue;
          expect(['MET', 'MET_LATE']).toContain(c.status);
          expect(c.level).toBe('NONE');
          expect(c.metDate).toBe(reached);
          expect(c.status === 'MET').toBe(reached <= c.dueDate);
        }
      }),
      runs,
    );
  }, 120_000);

  it('resuming from a hold never lowers a level', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 86_399_999 }), (s, holdLen, after, ms) => {
        const b = build(s);
        const last = b.input.transitions[b.input.transitions.length - 1];
        fc.pre(last.kind === 'HOLD');
        const held = deriveStageTimeline(b.input.transitions).holds.at(-1)!;
        const resumeDay = b.lastDay + holdLen;
        const duringHold = new Date(Date.parse(`${dateOfDay(resumeDay)}T00:00:00+08:00`) - 1);
        const paused = byKey(computeClocks(b.input, duringHold));
        const resumed: ClockInput = {
          ...b.input,
          transitions: [...b.input.transitions, { kind: 'RESUME', fromStage: 'ON_HOLD', toStage: held.heldFromStage!, effectiveDate: dateOfDay(resumeDay), skippedStageDates: {} }],
        };
        const later = new Date(Date.parse(`${dateOfDay(resumeDay + after)}T00:00:00+08:00`) + ms);
        for (const c of computeClocks(resumed, later)) {
          const p = paused.get(c.key);
          if (!p || p.status !== 'PAUSED') continue;
          expect(CLOCK_LEVEL_RANK[c.level]).toBeGreaterThanOrEqual(CLOCK_LEVEL_RANK[p.level]);
          expect(c.dueDate >= p.dueDate).toBe(true);
        }
      }),
      runs,
    );
  }, 120_000);

  it('is deterministic and stable: the same input and now give the same clocks', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 600 }), (s, offset) => {
        const b = build(s);
        const now = new Date(Date.parse(`${dateOfDay(b.lastDay + offset)}T09:30:00+08:00`));
        expect(computeClocks(b.input, now)).toEqual(computeClocks(b.input, now));
      }),
      { numRuns: 50 },
    );
  }, 120_000);
});
