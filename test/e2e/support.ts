/**
 * Small helpers shared by the e2e specs. Computed independently of the code under test (the business
 * date uses Intl, not libs/domain), so a wrong clock in the app cannot hide behind the same helper.
 */
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** Today's date in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A YYYY-MM-DD date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The YYYY-MM period `months` after the period of `date`. */
export function addMonths(date: string, months: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 7);
}

export const COUNTED_TABLES = ['project', 'stage_transition', 'audit_log', 'investor', 'project_cluster', 'project_list_membership', 'project_plan_date'] as const;

/** Row counts of the given tables, to prove that a refused request wrote nothing. */
export async function countRows(ds: DataSource, tables: readonly string[] = COUNTED_TABLES): Promise<Record<string, number>> {
  const sql = tables.map((table) => `(SELECT count(*)::int FROM ${table}) AS "${table}"`).join(', ');
  const [row] = (await ds.query(`SELECT ${sql}`)) as Record<string, number>[];
  return row;
}

/**
 * Runs one statement on its own connection and returns the PostgreSQL error it raised (or null).
 * Used to prove database-level guards (triggers) without TypeORM logging the expected failure.
 */
export async function sqlError(url: string, text: string, values: unknown[] = []): Promise<(Error & { code?: string }) | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
    return null;
  } catch (err) {
    return err as Error & { code?: string };
  } finally {
    await client.end();
  }
}
