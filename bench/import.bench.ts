import os from 'node:os';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, importLedger, readLedgerFile } from '#persistence';
import { benchDatabaseUrl, prepareBenchDatabase } from './lib/bench-db.js';

/**
 * `npm run bench -- import [--rows 100000] [--format xlsx|csv]`: a clean commit of N project rows (one
 * 项目台账 sheet, each project with its INITIAL stage transition, audit row and re-evaluation mark) into a
 * fresh database `<bench db>_import`, timed in phases: reading the file, then validating and writing in
 * one transaction. Target: 100,000 rows in under a minute.
 */
export async function runImportBench(args: string[]): Promise<number> {
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const rows = Number(arg('rows', '100000'));
  const format = arg('format', 'xlsx');
  const base = new URL(benchDatabaseUrl());
  const dbName = `${decodeURIComponent(base.pathname.slice(1))}_import`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  await prepareBenchDatabase(url.toString());

  const ds = new DataSource(dataSourceOptions(url.toString(), 2));
  await ds.initialize();
  try {
    const [unit] = await ds.query(`INSERT INTO unit (code, name_zh, kind, path) VALUES ('150102', '新城区', 'DISTRICT', '/150102/') RETURNING id, path`);
    const [user] = await ds.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, unit_id) VALUES ('bench-admin', 'bench', 'x', 'admin', $1) RETURNING id`,
      [unit.id],
    );
    const server = await ds.query(`SELECT current_setting('server_version') AS v`);
    console.log(`import bench: ${rows} project rows as ${format}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model}); PostgreSQL ${server[0].v}`);

    const header = ['项目编号', '项目名称', '所属单位', '项目类别', '当前阶段', '阶段日期', '协议投资额（万元）', '投资方', '建设地点', '项目类型'];
    const stages = ['签约', '落地', '前期手续', '开工在建', '投产/投用'];
    const row = (i: number) => [
      `IMP-${String(i).padStart(7, '0')}`, `基准导入项目${i}`, '新城区', i % 5 ? '招商引资' : '政府投资', stages[i % stages.length],
      `2024-${String((i % 12) + 1).padStart(2, '0')}-15`, String((i % 100000) + 0.5), `基准企业${i % 2000}`, '金桥开发区', '制造业',
    ];
    let t0 = Date.now();
    let content: Buffer;
    if (format === 'csv') {
      const lines = [header.join(',')];
      for (let i = 0; i < rows; i++) lines.push(row(i).join(','));
      content = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
    } else {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('项目台账');
      ws.addRow(header);
      for (let i = 0; i < rows; i++) ws.addRow(row(i));
      content = Buffer.from(await wb.xlsx.writeBuffer());
    }
    console.log(`generated ${(content.length / 1e6).toFixed(1)} MB in ${Date.now() - t0} ms (not counted)`);

    const started = Date.now();
    t0 = started;
    const sheets = await readLedgerFile(`bench.${format}`, content);
    const readMs = Date.now() - t0;
    let validateMs = 0;
    t0 = Date.now();
    const result = await importLedger(ds, sheets, {
      actor: { id: user.id, username: 'bench-admin', role: 'admin', unitId: unit.id, unitPath: unit.path },
      dryRun: false,
      onProgress: (phase, done, total) => {
        if (phase === 'validate' && done === total && !validateMs) validateMs = Date.now() - t0;
      },
    });
    const commitMs = Date.now() - t0;
    const totalMs = Date.now() - started;
    if (!result.committed) {
      console.error(`not committed: ${result.problems.length} problems, e.g. ${JSON.stringify(result.problems.slice(0, 3))}`);
      return 1;
    }
    const [{ projects, transitions, audits }] = await ds.query(
      `SELECT (SELECT count(*)::int FROM project) AS projects, (SELECT count(*)::int FROM stage_transition) AS transitions, (SELECT count(*)::int FROM audit_log) AS audits`,
    );
    console.log(`read file            ${readMs} ms`);
    console.log(`validate (in tx)     ${validateMs} ms`);
    console.log(`validate + write     ${commitMs} ms (one transaction)`);
    console.log(`total                ${totalMs} ms → ${Math.round((rows / totalMs) * 1000)} rows/s`);
    console.log(`database: ${projects} projects, ${transitions} stage transitions, ${audits} audit rows`);
    console.log(totalMs < 60_000 ? 'PASS: under a minute' : 'FAIL: a minute or more');
    return totalMs < 60_000 ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}
