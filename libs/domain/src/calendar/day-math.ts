/**
 * Integer day arithmetic on business dates (YYYY-MM-DD, Asia/Shanghai). A day number is the count of days
 * since 1970-01-01; instants are derived with the fixed +08:00 offset (no DST in China since 1991).
 */
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return dateOfDay(dayNumber(date) + n);
}

/** b − a in calendar days. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendDay(day: number): boolean {
  const d = dayOfWeek(day);
  return d === 0 || d === 6;
}

/** Same day of month `n` months later (or earlier for negative n), clamped to the end of the target month. */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return new Date(Date.UTC(ty, tm, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The business date (Asia/Shanghai) containing instant `ms`, as a day number. */
export function businessDayOfInstant(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** First instant (00:00:00.000 +08:00) of a business day. */
export function startOfDayMs(day: number): number {
  return day * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

/** Last instant (23:59:59.999 +08:00) of a business day. */
export function endOfDayMs(day: number): number {
  return startOfDayMs(day + 1) - 1;
}

/** `YYYY-MM` → the next `YYYY-MM`. */
export function nextPeriod(period: string): string {
  return addMonths(`${period}-01`, 1).slice(0, 7);
}

export function previousPeriod(period: string): string {
  return addMonths(`${period}-01`, -1).slice(0, 7);
}

export function lastDayOfPeriod(period: string): string {
  return addDays(addMonths(`${period}-01`, 1), -1);
}
