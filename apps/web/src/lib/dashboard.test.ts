import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../api/types';
import { ALL_STAGES, STAGE_LABELS } from './domain';
import {
  dashboardKpis,
  formatPercent,
  moneyParts,
  funnelRows,
  openAlertChange,
  rankAlertUnits,
  share,
  stageAgeRows,
  sumMoney,
  trendRows,
  worstLevel,
} from './dashboard';

const counts: Partial<Record<(typeof ALL_STAGES)[number], [number, string]>> = {
  RESERVE: [5, '1000.00'],
  NEGOTIATING: [3, '500.50'],
  SIGNED: [10, '20000.10'],
  LANDED: [4, '300.20'],
  PRE_CONSTRUCTION: [2, '0.00'],
  UNDER_CONSTRUCTION: [6, '12345.67'],
  OPERATING: [3, '100.00'],
  AT_CAPACITY: [1, '50.00'],
  ON_HOLD: [2, '800.00'],
  CANCELLED: [7, '99999.99'],
};
const funnel: Dashboard['funnel'] = ALL_STAGES.map((stage) => ({
  stage,
  label: STAGE_LABELS[stage],
  count: counts[stage]?.[0] ?? 0,
  investment: counts[stage]?.[1] ?? '0.00',
}));
const unit = (id: string, nameZh: string) => ({ id, nameZh, nameEn: null, adminCode: null });
const alertsByUnit: Dashboard['alertsByUnit'] = [
  { unit: unit('a', '玉泉区'), WARNING: 5, OVERDUE: 0, ESCALATED: 0, total: 5 },
  { unit: unit('b', '新城区'), WARNING: 1, OVERDUE: 2, ESCALATED: 1, total: 4 },
  { unit: unit('c', '回民区'), WARNING: 0, OVERDUE: 3, ESCALATED: 0, total: 3 },
  { unit: unit('d', '赛罕区'), WARNING: 0, OVERDUE: 0, ESCALATED: 1, total: 1 },
  { unit: unit('e', '武川县'), WARNING: 0, OVERDUE: 0, ESCALATED: 0, total: 0 },
];

describe('dashboardKpis', () => {
  const k = dashboardKpis({ funnel, alertsByUnit });
  it('counts projects and investment without the terminated ones', () => {
    expect(k.projects).toBe(36);
    expect(k.cancelled).toBe(7);
    expect(k.onHold).toBe(2);
    expect(k.investment).toBe(35096.47);
  });
  it('counts signed projects from 签约 on, without 停缓建 and 终止, and the landed/started shares of them', () => {
    expect(k.signed).toBe(26);
    expect(k.landed).toBe(16);
    expect(k.started).toBe(10);
    expect(k.landedShare).toBeCloseTo(16 / 26);
    expect(k.startedShare).toBeCloseTo(10 / 26);
    expect(k.startedInvestment).toBe(12495.67);
  });
  it('sums open alerts per level', () => {
    expect(k).toMatchObject({ openAlerts: 13, escalated: 2, overdue: 5, warning: 6 });
  });
  it('has no share when nothing is signed', () => {
    const none = dashboardKpis({ funnel: funnel.map((f) => ({ ...f, count: 0 })), alertsByUnit: [] });
    expect(none.landedShare).toBeNull();
    expect(none.openAlerts).toBe(0);
  });
});

describe('money and percentages', () => {
  it('adds decimal strings exactly', () => {
    expect(sumMoney(['0.10', '0.20', null, '', undefined, 'x'])).toBe(0.3);
    expect(sumMoney([])).toBe(0);
  });
  it('splits money into 亿元 or 万元 for a statistic', () => {
    expect(moneyParts(35096.47)).toEqual({ value: 3.509647, unit: '亿元', precision: 2 });
    expect(moneyParts(800)).toEqual({ value: 800, unit: '万元', precision: 0 });
    expect(moneyParts(800.5, 'en')).toEqual({ value: 800.5, unit: '10k CNY', precision: 2 });
  });
  it('formats shares', () => {
    expect(formatPercent(share(1, 3))).toBe('33.3%');
    expect(formatPercent(share(1, 0))).toBe('—');
    expect(formatPercent(1, 0)).toBe('100%');
  });
});

describe('funnelRows', () => {
  const rows = funnelRows({ funnel: [...funnel].reverse() });
  it('puts canonical stages in order, then 停缓建 and 终止', () => {
    expect(rows.map((r) => r.stage)).toEqual(ALL_STAGES);
    expect(rows.filter((r) => r.side).map((r) => r.stage)).toEqual(['ON_HOLD', 'CANCELLED']);
  });
  it('marks the five milestones and counts projects that reached each stage', () => {
    expect(rows.filter((r) => r.milestone).map((r) => r.stage)).toEqual(['SIGNED', 'LANDED', 'UNDER_CONSTRUCTION', 'OPERATING', 'AT_CAPACITY']);
    expect(rows.find((r) => r.stage === 'RESERVE')?.reached).toBe(34);
    expect(rows.find((r) => r.stage === 'LANDED')?.reached).toBe(16);
    expect(rows.find((r) => r.stage === 'AT_CAPACITY')?.reached).toBe(1);
    expect(rows.find((r) => r.stage === 'ON_HOLD')?.reached).toBeNull();
  });
  it('keeps stages the API left out, with zero', () => {
    const partial = funnelRows({ funnel: funnel.filter((f) => f.stage === 'SIGNED') });
    expect(partial).toHaveLength(12);
    expect(partial.find((r) => r.stage === 'LANDED')).toMatchObject({ count: 0, investment: 0 });
  });
});

describe('rankAlertUnits', () => {
  it('ranks 督办 first, then 红灯, then 黄灯, then name', () => {
    const ranked = rankAlertUnits({ alertsByUnit }, 'e');
    expect(ranked.map((r) => r.unit.nameZh)).toEqual(['新城区', '赛罕区', '回民区', '玉泉区', '武川县']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked.find((r) => r.isRoot)?.unit.id).toBe('e');
  });
});

describe('worstLevel', () => {
  it('picks the worst level present', () => {
    expect(worstLevel({ WARNING: 2, OVERDUE: 1, ESCALATED: 0 })).toBe('OVERDUE');
    expect(worstLevel({ WARNING: 0, ESCALATED: 3 })).toBe('ESCALATED');
    expect(worstLevel({})).toBeNull();
  });
});

describe('stageAgeRows and trendRows', () => {
  it('fills every bucket and totals them', () => {
    const rows = stageAgeRows({
      stageAge: [{ stage: 'SIGNED', label: STAGE_LABELS.SIGNED, buckets: [{ key: '0-30', count: 2 }, { key: '365+', count: 5 }] }],
    });
    expect(rows[0].buckets).toEqual({ '0-30': 2, '31-90': 0, '91-180': 0, '181-365': 0, '365+': 5 });
    expect(rows[0].total).toBe(7);
  });
  it('shortens ISO weeks and gives the change of the last week', () => {
    const rows = trendRows({
      alertTrend: [
        { week: '2025-W22', weekStart: '2025-05-26', open: 10, opened: 3, resolved: 1 },
        { week: '2025-W23', weekStart: '2025-06-02', open: 8, opened: 0, resolved: 2 },
      ],
    });
    expect(rows.map((r) => r.short)).toEqual(['W22', 'W23']);
    expect(openAlertChange(rows)).toBe(-2);
    expect(openAlertChange(rows.slice(1))).toBeNull();
  });
});
