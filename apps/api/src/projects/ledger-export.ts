import ExcelJS from 'exceljs';
import { PROJECT_FAMILY_LABELS, STAGE_LABELS } from '#domain';
import type { LedgerExtras, ProjectListRow } from '#persistence';

export const LEDGER_SHEET_NAME = '项目台账';

interface LedgerColumn {
  header: string;
  group?: string;
  width: number;
  money?: boolean;
  value: (r: ProjectListRow, x: LedgerExtras | undefined) => string | number | null;
}

const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** The columns of the import template, then the money sums and the latest 月调度 (序号 comes first). */
export const LEDGER_COLUMNS: LedgerColumn[] = [
  { header: '项目编号', width: 18, value: (r) => r.code },
  { header: '项目名称', width: 36, value: (r) => r.name_zh },
  { header: '所属单位', width: 14, value: (r) => r.unit_name_zh },
  { header: '项目类别', width: 10, value: (r) => PROJECT_FAMILY_LABELS[r.family]?.zh ?? r.family },
  { header: '项目类型', width: 12, value: (r) => r.project_type },
  { header: '投资方', width: 28, value: (r) => r.investor_name_zh },
  { header: '建设地点', width: 20, value: (r) => r.location },
  { header: '当前阶段', width: 14, value: (r) => STAGE_LABELS[r.stage]?.zh ?? r.stage },
  { header: '阶段日期', width: 12, value: (r) => r.stage_date },
  { header: '协议投资额', group: '投资情况（万元）', width: 14, money: true, value: (r) => num(r.total_investment) },
  { header: '到位资金', group: '投资情况（万元）', width: 14, money: true, value: (_r, x) => num(x?.arrived) },
  { header: '完成投资', group: '投资情况（万元）', width: 14, money: true, value: (_r, x) => num(x?.completed) },
  { header: '期间', group: '最新月调度', width: 10, value: (_r, x) => x?.reportPeriod ?? null },
  { header: '进展情况', group: '最新月调度', width: 40, value: (_r, x) => x?.report ?? null },
];

const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * The bureau's 台账 layout: a title row 「呼和浩特市招商引资项目台账（截至YYYY年MM月DD日）」, two merged header rows
 * (投资情况 and 最新月调度 over their columns), 序号, the projects grouped by unit in the order given with a 小计 row
 * per unit and a 合计 row at the end (sums of the three money columns).
 */
export async function buildLedgerWorkbook(rows: readonly ProjectListRow[], extras: Map<string, LedgerExtras>, today: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luodi';
  const ws = wb.addWorksheet(LEDGER_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const cols = LEDGER_COLUMNS.length + 1;
  ws.columns = [{ width: 6 }, ...LEDGER_COLUMNS.map((c) => ({ width: c.width }))];
  const [y, m, d] = today.split('-');
  const title = ws.addRow([`呼和浩特市招商引资项目台账（截至${y}年${m}月${d}日）`]);
  ws.mergeCells(1, 1, 1, cols);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;

  const top = ['序号', ...LEDGER_COLUMNS.map((c) => c.group ?? c.header)];
  const second = ['序号', ...LEDGER_COLUMNS.map((c) => c.header)];
  ws.addRow(top);
  ws.addRow(second);
  // Columns without a group span both header rows; a group spans its columns on row 2.
  for (let c = 1; c <= cols; c++) {
    const spec = c === 1 ? undefined : LEDGER_COLUMNS[c - 2];
    if (!spec?.group) ws.mergeCells(2, c, 3, c);
  }
  for (let c = 2; c <= cols; ) {
    const group = LEDGER_COLUMNS[c - 2].group;
    let end = c;
    while (group && end + 1 <= cols && LEDGER_COLUMNS[end - 1]?.group === group) end++;
    if (group && end > c) ws.mergeCells(2, c, 2, end);
    c = end + 1;
  }
  for (const r of [2, 3]) {
    const row = ws.getRow(r);
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (let c = 1; c <= cols; c++) row.getCell(c).border = BORDER;
  }

  const moneyIdx = LEDGER_COLUMNS.map((c, i) => (c.money ? i : -1)).filter((i) => i >= 0);
  const groups = new Map<string, ProjectListRow[]>();
  for (const r of rows) {
    const list = groups.get(r.unit_id) ?? [];
    list.push(r);
    groups.set(r.unit_id, list);
  }
  const total = moneyIdx.map(() => 0);
  let seq = 0;
  const styleRow = (row: ExcelJS.Row) => {
    for (let c = 1; c <= cols; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      const spec = LEDGER_COLUMNS[c - 2];
      if (spec?.money) cell.numFmt = '#,##0.00';
    }
  };
  for (const list of groups.values()) {
    const sub = moneyIdx.map(() => 0);
    for (const r of list) {
      const x = extras.get(r.id);
      const values = LEDGER_COLUMNS.map((c) => c.value(r, x));
      moneyIdx.forEach((i, k) => (sub[k] += Number(values[i] ?? 0)));
      styleRow(ws.addRow([++seq, ...values]));
    }
    const subRow: (string | number | null)[] = [null, `小计（${list[0].unit_name_zh}，${list.length} 个项目）`, ...LEDGER_COLUMNS.slice(1).map(() => null)];
    moneyIdx.forEach((i, k) => {
      subRow[i + 1] = Math.round(sub[k] * 100) / 100;
      total[k] += sub[k];
    });
    const added = ws.addRow(subRow);
    added.font = { bold: true };
    styleRow(added);
  }
  const totalRow: (string | number | null)[] = [null, `合计（${rows.length} 个项目）`, ...LEDGER_COLUMNS.slice(1).map(() => null)];
  moneyIdx.forEach((i, k) => (totalRow[i + 1] = Math.round(total[k] * 100) / 100));
  const added = ws.addRow(totalRow);
  added.font = { bold: true };
  styleRow(added);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `attachment; filename="luodi-ledger-YYYYMMDD.xlsx"; filename*=UTF-8''招商引资项目台账-YYYYMMDD.xlsx`. */
export function ledgerContentDisposition(today: string): string {
  const stamp = today.replaceAll('-', '');
  return `attachment; filename="luodi-ledger-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`招商引资项目台账-${stamp}.xlsx`)}`;
}
