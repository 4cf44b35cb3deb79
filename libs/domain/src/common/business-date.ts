/**
 * Business dates: calendar days in Asia/Shanghai, written YYYY-MM-DD. The domain never reads the clock;
 * callers pass `now` in.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // China has had no daylight saving time since 1991.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidBusinessDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d && y >= 1990 && y <= 2100;
}

/** Today's date in Asia/Shanghai at instant `now`. */
export function businessToday(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last instant (23:59:59.999 +08:00) of a business date. */
export function endOfBusinessDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}

export function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM` period of a business date. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export function isValidPeriod(value: string): boolean {
  return PERIOD_RE.test(value);
}
