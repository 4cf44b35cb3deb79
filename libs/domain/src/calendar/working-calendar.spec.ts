import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { validateCalendarYear, WorkingCalendar, type CalendarYearData } from './working-calendar.js';
import { addMonths, dateOfDay, dayNumber, lastDayOfPeriod, nextPeriod, previousPeriod } from './day-math.js';

const seedDir = new URL('../../../../seeds/calendar/', import.meta.url);
const seeds: CalendarYearData[] = readdirSync(seedDir)
  .filter((f) => /^\d{4}\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(new URL(f, seedDir), 'utf8')) as CalendarYearData);
const cal = new WorkingCalendar(seeds);

describe('seeds/calendar', () => {
  it('has every year from 2020 to 2026, each valid', () => {
    expect(seeds.map((s) => s.year).sort()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const s of seeds) expect(validateCalendarYear(s, s.year)).toEqual([]);
  });

  // Facts read from the State Council's notices (国务院办公厅关于…年部分节假日安排的通知).
  it.each([
    ['2020-01-19', true, '2020 春节 调休上班 (Sunday)'],
    ['2020-02-01', false, '2020 春节 extended to 02-02: the 02-01 make-up day was cancelled'],
    ['2020-02-03', true, 'first working day after the extended 2020 春节'],
    ['2021-09-18', true, '2021 中秋 调休上班 (Saturday)'],
    ['2022-04-02', true, '2022 清明 调休上班 (Saturday)'],
    ['2022-12-31', false, '2023 元旦 holiday falls in 2022'],
    ['2023-01-28', true, '2023 春节 调休上班 (Saturday)'],
    ['2023-09-29', false, '2023 中秋国庆'],
    ['2023-10-07', true, '2023 国庆 调休上班 (Saturday)'],
    ['2024-02-04', true, '2024 春节 调休上班 (Sunday)'],
    ['2024-02-12', false, '2024 春节'],
    ['2024-02-18', true, '2024 春节 调休上班 (Sunday)'],
    ['2024-04-07', true, '2024 清明 调休上班 (Sunday)'],
    ['2024-05-11', true, '2024 劳动节 调休上班 (Saturday)'],
    ['2024-09-29', true, '2024 国庆 调休上班 (Sunday)'],
    ['2024-10-07', false, '2024 国庆'],
    ['2024-10-12', true, '2024 国庆 调休上班 (Saturday)'],
    ['2025-01-26', true, '2025 春节 调休上班 (Sunday)'],
    ['2025-02-04', false, '2025 春节'],
    ['2025-02-08', true, '2025 春节 调休上班 (Saturday)'],
    ['2025-09-28', true, '2025 国庆 调休上班 (Sunday)'],
    ['2025-10-01', false, '2025 国庆'],
    ['2025-10-06', false, '2025 中秋'],
    ['2025-10-08', false, '2025 国庆中秋, last day'],
    ['2025-10-09', true, 'ordinary Thursday'],
    ['2025-10-11', true, '2025 国庆 调休上班 (Saturday)'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2026-01-04', true, '2026 元旦 调休上班 (Sunday)'],
    ['2026-02-14', true, '2026 春节 调休上班 (Saturday)'],
    ['2026-02-16', false, '2026 春节'],
    ['2026-02-23', false, '2026 春节, last day'],
    ['2026-02-28', true, '2026 春节 调休上班 (Saturday)'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('2025-10-01..08 are eight days off in a row', () => {
    for (let d = 1; d <= 8; d++) expect(cal.isWorkingDay(`2025-10-0${d}`)).toBe(false);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it.each([
    // [start, n, expected, why]
    ['2025-09-26', 1, '2025-09-28', 'Friday + 1 → the make-up Sunday'],
    ['2025-09-28', 1, '2025-09-29', ''],
    ['2025-09-28', 3, '2025-10-09', '09-29, 09-30, then the holiday until 10-08'],
    ['2025-09-30', 1, '2025-10-09', 'over 国庆中秋 2025'],
    ['2025-09-30', 2, '2025-10-10', ''],
    ['2025-09-30', 3, '2025-10-11', 'the make-up Saturday counts'],
    ['2025-09-30', 4, '2025-10-13', ''],
    ['2025-10-01', 1, '2025-10-09', 'D itself not counted, and it is a holiday anyway'],
    ['2024-02-02', 1, '2024-02-04', 'Friday → make-up Sunday before 春节 2024'],
    ['2024-02-08', 1, '2024-02-09', '2024-02-09 (Friday, 除夕) is a working day: the holiday is 02-10..17'],
    ['2024-02-09', 1, '2024-02-18', 'over 春节 2024 to the make-up Sunday'],
    ['2026-02-13', 1, '2026-02-14', 'make-up Saturday before 春节 2026'],
    ['2026-02-14', 1, '2026-02-24', 'over 春节 2026 (02-15..23)'],
    ['2025-01-03', 5, '2025-01-10', 'plain week'],
    ['2025-10-31', 5, '2025-11-07', 'working day 5 of November 2025'],
    ['2025-09-30', 0, '2025-09-30', 'n = 0'],
    ['2025-10-09', -1, '2025-09-30', 'backwards over the holiday'],
  ])('%s + %i working days = %s', (start, n, expected) => {
    expect(cal.addWorkingDays(start, n)).toBe(expected);
  });

  it('counts working days between dates (a < d ≤ b)', () => {
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-11')).toBe(3);
    expect(cal.workingDaysBetween('2025-10-11', '2025-09-30')).toBe(-3);
    expect(cal.workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(cal.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(248);
  });

  it('finds the N-th working day of a month', () => {
    expect(cal.nthWorkingDayOfMonth('2025-10', 1)).toBe('2025-10-09');
    expect(cal.nthWorkingDayOfMonth('2025-10', 3)).toBe('2025-10-11');
    expect(cal.nthWorkingDayOfMonth('2024-02', 5)).toBe('2024-02-06'); // 1, 2, 4 (make-up Sunday), 5, 6
    expect(cal.nthWorkingDayOfMonth('2026-02', 5)).toBe('2026-02-06');
  });

  it('falls back to weekends only for a year with no data', () => {
    expect(cal.hasDataFor(2025)).toBe(true);
    expect(cal.hasDataFor(2027)).toBe(false);
    expect(cal.yearsWithoutData('2026-12-01', '2028-01-10')).toEqual([2027, 2028]);
    expect(cal.isWorkingDay('2027-10-01')).toBe(true); // a Friday; no holiday data for 2027
    expect(cal.isWorkingDay('2027-10-02')).toBe(false); // Saturday
    const bare = WorkingCalendar.weekendsOnly();
    expect(bare.isWorkingDay('2025-10-01')).toBe(true);
    expect(bare.isWorkingDay('2025-09-28')).toBe(false);
    expect(bare.addWorkingDays('2025-09-26', 1)).toBe('2025-09-29');
  });

  it('properties: addWorkingDays lands on a working day and inverts workingDaysBetween', () => {
    const date = fc.integer({ min: dayNumber('2019-06-01'), max: dayNumber('2027-06-30') }).map(dateOfDay);
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 400 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        expect(cal.isWorkingDay(r)).toBe(true);
        expect(cal.workingDaysBetween(d, r)).toBe(n);
        expect(cal.addWorkingDays(r, -n) <= d).toBe(true);
        expect(cal.addWorkingDays(d, n + 1) > r).toBe(true);
      }),
    );
  });
});

describe('validateCalendarYear', () => {
  it('accepts valid data and rejects bad data with field errors', () => {
    expect(validateCalendarYear({ year: 2027, holidays: ['2027-01-01'], workdays: [] })).toEqual([]);
    const errs = validateCalendarYear({ year: 2027, holidays: ['2027-02-30', '2026-01-01', '2027-01-01', '2027-01-01'], workdays: ['2027-01-04', '2027-01-01'] }, 2027);
    const msgs = errs.map((e) => e.message).join('\n');
    expect(msgs).toMatch(/2027-02-30 is not a valid/);
    expect(msgs).toMatch(/2026-01-01 is not in 2027/);
    expect(msgs).toMatch(/listed twice/);
    expect(msgs).toMatch(/2027-01-04 is a weekday/);
    expect(msgs).toMatch(/both a holiday and a make-up workday/);
    expect(validateCalendarYear({ year: 2027, holidays: [], workdays: [] }, 2028)[0].field).toBe('year');
    expect(validateCalendarYear(null)[0].message).toMatch(/object/);
    expect(validateCalendarYear({ year: 2027, holidays: 'x', workdays: [] })[0].field).toBe('holidays');
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-15', 3, '2024-06-15'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-12-31', -1, '2024-11-30'],
    ['2024-05-31', 12, '2025-05-31'],
  ])('%s + %i months = %s', (d, n, e) => expect(addMonths(d, n)).toBe(e));
});

describe('day numbers', () => {
  it('round-trip and agree with Date for every day 1990..2100', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      if (dayNumber(iso) !== t / 86_400_000 || dateOfDay(t / 86_400_000) !== iso) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
  });
});

describe('periods', () => {
  it.each([
    ['2024-12', '2025-01', '2024-11', '2024-12-31'],
    ['2024-02', '2024-03', '2024-01', '2024-02-29'],
    ['2025-01', '2025-02', '2024-12', '2025-01-31'],
    ['2025-02', '2025-03', '2025-01', '2025-02-28'],
  ])('%s: next %s, previous %s, ends %s', (p, next, prev, last) => {
    expect(nextPeriod(p)).toBe(next);
    expect(previousPeriod(p)).toBe(prev);
    expect(lastDayOfPeriod(p)).toBe(last);
  });
});
