import { describe, expect, it } from 'vitest';
import { businessToday, currentPeriod, daysBetween, formatMoney } from './format';

describe('formatMoney (amounts in 万元)', () => {
  it('writes 亿元 from 10,000 万元 up and 万元 below, in Chinese', () => {
    expect(formatMoney('1000000.00')).toBe('100亿元');
    expect(formatMoney('125000')).toBe('12.5亿元');
    expect(formatMoney('9999.5')).toBe('9,999.5万元');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney('not money')).toBe('—');
  });
  it('writes yuan in millions or billions in English', () => {
    expect(formatMoney('1000000.00', 'en')).toBe('¥10 bn');
    expect(formatMoney('125000', 'en')).toBe('¥1.25 bn');
    expect(formatMoney('350', 'en')).toBe('¥3.5 m');
    expect(formatMoney('12', 'en')).toBe('¥120,000');
  });
});

describe('business dates (Asia/Shanghai)', () => {
  it('is already tomorrow in Shanghai at 17:00 UTC', () => {
    expect(businessToday(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(currentPeriod(new Date('2025-06-30T15:59:59Z'))).toBe('2025-06');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
});
