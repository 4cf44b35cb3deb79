/**
 * 台账 import, part 2: validating every cell with the API's rules (stage labels, planTransition, money
 * format, dates not in the future, units in the importer's scope) and writing the result in one
 * transaction with set-based SQL (INSERT … SELECT FROM unnest, a few thousand rows per statement).
 *
 * Idempotent by project code: a project that exists is compared field by field and updated only when
 * something differs; stage history rows already recorded (same stage and date) are skipped; money and
 * 月调度 rows are upserts that change nothing when the values are equal.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  type Actor,
  ALL_STAGES,
  businessToday,
  type CanonicalStage,
  DomainError,
  isValidBusinessDate,
  MONEY_KINDS,
  MONEY_RE,
  type MoneyKind,
  pathWithin,
  planTransition,
  PROJECT_FAMILIES,
  PROJECT_FAMILY_LABELS,
  type ProjectFamily,
  type Scope,
  scopeOf,
  type Stage,
  STAGE_LABELS,
  type TransitionKind,
} from '#domain';
import { type ImportProblem, matchHeaders, type RawSheet, type SheetKind, sheetKind } from './ledger-file.js';

export type { ImportProblem } from './ledger-file.js';

// ---------------------------------------------------------------------------------------------------
// Cell rules (pure)

const STAGE_ALIASES: Record<string, Stage> = {
  谋划: 'RESERVE', 储备: 'RESERVE', 在谈: 'NEGOTIATING', 已签约: 'SIGNED', 已落地: 'LANDED', 开工: 'UNDER_CONSTRUCTION',
  在建: 'UNDER_CONSTRUCTION', 已开工: 'UNDER_CONSTRUCTION', 竣工: 'CONSTRUCTION_COMPLETE', 试生产: 'COMMISSIONING', 部分投产: 'COMMISSIONING',
  投产: 'OPERATING', 投用: 'OPERATING', 达产: 'AT_CAPACITY', 停建: 'ON_HOLD', 缓建: 'ON_HOLD', 暂缓: 'ON_HOLD',
};

/** A stage from its Chinese label (谋划储备, 开工在建, 试生产/部分投产 …), a common word, or its code. */
export function parseStage(text: string): Stage | null {
  const t = text.trim();
  if ((ALL_STAGES as readonly string[]).includes(t.toUpperCase())) return t.toUpperCase() as Stage;
  for (const s of ALL_STAGES) if (STAGE_LABELS[s].zh === t || STAGE_LABELS[s].en.toLowerCase() === t.toLowerCase()) return s;
  return STAGE_ALIASES[t] ?? null;
}

export function parseFamily(text: string): ProjectFamily | null {
  const t = text.trim();
  if ((PROJECT_FAMILIES as readonly string[]).includes(t.toUpperCase())) return t.toUpperCase() as ProjectFamily;
  for (const f of PROJECT_FAMILIES) if (PROJECT_FAMILY_LABELS[f].zh === t) return f;
  if (t === '招商' || t === '招商项目') return 'INVESTMENT';
  if (t === '政府投资项目') return 'GOVERNMENT';
  return null;
}

export const MONEY_KIND_LABELS: Record<MoneyKind, string> = { AGREED: '协议投资', ARRIVED: '到位资金', COMPLETED: '完成投资', ANNUAL_PLAN: '年度计划投资' };

export function parseMoneyKind(text: string): MoneyKind | null {
  const t = text.trim();
  if ((MONEY_KINDS as readonly string[]).includes(t.toUpperCase())) return t.toUpperCase() as MoneyKind;
  for (const k of MONEY_KINDS) if (MONEY_KIND_LABELS[k] === t) return k;
  if (t === '协议投资额') return 'AGREED';
  if (t === '计划投资' || t === '年度计划') return 'ANNUAL_PLAN';
  return null;
}

/** YYYY-MM-DD from 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日; null when not a real date. */
export function parseDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isValidBusinessDate(date) ? date : null;
}

/** YYYY-MM or YYYY (years only when `allowYear`): 2024-03, 2024/3, 2024年3月, 2024; a full date from a date cell gives its month. */
export function parsePeriod(text: string, allowYear: boolean): string | null {
  const t = text.trim();
  if (allowYear && /^\d{4}年?$/.test(t)) {
    const y = Number(t.slice(0, 4));
    return y >= 1990 && y <= 2100 ? t.slice(0, 4) : null;
  }
  const full = /^\d{4}-\d{2}-01$/.test(t) ? t.slice(0, 7) : t;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(full);
  if (!m) return null;
  const month = Number(m[2]);
  const y = Number(m[1]);
  if (month < 1 || month > 12 || y < 1990 || y > 2100) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/** 万元 as the exact decimal string the API takes (thousands separators allowed); null when not money. */
export function parseMoney(text: string): string | null {
  const t = text.trim().replace(/[,，\s]/g, '');
  if (!MONEY_RE.test(t)) return null;
  return t;
}

/** 0–100, with or without a % sign. */
export function parsePercent(text: string): number | null {
  const t = text.trim().replace(/[%％]$/, '');
  if (!/^\d{1,3}(\.\d+)?$/.test(t)) return null;
  let n = Number(t);
  // A cell formatted as percent in Excel arrives as a fraction (0.6 for 60%).
  if (n > 0 && n <= 1 && t.includes('.') && !text.includes('%')) n = n * 100;
  n = Math.round(n);
  return n >= 0 && n <= 100 ? n : null;
}

// ---------------------------------------------------------------------------------------------------
// Validation

export interface ImportUnit {
  id: string;
  code: string;
  admin_code: string | null;
  name_zh: string;
  path: string;
}

export interface ExistingProject {
  id: string;
  code: string;
  name_zh: string;
  unit_id: string;
  unit_path: string;
  family: ProjectFamily;
  stage: Stage;
  stage_date: string;
  held_from_stage: CanonicalStage | null;
  total_investment: string | null;
  investor_name: string | null;
  location: string | null;
  project_type: string | null;
  version: number;
  max_seq: number;
  transitions: string[];
}

export interface PlannedTransition {
  kind: TransitionKind;
  fromStage: Stage | null;
  toStage: Stage;
  effectiveDate: string;
  skipped: Record<string, string>;
  note: string | null;
}

export interface PlannedProject {
  code: string;
  row: number;
  existing: ExistingProject | null;
  nameZh: string;
  unit: ImportUnit;
  family: ProjectFamily;
  totalInvestment: string | null;
  investor: string | null;
  location: string | null;
  projectType: string | null;
  /** Final state after the transitions. */
  stage: Stage;
  stageDate: string;
  heldFromStage: CanonicalStage | null;
  transitions: PlannedTransition[];
  /** True when a column of an existing project differs. */
  fieldsChanged: boolean;
}

export interface PlannedMoney {
  code: string;
  kind: MoneyKind;
  period: string;
  amount: string;
  note: string | null;
}
export interface PlannedReport {
  code: string;
  period: string;
  summary: string;
  percent: number | null;
  nextSteps: string | null;
  problems: string | null;
}

export interface ImportPlan {
  problems: ImportProblem[];
  projects: PlannedProject[];
  money: PlannedMoney[];
  reports: PlannedReport[];
  /** Data rows read per sheet kind. */
  rows: Record<SheetKind, number>;
}

export interface ValidationContext {
  actor: Actor;
  units: ImportUnit[];
  /** Existing projects by code (only those the file names). */
  existing: Map<string, ExistingProject>;
  /** Unit code for rows with an empty 所属单位 (the CLI's --unit). */
  defaultUnitCode?: string;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

const LEN = { code: 64, nameZh: 300, investor: 200, location: 300, projectType: 64 };

interface SheetRows {
  sheet: RawSheet;
  kind: SheetKind;
  columns: Record<string, number>;
  headers: Record<string, string>;
}

/** The project codes a file names (to load the existing projects before validating). */
export function codesOf(sheets: RawSheet[]): string[] {
  const codes = new Set<string>();
  for (const s of sheets) {
    if (!s.rows.length) continue;
    const kind = sheetKind(s.name, s.rows[0]);
    if (!kind) continue;
    const col = matchHeaders(kind, s.rows[0]).columns.code;
    if (col === undefined) continue;
    for (let i = 1; i < s.rows.length; i++) if (s.rows[i][col]) codes.add(s.rows[i][col]);
  }
  return [...codes];
}

/** Validates every row of every sheet; collects all problems rather than stopping at the first. */
export function validateLedger(sheets: RawSheet[], ctx: ValidationContext): ImportPlan {
  const problems: ImportProblem[] = [];
  const today = businessToday(ctx.now);
  const scope: Scope = scopeOf(ctx.actor);
  const rows: Record<SheetKind, number> = { projects: 0, stages: 0, money: 0, progress: 0 };
  const bySheet: SheetRows[] = [];
  for (const sheet of sheets) {
    if (!sheet.rows.length) continue;
    const kind = sheetKind(sheet.name, sheet.rows[0]);
    if (!kind) continue;
    const m = matchHeaders(kind, sheet.rows[0]);
    for (const h of m.missing) problems.push({ sheet: sheet.name, row: sheet.rowNumbers[0], column: h, value: '', reason: `缺少必填列「${h}」` });
    if (m.missing.length) continue;
    rows[kind] += sheet.rows.length - 1;
    bySheet.push({ sheet, kind, columns: m.columns, headers: m.headers });
  }
  const total = rows.projects + rows.stages + rows.money + rows.progress;
  let done = 0;
  const tick = () => {
    done++;
    if (ctx.onProgress && (done % 2000 === 0 || done === total)) ctx.onProgress(done, total);
  };
  if (!scope.canWrite) {
    problems.push({ sheet: '', row: 0, column: '', value: ctx.actor.username, reason: `${ctx.actor.role} 角色不能导入项目` });
  }

  const unitsByKey = new Map<string, ImportUnit[]>();
  for (const u of ctx.units) {
    for (const key of new Set([u.name_zh, u.code, u.admin_code].filter((k): k is string => !!k))) {
      const list = unitsByKey.get(key) ?? [];
      list.push(u);
      unitsByKey.set(key, list);
    }
  }

  // Projects sheet
  const planned = new Map<string, PlannedProject>();
  const projectRows = new Map<string, { sheet: string; row: number; stage: Stage; stageDate: string; note: string | null }>();
  for (const s of bySheet.filter((x) => x.kind === 'projects')) {
    const cell = (r: string[], f: string) => (s.columns[f] === undefined ? '' : (r[s.columns[f]] ?? ''));
    for (let i = 1; i < s.sheet.rows.length; i++) {
      tick();
      const r = s.sheet.rows[i];
      const row = s.sheet.rowNumbers[i];
      const before = problems.length;
      const bad = (field: string, value: string, reason: string) =>
        problems.push({ sheet: s.sheet.name, row, column: s.headers[field] ?? field, value, reason });
      const code = cell(r, 'code');
      if (!code) bad('code', code, '项目编号不能为空');
      else if (code.length > LEN.code) bad('code', code, `项目编号最多 ${LEN.code} 个字符`);
      else if (planned.has(code) || projectRows.has(code)) {
        const first = projectRows.get(code)!;
        bad('code', code, `项目编号重复（与${first.sheet}第 ${first.row} 行相同）`);
        continue;
      }
      const nameZh = cell(r, 'nameZh');
      if (!nameZh) bad('nameZh', nameZh, '项目名称不能为空');
      else if (nameZh.length > LEN.nameZh) bad('nameZh', nameZh, `项目名称最多 ${LEN.nameZh} 个字符`);
      const existing = code ? (ctx.existing.get(code) ?? null) : null;
      if (existing && !pathWithin(existing.unit_path, scope)) bad('code', code, '该编号的项目属于你无权修改的单位');
      let unitText = cell(r, 'unit');
      let unit: ImportUnit | undefined;
      if (!unitText && !existing) unitText = ctx.defaultUnitCode ?? '';
      if (!unitText && existing) unit = ctx.units.find((u) => u.id === existing.unit_id);
      else if (!unitText) bad('unit', unitText, '所属单位不能为空');
      else {
        const found = unitsByKey.get(unitText) ?? [];
        if (!found.length) bad('unit', unitText, '没有这个单位（填单位名称或代码）');
        else if (found.length > 1) bad('unit', unitText, '单位名称不唯一，请填单位代码');
        else if (!pathWithin(found[0].path, scope)) bad('unit', unitText, `${found[0].name_zh} 不在你可以修改的单位范围内`);
        else unit = found[0];
      }
      const familyText = cell(r, 'family');
      const family = familyText ? parseFamily(familyText) : (existing?.family ?? 'INVESTMENT');
      if (!family) bad('family', familyText, '项目类别应为 招商引资 或 政府投资');
      const stageText = cell(r, 'stage');
      const stage = parseStage(stageText);
      if (!stage) bad('stage', stageText, `不是有效阶段（${ALL_STAGES.map((x) => STAGE_LABELS[x].zh).join('、')}）`);
      const dateText = cell(r, 'stageDate');
      const stageDate = parseDate(dateText);
      if (!stageDate) bad('stageDate', dateText, '日期格式应为 YYYY-MM-DD');
      else if (stageDate > today) bad('stageDate', dateText, `日期不能晚于今天（${today}）`);
      const moneyText = cell(r, 'totalInvestment');
      const totalInvestment = moneyText ? parseMoney(moneyText) : null;
      if (moneyText && !totalInvestment) bad('totalInvestment', moneyText, '金额应为不小于 0 的数字，最多两位小数（万元）');
      const investor = cell(r, 'investor') || null;
      if (investor && investor.length > LEN.investor) bad('investor', investor, `投资方最多 ${LEN.investor} 个字符`);
      const location = cell(r, 'location') || null;
      if (location && location.length > LEN.location) bad('location', location, `建设地点最多 ${LEN.location} 个字符`);
      const projectType = cell(r, 'projectType') || null;
      if (projectType && projectType.length > LEN.projectType) bad('projectType', projectType, `项目类型最多 ${LEN.projectType} 个字符`);
      if (code) projectRows.set(code, { sheet: s.sheet.name, row, stage: stage!, stageDate: stageDate!, note: cell(r, 'note') || null });
      if (problems.length !== before || !unit || !family || !stage || !stageDate) continue;
      const fieldsChanged =
        !!existing &&
        (existing.name_zh !== nameZh ||
          existing.unit_id !== unit.id ||
          existing.family !== family ||
          (existing.total_investment === null ? null : Number(existing.total_investment)) !== (totalInvestment === null ? null : Number(totalInvestment)) ||
          (existing.investor_name ?? null) !== investor ||
          (existing.location ?? null) !== location ||
          (existing.project_type ?? null) !== projectType);
      planned.set(code, {
        code, row, existing, nameZh, unit, family, totalInvestment, investor, location, projectType,
        stage: existing?.stage ?? stage, stageDate: existing?.stage_date ?? stageDate, heldFromStage: existing?.held_from_stage ?? null,
        transitions: [], fieldsChanged,
      });
    }
  }

  /** A code named by a record sheet must be a project of the file or an existing project in scope. */
  const knownCode = (code: string): 'ok' | 'unknown' | 'scope' | 'invalid' => {
    if (planned.has(code)) return 'ok';
    if (projectRows.has(code)) return 'invalid';
    const e = ctx.existing.get(code);
    if (!e) return 'unknown';
    return pathWithin(e.unit_path, scope) ? 'ok' : 'scope';
  };
  const plannedFor = (code: string): PlannedProject => {
    let p = planned.get(code);
    if (!p) {
      const e = ctx.existing.get(code)!;
      const unit = ctx.units.find((u) => u.id === e.unit_id)!;
      p = {
        code, row: 0, existing: e, nameZh: e.name_zh, unit, family: e.family, totalInvestment: e.total_investment, investor: e.investor_name,
        location: e.location, projectType: e.project_type, stage: e.stage, stageDate: e.stage_date, heldFromStage: e.held_from_stage,
        transitions: [], fieldsChanged: false,
      };
      planned.set(code, p);
    }
    return p;
  };
  const codeProblem = (status: ReturnType<typeof knownCode>) =>
    status === 'unknown' ? '项目编号既不在项目台账中也不在系统中' : status === 'scope' ? '该编号的项目属于你无权修改的单位' : null;

  // Stage history: per project in date order (stable); rows already recorded are skipped.
  const stageRows: { code: string; stage: Stage; date: string; note: string | null; sheet: string; row: number; header: Record<string, string>; text: string }[] = [];
  for (const s of bySheet.filter((x) => x.kind === 'stages')) {
    const cell = (r: string[], f: string) => (s.columns[f] === undefined ? '' : (r[s.columns[f]] ?? ''));
    for (let i = 1; i < s.sheet.rows.length; i++) {
      tick();
      const r = s.sheet.rows[i];
      const row = s.sheet.rowNumbers[i];
      const bad = (field: string, value: string, reason: string) => problems.push({ sheet: s.sheet.name, row, column: s.headers[field] ?? field, value, reason });
      const code = cell(r, 'code');
      const status = code ? knownCode(code) : 'unknown';
      const cp = code ? codeProblem(status) : '项目编号不能为空';
      if (cp) bad('code', code, cp);
      const stageText = cell(r, 'stage');
      const stage = parseStage(stageText);
      if (!stage) bad('stage', stageText, '不是有效阶段');
      const dateText = cell(r, 'date');
      const date = parseDate(dateText);
      if (!date) bad('date', dateText, '日期格式应为 YYYY-MM-DD');
      else if (date > today) bad('date', dateText, `日期不能晚于今天（${today}）`);
      if (status === 'ok') plannedFor(code);
      if (status === 'ok' && stage && date) stageRows.push({ code, stage, date, note: cell(r, 'note') || null, sheet: s.sheet.name, row, header: s.headers, text: stageText });
    }
  }
  const historyByCode = new Map<string, typeof stageRows>();
  for (const r of stageRows) {
    const list = historyByCode.get(r.code) ?? [];
    list.push(r);
    historyByCode.set(r.code, list);
  }
  const canCorrect = scope.canCorrect;
  const apply = (p: PlannedProject, toStage: Stage, date: string, note: string | null): string | null => {
    if (!p.transitions.length && !p.existing) {
      p.transitions.push({ kind: 'INITIAL', fromStage: null, toStage, effectiveDate: date, skipped: {}, note });
      p.stage = toStage;
      p.stageDate = date;
      p.heldFromStage = null;
      return null;
    }
    try {
      const plan = planTransition({ stage: p.stage, stageDate: p.stageDate, heldFromStage: p.heldFromStage }, { toStage, effectiveDate: date, note, canCorrect });
      p.transitions.push({
        kind: plan.kind, fromStage: plan.fromStage, toStage: plan.toStage, effectiveDate: date,
        skipped: Object.fromEntries(plan.skipped.map((s) => [s, date])), note,
      });
      p.stage = plan.toStage;
      p.stageDate = date;
      p.heldFromStage = plan.heldFromStage;
      return null;
    } catch (err) {
      if (err instanceof DomainError) return `阶段变更不允许：${err.message}`;
      throw err;
    }
  };
  for (const p of planned.values()) {
    if (p.row === 0 && !historyByCode.has(p.code)) continue;
    const recorded = new Set(p.existing?.transitions ?? []);
    const history = (historyByCode.get(p.code) ?? []).slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row));
    for (const h of history) {
      if (recorded.has(`${h.stage}|${h.date}`)) continue;
      const reason = apply(p, h.stage, h.date, h.note);
      if (reason) {
        problems.push({ sheet: h.sheet, row: h.row, column: h.header.stage ?? '阶段', value: h.text, reason });
        break;
      }
    }
    const pr = projectRows.get(p.code);
    if (pr && (!p.transitions.length && !p.existing ? true : pr.stage !== p.stage)) {
      const reason = apply(p, pr.stage, pr.stageDate, pr.note);
      if (reason) problems.push({ sheet: pr.sheet, row: pr.row, column: '当前阶段', value: STAGE_LABELS[pr.stage].zh, reason });
    }
  }

  // Money
  const money: PlannedMoney[] = [];
  const moneyKeys = new Map<string, number>();
  for (const s of bySheet.filter((x) => x.kind === 'money')) {
    const cell = (r: string[], f: string) => (s.columns[f] === undefined ? '' : (r[s.columns[f]] ?? ''));
    for (let i = 1; i < s.sheet.rows.length; i++) {
      tick();
      const r = s.sheet.rows[i];
      const row = s.sheet.rowNumbers[i];
      const before = problems.length;
      const bad = (field: string, value: string, reason: string) => problems.push({ sheet: s.sheet.name, row, column: s.headers[field] ?? field, value, reason });
      const code = cell(r, 'code');
      const cp = code ? codeProblem(knownCode(code)) : '项目编号不能为空';
      if (cp) bad('code', code, cp);
      else if (knownCode(code) === 'ok') plannedFor(code);
      const kindText = cell(r, 'kind');
      const kind = parseMoneyKind(kindText);
      if (!kind) bad('kind', kindText, '类别应为 协议投资、到位资金、完成投资 或 年度计划投资');
      const periodText = cell(r, 'period');
      const period = parsePeriod(periodText, true);
      if (!period) bad('period', periodText, '期间格式应为 YYYY-MM 或 YYYY');
      else if (kind !== 'ANNUAL_PLAN' && period > today.slice(0, period.length)) bad('period', periodText, '期间尚未开始');
      const amountText = cell(r, 'amount');
      const amount = parseMoney(amountText);
      if (!amount) bad('amount', amountText, '金额应为不小于 0 的数字，最多两位小数（万元）');
      if (kind && period && code) {
        const key = `${code}|${kind}|${period}`;
        if (moneyKeys.has(key)) bad('period', periodText, `与第 ${moneyKeys.get(key)} 行重复（同一项目、类别、期间）`);
        else moneyKeys.set(key, row);
      }
      if (problems.length === before && kind && period && amount) money.push({ code, kind, period, amount, note: cell(r, 'note') || null });
    }
  }

  // 月调度
  const reports: PlannedReport[] = [];
  const reportKeys = new Map<string, number>();
  for (const s of bySheet.filter((x) => x.kind === 'progress')) {
    const cell = (r: string[], f: string) => (s.columns[f] === undefined ? '' : (r[s.columns[f]] ?? ''));
    for (let i = 1; i < s.sheet.rows.length; i++) {
      tick();
      const r = s.sheet.rows[i];
      const row = s.sheet.rowNumbers[i];
      const before = problems.length;
      const bad = (field: string, value: string, reason: string) => problems.push({ sheet: s.sheet.name, row, column: s.headers[field] ?? field, value, reason });
      const code = cell(r, 'code');
      const cp = code ? codeProblem(knownCode(code)) : '项目编号不能为空';
      if (cp) bad('code', code, cp);
      else if (knownCode(code) === 'ok') plannedFor(code);
      const periodText = cell(r, 'period');
      const period = parsePeriod(periodText, false);
      if (!period) bad('period', periodText, '期间格式应为 YYYY-MM');
      else if (period > today.slice(0, 7)) bad('period', periodText, '期间尚未开始');
      const summary = cell(r, 'summary');
      if (!summary) bad('summary', summary, '进展情况不能为空');
      const percentText = cell(r, 'percent');
      const percent = percentText ? parsePercent(percentText) : null;
      if (percentText && percent === null) bad('percent', percentText, '形象进度应为 0–100 的整数');
      if (period && code) {
        const key = `${code}|${period}`;
        if (reportKeys.has(key)) bad('period', periodText, `与第 ${reportKeys.get(key)} 行重复（同一项目、期间）`);
        else reportKeys.set(key, row);
      }
      if (problems.length === before && period && summary) {
        reports.push({ code, period, summary, percent, nextSteps: cell(r, 'nextSteps') || null, problems: cell(r, 'problems') || null });
      }
    }
  }
  if (total === 0 && !problems.length) problems.push({ sheet: '', row: 0, column: '', value: '', reason: '文件中没有可导入的工作表（项目台账 / 阶段记录 / 资金 / 月调度）' });
  ctx.onProgress?.(total, total);
  return { problems, projects: [...planned.values()], money, reports, rows };
}

// ---------------------------------------------------------------------------------------------------
// Database

/** Units and the existing projects a file names, read with `m` (locked FOR UPDATE inside a commit). */
export async function loadValidationData(m: EntityManager, codes: string[], lock: boolean): Promise<{ units: ImportUnit[]; existing: Map<string, ExistingProject> }> {
  const units: ImportUnit[] = await m.query(`SELECT id, code, admin_code, name_zh, path FROM unit`);
  const existing = new Map<string, ExistingProject>();
  for (let i = 0; i < codes.length; i += 10_000) {
    const chunk = codes.slice(i, i + 10_000);
    if (lock) await m.query(`SELECT id FROM project WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE`, [chunk]);
    const rows: ExistingProject[] = await m.query(
      `SELECT p.id, p.code, p.name_zh, p.unit_id, p.unit_path, p.family, p.stage, to_char(p.stage_date, 'YYYY-MM-DD') AS stage_date,
              p.held_from_stage, p.total_investment::text AS total_investment, i.name_zh AS investor_name, p.location, p.project_type, p.version,
              coalesce((SELECT max(seq) FROM stage_transition t WHERE t.project_id = p.id), 0) AS max_seq,
              coalesce((SELECT array_agg(t.to_stage || '|' || to_char(t.effective_date, 'YYYY-MM-DD')) FROM stage_transition t WHERE t.project_id = p.id), '{}') AS transitions
         FROM project p LEFT JOIN investor i ON i.id = p.investor_id
        WHERE p.code = ANY($1::text[])`,
      [chunk],
    );
    for (const r of rows) existing.set(r.code, { ...r, max_seq: Number(r.max_seq) });
  }
  return { units, existing };
}

export interface ImportOptions {
  actor: Actor;
  dryRun: boolean;
  defaultUnitCode?: string;
  now?: Date;
  batchSize?: number;
  onProgress?: (phase: 'validate' | 'write', done: number, total: number) => void;
  /** Runs inside the commit's transaction after the writes (e.g. to mark an import_run COMMITTED with it). */
  onCommitted?: (m: EntityManager, result: ImportResult) => Promise<void>;
}

export interface ImportResult {
  dryRun: boolean;
  committed: boolean;
  problems: ImportProblem[];
  rows: Record<SheetKind, number>;
  created: number;
  updated: number;
  unchanged: number;
  transitions: number;
  money: number;
  reports: number;
  /** Ids of the projects changed (marked for re-evaluation). */
  changedProjectIds: string[];
}

class Rollback extends Error {}

/**
 * Validates the sheets and, unless `dryRun` or there are problems, writes everything in one transaction.
 * A commit validates again inside the transaction with the named projects locked, so what is written is
 * exactly what was checked.
 */
export async function importLedger(ds: DataSource, sheets: RawSheet[], opts: ImportOptions): Promise<ImportResult> {
  const now = opts.now ?? new Date();
  const codes = codesOf(sheets);
  const validate = async (m: EntityManager, lock: boolean) => {
    const data = await loadValidationData(m, codes, lock);
    return validateLedger(sheets, {
      actor: opts.actor, units: data.units, existing: data.existing, defaultUnitCode: opts.defaultUnitCode, now,
      onProgress: (d, t) => opts.onProgress?.('validate', d, t),
    });
  };
  const empty = { created: 0, updated: 0, unchanged: 0, transitions: 0, money: 0, reports: 0, changedProjectIds: [] as string[] };
  if (opts.dryRun) {
    const plan = await validate(ds.manager, false);
    return { dryRun: true, committed: false, problems: plan.problems, rows: plan.rows, ...empty, ...dryCounts(plan) };
  }
  let result: ImportResult | undefined;
  try {
    await ds.transaction(async (m) => {
      const plan = await validate(m, true);
      if (plan.problems.length) {
        result = { dryRun: false, committed: false, problems: plan.problems, rows: plan.rows, ...empty };
        throw new Rollback();
      }
      result = { dryRun: false, committed: true, problems: [], rows: plan.rows, ...(await writePlan(m, plan, opts)) };
      await opts.onCommitted?.(m, result);
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result!;
}

function dryCounts(plan: ImportPlan) {
  const inFile = plan.projects.filter((p) => p.row > 0);
  return {
    created: inFile.filter((p) => !p.existing).length,
    updated: inFile.filter((p) => p.existing && (p.fieldsChanged || p.transitions.length)).length,
    unchanged: inFile.filter((p) => p.existing && !p.fieldsChanged && !p.transitions.length).length,
    transitions: plan.projects.reduce((n, p) => n + p.transitions.length, 0),
    money: plan.money.length,
    reports: plan.reports.length,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function summary(p: PlannedProject) {
  return {
    code: p.code, nameZh: p.nameZh, unitId: p.unit.id, family: p.family, stage: p.stage, stageDate: p.stageDate,
    totalInvestment: p.totalInvestment, investor: p.investor, location: p.location, projectType: p.projectType,
  };
}

async function writePlan(m: EntityManager, plan: ImportPlan, opts: ImportOptions) {
  const size = opts.batchSize ?? 5000;
  const actorId = opts.actor.id;
  const audit: { action: string; entity: string; entityId: string; before: unknown; after: unknown }[] = [];
  const fresh = plan.projects.filter((p) => !p.existing);
  const changed = plan.projects.filter((p) => p.existing && (p.fieldsChanged || p.transitions.length));
  const progressTotal = fresh.length + changed.length + plan.money.length + plan.reports.length;
  let written = 0;
  const progress = (n: number) => {
    written += n;
    opts.onProgress?.('write', written, progressTotal);
  };

  // Investors by name: create the missing ones in bulk.
  const investorNames = [...new Set(plan.projects.map((p) => p.investor).filter((x): x is string => !!x))];
  const investorIds = new Map<string, string>();
  for (const names of chunks(investorNames, size)) {
    const inserted: { id: string; name_zh: string }[] = await m.query(
      `INSERT INTO investor (name_zh) SELECT unnest($1::text[]) ON CONFLICT (name_zh) DO NOTHING RETURNING id, name_zh`,
      [names],
    );
    for (const r of inserted) audit.push({ action: 'import', entity: 'investor', entityId: r.id, before: null, after: { nameZh: r.name_zh } });
    const rows: { id: string; name_zh: string }[] = await m.query(`SELECT id, name_zh FROM investor WHERE name_zh = ANY($1::text[])`, [names]);
    for (const r of rows) investorIds.set(r.name_zh, r.id);
  }

  // New projects
  const ids = new Map<string, string>();
  for (const p of plan.projects) if (p.existing) ids.set(p.code, p.existing.id);
  for (const batch of chunks(fresh, size)) {
    const rows: { id: string; code: string }[] = await m.query(
      `INSERT INTO project (code, name_zh, unit_id, unit_path, family, stage, stage_date, held_from_stage, total_investment,
                            location, project_type, investor_id, created_by, reevaluate_requested_at)
       SELECT code, name_zh, unit_id, unit_path, family, stage, stage_date, held, inv, loc, ptype, investor_id, $13::uuid, now()
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::numeric[],
                     $10::text[], $11::text[], $12::uuid[])
              AS t(code, name_zh, unit_id, unit_path, family, stage, stage_date, held, inv, loc, ptype, investor_id)
       RETURNING id, code`,
      [
        batch.map((p) => p.code), batch.map((p) => p.nameZh), batch.map((p) => p.unit.id), batch.map((p) => p.unit.path),
        batch.map((p) => p.family), batch.map((p) => p.stage), batch.map((p) => p.stageDate), batch.map((p) => p.heldFromStage),
        batch.map((p) => p.totalInvestment), batch.map((p) => p.location), batch.map((p) => p.projectType),
        batch.map((p) => (p.investor ? investorIds.get(p.investor)! : null)), actorId,
      ],
    );
    for (const r of rows) ids.set(r.code, r.id);
    for (const p of batch) audit.push({ action: 'import', entity: 'project', entityId: ids.get(p.code)!, before: null, after: summary(p) });
    progress(batch.length);
  }

  // Existing projects that changed (columns or stage)
  for (const batch of chunks(changed, size)) {
    await m.query(
      `UPDATE project p SET name_zh = t.name_zh, unit_id = t.unit_id, unit_path = t.unit_path, family = t.family, stage = t.stage,
              stage_date = t.stage_date, held_from_stage = t.held, total_investment = t.inv, location = t.loc, project_type = t.ptype,
              investor_id = t.investor_id, version = p.version + 1, updated_at = now(), reevaluate_requested_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::numeric[],
                     $10::text[], $11::text[], $12::uuid[])
              AS t(id, name_zh, unit_id, unit_path, family, stage, stage_date, held, inv, loc, ptype, investor_id)
        WHERE p.id = t.id`,
      [
        batch.map((p) => p.existing!.id), batch.map((p) => p.nameZh), batch.map((p) => p.unit.id), batch.map((p) => p.unit.path),
        batch.map((p) => p.family), batch.map((p) => p.stage), batch.map((p) => p.stageDate), batch.map((p) => p.heldFromStage),
        batch.map((p) => p.totalInvestment), batch.map((p) => p.location), batch.map((p) => p.projectType),
        batch.map((p) => (p.investor ? investorIds.get(p.investor)! : null)),
      ],
    );
    const moved = batch.filter((p) => p.unit.id !== p.existing!.unit_id);
    if (moved.length) {
      await m.query(`UPDATE alert a SET unit_path = t.path, updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS t(id, path) WHERE a.project_id = t.id`, [
        moved.map((p) => p.existing!.id), moved.map((p) => p.unit.path),
      ]);
    }
    for (const p of batch) {
      const e = p.existing!;
      audit.push({
        action: 'import', entity: 'project', entityId: e.id,
        before: { code: e.code, nameZh: e.name_zh, unitId: e.unit_id, family: e.family, stage: e.stage, stageDate: e.stage_date, totalInvestment: e.total_investment, investor: e.investor_name, location: e.location, projectType: e.project_type },
        after: summary(p),
      });
    }
    progress(batch.length);
  }

  // Stage transitions (append-only; seq continues after the project's last one)
  const transitions = plan.projects.flatMap((p) =>
    p.transitions.map((t, i) => ({ projectId: ids.get(p.code)!, seq: (p.existing?.max_seq ?? 0) + i + 1, t })),
  );
  for (const batch of chunks(transitions, size)) {
    await m.query(
      `INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date, skipped_stage_dates, note, actor_id)
       SELECT project_id, seq, kind, from_stage, to_stage, effective_date, skipped, note, $9::uuid
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::date[], $7::jsonb[], $8::text[])
              AS t(project_id, seq, kind, from_stage, to_stage, effective_date, skipped, note)`,
      [
        batch.map((x) => x.projectId), batch.map((x) => x.seq), batch.map((x) => x.t.kind), batch.map((x) => x.t.fromStage),
        batch.map((x) => x.t.toStage), batch.map((x) => x.t.effectiveDate), batch.map((x) => JSON.stringify(x.t.skipped)),
        batch.map((x) => x.t.note), actorId,
      ],
    );
  }

  // Money: upsert, changing a row only when the amount differs.
  const touched = new Set<string>(changed.map((p) => p.existing!.id));
  let moneyChanged = 0;
  for (const batch of chunks(plan.money, size)) {
    const rows: { id: string; project_id: string; inserted: boolean; amount: string }[] = await m.query(
      `INSERT INTO money_record (project_id, kind, period, amount, note, actor_id)
       SELECT project_id, kind, period, amount, note, $6::uuid FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::text[])
              AS t(project_id, kind, period, amount, note)
       ON CONFLICT (project_id, kind, period) DO UPDATE SET amount = EXCLUDED.amount, version = money_record.version + 1, updated_at = now(), actor_id = EXCLUDED.actor_id
         WHERE money_record.amount IS DISTINCT FROM EXCLUDED.amount
       RETURNING id, project_id, (xmax = 0) AS inserted, amount::text AS amount`,
      [batch.map((x) => ids.get(x.code)!), batch.map((x) => x.kind), batch.map((x) => x.period), batch.map((x) => x.amount), batch.map((x) => x.note), actorId],
    );
    moneyChanged += rows.length;
    for (const r of rows) {
      touched.add(r.project_id);
      audit.push({ action: 'import', entity: 'money_record', entityId: r.id, before: null, after: { amount: r.amount, created: r.inserted } });
    }
    progress(batch.length);
  }

  // 月调度: upsert, changing a row only when a value differs.
  let reportsChanged = 0;
  for (const batch of chunks(plan.reports, size)) {
    const rows: { id: string; project_id: string; inserted: boolean }[] = await m.query(
      `INSERT INTO progress_report (project_id, period, summary, construction_percent, next_steps, problems, actor_id)
       SELECT project_id, period, summary, pct, next_steps, problems, $7::uuid
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) AS t(project_id, period, summary, pct, next_steps, problems)
       ON CONFLICT (project_id, period) DO UPDATE SET summary = EXCLUDED.summary, construction_percent = EXCLUDED.construction_percent,
              next_steps = EXCLUDED.next_steps, problems = EXCLUDED.problems, version = progress_report.version + 1, updated_at = now(), actor_id = EXCLUDED.actor_id
         WHERE (progress_report.summary, progress_report.construction_percent, progress_report.next_steps, progress_report.problems)
               IS DISTINCT FROM (EXCLUDED.summary, EXCLUDED.construction_percent, EXCLUDED.next_steps, EXCLUDED.problems)
       RETURNING id, project_id, (xmax = 0) AS inserted`,
      [batch.map((x) => ids.get(x.code)!), batch.map((x) => x.period), batch.map((x) => x.summary), batch.map((x) => x.percent), batch.map((x) => x.nextSteps), batch.map((x) => x.problems), actorId],
    );
    reportsChanged += rows.length;
    for (const r of rows) {
      touched.add(r.project_id);
      audit.push({ action: 'import', entity: 'progress_report', entityId: r.id, before: null, after: { created: r.inserted } });
    }
    progress(batch.length);
  }

  // Projects changed only through their records are marked for re-evaluation too (new and updated ones already are).
  const onlyRecords = [...touched].filter((id) => !changed.some((p) => p.existing!.id === id));
  for (const batch of chunks(onlyRecords, size)) {
    await m.query(`UPDATE project SET reevaluate_requested_at = now() WHERE id = ANY($1::uuid[])`, [batch]);
  }

  // The audit log, in bulk.
  for (const batch of chunks(audit, size)) {
    await m.query(
      `INSERT INTO audit_log (actor_id, action, entity, entity_id, before, after)
       SELECT $1::uuid, action, entity, entity_id, before, after FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[]) AS t(action, entity, entity_id, before, after)`,
      [actorId, batch.map((a) => a.action), batch.map((a) => a.entity), batch.map((a) => a.entityId),
        batch.map((a) => (a.before == null ? null : JSON.stringify(a.before))), batch.map((a) => (a.after == null ? null : JSON.stringify(a.after)))],
    );
  }

  const freshIds = fresh.map((p) => ids.get(p.code)!);
  const inFile = plan.projects.filter((p) => p.row > 0);
  return {
    created: fresh.length,
    updated: changed.length,
    unchanged: inFile.filter((p) => p.existing && !p.fieldsChanged && !p.transitions.length).length,
    transitions: transitions.length,
    money: moneyChanged,
    reports: reportsChanged,
    changedProjectIds: [...new Set([...freshIds, ...touched])],
  };
}

