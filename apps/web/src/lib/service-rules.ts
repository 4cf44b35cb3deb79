/**
 * Service-target rules in the admin UI: words for kinds, durations, warnings and filters; the drawer
 * form's values to and from the API body; the limits validateServiceTargetRule enforces; and the
 * field-by-field difference between two versions of a rule.
 */
import {
  DURATION_UNITS,
  SERVICE_TARGET_KINDS,
  validateServiceTargetRule,
  type DurationUnit,
  type ServiceTargetKind,
} from '../../../../libs/domain/src/service-targets/rule';
import { STAGE_LABELS, type CanonicalStage } from './domain';
import { formatMoney } from './format';

export { DURATION_UNITS, SERVICE_TARGET_KINDS, validateServiceTargetRule, type DurationUnit, type ServiceTargetKind };

type Lang = 'zh-CN' | 'en';
type Family = 'INVESTMENT' | 'GOVERNMENT';
const pick = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export const KIND_META: Record<ServiceTargetKind, { zh: string; en: string; helpZh: string; helpEn: string; color: string }> = {
  SERVICE_TARGET: {
    zh: '服务时限',
    en: 'Service target',
    helpZh: '项目从节点 A 到节点 B 须在时限内完成（如签约到落地 90 个自然日）。',
    helpEn: 'A project must get from milestone A to milestone B within the duration (e.g. signing to landing in 90 days).',
    color: 'blue',
  },
  PLAN_DATE: {
    zh: '计划节点',
    en: 'Plan date',
    helpZh: '项目自报的预计日期（如“预计10月投产”）到期；时长是到期后的宽限期，0 表示当天到期。',
    helpEn: "The project's own expected date (e.g. “operating in October”) falls due; the duration is a grace period after it, 0 = due on the day.",
    color: 'cyan',
  },
  STALE_UPDATE: {
    zh: '月调度报送',
    en: 'Monthly report',
    helpZh: '每月进度须在次月第 N 个工作日（或第 N 天）前报送；起止节点限定需要报送的阶段。',
    helpEn: "Each month's progress report is due by working day N (or day N) of the next month; the stages bound when reports are required.",
    color: 'geekblue',
  },
  HOLD_REVIEW: {
    zh: '停缓建复核',
    en: 'Hold review',
    helpZh: '停缓建项目须在时限内作出复工或终止决定。',
    helpEn: 'A project on hold needs a decision (resume or terminate) within the duration.',
    color: 'orange',
  },
};

export const DURATION_UNIT_LABELS: Record<DurationUnit, { zh: string; en: string }> = {
  calendar_days: { zh: '自然日', en: 'calendar days' },
  working_days: { zh: '工作日', en: 'working days' },
  months: { zh: '个月', en: 'months' },
};

export const FAMILY_FILTER_LABELS: Record<Family, { zh: string; en: string }> = {
  INVESTMENT: { zh: '招商引资项目', en: 'investment projects' },
  GOVERNMENT: { zh: '政府投资项目', en: 'government projects' },
};

/** Which stage fields a kind uses, and whether they are required. */
export function stageFields(kind: ServiceTargetKind): { from: 'required' | 'optional' | 'none'; to: 'required' | 'optional' | 'none' } {
  switch (kind) {
    case 'SERVICE_TARGET':
      return { from: 'required', to: 'required' };
    case 'PLAN_DATE':
      return { from: 'none', to: 'optional' };
    case 'STALE_UPDATE':
      return { from: 'optional', to: 'optional' };
    default:
      return { from: 'none', to: 'none' };
  }
}

/** Duration units a kind may use (a monthly report counts days into the next month, never months). */
export function unitsFor(kind: ServiceTargetKind): DurationUnit[] {
  return kind === 'STALE_UPDATE' ? ['working_days', 'calendar_days'] : [...DURATION_UNITS];
}

/** The range validateServiceTargetRule accepts for duration.value. */
export function durationBounds(kind: ServiceTargetKind, unit: DurationUnit): { min: number; max: number } {
  const min = kind === 'PLAN_DATE' ? 0 : 1;
  if (kind === 'STALE_UPDATE') return { min, max: unit === 'working_days' ? 15 : 28 };
  return { min, max: unit === 'months' ? 120 : 3650 };
}

export const WARN_PERCENT = { min: 1, max: 100 } as const;
export const WARN_DAYS = { min: 0, max: 3650 } as const;
export const ESCALATE_DAYS = { min: 0, max: 3650 } as const;
export const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export interface RuleDurationValue {
  value: number;
  unit: DurationUnit | string;
}
export interface RuleWarnValue {
  percent?: number | null;
  daysBefore?: number | null;
}
export interface RuleFilterValue {
  family?: Family | null;
  projectTypes?: readonly string[] | null;
  minInvestment?: string | null;
  unitIds?: readonly string[] | null;
  listIds?: readonly string[] | null;
}
/** The rule fields the UI reads (a stored rule or one version's definition). */
export interface RuleLike {
  code: string;
  name: string;
  nameEn?: string | null;
  description?: string | null;
  note?: string | null;
  kind: ServiceTargetKind | string;
  fromStage?: CanonicalStage | string | null;
  toStage?: CanonicalStage | string | null;
  duration: RuleDurationValue;
  warn: RuleWarnValue | null;
  escalateAfterDays: number | null;
  filter?: RuleFilterValue | Record<string, unknown> | null;
  active: boolean;
  isDefault?: boolean;
}

const stageName = (s: string | null | undefined, lang: Lang) =>
  s ? pick(lang, STAGE_LABELS[s as CanonicalStage]?.zh ?? s, STAGE_LABELS[s as CanonicalStage]?.en ?? s) : '';

/** The duration in words, as the kind reads it (a grace period, a report deadline, a target). */
export function formatDuration(kind: string, d: RuleDurationValue, lang: Lang): string {
  const unit = DURATION_UNIT_LABELS[d.unit as DurationUnit] ?? { zh: d.unit, en: d.unit };
  if (kind === 'STALE_UPDATE') {
    return d.unit === 'working_days'
      ? pick(lang, `次月第 ${d.value} 个工作日`, `working day ${d.value} of the next month`)
      : pick(lang, `次月 ${d.value} 日`, `day ${d.value} of the next month`);
  }
  const amount = d.unit === 'months' ? pick(lang, `${d.value} 个月`, `${d.value} months`) : pick(lang, `${d.value} 个${unit.zh}`, `${d.value} ${unit.en}`);
  if (kind === 'PLAN_DATE') return d.value === 0 ? pick(lang, '预计日期当天', 'on the expected date') : pick(lang, `预计日期后 ${amount}`, `${amount} after the expected date`);
  return amount;
}

/** The day unit of warnings and escalation: working days for a working-day rule, else calendar days. */
export function dayWord(unit: string, lang: Lang, n?: number): string {
  if (unit === 'working_days') return pick(lang, '个工作日', n === 1 ? 'working day' : 'working days');
  return pick(lang, '天', n === 1 ? 'day' : 'days');
}

export function formatWarn(warn: RuleWarnValue | null, unit: string, lang: Lang): string {
  if (!warn) return '—';
  if (warn.percent !== undefined && warn.percent !== null) return pick(lang, `时限过 ${warn.percent}%`, `${warn.percent}% elapsed`);
  if (warn.daysBefore !== undefined && warn.daysBefore !== null) {
    return warn.daysBefore === 0
      ? pick(lang, '到期当天', 'on the due date')
      : pick(lang, `到期前 ${warn.daysBefore} ${dayWord(unit, lang, warn.daysBefore)}`, `${warn.daysBefore} ${dayWord(unit, lang, warn.daysBefore)} before due`);
  }
  return '—';
}

export function formatEscalate(days: number | null, unit: string, lang: Lang): string {
  if (days === null || days === undefined) return '—';
  return pick(lang, `逾期超过 ${days} ${dayWord(unit, lang, days)}`, `overdue by more than ${days} ${dayWord(unit, lang, days)}`);
}

/** From → to in words, as the kind reads the stages. */
export function formatStages(rule: Pick<RuleLike, 'kind' | 'fromStage' | 'toStage'>, lang: Lang): string {
  const from = stageName(rule.fromStage, lang);
  const to = stageName(rule.toStage, lang);
  switch (rule.kind) {
    case 'SERVICE_TARGET':
      return `${from} → ${to}`;
    case 'PLAN_DATE':
      return to ? pick(lang, `预计${to}日期`, `expected ${to} date`) : pick(lang, '所有计划节点', 'every planned milestone');
    case 'STALE_UPDATE':
      if (!from && !to) return pick(lang, '所有阶段', 'every stage');
      return pick(lang, `${from || '任意阶段'}起${to ? `，至${to}止` : ''}`, `from ${from || 'any stage'}${to ? ` until ${to}` : ''}`);
    case 'HOLD_REVIEW':
      return pick(lang, '停缓建期间', 'while on hold');
    default:
      return [from, to].filter(Boolean).join(' → ');
  }
}

export interface FilterNames {
  unit: (id: string) => string | undefined;
  list: (id: string) => string | undefined;
}

const nonEmpty = (xs: readonly string[] | null | undefined): xs is readonly string[] => Array.isArray(xs) && xs.length > 0;
const join = (xs: readonly string[], lang: Lang) => xs.join(lang === 'en' ? ', ' : '、');

/** The filter as short phrases, e.g. ["投资额 ≥ 10亿元", "政府投资项目"]; an empty filter covers every project. */
export function filterSummary(filter: RuleFilterValue | Record<string, unknown> | null | undefined, names: FilterNames, lang: Lang): string[] {
  const f = (filter ?? {}) as RuleFilterValue;
  const parts: string[] = [];
  if (f.minInvestment) parts.push(pick(lang, `投资额 ≥ ${formatMoney(f.minInvestment, lang)}`, `investment ≥ ${formatMoney(f.minInvestment, lang)}`));
  if (f.family) parts.push(pick(lang, FAMILY_FILTER_LABELS[f.family]?.zh ?? f.family, FAMILY_FILTER_LABELS[f.family]?.en ?? f.family));
  if (nonEmpty(f.projectTypes)) parts.push(pick(lang, `类型：${join(f.projectTypes, lang)}`, `types: ${join(f.projectTypes, lang)}`));
  if (nonEmpty(f.unitIds)) {
    const ns = f.unitIds.map((id) => names.unit(id) ?? pick(lang, '（已删除的单位）', '(unknown unit)'));
    parts.push(pick(lang, `单位：${join(ns, lang)}（含下级）`, `units: ${join(ns, lang)} (and below)`));
  }
  if (nonEmpty(f.listIds)) {
    const ns = f.listIds.map((id) => names.list(id) ?? pick(lang, '（未知名单）', '(unknown list)'));
    parts.push(pick(lang, `名单：${join(ns, lang)}`, `lists: ${join(ns, lang)}`));
  }
  return parts.length ? parts : [pick(lang, '全部项目', 'every project')];
}

/** The drawer form's values (flat, so each input has its own field and its own error). */
export interface RuleFormValues {
  code: string;
  name: string;
  nameEn?: string | null;
  description?: string | null;
  note?: string | null;
  kind: ServiceTargetKind;
  fromStage?: CanonicalStage | null;
  toStage?: CanonicalStage | null;
  durationValue: number | null;
  durationUnit: DurationUnit;
  warnMode: 'percent' | 'daysBefore';
  warnValue: number | null;
  escalateAfterDays: number | null;
  family?: Family | null;
  projectTypes?: string[];
  /** 万元, a decimal string. */
  minInvestment?: string | null;
  unitIds?: string[];
  listIds?: string[];
  active: boolean;
}

export const NEW_RULE: RuleFormValues = {
  code: '',
  name: '',
  nameEn: '',
  description: '',
  note: '',
  kind: 'SERVICE_TARGET',
  fromStage: 'SIGNED',
  toStage: 'LANDED',
  durationValue: 90,
  durationUnit: 'calendar_days',
  warnMode: 'percent',
  warnValue: 80,
  escalateAfterDays: 30,
  family: null,
  projectTypes: [],
  minInvestment: null,
  unitIds: [],
  listIds: [],
  active: true,
};

export function ruleToForm(rule: RuleLike): RuleFormValues {
  const f = (rule.filter ?? {}) as RuleFilterValue;
  const daysBefore = rule.warn?.daysBefore;
  return {
    code: rule.code,
    name: rule.name,
    nameEn: rule.nameEn ?? '',
    description: rule.description ?? '',
    note: rule.note ?? '',
    kind: rule.kind as ServiceTargetKind,
    fromStage: (rule.fromStage as CanonicalStage | null | undefined) ?? null,
    toStage: (rule.toStage as CanonicalStage | null | undefined) ?? null,
    durationValue: rule.duration.value,
    durationUnit: rule.duration.unit as DurationUnit,
    warnMode: daysBefore !== undefined && daysBefore !== null ? 'daysBefore' : 'percent',
    warnValue: daysBefore !== undefined && daysBefore !== null ? daysBefore : (rule.warn?.percent ?? 80),
    escalateAfterDays: rule.escalateAfterDays,
    family: f.family ?? null,
    projectTypes: [...(f.projectTypes ?? [])],
    minInvestment: f.minInvestment ?? null,
    unitIds: [...(f.unitIds ?? [])],
    listIds: [...(f.listIds ?? [])],
    active: rule.active,
  };
}

const text = (v: string | null | undefined) => {
  const s = (v ?? '').trim();
  return s ? s : null;
};

/** The API body for create (with code) or edit (without: the code never changes; add `version` yourself). */
export function formToBody(v: Partial<RuleFormValues>, mode: 'create' | 'edit'): Record<string, unknown> {
  const kind = (v.kind ?? 'SERVICE_TARGET') as ServiceTargetKind;
  const fields = stageFields(kind);
  const filter: Record<string, unknown> = {};
  if (v.family) filter.family = v.family;
  const types = (v.projectTypes ?? []).map((t) => t.trim()).filter(Boolean);
  if (types.length) filter.projectTypes = [...new Set(types)];
  const minInvestment = v.minInvestment === null || v.minInvestment === undefined ? '' : String(v.minInvestment).trim();
  if (minInvestment) filter.minInvestment = minInvestment;
  if (v.unitIds?.length) filter.unitIds = v.unitIds;
  if (v.listIds?.length) filter.listIds = v.listIds;
  const body: Record<string, unknown> = {
    name: (v.name ?? '').trim(),
    nameEn: text(v.nameEn),
    description: text(v.description),
    note: text(v.note),
    kind,
    fromStage: fields.from === 'none' ? null : (v.fromStage ?? null),
    toStage: fields.to === 'none' ? null : (v.toStage ?? null),
    duration: { value: v.durationValue, unit: v.durationUnit },
    warn: v.warnMode === 'daysBefore' ? { daysBefore: v.warnValue } : { percent: v.warnValue },
    escalateAfterDays: v.escalateAfterDays,
    filter,
    active: v.active ?? true,
  };
  if (mode === 'create') body.code = (v.code ?? '').trim();
  return body;
}

/**
 * The body for POST /service-targets/preview: the scope of the rule is all that counts there, so a
 * missing code or name (still being typed) is stood in for; with `id`, the stored rule supplies the code.
 */
export function previewBody(v: Partial<RuleFormValues>, id: string | undefined): Record<string, unknown> {
  const body = formToBody(v, id ? 'edit' : 'create');
  if (!id && (typeof body.code !== 'string' || !CODE_PATTERN.test(body.code))) body.code = 'PREVIEW';
  if (!body.name) body.name = '—';
  return id ? { id, ...body } : body;
}

/** Problems that keep a preview from being asked for (the server would answer 400), by field path. */
export function previewProblems(body: Record<string, unknown>): { field: string; message: string }[] {
  const { id: _id, ...rule } = body;
  return validateServiceTargetRule({ code: 'PREVIEW', ...rule });
}

/** A form field name for an API field path (duration.value → durationValue, filter.unitIds → unitIds …). */
export function formFieldOf(apiField: string): keyof RuleFormValues | null {
  const map: Record<string, keyof RuleFormValues> = {
    code: 'code',
    name: 'name',
    nameEn: 'nameEn',
    description: 'description',
    note: 'note',
    kind: 'kind',
    fromStage: 'fromStage',
    toStage: 'toStage',
    duration: 'durationValue',
    'duration.value': 'durationValue',
    'duration.unit': 'durationUnit',
    warn: 'warnValue',
    'warn.percent': 'warnValue',
    'warn.daysBefore': 'warnValue',
    escalateAfterDays: 'escalateAfterDays',
    active: 'active',
    'filter.family': 'family',
    'filter.projectTypes': 'projectTypes',
    'filter.minInvestment': 'minInvestment',
    'filter.unitIds': 'unitIds',
    'filter.listIds': 'listIds',
  };
  return map[apiField] ?? null;
}

/** The fields of a rule definition, in display order. */
export const RULE_FIELDS = [
  'name',
  'nameEn',
  'description',
  'kind',
  'fromStage',
  'toStage',
  'duration',
  'warn',
  'escalateAfterDays',
  'filter',
  'active',
  'isDefault',
  'note',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** Canonical JSON (sorted keys) so that {a,b} and {b,a} compare equal. */
function canonical(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null && !(Array.isArray(x) && x.length === 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The fields that differ between two versions of a rule (absent, null and empty lists count as the same). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): RuleField[] {
  if (!before) return [];
  return RULE_FIELDS.filter((f) => canonical(before[f] ?? null) !== canonical(after[f] ?? null));
}
