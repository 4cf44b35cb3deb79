import { isValidBusinessDate } from '../common/business-date.js';
import { dateOfDay, dayNumber, isWeekendDay, lastDayOfPeriod } from './day-math.js';

/**
 * One year of the official working-day calendar, as published in the State Council's annual notice
 * (国务院办公厅关于<year>年部分节假日安排的通知) and kept as admin-editable data (`seeds/calendar/<year>.json`).
 * A date belongs to the entry of its own calendar year.
 */
export interface CalendarYearData {
  year: number;
  /** Official days off (放假), weekends inside a holiday block included. */
  holidays: readonly string[];
  /** Make-up workdays (调休上班): weekend days that are working days. */
  workdays: readonly string[];
  /** The notice(s) the data comes from. */
  source?: string | null;
  /** Optional names by date (e.g. 「国庆节」, 「春节调休上班」), for display only. */
  names?: Readonly<Record<string, string>> | null;
}

export interface CalendarValidationError {
  field: string;
  message: string;
}

/**
 * Checks one year of calendar data (for `PUT /api/v1/calendar/:year`): valid dates, all inside `year`,
 * no duplicates, no date both a holiday and a make-up workday, make-up workdays on Saturday or Sunday.
 * Returns an empty list when the data is valid.
 */
export function validateCalendarYear(data: unknown, expectedYear?: number): CalendarValidationError[] {
  const errors: CalendarValidationError[] = [];
  if (typeof data !== 'object' || data === null) return [{ field: '', message: 'calendar data must be an object' }];
  const d = data as Record<string, unknown>;
  const year = d.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) {
    errors.push({ field: 'year', message: 'year must be an integer between 1990 and 2100' });
    return errors;
  }
  if (expectedYear !== undefined && year !== expectedYear) {
    errors.push({ field: 'year', message: `year ${year} does not match ${expectedYear}` });
  }
  const lists: Record<'holidays' | 'workdays', string[]> = { holidays: [], workdays: [] };
  for (const field of ['holidays', 'workdays'] as const) {
    const value = d[field];
    if (!Array.isArray(value)) {
      errors.push({ field, message: `${field} must be an array of YYYY-MM-DD dates` });
      continue;
    }
    const seen = new Set<string>();
    value.forEach((v, i) => {
      if (typeof v !== 'string' || !isValidBusinessDate(v)) {
        errors.push({ field: `${field}[${i}]`, message: `${String(v)} is not a valid YYYY-MM-DD date` });
      } else if (!v.startsWith(`${year}-`)) {
        errors.push({ field: `${field}[${i}]`, message: `${v} is not in ${year}` });
      } else if (seen.has(v)) {
        errors.push({ field: `${field}[${i}]`, message: `${v} is listed twice` });
      } else {
        seen.add(v);
        lists[field].push(v);
      }
    });
  }
  const holidaySet = new Set(lists.holidays);
  for (const w of lists.workdays) {
    if (holidaySet.has(w)) errors.push({ field: 'workdays', message: `${w} is both a holiday and a make-up workday` });
    if (!isWeekendDay(dayNumber(w))) errors.push({ field: 'workdays', message: `${w} is a weekday, so it cannot be a make-up workday` });
  }
  if (d.source !== undefined && d.source !== null && typeof d.source !== 'string') {
    errors.push({ field: 'source', message: 'source must be a string' });
  }
  if (d.names !== undefined && d.names !== null) {
    if (typeof d.names !== 'object' || Array.isArray(d.names)) errors.push({ field: 'names', message: 'names must be an object of date → name' });
    else
      for (const [k, v] of Object.entries(d.names as Record<string, unknown>)) {
        if (!isValidBusinessDate(k) || typeof v !== 'string') errors.push({ field: `names.${k}`, message: 'names must map YYYY-MM-DD to a string' });
      }
  }
  return errors;
}

/**
 * The working-day calendar: weekends and official holidays are days off, official make-up workdays
 * (调休上班) are working days. A year with no data falls back to weekends only; `hasDataFor` tells, and
 * the clock engine says so in its explanations. Immutable; build a new one when the data changes.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<number>();
  private readonly workdays = new Set<number>();
  private readonly years = new Set<number>();

  constructor(data: Iterable<CalendarYearData> = []) {
    for (const y of data) {
      this.years.add(y.year);
      for (const h of y.holidays) this.holidays.add(dayNumber(h));
      for (const w of y.workdays) this.workdays.add(dayNumber(w));
    }
  }

  /** A calendar with no official data at all: Monday to Friday are working days. */
  static weekendsOnly(): WorkingCalendar {
    return new WorkingCalendar([]);
  }

  hasDataFor(year: number): boolean {
    return this.years.has(year);
  }

  /** Years with official data, ascending. */
  yearsWithData(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Years from `from` to `to` (dates, inclusive) that have no data and so count weekends only. */
  yearsWithoutData(from: string, to: string): number[] {
    const a = Number(from.slice(0, 4));
    const b = Number(to.slice(0, 4));
    const out: number[] = [];
    for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (!this.years.has(y)) out.push(y);
    return out;
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /** True for an official day off (holiday data only; weekends are not listed). */
  isHoliday(date: string): boolean {
    return this.holidays.has(dayNumber(date));
  }

  /** True for an official make-up workday (调休上班). */
  isMakeUpWorkday(date: string): boolean {
    return this.workdays.has(dayNumber(date));
  }

  /** @internal day-number form, for the engine's hot paths. */
  isWorkingDayNumber(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return !isWeekendDay(day);
  }

  /**
   * The N-th working day after `date` (`date` itself not counted); a clock of N working days starting on D is
   * due at the end of that day. n = 0 returns `date`; a negative n counts backwards (the |n|-th working day before).
   */
  addWorkingDays(date: string, n: number): string {
    return dateOfDay(this.addWorkingDaysNumber(dayNumber(date), n));
  }

  /** @internal */
  addWorkingDaysNumber(day: number, n: number): number {
    if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays needs an integer, got ${n}`);
    let d = day;
    const step = n >= 0 ? 1 : -1;
    let left = Math.abs(n);
    while (left > 0) {
      d += step;
      if (this.isWorkingDayNumber(d)) left--;
    }
    return d;
  }

  /**
   * Working days d with a < d ≤ b (negative when b < a), so that
   * workingDaysBetween(a, addWorkingDays(a, n)) === n for every n ≥ 0.
   */
  workingDaysBetween(a: string, b: string): number {
    return this.workingDaysBetweenNumbers(dayNumber(a), dayNumber(b));
  }

  /** @internal */
  workingDaysBetweenNumbers(a: number, b: number): number {
    if (b < a) return -this.workingDaysBetweenNumbers(b, a);
    let count = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorkingDayNumber(d)) count++;
    return count;
  }

  /** The N-th working day of a month (`YYYY-MM`), e.g. working day 5 of the month after a 月调度 period. */
  nthWorkingDayOfMonth(period: string, n: number): string {
    const before = dayNumber(`${period}-01`) - 1;
    const d = this.addWorkingDaysNumber(before, n);
    const last = dayNumber(lastDayOfPeriod(period));
    if (d > last) throw new RangeError(`${period} has fewer than ${n} working days`);
    return dateOfDay(d);
  }
}
