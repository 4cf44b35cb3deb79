/**
 * Turns the report records (`seeds/data/report-projects.json`: 444 status records of 397 projects named in the
 * five seed reports) into project seed specs. Pure: no I/O, no clock, no database; the seed loader reads the JSON
 * files, calls `buildReportProjectSeeds` and inserts what it returns.
 *
 * Records sharing `project_key` are one project seen at several dates; each becomes one `ProjectSeed` whose stage
 * history replays the records in `as_of` order (see `buildTransitions`).
 */
import {
  HOLDABLE_STAGES,
  MONEY_RE,
  STAGES,
  isValidBusinessDate,
  lastDayOfMonth,
  parseExpectedDate,
  stageOrder,
} from '#domain';
import type { CanonicalStage, ProjectFamily, Stage, TransitionKind, UnitKind } from '#domain';

// ---------------------------------------------------------------------------------------------------------------
// Types mirroring the JSON files
// ---------------------------------------------------------------------------------------------------------------

/** `canonical_stage` of a record: a stage, or UNSPECIFIED when the report names the project without a status. */
export type ReportStage = Stage | 'UNSPECIFIED';

/** One record of `report-projects.json` (field names as in the file; see SUMMARY.md §j). */
export interface ReportRecord {
  project_key: string;
  name_zh: string;
  name_zh_normalized: string | null;
  name_en: string | null;
  location_zh: string | null;
  jurisdiction_zh: string;
  cluster_zh: string | null;
  cluster_inferred: boolean | null;
  chain_zh: string | null;
  chain_inferred: boolean | null;
  /** Total investment in 亿元, set only when the report states a total. */
  investment_yuan_100m: number | string | null;
  investment_note: string | null;
  capacity: string | null;
  status_zh: string;
  status_note: string | null;
  canonical_stage: ReportStage;
  sub_milestone: string | null;
  stage_inferred: boolean;
  /** Usually YYYY-MM-DD; one record has only a year ("2021"). */
  as_of: string;
  as_of_note: string | null;
  expected: string | null;
  project_type: string | null;
  is_program: boolean;
  source_file: string;
  source_line: number;
  quote_zh: string;
  quote_zh_continuation: string | null;
  continuation_line: number | null;
  note: string | null;
}

/** An entry of `seeds/data/units.json`. */
export interface UnitSeed {
  /** Stable slug: the GB/T 2260 code where one exists ("150102"), else kebab case ("hlgr-new-area"). */
  code: string;
  adminCode: string | null;
  nameZh: string;
  nameEn: string;
  kind: UnitKind;
  parentCode: string | null;
  sortOrder: number;
}

/** An entry of `clusters` in `seeds/data/clusters.json`. */
export interface ClusterSeed {
  code: string;
  kind: 'CLUSTER' | 'CHAIN';
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
}

/** `seeds/data/clusters.json`: one taxonomy version and its nodes. */
export interface TaxonomySeed {
  code: string;
  name: string;
  validFrom: string;
  clusters: ClusterSeed[];
}

/** An entry of `seeds/data/lists.json`. */
export interface ListSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  issuer: string | null;
  year: number | null;
}

export interface SourceRef {
  sourceFile: string;
  sourceLine: number;
}

export interface TransitionSeed {
  /** INITIAL for the first entry; FORWARD, HOLD, RESUME or CANCEL after it. Never CORRECTION. */
  kind: TransitionKind;
  fromStage: Stage | null;
  toStage: Stage;
  effectiveDate: string;
  /** The record's status_zh, verbatim (for an inferred start, a sentence saying so and quoting it). */
  note: string;
  /** For HOLD: the stage the project was in when paused. */
  heldFromStage: CanonicalStage | null;
  /** True when the stage was inferred (by the data set or by this import), not stated by the report. */
  stageInferred: boolean;
  source: SourceRef;
}

export interface PlanDateSeed {
  stage: CanonicalStage;
  expectedDate: string;
  /** The record's `expected` text, verbatim. */
  sourceText: string;
  /** As-of date of the record the plan comes from (the reference date for month-only phrases). */
  asOf: string;
  source: SourceRef;
}

export interface MilestoneSeed {
  code: string;
  nameZh: string;
  effectiveDate: string;
  note: string | null;
  source: SourceRef;
}

export interface ProjectSourceSeed {
  sourceFile: string;
  sourceLine: number;
  quoteZh: string;
  quoteZhContinuation: string | null;
  continuationLine: number | null;
  statusZh: string;
  /** Business date (normalised: a bare year becomes 31 December of it). */
  asOf: string;
  stage: ReportStage;
  subMilestone: string | null;
  note: string | null;
}

export interface ProjectSeed {
  /** `RP-<PROJECT_KEY>`, unique, ≤ 64 characters. */
  code: string;
  projectKey: string;
  /** name_zh of the latest record, verbatim (may be traditional or contain ……). */
  nameZh: string;
  /** name_zh_normalized of the latest record: simplified and disambiguated, better for display. */
  nameZhNormalized: string | null;
  nameEn: string | null;
  /** Latest stated location_zh, verbatim (with the data set's annotations, e.g. 「(推断)」). */
  location: string | null;
  unitCode: string;
  family: ProjectFamily;
  projectType: string | null;
  isProgram: boolean;
  /** 万元, exact decimal string with 2 decimals, or null. */
  totalInvestment: string | null;
  capacity: string | null;
  /** Cluster and chain codes; a chain's parent cluster is always included too. */
  clusterCodes: string[];
  listCodes: string[];
  /** Stage after replaying `transitions`. */
  stage: Stage;
  stageDate: string;
  heldFromStage: CanonicalStage | null;
  /** True when the starting stage is not stated by any record (all UNSPECIFIED, or first record is a hold). */
  initialStageInferred: boolean;
  transitions: TransitionSeed[];
  planDates: PlanDateSeed[];
  milestones: MilestoneSeed[];
  sources: ProjectSourceSeed[];
  warnings: string[];
}

export interface BuildOptions {
  /** When given, list codes not in it are an error. */
  lists?: ListSeed[];
}

// ---------------------------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------------------------

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * 亿元 → 万元 (× 10 000) on the decimal digits, never through floating point: "1118.4" → "11184000.00".
 * A JSON number is first turned into its shortest round-trip decimal string (what the file says).
 * Throws on anything that is not a plain non-negative decimal or needs more than 2 decimals in 万元.
 */
export function yuan100mToWan(value: number | string): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new Error(`Not a plain decimal amount in 亿元: ${JSON.stringify(value)}`);
  const intPart = m[1];
  const frac = (m[2] ?? '').padEnd(4, '0');
  const shifted = frac.slice(0, 4);
  const rest = frac.slice(4).replace(/0+$/, '');
  if (rest.length > 2) throw new Error(`Amount ${text} 亿元 needs more than 2 decimals in 万元`);
  const whole = (intPart + shifted).replace(/^0+(?=\d)/, '');
  const result = `${whole}.${rest.padEnd(2, '0')}`;
  if (!MONEY_RE.test(result)) throw new Error(`Amount ${text} 亿元 is out of range`);
  return result;
}

/** investment_note phrases saying the stated figure is not the project's total. */
const NOT_TOTAL_RE = /not (the )?total|非总投资|不是总投资|并非总投资/i;

// ---------------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------------

/**
 * A record's as_of as a business date. A bare year or year-month (the report gives no day) becomes the last day
 * of that period: the status certainly held by then.
 */
export function normalizeAsOf(asOf: string): string {
  const text = asOf.trim();
  if (isValidBusinessDate(text)) return text;
  const ym = /^(\d{4})-(\d{2})$/.exec(text);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return lastDayOfMonth(Number(ym[1]), Number(ym[2]));
  const y = /^(\d{4})$/.exec(text);
  if (y) return `${y[1]}-12-31`;
  throw new Error(`Unreadable as_of: ${JSON.stringify(asOf)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Plan dates from `expected`
// ---------------------------------------------------------------------------------------------------------------

/** The few traditional characters of stage words in the 2025 regional report. */
const TRAD_TO_SIMP: Record<string, string> = {
  開: '开', 達: '达', 產: '产', 運: '运', 營: '营', 線: '线', 貫: '贯', 並: '并', 網: '网', 簽: '签', 約: '约',
  設: '设', 轉: '转', 啟: '启', 動: '动', 車: '车', 竣: '竣', 資: '资', 規: '规', 實: '实', 現: '现', 試: '试',
};
const toSimplified = (text: string) => text.replace(/[^\x00-\x7f]/g, (ch) => TRAD_TO_SIMP[ch] ?? ch);

/** Segments that are money, output, quota or capacity targets, or planning sub-milestones: no stage. */
const NOT_A_STAGE_RE = /完成投资|投资\d|产值|学位|纳规|奶牛|供热能力/;

const PHRASE_STAGES: ReadonlyArray<readonly [RegExp, CanonicalStage]> = [
  [/试生产|部分投产|部分并网/, 'COMMISSIONING'],
  [/达产/, 'AT_CAPACITY'],
  [/投产|投用|并网|运营|运行|投入使用|入驻使用|建成使用|通车|通航|通水|开业/, 'OPERATING'],
  [/竣工|完工|建成|完成/, 'CONSTRUCTION_COMPLETE'],
  [/开工|启动建设|新建|动工/, 'UNDER_CONSTRUCTION'],
  [/落地/, 'LANDED'],
  [/签约/, 'SIGNED'],
];

/**
 * The canonical stage an expected-date phrase is about: 完工/竣工/建成/完成 → CONSTRUCTION_COMPLETE;
 * 投产/投入运营/并网/投用/通车/通航 → OPERATING (建成投产, 建成通航 name the later milestone); 试生产/部分投产 →
 * COMMISSIONING; 达产 → AT_CAPACITY; 开工/启动建设/新建 → UNDER_CONSTRUCTION; 落地 → LANDED; 签约 → SIGNED.
 * Anything else (启动, 实施, 建设, 创建, 扩能改造, money targets, 纳规) → null.
 */
export function stageOfExpectedPhrase(phrase: string): CanonicalStage | null {
  const text = toSimplified(phrase);
  if (NOT_A_STAGE_RE.test(text)) return null;
  for (const [re, stage] of PHRASE_STAGES) if (re.test(text)) return stage;
  return null;
}

/**
 * parseExpectedDate from the domain, plus the half-year forms it does not read: 「(2024H2)」 and 下半年 →
 * 31 December, 「(2024H1)」 → 30 June.
 */
export function expectedDateOf(phrase: string, referenceDate: string): string | null {
  const parsed = parseExpectedDate(phrase, referenceDate);
  if (parsed) return parsed;
  const half = /\((\d{4})H([12])\)/.exec(phrase);
  if (half) return half[2] === '1' ? `${half[1]}-06-30` : `${half[1]}-12-31`;
  if (/下半年/.test(phrase)) return `${referenceDate.slice(0, 4)}-12-31`;
  return null;
}

/** Every (stage, date) an `expected` text announces; its `;`-separated parts are read one by one. */
export function planDatesFromExpected(expected: string, referenceDate: string): Array<{ stage: CanonicalStage; expectedDate: string }> {
  const out: Array<{ stage: CanonicalStage; expectedDate: string }> = [];
  for (const part of expected.split(/[;；]/)) {
    const segment = part.trim();
    if (!segment) continue;
    const stage = stageOfExpectedPhrase(segment);
    if (!stage) continue;
    const expectedDate = expectedDateOf(segment, referenceDate);
    if (!expectedDate || !isValidBusinessDate(expectedDate)) continue;
    out.push({ stage, expectedDate });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------------------------

/**
 * Place names, besides each unit's own nameZh, that identify a unit in location_zh / jurisdiction_zh.
 * Places below 盟市 level elsewhere in the region map to their 盟市 (满洲里 → 呼伦贝尔市, 二连浩特 → 锡林郭勒盟 …).
 */
const UNIT_ALIASES: Record<string, readonly string[]> = {
  '150000': ['内蒙古自治区', '内蒙古'],
  '150100': ['呼和浩特', '呼市'],
  '150200': ['包头', '满都拉'],
  '150300': ['乌海'],
  '150400': ['赤峰'],
  '150500': ['通辽'],
  '150600': ['鄂尔多斯'],
  '150700': ['呼伦贝尔', '满洲里'],
  '150800': ['巴彦淖尔', '甘其毛都'],
  '150900': ['乌兰察布'],
  '152200': ['兴安盟', '科右前旗', '科右中旗', '乌兰浩特', '阿尔山'],
  '152500': ['锡林郭勒', '二连浩特', '乌拉盖'],
  '152900': ['阿拉善'],
  '150121': ['土左旗'],
  '150122': ['托克托', '托县'],
  '150123': ['和林县'],
  '150124': ['清水河'],
  '150125': ['武川'],
  'hlgr-new-area': ['和林新区'],
  'hhht-etdz': ['经济技术开发区', '经开区'],
  'hhht-aerospace-edz': ['航天经济开发区', '航天开发区'],
  'tuoqing-industrial-park': ['托清园区', '托清工业园区'],
  'hhht-bonded-zone': ['综合保税区', '综保区'],
};

/** A location_zh that names a venue (e.g. 「鄂尔多斯市(启动会地点)」) says where a meeting was, not the project. */
const VENUE_RE = /地点/;

class UnitIndex {
  private readonly byCode = new Map<string, UnitSeed>();
  private readonly aliases: Array<{ alias: string; code: string }> = [];

  constructor(units: UnitSeed[]) {
    for (const u of units) {
      if (this.byCode.has(u.code)) throw new Error(`Duplicate unit code ${u.code}`);
      this.byCode.set(u.code, u);
    }
    for (const u of units) {
      if (u.parentCode !== null && !this.byCode.has(u.parentCode)) throw new Error(`Unit ${u.code} has unknown parent ${u.parentCode}`);
      if (u.kind === 'DEPARTMENT') continue; // departments are not places
      for (const alias of [u.nameZh, ...(UNIT_ALIASES[u.code] ?? [])]) this.aliases.push({ alias, code: u.code });
    }
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): UnitSeed {
    const u = this.byCode.get(code);
    if (!u) throw new Error(`Unknown unit ${code}`);
    return u;
  }

  /** Codes from the unit up to the root, the unit first. */
  ancestry(code: string): string[] {
    const out: string[] = [];
    for (let c: string | null = code; c !== null; c = this.get(c).parentCode) out.push(c);
    return out;
  }

  isAncestor(ancestor: string, code: string): boolean {
    return ancestor !== code && this.ancestry(code).includes(ancestor);
  }

  lowestCommonAncestor(codes: string[]): string {
    const [first, ...rest] = codes;
    let common = this.ancestry(first);
    for (const c of rest) {
      const chain = new Set(this.ancestry(c));
      common = common.filter((a) => chain.has(a));
    }
    if (common.length === 0) throw new Error(`Units ${codes.join(', ')} share no ancestor`);
    return common[0];
  }

  /** Units named in a place text; brackets are dropped first, so 「清水河(县)」 reads as 清水河县. */
  matches(text: string): string[] {
    const plain = text.replace(/[()（）]/g, '');
    const found = new Set<string>();
    for (const { alias, code } of this.aliases) if (plain.includes(alias)) found.add(code);
    return [...found];
  }

  /** The most specific of several units; when they are on different branches, their lowest common ancestor. */
  resolve(codes: string[]): { code: string; conflict: boolean } {
    const unique = [...new Set(codes)];
    const leaves = unique.filter((c) => !unique.some((other) => this.isAncestor(c, other)));
    if (leaves.length === 1) return { code: leaves[0], conflict: false };
    return { code: this.lowestCommonAncestor(leaves), conflict: true };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters
// ---------------------------------------------------------------------------------------------------------------

type ClusterRule = readonly [RegExp, readonly string[], ((r: ReportRecord) => boolean)?];

/**
 * cluster_zh → cluster/chain codes of the hohhot-2024 taxonomy. First match wins. Labels that name a list rather
 * than an industry (企业投资项目, 新开工项目) map to nothing; the project's other records or CLUSTER_OVERRIDES
 * classify it. The six clusters follow 003 L41–L45; energy supply (煤电/热电灵活性改造) counts as 调峰侧, as the
 * report does for the new 2×66万千瓦 thermal units; the grid above city level (500 千伏, 外送通道) as 电网侧.
 */
const CLUSTER_RULES: readonly ClusterRule[] = [
  [/^(企业投资项目|新开工项目|生态\/商业\/大数据)$/, []],
  [/^政府投资\(民生\/城建\)$/, ['urban-renewal-heating', 'urban-infrastructure']],
  [/^政府投资$/, ['urban-infrastructure']],
  // 绿色农畜产品加工
  [/^绿色农畜产品加工/, ['green-agri']],
  [/^(乳产业|乳业)/, ['green-agri-dairy']],
  [/^都市现代农业$/, ['green-agri-urban']],
  [/^(农牧业|一产\/农牧业|农畜产品生产基地|现代农业产业体系|食品加工)$/, ['green-agri']],
  // 电子信息技术
  [/^电子信息技术.*人工智能\/算力/, ['electronic-info-ai', 'electronic-info-computing']],
  [/^电子信息技术.*人工智能/, ['electronic-info-ai']],
  [/^电子信息技术.*算力/, ['electronic-info-computing']],
  [/^电子信息技术/, ['electronic-info']],
  [/算力|东数西算|^大数据$/, ['electronic-info-computing']],
  [/^数字经济\/物流$/, ['electronic-info', 'svc-logistics']],
  [/^数字经济\/金融$/, ['electronic-info', 'svc-finance']],
  [/^(数字经济|数字产业)$/, ['electronic-info']],
  [/^数字政府/, ['digital-government']],
  // 新材料和现代装备制造
  [/^(硅材料|新能源\(光伏制造\))/, ['nme-silicon']],
  [/^新能源装备/, ['nme-new-energy-equipment']],
  [/^(航空航天|低空经济)$/, ['nme-aerospace']],
  [/^稀土新材料$/, ['nme-rare-earth']],
  [/^(新材料|战略性新兴产业\(新材料\)|智能装备制造业|工业\((建材|高岭土\/非金属矿)\)|资源循环利用)/, ['new-materials-equipment']],
  // 生物医药
  [/^生物医药/, ['biomed']],
  // 现代化工
  [/^(现代化工产业集群|工业\(化工\)|现代能源产业)$/, ['modern-chemical']],
  [/煤化工/, ['chem-coal']],
  [/^工业\(焦化\)$/, ['chem-coking']],
  // 清洁能源
  [/抽水蓄能|新型储能|^能源供应保障/, ['clean-energy-peaking']],
  [/外送通道|^能源\(电网/, ['clean-energy-grid']],
  [/^防沙治沙和风电光伏一体化工程$/, ['clean-energy-source', 'ecology'], (r) => (r.project_type ?? '').includes('energy')],
  [/^防沙治沙和风电光伏一体化工程$/, ['transport', 'ecology']],
  [/^(新能源|工业\(新能源\))$/, ['clean-energy-source']],
  [/^能源和战略资源基地\(新能源\)$/, ['svc-hq', 'clean-energy']],
  [/^(清洁能源|新能源\(氢能\))/, ['clean-energy']],
  // 现代服务业
  [/^总部经济/, ['svc-hq']],
  [/^区域性金融中心$/, ['svc-finance']],
  [/^(现代服务业\(物流\)|服务业\(现代物流\)|枢纽经济)$/, ['svc-logistics']],
  [/^(现代服务业\((商业|消费)\)|生活性服务业)$/, ['svc-commerce']],
  [/^康养产业$/, ['svc-health-elderly']],
  [/^房地产$/, ['modern-services']],
  [/^会展\/文旅$/, ['svc-exhibition', 'culture-tourism']],
  [/^文旅\/商业$/, ['culture-tourism', 'svc-commerce']],
  // 社会事业
  [/^社会事业\(文体\)/, ['social-culture-sports']],
  [/^社会事业\(教育\)$/, ['social-education']],
  [/^社会事业\(医疗\)$/, ['social-health']],
  [/^社会事业\(养老\)$/, ['social-elderly-care']],
  [/^就业服务$/, ['social-employment']],
  [/^公共设施$/, ['social']],
  // 文旅, 开放, 科创
  [/^生态\/文旅$/, ['ecology', 'culture-tourism']],
  [/^(文旅|文物保护|乡村旅游|乡村振兴\/文旅|服务业\(全域旅游\)|现代服务业\(文旅\))/, ['culture-tourism']],
  [/^对外开放\/物流$/, ['opening-up', 'svc-logistics']],
  [/口岸交通/, ['opening-up', 'transport']],
  [/^(向北开放|对外开放)/, ['opening-up']],
  [/^科技|科创平台/, ['sci-tech']],
  // 基础设施, 城市更新, 生态
  [/^生态\/水利$/, ['ecology', 'water-conservancy']],
  [/^(基础设施-交通|基础设施-市政道路)$/, ['transport']],
  [/^基础设施-水利$/, ['water-conservancy']],
  [/^(城乡基础设施|市政环卫|市政设施|乡村基础设施|基础设施-能源|新型基础设施\/市政)/, ['urban-infrastructure']],
  [/温暖工程|供热|城市更新|大气污染防治/, ['urban-renewal-heating']],
  [/生态|水环境|城市绿化|防沙治沙|污染防治/, ['ecology']],
];

/** chain_zh → chain code. 「饲草饲料/肉类/乳业(未明)」 is deliberately absent: the report does not say which. */
const CHAIN_CODES: Record<string, string> = {
  电源侧: 'clean-energy-source',
  电网侧: 'clean-energy-grid',
  调峰侧: 'clean-energy-peaking',
  乳业: 'green-agri-dairy',
  饲草饲料: 'green-agri-forage',
  肉类: 'green-agri-meat',
  硅材料: 'nme-silicon',
  石油化工: 'chem-petrochemical',
  煤化工: 'chem-coal',
  煤焦化工: 'chem-coking',
  氯碱化工: 'chem-chlor-alkali',
  硅化工: 'chem-silicon',
};

/**
 * Projects whose every record carries only a list label (企业投资项目 / 新开工项目 / a bundle label), classified by
 * what the project is: 阿特斯 (Canadian Solar) makes monocrystalline silicon in Hohhot; 科大讯飞 is an AI company;
 * 金山四期 extends the 金山 coal-fired plant (金山三期 is 能源供应保障(煤电)); 交行数据中心 is a data centre;
 * 新机场截洪沟 is a flood-interception ditch; 居家财富广场 is a commercial complex.
 */
const CLUSTER_OVERRIDES: Record<string, readonly string[]> = {
  canadian_solar: ['nme-silicon'],
  iflytek: ['electronic-info-ai'],
  jinshan_p4: ['clean-energy-peaking'],
  bocom_dc: ['electronic-info-computing'],
  airport_flood_ditch: ['water-conservancy'],
  jujia_caifu_plaza: ['svc-commerce'],
};

// ---------------------------------------------------------------------------------------------------------------
// Family, lists, milestones
// ---------------------------------------------------------------------------------------------------------------

/**
 * Family rule: 政府投资 (GOVERNMENT) when the project type is infrastructure (`infrastructure-*`: transport,
 * municipal, energy, water, logistics, digital), social (schools, hospitals, elderly care), ecological,
 * agricultural infrastructure (高标准农田, 盐碱地), a government programme (`program`: 政府投资项目 bundles) or an
 * opening-up zone (`zone`: bonded zones, border co-operation zones); otherwise 招商 (INVESTMENT): industrial*,
 * HQ, commercial, real-estate, culture-tourism, platform, research, agri, mixed. The type is that of the latest
 * record whose type is not `mixed`, so 金山三期 (「782个企业投资项目」 in 2024) is INVESTMENT.
 */
export function familyOfProjectType(projectType: string | null): ProjectFamily {
  const t = projectType ?? '';
  if (t.startsWith('infrastructure-')) return 'GOVERNMENT';
  return ['social', 'ecological', 'agri-infrastructure', 'program', 'zone'].includes(t) ? 'GOVERNMENT' : 'INVESTMENT';
}

const SIX_CLUSTER_NAMES = new Set([
  '绿色农畜产品加工产业集群',
  '电子信息技术产业集群',
  '新材料和现代装备制造产业集群',
  '生物医药产业集群',
  '清洁能源产业集群',
  '现代化工产业集群',
]);

/** List membership a record supports, with the words that support it. */
const LIST_RULES: ReadonlyArray<readonly [string, (r: ReportRecord) => boolean]> = [
  // 003 L15: 「我市纳入自治区落实国务院意见重点项目清单中的33项重大项目」 (002 L21: the 86-project 重大项目清单).
  ['nmg-major-projects-2024', (r) => (r.note ?? '').includes('纳入自治区落实国务院意见重点项目清单')],
  // 003 L113: 「紧盯在建重大项目……393个政府投资项目……782个企业投资项目」 = the 1175 重点项目 of 003 L23.
  ['hhht-key-projects-2024', (r) => r.quote_zh.includes('紧盯在建重大项目') && !r.quote_zh.startsWith('紧盯新开工')],
  // 003 L113: 「紧盯新开工项目入库,包括金山四期……等60个项目」.
  ['hhht-new-starts-2024', (r) => r.cluster_zh === '新开工项目' || r.sub_milestone === '新开工/入库'],
  // 003 L41–L45: the projects the report names under each of the six cluster headings.
  ['hhht-six-clusters-key-projects-2024', (r) => SIX_CLUSTER_NAMES.has(r.cluster_zh ?? '') && r.cluster_inferred === false],
  // 003 L39: 「50万亩盐碱地综合利用储备项目有序推进」.
  ['hhht-project-reserve', (r) => /储备项目/.test(r.quote_zh)],
  // 001 L3: 「……等73个重点项目、重大工程集中开工」 (新城区, 2020).
  ['xc-key-projects-2020', (r) => r.sub_milestone === '集中开工'],
  // 004 L45: 「加快推進中石化煤制烯烴……等一批百億級項目」.
  ['nmg-100yi-projects-2025', (r) => /百億級項目|百亿级项目/.test(r.quote_zh)],
  // 000 L6: 「阴山北麓生态综合治理项目,争取超长期国债1.31亿元」.
  ['ultra-long-special-bond-projects-2024', (r) => /超长期(特别)?国债/.test(r.quote_zh)],
];

/** Codes of the sub-milestone names found in the reports (brackets dropped before the look-up). */
const MILESTONE_CODES: Record<string, string> = {
  开工: 'construction-start',
  集中开工: 'batch-construction-start',
  开复工: 'construction-started-or-resumed',
  复工: 'construction-resumed',
  启动: 'launched',
  '新开工/入库': 'new-start-registered',
  前期工作: 'preliminary-work',
  前期手续: 'pre-construction-approvals',
  初步规划: 'preliminary-planning',
  意向: 'agreement-in-principle',
  企业注册: 'company-registered',
  选址: 'site-selection',
  征拆基本完成: 'land-clearance-substantially-complete',
  立项: 'project-approval',
  获批: 'approved',
  核准完成: 'government-approval-granted',
  能评批复: 'energy-assessment-approved',
  纳规方案已报送: 'planning-inclusion-submitted',
  纳规方案通过国家评审: 'planning-inclusion-passed-state-review',
  要素保障问题: 'factor-supply-issue',
  主体封顶: 'main-structure-topped-out',
  主体完工: 'main-structure-complete',
  主体基本完工: 'main-structure-substantially-complete',
  土建基本完工: 'civil-works-substantially-complete',
  主线贯通: 'main-line-connected',
  全线贯通: 'full-line-connected',
  航站楼主楼完成: 'terminal-main-building-complete',
  桥涵路基完成: 'bridges-and-roadbed-complete',
  基础工程完成: 'foundation-works-complete',
  主体设备安装: 'main-equipment-installation',
  设备安装完成: 'equipment-installed',
  设备安装调试: 'equipment-installation-and-commissioning',
  单体调试: 'single-unit-commissioning',
  部分建成: 'partially-built',
  部分上线: 'partially-online',
  完工待入网: 'complete-awaiting-grid-connection',
  待验收: 'awaiting-acceptance',
  验收通过: 'acceptance-passed',
  待试生产: 'awaiting-trial-production',
  试生产: 'trial-production',
  部分投产: 'partial-production',
  部分并网: 'partial-grid-connection',
  待投运: 'awaiting-operation',
  投产: 'production-start',
  竣工投产: 'completed-and-in-production',
  甲醇生产线稳定生产: 'methanol-line-stable-production',
  挂牌: 'inaugurated',
  '瘦身/停缓建': 'downsized-or-paused',
  '暂缓/停建': 'postponed-or-halted',
};

/** 32-bit FNV-1a, hex: a stable short code for a text with no dictionary entry. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A slug for a sub_milestone: the dictionary code of its bracket-free name; counts and percentages
 * (「227/229进场」, 「进度61%」) become `progress-<hash>`, anything else `milestone-<hash>`.
 */
export function milestoneCode(subMilestone: string): string {
  const bare = subMilestone.replace(/\([^)]*\)|（[^）]*）/g, '').trim();
  const known = MILESTONE_CODES[bare];
  if (known) return known;
  return `${/\d/.test(bare) ? 'progress' : 'milestone'}-${fnv1a(subMilestone)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Stage history
// ---------------------------------------------------------------------------------------------------------------

interface DatedRecord {
  record: ReportRecord;
  asOf: string;
  index: number;
}

const stageRank = (s: ReportStage): number =>
  s === 'UNSPECIFIED' ? -1 : s === 'ON_HOLD' ? STAGES.length : s === 'CANCELLED' ? STAGES.length + 1 : stageOrder(s);

const sourceOf = (r: ReportRecord): SourceRef => ({ sourceFile: r.source_file, sourceLine: r.source_line });

interface StageHistory {
  transitions: TransitionSeed[];
  stage: Stage;
  stageDate: string;
  heldFromStage: CanonicalStage | null;
  initialStageInferred: boolean;
  warnings: string[];
}

/**
 * Replays the records in as_of order (same-day records lowest stage first, so one report naming a project twice
 * never looks like a step back): UNSPECIFIED adds nothing; the first known stage is the INITIAL entry; a later,
 * higher stage is a FORWARD move (or a RESUME after a hold); ON_HOLD is a HOLD from SIGNED..COMMISSIONING; a
 * later, lower stage is ignored with a warning (history is never moved backwards by an import). A project with
 * no known stage starts at RESERVE on its earliest as_of; one whose first known state is a hold starts, inferred,
 * at the family's entry stage (PRE_CONSTRUCTION for 政府投资, SIGNED for 招商) and is held the same day.
 */
function buildTransitions(ordered: DatedRecord[], family: ProjectFamily): StageHistory {
  const transitions: TransitionSeed[] = [];
  const warnings: string[] = [];
  // Mutated only through push(); read as st.current so TypeScript does not narrow it to its initial null.
  const st: { current: Stage | null; stageDate: string; held: CanonicalStage | null } = { current: null, stageDate: '', held: null };
  let initialStageInferred = false;

  const push = (t: Omit<TransitionSeed, 'fromStage'>) => {
    transitions.push({ ...t, fromStage: st.current });
    st.current = t.toStage;
    st.stageDate = t.effectiveDate;
    st.held = t.kind === 'HOLD' ? t.heldFromStage : null;
  };

  const byStage = [...ordered].sort((a, b) =>
    a.asOf !== b.asOf ? (a.asOf < b.asOf ? -1 : 1) : stageRank(a.record.canonical_stage) - stageRank(b.record.canonical_stage) || a.index - b.index,
  );

  for (const { record: r, asOf } of byStage) {
    const s = r.canonical_stage;
    const base = { effectiveDate: asOf, note: r.status_zh, stageInferred: r.stage_inferred, source: sourceOf(r) };
    if (s === 'UNSPECIFIED') continue;

    const now = st.current;
    if (now === null) {
      if (s === 'ON_HOLD') {
        const start: CanonicalStage = family === 'GOVERNMENT' ? 'PRE_CONSTRUCTION' : 'SIGNED';
        initialStageInferred = true;
        warnings.push(
          `First known state is a hold (「${r.status_zh}」, ${asOf}); starting stage ${start} inferred for a ${family} project, held the same day`,
        );
        push({ ...base, kind: 'INITIAL', toStage: start, heldFromStage: null, stageInferred: true, note: `推断的起始阶段(报告只说「${r.status_zh}」)` });
        push({ ...base, kind: 'HOLD', toStage: 'ON_HOLD', heldFromStage: start });
      } else {
        push({ ...base, kind: 'INITIAL', toStage: s, heldFromStage: null });
      }
      continue;
    }

    if (s === 'CANCELLED') {
      if (now !== 'CANCELLED') push({ ...base, kind: 'CANCEL', toStage: 'CANCELLED', heldFromStage: null });
      continue;
    }
    if (now === 'CANCELLED') {
      warnings.push(`${asOf} 「${r.status_zh}」 reports ${s} after the project was cancelled; not reopened`);
      continue;
    }
    if (s === 'ON_HOLD') {
      if (now === 'ON_HOLD') continue;
      if (HOLDABLE_STAGES.includes(now)) {
        push({ ...base, kind: 'HOLD', toStage: 'ON_HOLD', heldFromStage: now });
      } else {
        warnings.push(`${asOf} 「${r.status_zh}」 hold ignored: a project in ${now} cannot be put on hold (only SIGNED..COMMISSIONING)`);
      }
      continue;
    }
    // s is canonical from here on.
    if (now === 'ON_HOLD') {
      const from = st.held ?? 'SIGNED';
      if (stageOrder(s) >= stageOrder(from)) {
        push({ ...base, kind: 'RESUME', toStage: s, heldFromStage: null });
      } else {
        warnings.push(`${asOf} 「${r.status_zh}」 reports ${s}, before ${from} (held since ${st.stageDate}); kept ON_HOLD, no backward move`);
      }
      continue;
    }
    if (stageOrder(s) > stageOrder(now)) {
      push({ ...base, kind: 'FORWARD', toStage: s, heldFromStage: null });
    } else if (stageOrder(s) < stageOrder(now)) {
      warnings.push(`${asOf} 「${r.status_zh}」 reports ${s}, earlier than ${now} (since ${st.stageDate}); kept ${now}, no backward move`);
    }
  }

  if (st.current === null) {
    const first = byStage[0];
    initialStageInferred = true;
    warnings.push(`No record states a stage (all UNSPECIFIED); starting stage RESERVE inferred at the earliest as_of ${first.asOf}`);
    push({
      kind: 'INITIAL',
      toStage: 'RESERVE',
      effectiveDate: first.asOf,
      note: `推断的起始阶段:报告未说明阶段(「${first.record.status_zh}」)`,
      heldFromStage: null,
      stageInferred: true,
      source: sourceOf(first.record),
    });
  }
  const stage = st.current as Stage | null;
  if (stage === null) throw new Error('unreachable: no stage after replay');
  return { transitions, stage, stageDate: st.stageDate, heldFromStage: st.held, initialStageInferred, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// The transformer
// ---------------------------------------------------------------------------------------------------------------

/**
 * The project's display name: the latest report's simplified name, unless an earlier report gives a
 * fuller name of which it is an abbreviation (「建行数据中心」 ← 「中国建设银行内蒙古和林格尔新区数据中心项目」): later
 * reports tend to abbreviate. A different name that is not an abbreviation (a component, a rename) loses.
 */
export function fullestName(records: ReportRecord[]): string {
  const nameOf = (r: ReportRecord) => r.name_zh_normalized ?? r.name_zh;
  const latest = nameOf(records[records.length - 1]);
  let best = latest;
  for (const r of records) {
    const name = nameOf(r);
    if (name.length > best.length && isAbbreviationOf(latest, name)) best = name;
  }
  return best;
}

/** True when every character of `short` appears in `long`, in order. */
function isAbbreviationOf(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (i < short.length && ch === short[i]) i++;
  return i === short.length;
}

export const PROJECT_CODE_PREFIX = 'RP-';

export function projectCodeOf(projectKey: string): string {
  const code = `${PROJECT_CODE_PREFIX}${projectKey.toUpperCase().replace(/[^A-Z0-9_-]/g, '-')}`;
  if (code.length > 64) throw new Error(`Project code ${code} is longer than 64 characters`);
  return code;
}

const latestNonNull = <T>(records: DatedRecord[], pick: (r: ReportRecord) => T | null): T | null => {
  for (let i = records.length - 1; i >= 0; i--) {
    const v = pick(records[i].record);
    if (v !== null && v !== undefined && v !== '') return v;
  }
  return null;
};

/**
 * One ProjectSeed per project_key, in order of first appearance in `records`. Throws on a record it cannot read
 * (bad as_of, bad amount) or on a mapping to a unit or cluster code missing from `units` / `clusters`.
 */
export function buildReportProjectSeeds(
  records: ReportRecord[],
  units: UnitSeed[],
  clusters: ClusterSeed[],
  options: BuildOptions = {},
): ProjectSeed[] {
  const unitIndex = new UnitIndex(units);
  const clusterByCode = new Map(clusters.map((c) => [c.code, c]));
  const listOrder = options.lists ? new Map(options.lists.map((l, i) => [l.code, i])) : null;
  const checkCluster = (code: string) => {
    const c = clusterByCode.get(code);
    if (!c) throw new Error(`Cluster code ${code} is not in the taxonomy`);
    return c;
  };
  for (const [, codes] of CLUSTER_RULES) codes.forEach(checkCluster);
  Object.values(CHAIN_CODES).forEach(checkCluster);
  Object.values(CLUSTER_OVERRIDES).forEach((codes) => codes.forEach(checkCluster));
  for (const [code] of LIST_RULES) {
    if (listOrder && !listOrder.has(code)) throw new Error(`List code ${code} is not in lists`);
  }

  const groups = new Map<string, DatedRecord[]>();
  records.forEach((record, index) => {
    const dated = { record, asOf: normalizeAsOf(record.as_of), index };
    const group = groups.get(record.project_key);
    if (group) group.push(dated);
    else groups.set(record.project_key, [dated]);
  });

  const seeds: ProjectSeed[] = [];
  for (const [projectKey, group] of groups) {
    // Chronological, ties in file order: "latest" means the last element.
    const ordered = [...group].sort((a, b) => (a.asOf !== b.asOf ? (a.asOf < b.asOf ? -1 : 1) : a.index - b.index));
    const latest = ordered[ordered.length - 1].record;
    const warnings: string[] = [];

    for (const d of ordered) {
      if (d.asOf !== d.record.as_of) warnings.push(`as_of 「${d.record.as_of}」 has no day; dated ${d.asOf} (end of the period)`);
    }

    // Type and family.
    const projectType = latestNonNull(ordered, (r) => (r.project_type && r.project_type !== 'mixed' ? r.project_type : null)) ?? latest.project_type;
    const family = familyOfProjectType(projectType);

    // Unit: stated locations first, else the reporting governments; the most specific wins. Each text is read on
    // its own first (「呼和浩特市新城区」 is 新城区), then the records are combined.
    const locationCodes: string[] = [];
    const jurisdictionCodes: string[] = [];
    const placeOf = (text: string, isLocation: boolean): string | null => {
      const found = unitIndex.matches(text);
      if (found.length === 0) return null;
      const resolved = unitIndex.resolve(found);
      if (resolved.conflict && isLocation) {
        warnings.push(`「${text}」 names several units (${found.map((c) => unitIndex.get(c).nameZh).join('、')}); assigned to their common parent ${unitIndex.get(resolved.code).nameZh}`);
      }
      return resolved.code;
    };
    for (const { record: r } of ordered) {
      if (r.location_zh) {
        if (VENUE_RE.test(r.location_zh)) warnings.push(`location 「${r.location_zh}」 names a venue, not the project site; not used for the unit`);
        else {
          const code = placeOf(r.location_zh, true);
          if (code) locationCodes.push(code);
        }
      }
      const code = placeOf(r.jurisdiction_zh, false);
      if (code) jurisdictionCodes.push(code);
    }
    const fromLocation = locationCodes.length > 0;
    const unitBasis = fromLocation ? locationCodes : jurisdictionCodes;
    if (unitBasis.length === 0) throw new Error(`No unit matches project ${projectKey}`);
    const unit = unitIndex.resolve(unitBasis);
    const unitSeed = unitIndex.get(unit.code);
    if (unit.conflict) {
      const names = [...new Set(unitBasis)].map((c) => unitIndex.get(c).nameZh).join('、');
      warnings.push(`${fromLocation ? 'Locations' : 'Reporting governments'} name different units (${names}); assigned to their common parent ${unitSeed.nameZh}`);
    } else if (!fromLocation && new Set(jurisdictionCodes).size > 1 && unitSeed.kind !== 'CITY' && unitSeed.kind !== 'REGION') {
      // e.g. 地铁1、2号线: named by the 新城区 report and by the city's, with no location: maybe a city-wide project.
      const others = [...new Set(jurisdictionCodes)].filter((c) => c !== unit.code).map((c) => unitIndex.get(c).nameZh).join('、');
      warnings.push(`Unit ${unitSeed.nameZh} comes only from the reporting government (also reported by ${others}; no location stated); check`);
    }

    // Clusters.
    const codes = new Set<string>();
    const addCode = (code: string) => {
      const c = checkCluster(code);
      if (c.parentCode) codes.add(checkCluster(c.parentCode).code);
      codes.add(code);
    };
    for (const { record: r } of ordered) {
      if (r.cluster_zh) {
        const rule = CLUSTER_RULES.find(([re, , when]) => re.test(r.cluster_zh as string) && (!when || when(r)));
        if (rule) rule[1].forEach(addCode);
        else warnings.push(`cluster_zh 「${r.cluster_zh}」 has no mapping`);
      }
      if (r.chain_zh) {
        const chain = CHAIN_CODES[r.chain_zh];
        if (chain) addCode(chain);
        else warnings.push(`chain_zh 「${r.chain_zh}」 names no single chain; cluster only`);
      }
    }
    if (codes.size === 0 && CLUSTER_OVERRIDES[projectKey]) CLUSTER_OVERRIDES[projectKey].forEach(addCode);
    if (codes.size === 0) warnings.push('No cluster could be derived');
    const clusterCodes = [...codes].sort((a, b) => {
      const ca = checkCluster(a);
      const cb = checkCluster(b);
      const pa = ca.parentCode ? checkCluster(ca.parentCode) : ca;
      const pb = cb.parentCode ? checkCluster(cb.parentCode) : cb;
      return pa.sortOrder - pb.sortOrder || pa.code.localeCompare(pb.code) || (ca.parentCode ? ca.sortOrder : -1) - (cb.parentCode ? cb.sortOrder : -1);
    });

    // Lists.
    const lists = new Set<string>();
    for (const { record: r } of ordered) for (const [code, applies] of LIST_RULES) if (applies(r)) lists.add(code);
    const listCodes = [...lists].sort((a, b) => (listOrder ? (listOrder.get(a) ?? 0) - (listOrder.get(b) ?? 0) : a.localeCompare(b)));

    // Money: the latest stated total, unless its note says it is not the total.
    let totalInvestment: string | null = null;
    for (const { record: r } of ordered) {
      if (r.investment_yuan_100m === null || r.investment_yuan_100m === undefined || r.investment_yuan_100m === '') continue;
      if (r.investment_note && NOT_TOTAL_RE.test(r.investment_note)) {
        warnings.push(`investment ${r.investment_yuan_100m} 亿元 not used: ${r.investment_note}`);
        continue;
      }
      totalInvestment = yuan100mToWan(r.investment_yuan_100m);
    }

    // Stage history.
    const history = buildTransitions(ordered, family);
    warnings.push(...history.warnings);

    // Plan dates: the latest record wins per stage.
    const plans = new Map<CanonicalStage, PlanDateSeed>();
    for (const { record: r, asOf } of ordered) {
      if (!r.expected) continue;
      for (const p of planDatesFromExpected(r.expected, asOf)) {
        plans.set(p.stage, { stage: p.stage, expectedDate: p.expectedDate, sourceText: r.expected, asOf, source: sourceOf(r) });
      }
    }
    const planDates = [...plans.values()].sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage));

    // Milestones: one per code, at the earliest date it is reported.
    const milestones = new Map<string, MilestoneSeed>();
    for (const { record: r, asOf } of ordered) {
      if (!r.sub_milestone) continue;
      const code = milestoneCode(r.sub_milestone);
      if (milestones.has(code)) continue;
      milestones.set(code, { code, nameZh: r.sub_milestone, effectiveDate: asOf, note: r.status_zh, source: sourceOf(r) });
    }

    const sources: ProjectSourceSeed[] = ordered.map(({ record: r, asOf }) => ({
      sourceFile: r.source_file,
      sourceLine: r.source_line,
      quoteZh: r.quote_zh,
      quoteZhContinuation: r.quote_zh_continuation,
      continuationLine: r.continuation_line,
      statusZh: r.status_zh,
      asOf,
      stage: r.canonical_stage,
      subMilestone: r.sub_milestone,
      note: r.note,
    }));

    seeds.push({
      code: projectCodeOf(projectKey),
      projectKey,
      nameZh: fullestName(ordered.map((o) => o.record)),
      nameZhNormalized: latest.name_zh_normalized,
      nameEn: latest.name_en,
      location: latestNonNull(ordered, (r) => r.location_zh),
      unitCode: unit.code,
      family,
      projectType,
      isProgram: latest.is_program,
      totalInvestment,
      capacity: latestNonNull(ordered, (r) => r.capacity),
      clusterCodes,
      listCodes,
      stage: history.stage,
      stageDate: history.stageDate,
      heldFromStage: history.heldFromStage,
      initialStageInferred: history.initialStageInferred,
      transitions: history.transitions,
      planDates,
      milestones: [...milestones.values()],
      sources,
      warnings: [...new Set(warnings)],
    });
  }

  const codes = new Set<string>();
  for (const s of seeds) {
    if (codes.has(s.code)) throw new Error(`Duplicate project code ${s.code}`);
    codes.add(s.code);
  }
  return seeds;
}
