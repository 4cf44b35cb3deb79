import ExcelJS from 'exceljs';

/** An .xlsx with one sheet per entry, each a header row and data rows (cells as given: text, numbers or Dates). */
export async function ledgerWorkbook(sheets: Record<string, (string | number | Date | null)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const PROJECT_HEADER = ['项目编号', '项目名称', '所属单位', '项目类别', '当前阶段', '阶段日期', '协议投资额（万元）', '投资方', '建设地点', '项目类型'];
export const STAGE_HEADER = ['项目编号', '阶段', '生效日期', '备注'];
export const MONEY_HEADER = ['项目编号', '类别', '期间', '金额（万元）'];
export const PROGRESS_HEADER = ['项目编号', '期间', '进展情况', '形象进度（%）', '下步计划', '存在问题'];
