import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { PROJECT_FAMILY_LABELS, STAGE_LABELS } from '#domain';
import { MESSAGES } from '#notifications';
import type { ProjectListRow } from '#persistence';
import { EXPORT_COLUMNS, type ExportColumn } from './dto/project.dto.js';
import { daysBetweenDates } from './project.response.js';

/** At most this many rows in one export; more answers 400 EXPORT_TOO_LARGE. */
export const MAX_EXPORT_ROWS = 50_000;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EXPORT_SHEET_NAME = '项目台账';

const LEVEL_LABELS = MESSAGES['zh-CN'].levels;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** An instant as `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

type CellValue = string | number | null;

interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
  value: (r: ProjectListRow, today: string) => CellValue;
}

/** Every column of the ledger: Chinese header, width (characters), number format and value. Dates are text. */
export const EXPORT_COLUMN_SPECS: Record<ExportColumn, ColumnSpec> = {
  code: { header: '项目编号', width: 18, value: (r) => r.code },
  nameZh: { header: '项目名称', width: 40, value: (r) => r.name_zh },
  nameEn: { header: '英文名称', width: 32, value: (r) => r.name_en },
  unit: { header: '所属单位', width: 18, value: (r) => r.unit_name_zh },
  investor: { header: '投资方', width: 30, value: (r) => r.investor_name_zh },
  family: { header: '项目类别', width: 12, value: (r) => PROJECT_FAMILY_LABELS[r.family]?.zh ?? r.family },
  projectType: { header: '项目类型', width: 14, value: (r) => r.project_type },
  stage: { header: '当前阶段', width: 16, value: (r) => STAGE_LABELS[r.stage]?.zh ?? r.stage },
  stageDate: { header: '阶段日期', width: 12, value: (r) => r.stage_date },
  stageDays: { header: '在本阶段天数', width: 14, numFmt: '0', value: (r, today) => daysBetweenDates(r.stage_date, today) },
  totalInvestment: {
    header: '协议投资额（万元）',
    width: 20,
    numFmt: '#,##0.00',
    value: (r) => (r.total_investment === null ? null : Number(r.total_investment)),
  },
  location: { header: '建设地点', width: 28, value: (r) => r.location },
  alertLevel: { header: '预警等级', width: 10, value: (r) => (r.alert_level ? LEVEL_LABELS[r.alert_level] : null) },
  updatedAt: { header: '更新时间', width: 18, value: (r) => shanghaiMinute(new Date(r.updated_at)) },
};

/** The columns asked for, in the order asked, without repeats; all of them by default. */
export function exportColumns(asked: readonly ExportColumn[] | undefined): ExportColumn[] {
  return asked?.length ? [...new Set(asked)] : [...EXPORT_COLUMNS];
}

/**
 * The ledger as an .xlsx: one sheet 项目台账 with a bold, frozen header row and the rows in the order
 * given. Written with ExcelJS' streaming writer, so 50,000 rows do not build a whole workbook model in memory.
 */
export async function buildProjectWorkbook(rows: readonly ProjectListRow[], columns: readonly ExportColumn[], today: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Luodi';
  const ws = wb.addWorksheet(EXPORT_SHEET_NAME, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const specs = columns.map((c) => EXPORT_COLUMN_SPECS[c]);
  ws.columns = specs.map((s, i) => ({ key: columns[i], width: s.width, ...(s.numFmt ? { style: { numFmt: s.numFmt } } : {}) }));
  const header = ws.addRow(specs.map((s) => s.header));
  header.font = { bold: true };
  header.commit();
  for (const r of rows) {
    ws.addRow(specs.map((s) => s.value(r, today))).commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** `attachment; filename="luodi-projects-YYYYMMDD.xlsx"; filename*=UTF-8''项目台账-YYYYMMDD.xlsx` (percent-encoded). */
export function exportContentDisposition(today: string): string {
  const stamp = today.replaceAll('-', '');
  return `attachment; filename="luodi-projects-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${EXPORT_SHEET_NAME}-${stamp}.xlsx`)}`;
}
