/**
 * ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday) as the weekly digest names them:
 * `2025-W41`. Pure arithmetic on business dates (YYYY-MM-DD).
 */
export interface IsoWeek {
  year: number;
  week: number;
}

const DAY = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return toDate(toMs(date) + days * DAY);
}

/** The ISO week that holds a date. */
export function isoWeekOf(date: string): IsoWeek {
  const ms = toMs(date);
  const weekday = new Date(ms).getUTCDay() || 7;
  const thursday = ms + (4 - weekday) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return { year, week };
}

/** Monday (YYYY-MM-DD) of an ISO week: week 1 is the week holding 4 January. */
export function mondayOf(w: IsoWeek): string {
  const jan4 = Date.UTC(w.year, 0, 4);
  const weekday = new Date(jan4).getUTCDay() || 7;
  return toDate(jan4 - (weekday - 1) * DAY + (w.week - 1) * 7 * DAY);
}

export function sundayOf(w: IsoWeek): string {
  return addDays(mondayOf(w), 6);
}

export function addWeeks(w: IsoWeek, n: number): IsoWeek {
  return isoWeekOf(addDays(mondayOf(w), n * 7));
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

export function parseIsoWeek(value: string): IsoWeek | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (!m) return null;
  const w = { year: Number(m[1]), week: Number(m[2]) };
  if (w.week < 1 || formatIsoWeek(isoWeekOf(mondayOf(w))) !== value) return null;
  return w;
}

/** The last complete week before `today` (the week the Monday digest reports on). */
export function lastCompleteWeek(today: string): IsoWeek {
  return addWeeks(isoWeekOf(today), -1);
}

/** The `count` weeks ending with `last`, newest first (for a week picker). */
export function recentWeeks(last: IsoWeek, count: number): IsoWeek[] {
  return Array.from({ length: count }, (_, i) => addWeeks(last, -i));
}
