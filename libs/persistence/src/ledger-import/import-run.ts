import type { DataSource } from 'typeorm';
import type { Actor, Role } from '#domain';
import { readLedgerFile } from './ledger-file.js';
import { importLedger, type ImportResult } from './ledger-import.js';

/** At most this many problems are kept on an import_run (problem_count has the full number). */
export const MAX_STORED_PROBLEMS = 1000;

export type ImportRunStatus = 'QUEUED' | 'VALIDATING' | 'FAILED' | 'VALIDATED' | 'COMMITTING' | 'COMMITTED';
const FINAL: ImportRunStatus[] = ['FAILED', 'VALIDATED', 'COMMITTED'];

export async function createImportRun(
  ds: DataSource,
  run: { fileName: string; content: Buffer; dryRun: boolean; actor: Actor },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO import_run (file_name, content, dry_run, requested_by, unit_path) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [run.fileName, run.content, run.dryRun, run.actor.id, run.actor.unitPath],
  );
  return row.id;
}

export async function getImportRun(ds: DataSource, id: string) {
  const rows = await ds.query(
    `SELECT id, file_name AS "fileName", dry_run AS "dryRun", status, requested_by AS "requestedBy", unit_path AS "unitPath",
            rows_total AS "rowsTotal", rows_done AS "rowsDone", counts, problem_count AS "problemCount", problems, error,
            created_at AS "createdAt", updated_at AS "updatedAt", finished_at AS "finishedAt"
       FROM import_run WHERE id = $1`,
    [id],
  );
  return (rows[0] ?? null) as null | { id: string; status: ImportRunStatus; unitPath: string; requestedBy: string; [k: string]: unknown };
}

function counts(r: ImportResult) {
  return { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, transitions: r.transitions, money: r.money, reports: r.reports };
}

/**
 * Runs one import_run (the worker's imports.run job). Safe to run twice: a run in a final state is left as
 * it is, and a commit marks the run COMMITTED in the import's own transaction, so a retry after a crash either
 * finds it COMMITTED or finds nothing written and does it again. Returns the run's final status.
 */
export async function executeImportRun(ds: DataSource, id: string): Promise<ImportRunStatus | null> {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [claimed]: [{ file_name: string; content: Buffer; dry_run: boolean; requested_by: string }[], number] = await ds.query(
    `UPDATE import_run SET status = 'VALIDATING', updated_at = now() WHERE id = $1 AND status NOT IN ('FAILED','VALIDATED','COMMITTED')
     RETURNING file_name, content, dry_run, requested_by`,
    [id],
  );
  if (!claimed.length) return (await getImportRun(ds, id))?.status ?? null;
  const run = claimed[0];
  const finish = (status: ImportRunStatus, fields: { counts?: unknown; problems?: unknown[]; problemCount?: number; error?: string | null }) =>
    ds.query(
      `UPDATE import_run SET status = $2, counts = coalesce($3::jsonb, counts), problems = coalesce($4::jsonb, problems),
              problem_count = coalesce($5, problem_count), error = $6, updated_at = now(), finished_at = now(), content = NULL
        WHERE id = $1 AND status NOT IN ('FAILED','VALIDATED','COMMITTED')`,
      [id, status, fields.counts ? JSON.stringify(fields.counts) : null, fields.problems ? JSON.stringify(fields.problems) : null, fields.problemCount ?? null, fields.error ?? null],
    );
  const users: { id: string; username: string; role: Role; unit_id: string; path: string; active: boolean }[] = await ds.query(
    `SELECT u.id, u.username, u.role, u.unit_id, n.path, u.active FROM app_user u JOIN unit n ON n.id = u.unit_id WHERE u.id = $1`,
    [run.requested_by],
  );
  const u = users[0];
  if (!u?.active) {
    await finish('FAILED', { error: 'The user who uploaded the file is no longer active' });
    return 'FAILED';
  }
  const actor: Actor = { id: u.id, username: u.username, role: u.role, unitId: u.unit_id, unitPath: u.path };
  let sheets;
  try {
    sheets = await readLedgerFile(run.file_name, run.content);
  } catch (err) {
    await finish('FAILED', { error: `The file cannot be read: ${(err as Error).message}`, problemCount: 1, problems: [{ sheet: '', row: 0, column: '', value: run.file_name, reason: '文件无法读取（应为 .xlsx 或 UTF-8 CSV）' }] });
    return 'FAILED';
  }
  let lastWrite = 0;
  const progress = (phase: 'validate' | 'write', done: number, total: number) => {
    const now = Date.now();
    if (now - lastWrite < 500 && done < total) return;
    lastWrite = now;
    void ds
      .query(`UPDATE import_run SET rows_done = $2, rows_total = $3, status = CASE WHEN status IN ('VALIDATING','COMMITTING') THEN $4 ELSE status END, updated_at = now() WHERE id = $1`, [
        id, done, total, phase === 'write' ? 'COMMITTING' : 'VALIDATING',
      ])
      .catch(() => undefined);
  };
  const result = await importLedger(ds, sheets, {
    actor,
    dryRun: run.dry_run,
    onProgress: progress,
    onCommitted: async (m, r) => {
      await m.query(
        `UPDATE import_run SET status = 'COMMITTED', counts = $2::jsonb, problems = '[]', problem_count = 0, error = NULL,
                updated_at = now(), finished_at = now(), content = NULL WHERE id = $1`,
        [id, JSON.stringify(counts(r))],
      );
    },
  });
  if (result.committed) return 'COMMITTED';
  const status: ImportRunStatus = result.problems.length ? 'FAILED' : 'VALIDATED';
  await finish(status, { counts: counts(result), problems: result.problems.slice(0, MAX_STORED_PROBLEMS), problemCount: result.problems.length });
  return status;
}

export const isFinalImportStatus = (s: ImportRunStatus) => FINAL.includes(s);
