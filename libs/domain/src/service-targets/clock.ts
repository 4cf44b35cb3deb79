import type { CanonicalStage } from '../projects/project-stage.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { ProjectFacts, RuleDuration, ServiceTargetKind, ServiceTargetRule } from './rule.js';
import type { StageTransitionFact } from './stage-timeline.js';
import type { DeskClockKind, ServiceDeskFacts } from '../service-desk-clocks/desk-clocks.js';

/** What a clock measures: a service-target rule kind, or a service-desk clock (限时审批, 诉求, 承诺). */
export type ClockKind = ServiceTargetKind | DeskClockKind;

export const CLOCK_STATUSES = ['ON_TRACK', 'MET', 'MET_LATE', 'PAUSED', 'CANCELLED', 'WAIVED', 'OVERDUE'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** NONE → 黄灯 WARNING → 红灯 OVERDUE → 督办 ESCALATED. */
export const CLOCK_LEVELS = ['NONE', 'WARNING', 'OVERDUE', 'ESCALATED'] as const;
export type ClockLevel = (typeof CLOCK_LEVELS)[number];
export const CLOCK_LEVEL_RANK: Record<ClockLevel, number> = { NONE: 0, WARNING: 1, OVERDUE: 2, ESCALATED: 3 };

/** Statuses whose level still moves with time (the sweep's business). */
export const RUNNING_STATUSES: readonly ClockStatus[] = ['ON_TRACK', 'OVERDUE'];
/** Statuses that no longer change unless the project's facts change. */
export const FINAL_STATUSES: readonly ClockStatus[] = ['MET', 'MET_LATE', 'CANCELLED', 'WAIVED'];

/** The project's own expected date for a milestone (预计10月投产 → 2024-10-31). */
export interface PlanDateFact {
  stage: CanonicalStage;
  expectedDate: string;
  sourceText?: string | null;
  /** Business date the plan was stated (report date / entry date); the plan clock starts there. */
  recordedOn?: string | null;
}

/** A monthly progress report: its period, and optionally the business date it was filed. */
export type ProgressReportFact = string | { period: string; reportedOn?: string | null };

/** A clock as stored before (a deadline row): its key, its judgement and the rule version that judged it. */
export interface JudgedClock {
  key: string;
  status: ClockStatus;
  level: ClockLevel;
  /** The full rule as of the version the stored clock was computed with. */
  rule: ServiceTargetRule;
}

export interface ClockInput {
  project: ProjectFacts;
  /** The stage history in recorded order (seq). */
  transitions: readonly StageTransitionFact[];
  planDates?: readonly PlanDateFact[];
  /** Progress reports (月调度), e.g. ['2024-05', '2024-06'] or [{ period: '2024-05', reportedOn: '2024-06-03' }]. */
  progressReports?: readonly ProgressReportFact[];
  /** Keys of clocks a manager waived (resolving their alert). */
  waivedKeys?: readonly string[];
  /** Stored clocks: one that is met or breached keeps the rule version it was judged by. */
  judgedClocks?: readonly JudgedClock[];
  /** All current rule versions (inactive ones and ones for other projects may be included: they are filtered). */
  rules: readonly ServiceTargetRule[];
  calendar: WorkingCalendar;
  /** The project's approval items, investor requests and commitments: their clocks are computed too (see service-desk-clocks/desk-clocks.ts). */
  serviceDesk?: ServiceDeskFacts | null;
}

export interface ClockForecast {
  /** First day on which the stage targets still to run no longer fit before the due date (the warning starts then). */
  warnDate: string;
  /** When the milestone would be reached today if every remaining stage took its full target. */
  projectedDate: string;
  /** Codes of the stage-target rules the projection runs through, in order. */
  via: string[];
}

export interface Clock {
  /** Stable per project: ruleCode (service target), ruleCode:STAGE (plan date), ruleCode:YYYY-MM (monthly report), ruleCode:YYYY-MM-DD (hold start). */
  key: string;
  /** Null for service-desk clocks, whose limits come from the record or the bureau's defaults, not from a rule. */
  ruleId: string | null;
  ruleCode: string;
  ruleVersion: number;
  kind: ClockKind;
  fromStage: CanonicalStage | null;
  toStage: CanonicalStage | null;
  /** STALE_UPDATE: the report period (YYYY-MM); otherwise null. */
  period: string | null;
  duration: RuleDuration;
  startDate: string;
  /** Due date after pauses (end of that day in Asia/Shanghai is `dueAt`). */
  dueDate: string;
  /** Paused time added to the due date by finished holds: working days for a working-day rule, else calendar days. */
  pausedDays: number;
  status: ClockStatus;
  level: ClockLevel;
  /** First instant of 黄灯. */
  warnAt: Date;
  /** 23:59:59.999 +08:00 of dueDate; 红灯 from the next millisecond. */
  dueAt: Date;
  /** First instant of 督办. */
  escalateAt: Date;
  /** The next instant the level changes; null when the clock is final, paused, or already escalated. */
  nextCheckAt: Date | null;
  /** Date the milestone was reached (MET / MET_LATE); null when unknown or not met. */
  metDate: string | null;
  /** Date the clock stopped (met, cancelled); null while it runs or is paused. */
  endedDate: string | null;
  /** Start of the hold that pauses the clock now (status PAUSED). */
  pausedSince: string | null;
  /** Years in the clock's span without official calendar data (weekends only were counted). */
  missingCalendarYears: number[];
  forecast: ClockForecast | null;
  explanation: { zh: string; en: string };
}

/**
 * Status, level and next check of a stored clock at instant `now`, from its thresholds alone: what the sweep
 * needs without recomputing the engine. Clocks not running (met, paused, cancelled, waived) keep their level.
 */
export function evaluateClockAt(
  clock: Pick<Clock, 'status' | 'level' | 'warnAt' | 'dueAt' | 'escalateAt'>,
  now: Date,
): { status: ClockStatus; level: ClockLevel; nextCheckAt: Date | null } {
  if (!RUNNING_STATUSES.includes(clock.status)) return { status: clock.status, level: clock.level, nextCheckAt: null };
  const t = now.getTime();
  const warn = clock.warnAt.getTime();
  const due = clock.dueAt.getTime();
  const esc = clock.escalateAt.getTime();
  let level: ClockLevel;
  let next: number | null;
  if (t >= esc) {
    level = 'ESCALATED';
    next = null;
  } else if (t > due) {
    level = 'OVERDUE';
    next = esc;
  } else if (t >= warn) {
    level = 'WARNING';
    next = Math.min(due + 1, esc);
  } else {
    level = 'NONE';
    next = warn;
  }
  return { status: CLOCK_LEVEL_RANK[level] >= CLOCK_LEVEL_RANK.OVERDUE ? 'OVERDUE' : 'ON_TRACK', level, nextCheckAt: next === null ? null : new Date(next) };
}
