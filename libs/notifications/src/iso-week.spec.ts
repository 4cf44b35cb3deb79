import { addWeeks, daysBetween, digestWeekAt, formatIsoWeek, isoWeekOfDate, mondayOf, parseIsoWeek, weeksInIsoYear, weekWindow } from './iso-week.js';

describe('ISO weeks', () => {
  it.each([
    ['2025-10-06', '2025-W41'],
    ['2025-10-12', '2025-W41'],
    ['2025-10-13', '2025-W42'],
    ['2024-12-30', '2025-W01'], // Monday of week 1 of 2025 lies in 2024
    ['2021-01-03', '2020-W53'], // a Sunday in 2021 that belongs to 2020's week 53
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ])('%s lies in %s', (date, week) => {
    expect(formatIsoWeek(isoWeekOfDate(date))).toBe(week);
  });

  it('knows 52- and 53-week years', () => {
    expect([2020, 2024, 2025, 2026, 2015].map(weeksInIsoYear)).toEqual([53, 52, 52, 53, 53]);
  });

  it.each(['2025-W41', '2020-W53', '2026-W53', '2025-W01'])('parses %s and round-trips', (s) => {
    expect(formatIsoWeek(parseIsoWeek(s)!)).toBe(s);
  });

  it.each(['2025-W53', '2025-W00', '2025-W54', '2025W41', '2025-w41', '2025-W4', '', '1800-W01', 'x', 2025])('refuses %p', (s) => {
    expect(parseIsoWeek(s)).toBeNull();
  });

  it('finds Mondays and moves across year ends', () => {
    expect(mondayOf({ year: 2025, week: 41 })).toBe('2025-10-06');
    expect(mondayOf({ year: 2025, week: 1 })).toBe('2024-12-30');
    expect(mondayOf({ year: 2020, week: 53 })).toBe('2020-12-28');
    expect(formatIsoWeek(addWeeks({ year: 2021, week: 1 }, -1))).toBe('2020-W53');
    expect(formatIsoWeek(addWeeks({ year: 2026, week: 53 }, 1))).toBe('2027-W01');
    expect(formatIsoWeek(addWeeks({ year: 2025, week: 41 }, -52))).toBe('2024-W41');
  });

  it('gives the window in Asia/Shanghai as instants (UTC+8, no DST)', () => {
    const w = weekWindow({ year: 2025, week: 41 }, 'Asia/Shanghai');
    expect(w).toEqual({
      week: '2025-W41',
      firstDay: '2025-10-06',
      lastDay: '2025-10-12',
      start: new Date('2025-10-05T16:00:00.000Z'),
      end: new Date('2025-10-12T16:00:00.000Z'),
    });
  });

  it('handles a zone with daylight saving time', () => {
    // Europe/Berlin switches to winter time on 2025-10-26: that week is 169 hours long.
    const w = weekWindow({ year: 2025, week: 43 }, 'Europe/Berlin');
    expect(w.start.toISOString()).toBe('2025-10-19T22:00:00.000Z');
    expect(w.end.toISOString()).toBe('2025-10-26T23:00:00.000Z');
  });

  it('reports on the last complete week in the zone at send time', () => {
    // Monday 2025-10-13 08:30 in Shanghai is Monday 00:30 UTC: the digest covers 2025-W41.
    expect(formatIsoWeek(digestWeekAt(new Date('2025-10-13T00:30:00Z'), 'Asia/Shanghai'))).toBe('2025-W41');
    // Sunday 2025-10-12 23:30 UTC is already Monday 07:30 in Shanghai.
    expect(formatIsoWeek(digestWeekAt(new Date('2025-10-12T23:30:00Z'), 'Asia/Shanghai'))).toBe('2025-W41');
    // ...but still Sunday in UTC.
    expect(formatIsoWeek(digestWeekAt(new Date('2025-10-12T23:30:00Z'), 'UTC'))).toBe('2025-W40');
    expect(formatIsoWeek(digestWeekAt(new Date('2021-01-04T01:00:00Z'), 'Asia/Shanghai'))).toBe('2020-W53');
  });

  it('counts days', () => {
    expect(daysBetween('2025-10-01', '2025-10-13')).toBe(12);
    expect(daysBetween('2025-10-13', '2025-10-01')).toBe(-12);
  });
});
