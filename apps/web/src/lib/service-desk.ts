/**
 * The service desk (客商, 走访, 专班, 一项目一方案, 领办代办, 诉求, 承诺兑现) as the web app shows it. Code lists,
 * their labels, the credit-code check and the status rules come straight from libs/domain, so a form allows
 * exactly what the API allows; the helpers below only turn API answers into words.
 */
export {
  ORIGIN_REGION_LABELS,
  LEAD_SOURCE_LABELS,
  CONTACT_ROLE_LABELS,
  CONTACT_ROLE_SIDE,
  CONTACT_SIDES,
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  TEAM_ROLE_LABELS,
  TEAM_ROLES,
  SERVICE_FACTOR_LABELS,
  SERVICE_FACTORS,
  FACTOR_STATUSES,
  type ActivityKind,
  type ContactRole,
  type ContactSide,
  type TeamRole,
  type ServiceFactor,
  type FactorStatus,
  type OriginRegion,
  type LeadSource,
} from '../../../../libs/domain/src/crm/code-lists';
export { creditCodeProblem, normaliseCreditCode, type CreditCodeProblem } from '../../../../libs/domain/src/crm/credit-code';
export { isValidPhone } from '../../../../libs/domain/src/crm/phone';
export {
  APPROVAL_ITEM_TYPES,
  APPROVAL_ITEM_TYPE_LABELS,
  APPROVAL_STATUS_LABELS,
  APPROVAL_DEFAULT_LIMITS,
  CHECKLIST_TEMPLATES,
  CHECKLIST_TEMPLATE_DEFS,
  nextApprovalStatuses,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  canMoveRequest,
  callbackAllowsClosing,
  SATISFACTION_LABELS,
  COMMITMENT_KINDS,
  COMMITMENT_KIND_LABELS,
  COMMITMENT_STATUSES,
  COMMITMENT_STATUS_LABELS,
  OPEN_COMMITMENT_STATUSES,
  type ApprovalItemType,
  type ApprovalStatus,
  type ChecklistTemplateCode,
  type RequestCategory,
  type RequestStatus,
  type CommitmentKind,
  type CommitmentStatus,
} from '../../../../libs/domain/src/service-desk-clocks/service-desk';

import { creditCodeProblem, normaliseCreditCode } from '../../../../libs/domain/src/crm/credit-code';
import { CLOCK_KIND_LABELS } from './clocks';
import { ACTIVITY_KIND_LABELS } from '../../../../libs/domain/src/crm/code-lists';
import { ALL_STAGES, STAGE_LABELS, type Stage } from './domain';

export type Bilingual = { zh: string; en: string };

export const OWNERSHIP_TYPE_LABELS: Record<string, Bilingual> = {
  CENTRAL_SOE: { zh: '央企', en: 'Central SOE' },
  LOCAL_SOE: { zh: '地方国企', en: 'Local SOE' },
  PRIVATE: { zh: '民企', en: 'Private' },
  FOREIGN: { zh: '外资', en: 'Foreign' },
  MIXED: { zh: '混合所有制', en: 'Mixed ownership' },
  UNKNOWN: { zh: '未知', en: 'Unknown' },
};

export const CONTACT_SIDE_LABELS: Record<string, Bilingual> = {
  INVESTOR: { zh: '企业方', en: 'Investor side' },
  GOVERNMENT: { zh: '政府方', en: 'Government side' },
};

export const FACTOR_STATUS_LABELS: Record<string, Bilingual & { color: string }> = {
  NEEDED: { zh: '待保障', en: 'Needed', color: 'orange' },
  IN_PROGRESS: { zh: '协调中', en: 'In progress', color: 'blue' },
  SECURED: { zh: '已落实', en: 'Secured', color: 'green' },
};

export const FOLLOW_UP_STATUS_LABELS: Record<string, Bilingual & { color: string }> = {
  OPEN: { zh: '待办', en: 'Open', color: 'blue' },
  DONE: { zh: '已完成', en: 'Done', color: 'green' },
  CANCELLED: { zh: '已取消', en: 'Cancelled', color: 'default' },
};

/**
 * What the credit-code field should say while the user types: nothing for an empty field, a hint while it
 * is still short, else the domain check's verdict on the normalised code.
 */
export function creditCodeHint(raw: string | null | undefined): { ok: boolean; message: Bilingual | null; code: string } {
  const code = normaliseCreditCode(raw ?? '');
  if (!code) return { ok: true, message: null, code };
  const problem = creditCodeProblem(code);
  if (!problem) return { ok: true, message: null, code };
  if (problem === 'LENGTH') {
    return { ok: false, code, message: { zh: `统一社会信用代码应为 18 位（当前 ${code.length} 位）`, en: `A unified social credit code has 18 characters (this one has ${code.length})` } };
  }
  if (problem === 'CHARACTER') {
    return { ok: false, code, message: { zh: '含有不允许的字符（不使用 I、O、Z、S、V）', en: 'Contains a character that is not allowed (I, O, Z, S and V are not used)' } };
  }
  return { ok: false, code, message: { zh: '校验位不正确，请核对代码', en: 'The check character is wrong: check the code' } };
}

/** One entry of GET /projects/:id/timeline or /investors/:id/timeline. */
export interface TimelineEntryLike {
  at: string;
  kind: string;
  title: string | null;
  detail: string | null;
}

export type TimelineCategory = 'stage' | 'milestone' | 'alert' | 'activity' | 'followup';

export interface TimelineView {
  category: TimelineCategory;
  label: Bilingual;
  color: string;
  title: Bilingual;
  detail: Bilingual | null;
}

const STAGE_KIND_LABELS: Record<string, Bilingual> = {
  INITIAL: { zh: '初始阶段', en: 'Initial stage' },
  FORWARD: { zh: '推进', en: 'Moved forward' },
  CORRECTION: { zh: '更正', en: 'Corrected' },
  HOLD: { zh: '停缓建', en: 'Put on hold' },
  RESUME: { zh: '复工', en: 'Resumed' },
  CANCEL: { zh: '终止', en: 'Cancelled' },
};
const ALERT_LEVEL_WORDS: Record<string, Bilingual> = {
  WARNING: { zh: '黄灯', en: 'Yellow' },
  OVERDUE: { zh: '红灯', en: 'Red' },
  ESCALATED: { zh: '督办', en: 'Escalated' },
};
const RESOLUTION_WORDS: Record<string, Bilingual> = {
  MET: { zh: '已完成', en: 'met' },
  AUTO: { zh: '自动解除', en: 'resolved automatically' },
  WAIVED: { zh: '豁免', en: 'waived' },
  MANUAL: { zh: '人工解除', en: 'resolved by hand' },
};
/** Colours by category (explicit hex: the theme's primary is the bureau red). */
export const TIMELINE_COLORS: Record<TimelineCategory, string> = {
  stage: '#52c41a',
  milestone: '#13c2c2',
  alert: '#fa8c16',
  activity: '#1677ff',
  followup: '#722ed1',
};

const byLength = [...ALL_STAGES].sort((a, b) => b.length - a.length);
const stagePattern = new RegExp(`\\b(${byLength.join('|')})\\b`, 'g');

/** Stage codes inside a text (SIGNED → LANDED) in words. */
export function stageCodesInWords(text: string, lang: 'zh' | 'en'): string {
  return text.replace(stagePattern, (code) => STAGE_LABELS[code as Stage]?.[lang] ?? code);
}

const both = (text: string | null | undefined): Bilingual | null => (text ? { zh: text, en: text } : null);
const stages = (text: string | null): Bilingual => ({ zh: stageCodesInWords(text ?? '', 'zh'), en: stageCodesInWords(text ?? '', 'en') });

/** A timeline entry in words: its category, a label for its kind, a colour, and title/detail in both languages. */
export function describeTimelineEntry(e: TimelineEntryLike): TimelineView {
  const kind = e.kind;
  if (kind.startsWith('STAGE_')) {
    const k = kind.slice(6);
    return {
      category: 'stage',
      label: STAGE_KIND_LABELS[k] ?? { zh: '阶段变更', en: 'Stage change' },
      color: k === 'CANCEL' ? '#ff4d4f' : k === 'HOLD' ? '#d4a106' : k === 'CORRECTION' ? '#fa8c16' : TIMELINE_COLORS.stage,
      title: stages(e.title),
      detail: both(e.detail),
    };
  }
  if (kind === 'MILESTONE') return { category: 'milestone', label: { zh: '子节点', en: 'Milestone' }, color: TIMELINE_COLORS.milestone, title: both(e.title) ?? { zh: '', en: '' }, detail: both(e.detail) };
  if (kind.startsWith('ACTIVITY_')) {
    const k = kind.slice(9) as keyof typeof ACTIVITY_KIND_LABELS;
    return { category: 'activity', label: ACTIVITY_KIND_LABELS[k] ?? { zh: '服务记录', en: 'Activity' }, color: TIMELINE_COLORS.activity, title: both(e.title) ?? { zh: '', en: '' }, detail: both(e.detail) };
  }
  if (kind === 'FOLLOW_UP_CREATED' || kind === 'FOLLOW_UP_DONE') {
    const due = /^due (\d{4}-\d{2}-\d{2})$/.exec(e.detail ?? '');
    return {
      category: 'followup',
      label: kind === 'FOLLOW_UP_DONE' ? { zh: '待办完成', en: 'Follow-up done' } : { zh: '新建待办', en: 'Follow-up created' },
      color: kind === 'FOLLOW_UP_DONE' ? '#52c41a' : TIMELINE_COLORS.followup,
      title: both(e.title) ?? { zh: '', en: '' },
      detail: due ? { zh: `期限 ${due[1]}`, en: `due ${due[1]}` } : both(e.detail),
    };
  }
  if (kind === 'ALERT_OPENED') {
    const m = /^(WARNING|OVERDUE|ESCALATED) · due (\d{4}-\d{2}-\d{2})$/.exec(e.detail ?? '');
    const k = /^([A-Z_]+): ?(.*)$/.exec(e.title ?? '');
    const clock = k ? CLOCK_KIND_LABELS[k[1]] : undefined;
    const rest = k ? stages(k[2]) : stages(e.title);
    return {
      category: 'alert',
      label: { zh: '预警', en: 'Alert raised' },
      color: TIMELINE_COLORS.alert,
      title: clock ? { zh: [clock.zh, rest.zh].filter(Boolean).join('：'), en: [clock.en, rest.en].filter(Boolean).join(': ') } : stages(e.title),
      detail: m ? { zh: `${ALERT_LEVEL_WORDS[m[1]].zh} · 时限 ${m[2]}`, en: `${ALERT_LEVEL_WORDS[m[1]].en} · due ${m[2]}` } : both(e.detail),
    };
  }
  if (kind === 'ALERT_LEVEL') {
    const level = ALERT_LEVEL_WORDS[e.detail ?? ''] ?? both(e.detail) ?? { zh: '', en: '' };
    return { category: 'alert', label: { zh: '预警升级', en: 'Alert level' }, color: '#cf1322', title: { zh: `预警等级变为 ${level.zh}`, en: `Alert level is now ${level.en}` }, detail: null };
  }
  if (kind === 'ALERT_RESOLVED') {
    const r = /^Alert resolved: (\w+)$/.exec(e.title ?? '');
    const how = r ? (RESOLUTION_WORDS[r[1]] ?? both(r[1])!) : null;
    return {
      category: 'alert',
      label: { zh: '预警解除', en: 'Alert resolved' },
      color: '#52c41a',
      title: how ? { zh: `预警解除（${how.zh}）`, en: `Alert resolved (${how.en})` } : (both(e.title) ?? { zh: '预警解除', en: 'Alert resolved' }),
      detail: both(e.detail),
    };
  }
  return { category: 'activity', label: both(kind)!, color: '#8c8c8c', title: both(e.title) ?? { zh: '', en: '' }, detail: both(e.detail) };
}

export interface TaskLike {
  id: string;
  dueDate: string;
  status: string;
}

/** My tasks as the page lists them: open overdue first, then by due date (the API's order, made stable here). */
export function sortTasks<T extends TaskLike>(tasks: readonly T[], today: string): T[] {
  const late = (t: T) => (t.status === 'OPEN' && t.dueDate < today ? 0 : 1);
  return [...tasks].sort((a, b) => late(a) - late(b) || a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
}

/** Days until (positive) or since (negative) a due date. */
export function dueIn(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Participants typed as one text (commas, 、, semicolons or new lines) → the API's list, trimmed, no blanks or repeats. */
export function splitParticipants(text: string | null | undefined): string[] {
  const seen = new Set<string>();
  for (const part of (text ?? '').split(/[,，、;；\n]+/)) {
    const p = part.trim();
    if (p) seen.add(p.slice(0, 200));
  }
  return [...seen].slice(0, 50);
}

/** The request statuses a request may move to by hand from `from` (closing needs a callback on or after the resolution). */
export function requestActions(from: string, resolvedOn: string | null, callbackDates: readonly string[]): { to: string; enabled: boolean }[] {
  switch (from) {
    case 'OPEN':
      return [{ to: 'ACCEPTED', enabled: true }];
    case 'ACCEPTED':
      return [{ to: 'RESOLVED', enabled: true }];
    case 'RESOLVED':
      return [
        { to: 'CLOSED', enabled: !!resolvedOn && callbackDates.some((d) => d >= resolvedOn) },
        { to: 'ACCEPTED', enabled: true },
      ];
    default:
      return [];
  }
}

/**
 * When a timeline entry happened, in Asia/Shanghai (the bureau's zone, whatever the browser's): business
 * dates arrive as midnight there and are shown as the date alone, other moments with hours and minutes.
 */
export function timelineWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return time === '00:00' ? date : `${date} ${time}`;
}
