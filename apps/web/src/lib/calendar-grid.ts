/**
 * Pure date work behind the working-calendar editor: the Monday-first grid of a month, what a day is
 * (working day, weekend, official holiday 休, 调休 make-up workday 班), the click cycle that changes it,
 * and the holiday blocks of a year. Dates are business dates written YYYY-MM-DD; no time zones involved.
 */
export { validateCalendarYear } from '../../../../libs/domain/src/calendar/working-calendar';

export interface GridDay {
  /** YYYY-MM-DD */
  date: string;
  /** Day of the month, 1..31. */
  day: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  weekend: boolean;
}

/** A week row: seven cells Monday..Sunday, null where the day belongs to another month. */
export type GridWeek = (GridDay | null)[];

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

/** The weeks of a month (1..12), Monday first, padded with nulls; always 4 to 6 rows. */
export function monthGrid(year: number, month: number): GridWeek[] {
  const days = daysInMonth(year, month);
  const weeks: GridWeek[] = [];
  let week: GridWeek = new Array<GridDay | null>(isoWeekday(isoDate(year, month, 1)) - 1).fill(null);
  for (let day = 1; day <= days; day++) {
    const date = isoDate(year, month, day);
    const weekday = isoWeekday(date);
    week.push({ date, day, weekday, weekend: weekday >= 6 });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...new Array<GridDay | null>(7 - week.length).fill(null)]);
  return weeks;
}

/** What a day is in a calendar year: an ordinary working day, a weekend, an official holiday or a make-up workday. */
export type DayKind = 'working' | 'weekend' | 'holiday' | 'workday';

export interface YearMarks {
  holidays: readonly string[];
  workdays: readonly string[];
}

export function dayKind(date: string, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): DayKind {
  if (holidays.has(date)) return 'holiday';
  if (workdays.has(date)) return 'workday';
  return isWeekend(date) ? 'weekend' : 'working';
}

/** What a day is made into (`normal` = by the weekday alone), always one the server accepts. */
export type DayMark = 'normal' | 'holiday' | 'workday';

/** The marks a day may take: a make-up workday must fall on Saturday or Sunday; a holiday may be any day. */
export function allowedMarks(date: string): DayMark[] {
  return isWeekend(date) ? ['normal', 'workday', 'holiday'] : ['normal', 'holiday'];
}

export function markOf(date: string, marks: YearMarks): DayMark {
  if (marks.holidays.includes(date)) return 'holiday';
  if (marks.workdays.includes(date)) return 'workday';
  return 'normal';
}

/** Sets the mark of one day, keeping both lists sorted and free of duplicates. */
export function setMark<T extends YearMarks>(marks: T, date: string, mark: DayMark): T {
  if (mark === 'workday' && !isWeekend(date)) throw new Error(`${date} is a weekday and cannot be a make-up workday`);
  const holidays = marks.holidays.filter((d) => d !== date);
  const workdays = marks.workdays.filter((d) => d !== date);
  if (mark === 'holiday') holidays.push(date);
  if (mark === 'workday') workdays.push(date);
  return { ...marks, holidays: holidays.sort(), workdays: workdays.sort() };
}

/** The click cycle: weekday normal → 休 → normal; weekend normal → 班 → 休 → normal. */
export function nextMark(date: string, marks: YearMarks): DayMark {
  const allowed = allowedMarks(date);
  const current = markOf(date, marks);
  return allowed[(allowed.indexOf(current) + 1) % allowed.length];
}

export function cycleDay<T extends YearMarks>(marks: T, date: string): T {
  return setMark(marks, date, nextMark(date, marks));
}

/** A run of consecutive holiday dates (e.g. 国庆 10-01..10-08), for the year's summary. */
export interface HolidayBlock {
  start: string;
  end: string;
  days: number;
}

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function holidayBlocks(holidays: readonly string[]): HolidayBlock[] {
  const sorted = [...new Set(holidays)].sort();
  const blocks: HolidayBlock[] = [];
  for (const date of sorted) {
    const last = blocks[blocks.length - 1];
    if (last && nextDate(last.end) === date) {
      last.end = date;
      last.days++;
    } else blocks.push({ start: date, end: date, days: 1 });
  }
  return blocks;
}

/** What changed between the saved year and the edited one, as added/removed dates per list. */
export interface MarksDiff {
  holidaysAdded: string[];
  holidaysRemoved: string[];
  workdaysAdded: string[];
  workdaysRemoved: string[];
}

export function diffMarks(before: YearMarks, after: YearMarks): MarksDiff {
  const minus = (a: readonly string[], b: readonly string[]) => a.filter((d) => !b.includes(d)).sort();
  return {
    holidaysAdded: minus(after.holidays, before.holidays),
    holidaysRemoved: minus(before.holidays, after.holidays),
    workdaysAdded: minus(after.workdays, before.workdays),
    workdaysRemoved: minus(before.workdays, after.workdays),
  };
}

export function diffSize(d: MarksDiff): number {
  return d.holidaysAdded.length + d.holidaysRemoved.length + d.workdaysAdded.length + d.workdaysRemoved.length;
}

/** Working days of a month under the marks (Mon–Fri not holidays, plus make-up workdays). */
export function workingDaysInMonth(year: number, month: number, marks: YearMarks): number {
  const holidays = new Set(marks.holidays);
  const workdays = new Set(marks.workdays);
  let n = 0;
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    const kind = dayKind(isoDate(year, month, day), holidays, workdays);
    if (kind === 'working' || kind === 'workday') n++;
  }
  return n;
}
