/**
 * Reading a project's deadlines (service-target clocks) for display: their names, their statuses, and
 * the spans a Gantt bar needs — planned run, overrun, paused time (from the stage history's holds),
 * and the 黄灯 / 督办 instants as business dates.
 */
import { STAGE_LABELS, type Stage } from './domain';
import { businessToday, daysBetween } from './format';

type Bilingual = { zh: string; en: string };

export const CLOCK_STATUS_LABELS: Record<string, Bilingual & { color: string }> = {
  ON_TRACK: { zh: '进行中', en: 'Running', color: 'processing' },
  OVERDUE: { zh: '已超期', en: 'Overdue', color: 'error' },
  PAUSED: { zh: '暂停计时', en: 'Paused', color: 'default' },
  MET: { zh: '按期完成', en: 'Met', color: 'success' },
  MET_LATE: { zh: '逾期完成', en: 'Met late', color: 'warning' },
  CANCELLED: { zh: '已取消', en: 'Cancelled', color: 'default' },
  WAIVED: { zh: '已豁免', en: 'Waived', color: 'default' },
};

export const CLOCK_KIND_LABELS: Record<string, Bilingual> = {
  SERVICE_TARGET: { zh: '服务时限', en: 'Service target' },
  PLAN_DATE: { zh: '计划节点', en: 'Plan date' },
  STALE_UPDATE: { zh: '月调度', en: 'Monthly report' },
  HOLD_REVIEW: { zh: '停缓建复核', en: 'Hold review' },
  APPROVAL: { zh: '限时审批', en: 'Approval time limit' },
  REQ_RESPONSE: { zh: '诉求受理', en: 'Request response' },
  REQ_RESOLUTION: { zh: '诉求办结', en: 'Request resolution' },
  COMMITMENT: { zh: '承诺兑现', en: 'Commitment due' },
};

/**
 * Service-desk clocks: one per approval item, investor request and commitment (key `approval:<id>` …);
 * their kind is their name, and the explanation names the record.
 */
export const DESK_CLOCK_KINDS = ['APPROVAL', 'REQ_RESPONSE', 'REQ_RESOLUTION', 'COMMITMENT'] as const;
export function deskClockLabel(kind: string): Bilingual | null {
  return (DESK_CLOCK_KINDS as readonly string[]).includes(kind) ? CLOCK_KIND_LABELS[kind] : null;
}

interface ClockLike {
  key: string;
  kind: string;
  fromStage: Stage | null;
  toStage: Stage | null;
  period: string | null;
  startDate: string;
  dueDate: string;
  status: string;
  level: string | null;
  warnAt: string | null;
  escalateAt: string | null;
  metDate: string | null;
}

/** A clock's name: "签约→落地", "计划投产", "2025-06 月调度", "停缓建复核（2024-05-01 起）". */
export function clockName(c: ClockLike): Bilingual {
  const st = (s: Stage | null) => (s ? STAGE_LABELS[s] : { zh: '—', en: '—' });
  switch (c.kind) {
    case 'SERVICE_TARGET':
      return { zh: `${st(c.fromStage).zh} → ${st(c.toStage).zh}`, en: `${st(c.fromStage).en} → ${st(c.toStage).en}` };
    case 'PLAN_DATE':
      return { zh: `计划${st(c.toStage).zh}`, en: `Planned: ${st(c.toStage).en}` };
    case 'STALE_UPDATE':
      return { zh: `${c.period ?? ''} 月调度`.trim(), en: `Monthly report ${c.period ?? ''}`.trim() };
    case 'HOLD_REVIEW':
      return { zh: `停缓建复核（${c.startDate} 起）`, en: `Hold review (since ${c.startDate})` };
    default:
      return deskClockLabel(c.kind) ?? { zh: c.key, en: c.key };
  }
}

/** The alert level of a clock, with the API's "NONE" read as no level. */
export function clockLevel(level: string | null): 'WARNING' | 'OVERDUE' | 'ESCALATED' | null {
  return level === 'WARNING' || level === 'OVERDUE' || level === 'ESCALATED' ? level : null;
}

/** The business date (Asia/Shanghai) of an instant, e.g. "2022-04-29T16:00:00Z" → "2022-04-30". */
export function instantToBusinessDate(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : businessToday(d);
}

export interface Span {
  from: string;
  /** Inclusive last day. */
  to: string;
}

interface TransitionLike {
  seq: number;
  toStage: Stage;
  effectiveDate: string;
}

/**
 * The spans the project stood still, from its stage history: each stay in ON_HOLD (停缓建) or CANCELLED
 * (a reopened cancellation counts as paused time, as the clocks count it), up to the day before it left;
 * a stay still going runs to `today`.
 */
export function holdSpans(history: readonly TransitionLike[], today: string): Span[] {
  const ordered = [...history].sort((a, b) => a.seq - b.seq);
  const spans: Span[] = [];
  let open: string | null = null;
  for (const t of ordered) {
    const still = t.toStage === 'ON_HOLD' || t.toStage === 'CANCELLED';
    if (open !== null && !still) {
      spans.push({ from: open, to: addDays(t.effectiveDate, -1) < open ? open : addDays(t.effectiveDate, -1) });
      open = null;
    } else if (open === null && still) {
      open = t.effectiveDate;
    }
  }
  if (open !== null) spans.push({ from: open, to: today < open ? open : today });
  return spans;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ClockBar {
  start: string;
  due: string;
  /** Where the bar ends: the day it was met, today while it runs or is paused, null when it ended otherwise or has not started. */
  end: string | null;
  /** Days past the due date at `end` (0 when on time or unknown). */
  overrunDays: number;
  warnDate: string | null;
  escalateDate: string | null;
  metDate: string | null;
  /** Holds overlapping the clock's run, clipped to it. */
  paused: Span[];
}

const RUNNING = new Set(['ON_TRACK', 'OVERDUE', 'PAUSED']);

/** The pieces of one clock's Gantt bar. */
export function clockBar(c: ClockLike, holds: readonly Span[], today: string): ClockBar {
  const end = c.metDate ?? (RUNNING.has(c.status) && today >= c.startDate ? today : null);
  const last = [c.dueDate, end ?? c.dueDate].sort().at(-1)!;
  const paused = holds
    .filter((h) => h.to >= c.startDate && h.from <= last)
    .map((h) => ({ from: h.from < c.startDate ? c.startDate : h.from, to: h.to > last ? last : h.to }));
  return {
    start: c.startDate,
    due: c.dueDate,
    end,
    overrunDays: end && end > c.dueDate ? daysBetween(c.dueDate, end) : 0,
    warnDate: instantToBusinessDate(c.warnAt),
    escalateDate: instantToBusinessDate(c.escalateAt),
    metDate: c.metDate,
    paused,
  };
}
