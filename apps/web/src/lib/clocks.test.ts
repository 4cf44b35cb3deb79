import { describe, it, expect } from 'vitest';
import { addDays, clockBar, clockLevel, clockName, holdSpans, instantToBusinessDate } from './clocks';

const clock = (over: Partial<Parameters<typeof clockBar>[0]> = {}): Parameters<typeof clockBar>[0] => ({
  key: 'SIGNED_TO_LANDED',
  kind: 'SERVICE_TARGET',
  fromStage: 'SIGNED',
  toStage: 'LANDED',
  period: null,
  startDate: '2024-03-01',
  dueDate: '2024-05-30',
  status: 'ON_TRACK',
  level: 'NONE',
  warnAt: '2024-05-11T16:00:00.000Z',
  escalateAt: '2024-06-29T16:00:00.000Z',
  metDate: null,
  ...over,
});

describe('clockName', () => {
  it('names each kind of clock in both languages', () => {
    expect(clockName(clock())).toEqual({ zh: '签约 → 落地', en: 'Signed → Landed' });
    expect(clockName(clock({ kind: 'PLAN_DATE', fromStage: null, toStage: 'OPERATING' })).zh).toBe('计划投产/投用');
    expect(clockName(clock({ kind: 'STALE_UPDATE', period: '2025-06' }))).toEqual({ zh: '2025-06 月调度', en: 'Monthly report 2025-06' });
    expect(clockName(clock({ kind: 'HOLD_REVIEW', startDate: '2024-05-01' })).en).toBe('Hold review (since 2024-05-01)');
    expect(clockName(clock({ kind: 'SOMETHING_NEW', key: 'X:1' })).zh).toBe('X:1');
  });
});

describe('clockLevel', () => {
  it('reads NONE and unknown values as no level', () => {
    expect(clockLevel('NONE')).toBeNull();
    expect(clockLevel(null)).toBeNull();
    expect(clockLevel('OVERDUE')).toBe('OVERDUE');
  });
});

describe('instantToBusinessDate', () => {
  it('gives the Asia/Shanghai date of an instant', () => {
    expect(instantToBusinessDate('2022-04-29T16:00:00.000Z')).toBe('2022-04-30');
    expect(instantToBusinessDate('2022-04-29T15:59:59.999Z')).toBe('2022-04-29');
    expect(instantToBusinessDate(null)).toBeNull();
  });
});

describe('holdSpans', () => {
  it('finds finished and ongoing holds and cancellations in seq order', () => {
    const history = [
      { seq: 3, toStage: 'LANDED' as const, effectiveDate: '2024-06-20' },
      { seq: 1, toStage: 'SIGNED' as const, effectiveDate: '2024-03-01' },
      { seq: 2, toStage: 'ON_HOLD' as const, effectiveDate: '2024-04-01' },
      { seq: 4, toStage: 'CANCELLED' as const, effectiveDate: '2024-09-01' },
    ];
    expect(holdSpans(history, '2024-10-01')).toEqual([
      { from: '2024-04-01', to: '2024-06-19' },
      { from: '2024-09-01', to: '2024-10-01' },
    ]);
  });
  it('is empty for a project that never stopped', () => {
    expect(holdSpans([{ seq: 1, toStage: 'SIGNED', effectiveDate: '2024-03-01' }], '2024-10-01')).toEqual([]);
  });
});

describe('clockBar', () => {
  it('runs a live clock to today, with the overrun past due and the holds inside it', () => {
    const bar = clockBar(clock({ status: 'OVERDUE', level: 'OVERDUE' }), [{ from: '2024-01-01', to: '2024-03-10' }, { from: '2025-01-01', to: '2025-02-01' }], '2024-06-09');
    expect(bar).toEqual({
      start: '2024-03-01',
      due: '2024-05-30',
      end: '2024-06-09',
      overrunDays: 10,
      warnDate: '2024-05-12',
      escalateDate: '2024-06-30',
      metDate: null,
      paused: [{ from: '2024-03-01', to: '2024-03-10' }],
    });
  });
  it('ends a met clock on the day it was met', () => {
    const bar = clockBar(clock({ status: 'MET', metDate: '2024-04-15' }), [], '2025-01-01');
    expect(bar.end).toBe('2024-04-15');
    expect(bar.overrunDays).toBe(0);
    expect(clockBar(clock({ status: 'MET_LATE', metDate: '2024-06-04' }), [], '2025-01-01').overrunDays).toBe(5);
  });
  it('has no end for a cancelled or waived clock, nor for one that has not started', () => {
    expect(clockBar(clock({ status: 'CANCELLED' }), [], '2025-01-01').end).toBeNull();
    expect(clockBar(clock({ status: 'ON_TRACK' }), [], '2024-02-01').end).toBeNull();
  });
});

describe('addDays', () => {
  it('moves across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
});
