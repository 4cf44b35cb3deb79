/**
 * Money records of a project (万元, exact decimal strings). Sums are done in integer cents (BigInt), so
 * adding many records never drifts the way floating point would.
 */
export type MoneyKindCode = 'AGREED' | 'ARRIVED' | 'COMPLETED' | 'ANNUAL_PLAN';

interface MoneyLike {
  kind: MoneyKindCode;
  period: string;
  amount: string;
}

const AMOUNT_RE = /^(\d+)(?:\.(\d{1,2}))?$/;

/** A 万元 amount as the API accepts it: non-negative, at most 14 integer digits and 2 decimals. */
export const MONEY_INPUT_RE = /^\d{1,14}(\.\d{1,2})?$/;

function toCents(amount: string): bigint {
  const m = AMOUNT_RE.exec(amount.trim());
  if (!m) throw new Error(`Not a money amount: ${amount}`);
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

function fromCents(cents: bigint): string {
  const whole = cents / 100n;
  const rest = (cents % 100n).toString().padStart(2, '0');
  return `${whole}.${rest}`;
}

/** Exact sum of decimal amounts, written with two decimals ("0.00" for none). */
export function sumMoney(amounts: readonly string[]): string {
  return fromCents(amounts.reduce((acc, a) => acc + toCents(a), 0n));
}

/** Total per kind (only kinds with records appear). */
export function totalsByKind(records: readonly MoneyLike[]): Partial<Record<MoneyKindCode, string>> {
  const byKind = new Map<MoneyKindCode, string[]>();
  for (const r of records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.amount]);
  return Object.fromEntries([...byKind].map(([kind, amounts]) => [kind, sumMoney(amounts)]));
}

export interface PeriodRow {
  period: string;
  ARRIVED: number | null;
  COMPLETED: number | null;
}

/** ARRIVED / COMPLETED per period, oldest first (periods with neither are left out), for the bar chart. */
export function arrivedCompletedByPeriod(records: readonly MoneyLike[]): PeriodRow[] {
  const rows = new Map<string, { ARRIVED: string[]; COMPLETED: string[] }>();
  for (const r of records) {
    if (r.kind !== 'ARRIVED' && r.kind !== 'COMPLETED') continue;
    const row = rows.get(r.period) ?? { ARRIVED: [], COMPLETED: [] };
    row[r.kind].push(r.amount);
    rows.set(r.period, row);
  }
  return [...rows]
    .sort(([a], [b]) => comparePeriods(a, b))
    .map(([period, v]) => ({
      period,
      ARRIVED: v.ARRIVED.length ? Number(sumMoney(v.ARRIVED)) : null,
      COMPLETED: v.COMPLETED.length ? Number(sumMoney(v.COMPLETED)) : null,
    }));
}

/** Orders "2024" before "2024-01" before "2024-02" before "2025". */
export function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A money period: "YYYY-MM" (month 01–12) or, when allowed, a whole year "YYYY". */
export function isValidPeriod(period: string, allowYear = true): boolean {
  if (allowYear && /^\d{4}$/.test(period)) return true;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Whether a period has begun on `today` (YYYY-MM-DD): a year from its 1 January, a month from its 1st. */
export function periodHasBegun(period: string, today: string): boolean {
  return period <= today.slice(0, period.length);
}
