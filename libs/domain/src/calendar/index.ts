export * from './working-calendar.js';
export {
  addDays as addCalendarDays,
  daysBetween as calendarDaysBetween,
  addMonths as addCalendarMonths,
  nextPeriod as followingPeriod,
  previousPeriod as precedingPeriod,
  lastDayOfPeriod,
} from './day-math.js';
