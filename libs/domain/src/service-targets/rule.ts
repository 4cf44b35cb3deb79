import { isCanonicalStage, stageOrder, type CanonicalStage } from '../projects/project-stage.js';
import { MONEY_RE, PROJECT_FAMILIES, type ProjectFamily } from '../projects/project-enums.js';

/** The four kinds of rule of DESIGN §4. */
export const SERVICE_TARGET_KINDS = ['SERVICE_TARGET', 'PLAN_DATE', 'STALE_UPDATE', 'HOLD_REVIEW'] as const;
export type ServiceTargetKind = (typeof SERVICE_TARGET_KINDS)[number];

export const DURATION_UNITS = ['calendar_days', 'working_days', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface RuleDuration {
  value: number;
  unit: DurationUnit;
}

/** Warning (黄灯) when `percent` % of the duration has elapsed, or `daysBefore` days before the due date. */
export type WarnSpec = { percent: number } | { daysBefore: number };

/** Which projects a rule covers. Every criterion given must hold (AND); within a list, any value (OR). Empty lists mean "any". */
export interface RuleFilter {
  family?: ProjectFamily | null;
  projectTypes?: readonly string[] | null;
  /** Minimum total investment, 万元, exact decimal string (10 亿元 = "100000"). Projects with no figure do not match. */
  minInvestment?: string | null;
  /** Units; a project matches when its unit or any ancestor unit is listed. */
  unitIds?: readonly string[] | null;
  listIds?: readonly string[] | null;
}

/**
 * One version of a service-target rule (policy the bureau sets; the reports give no numbers).
 *
 * - SERVICE_TARGET: from milestone `fromStage` to `toStage` within `duration`.
 * - PLAN_DATE: the project's own expected date for a milestone; `duration` is a grace period after it
 *   (0 = due on the expected date). `toStage` limits the rule to plans for that milestone (absent = all).
 * - STALE_UPDATE (月调度): the monthly progress report for a period is due by working day `duration.value`
 *   of the next month (`calendar_days`: by day N of the next month). Required while the project has reached
 *   `fromStage` (absent = any stage) and not yet `toStage` (absent = never ends).
 * - HOLD_REVIEW: a hold (停缓建) needs a decision (resume or terminate) within `duration`.
 */
export interface ServiceTargetRule {
  id: string;
  code: string;
  version: number;
  name: string;
  nameEn?: string | null;
  /** What the rule means, for the admin UI. */
  description?: string | null;
  kind: ServiceTargetKind;
  fromStage?: CanonicalStage | null;
  toStage?: CanonicalStage | null;
  duration: RuleDuration;
  warn: WarnSpec;
  /** 督办 once overdue by more than this many days (working days for a working-day rule). */
  escalateAfterDays: number;
  filter: RuleFilter;
  active: boolean;
  /** True for the shipped defaults, which the UI must label as defaults chosen by the bureau, not figures from the reports. */
  isDefault?: boolean;
  /** For defaults: "default chosen by the bureau, not a figure from the reports". */
  note?: string | null;
}

/** A rule as written in `seeds/service-targets.json` or posted to the API: no id or version yet. */
export type ServiceTargetRuleDefinition = Omit<ServiceTargetRule, 'id' | 'version'>;

/** The facts about a project that rules filter on. */
export interface ProjectFacts {
  id: string;
  family: ProjectFamily;
  projectType: string | null;
  /** 万元, exact decimal string, or null when unknown. */
  totalInvestment: string | null;
  unitId: string;
  /** Ancestors of `unitId` (any order), so that a rule for a district covers its towns. */
  unitAncestorIds?: readonly string[] | null;
  listIds: readonly string[];
  /**
   * Business date the project entered Luodi (its record's creation date). Monthly progress reports
   * (STALE_UPDATE) are not demanded for months before it. Absent = no such limit.
   */
  trackedSince?: string | null;
}

/** Compares two non-negative decimal strings exactly (no floating point): −1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const [ai, af = ''] = a.trim().split('.');
  const [bi, bf = ''] = b.trim().split('.');
  const aInt = ai.replace(/^0+(?=\d)/, '');
  const bInt = bi.replace(/^0+(?=\d)/, '');
  if (aInt.length !== bInt.length) return aInt.length < bInt.length ? -1 : 1;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const len = Math.max(af.length, bf.length);
  const aFrac = af.padEnd(len, '0');
  const bFrac = bf.padEnd(len, '0');
  if (aFrac === bFrac) return 0;
  return aFrac < bFrac ? -1 : 1;
}

const nonEmpty = <T>(xs: readonly T[] | null | undefined): xs is readonly T[] => Array.isArray(xs) && xs.length > 0;

/** True when the project matches every criterion of the filter. */
export function matchesFilter(filter: RuleFilter, facts: ProjectFacts): boolean {
  if (filter.family && facts.family !== filter.family) return false;
  if (nonEmpty(filter.projectTypes) && (facts.projectType === null || !filter.projectTypes.includes(facts.projectType))) return false;
  if (filter.minInvestment) {
    if (facts.totalInvestment === null || facts.totalInvestment === undefined || !MONEY_RE.test(facts.totalInvestment)) return false;
    if (compareDecimal(facts.totalInvestment, filter.minInvestment) < 0) return false;
  }
  if (nonEmpty(filter.unitIds)) {
    const ids = filter.unitIds;
    if (!ids.includes(facts.unitId) && !(facts.unitAncestorIds ?? []).some((u) => ids.includes(u))) return false;
  }
  if (nonEmpty(filter.listIds)) {
    const ids = filter.listIds;
    if (!facts.listIds.some((l) => ids.includes(l))) return false;
  }
  return true;
}

/** True when the rule is active and its filter matches the project. */
export function ruleApplies(rule: ServiceTargetRule, facts: ProjectFacts): boolean {
  return rule.active && matchesFilter(rule.filter, facts);
}

/** How specific a filter is: the number of criteria it sets (used to pick one rule per slot). */
export function filterSpecificity(filter: RuleFilter): number {
  let n = 0;
  if (filter.family) n++;
  if (nonEmpty(filter.projectTypes)) n++;
  if (filter.minInvestment) n++;
  if (nonEmpty(filter.unitIds)) n++;
  if (nonEmpty(filter.listIds)) n++;
  return n;
}

/**
 * The slot a rule fills: for a project, at most one rule runs per slot, so a specific rule
 * (e.g. SIGNED→OPERATING for projects ≥ 10 亿元) replaces the general one rather than adding to it.
 * PLAN_DATE rules are matched per plan (see `selectPlanDateRule`).
 */
export function ruleSlot(rule: Pick<ServiceTargetRule, 'kind' | 'fromStage' | 'toStage'>): string {
  switch (rule.kind) {
    case 'SERVICE_TARGET':
      return `SERVICE_TARGET:${rule.fromStage ?? ''}>${rule.toStage ?? ''}`;
    case 'PLAN_DATE':
      return `PLAN_DATE:${rule.toStage ?? '*'}`;
    default:
      return rule.kind;
  }
}

/** Orders candidates best first: more filter criteria, then higher minInvestment, then code. */
function compareSpecificity(a: ServiceTargetRule, b: ServiceTargetRule, bonus: (r: ServiceTargetRule) => number = () => 0): number {
  const sa = filterSpecificity(a.filter) + bonus(a);
  const sb = filterSpecificity(b.filter) + bonus(b);
  if (sa !== sb) return sb - sa;
  const ma = a.filter.minInvestment ?? '0';
  const mb = b.filter.minInvestment ?? '0';
  const c = compareDecimal(mb, ma);
  if (c !== 0) return c;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * The rules that run for a project: active, matching, and the most specific of each slot
 * (SERVICE_TARGET per from→to pair, one STALE_UPDATE, one HOLD_REVIEW). PLAN_DATE rules are all
 * returned (matching ones), and chosen per plan by `selectPlanDateRule`.
 */
export function selectRules(rules: readonly ServiceTargetRule[], facts: ProjectFacts): ServiceTargetRule[] {
  const bySlot = new Map<string, ServiceTargetRule>();
  const plan: ServiceTargetRule[] = [];
  for (const r of rules) {
    if (!ruleApplies(r, facts)) continue;
    if (r.kind === 'PLAN_DATE') {
      plan.push(r);
      continue;
    }
    const slot = ruleSlot(r);
    const cur = bySlot.get(slot);
    if (!cur || compareSpecificity(r, cur) < 0) bySlot.set(slot, r);
  }
  return [...bySlot.values(), ...plan].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Of the PLAN_DATE rules, the one for a plan of `stage`: a rule naming the stage beats a general one, then specificity. */
export function selectPlanDateRule(rules: readonly ServiceTargetRule[], stage: CanonicalStage): ServiceTargetRule | null {
  let best: ServiceTargetRule | null = null;
  for (const r of rules) {
    if (r.kind !== 'PLAN_DATE' || (r.toStage && r.toStage !== stage)) continue;
    if (!best || compareSpecificity(r, best, (x) => (x.toStage ? 10 : 0)) < 0) best = r;
  }
  return best;
}

export interface RuleValidationError {
  field: string;
  message: string;
}

const CODE_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Validates a rule definition (without id/version) for the API: returns field errors, empty when valid.
 * Limits: durations 1..3650 days / 1..120 months (PLAN_DATE grace may be 0); warn percent 1..100 or
 * daysBefore 0..3650; escalateAfterDays 0..3650; codes without ':' (clock keys use it).
 */
export function validateServiceTargetRule(input: unknown): RuleValidationError[] {
  const errors: RuleValidationError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (typeof input !== 'object' || input === null) return [{ field: '', message: 'rule must be an object' }];
  const r = input as Record<string, unknown>;
  if (typeof r.code !== 'string' || !CODE_RE.test(r.code)) err('code', 'code must start with a letter and use letters, digits, _ . - (max 64)');
  if (typeof r.name !== 'string' || !r.name.trim()) err('name', 'name is required');
  for (const f of ['nameEn', 'description', 'note'] as const) {
    if (r[f] !== undefined && r[f] !== null && (typeof r[f] !== 'string' || (r[f] as string).length > 2000)) err(f, `${f} must be a string of at most 2000 characters`);
  }
  if (r.isDefault !== undefined && typeof r.isDefault !== 'boolean') err('isDefault', 'isDefault must be true or false');
  const kind = r.kind as ServiceTargetKind;
  if (!(SERVICE_TARGET_KINDS as readonly unknown[]).includes(kind)) err('kind', `kind must be one of ${SERVICE_TARGET_KINDS.join(', ')}`);
  for (const f of ['fromStage', 'toStage'] as const) {
    if (r[f] !== undefined && r[f] !== null && !isCanonicalStage(r[f])) err(f, `${f} must be a canonical stage`);
  }
  const from = isCanonicalStage(r.fromStage) ? r.fromStage : null;
  const to = isCanonicalStage(r.toStage) ? r.toStage : null;
  if (kind === 'SERVICE_TARGET') {
    if (!from) err('fromStage', 'a service target needs fromStage');
    if (!to) err('toStage', 'a service target needs toStage');
  }
  if ((kind === 'SERVICE_TARGET' || kind === 'STALE_UPDATE') && from && to && stageOrder(from) >= stageOrder(to)) {
    err('toStage', 'toStage must come after fromStage');
  }
  if (kind === 'PLAN_DATE' && r.fromStage) err('fromStage', 'a plan-date rule has no fromStage');
  if (kind === 'HOLD_REVIEW' && (r.fromStage || r.toStage)) err('fromStage', 'a hold-review rule has no stages');

  const duration = r.duration as Record<string, unknown> | undefined;
  if (typeof duration !== 'object' || duration === null) err('duration', 'duration {value, unit} is required');
  else {
    const unit = duration.unit as DurationUnit;
    if (!(DURATION_UNITS as readonly unknown[]).includes(unit)) err('duration.unit', `unit must be one of ${DURATION_UNITS.join(', ')}`);
    const min = kind === 'PLAN_DATE' ? 0 : 1;
    const max = unit === 'months' ? 120 : 3650;
    if (!isInt(duration.value) || duration.value < min || duration.value > max) {
      err('duration.value', `value must be an integer from ${min} to ${max}`);
    }
    if (kind === 'STALE_UPDATE') {
      if (unit === 'months') err('duration.unit', 'a stale-update rule counts working days or calendar days into the next month');
      else if (isInt(duration.value) && duration.value > (unit === 'working_days' ? 15 : 28)) {
        err('duration.value', 'the report deadline must fall inside the next month');
      }
    }
  }
  const warn = r.warn as Record<string, unknown> | undefined;
  if (typeof warn !== 'object' || warn === null) err('warn', 'warn {percent} or {daysBefore} is required');
  else {
    const hasP = warn.percent !== undefined && warn.percent !== null;
    const hasD = warn.daysBefore !== undefined && warn.daysBefore !== null;
    if (hasP === hasD) err('warn', 'give exactly one of warn.percent and warn.daysBefore');
    else if (hasP && (!isInt(warn.percent) || warn.percent < 1 || warn.percent > 100)) err('warn.percent', 'percent must be an integer from 1 to 100');
    else if (hasD && (!isInt(warn.daysBefore) || warn.daysBefore < 0 || warn.daysBefore > 3650)) {
      err('warn.daysBefore', 'daysBefore must be an integer from 0 to 3650');
    }
  }
  if (!isInt(r.escalateAfterDays) || r.escalateAfterDays < 0 || r.escalateAfterDays > 3650) {
    err('escalateAfterDays', 'escalateAfterDays must be an integer from 0 to 3650');
  }
  if (typeof r.active !== 'boolean') err('active', 'active must be true or false');
  const filter = r.filter as Record<string, unknown> | undefined;
  if (filter === undefined || filter === null) {
    // An absent filter means "every project".
  } else if (typeof filter !== 'object' || Array.isArray(filter)) err('filter', 'filter must be an object');
  else {
    if (filter.family !== undefined && filter.family !== null && !(PROJECT_FAMILIES as readonly unknown[]).includes(filter.family)) {
      err('filter.family', `family must be one of ${PROJECT_FAMILIES.join(', ')}`);
    }
    for (const f of ['projectTypes', 'unitIds', 'listIds'] as const) {
      const v = filter[f];
      if (v !== undefined && v !== null && (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x))) {
        err(`filter.${f}`, `${f} must be an array of non-empty strings`);
      }
    }
    const mi = filter.minInvestment;
    if (mi !== undefined && mi !== null && (typeof mi !== 'string' || !MONEY_RE.test(mi))) {
      err('filter.minInvestment', 'minInvestment must be a decimal string in 万元, e.g. "100000"');
    }
    const known = new Set(['family', 'projectTypes', 'minInvestment', 'unitIds', 'listIds']);
    for (const k of Object.keys(filter)) if (!known.has(k)) err(`filter.${k}`, `unknown filter criterion ${k}`);
  }
  return errors;
}
