/**
 * Writes seeds/templates/项目台账导入模板.xlsx: the four sheets of a 台账 import with their headers (the ones
 * `libs/persistence/src/ledger-import` matches), one sample row each, and a 说明 sheet listing every column,
 * its format and allowed values. Run once after changing the columns:
 *
 *   npm run build:api && node dist/seeds/templates/make-template.js
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { ALL_STAGES, PROJECT_FAMILIES, PROJECT_FAMILY_LABELS, STAGE_LABELS } from '#domain';
import { MONEY_KIND_LABELS, SHEET_FIELDS, SHEET_NAMES, type SheetKind } from '#persistence';

const SAMPLES: Record<SheetKind, string[]> = {
  projects: ['HHHT-2025-001', '年产10万吨新材料项目', '新城区', '招商引资', '开工在建', '2025-03-01', '120000', '某某新材料有限公司', '金桥开发区', '制造业', ''],
  stages: ['HHHT-2025-001', '签约', '2024-11-20', '签约仪式'],
  money: ['HHHT-2025-001', '到位资金', '2025-03', '3000'],
  progress: ['HHHT-2025-001', '2025-03', '主体施工中', '60', '设备进场', '用电指标待落实'],
};

const stages = ALL_STAGES.map((s) => STAGE_LABELS[s].zh).join('、');
const FORMATS: Record<string, string> = {
  项目编号: '必填；文本，最多 64 个字符；同一文件中不得重复；已有项目按编号更新',
  项目名称: '必填；最多 300 个字符',
  所属单位: '单位名称或代码（如 新城区 或 150102）；须在导入人的管辖范围内；已有项目可留空',
  项目类别: `${PROJECT_FAMILIES.map((f) => PROJECT_FAMILY_LABELS[f].zh).join(' 或 ')}；留空为招商引资`,
  当前阶段: `必填；${stages}（也可填阶段代码）`,
  阶段: `必填；${stages}`,
  阶段日期: '必填；YYYY-MM-DD（或 Excel 日期），不得晚于今天',
  生效日期: '必填；YYYY-MM-DD，不得晚于今天；同一项目按日期排序后逐条检查阶段变更规则（后退、停缓建、终止须有备注）',
  '协议投资额（万元）': '数字，不小于 0，最多两位小数',
  '金额（万元）': '必填；数字，不小于 0，最多两位小数',
  投资方: '企业名称，最多 200 个字符；系统中没有的会新建',
  建设地点: '最多 300 个字符',
  项目类型: '最多 64 个字符',
  备注: '文本',
  类别: `必填；${Object.values(MONEY_KIND_LABELS).join('、')}`,
  期间: '必填；资金为 YYYY-MM 或 YYYY，月调度为 YYYY-MM；不得晚于本月（年度计划投资除外）',
  进展情况: '必填；文本',
  '形象进度（%）': '0–100 的整数',
  下步计划: '文本',
  存在问题: '文本',
};

export async function writeTemplate(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luodi';
  for (const kind of Object.keys(SHEET_NAMES) as SheetKind[]) {
    const ws = wb.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = ws.addRow(SHEET_FIELDS[kind].map((f) => f.header));
    header.font = { bold: true };
    ws.addRow(SAMPLES[kind]);
    ws.columns.forEach((c) => (c.width = 18));
  }
  const help = wb.addWorksheet('说明');
  help.addRow(['工作表', '列', '是否必填', '格式与可填值']).font = { bold: true };
  for (const kind of Object.keys(SHEET_NAMES) as SheetKind[]) {
    for (const f of SHEET_FIELDS[kind]) help.addRow([SHEET_NAMES[kind], f.header, f.required ? '必填' : '', FORMATS[f.header] ?? '']);
  }
  help.addRow([]);
  help.addRow(['', '说明', '', '可只保留「项目台账」一张表；CSV（UTF-8，可带 BOM）每个文件一张表，按表头识别类别。列按表头名称匹配，顺序不限，其他列忽略。']);
  help.addRow(['', '导入', '', 'npm run cli -- import 文件.xlsx --dry-run 先检查；有问题时列出每个问题（工作表、行、列、原因），不写入任何数据。']);
  help.columns = [{ width: 12 }, { width: 20 }, { width: 10 }, { width: 90 }];
  mkdirSync(path.dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.resolve(here, '../../../seeds/templates/项目台账导入模板.xlsx');
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await writeTemplate(target);
  console.log(`wrote ${target}`);
}
