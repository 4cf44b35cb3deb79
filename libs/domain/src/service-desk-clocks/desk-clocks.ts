import { isValidBusinessDate } from '../common/business-date.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { dateOfDay, dayNumber, endOfDayMs, startOfDayMs } from '../calendar/day-math.js';
import { evaluateClockAt, type Clock, type ClockLevel, type ClockStatus } from '../service-targets/clock.js';
import type { RuleDuration } from '../service-targets/rule.js';
import {
  APPROVAL_ITEM_TYPE_LABELS,
  COMMITMENT_KIND_LABELS,
  REQUEST_CATEGORY_LABELS,
  SERVICE_DESK_CLOCK_DEFAULTS as D,
  type ApprovalItemType,
  type ApprovalStatus,
  type CommitmentKind,
  type CommitmentStatus,
  type Label,
  type RequestCategory,
  type RequestStatus,
} from './service-desk.js';

/**
 * Service-desk clocks (限时审批, 诉求受理/办结, 承诺兑现), computed by the same engine as the service targets
 * (`computeClocks` adds them when `serviceDesk` facts are given), stored in the same `deadline` table and
 * raising alerts through the same lifecycle. They are not rule-based: their limits come from the record
 * (an approval item's limit, a request's due date, a commitment's due date) or from the bureau's defaults
 * in SERVICE_DESK_CLOCK_DEFAULTS, so their clocks carry no rule id (ruleId null, ruleVersion 0).
 *
 * Rules of these clocks:
 * - 限时审批 (key `approval:<itemId>`): runs while the item is IN_PROGRESS, from `submittedOn`; due at the end of
 *   the limit-th working day after it (WorkingCalendar, 调休 included); 黄灯 at 80 % of the limit (working days),
 *   红灯 after the due date, 督办 5 working days after it; met on `completedOn` (DONE).
 *   RETURNED (退回补正): the clock is PAUSED from `returnedOn` with the level it had (an open alert stays as it
 *   was, not rising); on resubmission (RETURNED → IN_PROGRESS with a new `submittedOn`) it RESTARTS with the full
 *   limit from the new submission date — the time limit counts from receipt of complete materials, as in
 *   补正后重新计算办理时限. A NOT_STARTED item has no clock.
 * - 诉求受理 (`request:<id>:response`): from `raisedOn`, 2 working days (or the request's own figure); met on
 *   `acceptedOn`. 督办 3 working days after the due date.
 * - 诉求办结 (`request:<id>:resolution`): from `raisedOn`, 15 working days, or the request's own due date
 *   (calendar); met on `resolvedOn` (a reopened request has none until it is resolved again). 督办 10 working
 *   days after the due date.
 * - 承诺兑现 (`commitment:<id>`): from `promisedOn` to `dueDate`; 黄灯 30 calendar days before, 督办 30 days
 *   after; met on `fulfilledOn` (FULFILLED); a WAIVED commitment's clock is WAIVED. A change of handler changes
 *   nothing here (新官要理旧账): the key and dates belong to the commitment, not to its handler.
 * - Project holds (停缓建) do not pause these clocks: they run against the government side, not the project's
 *   progress. Cancelling the project (终止) cancels every open one, like every other clock.
 */
export const DESK_CLOCK_KINDS = ['APPROVAL', 'REQ_RESPONSE', 'REQ_RESOLUTION', 'COMMITMENT'] as const;
export type DeskClockKind = (typeof DESK_CLOCK_KINDS)[number];

export interface ApprovalItemFact {
  id: string;
  itemType: ApprovalItemType;
  /** Shown instead of the type's label when given (e.g. for OTHER). */
  title?: string | null;
  department?: string | null;
  status: ApprovalStatus;
  submittedOn: string | null;
  limitDays: number;
  completedOn: string | null;
  returnedOn: string | null;
}

export interface InvestorRequestFact {
  id: string;
  title: string;
  category: RequestCategory;
  raisedOn: string;
  status: RequestStatus;
  acceptedOn: string | null;
  resolvedOn: string | null;
  /** An agreed resolution date; absent = the default number of working days. */
  dueDate?: string | null;
  responseDays?: number | null;
  resolutionDays?: number | null;
}

export interface CommitmentFact {
  id: string;
  title: string;
  kind: CommitmentKind;
  promisedBy?: string | null;
  promisedOn: string;
  dueDate: string;
  status: CommitmentStatus;
  fulfilledOn: string | null;
}

export interface ServiceDeskFacts {
  approvals?: readonly ApprovalItemFact[];
  requests?: readonly InvestorRequestFact[];
  commitments?: readonly CommitmentFact[];
}

export interface DeskContext {
  now: Date;
  calendar: WorkingCalendar;
  /** The project's cancellation date (终止), if any. */
  cancelledOn: string | null;
  waived: ReadonlySet<string>;
}

interface DeskSpec {
  key: string;
  kind: DeskClockKind;
  code: string;
  unit: 'working' | 'calendar';
  duration: RuleDuration;
  start: number;
  due: number;
  warn: number;
  escalate: number;
  met: number | null;
  /** Closed without being met by a decision on the record itself (a waived commitment). */
  waivedByRecord?: boolean;
  pausedSince: number | null;
  head: Label;
  done: Label;
  paused?: Label;
  extra?: Label;
}

const day = (d: string | null | undefined): number | null => (d && isValidBusinessDate(d) ? dayNumber(d) : null);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function percentWarn(cal: WorkingCalendar, unit: 'working' | 'calendar', start: number, due: number, percent: number): number {
  const span = unit === 'working' ? cal.workingDaysBetweenNumbers(start, due) : due - start;
  if (span <= 0) return due;
  const n = Math.ceil((percent * span) / 100);
  return Math.min(due, unit === 'working' ? cal.addWorkingDaysNumber(start, n) : start + n);
}

function approvalSpec(a: ApprovalItemFact, ctx: DeskContext): DeskSpec | null {
  if (a.status === 'NOT_STARTED') return null;
  const start = day(a.submittedOn);
  if (start === null || !Number.isInteger(a.limitDays) || a.limitDays < 1) return null;
  const cal = ctx.calendar;
  const due = cal.addWorkingDaysNumber(start, a.limitDays);
  const label = APPROVAL_ITEM_TYPE_LABELS[a.itemType] ?? APPROVAL_ITEM_TYPE_LABELS.OTHER;
  const nameZh = a.title?.trim() || label.zh;
  const nameEn = a.title?.trim() || label.en;
  const dept = a.department?.trim();
  const returned = a.status === 'RETURNED' ? day(a.returnedOn) ?? day(a.submittedOn) : null;
  return {
    key: `approval:${a.id}`,
    kind: 'APPROVAL',
    code: 'DESK_APPROVAL',
    unit: 'working',
    duration: { value: a.limitDays, unit: 'working_days' },
    start,
    due,
    warn: percentWarn(cal, 'working', start, due, D.approval.warnPercent),
    escalate: cal.addWorkingDaysNumber(due, D.approval.escalateAfterWorkingDays),
    met: a.status === 'DONE' ? day(a.completedOn) ?? due : null,
    pausedSince: returned,
    head: {
      zh: `${nameZh}${dept ? `（${dept}）` : ' '}${dateOfDay(start)} 提交，限时 ${a.limitDays} 个工作日，应于 ${dateOfDay(due)} 前办结`,
      en: `${nameEn}${dept ? ` (${dept})` : ''} submitted on ${dateOfDay(start)}, time limit ${plural(a.limitDays, 'working day')}: due by ${dateOfDay(due)}`,
    },
    done: { zh: '办结', en: 'done' },
    paused:
      returned === null
        ? undefined
        : {
            zh: `；${dateOfDay(returned)} 退回补正，时限暂停，重新提交后按 ${a.limitDays} 个工作日重新计时`,
            en: `; returned for correction on ${dateOfDay(returned)}: the clock is paused and restarts with the full ${plural(a.limitDays, 'working day')} on resubmission`,
          },
  };
}

function requestSpecs(r: InvestorRequestFact, ctx: DeskContext): DeskSpec[] {
  const start = day(r.raisedOn);
  if (start === null) return [];
  const cal = ctx.calendar;
  const cat = REQUEST_CATEGORY_LABELS[r.category] ?? REQUEST_CATEGORY_LABELS.OTHER;
  const what = { zh: `诉求「${r.title}」（${cat.zh}）${r.raisedOn} 提出`, en: `Request "${r.title}" (${cat.en}) raised on ${r.raisedOn}` };
  const respDays = r.responseDays && r.responseDays > 0 ? r.responseDays : D.requestResponse.workingDays;
  const respDue = cal.addWorkingDaysNumber(start, respDays);
  const response: DeskSpec = {
    key: `request:${r.id}:response`,
    kind: 'REQ_RESPONSE',
    code: 'DESK_REQUEST_RESPONSE',
    unit: 'working',
    duration: { value: respDays, unit: 'working_days' },
    start,
    due: respDue,
    warn: percentWarn(cal, 'working', start, respDue, D.requestResponse.warnPercent),
    escalate: cal.addWorkingDaysNumber(respDue, D.requestResponse.escalateAfterWorkingDays),
    met: r.status === 'OPEN' ? null : day(r.acceptedOn) ?? start,
    pausedSince: null,
    head: {
      zh: `${what.zh}，应在 ${respDays} 个工作日内（${dateOfDay(respDue)} 前）受理`,
      en: `${what.en}: to be accepted within ${plural(respDays, 'working day')}, by ${dateOfDay(respDue)}`,
    },
    done: { zh: '受理', en: 'accepted' },
  };
  const agreed = day(r.dueDate);
  const resDays = r.resolutionDays && r.resolutionDays > 0 ? r.resolutionDays : D.requestResolution.workingDays;
  const resDue = agreed !== null && agreed >= start ? agreed : cal.addWorkingDaysNumber(start, resDays);
  const unit = agreed !== null && agreed >= start ? ('calendar' as const) : ('working' as const);
  const resolved = r.status === 'RESOLVED' || r.status === 'CLOSED' ? day(r.resolvedOn) ?? resDue : null;
  const resolution: DeskSpec = {
    key: `request:${r.id}:resolution`,
    kind: 'REQ_RESOLUTION',
    code: 'DESK_REQUEST_RESOLUTION',
    unit,
    duration: unit === 'working' ? { value: resDays, unit: 'working_days' } : { value: resDue - start, unit: 'calendar_days' },
    start,
    due: resDue,
    warn: percentWarn(cal, unit, start, resDue, D.requestResolution.warnPercent),
    escalate: cal.addWorkingDaysNumber(resDue, D.requestResolution.escalateAfterWorkingDays),
    met: resolved,
    pausedSince: null,
    head:
      unit === 'working'
        ? {
            zh: `${what.zh}，应在 ${resDays} 个工作日内（${dateOfDay(resDue)} 前）办结`,
            en: `${what.en}: to be resolved within ${plural(resDays, 'working day')}, by ${dateOfDay(resDue)}`,
          }
        : { zh: `${what.zh}，约定于 ${dateOfDay(resDue)} 前办结`, en: `${what.en}: agreed to be resolved by ${dateOfDay(resDue)}` },
    done: { zh: '办结', en: 'resolved' },
  };
  return [response, resolution];
}

function commitmentSpec(c: CommitmentFact, ctx: DeskContext): DeskSpec | null {
  const start = day(c.promisedOn);
  const due = day(c.dueDate);
  if (start === null || due === null) return null;
  const kind = COMMITMENT_KIND_LABELS[c.kind] ?? COMMITMENT_KIND_LABELS.OTHER;
  const by = c.promisedBy?.trim();
  return {
    key: `commitment:${c.id}`,
    kind: 'COMMITMENT',
    code: 'DESK_COMMITMENT',
    unit: 'calendar',
    duration: { value: Math.max(0, due - start), unit: 'calendar_days' },
    start: Math.min(start, due),
    due,
    warn: Math.max(Math.min(start, due), due - D.commitment.warnDaysBefore),
    escalate: due + D.commitment.escalateAfterDays,
    met: c.status === 'FULFILLED' ? day(c.fulfilledOn) ?? due : null,
    waivedByRecord: c.status === 'WAIVED',
    pausedSince: null,
    head: {
      zh: `承诺「${c.title}」（${kind.zh}${by ? `，${by}` : ''}）${c.promisedOn} 作出，应于 ${c.dueDate} 前兑现`,
      en: `Commitment "${c.title}" (${kind.en}${by ? `, ${by}` : ''}) made on ${c.promisedOn}: to be fulfilled by ${c.dueDate}`,
    },
    done: { zh: '兑现', en: 'fulfilled' },
    extra: c.status === 'PARTIAL' ? { zh: '（已部分兑现）', en: ' (partly fulfilled)' } : undefined,
  };
}

const LEVEL_ZH: Record<ClockLevel, string> = { NONE: '', WARNING: '黄灯', OVERDUE: '红灯', ESCALATED: '督办' };
const LEVEL_EN: Record<ClockLevel, string> = { NONE: '', WARNING: 'at warning', OVERDUE: 'overdue', ESCALATED: 'escalated' };

function thresholds(s: DeskSpec) {
  return { warnAt: new Date(startOfDayMs(s.warn)), dueAt: new Date(endOfDayMs(s.due)), escalateAt: new Date(endOfDayMs(s.escalate) + 1) };
}

function toDeskClock(s: DeskSpec, ctx: DeskContext): Clock {
  const t = thresholds(s);
  const cancelDay = day(ctx.cancelledOn);
  let status: ClockStatus;
  let level: ClockLevel = 'NONE';
  let nextCheckAt: Date | null = null;
  let endedDay: number | null = null;
  let pausedSince: number | null = null;
  if (s.met !== null) {
    status = s.met > s.due ? 'MET_LATE' : 'MET';
    endedDay = s.met;
  } else if (s.waivedByRecord || ctx.waived.has(s.key)) {
    status = 'WAIVED';
  } else if (cancelDay !== null) {
    status = 'CANCELLED';
    endedDay = cancelDay;
  } else if (s.pausedSince !== null) {
    status = 'PAUSED';
    pausedSince = s.pausedSince;
    level = evaluateClockAt({ status: 'ON_TRACK', level: 'NONE', ...t }, new Date(startOfDayMs(s.pausedSince) - 1)).level;
  } else {
    const e = evaluateClockAt({ status: 'ON_TRACK', level: 'NONE', ...t }, ctx.now);
    status = e.status;
    level = e.level;
    nextCheckAt = e.nextCheckAt;
  }
  const d = dateOfDay;
  let tail: Label;
  switch (status) {
    case 'MET':
      tail = { zh: `；已于 ${d(s.met!)} ${s.done.zh}，按期完成`, en: `; ${s.done.en} on ${d(s.met!)}, on time` };
      break;
    case 'MET_LATE': {
      const late = s.unit === 'working' ? ctx.calendar.workingDaysBetweenNumbers(s.due, s.met!) : s.met! - s.due;
      const w = s.unit === 'working' ? { zh: '个工作日', en: 'working day' } : { zh: '天', en: 'day' };
      tail = { zh: `；已于 ${d(s.met!)} ${s.done.zh}，逾期 ${late} ${w.zh}`, en: `; ${s.done.en} on ${d(s.met!)}, ${plural(late, w.en)} late` };
      break;
    }
    case 'WAIVED':
      tail = s.waivedByRecord ? { zh: '；已确认不再兑现', en: '; waived (will not be fulfilled)' } : { zh: '；已豁免', en: '; waived' };
      break;
    case 'CANCELLED':
      tail = { zh: `；项目已于 ${d(endedDay!)} 终止，时限取消`, en: `; the project was cancelled on ${d(endedDay!)}, so the clock is cancelled` };
      break;
    case 'PAUSED': {
      const frozen = level === 'NONE' ? { zh: '', en: '' } : { zh: `（暂停前已${LEVEL_ZH[level]}）`, en: ` (it was ${LEVEL_EN[level]} before)` };
      tail = { zh: `${s.paused?.zh ?? '；时限暂停'}${frozen.zh}`, en: `${s.paused?.en ?? '; paused'}${frozen.en}` };
      break;
    }
    default:
      tail = {
        zh: `；${d(s.warn)} 起黄灯，${d(s.due + 1)} 起红灯，${d(s.escalate + 1)} 起督办`,
        en: `; warning from ${d(s.warn)}, overdue from ${d(s.due + 1)}, escalated from ${d(s.escalate + 1)}`,
      };
  }
  const missing = s.unit === 'working' ? ctx.calendar.yearsWithoutData(d(s.start), d(Math.max(s.escalate, s.start))) : [];
  const note =
    missing.length === 0
      ? { zh: '', en: '' }
      : { zh: `（注：${missing.join('、')} 年无法定节假日数据，按仅周末休息计算）`, en: ` (note: no official holiday data for ${missing.join(', ')}; weekends only were counted)` };
  return {
    key: s.key,
    ruleId: null,
    ruleCode: s.code,
    ruleVersion: 0,
    kind: s.kind,
    fromStage: null,
    toStage: null,
    period: null,
    duration: s.duration,
    startDate: d(s.start),
    dueDate: d(s.due),
    pausedDays: 0,
    status,
    level,
    ...t,
    nextCheckAt,
    metDate: s.met === null ? null : d(s.met),
    endedDate: endedDay === null ? null : d(endedDay),
    pausedSince: pausedSince === null ? null : d(pausedSince),
    missingCalendarYears: missing,
    forecast: null,
    explanation: {
      zh: `${s.head.zh}${s.extra?.zh ?? ''}${note.zh}${tail.zh}`,
      en: `${s.head.en}${s.extra?.en ?? ''}${note.en}${tail.en}`,
    },
  };
}

/** Every service-desk clock of one project at `now`, sorted by key. Pure. */
export function computeDeskClocks(facts: ServiceDeskFacts, ctx: DeskContext): Clock[] {
  const specs: DeskSpec[] = [];
  for (const a of facts.approvals ?? []) {
    const s = approvalSpec(a, ctx);
    if (s) specs.push(s);
  }
  for (const r of facts.requests ?? []) specs.push(...requestSpecs(r, ctx));
  for (const c of facts.commitments ?? []) {
    const s = commitmentSpec(c, ctx);
    if (s) specs.push(s);
  }
  return specs.map((s) => toDeskClock(s, ctx)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
