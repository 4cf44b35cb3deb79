import { isValidBusinessDate, isValidPeriod } from '../common/business-date.js';
import { isCanonicalStage, STAGES, stageOrder, type CanonicalStage } from '../projects/project-stage.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import {
  addMonths,
  businessDayOfInstant,
  dateOfDay,
  dayNumber,
  endOfDayMs,
  lastDayOfPeriod,
  nextPeriod,
  startOfDayMs,
} from '../calendar/day-math.js';
import {
  evaluateClockAt,
  type Clock,
  type ClockForecast,
  type ClockInput,
  type ClockLevel,
  type ClockStatus,
  type JudgedClock,
  type PlanDateFact,
} from './clock.js';
import { selectPlanDateRule, selectRules, type RuleDuration, type ServiceTargetRule } from './rule.js';
import { deriveStageTimeline, reachedAtOrAfter, type HoldEpisode, type StageTimeline } from './stage-timeline.js';
import { explainClock } from './explain.js';
import { computeDeskClocks } from '../service-desk-clocks/desk-clocks.js';

type DayUnit = 'calendar' | 'working';
type PauseMode = 'shift' | 'freeze' | 'none';

/** What a clock is about, before time is applied. */
interface ClockSpec {
  key: string;
  rule: ServiceTargetRule;
  fromStage: CanonicalStage | null;
  toStage: CanonicalStage | null;
  period: string | null;
  start: number;
  baseDue: number;
  pauseMode: PauseMode;
  /** The milestone that stops the clock: day reached (null = met, date unknown). */
  met: { day: number | null } | null;
  /** STALE_UPDATE: the period's clock stopped because reports are no longer required (toStage reached). */
  endedByStage?: CanonicalStage;
  plan?: PlanDateFact;
  hold?: HoldEpisode;
}

/** A clock with its thresholds, before the explanation is written. */
export interface ComputedClock {
  spec: ClockSpec;
  unit: DayUnit;
  warnDay: number;
  dueDay: number;
  escalateDay: number;
  pausedDays: number;
  status: ClockStatus;
  level: ClockLevel;
  nextCheckAt: Date | null;
  metDay: number | null;
  endedDay: number | null;
  pausedSince: number | null;
  breached: boolean;
  missingCalendarYears: number[];
  forecast: ClockForecast | null;
  /** Warning day from the rule alone (before any forecast). */
  ruleWarnDay: number;
}

interface Ctx {
  tl: StageTimeline;
  today: number;
  now: Date;
  cal: WorkingCalendar;
  waived: ReadonlySet<string>;
  /** Selected service-target rules whose start milestone has not been reached (for the forecast). */
  rulesNotStarted: ServiceTargetRule[];
}

const unitOf = (rule: ServiceTargetRule): DayUnit => (rule.duration.unit === 'working_days' ? 'working' : 'calendar');

function addDuration(cal: WorkingCalendar, day: number, d: RuleDuration): number {
  switch (d.unit) {
    case 'calendar_days':
      return day + d.value;
    case 'working_days':
      return cal.addWorkingDaysNumber(day, d.value);
    case 'months':
      return dayNumber(addMonths(dateOfDay(day), d.value));
  }
}

function addUnitDays(cal: WorkingCalendar, unit: DayUnit, day: number, n: number): number {
  return unit === 'working' ? cal.addWorkingDaysNumber(day, n) : day + n;
}

function ruleWarnDay(cal: WorkingCalendar, rule: ServiceTargetRule, unit: DayUnit, start: number, due: number): number {
  let w: number;
  if ('percent' in rule.warn) {
    const p = rule.warn.percent;
    const span = unit === 'working' ? cal.workingDaysBetweenNumbers(start, due) : due - start;
    w = span > 0 ? addUnitDays(cal, unit, start, Math.ceil((p * span) / 100)) : due;
  } else {
    w = addUnitDays(cal, unit, due, -rule.warn.daysBefore);
    if (w < start) w = start;
  }
  return Math.min(w, due);
}

function thresholdsAt(warnDay: number, dueDay: number, escalateDay: number) {
  return {
    warnAt: new Date(startOfDayMs(warnDay)),
    dueAt: new Date(endOfDayMs(dueDay)),
    escalateAt: new Date(endOfDayMs(escalateDay) + 1),
  };
}

/** Applies pauses, stop, waiver and `now` to a spec. */
function compute(spec: ClockSpec, ctx: Ctx): ComputedClock {
  const { cal, tl, today } = ctx;
  const rule = spec.rule;
  const unit = unitOf(rule);
  const start = spec.start;
  let warnDay = ruleWarnDay(cal, rule, unit, start, spec.baseDue);
  let dueDay = spec.baseDue;
  let escalateDay = addUnitDays(cal, unit, dueDay, rule.escalateAfterDays);

  const metDayRaw = spec.met ? spec.met.day : null;
  const cancelDay = !spec.met && tl.cancelledOn !== null ? dayNumber(tl.cancelledOn) : null;
  const stopDay = spec.met ? (metDayRaw ?? Infinity) : (cancelDay ?? Infinity);

  let pausedDays = 0;
  let pausedSince: number | null = null;
  if (spec.pauseMode !== 'none') {
    let shift = 0;
    for (const p of tl.pauses) {
      const a = Math.max(dayNumber(p.start), start);
      if (p.end === null) {
        // The ongoing hold: it pauses the clock if the clock is still open.
        if (!spec.met && cancelDay === null && tl.current === 'ON_HOLD') pausedSince = a;
        continue;
      }
      const b = Math.min(dayNumber(p.end), stopDay);
      if (b <= a || spec.pauseMode !== 'shift') continue;
      shift += unit === 'working' ? cal.workingDaysBetweenNumbers(a - 1, b - 1) : b - a;
    }
    if (shift > 0) {
      warnDay = addUnitDays(cal, unit, warnDay, shift);
      dueDay = addUnitDays(cal, unit, dueDay, shift);
      escalateDay = addUnitDays(cal, unit, escalateDay, shift);
      pausedDays = shift;
    }
  }

  let status: ClockStatus;
  let level: ClockLevel = 'NONE';
  let nextCheckAt: Date | null = null;
  let endedDay: number | null = null;
  let breached: boolean;
  if (spec.met) {
    const late = metDayRaw !== null && metDayRaw > dueDay;
    status = late ? 'MET_LATE' : 'MET';
    endedDay = metDayRaw;
    breached = late;
    pausedSince = null;
  } else if (ctx.waived.has(spec.key)) {
    status = 'WAIVED';
    breached = today > dueDay;
    pausedSince = null;
  } else if (cancelDay !== null) {
    status = 'CANCELLED';
    endedDay = cancelDay;
    breached = cancelDay > dueDay;
  } else if (pausedSince !== null) {
    status = 'PAUSED';
    const frozen = evaluateClockAt({ status: 'ON_TRACK', level: 'NONE', ...thresholdsAt(warnDay, dueDay, escalateDay) }, new Date(startOfDayMs(pausedSince) - 1));
    level = frozen.level;
    breached = pausedSince > dueDay;
  } else {
    const e = evaluateClockAt({ status: 'ON_TRACK', level: 'NONE', ...thresholdsAt(warnDay, dueDay, escalateDay) }, ctx.now);
    status = e.status;
    level = e.level;
    nextCheckAt = e.nextCheckAt;
    breached = today > dueDay;
  }
  const missingCalendarYears =
    unit === 'working' ? cal.yearsWithoutData(dateOfDay(Math.min(start, dueDay)), dateOfDay(Math.max(escalateDay, start))) : [];
  return {
    spec,
    unit,
    warnDay,
    dueDay,
    escalateDay,
    pausedDays,
    status,
    level,
    nextCheckAt,
    metDay: spec.met ? metDayRaw : null,
    endedDay,
    pausedSince,
    breached,
    missingCalendarYears,
    forecast: null,
    ruleWarnDay: warnDay,
  };
}

/** Re-evaluates a running clock after its warning day moved (forecast). */
function reevaluate(c: ComputedClock, ctx: Ctx): void {
  if (c.status !== 'ON_TRACK' && c.status !== 'OVERDUE') return;
  const e = evaluateClockAt({ status: 'ON_TRACK', level: 'NONE', ...thresholdsAt(c.warnDay, c.dueDay, c.escalateDay) }, ctx.now);
  c.status = e.status;
  c.level = e.level;
  c.nextCheckAt = e.nextCheckAt;
}

const isJudged = (c: ComputedClock) => c.status === 'MET' || c.status === 'MET_LATE' || c.breached;

// ---------------------------------------------------------------------------------------------------------------
// Specs per kind

function serviceTargetSpec(rule: ServiceTargetRule, ctx: Ctx): ClockSpec | null {
  if (!rule.fromStage || !rule.toStage || stageOrder(rule.fromStage) >= stageOrder(rule.toStage)) return null;
  const started = ctx.tl.reached[rule.fromStage];
  if (started === undefined) return null;
  const start = dayNumber(started);
  const reached = reachedAtOrAfter(ctx.tl, rule.toStage);
  return {
    key: rule.code,
    rule,
    fromStage: rule.fromStage,
    toStage: rule.toStage,
    period: null,
    start,
    baseDue: addDuration(ctx.cal, start, rule.duration),
    pauseMode: 'shift',
    met: reached === null ? null : { day: dayNumber(reached) },
  };
}

function planDateSpec(rule: ServiceTargetRule, plan: PlanDateFact, ctx: Ctx): ClockSpec {
  const expected = dayNumber(plan.expectedDate);
  let start: number | null = plan.recordedOn && isValidBusinessDate(plan.recordedOn) ? dayNumber(plan.recordedOn) : null;
  if (start === null) {
    // The latest milestone before the planned one, else the plan date itself.
    for (const s of STAGES.slice(0, stageOrder(plan.stage))) {
      const d = ctx.tl.reached[s];
      if (d !== undefined && (start === null || dayNumber(d) > start)) start = dayNumber(d);
    }
  }
  const reached = reachedAtOrAfter(ctx.tl, plan.stage);
  return {
    key: `${rule.code}:${plan.stage}`,
    rule,
    fromStage: null,
    toStage: plan.stage,
    period: null,
    start: start ?? expected,
    baseDue: addDuration(ctx.cal, expected, rule.duration),
    pauseMode: 'shift',
    met: reached === null ? null : { day: dayNumber(reached) },
    plan,
  };
}

function reportDeadline(rule: ServiceTargetRule, period: string, cal: WorkingCalendar): number {
  const last = dayNumber(lastDayOfPeriod(period));
  return rule.duration.unit === 'working_days' ? cal.addWorkingDaysNumber(last, rule.duration.value) : last + rule.duration.value;
}

function staleUpdateSpecs(rule: ServiceTargetRule, input: ClockInput, ctx: Ctx): ClockSpec[] {
  const { tl } = ctx;
  const activeFrom = rule.fromStage ? reachedAtOrAfter(tl, rule.fromStage) : reachedAtOrAfter(tl, 'RESERVE');
  if (activeFrom === null) return [];
  const activeUntil = rule.toStage ? reachedAtOrAfter(tl, rule.toStage) : null;
  const tracked = input.project.trackedSince && isValidBusinessDate(input.project.trackedSince) ? input.project.trackedSince : null;
  let firstDay = activeFrom;
  if (tracked && tracked > firstDay) firstDay = tracked;
  const basePeriod = firstDay.slice(0, 7);

  const reports = new Map<string, string | null>();
  for (const r of input.progressReports ?? []) {
    const period = typeof r === 'string' ? r : r.period;
    const on = typeof r === 'string' ? null : (r.reportedOn ?? null);
    if (isValidPeriod(period) && !reports.has(period)) reports.set(period, on && isValidBusinessDate(on) ? on : null);
    else if (isValidPeriod(period) && on && isValidBusinessDate(on)) {
      const prev = reports.get(period);
      if (!prev || on < prev) reports.set(period, on);
    }
  }
  let latest: string | null = null;
  for (const p of reports.keys()) if (p >= basePeriod && (latest === null || p > latest)) latest = p;

  const specs: ClockSpec[] = [];
  const startOf = (period: string, floor: string) => {
    const first = `${period}-01`;
    return dayNumber(floor > first ? floor : first);
  };
  if (latest !== null) {
    const on = reports.get(latest) ?? null;
    specs.push({
      key: `${rule.code}:${latest}`,
      rule,
      fromStage: rule.fromStage ?? null,
      toStage: rule.toStage ?? null,
      period: latest,
      start: startOf(latest, firstDay),
      baseDue: reportDeadline(rule, latest, ctx.cal),
      pauseMode: 'none',
      met: { day: on === null ? null : dayNumber(on) },
    });
  }
  // The period now owed: the month after the latest report, not before activation, nor before the month a hold ended.
  let period = latest === null ? basePeriod : nextPeriod(latest);
  let floor = firstDay;
  for (const p of tl.pauses) {
    if (p.end !== null && p.end > floor) {
      floor = p.end;
      if (p.end.slice(0, 7) > period) period = p.end.slice(0, 7);
    }
  }
  const start = startOf(period, floor);
  if (activeUntil !== null && dayNumber(activeUntil) <= start) return specs;
  if (tl.cancelledOn !== null && dayNumber(tl.cancelledOn) < start) return specs;
  specs.push({
    key: `${rule.code}:${period}`,
    rule,
    fromStage: rule.fromStage ?? null,
    toStage: rule.toStage ?? null,
    period,
    start,
    baseDue: reportDeadline(rule, period, ctx.cal),
    pauseMode: 'freeze',
    met: activeUntil === null ? null : { day: dayNumber(activeUntil) },
    ...(activeUntil !== null && rule.toStage ? { endedByStage: rule.toStage } : {}),
  });
  return specs;
}

function holdReviewSpecs(rule: ServiceTargetRule, ctx: Ctx): ClockSpec[] {
  return ctx.tl.holds.map((h) => {
    const start = dayNumber(h.start);
    return {
      key: `${rule.code}:${h.start}`,
      rule,
      fromStage: null,
      toStage: null,
      period: null,
      start,
      baseDue: addDuration(ctx.cal, start, rule.duration),
      pauseMode: 'none' as const,
      met: h.end === null ? null : { day: dayNumber(h.end) },
      hold: h,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Forecast (DESIGN §4 "What practice adds")

/**
 * For a running service-target clock A→B: when the stage targets still to run (the open ones' due dates, then
 * the full duration of each later one, chained through the project's other service targets between A and B)
 * end after B's due date, the clock warns from the first day that is so, even before any single stage is late.
 * Of several chains, the one ending earliest is used (warn only when even the quickest route allowed by the
 * targets misses the overall date).
 */
function applyForecast(target: ComputedClock, stageClocks: ComputedClock[], ctx: Ctx): void {
  if (target.status !== 'ON_TRACK' && target.status !== 'OVERDUE') return;
  const { fromStage: A, toStage: B } = target.spec;
  const current = ctx.tl.lastCanonical;
  if (!A || !B || !current || ctx.tl.current !== current) return;
  const lo = stageOrder(A);
  const hi = stageOrder(B);
  const cur = stageOrder(current);
  const subs = stageClocks.filter(
    (c) =>
      c !== target &&
      c.spec.fromStage !== null &&
      c.spec.toStage !== null &&
      stageOrder(c.spec.fromStage) >= lo &&
      stageOrder(c.spec.toStage) <= hi,
  );
  const open = subs.filter((c) => c.status === 'ON_TRACK' || c.status === 'OVERDUE');
  if (open.length === 0) return;
  const notStarted = ctx.rulesNotStarted.filter(
    (r) => r.code !== target.spec.rule.code && stageOrder(r.fromStage!) > cur && stageOrder(r.fromStage!) >= lo && stageOrder(r.toStage!) <= hi,
  );
  const project = (T: number): { day: number; via: string[] } | null => {
    const best = new Map<number, { day: number; via: string[] }>();
    const offer = (pos: number, day: number, via: string[]) => {
      const b = best.get(pos);
      if (!b || day < b.day) best.set(pos, { day, via });
    };
    for (const c of open) offer(stageOrder(c.spec.toStage!), Math.max(T, c.dueDay), [c.spec.rule.code]);
    for (let pos = cur + 1; pos < hi; pos++) {
      const b = best.get(pos);
      if (!b) continue;
      for (const r of notStarted) if (stageOrder(r.fromStage!) === pos) offer(stageOrder(r.toStage!), addDuration(ctx.cal, b.day, r.duration), [...b.via, r.code]);
    }
    return best.get(hi) ?? null;
  };
  const due = target.dueDay;
  const atDue = project(due);
  if (atDue === null || atDue.day <= due) return;
  let lo2 = target.spec.start;
  let hi2 = due;
  while (lo2 < hi2) {
    const mid = Math.floor((lo2 + hi2) / 2);
    const p = project(mid);
    if (p !== null && p.day > due) hi2 = mid;
    else lo2 = mid + 1;
  }
  if (lo2 >= target.warnDay) return;
  const now = project(Math.max(ctx.today, target.spec.start))!;
  target.warnDay = lo2;
  target.forecast = { warnDate: dateOfDay(lo2), projectedDate: dateOfDay(now.day), via: now.via };
  reevaluate(target, ctx);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Computes every clock of one project at instant `now` (DESIGN §4). Pure: the same input and `now` give the same
 * clocks. Transitions dated after today (Asia/Shanghai) are ignored. Clocks are returned sorted by key; a stored
 * clock whose key is not returned no longer applies (rule inactive or no longer matching, milestone erased by a
 * correction, …) and should be closed by the caller.
 */
export function computeClocks(input: ClockInput, now: Date): Clock[] {
  const clocks = computeClockDetails(input, now).map(toClock);
  if (!input.serviceDesk) return clocks;
  // Service-desk clocks (限时审批, 诉求, 承诺兑现): same thresholds and levels, limits from the records.
  const tl = deriveStageTimeline(input.transitions, dateOfDay(businessDayOfInstant(now.getTime())));
  const desk = computeDeskClocks(input.serviceDesk, {
    now,
    calendar: input.calendar,
    cancelledOn: tl.cancelledOn,
    waived: new Set(input.waivedKeys ?? []),
  });
  return [...clocks, ...desk].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** `computeClocks` before explanations are written (for callers that need the day numbers). */
export function computeClockDetails(input: ClockInput, now: Date): ComputedClock[] {
  const today = businessDayOfInstant(now.getTime());
  const tl = deriveStageTimeline(input.transitions, dateOfDay(today));
  const selected = selectRules(input.rules, input.project);
  const judged = new Map<string, JudgedClock>();
  for (const j of input.judgedClocks ?? []) judged.set(j.key, j);
  const ctx: Ctx = {
    tl,
    today,
    now,
    cal: input.calendar,
    waived: new Set(input.waivedKeys ?? []),
    rulesNotStarted: selected.filter(
      (r) => r.kind === 'SERVICE_TARGET' && r.fromStage && r.toStage && tl.reached[r.fromStage] === undefined,
    ),
  };

  /** Computes a spec with its current rule, or with the stored version if that one judged it met or breached. */
  const withJudgement = (spec: ClockSpec, rebuild: (rule: ServiceTargetRule) => ClockSpec | null): ComputedClock => {
    const fresh = compute(spec, ctx);
    const j = judged.get(spec.key);
    if (!j || j.rule.code !== spec.rule.code || (j.rule.id === spec.rule.id && j.rule.version === spec.rule.version)) return fresh;
    const oldSpec = rebuild(j.rule);
    if (!oldSpec || oldSpec.key !== spec.key) return fresh;
    const old = compute(oldSpec, ctx);
    return isJudged(old) ? old : fresh;
  };

  const out: ComputedClock[] = [];
  const stageClocks: ComputedClock[] = [];
  for (const rule of selected) {
    switch (rule.kind) {
      case 'SERVICE_TARGET': {
        const spec = serviceTargetSpec(rule, ctx);
        if (!spec) break;
        const c = withJudgement(spec, (r) => serviceTargetSpec(r, ctx));
        stageClocks.push(c);
        out.push(c);
        break;
      }
      case 'STALE_UPDATE':
        for (const spec of staleUpdateSpecs(rule, input, ctx)) {
          out.push(withJudgement(spec, (r) => staleUpdateSpecs(r, input, ctx).find((s) => s.key === spec.key) ?? null));
        }
        break;
      case 'HOLD_REVIEW':
        for (const spec of holdReviewSpecs(rule, ctx)) {
          out.push(withJudgement(spec, (r) => holdReviewSpecs(r, ctx).find((s) => s.key === spec.key) ?? null));
        }
        break;
      case 'PLAN_DATE':
        break;
    }
  }
  const planRules = selected.filter((r) => r.kind === 'PLAN_DATE');
  const seenPlans = new Set<string>();
  for (const plan of input.planDates ?? []) {
    if (!isCanonicalStage(plan.stage) || !isValidBusinessDate(plan.expectedDate) || seenPlans.has(plan.stage)) continue;
    seenPlans.add(plan.stage);
    const rule = selectPlanDateRule(planRules, plan.stage);
    if (!rule) continue;
    out.push(withJudgement(planDateSpec(rule, plan, ctx), (r) => planDateSpec(r, plan, ctx)));
  }
  for (const c of stageClocks) applyForecast(c, stageClocks, ctx);
  return out.sort((a, b) => (a.spec.key < b.spec.key ? -1 : a.spec.key > b.spec.key ? 1 : 0));
}

function toClock(c: ComputedClock): Clock {
  const { spec } = c;
  const t = thresholdsAt(c.warnDay, c.dueDay, c.escalateDay);
  return {
    key: spec.key,
    ruleId: spec.rule.id,
    ruleCode: spec.rule.code,
    ruleVersion: spec.rule.version,
    kind: spec.rule.kind,
    fromStage: spec.fromStage,
    toStage: spec.toStage,
    period: spec.period,
    duration: { ...spec.rule.duration },
    startDate: dateOfDay(spec.start),
    dueDate: dateOfDay(c.dueDay),
    pausedDays: c.pausedDays,
    status: c.status,
    level: c.level,
    warnAt: t.warnAt,
    dueAt: t.dueAt,
    escalateAt: t.escalateAt,
    nextCheckAt: c.nextCheckAt,
    metDate: c.metDay === null ? null : dateOfDay(c.metDay),
    endedDate: c.endedDay === null ? null : dateOfDay(c.endedDay),
    pausedSince: c.pausedSince === null ? null : dateOfDay(c.pausedSince),
    missingCalendarYears: c.missingCalendarYears,
    forecast: c.forecast,
    explanation: explainClock(c),
  };
}
