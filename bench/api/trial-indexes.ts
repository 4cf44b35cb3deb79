import pg from 'pg';

/**
 * What-if indexes for `npm run bench -- api --trial-indexes`: built in the bench database for one run
 * and dropped at its end, so both servers (same SQL) are measured as if a migration had added them.
 * They are NOT part of the schema; docs/performance.md explains each with its EXPLAIN ANALYZE.
 */
export const TRIAL_INDEXES: { name: string; columns: string; why: string }[] = [
  {
    name: 'bench_trial_project_updated',
    columns: 'project (updated_at DESC NULLS LAST, id DESC)',
    why: 'the default ORDER BY updated_at DESC NULLS LAST, id DESC; project_updated_idx (updated_at DESC, id) sorts NULLs first and id ascending, so every page sorts all matching rows',
  },
  {
    name: 'bench_trial_project_investment',
    columns: 'project (total_investment DESC NULLS LAST, id DESC)',
    why: 'sort=-totalInvestment (ORDER BY total_investment DESC NULLS LAST, id DESC)',
  },
  {
    name: 'bench_trial_project_stage_unit',
    columns: 'project (stage, unit_path text_pattern_ops)',
    why: 'index-only counts for stage within a unit subtree (staff scope, unit filter)',
  },
];

const PREFIX = 'bench_trial_';

/** Drops trial indexes a crashed run may have left behind, so a normal run measures the real schema. */
export async function dropTrialIndexes(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT quote_ident(indexname) AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE $1`,
    [`${PREFIX}%`],
  );
  for (const r of rows) await pool.query(`DROP INDEX IF EXISTS ${r.name}`);
  return rows.map((r) => r.name);
}

export async function createTrialIndexes(pool: pg.Pool, log: (line: string) => void): Promise<void> {
  for (const t of TRIAL_INDEXES) {
    const started = performance.now();
    await pool.query(`CREATE INDEX ${t.name} ON ${t.columns}`);
    log(`trial index ${t.name} ON ${t.columns} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await pool.query('ANALYZE project');
}
