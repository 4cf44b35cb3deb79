import { lastDayOfMonth } from '../common/business-date.js';

/**
 * Turns the expected-date phrases of the reports into a due date (DESIGN §4 rule 2):
 * 预计10月投产 → end of October of the reference year; 预计2025年开工 → 2025-12-31; 年内完成 → 31 December;
 * 上半年 → 30 June. Returns null when the phrase names no date.
 */
export function parseExpectedDate(text: string, referenceDate: string): string | null {
  const refYear = Number(referenceDate.slice(0, 4));
  const refMonth = Number(referenceDate.slice(5, 7));
  // An explicit (YYYY-MM) or (YYYY) annotation wins.
  const iso = /\((\d{4})-(\d{2})\)/.exec(text);
  if (iso) return lastDayOfMonth(Number(iso[1]), Number(iso[2]));
  const ym = /(\d{4})年(\d{1,2})月/.exec(text);
  if (ym) return lastDayOfMonth(Number(ym[1]), Number(ym[2]));
  const m = /(?<!\d)(\d{1,2})月(份)?(底|末)?/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    const month = Number(m[1]);
    // A month earlier than the report's month means next year's.
    const year = month < refMonth && !/今年|年内/.test(text) ? refYear + 1 : refYear;
    return lastDayOfMonth(year, month);
  }
  const y = /(\d{4})年/.exec(text);
  if (y) {
    if (/上半年/.test(text)) return `${y[1]}-06-30`;
    return `${y[1]}-12-31`;
  }
  if (/上半年/.test(text)) return `${refYear}-06-30`;
  if (/年内|年底|年末|今年|当年/.test(text)) return `${refYear}-12-31`;
  if (/明年/.test(text)) return `${refYear + 1}-12-31`;
  return null;
}
