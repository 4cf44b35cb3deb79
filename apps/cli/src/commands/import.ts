import { readFile, writeFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '#domain';
import { type ImportProblem, type ImportResult, importLedger, readLedgerFile } from '#persistence';
import { requireDatabaseUrl, withDataSource } from './db.js';

export const IMPORT_USAGE = 'import <file.xlsx|file.csv> [--dry-run] [--unit CODE] [--as USERNAME]';

export interface ImportArgs {
  file: string;
  dryRun: boolean;
  unit?: string;
  as?: string;
}

export function parseImportArgs(args: string[]): ImportArgs {
  let file: string | undefined;
  let dryRun = false;
  let unit: string | undefined;
  let as: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dry-run') dryRun = true;
    else if (a === '--unit') unit = args[++i];
    else if (a === '--as') as = args[++i];
    else if (a.startsWith('--unit=')) unit = a.slice(7);
    else if (a.startsWith('--as=')) as = a.slice(5);
    else if (!a.startsWith('--') && !file) file = a;
    else throw new Error(`Unknown argument ${a}\nUsage: ${IMPORT_USAGE}`);
  }
  if (!file) throw new Error(`Usage: ${IMPORT_USAGE}`);
  return { file, dryRun, unit, as };
}

/** The importing user: --as USERNAME, or the first active admin. */
export async function importActor(ds: DataSource, username?: string): Promise<Actor> {
  const rows: { id: string; username: string; role: Role; unit_id: string; path: string }[] = await ds.query(
    `SELECT u.id, u.username, u.role, u.unit_id, n.path FROM app_user u JOIN unit n ON n.id = u.unit_id
      WHERE u.active AND ($1::text IS NULL AND u.role = 'admin' OR u.username = $1) ORDER BY u.created_at LIMIT 1`,
    [username ?? null],
  );
  if (!rows.length) throw new Error(username ? `No active user ${username}` : 'No active admin: pass --as USERNAME');
  const r = rows[0];
  return { id: r.id, username: r.username, role: r.role, unitId: r.unit_id, unitPath: r.path };
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastLine = '';
  let lastTenth = -1;
  return (phase: string, done: number, total: number) => {
    const ratio = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `${phase.padEnd(8)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} rows`;
    if (line === lastLine) return;
    if (stream.isTTY) {
      stream.write(`\r${line}`);
      if (done >= total) stream.write('\n');
    } else {
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth || done >= total) stream.write(`${line}\n`);
      lastTenth = tenth;
    }
    lastLine = line;
  };
}

function csvCell(v: string | number) {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function problemsCsv(problems: ImportProblem[]): string {
  const lines = ['工作表,行,列,值,原因', ...problems.map((p) => [p.sheet, p.row, p.column, p.value, p.reason].map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function formatSummary(r: ImportResult, ms: number): string {
  const read = `read ${r.rows.projects} project rows, ${r.rows.stages} stage rows, ${r.rows.money} money rows, ${r.rows.progress} 月调度 rows`;
  const what = `${r.created} projects created, ${r.updated} updated, ${r.unchanged} unchanged; ${r.transitions} stage transitions, ${r.money} money rows, ${r.reports} 月调度 rows`;
  if (r.problems.length) return `${read}; ${r.problems.length} problems, nothing written (${ms} ms)`;
  if (r.dryRun) return `Dry run: ${read}; no problems; a commit would give ${what} (${ms} ms)`;
  return `Imported: ${read}; ${what} (${ms} ms)`;
}

/** `import <file> [--dry-run] [--unit CODE] [--as USERNAME]`: exit code 1 with the problem list when the file has problems. */
export async function importCommand(args: string[]): Promise<void> {
  const opts = parseImportArgs(args);
  const content = await readFile(opts.file);
  const started = Date.now();
  const sheets = await readLedgerFile(opts.file, content);
  const bar = progressBar();
  const result = await withDataSource(requireDatabaseUrl(), async (ds) =>
    importLedger(ds, sheets, { actor: await importActor(ds, opts.as), dryRun: opts.dryRun, defaultUnitCode: opts.unit, onProgress: bar }),
  );
  console.log(formatSummary(result, Date.now() - started));
  if (result.problems.length) {
    for (const p of result.problems.slice(0, 50)) console.log(`  ${p.sheet} 第${p.row}行 ${p.column}「${p.value}」: ${p.reason}`);
    if (result.problems.length > 50) console.log(`  … and ${result.problems.length - 50} more`);
    const out = `${opts.file}.problems.csv`;
    await writeFile(out, problemsCsv(result.problems));
    console.log(`All ${result.problems.length} problems: ${out}`);
    process.exitCode = 1;
  }
}
