/**
 * 台账 import, part 1 (no I/O): reading an .xlsx or CSV file into sheets of text cells, recognising the
 * kind of each sheet and matching its Chinese headers to fields.
 */
import ExcelJS from 'exceljs';

export type SheetKind = 'projects' | 'stages' | 'money' | 'progress';

export interface ImportProblem {
  sheet: string;
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  value: string;
  reason: string;
}

export interface RawSheet {
  name: string;
  /** Rows of trimmed text cells; rows[0] is the header row. */
  rows: string[][];
  /** Spreadsheet row number of rows[i]. */
  rowNumbers: number[];
}

interface FieldSpec {
  field: string;
  header: string;
  aliases?: string[];
  required?: boolean;
}

/** The columns of each sheet kind: the header a bureau uses first, then accepted variants. */
export const SHEET_FIELDS: Record<SheetKind, FieldSpec[]> = {
  projects: [
    { field: 'code', header: '项目编号', aliases: ['编号', '项目代码'], required: true },
    { field: 'nameZh', header: '项目名称', required: true },
    { field: 'unit', header: '所属单位', aliases: ['所属地区', '旗县区', '属地'] },
    { field: 'family', header: '项目类别' },
    { field: 'stage', header: '当前阶段', aliases: ['项目阶段', '阶段'], required: true },
    { field: 'stageDate', header: '阶段日期', aliases: ['阶段时间'], required: true },
    { field: 'totalInvestment', header: '协议投资额（万元）', aliases: ['协议投资额', '总投资（万元）', '总投资'] },
    { field: 'investor', header: '投资方', aliases: ['投资主体', '投资企业'] },
    { field: 'location', header: '建设地点' },
    { field: 'projectType', header: '项目类型' },
    { field: 'note', header: '备注' },
  ],
  stages: [
    { field: 'code', header: '项目编号', aliases: ['编号'], required: true },
    { field: 'stage', header: '阶段', aliases: ['当前阶段'], required: true },
    { field: 'date', header: '生效日期', aliases: ['日期', '阶段日期'], required: true },
    { field: 'note', header: '备注' },
  ],
  money: [
    { field: 'code', header: '项目编号', aliases: ['编号'], required: true },
    { field: 'kind', header: '类别', aliases: ['资金类别'], required: true },
    { field: 'period', header: '期间', aliases: ['年月', '时间'], required: true },
    { field: 'amount', header: '金额（万元）', aliases: ['金额'], required: true },
    { field: 'note', header: '备注' },
  ],
  progress: [
    { field: 'code', header: '项目编号', aliases: ['编号'], required: true },
    { field: 'period', header: '期间', aliases: ['年月', '调度月份'], required: true },
    { field: 'summary', header: '进展情况', required: true },
    { field: 'percent', header: '形象进度（%）', aliases: ['形象进度'] },
    { field: 'nextSteps', header: '下步计划' },
    { field: 'problems', header: '存在问题' },
  ],
};

export const SHEET_NAMES: Record<SheetKind, string> = { projects: '项目台账', stages: '阶段记录', money: '资金', progress: '月调度' };

/** Header text compared loosely: no spaces, half-width brackets and percent sign, lower case. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')')
    .replace(/％/g, '%')
    .replace(/\*$/, '')
    .toLowerCase();
}

export interface HeaderMatch {
  /** field → column index */
  columns: Record<string, number>;
  /** header text of each matched field as written in the file */
  headers: Record<string, string>;
  missing: string[];
  unknown: string[];
}

/** Matches a header row to the fields of a kind by name; unknown headers are ignored (reported in `unknown`). */
export function matchHeaders(kind: SheetKind, header: string[]): HeaderMatch {
  const columns: Record<string, number> = {};
  const headers: Record<string, string> = {};
  const unknown: string[] = [];
  header.forEach((text, i) => {
    const n = normalizeHeader(text);
    if (!n) return;
    const spec = SHEET_FIELDS[kind].find((f) => [f.header, ...(f.aliases ?? [])].some((h) => normalizeHeader(h) === n));
    if (spec && columns[spec.field] === undefined) {
      columns[spec.field] = i;
      headers[spec.field] = text;
    } else if (!spec) unknown.push(text);
  });
  const missing = SHEET_FIELDS[kind].filter((f) => f.required && columns[f.field] === undefined).map((f) => f.header);
  return { columns, headers, missing, unknown };
}

/** The kind of a sheet: by its name first, then by the headers it has (null for 说明 and unrelated sheets). */
export function sheetKind(name: string, header: string[]): SheetKind | null {
  const n = name.trim();
  for (const [kind, sheetName] of Object.entries(SHEET_NAMES) as [SheetKind, string][]) {
    if (n === sheetName || n.startsWith(sheetName)) return kind;
  }
  if (n === '说明') return null;
  const score = (kind: SheetKind) => {
    const m = matchHeaders(kind, header);
    return m.missing.length ? -1 : Object.keys(m.columns).length;
  };
  const ranked = (['progress', 'money', 'stages', 'projects'] as SheetKind[])
    .map((k) => ({ k, s: score(k) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s);
  // A projects sheet has 项目名称; the others never do.
  if (header.some((h) => normalizeHeader(h) === '项目名称')) return 'projects';
  return ranked[0]?.k ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Reading files

function pad2(n: number) {
  return String(n).padStart(2, '0');
}

/** A cell as text: dates as YYYY-MM-DD (Excel dates are UTC midnights), numbers as JS prints them. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toFixed(6))) : '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return v.error;
  }
  return String(value).trim();
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF); a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.map((r) => r.map((x) => x.trim()));
}

function dropEmpty(rows: string[][], rowNumbers: number[]): { rows: string[][]; rowNumbers: number[] } {
  const keep: string[][] = [];
  const nums: number[] = [];
  rows.forEach((r, i) => {
    if (r.some((c) => c !== '')) {
      keep.push(r);
      nums.push(rowNumbers[i]);
    }
  });
  return { rows: keep, rowNumbers: nums };
}

/** Reads an .xlsx or .csv (by file name) into sheets; a CSV is one sheet named after its kind. */
export async function readLedgerFile(fileName: string, content: Buffer): Promise<RawSheet[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    const all = parseCsv(content.toString('utf8'));
    const { rows, rowNumbers } = dropEmpty(all, all.map((_, i) => i + 1));
    const kind = rows.length ? sheetKind('', rows[0]) : null;
    return [{ name: kind ? SHEET_NAMES[kind] : fileName, rows, rowNumbers }];
  }
  if (!lower.endsWith('.xlsx')) throw new Error(`${fileName}: only .xlsx and .csv files can be imported`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const sheets: RawSheet[] = [];
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    const nums: number[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      rows.push(cells);
      nums.push(n);
    });
    const kept = dropEmpty(rows, nums);
    sheets.push({ name: ws.name, rows: kept.rows, rowNumbers: kept.rowNumbers });
  });
  return sheets;
}
