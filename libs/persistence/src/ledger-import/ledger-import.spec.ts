import type { Actor } from '#domain';
import { matchHeaders, normalizeHeader, parseCsv, sheetKind, type RawSheet } from './ledger-file.js';
import { type ExistingProject, parseDate, parseMoney, parseMoneyKind, parsePercent, parsePeriod, parseStage, validateLedger } from './ledger-import.js';

const sheet = (name: string, rows: string[][]): RawSheet => ({ name, rows, rowNumbers: rows.map((_, i) => i + 1) });
const city = { id: 'u-city', code: 'c', admin_code: '150100', name_zh: '呼和浩特市', path: '/c/' };
const xc = { id: 'u-xc', code: 'xc', admin_code: '150102', name_zh: '新城区', path: '/c/xc/' };
const hm = { id: 'u-hm', code: 'hm', admin_code: '150103', name_zh: '回民区', path: '/c/hm/' };
const staff: Actor = { id: 'a1', username: 's', role: 'staff', unitId: xc.id, unitPath: xc.path };
const now = new Date('2025-06-15T04:00:00Z');
const PROJECT_HEADER = ['项目编号', '项目名称', '所属单位', '项目类别', '当前阶段', '阶段日期', '协议投资额（万元）', '投资方', '建设地点', '项目类型'];
const ctx = (existing: ExistingProject[] = [], actor = staff) => ({ actor, units: [city, xc, hm], existing: new Map(existing.map((e) => [e.code, e])), now });

describe('header matching', () => {
  it('matches Chinese headers loosely (spaces, full- or half-width brackets) and reports missing required ones', () => {
    expect(normalizeHeader(' 协议投资额(万元) ')).toBe(normalizeHeader('协议投资额（万元）'));
    const m = matchHeaders('projects', ['序号', '项目 编号', '项目名称', '当前阶段', '阶段日期', '协议投资额(万元)', '在本阶段天数']);
    expect(m.columns).toMatchObject({ code: 1, nameZh: 2, stage: 3, stageDate: 4, totalInvestment: 5 });
    expect(m.unknown).toEqual(['序号', '在本阶段天数']);
    expect(m.missing).toEqual([]);
    expect(matchHeaders('money', ['项目编号', '类别', '期间']).missing).toEqual(['金额（万元）']);
  });

  it('tells the sheet kind by name, else by headers', () => {
    expect(sheetKind('资金', [])).toBe('money');
    expect(sheetKind('说明', ['项目编号'])).toBeNull();
    expect(sheetKind('Sheet1', PROJECT_HEADER)).toBe('projects');
    expect(sheetKind('Sheet2', ['项目编号', '期间', '进展情况', '形象进度（%）'])).toBe('progress');
    expect(sheetKind('Sheet3', ['项目编号', '阶段', '生效日期'])).toBe('stages');
    expect(sheetKind('Sheet4', ['项目编号', '类别', '期间', '金额（万元）'])).toBe('money');
  });

  it('reads CSV with or without a BOM, quoted cells and CRLF', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""",2\r\n')).toEqual([['a', 'b'], ['x, "y"', '2']]);
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
  });
});

describe('cell rules', () => {
  it('stages by Chinese label, word or code', () => {
    expect(parseStage('开工在建')).toBe('UNDER_CONSTRUCTION');
    expect(parseStage('试生产/部分投产')).toBe('COMMISSIONING');
    expect(parseStage('signed')).toBe('SIGNED');
    expect(parseStage('停缓建')).toBe('ON_HOLD');
    expect(parseStage('开工了')).toBeNull();
  });
  it('dates, periods, money, percent and money kinds', () => {
    expect(parseDate('2024/3/5')).toBe('2024-03-05');
    expect(parseDate('2024年3月5日')).toBe('2024-03-05');
    expect(parseDate('2024-02-30')).toBeNull();
    expect(parsePeriod('2024-03', false)).toBe('2024-03');
    expect(parsePeriod('2024', false)).toBeNull();
    expect(parsePeriod('2024', true)).toBe('2024');
    expect(parsePeriod('2024-13', true)).toBeNull();
    expect(parseMoney('1,234.5')).toBe('1234.5');
    expect(parseMoney('-1')).toBeNull();
    expect(parseMoney('1.234')).toBeNull();
    expect(parsePercent('60%')).toBe(60);
    expect(parsePercent('101')).toBeNull();
    expect(parseMoneyKind('到位资金')).toBe('ARRIVED');
    expect(parseMoneyKind('借款')).toBeNull();
  });
});

describe('validateLedger', () => {
  it('lists every problem with sheet, row, column, value and reason', () => {
    const plan = validateLedger(
      [
        sheet('项目台账', [
          PROJECT_HEADER,
          ['P1', '甲项目', '新城区', '招商引资', '签约', '2025-01-02', '1000', '甲公司', '', ''],
          ['P2', '乙项目', '新城区', '招商引资', '开工了', '2025-01-02', '', '', '', ''],
          ['P3', '丙项目', '回民区', '招商引资', '签约', '2025-01-02', '', '', '', ''],
          ['P1', '重复', '新城区', '招商引资', '签约', '2025-01-02', '', '', '', ''],
          ['P4', '丁项目', '火星区', '政府投资', '签约', '2030-01-01', '12.345', '', '', ''],
        ]),
        sheet('阶段记录', [['项目编号', '阶段', '生效日期', '备注'], ['P1', '开工在建', '2025-01-01', '']]),
      ],
      ctx(),
    );
    const brief = plan.problems.map((p) => `${p.sheet}:${p.row}:${p.column}`);
    expect(brief).toEqual([
      '项目台账:3:当前阶段',
      '项目台账:4:所属单位',
      '项目台账:5:项目编号',
      '项目台账:6:所属单位',
      '项目台账:6:阶段日期',
      '项目台账:6:协议投资额（万元）',
      '项目台账:2:当前阶段',
    ]);
    expect(plan.problems[1].reason).toContain('不在你可以修改的单位范围内');
    // 阶段记录 starts P1 at 开工在建; the sheet's 签约 would move it back: a correction staff may not make.
    expect(plan.problems[6].reason).toContain('阶段变更不允许');
  });

  it('plans the history: first row initial, later rows via planTransition, then the current stage', () => {
    const plan = validateLedger(
      [
        sheet('项目台账', [PROJECT_HEADER, ['P1', '甲项目', '150102', '', '开工在建', '2025-03-01', '', '', '', '']]),
        sheet('阶段记录', [['项目编号', '阶段', '生效日期'], ['P1', '落地', '2025-01-10'], ['P1', '签约', '2024-12-01']]),
      ],
      ctx(),
    );
    expect(plan.problems).toEqual([]);
    const p = plan.projects[0];
    expect(p.transitions.map((t) => `${t.kind}:${t.toStage}:${t.effectiveDate}`)).toEqual([
      'INITIAL:SIGNED:2024-12-01',
      'FORWARD:LANDED:2025-01-10',
      'FORWARD:UNDER_CONSTRUCTION:2025-03-01',
    ]);
    expect(p.transitions[2].skipped).toEqual({ PRE_CONSTRUCTION: '2025-03-01' });
    expect(p.stage).toBe('UNDER_CONSTRUCTION');
  });

  it('leaves an existing project unchanged when the row says the same; refuses one outside the scope', () => {
    const existing: ExistingProject = {
      id: 'p1', code: 'P1', name_zh: '甲项目', unit_id: xc.id, unit_path: xc.path, family: 'INVESTMENT', stage: 'SIGNED', stage_date: '2025-01-02',
      held_from_stage: null, total_investment: '1000.00', investor_name: null, location: null, project_type: null, version: 1, max_seq: 1,
      transitions: ['SIGNED|2025-01-02'],
    };
    const other = { ...existing, id: 'p9', code: 'P9', unit_id: hm.id, unit_path: hm.path };
    const plan = validateLedger(
      [sheet('项目台账', [PROJECT_HEADER, ['P1', '甲项目', '新城区', '招商引资', '签约', '2025-01-02', '1000', '', '', '']])],
      ctx([existing, other]),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.projects[0]).toMatchObject({ fieldsChanged: false, transitions: [] });
    const money = validateLedger([sheet('资金', [['项目编号', '类别', '期间', '金额（万元）'], ['P9', '到位资金', '2025-01', '5']])], ctx([existing, other]));
    expect(money.problems.map((p) => p.reason)).toEqual(['该编号的项目属于你无权修改的单位']);
  });
});

describe('the shipped template', () => {
  it('seeds/templates/项目台账导入模板.xlsx reads as four sheets whose sample rows validate', async () => {
    const { readFile } = await import('node:fs/promises');
    const { readLedgerFile } = await import('./ledger-file.js');
    const sheets = await readLedgerFile('模板.xlsx', await readFile('seeds/templates/项目台账导入模板.xlsx'));
    expect(sheets.map((s) => s.name)).toEqual(['项目台账', '阶段记录', '资金', '月调度', '说明']);
    const plan = validateLedger(sheets, ctx());
    expect(plan.problems).toEqual([]);
    expect(plan.rows).toEqual({ projects: 1, stages: 1, money: 1, progress: 1 });
    expect(plan.projects[0].transitions.map((t) => t.toStage)).toEqual(['SIGNED', 'UNDER_CONSTRUCTION']);
  });
});
