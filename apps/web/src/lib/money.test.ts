import { describe, it, expect } from 'vitest';
import { arrivedCompletedByPeriod, isValidPeriod, periodHasBegun, sumMoney, totalsByKind } from './money';

describe('sumMoney', () => {
  it('adds decimal strings exactly', () => {
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['0.1', '0.2'])).toBe('0.30');
    expect(sumMoney(['12500.50', '7', '0.05'])).toBe('12507.55');
    expect(sumMoney(['99999999999999.99', '0.01'])).toBe('100000000000000.00');
  });
  it('rejects what is not an amount', () => {
    expect(() => sumMoney(['1.234'])).toThrow();
    expect(() => sumMoney(['-1'])).toThrow();
  });
});

describe('totalsByKind', () => {
  it('sums each kind separately and leaves absent kinds out', () => {
    const totals = totalsByKind([
      { kind: 'ARRIVED', period: '2025-01', amount: '100' },
      { kind: 'ARRIVED', period: '2025-02', amount: '50.5' },
      { kind: 'COMPLETED', period: '2025-02', amount: '20' },
      { kind: 'AGREED', period: '2024', amount: '1000' },
    ]);
    expect(totals).toEqual({ ARRIVED: '150.50', COMPLETED: '20.00', AGREED: '1000.00' });
    expect(totals.ANNUAL_PLAN).toBeUndefined();
  });
});

describe('arrivedCompletedByPeriod', () => {
  it('groups ARRIVED and COMPLETED by period, oldest first, ignoring other kinds', () => {
    expect(
      arrivedCompletedByPeriod([
        { kind: 'COMPLETED', period: '2025-03', amount: '30' },
        { kind: 'ARRIVED', period: '2025-01', amount: '10' },
        { kind: 'ANNUAL_PLAN', period: '2025', amount: '999' },
        { kind: 'ARRIVED', period: '2025-03', amount: '5.25' },
        { kind: 'ARRIVED', period: '2024', amount: '1' },
      ]),
    ).toEqual([
      { period: '2024', ARRIVED: 1, COMPLETED: null },
      { period: '2025-01', ARRIVED: 10, COMPLETED: null },
      { period: '2025-03', ARRIVED: 5.25, COMPLETED: 30 },
    ]);
  });
});

describe('periods', () => {
  it('accepts YYYY-MM with a real month and, when allowed, YYYY', () => {
    expect(isValidPeriod('2025-06')).toBe(true);
    expect(isValidPeriod('2025')).toBe(true);
    expect(isValidPeriod('2025', false)).toBe(false);
    expect(isValidPeriod('2025-13')).toBe(false);
    expect(isValidPeriod('2025-00')).toBe(false);
    expect(isValidPeriod('2025-6')).toBe(false);
  });
  it('knows whether a period has begun', () => {
    expect(periodHasBegun('2025-06', '2025-06-01')).toBe(true);
    expect(periodHasBegun('2025-07', '2025-06-30')).toBe(false);
    expect(periodHasBegun('2025', '2025-01-01')).toBe(true);
    expect(periodHasBegun('2026', '2025-12-31')).toBe(false);
  });
});
