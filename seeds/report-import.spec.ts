/**
 * The report import against the real seed files. Expected values are read off report-projects.json and the
 * report texts (file and line cited per row), not off the import's output.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  MONEY_RE,
  PROJECT_FAMILIES,
  STAGES,
  UNIT_KINDS,
  isCanonicalStage,
  isValidBusinessDate,
  planTransition,
  stageOrder,
} from '#domain';
import type { CanonicalStage, ProjectStageState, Stage } from '#domain';
import {
  buildReportProjectSeeds,
  familyOfProjectType,
  milestoneCode,
  normalizeAsOf,
  planDatesFromExpected,
  projectCodeOf,
  yuan100mToWan,
} from './report-import.js';
import type { ListSeed, ProjectSeed, ReportRecord, TaxonomySeed, UnitSeed } from './report-import.js';

const load = <T>(name: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(`./data/${name}`, import.meta.url)), 'utf8')) as T;

const records = load<ReportRecord[]>('report-projects.json');
const units = load<UnitSeed[]>('units.json');
const taxonomy = load<TaxonomySeed>('clusters.json');
const lists = load<ListSeed[]>('lists.json');

const unitCodes = new Set(units.map((u) => u.code));
const clusterByCode = new Map(taxonomy.clusters.map((c) => [c.code, c]));
const listCodes = new Set(lists.map((l) => l.code));

const recordsByKey = new Map<string, ReportRecord[]>();
for (const r of records) recordsByKey.set(r.project_key, [...(recordsByKey.get(r.project_key) ?? []), r]);

const seeds = buildReportProjectSeeds(records, units, taxonomy.clusters, { lists });
const byKey = new Map(seeds.map((s) => [s.projectKey, s]));
const seed = (key: string): ProjectSeed => {
  const s = byKey.get(key);
  if (!s) throw new Error(`no seed for ${key}`);
  return s;
};

// ---------------------------------------------------------------------------------------------------------------

describe('seed data files', () => {
  it('report-projects.json holds 444 records of 397 projects (SUMMARY.md)', () => {
    expect(records).toHaveLength(444);
    expect(recordsByKey.size).toBe(397);
  });

  it('units form one tree rooted at 内蒙古自治区 with known kinds and unique codes', () => {
    expect(unitCodes.size).toBe(units.length);
    const roots = units.filter((u) => u.parentCode === null);
    expect(roots).toEqual([expect.objectContaining({ code: '150000', nameZh: '内蒙古自治区', kind: 'REGION' })]);
    for (const u of units) {
      expect(UNIT_KINDS).toContain(u.kind);
      if (u.parentCode !== null) expect(unitCodes).toContain(u.parentCode);
      if (u.adminCode !== null) expect(u.code).toBe(u.adminCode);
      expect(u.code.length).toBeLessThanOrEqual(64);
      // no cycles: walking up ends at the root
      let seen = 0;
      for (let c: string | null = u.code; c !== null; c = units.find((x) => x.code === c)?.parentCode ?? null) {
        expect(++seen).toBeLessThan(10);
      }
    }
  });

  it.each([
    ['呼和浩特市', '150100', 'CITY', '150000'],
    ['新城区', '150102', 'DISTRICT', '150100'],
    ['回民区', '150103', 'DISTRICT', '150100'],
    ['玉泉区', '150104', 'DISTRICT', '150100'],
    ['赛罕区', '150105', 'DISTRICT', '150100'],
    ['土默特左旗', '150121', 'BANNER', '150100'],
    ['托克托县', '150122', 'COUNTY', '150100'],
    ['和林格尔县', '150123', 'COUNTY', '150100'],
    ['清水河县', '150124', 'COUNTY', '150100'],
    ['武川县', '150125', 'COUNTY', '150100'],
    ['包头市', '150200', 'CITY', '150000'],
    ['乌海市', '150300', 'CITY', '150000'],
    ['赤峰市', '150400', 'CITY', '150000'],
    ['通辽市', '150500', 'CITY', '150000'],
    ['鄂尔多斯市', '150600', 'CITY', '150000'],
    ['呼伦贝尔市', '150700', 'CITY', '150000'],
    ['巴彦淖尔市', '150800', 'CITY', '150000'],
    ['乌兰察布市', '150900', 'CITY', '150000'],
    ['兴安盟', '152200', 'CITY', '150000'],
    ['锡林郭勒盟', '152500', 'CITY', '150000'],
    ['阿拉善盟', '152900', 'CITY', '150000'],
  ])('%s is %s (%s) under %s', (nameZh, code, kind, parentCode) => {
    expect(units.find((u) => u.nameZh === nameZh)).toEqual(expect.objectContaining({ code, adminCode: code, kind, parentCode }));
  });

  it.each([
    // 000 L5 「和林格尔新区、航天经济开发区积极引进了……」; 001 L7 「呼和浩特经济技术开发区」; 003 L41 「托清工业园区」;
    // 001 L3 「科技城」 (新城区); 003 L53 「呼和浩特综合保税区」
    ['和林格尔新区', 'NEW_AREA', '150100'],
    ['呼和浩特航天经济开发区', 'DEV_ZONE', '150100'],
    ['呼和浩特经济技术开发区', 'DEV_ZONE', '150100'],
    ['托清工业园区', 'DEV_ZONE', '150100'],
    ['科技城', 'DEV_ZONE', '150102'],
    ['呼和浩特综合保税区', 'DEV_ZONE', '150100'],
    ['呼和浩特市投资促进局', 'DEPARTMENT', '150100'],
  ])('%s is a %s under %s with no admin code', (nameZh, kind, parentCode) => {
    expect(units.find((u) => u.nameZh === nameZh)).toEqual(expect.objectContaining({ kind, parentCode, adminCode: null }));
  });

  it('the hohhot-2024 taxonomy has the six clusters of 003 L41–L45 and chains under clusters', () => {
    expect(taxonomy.code).toBe('hohhot-2024');
    expect(isValidBusinessDate(taxonomy.validFrom)).toBe(true);
    expect(clusterByCode.size).toBe(taxonomy.clusters.length);
    const six = taxonomy.clusters.filter((c) => c.kind === 'CLUSTER' && c.sortOrder <= 6).map((c) => c.nameZh);
    expect(six).toEqual([
      '绿色农畜产品加工产业集群',
      '电子信息技术产业集群',
      '新材料和现代装备制造产业集群',
      '生物医药产业集群',
      '清洁能源产业集群',
      '现代化工产业集群',
    ]);
    for (const c of taxonomy.clusters) {
      expect(c.code).toMatch(/^[a-z0-9-]{1,64}$/);
      if (c.kind === 'CLUSTER') expect(c.parentCode).toBeNull();
      else expect(clusterByCode.get(c.parentCode ?? '')?.kind).toBe('CLUSTER');
    }
  });

  it.each([
    // 003 L41 乳业、饲草饲料、玉米、马铃薯、都市农业、肉类、杂粮; L45 石油化工、煤化工、煤焦化工、氯碱化工、硅化工; L41/L45 电源侧/电网侧/调峰侧
    ['绿色农畜产品加工产业集群', ['乳业', '饲草饲料', '玉米', '马铃薯', '都市农业', '肉类', '杂粮']],
    ['现代化工产业集群', ['石油化工', '煤化工', '煤焦化工', '氯碱化工', '硅化工']],
    ['清洁能源产业集群', ['电源侧', '电网侧', '调峰侧']],
  ])('%s has the chains the report names', (clusterName, chainNames) => {
    const cluster = taxonomy.clusters.find((c) => c.nameZh === clusterName);
    const chains = taxonomy.clusters.filter((c) => c.parentCode === cluster?.code).map((c) => c.nameZh);
    expect(chains).toEqual(chainNames);
  });

  it('lists have unique codes and include the lists the reports name', () => {
    expect(listCodes.size).toBe(lists.length);
    const names = lists.map((l) => l.nameZh).join(' | ');
    for (const word of ['自治区重大项目清单', '市重点项目', '战略性新兴产业项目储备库', '市县长项目', '新开工项目']) expect(names).toContain(word);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('yuan100mToWan (亿元 → 万元, exact)', () => {
  it.each([
    ['1118.4', '11184000.00'], // 001 L35 总投资达1118.4亿元
    [1118.4, '11184000.00'],
    [100, '1000000.00'], // 002 L7 总投资100亿元
    [12, '120000.00'], // 001 L7 投资12亿元
    ['4116.09', '41160900.00'], // 000 L5 总投资4116.09亿元
    ['1257.56', '12575600.00'], // 001 L3 协议投资1257.56亿元
    ['0.46', '4600.00'], // 000 L6 0.46亿元
    [0.1, '1000.00'],
    ['0.000001', '0.01'],
    ['0', '0.00'],
  ])('%j 亿元 = %s 万元', (input, expected) => {
    expect(yuan100mToWan(input)).toBe(expected);
    expect(expected).toMatch(MONEY_RE);
  });

  it.each(['1e3', '-5', '', 'abc', '1.0000001', '12,5'])('refuses %j', (input) => {
    expect(() => yuan100mToWan(input)).toThrow();
  });
});

describe('as_of and expected phrases', () => {
  it.each([
    ['2024-03-18', '2024-03-18'],
    ['2021', '2021-12-31'], // 001 L19: "2021", no day given
    ['2024-02', '2024-02-29'],
  ])('as_of %s is dated %s', (asOf, date) => {
    expect(normalizeAsOf(asOf)).toBe(date);
  });

  it('refuses an unreadable as_of', () => {
    expect(() => normalizeAsOf('spring 2021')).toThrow();
  });

  it.each<[string, string, Array<[CanonicalStage, string]>]>([
    ['预计10月份完工(2024-10)', '2024-06-30', [['CONSTRUCTION_COMPLETE', '2024-10-31']]],
    ['预计10月实现全容量并网(2024-10)', '2024-06-30', [['OPERATING', '2024-10-31']]],
    ['预计8月试生产(2024-08)', '2024-08-22', [['COMMISSIONING', '2024-08-31']]],
    ['其余预计9月底前全部完工(2024-09-30)', '2024-08-22', [['CONSTRUCTION_COMPLETE', '2024-09-30']]],
    ['2021年开工建设', '2021-02-22', [['UNDER_CONSTRUCTION', '2021-12-31']]],
    ['2021年启动建设', '2021-02-07', [['UNDER_CONSTRUCTION', '2021-12-31']]],
    ['2021年新建', '2021-02-07', [['UNDER_CONSTRUCTION', '2021-12-31']]],
    ['2021年建成投产', '2021-02-22', [['OPERATING', '2021-12-31']]],
    ['2021年投入运营', '2021-02-07', [['OPERATING', '2021-12-31']]],
    ['2021年达产达效', '2021-02-22', [['AT_CAPACITY', '2021-12-31']]],
    ['2021年落地实施', '2021-02-07', [['LANDED', '2021-12-31']]],
    ['2021年完成', '2021-02-22', [['CONSTRUCTION_COMPLETE', '2021-12-31']]],
    ['2025年建成通航', '2025-01-14', [['OPERATING', '2025-12-31']]],
    ['2025年全面建成', '2025-01-14', [['CONSTRUCTION_COMPLETE', '2025-12-31']]],
    ['下半年推动落地(2024H2)', '2024-08-22', [['LANDED', '2024-12-31']]],
    ['下半年开工入库;(60个合计)确保下半年完成投资50亿元以上', '2024-08-22', [['UNDER_CONSTRUCTION', '2024-12-31']]],
    ['2025年开工;力争新投产600万千瓦', '2025-01-14', [['UNDER_CONSTRUCTION', '2025-12-31']]],
    ['(782个企业投资项目合计)确保下半年完成投资410亿元以上', '2024-08-22', []],
    ['年内完成纳规(2024)', '2024-08-22', []],
    ['2021年启动', '2021-02-22', []],
    ['2021年实施', '2021-02-22', []],
    ['2025年扩能改造', '2025-01-14', []],
    ['即将试生产', '2024-08-22', []],
    ['確保早一天開工、早一天達產(无具体日期)', '2025-01-14', []],
    ['年内新增奶牛5万头', '2021-02-22', []],
  ])('%s (as of %s) → %j', (expected, asOf, plans) => {
    expect(planDatesFromExpected(expected, asOf).map((p) => [p.stage, p.expectedDate])).toEqual(plans);
  });
});

describe('helpers', () => {
  it.each([
    ['infrastructure-transport', 'GOVERNMENT'],
    ['infrastructure-municipal', 'GOVERNMENT'],
    ['social', 'GOVERNMENT'],
    ['ecological', 'GOVERNMENT'],
    ['program', 'GOVERNMENT'],
    ['agri-infrastructure', 'GOVERNMENT'],
    ['zone', 'GOVERNMENT'],
    ['industrial', 'INVESTMENT'],
    ['industrial-digital', 'INVESTMENT'],
    ['HQ', 'INVESTMENT'],
    ['commercial', 'INVESTMENT'],
    ['culture-tourism', 'INVESTMENT'],
    ['mixed', 'INVESTMENT'],
  ])('project type %s is %s', (type, family) => {
    expect(familyOfProjectType(type)).toBe(family);
  });

  it.each([
    ['开工', 'construction-start'],
    ['开工(启动)', 'construction-start'],
    ['单体调试(见2020)', 'single-unit-commissioning'],
    ['部分投产(2020)', 'partial-production'],
    ['纳规方案通过国家评审', 'planning-inclusion-passed-state-review'],
  ])('milestone %s has code %s', (name, code) => {
    expect(milestoneCode(name)).toBe(code);
  });

  it('codes counts and percentages as stable progress slugs', () => {
    expect(milestoneCode('进度61%')).toMatch(/^progress-[0-9a-f]{8}$/);
    expect(milestoneCode('进度61%')).toBe(milestoneCode('进度61%'));
    expect(milestoneCode('227/229进场')).not.toBe(milestoneCode('进度61%'));
  });

  it('project codes are RP-<KEY>', () => {
    expect(projectCodeOf('ccb_helin_dc')).toBe('RP-CCB_HELIN_DC');
    expect(() => projectCodeOf('x'.repeat(70))).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('buildReportProjectSeeds on report-projects.json: invariants', () => {
  it('makes exactly one seed per project_key', () => {
    expect(seeds).toHaveLength(397);
    expect(new Set(seeds.map((s) => s.projectKey))).toEqual(new Set(recordsByKey.keys()));
  });

  it('gives unique codes of at most 64 characters', () => {
    const codes = seeds.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^RP-[A-Z0-9_-]{1,61}$/);
  });

  it('uses only unit, cluster and list codes that exist, and classifies every project', () => {
    for (const s of seeds) {
      expect(unitCodes).toContain(s.unitCode);
      expect(s.clusterCodes.length).toBeGreaterThan(0);
      for (const c of s.clusterCodes) {
        const node = clusterByCode.get(c);
        expect(node).toBeDefined();
        if (node?.parentCode) expect(s.clusterCodes).toContain(node.parentCode);
      }
      for (const l of s.listCodes) expect(listCodes).toContain(l);
    }
  });

  it('keeps every record as a source, with its project', () => {
    expect(seeds.reduce((n, s) => n + s.sources.length, 0)).toBe(444);
    for (const s of seeds) {
      const own = recordsByKey.get(s.projectKey) ?? [];
      expect(s.sources.map((x) => `${x.sourceFile}:${x.sourceLine}:${x.quoteZh}`).sort()).toEqual(
        own.map((r) => `${r.source_file}:${r.source_line}:${r.quote_zh}`).sort(),
      );
      for (const src of s.sources) expect(isValidBusinessDate(src.asOf)).toBe(true);
    }
  });

  it('has fields the schema accepts', () => {
    for (const s of seeds) {
      expect(PROJECT_FAMILIES).toContain(s.family);
      if (s.totalInvestment !== null) expect(s.totalInvestment).toMatch(MONEY_RE);
      expect(s.nameZh.length).toBeLessThanOrEqual(300);
      expect((s.location ?? '').length).toBeLessThanOrEqual(300);
      const stages = s.planDates.map((p) => p.stage);
      expect(new Set(stages).size).toBe(stages.length);
      for (const p of s.planDates) {
        expect(isCanonicalStage(p.stage)).toBe(true);
        expect(isValidBusinessDate(p.expectedDate)).toBe(true);
      }
      const ms = s.milestones.map((m) => m.code);
      expect(new Set(ms).size).toBe(ms.length);
      for (const m of s.milestones) {
        expect(m.code).toMatch(/^[a-z0-9-]{1,64}$/);
        expect(isValidBusinessDate(m.effectiveDate)).toBe(true);
      }
    }
  });

  it('replays through the domain stage rules with no correction and no backward move', () => {
    for (const s of seeds) {
      const [first, ...rest] = s.transitions;
      expect(first).toEqual(expect.objectContaining({ kind: 'INITIAL', fromStage: null }));
      let state: ProjectStageState = { stage: first.toStage, stageDate: first.effectiveDate, heldFromStage: null };
      let highest = isCanonicalStage(first.toStage) ? stageOrder(first.toStage) : -1;
      for (const t of rest) {
        expect(t.fromStage).toBe(state.stage);
        const plan = planTransition(state, { toStage: t.toStage, effectiveDate: t.effectiveDate, note: t.note, canCorrect: false });
        expect(plan.kind).toBe(t.kind);
        if (isCanonicalStage(t.toStage)) {
          expect(stageOrder(t.toStage)).toBeGreaterThanOrEqual(highest);
          highest = stageOrder(t.toStage);
        }
        state = { stage: t.toStage, stageDate: t.effectiveDate, heldFromStage: plan.heldFromStage };
      }
      expect(s.stage).toBe(state.stage);
      expect(s.stageDate).toBe(state.stageDate);
      expect(s.heldFromStage).toBe(state.heldFromStage);
    }
  });

  it('dates every transition on the as_of of one of the project’s records', () => {
    for (const s of seeds) {
      const dates = new Set((recordsByKey.get(s.projectKey) ?? []).map((r) => normalizeAsOf(r.as_of)));
      for (const t of s.transitions) expect(dates).toContain(t.effectiveDate);
    }
  });

  it('ends each project without a hold at the highest stage its records state, entered on its first date', () => {
    for (const s of seeds) {
      const own = recordsByKey.get(s.projectKey) ?? [];
      if (own.some((r) => r.canonical_stage === 'ON_HOLD')) continue;
      const known = own.filter((r) => r.canonical_stage !== 'UNSPECIFIED');
      if (known.length === 0) continue;
      const top = Math.max(...known.map((r) => STAGES.indexOf(r.canonical_stage as CanonicalStage)));
      expect(s.stage).toBe(STAGES[top]);
      const firstDate = known.filter((r) => STAGES.indexOf(r.canonical_stage as CanonicalStage) === top).map((r) => normalizeAsOf(r.as_of)).sort()[0];
      expect(s.stageDate).toBe(firstDate);
      expect(s.initialStageInferred).toBe(false);
    }
  });

  it('starts projects with no stated stage at RESERVE on their earliest as_of, inferred, with one entry only', () => {
    const unspecified = [...recordsByKey].filter(([, rs]) => rs.every((r) => r.canonical_stage === 'UNSPECIFIED'));
    expect(unspecified.length).toBeGreaterThan(0);
    for (const [key, rs] of unspecified) {
      const s = seed(key);
      const earliest = rs.map((r) => normalizeAsOf(r.as_of)).sort()[0];
      expect(s.transitions).toEqual([expect.objectContaining({ kind: 'INITIAL', toStage: 'RESERVE', effectiveDate: earliest })]);
      expect(s.initialStageInferred).toBe(true);
      expect(s.warnings.join(' ')).toMatch(/RESERVE/);
    }
  });

  it('converts every stated total investment and nothing else', () => {
    for (const s of seeds) {
      const stated = (recordsByKey.get(s.projectKey) ?? []).filter((r) => r.investment_yuan_100m !== null);
      expect(s.totalInvestment !== null).toBe(stated.length > 0);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

type T = [kind: string, toStage: Stage, date: string];

describe('buildReportProjectSeeds on report-projects.json: projects', () => {
  it.each<[string, Stage, string, T[]]>([
    // 003 L41 「中环领先集成电路用大直径半导体硅单晶二期项目部分投产」 (2024-08-22)
    ['zhonghuan_ic_si_p2', 'COMMISSIONING', '2024-08-22', [['INITIAL', 'COMMISSIONING', '2024-08-22']]],
    // 002 L7 「3月18日……中国建设银行内蒙古和林格尔新区数据中心项目开工建设」; 003 L15/L113 still 在建 (2024-08-22)
    ['ccb_helin_dc', 'UNDER_CONSTRUCTION', '2024-03-18', [['INITIAL', 'UNDER_CONSTRUCTION', '2024-03-18']]],
    // 001 L7 开工建设 (2021-02-22); 000 L5, 003 L59, 004 L23/L45 still under construction
    ['shengle_airport', 'UNDER_CONSTRUCTION', '2021-02-22', [['INITIAL', 'UNDER_CONSTRUCTION', '2021-02-22']]],
    // 001 L3 UNSPECIFIED (2021-02-07), 001 L7 启动 (2021-02-22), 000 L5 全面复工 (2024-06-30)
    ['great_wall_park', 'UNDER_CONSTRUCTION', '2024-06-30', [['INITIAL', 'PRE_CONSTRUCTION', '2021-02-22'], ['FORWARD', 'UNDER_CONSTRUCTION', '2024-06-30']]],
    // 001 L7 单体调试 (2021-02-22) → 003 L45 甲醇生产线稳定生产 (2024-08-22)
    ['jiutai_meg', 'OPERATING', '2024-08-22', [['INITIAL', 'UNDER_CONSTRUCTION', '2021-02-22'], ['FORWARD', 'OPERATING', '2024-08-22']]],
    // 001 L11 前期工作 (2018-12-27) → 003 L45 正在安装主体设备 (2024-08-22)
    ['sanlian_carbide', 'UNDER_CONSTRUCTION', '2024-08-22', [['INITIAL', 'PRE_CONSTRUCTION', '2018-12-27'], ['FORWARD', 'UNDER_CONSTRUCTION', '2024-08-22']]],
    // 001 L7 (2021) PRE, 000 L8 (2024-06-30) PRE, 004 L45 加快 (2025-01-14) UNDER_CONSTRUCTION
    ['yinhuangruhu_p3', 'UNDER_CONSTRUCTION', '2025-01-14', [['INITIAL', 'PRE_CONSTRUCTION', '2021-02-22'], ['FORWARD', 'UNDER_CONSTRUCTION', '2025-01-14']]],
    // 003 L113 新开工项目入库 (2024-08-22) → 004 L23 新掛牌 (2025-01-14)
    ['bj_friendship_im', 'OPERATING', '2025-01-14', [['INITIAL', 'PRE_CONSTRUCTION', '2024-08-22'], ['FORWARD', 'OPERATING', '2025-01-14']]],
    // 001 L3, one report: 先后落驻 (LANDED) and 推进……项目建设 (UNDER_CONSTRUCTION), same day
    ['huawei_im_hq', 'UNDER_CONSTRUCTION', '2021-02-07', [['INITIAL', 'LANDED', '2021-02-07'], ['FORWARD', 'UNDER_CONSTRUCTION', '2021-02-07']]],
    // 003 L15 已建设完成 and L41 试生产, same report
    ['datang_pharma_park', 'COMMISSIONING', '2024-08-22', [['INITIAL', 'CONSTRUCTION_COMPLETE', '2024-08-22'], ['FORWARD', 'COMMISSIONING', '2024-08-22']]],
    // 001 L7: 加快实施 (UNDER_CONSTRUCTION) and 实施 (UNSPECIFIED), same day
    ['hailiu_reservoir_eco', 'UNDER_CONSTRUCTION', '2021-02-22', [['INITIAL', 'UNDER_CONSTRUCTION', '2021-02-22']]],
    // 000 L4 完成并网160万千瓦
    ['mengxi_tkt_200', 'COMMISSIONING', '2024-06-30', [['INITIAL', 'COMMISSIONING', '2024-06-30']]],
    // 001 L7 达成落地意向
    ['huawei_group_hq', 'NEGOTIATING', '2021-02-22', [['INITIAL', 'NEGOTIATING', '2021-02-22']]],
    // 001 L11 「暂缓、停建政府投资项目24项」: a hold with no earlier stage
    ['qs_gov_projects_24_paused', 'ON_HOLD', '2018-12-27', [['INITIAL', 'PRE_CONSTRUCTION', '2018-12-27'], ['HOLD', 'ON_HOLD', '2018-12-27']]],
    // 001 L7 「对11个道路、桥梁项目进行瘦身或停缓建」
    ['roads_bridges_11_paused', 'ON_HOLD', '2021-02-22', [['INITIAL', 'PRE_CONSTRUCTION', '2021-02-22'], ['HOLD', 'ON_HOLD', '2021-02-22']]],
    // 001 L19: 正式落地, as_of "2021" (no day)
    ['hohhot_sic_highend', 'LANDED', '2021-12-31', [['INITIAL', 'LANDED', '2021-12-31']]],
  ])('%s ends %s since %s', (key, stage, stageDate, transitions) => {
    const s = seed(key);
    expect(s.stage).toBe(stage);
    expect(s.stageDate).toBe(stageDate);
    expect(s.transitions.map((t) => [t.kind, t.toStage, t.effectiveDate])).toEqual(transitions);
  });

  it('cites the status in each transition and keeps the hold’s status as its note', () => {
    expect(seed('zhonghuan_ic_si_p2').transitions[0].note).toBe('部分投产');
    expect(seed('ccb_helin_dc').transitions[0]).toEqual(
      expect.objectContaining({ note: '开工建设', source: { sourceFile: '002_0fa5d66927607f60.txt', sourceLine: 7 } }),
    );
    const paused = seed('qs_gov_projects_24_paused');
    expect(paused.transitions[1]).toEqual(expect.objectContaining({ kind: 'HOLD', note: '暂缓、停建', heldFromStage: 'PRE_CONSTRUCTION' }));
    expect(paused.heldFromStage).toBe('PRE_CONSTRUCTION');
    expect(paused.initialStageInferred).toBe(true);
    expect(paused.warnings.length).toBeGreaterThan(0);
  });

  it('warns about an as_of without a day', () => {
    expect(seed('hohhot_sic_highend').warnings.join(' ')).toContain('2021');
  });

  it.each([
    ['cn_bigdata_exchange', '150102'], // location 新城区
    ['qsh_pumped', '150124'], // 清水河(县)
    ['laoniuwan_canyon', '150124'], // 清水河县(推断……)
    ['honghe_logistics', '150124'], // 清水河县宏河镇(推断)
    ['cp_pig_helin', '150123'], // 和林县
    ['nailun_hexingyuan', '150105'], // 呼和浩特市赛罕区
    ['wuchuan_kezhen_storage', '150125'], // 武川县可镇
    ['mengxi_tkt_200', '150122'], // 托克托(县)
    ['datang_tuodian_retrofit', '150122'], // 托克托(县)(推断:托电)
    ['ccb_helin_dc', 'hlgr-new-area'], // 和林格尔新区
    ['helin_north_500kv', 'hlgr-new-area'], // 和林格尔新区
    ['helin_fin_data_park', 'hlgr-new-area'], // 和林格尔(新区)
    ['tuoqing_green_power', 'tuoqing-industrial-park'], // 托清工业园区
    ['tuoqing_reclaimed_water', 'tuoqing-industrial-park'], // 托清园区
    ['kjc_wsc', 'xc-science-city'], // 科技城
    ['sinopec_hq_base', 'xc-science-city'], // 新城区(科技城)
    ['sensetime_ai', '150100'], // 和林格尔新区、航天经济开发区(未区分) → their common parent
    ['skp_flagship', '150100'], // 火车东站新商圈(推断): no unit named; reported by 呼和浩特市
    ['shengle_airport', '150100'], // 004 record locates it in 呼和浩特市
    ['s29_huliang', '150100'], // reported by 呼和浩特市 and 内蒙古自治区
    ['taixi_rail', '152500'], // 锡林郭勒盟
    ['kyqq_ga', '152200'], // 兴安盟科右前旗
    ['ecfz_erenhot', '152500'], // 锡林郭勒盟二连浩特市
    ['manzhouli_trade_zone', '150700'], // 满洲里
    ['ganqimaodu_rail_bridge', '150800'], // 甘其毛都口岸
    ['mandula_expansion', '150200'], // 满都拉口岸(包头,推断)
    ['wuhai_air_63', '150300'], // 乌海及周边地区
    ['tongliao_bonded', '150500'], // 通辽市
    ['muus_barrier', '150600'], // 鄂尔多斯市鄂托克前旗
    ['ulanqab_cr_express_hub', '150900'], // 乌兰察布市
    ['alxa_envision_storage', '152900'], // 阿拉善盟
    ['smart_port_pilot', '150000'], // 满洲里、二连浩特: two 盟市
    ['jidayuan_hsr', '150000'], // 内蒙古自治区, no location
    ['na_ion_capacitor_rd', '150000'], // 鄂尔多斯市(启动会地点) is a venue
  ])('%s is in unit %s', (key, unitCode) => {
    expect(seed(key).unitCode).toBe(unitCode);
  });

  it('flags a unit taken only from a district report when the city reports the project too', () => {
    // 地铁1、2号线: 001 L3 (新城区 report) and 001 L7 (city report), no location stated
    const metro = seed('hhht_metro_1_2');
    expect(metro.unitCode).toBe('150102');
    expect(metro.warnings.join(' ')).toContain('呼和浩特市');
    expect(seed('haidong_viaduct').warnings).toEqual([]); // only the 新城区 report names it
  });

  it.each([
    ['zhonghuan_ic_si_p2', ['new-materials-equipment', 'nme-silicon']], // 新材料和现代装备制造产业集群 / 硅材料
    ['sanlian_carbide', ['modern-chemical', 'chem-chlor-alkali']], // 现代化工产业集群 / 氯碱化工
    ['xuyang_coking_360', ['modern-chemical', 'chem-coking']], // 煤焦化工
    ['hongsheng_500kv', ['clean-energy', 'clean-energy-grid']], // 电网侧
    ['husu_p2', ['clean-energy', 'clean-energy-peaking']], // 抽水蓄能 / 调峰侧
    ['yili_cheese_p2', ['green-agri', 'green-agri-dairy']], // 乳业
    ['cp_pig_park', ['green-agri', 'green-agri-meat']], // 肉类
    ['ccb_helin_dc', ['electronic-info', 'electronic-info-computing']], // 电子信息技术产业集群, “东数西算”/绿色算力
    ['bohui_biotech_base', ['biomed']],
    ['bj_friendship_im', ['social', 'social-health']], // 新开工项目 + 社会事业(医疗)
    ['shengle_airport', ['transport']],
    ['sanbei_lincao', ['ecology']],
    ['hhht_oldcomm_2024', ['urban-renewal-heating']],
    ['canadian_solar', ['new-materials-equipment', 'nme-silicon']], // only 「企业投资项目」: classified by what 阿特斯 makes
  ])('%s is tagged %j', (key, codes) => {
    expect(seed(key).clusterCodes).toEqual(codes);
  });

  it.each([
    ['ccb_helin_dc', ['nmg-major-projects-2024', 'hhht-key-projects-2024']], // 003 L15, L113
    ['ketuo_probiotic_base', ['nmg-major-projects-2024']], // 003 L15
    ['jinshan_p3', ['hhht-key-projects-2024']], // 003 L113
    ['jinshan_p4', ['hhht-new-starts-2024']], // 003 L113 紧盯新开工项目入库
    ['zhonghuan_ic_si_p2', ['hhht-six-clusters-key-projects-2024']], // 003 L41
    ['chilechuan_valley_green', ['xc-key-projects-2020']], // 001 L3 集中开工
    ['sinopec_cto', ['nmg-100yi-projects-2025']], // 004 L45 百億級項目
    ['saline_500k', ['hhht-project-reserve']], // 003 L39 储备项目
    ['yinshan_eco', ['ultra-long-special-bond-projects-2024']], // 000 L6 超长期国债
    ['shengle_airport', []],
  ])('%s is on lists %j', (key, codes) => {
    expect(seed(key).listCodes).toEqual(codes);
  });

  it.each([
    ['ccb_helin_dc', '1000000.00'], // 002 L7 总投资100亿元
    ['black_odorous_6cat', '120000.00'], // 001 L7 投资12亿元
    ['taixi_rail', null], // 12.5亿元 is the 2024 annual investment, not the total
    ['sinopec_cto', null], // 百亿级, no amount
    ['yinshan_eco', null], // 1.31亿元 of bonds
  ])('%s has total investment %s 万元', (key, amount) => {
    expect(seed(key).totalInvestment).toBe(amount);
  });

  it.each<[string, Array<[CanonicalStage, string]>]>([
    ['qingzi_coldchain', [['CONSTRUCTION_COMPLETE', '2024-10-31']]], // 000 L4 预计10月份完工
    ['mengxi_tkt_200', [['OPERATING', '2024-10-31']]], // 000 L4 预计10月实现全容量并网
    ['jinhe_chlortetracycline', [['COMMISSIONING', '2024-08-31']]], // 003 L41 预计8月试生产
    ['shengle_airport', [['UNDER_CONSTRUCTION', '2021-12-31'], ['OPERATING', '2025-12-31']]], // 2021年全面开工; 2025年建成通航
    ['jiutai_meg', [['OPERATING', '2021-12-31']]], // 2021年建成投产
    ['zhonghuan_gcl_p5', [['AT_CAPACITY', '2021-12-31']]], // 2021年达产达效
    ['jingshu_mengsuan', [['LANDED', '2024-12-31']]], // 下半年推动落地(2024H2)
    ['bj_friendship_im', [['UNDER_CONSTRUCTION', '2024-12-31']]], // 下半年开工入库
    ['storage_35', [['UNDER_CONSTRUCTION', '2025-12-31']]], // 2025年开工;力争新投产600万千瓦
    ['husu_p2', []], // 年内完成纳规: a sub-milestone, not a stage
  ])('%s plans %j', (key, plans) => {
    expect(seed(key).planDates.map((p) => [p.stage, p.expectedDate])).toEqual(plans);
  });

  it('keeps the verbatim expected text as the plan source', () => {
    expect(seed('qingzi_coldchain').planDates[0].sourceText).toBe('预计10月份完工(2024-10)');
  });

  it('records sub-milestones once each, at the date first reported', () => {
    expect(seed('shengle_airport').milestones.map((m) => [m.code, m.nameZh, m.effectiveDate])).toEqual([
      ['construction-start', '开工', '2021-02-22'],
      ['terminal-main-building-complete', '航站楼主楼完成', '2024-06-30'],
      ['civil-works-substantially-complete', '土建基本完工', '2024-08-22'],
      ['main-structure-substantially-complete', '主体基本完工', '2025-01-14'],
    ]);
    // 000 L4 (2024-06-30) and 003 L45 (2024-08-22) both say 纳规方案通过国家评审
    expect(seed('husu_p2').milestones.map((m) => [m.code, m.effectiveDate])).toEqual([['planning-inclusion-passed-state-review', '2024-06-30']]);
    // 部分投产 and 部分投产(2020): one milestone
    expect(seed('zhonghuan_gcl_p5').milestones.map((m) => m.code)).toEqual(['partial-production']);
  });

  it('names the project after its latest record (simplified) and keeps the other attributes', () => {
    const s = seed('shengle_airport'); // latest: 004 (2025-01-14), traditional characters 「呼和浩特盛樂國際機場」
    expect(s.nameZh).toBe('呼和浩特盛乐国际机场(新机场)'); // an earlier record's fuller normalized name
    expect(s.nameZhNormalized).toBe('呼和浩特盛乐国际机场');
    // An abbreviation in a later report gives way to the full name an earlier one used.
    expect(seed('ccb_helin_dc').nameZh).toBe('中国建设银行内蒙古和林格尔新区数据中心项目');
    expect(s.family).toBe('GOVERNMENT');
    expect(seed('mengxi_tkt_200')).toEqual(expect.objectContaining({ capacity: '200万千瓦', family: 'INVESTMENT', projectType: 'industrial-energy' }));
    // 金山三期: infrastructure-energy in 000 L4, but 003 L113 lists it among the 782 企业投资项目
    expect(seed('jinshan_p3').family).toBe('INVESTMENT');
    expect(seed('hhht_oldcomm_2024')).toEqual(expect.objectContaining({ isProgram: true, family: 'GOVERNMENT' }));
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('buildReportProjectSeeds on constructed histories', () => {
  const template = (recordsByKey.get('zhonghuan_ic_si_p2') ?? [])[0];
  let line = 0;
  const rec = (asOf: string, stage: ReportRecord['canonical_stage'], status: string, over: Partial<ReportRecord> = {}): ReportRecord => ({
    ...template,
    project_key: 'test_project',
    as_of: asOf,
    canonical_stage: stage,
    status_zh: status,
    expected: null,
    sub_milestone: null,
    source_line: ++line,
    ...over,
  });
  const build = (rs: ReportRecord[]) => buildReportProjectSeeds(rs, units, taxonomy.clusters, { lists })[0];

  it('keeps the higher stage when a later record reports an earlier one, and says so', () => {
    const s = build([rec('2022-05-01', 'PRE_CONSTRUCTION', '前期工作'), rec('2021-01-10', 'UNDER_CONSTRUCTION', '开工建设')]);
    expect(s.transitions.map((t) => [t.kind, t.toStage, t.effectiveDate])).toEqual([['INITIAL', 'UNDER_CONSTRUCTION', '2021-01-10']]);
    expect(s.stage).toBe('UNDER_CONSTRUCTION');
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/PRE_CONSTRUCTION.*UNDER_CONSTRUCTION/);
  });

  it('reads two statuses of one day lowest stage first, whatever their order in the file', () => {
    const s = build([rec('2024-08-22', 'COMMISSIONING', '试生产'), rec('2024-08-22', 'CONSTRUCTION_COMPLETE', '已建设完成')]);
    expect(s.transitions.map((t) => [t.kind, t.toStage])).toEqual([
      ['INITIAL', 'CONSTRUCTION_COMPLETE'],
      ['FORWARD', 'COMMISSIONING'],
    ]);
    expect(s.warnings).toEqual([]);
  });

  it('holds and resumes', () => {
    const s = build([
      rec('2021-01-10', 'SIGNED', '签约'),
      rec('2021-06-01', 'ON_HOLD', '暂缓'),
      rec('2022-01-01', 'UNDER_CONSTRUCTION', '复工'),
    ]);
    expect(s.transitions.map((t) => [t.kind, t.toStage, t.effectiveDate, t.note, t.heldFromStage])).toEqual([
      ['INITIAL', 'SIGNED', '2021-01-10', '签约', null],
      ['HOLD', 'ON_HOLD', '2021-06-01', '暂缓', 'SIGNED'],
      ['RESUME', 'UNDER_CONSTRUCTION', '2022-01-01', '复工', null],
    ]);
    expect(s.warnings).toEqual([]);
  });

  it('stays on hold when a later record reports a stage before the held one', () => {
    const s = build([rec('2021-01-10', 'UNDER_CONSTRUCTION', '开工'), rec('2021-06-01', 'ON_HOLD', '停建'), rec('2022-01-01', 'LANDED', '落地')]);
    expect(s.stage).toBe('ON_HOLD');
    expect(s.heldFromStage).toBe('UNDER_CONSTRUCTION');
    expect(s.warnings).toHaveLength(1);
  });

  it('does not hold a project that is only in reserve', () => {
    const s = build([rec('2021-01-10', 'RESERVE', '储备'), rec('2021-06-01', 'ON_HOLD', '暂缓')]);
    expect(s.transitions.map((t) => t.kind)).toEqual(['INITIAL']);
    expect(s.warnings).toHaveLength(1);
  });

  it('starts an all-UNSPECIFIED project at RESERVE on its earliest date', () => {
    const s = build([rec('2022-03-01', 'UNSPECIFIED', '实施'), rec('2021-05-05', 'UNSPECIFIED', '建设')]);
    expect(s.transitions).toEqual([expect.objectContaining({ kind: 'INITIAL', toStage: 'RESERVE', effectiveDate: '2021-05-05', stageInferred: true })]);
    expect(s.initialStageInferred).toBe(true);
  });

  it('converts a stated total and ignores one whose note says it is not the total', () => {
    expect(build([rec('2021-01-10', 'SIGNED', '签约', { investment_yuan_100m: '1118.4' })]).totalInvestment).toBe('11184000.00');
    const s = build([rec('2021-01-10', 'SIGNED', '签约', { investment_yuan_100m: 12.5, investment_note: '12.5亿元 = 2024 annual investment, not total' })]);
    expect(s.totalInvestment).toBeNull();
    expect(s.warnings).toHaveLength(1);
  });

  it('lets the latest record win a plan date for the same stage', () => {
    const s = build([
      rec('2021-01-10', 'UNDER_CONSTRUCTION', '开工', { expected: '2021年建成投产' }),
      rec('2022-02-01', 'UNDER_CONSTRUCTION', '在建', { expected: '预计10月投产' }),
    ]);
    expect(s.planDates.map((p) => [p.stage, p.expectedDate, p.sourceText])).toEqual([['OPERATING', '2022-10-31', '预计10月投产']]);
  });

  it('refuses a taxonomy missing a code it maps to', () => {
    expect(() => buildReportProjectSeeds(records, units, taxonomy.clusters.filter((c) => c.code !== 'transport'))).toThrow(/transport/);
  });
});
