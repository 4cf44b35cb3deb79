import { describe, it, expect } from 'vitest';
import { addWeeks, formatIsoWeek, isoWeekOf, lastCompleteWeek, mondayOf, parseIsoWeek, recentWeeks, sundayOf } from './iso-week';

describe('iso weeks', () => {
  it('finds the week of a date, across year ends', () => {
    expect(isoWeekOf('2025-10-08')).toEqual({ year: 2025, week: 41 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1 });
  });

  it('knows Monday and Sunday of a week', () => {
    expect(mondayOf({ year: 2025, week: 41 })).toBe('2025-10-06');
    expect(sundayOf({ year: 2025, week: 41 })).toBe('2025-10-12');
    expect(mondayOf({ year: 2025, week: 1 })).toBe('2024-12-30');
    expect(mondayOf({ year: 2020, week: 53 })).toBe('2020-12-28');
  });

  it('formats and parses', () => {
    expect(formatIsoWeek({ year: 2025, week: 3 })).toBe('2025-W03');
    expect(parseIsoWeek('2025-W41')).toEqual({ year: 2025, week: 41 });
    expect(parseIsoWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2025-W00')).toBeNull();
    expect(parseIsoWeek('2025-41')).toBeNull();
  });

  it('adds weeks across years', () => {
    expect(addWeeks({ year: 2025, week: 1 }, -1)).toEqual({ year: 2024, week: 52 });
    expect(addWeeks({ year: 2020, week: 53 }, 1)).toEqual({ year: 2021, week: 1 });
  });

  it('takes the last complete week', () => {
    // Wednesday 2026-11-25 is in W48; the last complete week is W47. On a Monday too.
    expect(formatIsoWeek(lastCompleteWeek('2026-11-25'))).toBe('2026-W47');
    expect(formatIsoWeek(lastCompleteWeek('2026-11-23'))).toBe('2026-W47');
    expect(formatIsoWeek(lastCompleteWeek('2026-11-22'))).toBe('2026-W46');
  });

  it('lists recent weeks newest first', () => {
    expect(recentWeeks({ year: 2025, week: 2 }, 3).map(formatIsoWeek)).toEqual(['2025-W02', '2025-W01', '2024-W52']);
  });
});
