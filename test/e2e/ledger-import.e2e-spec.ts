/**
 * 台账 import on real PostgreSQL: a broken file lists every problem and writes nothing; the fixed file
 * commits projects with stage history, money and 月调度, marked for re-evaluation and audited; a
 * re-import changes nothing; a 10,000-row CSV commits; staff cannot import into another district.
 */
import ExcelJS from 'exceljs';
import type { Actor } from '#domain';
import { importLedger, readLedgerFile, type UnitEntity, type UserEntity } from '#persistence';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { ledgerWorkbook, MONEY_HEADER, PROGRESS_HEADER, PROJECT_HEADER, STAGE_HEADER } from '../factories/ledger-file.factory.js';
import { uniq } from '../factories/uniq.js';
import { problemsCsv } from '../../apps/cli/src/commands/import.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, countRows, shanghaiToday } from './support.js';

let t: TestApp;
let district: UnitEntity;
let other: UnitEntity;
let staffUser: UserEntity;
let managerUser: UserEntity;
const TABLES = ['project', 'stage_transition', 'money_record', 'progress_report', 'audit_log', 'investor'];

const actorOf = (u: UserEntity, unit: UnitEntity): Actor => ({ id: u.id, username: u.username, role: u.role, unitId: unit.id, unitPath: unit.path });

beforeAll(async () => {
  t = await createTestApp();
  const city = await insertUnit(t.dataSource, { nameZh: uniq('导入市') });
  district = await insertUnit(t.dataSource, { parent: city, nameZh: uniq('导入区') });
  other = await insertUnit(t.dataSource, { parent: city, nameZh: uniq('邻区') });
  staffUser = await insertUser(t.dataSource, district, 'staff');
  managerUser = await insertUser(t.dataSource, district, 'manager');
}, 60_000);
afterAll(async () => t?.close());

const today = shanghaiToday();
const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);

function fileRows(prefix: string, broken: boolean) {
  const tomorrow = addDays(today, 1);
  return {
    项目台账: [
      PROJECT_HEADER,
      [`${prefix}-1`, '甲新材料项目', district.nameZh, '招商引资', '开工在建', '2025-03-01', '120,000.50', `${prefix}甲公司`, '金桥开发区', '制造业'],
      [`${prefix}-2`, '乙数据中心', district.code, '政府投资', broken ? '开工了' : '签约', '2025-02-01', '5000', '', '', ''],
      [`${prefix}-3`, '丙物流园', broken ? '不存在的区' : district.nameZh, '招商引资', '落地', broken ? tomorrow : '2025-01-15', broken ? '12.345' : '800', '', '', ''],
      ...(broken ? [[`${prefix}-1`, '甲项目重复', district.nameZh, '招商引资', '签约', '2025-01-01', '', '', '', '']] : []),
    ],
    阶段记录: [STAGE_HEADER, [`${prefix}-1`, '签约', '2024-11-20', '签约仪式'], [`${prefix}-1`, '落地', '2025-01-05', '']],
    资金: [
      MONEY_HEADER,
      [`${prefix}-1`, '到位资金', '2025-03', broken ? '-5' : '3000'],
      [`${prefix}-1`, '完成投资', '2025', '2500.25'],
      [`${prefix}-2`, '年度计划投资', '2025', '1000'],
    ],
    月调度: [PROGRESS_HEADER, [`${prefix}-1`, lastMonth, '主体施工中', '60%', '设备进场', '用电指标待落实']],
  };
}

async function run(buffer: Buffer, fileName: string, actor: Actor, dryRun: boolean) {
  return importLedger(t.dataSource, await readLedgerFile(fileName, buffer), { actor, dryRun });
}

describe('台账 import', () => {
  it('a broken file: a dry run and a commit list each problem with sheet, row, column and reason, and write nothing', async () => {
    const file = await ledgerWorkbook(fileRows('BRK', true));
    const before = await countRows(t.dataSource, TABLES);
    for (const dryRun of [true, false]) {
      const r = await run(file, 'broken.xlsx', actorOf(staffUser, district), dryRun);
      expect(r.committed).toBe(false);
      const brief = r.problems.map((p) => `${p.sheet}|${p.row}|${p.column}`);
      expect(brief).toEqual(
        expect.arrayContaining([
          '项目台账|3|当前阶段', // bad stage
          '项目台账|4|所属单位', // unknown unit
          '项目台账|4|阶段日期', // future date
          '项目台账|4|协议投资额（万元）', // bad money
          '项目台账|5|项目编号', // duplicate code
          '资金|2|金额（万元）', // bad money
        ]),
      );
      for (const p of r.problems) expect(p.reason).toBeTruthy();
      expect(r.problems.find((p) => p.column === '阶段日期')!.value).toBe(addDays(today, 1));
    }
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
    expect(problemsCsv([{ sheet: '资金', row: 2, column: '金额（万元）', value: '-5', reason: '金额, "不对"' }])).toBe(
      '\uFEFF工作表,行,列,值,原因\r\n资金,2,金额（万元）,-5,"金额, ""不对"""\r\n',
    );
  });

  it('the fixed file commits projects with stage history, money and reports, marked and audited; a re-import changes nothing', async () => {
    const file = await ledgerWorkbook(fileRows('FIX', false));
    const actor = actorOf(staffUser, district);
    const dry = await run(file, 'fixed.xlsx', actor, true);
    expect(dry.problems).toEqual([]);
    expect(dry).toMatchObject({ created: 3, committed: false });

    const r = await run(file, 'fixed.xlsx', actor, false);
    expect(r).toMatchObject({ committed: true, created: 3, updated: 0, transitions: 5, money: 3, reports: 1 });
    const projects: { code: string; stage: string; stage_date: string; total_investment: string; family: string; marked: boolean; investor: string | null }[] =
      await t.dataSource.query(
        `SELECT p.code, p.stage, to_char(p.stage_date, 'YYYY-MM-DD') AS stage_date, p.total_investment::text AS total_investment, p.family,
                p.reevaluate_requested_at IS NOT NULL AS marked, i.name_zh AS investor
           FROM project p LEFT JOIN investor i ON i.id = p.investor_id WHERE p.code LIKE 'FIX-%' ORDER BY p.code`,
      );
    expect(projects).toEqual([
      { code: 'FIX-1', stage: 'UNDER_CONSTRUCTION', stage_date: '2025-03-01', total_investment: '120000.50', family: 'INVESTMENT', marked: true, investor: 'FIX甲公司' },
      { code: 'FIX-2', stage: 'SIGNED', stage_date: '2025-02-01', total_investment: '5000.00', family: 'GOVERNMENT', marked: true, investor: null },
      { code: 'FIX-3', stage: 'LANDED', stage_date: '2025-01-15', total_investment: '800.00', family: 'INVESTMENT', marked: true, investor: null },
    ]);
    const history = await t.dataSource.query(
      `SELECT t.seq, t.kind, t.to_stage, to_char(t.effective_date, 'YYYY-MM-DD') AS d, t.skipped_stage_dates AS skipped
         FROM stage_transition t JOIN project p ON p.id = t.project_id WHERE p.code = 'FIX-1' ORDER BY t.seq`,
    );
    expect(history).toEqual([
      { seq: 1, kind: 'INITIAL', to_stage: 'SIGNED', d: '2024-11-20', skipped: {} },
      { seq: 2, kind: 'FORWARD', to_stage: 'LANDED', d: '2025-01-05', skipped: {} },
      { seq: 3, kind: 'FORWARD', to_stage: 'UNDER_CONSTRUCTION', d: '2025-03-01', skipped: { PRE_CONSTRUCTION: '2025-03-01' } },
    ]);
    const money = await t.dataSource.query(
      `SELECT m.kind, m.period, m.amount::text AS amount FROM money_record m JOIN project p ON p.id = m.project_id WHERE p.code LIKE 'FIX-%' ORDER BY p.code, m.kind`,
    );
    expect(money).toEqual([
      { kind: 'ARRIVED', period: '2025-03', amount: '3000.00' },
      { kind: 'COMPLETED', period: '2025', amount: '2500.25' },
      { kind: 'ANNUAL_PLAN', period: '2025', amount: '1000.00' },
    ]);
    const [report] = await t.dataSource.query(
      `SELECT r.period, r.summary, r.construction_percent, r.problems FROM progress_report r JOIN project p ON p.id = r.project_id WHERE p.code = 'FIX-1'`,
    );
    expect(report).toEqual({ period: lastMonth, summary: '主体施工中', construction_percent: 60, problems: '用电指标待落实' });
    const audits = await t.dataSource.query(
      `SELECT a.actor_id, a.action FROM audit_log a JOIN project p ON a.entity = 'project' AND a.entity_id = p.id::text WHERE p.code LIKE 'FIX-%'`,
    );
    expect(audits).toHaveLength(3);
    for (const a of audits) expect(a).toEqual({ actor_id: staffUser.id, action: 'import' });

    // Re-import: nothing changes.
    await t.dataSource.query(`UPDATE project SET reevaluate_requested_at = NULL WHERE code LIKE 'FIX-%'`);
    const before = await countRows(t.dataSource, TABLES);
    const versions = await t.dataSource.query(`SELECT code, version FROM project WHERE code LIKE 'FIX-%' ORDER BY code`);
    const again = await run(file, 'fixed.xlsx', actor, false);
    expect(again).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 3, transitions: 0, money: 0, reports: 0 });
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
    expect(await t.dataSource.query(`SELECT code, version FROM project WHERE code LIKE 'FIX-%' ORDER BY code`)).toEqual(versions);
    const [{ marked }] = await t.dataSource.query(`SELECT count(*)::int AS marked FROM project WHERE code LIKE 'FIX-%' AND reevaluate_requested_at IS NOT NULL`);
    expect(marked).toBe(0);

    // A changed row updates the project (audit 'import' with before and after) and moves its stage on.
    const changed = fileRows('FIX', false);
    changed.项目台账[2] = ['FIX-2', '乙数据中心（一期）', district.code, '政府投资', '落地', '2025-04-01', '5000', '', '', ''];
    const third = await run(await ledgerWorkbook(changed), 'fixed.xlsx', actor, false);
    expect(third).toMatchObject({ committed: true, created: 0, updated: 1, unchanged: 2, transitions: 1 });
    const [p2] = await t.dataSource.query(
      `SELECT id, name_zh, stage, version, reevaluate_requested_at IS NOT NULL AS marked FROM project WHERE code = 'FIX-2'`,
    );
    expect(p2).toMatchObject({ name_zh: '乙数据中心（一期）', stage: 'LANDED', version: 2, marked: true });
    const [last] = await t.dataSource.query(`SELECT action, before, after FROM audit_log WHERE entity = 'project' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [p2.id]);
    expect(last).toMatchObject({ action: 'import', before: { nameZh: '乙数据中心', stage: 'SIGNED' }, after: { nameZh: '乙数据中心（一期）', stage: 'LANDED' } });
  });

  it('staff cannot import into another district: each such row is a problem', async () => {
    const file = await ledgerWorkbook({
      项目台账: [
        PROJECT_HEADER,
        ['SCP-1', '本区项目', district.nameZh, '招商引资', '签约', '2025-01-01', '', '', '', ''],
        ['SCP-2', '邻区项目', other.nameZh, '招商引资', '签约', '2025-01-01', '', '', '', ''],
        ['SCP-3', '邻区项目二', other.code, '招商引资', '签约', '2025-01-01', '', '', '', ''],
      ],
    });
    const before = await countRows(t.dataSource, TABLES);
    const r = await run(file, 'scope.xlsx', actorOf(staffUser, district), false);
    expect(r.problems.map((p) => `${p.row}|${p.column}`)).toEqual(['3|所属单位', '4|所属单位']);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('GET /projects/export?format=ledger: title, merged headers, 序号, grouped by unit with subtotals, money sums and the latest 月调度', async () => {
    const download = async (auth: string) => t
      .http()
      .get('/api/v1/projects/export')
      .query({ format: 'ledger', sort: 'code' })
      .set('authorization', auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    await insertProject(t.dataSource, other, { code: 'ZZ-OTHER', totalInvestment: '10.00' });
    const res = await download(await t.login(staffUser.username));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('luodi-ledger-');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('项目台账')!;
    const [y, m, d] = today.split('-');
    expect(ws.getCell('A1').value).toBe(`呼和浩特市招商引资项目台账（截至${y}年${m}月${d}日）`);
    expect(ws.getCell('K2').value).toBe('投资情况（万元）');
    expect([ws.getCell('K3').value, ws.getCell('L3').value, ws.getCell('M3').value]).toEqual(['协议投资额', '到位资金', '完成投资']);
    expect(ws.getCell('A2').isMerged && ws.getCell('A3').master.address).toBe('A2');
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 3 && rows.push((row.values as unknown[]).slice(1)));
    const fix1 = rows.find((r) => r[1] === 'FIX-1')!;
    expect(fix1.slice(10, 15)).toEqual([120000.5, 3000, 2500.25, lastMonth, '主体施工中']);
    expect(rows.map((r) => r[0]).filter((x) => typeof x === 'number')).toEqual([1, 2, 3]);
    const sub = rows.find((r) => String(r[1]).startsWith('小计'))!;
    expect(sub[1]).toBe(`小计（${district.nameZh}，3 个项目）`);
    expect(sub.slice(10, 13)).toEqual([120000.5 + 5000 + 800, 3000, 2500.25]);
    expect(String(rows[rows.length - 1][1])).toBe('合计（3 个项目）'); // staff: their district only

    const admin = await insertUser(t.dataSource, district, 'admin');
    const all = await download(await t.login(admin.username));
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(all.body as unknown as ArrayBuffer);
    const labels: string[] = [];
    wb2.getWorksheet('项目台账')!.eachRow((row, n) => n > 3 && labels.push(String(row.getCell(2).value)));
    expect(labels).toEqual(['FIX-1', 'FIX-2', 'FIX-3', `小计（${district.nameZh}，3 个项目）`, 'ZZ-OTHER', `小计（${other.nameZh}，1 个项目）`, '合计（4 个项目）']);
  });

  it('a 10,000-row CSV (with BOM) commits in one go', async () => {
    const lines = [PROJECT_HEADER.join(',')];
    for (let i = 0; i < 10_000; i++) lines.push([`BIG-${i}`, `批量项目${i}`, district.code, '招商引资', '签约', '2025-01-01', String(i), '', '', ''].join(','));
    const csv = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const r = await run(csv, 'big.csv', actorOf(managerUser, district), false);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ committed: true, created: 10_000, transitions: 10_000 });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM project WHERE code LIKE 'BIG-%' AND reevaluate_requested_at IS NOT NULL`);
    expect(n).toBe(10_000);
  }, 120_000);
});
