/**
 * Pure helpers of the alert inbox (预警督办): the inbox filters as URL query, labels for statuses, clocks
 * and resolutions, who may do what (mirrors ALLOWED in apps/api/src/alerts/alerts.service.ts), and the
 * level ladder 黄灯 → 红灯 → 督办 of one alert.
 */
import type { AlertLevel, AlertStatus, Role } from '../api/types';
import { CLOCK_KIND_LABELS, deskClockLabel } from './clocks';
import { STAGE_LABELS, type Stage } from './domain';

export const ALERT_STATUSES: readonly AlertStatus[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'];
export const ALERT_LEVELS: readonly AlertLevel[] = ['ESCALATED', 'OVERDUE', 'WARNING'];
/** What the inbox shows unless told otherwise: alerts still needing attention. */
export const DEFAULT_STATUSES: readonly AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];
export const PAGE_SIZES = [20, 50, 100] as const;

export const ALERT_STATUS_META: Record<AlertStatus, { zh: string; en: string; color: string }> = {
  OPEN: { zh: '待处理', en: 'Open', color: 'error' },
  ACKNOWLEDGED: { zh: '已认领', en: 'Acknowledged', color: 'processing' },
  RESOLVED: { zh: '已办结', en: 'Resolved', color: 'success' },
};

/** How an alert was resolved: by the clock (MET, CANCELLED, OBSOLETE) or by a manager's waiver. */
export const RESOLUTION_LABELS: Record<string, { zh: string; en: string }> = {
  MET: { zh: '节点已达成，自动办结', en: 'Milestone reached (closed automatically)' },
  CANCELLED: { zh: '项目终止，自动办结', en: 'Project cancelled (closed automatically)' },
  WAIVED: { zh: '豁免办结', en: 'Waived by a manager' },
  OBSOLETE: { zh: '时限规则变更，自动办结', en: 'Clock retired by a rule change (closed automatically)' },
};

export const DEADLINE_STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  ON_TRACK: { zh: '计时中', en: 'Running' },
  OVERDUE: { zh: '已逾期', en: 'Overdue' },
  MET: { zh: '按期达成', en: 'Met' },
  MET_LATE: { zh: '逾期达成', en: 'Met late' },
  PAUSED: { zh: '暂停计时', en: 'Paused' },
  CANCELLED: { zh: '已取消', en: 'Cancelled' },
  WAIVED: { zh: '已豁免', en: 'Waived' },
  RETIRED: { zh: '已失效', en: 'Retired' },
};

/** Clock kinds are named in one place (lib/clocks); re-exported for the alert pages. */
export { CLOCK_KIND_LABELS };

export type AlertAction = 'acknowledge' | 'assign' | 'comment' | 'resolve';

/** Mirror of ALLOWED in apps/api/src/alerts/alerts.service.ts (the server checks again). */
export const ALERT_ACTIONS_ALLOWED: Record<AlertAction, readonly Role[]> = {
  acknowledge: ['staff', 'manager', 'admin'],
  comment: ['staff', 'manager', 'director', 'admin'],
  assign: ['manager', 'director', 'admin'],
  resolve: ['manager', 'admin'],
};

export const canAlert = (role: Role, action: AlertAction): boolean => ALERT_ACTIONS_ALLOWED[action].includes(role);

/** GET /users/assignable is for managers, directors and admins only. */
export const canListAssignable = (role: Role): boolean => role === 'manager' || role === 'director' || role === 'admin';

/** The milestone words inside service-target rule codes (SIGNED_TO_LANDED, LANDED_TO_CONSTRUCTION …). */
const MILESTONE_WORDS: Record<string, { zh: string; en: string }> = {
  RESERVE: { zh: '储备', en: 'reserve' },
  NEGOTIATING: { zh: '洽谈', en: 'negotiation' },
  SIGNED: { zh: '签约', en: 'signing' },
  LANDED: { zh: '落地', en: 'landing' },
  PRE_CONSTRUCTION: { zh: '前期手续', en: 'pre-construction' },
  CONSTRUCTION: { zh: '开工', en: 'construction start' },
  UNDER_CONSTRUCTION: { zh: '开工', en: 'construction start' },
  CONSTRUCTION_COMPLETE: { zh: '竣工', en: 'completion' },
  COMMISSIONING: { zh: '试生产', en: 'trial production' },
  OPERATING: { zh: '投产', en: 'operation' },
  CAPACITY: { zh: '达产', en: 'full capacity' },
  AT_CAPACITY: { zh: '达产', en: 'full capacity' },
};

/**
 * A short name for a deadline's clock from its kind and key (key = rule code, or `code:stage`,
 * `code:period`, `code:holdStart` for plan-date, monthly-report and hold-review clocks).
 */
export function clockLabel(kind: string, key: string): { zh: string; en: string } {
  const [code, arg] = splitKey(key);
  if (kind === 'PLAN_DATE') {
    const stage = arg && arg in STAGE_LABELS ? STAGE_LABELS[arg as Stage] : null;
    return stage ? { zh: `计划${stage.zh}日期`, en: `Planned ${stage.en.toLowerCase()} date` } : { zh: '计划节点日期', en: 'Planned date' };
  }
  if (kind === 'STALE_UPDATE') return arg ? { zh: `${arg} 月调度报送`, en: `Monthly report ${arg}` } : { zh: '月调度报送', en: 'Monthly report' };
  if (kind === 'HOLD_REVIEW') return arg ? { zh: `停缓建复核（${arg} 起）`, en: `Hold review (since ${arg})` } : { zh: '停缓建复核', en: 'Hold review' };
  if (kind === 'SERVICE_TARGET') {
    const m = /^(.+?)_TO_(.+?)(?:_(LARGE))?$/.exec(code);
    const from = m && MILESTONE_WORDS[m[1]];
    const to = m && MILESTONE_WORDS[m[2]];
    if (m && from && to) {
      const large = m[3] ? { zh: '（大项目）', en: ' (large projects)' } : { zh: '', en: '' };
      return { zh: `${from.zh}→${to.zh}${large.zh}`, en: `${cap(from.en)} → ${to.en}${large.en}` };
    }
  }
  return deskClockLabel(kind) ?? { zh: key, en: key };
}

function splitKey(key: string): [string, string | null] {
  const i = key.indexOf(':');
  return i < 0 ? [key, null] : [key.slice(0, i), key.slice(i + 1)];
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The inbox filters, as kept in the URL query. `assignee` is 'me' or a user id. */
export interface AlertFilters {
  levels: AlertLevel[];
  /** Empty = every status. */
  statuses: AlertStatus[];
  unitId: string | null;
  assignee: string | null;
  projectId: string | null;
  page: number;
  pageSize: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const listOf = <T extends string>(raw: string | null, allowed: readonly T[]): T[] =>
  raw
    ? [...new Set(raw.split(',').map((s) => s.trim().toUpperCase()))].filter((s): s is T => (allowed as readonly string[]).includes(s))
    : [];

/** Reads the filters from a URL query, dropping anything malformed (a hand-edited link never breaks the page). */
export function parseAlertFilters(params: URLSearchParams): AlertFilters {
  const rawStatus = params.get('status');
  const named = listOf(rawStatus, ALERT_STATUSES);
  const statuses: readonly AlertStatus[] = rawStatus?.toUpperCase() === 'ALL' ? [] : named.length ? named : DEFAULT_STATUSES;
  const id = (name: string) => {
    const v = params.get(name);
    return v && UUID.test(v) ? v : null;
  };
  const assigneeRaw = params.get('assignee');
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  return {
    levels: ALERT_LEVELS.filter((l) => listOf(params.get('level'), ALERT_LEVELS).includes(l)),
    statuses: ALERT_STATUSES.filter((s) => statuses.includes(s)),
    unitId: id('unitId'),
    assignee: assigneeRaw === 'me' ? 'me' : id('assignee'),
    projectId: id('projectId'),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : PAGE_SIZES[0],
  };
}

/** Writes the filters back as a URL query, leaving defaults out so plain /alerts stays plain. */
export function alertFiltersToParams(f: AlertFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.levels.length) p.set('level', ALERT_LEVELS.filter((l) => f.levels.includes(l)).join(','));
  const statuses = ALERT_STATUSES.filter((s) => f.statuses.includes(s));
  if (statuses.length === 0) p.set('status', 'ALL');
  else if (statuses.join(',') !== DEFAULT_STATUSES.join(',')) p.set('status', statuses.join(','));
  if (f.unitId) p.set('unitId', f.unitId);
  if (f.assignee) p.set('assignee', f.assignee);
  if (f.projectId) p.set('projectId', f.projectId);
  if (f.page > 1) p.set('page', String(f.page));
  if (f.pageSize !== PAGE_SIZES[0]) p.set('pageSize', String(f.pageSize));
  return p;
}

/** The GET /alerts query for the filters (`assignee: 'me'` becomes the signed-in user's id). */
export function alertListQuery(f: AlertFilters, meId: string) {
  return {
    status: f.statuses.length ? ALERT_STATUSES.filter((s) => f.statuses.includes(s)) : undefined,
    level: f.levels.length ? f.levels : undefined,
    unitId: f.unitId ?? undefined,
    assigneeId: f.assignee === 'me' ? meId : (f.assignee ?? undefined),
    projectId: f.projectId ?? undefined,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** An instant as its calendar date in Asia/Shanghai, the zone every business date is in. */
export function shanghaiDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Days a due date (YYYY-MM-DD, due at the end of that day) lies before `today`: > 0 overdue, ≤ 0 days left (negated). */
export function daysPastDue(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/** "逾期 3 天" / "3 days overdue", "今日到期", "剩 5 天" from days past due. */
export function dueText(daysPast: number): { zh: string; en: string } {
  if (daysPast > 0) return { zh: `逾期 ${daysPast} 天`, en: `${daysPast} day${daysPast === 1 ? '' : 's'} overdue` };
  if (daysPast === 0) return { zh: '今日到期', en: 'Due today' };
  const left = -daysPast;
  return { zh: `剩 ${left} 天`, en: `${left} day${left === 1 ? '' : 's'} left` };
}

/**
 * The deepest unit path every given path lies in (unit paths look like `/150000/150100/150102/`), so a
 * bulk assignment offers only users valid for all selected alerts. '' when there is no path.
 */
export function commonUnitPath(paths: readonly string[]): string {
  if (!paths.length) return '';
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return n === 0 ? '' : `/${first.slice(0, n).join('/')}/`;
}

export interface LevelStep {
  level: AlertLevel;
  /** When the alert reached this level (its latest time there), from the level history. */
  reachedAt: string | null;
  /** When the clock will reach it, for levels still ahead (from the deadline's warnAt / dueAt / escalateAt). */
  expectedAt: string | null;
  state: 'done' | 'current' | 'ahead' | 'skipped';
}

/**
 * The ladder 黄灯 → 红灯 → 督办 of one alert: which rungs it has passed and when, where it stands, and
 * when the next rungs fall due. A level jumped over (a late entry that opened straight at 红灯) is
 * 'skipped'.
 */
export function levelSteps(
  history: readonly { level: AlertLevel; at: string }[],
  current: AlertLevel,
  expected: Partial<Record<AlertLevel, string | null>> = {},
): LevelStep[] {
  const order: AlertLevel[] = ['WARNING', 'OVERDUE', 'ESCALATED'];
  const cur = order.indexOf(current);
  return order.map((level, i) => {
    const seen = history.filter((h) => h.level === level);
    const reachedAt = seen.length ? seen[seen.length - 1].at : null;
    const state: LevelStep['state'] = i === cur ? 'current' : i > cur ? 'ahead' : reachedAt ? 'done' : 'skipped';
    return { level, reachedAt: i <= cur ? reachedAt : null, expectedAt: i > cur ? (expected[level] ?? null) : null, state };
  });
}

/**
 * A failed alert action in the user's language: the server's messages are English, so the codes the
 * alert actions raise get a sentence of their own; anything else keeps the server's message.
 */
export function alertErrorText(error: { code?: string; message?: string } | undefined): { zh: string; en: string } {
  const message = error?.message ?? error?.code ?? 'Error';
  switch (error?.code) {
    case 'INVALID_STAGE_TRANSITION':
      if (/resolved already/i.test(message)) return { zh: '该预警已办结，不能再认领或指派', en: 'The alert is resolved already' };
      break;
    case 'NOT_FOUND':
      return { zh: '预警不存在，或不在您的管辖范围内', en: 'The alert does not exist or is outside your units' };
    case 'FORBIDDEN':
      return { zh: `您的角色无权执行此操作（${message}）`, en: message };
    case 'INVALID_REFERENCE':
      return { zh: `所选人员不能承办该项目的预警（${message}）`, en: message };
    case 'INVALID_DATE':
      return { zh: `日期无效（${message}）`, en: message };
  }
  return { zh: message, en: message };
}
