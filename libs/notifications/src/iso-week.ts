/**
 * ISO 8601 weeks (`2025-W41`: Monday to Sunday; week 1 holds the year's first Thursday) and their
 * windows in a time zone. Pure: time comes in as an argument. Calendar arithmetic uses dayjs in UTC
 * (dates only); the window's instants use dayjs' timezone plugin.
 */
import dayjs from 'dayjs';
import isLeapYear from 'dayjs/plugin/isLeapYear.js';
import isoWeek from 'dayjs/plugin/isoWeek.js';
import isoWeeksInYear from 'dayjs/plugin/isoWeeksInYear.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);
dayjs.extend(isLeapYear);
dayjs.extend(isoWeeksInYear);

export interface IsoWeek {
  year: number;
  week: number;
}

/** One ISO week in a time zone: its days and the half-open instant range [start, end). */
export interface WeekWindow {
  /** `2025-W41` */
  week: string;
  /** Monday, YYYY-MM-DD */
  firstDay: string;
  /** Sunday, YYYY-MM-DD */
  lastDay: string;
  /** Monday 00:00 in the zone */
  start: Date;
  /** The next Monday 00:00 in the zone (exclusive) */
  end: Date;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** Weeks in an ISO week-numbering year: 52 or 53. */
export function weeksInIsoYear(year: number): number {
  // 28 December always lies in the last ISO week of its year.
  return dayjs.utc(`${year}-12-28`).isoWeek();
}

/** Parses `YYYY-Www`; null when malformed or the week does not exist in that year (e.g. 2025-W53). */
export function parseIsoWeek(value: unknown): IsoWeek | null {
  if (typeof value !== 'string') return null;
  const m = WEEK_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1990 || year > 2100 || week < 1 || week > weeksInIsoYear(year)) return null;
  return { year, week };
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** The ISO week that contains a calendar date (YYYY-MM-DD). */
export function isoWeekOfDate(date: string): IsoWeek {
  const d = dayjs.utc(date);
  return { year: d.isoWeekYear(), week: d.isoWeek() };
}

/** Monday (YYYY-MM-DD) of an ISO week. */
export function mondayOf(w: IsoWeek): string {
  // The Monday of week 1 is the Monday on or before 4 January.
  const jan4 = dayjs.utc(`${w.year}-01-04`);
  return jan4.isoWeekday(1).add(w.week - 1, 'week').format('YYYY-MM-DD');
}

export function addWeeks(w: IsoWeek, n: number): IsoWeek {
  return isoWeekOfDate(dayjs.utc(mondayOf(w)).add(n, 'week').format('YYYY-MM-DD'));
}

/** The calendar date at instant `now` in `tz`. */
export function dateInZone(now: Date, tz: string): string {
  return dayjs(now).tz(tz).format('YYYY-MM-DD');
}

/** The week's days and instants in `tz`. */
export function weekWindow(w: IsoWeek, tz: string): WeekWindow {
  const firstDay = mondayOf(w);
  const nextMonday = dayjs.utc(firstDay).add(7, 'day').format('YYYY-MM-DD');
  return {
    week: formatIsoWeek(w),
    firstDay,
    lastDay: dayjs.utc(firstDay).add(6, 'day').format('YYYY-MM-DD'),
    start: dayjs.tz(`${firstDay} 00:00:00`, tz).toDate(),
    end: dayjs.tz(`${nextMonday} 00:00:00`, tz).toDate(),
  };
}

/**
 * The week a digest sent at `now` reports on: the last complete ISO week in `tz` (the Monday-morning
 * run reports on the week that ended the night before).
 */
export function digestWeekAt(now: Date, tz: string): IsoWeek {
  return addWeeks(isoWeekOfDate(dateInZone(now, tz)), -1);
}

/** Calendar days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayjs.utc(to).diff(dayjs.utc(from), 'day');
}

export function addDaysTo(date: string, days: number): string {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}
