/**
 * Figures of the 驾驶舱 derived from GET /dashboard: the KPI row, and the rows that feed both the charts
 * and their tables. Pure functions, so what the page counts is written down once and tested.
 */
import type { AlertLevel, Dashboard } from '../api/types';
import { LEVEL_ORDER, STAGE_LABELS, STAGES, stageOrder, type CanonicalStage, type Stage } from './domain';

/** The five milestones a bureau reports on: 签约 → 落地 → 开工 → 投产 → 达产. */
export const MILESTONE_STAGES: readonly CanonicalStage[] = ['SIGNED', 'LANDED', 'UNDER_CONSTRUCTION', 'OPERATING', 'AT_CAPACITY'];
export const SIDE_STAGES = ['ON_HOLD', 'CANCELLED'] as const;

/** Stage age buckets (days since the project entered its stage), in the order the API sends them. */
export const AGE_BUCKETS = [
  { key: '0-30', zh: '30天内', en: '≤ 30 days', color: '#91caff' },
  { key: '31-90', zh: '31–90天', en: '31–90 days', color: '#4096ff' },
  { key: '91-180', zh: '91–180天', en: '91–180 days', color: '#faad14' },
  { key: '181-365', zh: '181–365天', en: '181–365 days', color: '#fa541c' },
  { key: '365+', zh: '一年以上', en: '> 1 year', color: '#a8071a' },
] as const;
export type AgeBucketKey = (typeof AGE_BUCKETS)[number]['key'];

/**
 * Adds 万元 decimal strings exactly (in fen), so a sum of many "1234.56" never shows float noise.
 * Returns 万元 as a number with at most two decimals.
 */
export function sumMoney(amounts: readonly (string | number | null | undefined)[]): number {
  let fen = 0;
  for (const a of amounts) {
    if (a === null || a === undefined || a === '') continue;
    const n = typeof a === 'number' ? a : Number(a);
    if (Number.isFinite(n)) fen += Math.round(n * 100);
  }
  return fen / 100;
}

/** 万元 split for a Statistic: 亿元 from 10,000 万元 up (as formatMoney writes it), else 万元. */
export function moneyParts(wan: number, lang: 'zh-CN' | 'en' = 'zh-CN'): { value: number; unit: string; precision: number } {
  if (Math.abs(wan) >= 10_000) return { value: wan / 10_000, unit: lang === 'en' ? '100M CNY' : '亿元', precision: 2 };
  return { value: wan, unit: lang === 'en' ? '10k CNY' : '万元', precision: wan % 1 === 0 ? 0 : 2 };
}

/** part / whole as a fraction, null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** 0.7234 → "72.3%"; null → "—". */
export function formatPercent(fraction: number | null, digits = 1): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

const atOrAfter = (stage: Stage, from: CanonicalStage) =>
  (STAGES as readonly string[]).includes(stage) && stageOrder(stage as CanonicalStage) >= stageOrder(from);

export interface DashboardKpis {
  /** Projects in scope that are not terminated (终止). */
  projects: number;
  onHold: number;
  cancelled: number;
  /** Agreed investment of the projects that are not terminated, 万元. */
  investment: number;
  openAlerts: number;
  escalated: number;
  overdue: number;
  warning: number;
  /** Projects at 签约 or a later canonical stage (on-hold and terminated ones are not counted). */
  signed: number;
  /** Of those, at 落地 or later. */
  landed: number;
  /** Of those, at 开工在建 or later. */
  started: number;
  /** Agreed investment of the started projects, 万元. */
  startedInvestment: number;
  landedShare: number | null;
  startedShare: number | null;
}

export function dashboardKpis(d: Pick<Dashboard, 'funnel' | 'alertsByUnit'>): DashboardKpis {
  const count = (pred: (s: Stage) => boolean) => d.funnel.filter((f) => pred(f.stage)).reduce((n, f) => n + f.count, 0);
  const live = d.funnel.filter((f) => f.stage !== 'CANCELLED');
  const signed = count((s) => atOrAfter(s, 'SIGNED'));
  const landed = count((s) => atOrAfter(s, 'LANDED'));
  const started = count((s) => atOrAfter(s, 'UNDER_CONSTRUCTION'));
  const sumLevel = (level: AlertLevel) => d.alertsByUnit.reduce((n, u) => n + u[level], 0);
  const escalated = sumLevel('ESCALATED');
  const overdue = sumLevel('OVERDUE');
  const warning = sumLevel('WARNING');
  return {
    projects: live.reduce((n, f) => n + f.count, 0),
    onHold: count((s) => s === 'ON_HOLD'),
    cancelled: count((s) => s === 'CANCELLED'),
    investment: sumMoney(live.map((f) => f.investment)),
    openAlerts: escalated + overdue + warning,
    escalated,
    overdue,
    warning,
    signed,
    landed,
    started,
    startedInvestment: sumMoney(d.funnel.filter((f) => atOrAfter(f.stage, 'UNDER_CONSTRUCTION')).map((f) => f.investment)),
    landedShare: share(landed, signed),
    startedShare: share(started, signed),
  };
}

export interface FunnelRow {
  stage: Stage;
  label: { zh: string; en: string };
  count: number;
  /** 万元 */
  investment: number;
  /** Projects at this stage or a later canonical one (canonical stages only; null for 停缓建/终止). */
  reached: number | null;
  milestone: boolean;
  side: boolean;
}

/** The canonical stages in order, then 停缓建 and 终止 (flagged `side`), whatever order the API used. */
export function funnelRows(d: Pick<Dashboard, 'funnel'>): FunnelRow[] {
  const byStage = new Map(d.funnel.map((f) => [f.stage, f]));
  const row = (stage: Stage, side: boolean): FunnelRow => {
    const f = byStage.get(stage);
    return {
      stage,
      label: f?.label ?? STAGE_LABELS[stage],
      count: f?.count ?? 0,
      investment: sumMoney([f?.investment]),
      reached: side ? null : d.funnel.filter((x) => atOrAfter(x.stage, stage as CanonicalStage)).reduce((n, x) => n + x.count, 0),
      milestone: (MILESTONE_STAGES as readonly Stage[]).includes(stage),
      side,
    };
  };
  return [...STAGES.map((s) => row(s, false)), ...SIDE_STAGES.map((s) => row(s, true))];
}

export type AlertUnitRow = Dashboard['alertsByUnit'][number] & { rank: number; isRoot: boolean };

/**
 * Units ranked worst first: most 督办, then 红灯, then 黄灯, then by name — the 排名 of the bureau's weekly
 * report. `rootId` marks the row of projects sitting on the scope root itself (本级).
 */
export function rankAlertUnits(d: Pick<Dashboard, 'alertsByUnit'>, rootId?: string): AlertUnitRow[] {
  return [...d.alertsByUnit]
    .sort(
      (x, y) =>
        y.ESCALATED - x.ESCALATED || y.OVERDUE - x.OVERDUE || y.WARNING - x.WARNING || x.unit.nameZh.localeCompare(y.unit.nameZh, 'zh-CN'),
    )
    .map((u, i) => ({ ...u, rank: i + 1, isRoot: u.unit.id === rootId }));
}

/** The worst level with a count above zero, or null. */
export function worstLevel(counts: Partial<Record<AlertLevel, number>>): AlertLevel | null {
  for (let i = LEVEL_ORDER.length - 1; i >= 0; i--) if ((counts[LEVEL_ORDER[i]] ?? 0) > 0) return LEVEL_ORDER[i];
  return null;
}

export interface StageAgeRow {
  stage: Stage;
  label: { zh: string; en: string };
  total: number;
  buckets: Record<AgeBucketKey, number>;
}

export function stageAgeRows(d: Pick<Dashboard, 'stageAge'>): StageAgeRow[] {
  return d.stageAge.map((s) => {
    const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b.key, s.buckets.find((x) => x.key === b.key)?.count ?? 0])) as Record<
      AgeBucketKey,
      number
    >;
    return { stage: s.stage, label: s.label, buckets, total: Object.values(buckets).reduce((a, b) => a + b, 0) };
  });
}

export interface TrendRow {
  week: string;
  weekStart: string;
  /** "W23" from "2025-W23". */
  short: string;
  open: number;
  opened: number;
  resolved: number;
}

export function trendRows(d: Pick<Dashboard, 'alertTrend'>): TrendRow[] {
  return d.alertTrend.map((w) => ({ ...w, short: /W\d+$/.exec(w.week)?.[0] ?? w.week }));
}

/** Change of open alerts over the trend: last week minus the week before (null with fewer than two weeks). */
export function openAlertChange(rows: readonly TrendRow[]): number | null {
  if (rows.length < 2) return null;
  return rows[rows.length - 1].open - rows[rows.length - 2].open;
}
