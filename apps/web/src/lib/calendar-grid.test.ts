import { describe, it, expect } from 'vitest';
import {
  allowedMarks,
  cycleDay,
  dayKind,
  diffMarks,
  diffSize,
  holidayBlocks,
  isoWeekday,
  markOf,
  monthGrid,
  nextMark,
  setMark,
  validateCalendarYear,
  workingDaysInMonth,
} from './calendar-grid';

describe('monthGrid', () => {
  it('starts weeks on Monday and pads with nulls', () => {
    // 2025-01-01 is a Wednesday.
    const weeks = monthGrid(2025, 1);
    expect(weeks[0].slice(0, 2)).toEqual([null, null]);
    expect(weeks[0][2]).toMatchObject({ date: '2025-01-01', day: 1, weekday: 3, weekend: false });
    expect(weeks[0][5]).toMatchObject({ date: '2025-01-04', weekday: 6, weekend: true });
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    const last = weeks[weeks.length - 1];
    expect(last[4]).toMatchObject({ date: '2025-01-31' });
    expect(last.slice(5)).toEqual([null, null]);
  });

  it('has no padding when the month starts on Monday and ends on Sunday', () => {
    // February 2021: Monday 1st to Sunday 28th, exactly four weeks.
    const weeks = monthGrid(2021, 2);
    expect(weeks).toHaveLength(4);
    expect(weeks[0][0]?.date).toBe('2021-02-01');
    expect(weeks[3][6]?.date).toBe('2021-02-28');
  });

  it('handles leap years and six-row months', () => {
    expect(monthGrid(2024, 2).flat().filter(Boolean)).toHaveLength(29);
    // March 2025 starts on a Saturday and has 31 days: six rows.
    const march = monthGrid(2025, 3);
    expect(march).toHaveLength(6);
    expect(march[0][5]?.date).toBe('2025-03-01');
  });

  it('starts with a Sunday in the last column', () => {
    // 2023-01-01 is a Sunday.
    const weeks = monthGrid(2023, 1);
    expect(weeks[0].slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0][6]).toMatchObject({ date: '2023-01-01', weekday: 7, weekend: true });
  });
});

describe('day marks', () => {
  const marks = { holidays: ['2025-10-01', '2025-10-04'], workdays: ['2025-09-28'] };

  it('knows the weekday', () => {
    expect(isoWeekday('2025-09-28')).toBe(7);
    expect(isoWeekday('2025-09-29')).toBe(1);
  });

  it('classifies days', () => {
    const h = new Set(marks.holidays);
    const w = new Set(marks.workdays);
    expect(dayKind('2025-10-01', h, w)).toBe('holiday');
    expect(dayKind('2025-10-04', h, w)).toBe('holiday');
    expect(dayKind('2025-09-28', h, w)).toBe('workday');
    expect(dayKind('2025-09-27', h, w)).toBe('weekend');
    expect(dayKind('2025-09-26', h, w)).toBe('working');
  });

  it('never allows a weekday make-up workday', () => {
    expect(allowedMarks('2025-09-29')).toEqual(['normal', 'holiday']);
    expect(allowedMarks('2025-09-27')).toEqual(['normal', 'workday', 'holiday']);
    expect(() => setMark(marks, '2025-09-29', 'workday')).toThrow();
  });

  it('cycles a weekday normal → holiday → normal', () => {
    expect(nextMark('2025-09-29', marks)).toBe('holiday');
    const once = cycleDay(marks, '2025-09-29');
    expect(once.holidays).toEqual(['2025-09-29', '2025-10-01', '2025-10-04']);
    const twice = cycleDay(once, '2025-09-29');
    expect(twice).toEqual(marks);
  });

  it('cycles a weekend day normal → workday → holiday → normal', () => {
    const a = cycleDay(marks, '2025-10-11');
    expect(markOf('2025-10-11', a)).toBe('workday');
    const b = cycleDay(a, '2025-10-11');
    expect(markOf('2025-10-11', b)).toBe('holiday');
    expect(b.workdays).toEqual(['2025-09-28']);
    const c = cycleDay(b, '2025-10-11');
    expect(markOf('2025-10-11', c)).toBe('normal');
    expect(c).toEqual(marks);
  });

  it('keeps other fields and produces data the server validates', () => {
    const year = { year: 2025, source: 'notice', ...marks };
    const edited = cycleDay(cycleDay(year, '2025-10-11'), '2025-10-02');
    expect(edited.source).toBe('notice');
    expect(validateCalendarYear(edited, 2025)).toEqual([]);
  });
});

describe('holidayBlocks', () => {
  it('groups consecutive dates across month ends', () => {
    expect(holidayBlocks(['2025-02-01', '2025-01-31', '2025-01-28', '2025-01-29', '2025-01-30', '2025-05-01', '2025-01-01'])).toEqual([
      { start: '2025-01-01', end: '2025-01-01', days: 1 },
      { start: '2025-01-28', end: '2025-02-01', days: 5 },
      { start: '2025-05-01', end: '2025-05-01', days: 1 },
    ]);
    expect(holidayBlocks([])).toEqual([]);
  });
});

describe('diffMarks', () => {
  it('lists added and removed dates', () => {
    const d = diffMarks({ holidays: ['2025-01-01', '2025-10-01'], workdays: ['2025-09-28'] }, { holidays: ['2025-10-01', '2025-10-02'], workdays: [] });
    expect(d).toEqual({ holidaysAdded: ['2025-10-02'], holidaysRemoved: ['2025-01-01'], workdaysAdded: [], workdaysRemoved: ['2025-09-28'] });
    expect(diffSize(d)).toBe(3);
  });
});

describe('workingDaysInMonth', () => {
  it('counts weekdays minus holidays plus make-up workdays', () => {
    // October 2025: 23 weekdays; 10-01..10-08 off (6 of them weekdays); 10-11 (Sat) worked.
    const marks = {
      holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
      workdays: ['2025-10-11'],
    };
    expect(workingDaysInMonth(2025, 10, marks)).toBe(23 - 6 + 1);
    expect(workingDaysInMonth(2025, 10, { holidays: [], workdays: [] })).toBe(23);
  });
});
