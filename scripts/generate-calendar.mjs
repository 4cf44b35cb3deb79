#!/usr/bin/env node
/**
 * Writes seeds/calendar/<year>.json (official holidays and 调休 make-up workdays) from the `chinese-days`
 * package (a devDependency), which transcribes the State Council's annual notices
 * (国务院办公厅关于<year>年部分节假日安排的通知). Every file is then checked day by day against the
 * package's own isWorkday(), and against hand-read facts from the notices (SPOT_CHECKS below).
 *
 *   node scripts/generate-calendar.mjs            # 2020..2026
 *   node scripts/generate-calendar.mjs 2027       # one more year, once the package knows it
 *
 * A date belongs to the file of its own calendar year (2022-12-31, part of the 2023 元旦 holiday, is in 2022.json).
 * The seeds are data the admins can edit afterwards (PUT /api/v1/calendar/:year); this script only bootstraps them.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const chineseDays = require('chinese-days');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'seeds', 'calendar');

const years = process.argv.slice(2).map(Number);
if (years.length === 0) for (let y = 2020; y <= 2026; y++) years.push(y);

const SOURCES = {
  2020: '国务院办公厅关于2020年部分节假日安排的通知；国务院办公厅关于延长2020年春节假期的通知（春节假期延长至2月2日，2月1日不再调休上班）',
};
const sourceOf = (y) => SOURCES[y] ?? `国务院办公厅关于${y}年部分节假日安排的通知`;

/** Facts read from the notices themselves: [date, isWorkingDay]. */
const SPOT_CHECKS = [
  ['2020-01-19', true], ['2020-02-01', false], ['2020-02-02', false], ['2020-10-08', false], ['2020-10-10', true],
  ['2021-02-07', true], ['2021-02-20', true], ['2021-09-18', true], ['2021-10-09', true],
  ['2022-01-29', true], ['2022-01-30', true], ['2022-04-02', true], ['2022-10-08', true], ['2022-12-31', false],
  ['2023-01-02', false], ['2023-01-28', true], ['2023-06-25', true], ['2023-10-07', true], ['2023-10-08', true],
  ['2024-02-04', true], ['2024-02-18', true], ['2024-04-07', true], ['2024-05-11', true], ['2024-09-14', true],
  ['2024-09-29', true], ['2024-10-12', true], ['2024-02-16', false],
  ['2025-01-26', true], ['2025-02-08', true], ['2025-04-27', true], ['2025-09-28', true], ['2025-10-11', true],
  ['2025-10-01', false], ['2025-10-08', false], ['2025-02-04', false],
  ['2026-01-04', true], ['2026-02-14', true], ['2026-02-16', false], ['2026-02-23', false], ['2026-02-28', true],
  ['2026-05-09', true], ['2026-09-20', true], ['2026-10-10', true],
];

const isWeekend = (date) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
};
const working = (data, date) => (data.workdays.includes(date) ? true : data.holidays.includes(date) ? false : !isWeekend(date));

mkdirSync(outDir, { recursive: true });
let failures = 0;
for (const year of years) {
  let raw;
  try {
    raw = require(`chinese-days/dist/years/${year}.json`);
  } catch {
    console.error(`chinese-days has no data for ${year}`);
    process.exitCode = 1;
    continue;
  }
  const inYear = (d) => d.startsWith(`${year}-`);
  const zhName = (v) => String(v).split(',')[1] ?? String(v);
  const holidays = Object.keys(raw.holidays).filter(inYear).sort();
  const workdays = Object.keys(raw.workdays).filter(inYear).sort();
  const names = {};
  for (const d of holidays) names[d] = zhName(raw.holidays[d]);
  for (const d of workdays) names[d] = `${zhName(raw.workdays[d])}调休上班`;
  const data = { year, source: sourceOf(year), holidays, workdays, names: Object.fromEntries(Object.entries(names).sort()) };

  // Day-by-day cross-check against the package.
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86400000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (working(data, date) !== chineseDays.isWorkday(date)) {
      console.error(`${date}: seed says ${working(data, date)}, chinese-days says ${chineseDays.isWorkday(date)}`);
      failures++;
    }
  }
  for (const [date, expected] of SPOT_CHECKS.filter(([d]) => inYear(d))) {
    if (working(data, date) !== expected) {
      console.error(`${date}: expected ${expected ? 'working day' : 'day off'} per the State Council notice`);
      failures++;
    }
  }
  for (const d of workdays) if (!isWeekend(d)) console.warn(`${d}: make-up workday on a weekday?`);
  writeFileSync(join(outDir, `${year}.json`), JSON.stringify(data, null, 2) + '\n');
  console.log(`${year}: ${holidays.length} holidays, ${workdays.length} make-up workdays`);
}
if (failures) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
