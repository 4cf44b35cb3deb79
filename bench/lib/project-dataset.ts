import pg from 'pg';
import { hashPassword } from '#persistence';

/**
 * A large, realistic project ledger for benchmarks, generated with set-based SQL (INSERT … SELECT over
 * generate_series) so 1,000,000 projects take a minute or two instead of hours of row-by-row inserts.
 *
 * Shape: 内蒙古自治区 → 呼和浩特市 → its 12 旗县区 / 新区 / 开发区 → 3–5 乡镇·街道·园区 each; the 六大产业集群
 * with their chains plus the government clusters; 20,000 investors; projects spread over the units
 * with a skew, a realistic stage mix, log-normal investments in 万元, Chinese names built from real
 * company short names and products, an investor for most 招商 projects, cluster tags for about half
 * and list memberships for about a tenth.
 *
 * Generation is skippable: table `bench_dataset` records the version and row count of what is there;
 * a run that asks for the same count and version reuses it. Bump DATASET_VERSION whenever the shape
 * of the generated data changes.
 */
export const DATASET_NAME = 'projects';
export const DATASET_VERSION = 1;

/** Logins created with the data set (password BENCH_PASSWORD). */
export const BENCH_USERS = {
  admin: { username: 'bench-admin', role: 'admin', unitCode: '150100' },
  /** Scoped to one district (赛罕区) and its towns. */
  staff: { username: 'bench-staff', role: 'staff', unitCode: '150105' },
} as const;
export const BENCH_PASSWORD = 'luodi-bench';

interface UnitSpec {
  code: string;
  adminCode: string | null;
  nameZh: string;
  nameEn: string | null;
  kind: string;
  /** Share of all projects in the district (districts only); towns split 70 % of it, the district keeps 30 %. */
  weight?: number;
  towns?: string[];
}

const DISTRICTS: UnitSpec[] = [
  { code: '150102', adminCode: '150102', nameZh: '新城区', nameEn: 'Xincheng District', kind: 'DISTRICT', weight: 8, towns: ['保合少镇', '成吉思汗大街街道', '海拉尔东路街道', '东街街道'] },
  { code: '150103', adminCode: '150103', nameZh: '回民区', nameEn: 'Huimin District', kind: 'DISTRICT', weight: 6, towns: ['攸攸板镇', '海拉尔西路街道', '新华西路街道'] },
  { code: '150104', adminCode: '150104', nameZh: '玉泉区', nameEn: 'Yuquan District', kind: 'DISTRICT', weight: 6, towns: ['小黑河镇', '昭君路街道', '兴隆巷街道'] },
  { code: '150105', adminCode: '150105', nameZh: '赛罕区', nameEn: 'Saihan District', kind: 'DISTRICT', weight: 10, towns: ['金河镇', '黄合少镇', '榆林镇', '巴彦街道', '敕勒川路街道'] },
  { code: '150121', adminCode: '150121', nameZh: '土默特左旗', nameEn: 'Tumed Left Banner', kind: 'BANNER', weight: 9, towns: ['察素齐镇', '毕克齐镇', '白庙子镇', '沙尔沁镇'] },
  { code: '150122', adminCode: '150122', nameZh: '托克托县', nameEn: 'Togtoh County', kind: 'COUNTY', weight: 8, towns: ['双河镇', '新营子镇', '五申镇', '伍什家镇'] },
  { code: '150123', adminCode: '150123', nameZh: '和林格尔县', nameEn: 'Horinger County', kind: 'COUNTY', weight: 7, towns: ['城关镇', '盛乐镇', '新店子镇', '舍必崖乡'] },
  { code: '150124', adminCode: '150124', nameZh: '清水河县', nameEn: 'Qingshuihe County', kind: 'COUNTY', weight: 4, towns: ['城关镇', '宏河镇', '喇嘛湾镇'] },
  { code: '150125', adminCode: '150125', nameZh: '武川县', nameEn: 'Wuchuan County', kind: 'COUNTY', weight: 4, towns: ['可可以力更镇', '西乌兰不浪镇', '哈乐镇'] },
  { code: 'hlgr-new-area', adminCode: null, nameZh: '和林格尔新区', nameEn: 'Horinger New Area', kind: 'NEW_AREA', weight: 14, towns: ['盛乐现代服务业集聚区', '云谷片区', '大数据产业园', '沙尔营片区'] },
  { code: 'hhht-etdz', adminCode: null, nameZh: '呼和浩特经济技术开发区', nameEn: 'Hohhot Economic and Technological Development Zone', kind: 'DEV_ZONE', weight: 14, towns: ['金山园区', '如意园区', '沙尔沁工业区', '托清园区'] },
  { code: 'hhht-aerospace-edz', adminCode: null, nameZh: '呼和浩特航天经济开发区', nameEn: 'Hohhot Aerospace Economic Development Zone', kind: 'DEV_ZONE', weight: 10, towns: ['航天园区', '装备制造园区', '新材料园区'] },
];

interface ClusterSpec {
  code: string;
  nameZh: string;
  chains: { code: string; nameZh: string }[];
}

const CLUSTERS: ClusterSpec[] = [
  { code: 'green-agri', nameZh: '绿色农畜产品加工产业集群', chains: [{ code: 'dairy', nameZh: '乳业' }, { code: 'forage', nameZh: '饲草饲料' }, { code: 'corn', nameZh: '玉米' }, { code: 'potato', nameZh: '马铃薯' }, { code: 'meat', nameZh: '肉类' }] },
  { code: 'electronic-info', nameZh: '电子信息技术产业集群', chains: [{ code: 'computing', nameZh: '算力(数据中心·智算)' }, { code: 'ai', nameZh: '人工智能' }] },
  { code: 'new-materials-equipment', nameZh: '新材料和现代装备制造产业集群', chains: [{ code: 'silicon', nameZh: '硅材料' }, { code: 'ne-equipment', nameZh: '新能源装备' }, { code: 'aerospace', nameZh: '航空航天(低空装备)' }, { code: 'rare-earth', nameZh: '稀土新材料' }] },
  { code: 'biomed', nameZh: '生物医药产业集群', chains: [{ code: 'fermentation', nameZh: '生物发酵' }, { code: 'mongolian-medicine', nameZh: '中蒙医药' }, { code: 'vaccines', nameZh: '生物疫苗' }, { code: 'medical-devices', nameZh: '医疗器械' }] },
  { code: 'clean-energy', nameZh: '清洁能源产业集群', chains: [{ code: 'source', nameZh: '电源侧' }, { code: 'grid', nameZh: '电网侧' }, { code: 'peaking', nameZh: '调峰侧' }] },
  { code: 'modern-chemical', nameZh: '现代化工产业集群', chains: [{ code: 'coal-chem', nameZh: '煤化工' }, { code: 'coking', nameZh: '煤焦化工' }, { code: 'chlor-alkali', nameZh: '氯碱化工' }, { code: 'silicon-chem', nameZh: '硅化工' }] },
  { code: 'modern-services', nameZh: '现代服务业', chains: [{ code: 'hq', nameZh: '总部经济' }, { code: 'logistics', nameZh: '现代物流' }, { code: 'commerce', nameZh: '商贸消费' }, { code: 'exhibition', nameZh: '会展' }, { code: 'health-elderly', nameZh: '健康养老' }] },
  { code: 'transport', nameZh: '基础设施-交通', chains: [] },
  { code: 'water-conservancy', nameZh: '基础设施-水利', chains: [] },
  { code: 'urban-infrastructure', nameZh: '城乡基础设施(市政)', chains: [] },
  { code: 'ecology', nameZh: '生态保护与环境治理', chains: [] },
  { code: 'social', nameZh: '社会事业', chains: [{ code: 'education', nameZh: '教育' }, { code: 'health', nameZh: '医疗卫生' }] },
];

/** [name_zh, name_en, cluster or chain code] of 招商 (investment) products. */
const INVESTMENT_PRODUCTS: [string, string, string][] = [
  ['乳制品加工', 'Dairy processing', 'dairy'], ['液态奶生产线', 'Liquid milk line', 'dairy'], ['婴幼儿配方奶粉', 'Infant formula plant', 'dairy'],
  ['万头奶牛养殖牧场', 'Dairy cattle ranch', 'dairy'], ['饲草种植加工', 'Forage growing and processing', 'forage'], ['饲料生产', 'Feed mill', 'forage'],
  ['玉米深加工', 'Corn deep processing', 'corn'], ['生物基材料', 'Bio-based materials', 'corn'], ['马铃薯全粉加工', 'Potato flour processing', 'potato'],
  ['肉羊屠宰加工', 'Sheep slaughter and processing', 'meat'], ['肉牛养殖', 'Beef cattle farm', 'meat'],
  ['数据中心', 'Data centre', 'computing'], ['智算中心', 'AI computing centre', 'computing'], ['云计算产业园', 'Cloud computing park', 'computing'],
  ['人工智能算力平台', 'AI compute platform', 'ai'], ['大模型训练基地', 'Large-model training base', 'ai'],
  ['单晶硅拉棒', 'Monocrystalline silicon ingots', 'silicon'], ['光伏组件', 'PV modules', 'silicon'], ['多晶硅', 'Polysilicon', 'silicon'], ['硅片切片', 'Silicon wafer slicing', 'silicon'],
  ['风电装备制造', 'Wind turbine manufacturing', 'ne-equipment'], ['光伏逆变器', 'PV inverters', 'ne-equipment'], ['储能电池', 'Energy-storage batteries', 'ne-equipment'],
  ['无人机研发制造', 'Drone R&D and manufacturing', 'aerospace'], ['低空经济产业园', 'Low-altitude economy park', 'aerospace'],
  ['稀土永磁材料', 'Rare-earth permanent magnets', 'rare-earth'], ['稀土抛光材料', 'Rare-earth polishing materials', 'rare-earth'],
  ['生物发酵', 'Bio-fermentation', 'fermentation'], ['氨基酸生产', 'Amino acid production', 'fermentation'], ['维生素生产', 'Vitamin production', 'fermentation'],
  ['蒙药制剂', 'Mongolian medicine preparations', 'mongolian-medicine'], ['中药材种植加工', 'Herbal medicine processing', 'mongolian-medicine'],
  ['疫苗生产基地', 'Vaccine production base', 'vaccines'], ['医疗器械生产', 'Medical devices', 'medical-devices'],
  ['光伏发电', 'Solar power', 'source'], ['风力发电', 'Wind power', 'source'], ['风光制氢一体化', 'Wind-solar hydrogen', 'source'],
  ['500千伏输变电工程', '500 kV transmission', 'grid'], ['220千伏变电站', '220 kV substation', 'grid'],
  ['抽水蓄能电站', 'Pumped-storage station', 'peaking'], ['新型储能电站', 'Battery storage station', 'peaking'],
  ['煤制烯烃', 'Coal to olefins', 'coal-chem'], ['煤制天然气', 'Coal to gas', 'coal-chem'], ['焦化', 'Coking', 'coking'],
  ['氯碱化工', 'Chlor-alkali', 'chlor-alkali'], ['有机硅单体', 'Organosilicon monomer', 'silicon-chem'],
  ['总部基地', 'Headquarters base', 'hq'], ['现代物流园', 'Logistics park', 'logistics'], ['冷链物流中心', 'Cold-chain logistics centre', 'logistics'],
  ['商业综合体', 'Commercial complex', 'commerce'], ['城市奥特莱斯', 'Outlet mall', 'commerce'], ['会展中心', 'Exhibition centre', 'exhibition'],
  ['康养中心', 'Health and elderly care centre', 'health-elderly'],
];

/** [name_zh, name_en, cluster or chain code] of 政府投资 (government) projects. */
const GOVERNMENT_PRODUCTS: [string, string, string][] = [
  ['城市道路改造', 'Urban road upgrade', 'transport'], ['高速公路连接线', 'Expressway link road', 'transport'], ['立交桥', 'Interchange', 'transport'],
  ['引黄供水工程', 'Yellow River water supply', 'water-conservancy'], ['水库除险加固', 'Reservoir reinforcement', 'water-conservancy'],
  ['污水处理厂', 'Sewage treatment plant', 'urban-infrastructure'], ['供热管网改造', 'Heating network upgrade', 'urban-infrastructure'],
  ['老旧小区改造', 'Old residential area renewal', 'urban-infrastructure'], ['黄河流域生态修复', 'Yellow River ecological restoration', 'ecology'],
  ['大青山生态治理', 'Daqing Mountains ecological works', 'ecology'], ['中学新建', 'New secondary school', 'education'],
  ['职业教育实训基地', 'Vocational training base', 'education'], ['人民医院新院区', "New people's hospital campus", 'health'], ['疾控中心', 'CDC building', 'health'],
];

/** Short names of companies that invest in Hohhot, for 招商 projects without a generated investor. */
const BRANDS = [
  '伊利', '蒙牛', '中环', '双良', '阿特斯', '晶澳', '华为', '中国移动', '中国电信', '中国联通', '中国建设银行', '三峡', '国家电投', '华能', '大唐',
  '北方稀土', '金宇', '久泰', '君正', '东方希望', '宁德时代', '远景', '明阳', '金风', '特变电工', '亿利', '优然牧业', '赛科星', '圣牧', '京东',
  '顺丰', '华润', '九州通', '大北农', '新希望', '中粮', '美团', '阿里云', '腾讯', '字节跳动',
];

// Investor i (1-based) is REGIONS[i % 12] + CORES[(i / 12) % 40] + INDUSTRIES[(i / 480) % 10] + SUFFIXES[(i / 4800) % 5]:
// unique for i < 24,000, and a project can name itself after its investor's core word without a join.
const INVESTOR_REGIONS = ['内蒙古', '呼和浩特', '北京', '上海', '深圳', '天津', '杭州', '包头', '鄂尔多斯', '江苏', '浙江', '山东'];
const INVESTOR_CORES = [
  '伊泰', '蒙草', '金宇', '中环', '华晟', '宏达', '鑫源', '瑞丰', '恒信', '东方', '天润', '富邦', '正泰', '华电', '国电', '通威', '隆基', '新奥', '协鑫', '远大',
  '振华', '德胜', '兴发', '博源', '蒙泰', '美锦', '晨光', '绿源', '嘉德', '永丰', '盛世', '华夏', '天宇', '中科', '安泰', '利民', '达康', '同创', '汇能', '天骄',
];
const INVESTOR_INDUSTRIES = ['新能源', '科技', '乳业', '化工', '生物', '材料', '物流', '能源', '实业', '数据'];
const INVESTOR_SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '发展有限公司', '投资有限公司'];
const INVESTOR_COUNT = 20_000;

/** Stage mix of a city ledger: many in negotiation and under construction, few on hold or cancelled (percent). */
export const STAGE_WEIGHTS: [string, number][] = [
  ['RESERVE', 10], ['NEGOTIATING', 14], ['SIGNED', 13], ['LANDED', 8], ['PRE_CONSTRUCTION', 10], ['UNDER_CONSTRUCTION', 18],
  ['CONSTRUCTION_COMPLETE', 5], ['COMMISSIONING', 6], ['OPERATING', 9], ['AT_CAPACITY', 4], ['ON_HOLD', 2], ['CANCELLED', 1],
];

const LISTS = [
  { code: 'bench-region-major-2025', nameZh: '2025年自治区重大项目', issuer: '自治区发展改革委', year: 2025, share: 0.03 },
  { code: 'bench-city-key-2025', nameZh: '2025年市级重点项目', issuer: '呼和浩特市发展改革委', year: 2025, share: 0.08 },
  { code: 'bench-mayor-2025', nameZh: '市县长项目', issuer: '呼和浩特市人民政府', year: 2025, share: 0.01 },
];

export interface DatasetInfo {
  projects: number;
  reused: boolean;
  seconds: number;
}

/** Projects, investors, units… are there with the requested count and version? Else (re)generate them. */
export async function ensureProjectDataset(url: string, projects: number, log: (line: string) => void = () => undefined): Promise<DatasetInfo> {
  const client = new pg.Client({ connectionString: url, application_name: 'luodi-bench-generate' });
  client.on('error', () => undefined);
  await client.connect();
  const started = performance.now();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS bench_dataset (
      name text PRIMARY KEY, version int NOT NULL, row_count int NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT now(), seconds numeric NOT NULL)`);
    await client.query('BEGIN');
    // Two bench runs at once must not both generate.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('luodi-bench-dataset'))`);
    const marker = await client.query<{ version: number; row_count: number; seconds: string }>(
      'SELECT version, row_count, seconds FROM bench_dataset WHERE name = $1',
      [DATASET_NAME],
    );
    const m = marker.rows[0];
    if (m && m.version === DATASET_VERSION && m.row_count === projects) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM project');
      if (rows[0].n === projects) {
        await client.query('COMMIT');
        log(`data set: reusing ${projects.toLocaleString('en-US')} projects (version ${DATASET_VERSION}, generated in ${Number(m.seconds).toFixed(0)} s)`);
        return { projects, reused: true, seconds: (performance.now() - started) / 1000 };
      }
    }
    log(`data set: generating ${projects.toLocaleString('en-US')} projects (version ${DATASET_VERSION})…`);
    await generate(client, projects, log);
    const seconds = (performance.now() - started) / 1000;
    await client.query(
      `INSERT INTO bench_dataset (name, version, row_count, seconds) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, row_count = EXCLUDED.row_count, seconds = EXCLUDED.seconds, generated_at = now()`,
      [DATASET_NAME, DATASET_VERSION, projects, seconds.toFixed(1)],
    );
    await client.query('COMMIT');
    const vacuumStarted = performance.now();
    // Fresh rows have no visibility-map bits and no hint bits: VACUUM gives the steady state a live
    // database has (index-only scans for counts), ANALYZE gives the planner its statistics.
    await client.query('VACUUM (ANALYZE) project, project_cluster, project_list_membership, investor, unit, cluster, app_user');
    log(`data set: VACUUM ANALYZE in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const total = (performance.now() - started) / 1000;
    await client.query('UPDATE bench_dataset SET seconds = $2 WHERE name = $1', [DATASET_NAME, total.toFixed(1)]);
    return { projects, reused: false, seconds: total };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function timed(log: (line: string) => void, label: string, fn: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await fn();
  log(`  ${label} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Runs inside the caller's transaction: a crash leaves the previous data set (and every index) as it was. */
async function generate(client: pg.Client, projects: number, log: (line: string) => void): Promise<void> {
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  await client.query(`SET LOCAL work_mem = '64MB'`);
  // Everything a previous run generated, and every row that hangs off it (CASCADE follows foreign keys).
  await client.query('TRUNCATE unit, investor, taxonomy_version, project_list, app_user CASCADE');

  // Units: region → city → 12 districts → towns, with materialised paths like the seeder's (/150000/150100/150105/…/).
  const unitId = new Map<string, { id: string; path: string; nameZh: string }>();
  const insertUnit = async (code: string, adminCode: string | null, nameZh: string, nameEn: string | null, kind: string, parent: string | null, sortOrder: number) => {
    const parentRow = parent ? unitId.get(parent)! : null;
    const path = `${parentRow ? parentRow.path : '/'}${code}/`;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO unit (code, admin_code, name_zh, name_en, kind, parent_id, path, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [code, adminCode, nameZh, nameEn, kind, parentRow?.id ?? null, path, sortOrder],
    );
    unitId.set(code, { id: rows[0].id, path, nameZh });
  };
  await insertUnit('150000', '150000', '内蒙古自治区', 'Inner Mongolia Autonomous Region', 'REGION', null, 0);
  await insertUnit('150100', '150100', '呼和浩特市', 'Hohhot', 'CITY', '150000', 1);
  // Project placement: 10,000 slots, each district keeps 30 % of its weight and its towns share 70 %.
  const slotUnits: string[] = [];
  const totalWeight = DISTRICTS.reduce((s, d) => s + (d.weight ?? 0), 0);
  for (const [i, d] of DISTRICTS.entries()) {
    await insertUnit(d.code, d.adminCode, d.nameZh, d.nameEn, d.kind, '150100', i + 1);
    const slots = Math.round((10_000 * (d.weight ?? 0)) / totalWeight);
    const towns = d.towns ?? [];
    const own = Math.round(slots * 0.3);
    for (let s = 0; s < own; s++) slotUnits.push(d.code);
    for (const [j, town] of towns.entries()) {
      const code = `${d.code}-t${j + 1}`;
      await insertUnit(code, null, town, null, d.kind === 'DEV_ZONE' || d.kind === 'NEW_AREA' ? 'DEV_ZONE' : 'TOWN', d.code, j + 1);
      const share = Math.floor((slots - own) / towns.length) + (j < (slots - own) % towns.length ? 1 : 0);
      for (let s = 0; s < share; s++) slotUnits.push(code);
    }
  }
  const slotIds = slotUnits.map((c) => unitId.get(c)!.id);
  const slotPaths = slotUnits.map((c) => unitId.get(c)!.path);
  const slotNames = slotUnits.map((c) => unitId.get(c)!.nameZh);
  log(`  ${unitId.size} units`);

  // Users to log in with.
  const hash = await hashPassword(BENCH_PASSWORD);
  for (const u of Object.values(BENCH_USERS)) {
    await client.query(`INSERT INTO app_user (username, display_name, password_hash, role, unit_id) VALUES ($1, $1, $2, $3, $4)`, [
      u.username,
      hash,
      u.role,
      unitId.get(u.unitCode)!.id,
    ]);
  }

  // Taxonomy: clusters and their chains.
  const { rows: tv } = await client.query<{ id: string }>(
    `INSERT INTO taxonomy_version (code, name, valid_from, active) VALUES ('bench-2024', '呼和浩特市六大产业集群(基准测试)', '2024-01-01', true) RETURNING id`,
  );
  const clusterId = new Map<string, string>();
  for (const [i, c] of CLUSTERS.entries()) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO cluster (taxonomy_version_id, code, kind, name_zh, sort_order) VALUES ($1, $2, 'CLUSTER', $3, $4) RETURNING id`,
      [tv[0].id, c.code, c.nameZh, i + 1],
    );
    clusterId.set(c.code, rows[0].id);
    for (const [j, chain] of c.chains.entries()) {
      const r = await client.query<{ id: string }>(
        `INSERT INTO cluster (taxonomy_version_id, code, kind, parent_id, name_zh, sort_order) VALUES ($1, $2, 'CHAIN', $3, $4, $5) RETURNING id`,
        [tv[0].id, `${c.code}-${chain.code}`, rows[0].id, chain.nameZh, j + 1],
      );
      clusterId.set(chain.code, r.rows[0].id);
    }
  }
  const listIds: string[] = [];
  for (const l of LISTS) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO project_list (code, name_zh, issuer, year) VALUES ($1, $2, $3, $4) RETURNING id`,
      [l.code, l.nameZh, l.issuer, l.year],
    );
    listIds.push(rows[0].id);
  }

  // Investors, named by index (see INVESTOR_* above).
  await timed(log, `${INVESTOR_COUNT.toLocaleString('en-US')} investors`, () =>
    client.query(
      `INSERT INTO investor (name_zh, ownership_type)
       SELECT ($1::text[])[1 + g % 12] || ($2::text[])[1 + (g / 12) % 40] || ($3::text[])[1 + (g / 480) % 10] || ($4::text[])[1 + (g / 4800) % 5],
              CASE WHEN g % 20 < 2 THEN 'CENTRAL_SOE' WHEN g % 20 < 6 THEN 'LOCAL_SOE' WHEN g % 20 < 17 THEN 'PRIVATE'
                   WHEN g % 20 = 17 THEN 'FOREIGN' WHEN g % 20 = 18 THEN 'MIXED' ELSE 'UNKNOWN' END
       FROM generate_series(1, $5::int) g`,
      [INVESTOR_REGIONS, INVESTOR_CORES, INVESTOR_INDUSTRIES, INVESTOR_SUFFIXES, INVESTOR_COUNT],
    ),
  );
  // Investor ids in generation order, so a project can pick investor i and name itself after CORES[(i / 12) % 40].
  await client.query(`CREATE TEMP TABLE bench_investor ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY created_at, ctid)::int AS n, id FROM investor`);
  const { rows: investorRows } = await client.query<{ ids: string[] }>(`SELECT array_agg(id ORDER BY n) AS ids FROM bench_investor`);
  const investorIds = investorRows[0].ids;

  const stageSlots: string[] = STAGE_WEIGHTS.flatMap(([stage, w]) => Array<string>(w * 10).fill(stage));
  const product = (list: [string, string, string][]) => ({
    zh: list.map((p) => p[0]),
    en: list.map((p) => p[1]),
    cluster: list.map((p) => clusterId.get(p[2])!),
  });
  const inv = product(INVESTMENT_PRODUCTS);
  const gov = product(GOVERNMENT_PRODUCTS);

  // One staging row per project, with every random draw made once (setseed: the same data on every machine).
  await client.query('SELECT setseed(0.20251125)');
  await timed(log, 'staging rows', () =>
    client.query(
      `CREATE TEMP TABLE bench_project ON COMMIT DROP AS
       SELECT g, gen_random_uuid() AS id, r_unit, r_stage, r_family, r_product, r_investor, r_pick, r_money, r_date, r_upd,
              r_suffix, r_en, r_cluster, r_cluster2, r_list, r_jobs
       FROM (SELECT g, random() AS r_unit, random() AS r_stage, random() AS r_family, random() AS r_product, random() AS r_investor,
                    random() AS r_pick, random() AS r_money, random() AS r_date, random() AS r_upd, random() AS r_suffix, random() AS r_en,
                    random() AS r_cluster, random() AS r_cluster2, random() AS r_list, random() AS r_jobs
             FROM generate_series(1, $1::int) g) s`,
      [projects],
    ),
  );
  await client.query(`CREATE TEMP TABLE bench_project2 ON COMMIT DROP AS
    SELECT b.*,
           1 + floor(r_unit * ${slotUnits.length})::int AS unit_slot,
           CASE WHEN r_family < 0.82 THEN 'INVESTMENT' ELSE 'GOVERNMENT' END AS family,
           CASE WHEN r_family < 0.82 AND r_investor < 0.85 THEN 1 + floor(power(r_pick, 2) * ${INVESTOR_COUNT})::int END AS investor_n
    FROM bench_project b`);
  await client.query(`ALTER TABLE bench_project2 ADD COLUMN product int`);
  await client.query(
    `UPDATE bench_project2 SET product = CASE WHEN family = 'INVESTMENT' THEN 1 + floor(r_product * $1::int)::int ELSE 1 + floor(r_product * $2::int)::int END`,
    [INVESTMENT_PRODUCTS.length, GOVERNMENT_PRODUCTS.length],
  );

  const secondary = await dropSecondaryIndexes(client, ['project', 'project_cluster', 'project_list_membership']);
  await timed(log, `${projects.toLocaleString('en-US')} projects`, () =>
    client.query(
      `INSERT INTO project (id, code, name_zh, name_en, investor_id, unit_id, unit_path, location, family, project_type, stage, stage_date,
                           held_from_stage, total_investment, jobs_planned, is_program, version, created_at, updated_at)
       SELECT b.id,
              'BX-' || lpad(b.g::text, 7, '0'),
              CASE WHEN b.family = 'GOVERNMENT' THEN ($3::text[])[b.unit_slot] || ($6::text[])[b.product]
                   WHEN b.investor_n IS NOT NULL THEN ($10::text[])[1 + (b.investor_n / 12) % 40] || ($4::text[])[b.product]
                   ELSE ($11::text[])[1 + floor(b.r_pick * ${BRANDS.length})::int]
                        || CASE WHEN b.r_en < 0.3 THEN '年产' || (5 + (b.g % 60) * 5) || '万吨' ELSE '' END || ($4::text[])[b.product] END
              || CASE WHEN b.r_suffix < 0.60 THEN '项目' WHEN b.r_suffix < 0.75 THEN '一期项目' WHEN b.r_suffix < 0.85 THEN '二期项目'
                      WHEN b.r_suffix < 0.93 THEN '扩建项目' ELSE '技术改造项目' END,
              CASE WHEN b.r_en < 0.25 THEN CASE WHEN b.family = 'GOVERNMENT' THEN ($7::text[])[b.product] ELSE ($5::text[])[b.product] END || ' project' END,
              CASE WHEN b.investor_n IS NOT NULL THEN ($9::uuid[])[b.investor_n] END,
              ($1::uuid[])[b.unit_slot],
              ($2::text[])[b.unit_slot],
              CASE WHEN b.r_jobs < 0.5 THEN ($3::text[])[b.unit_slot] END,
              b.family,
              CASE WHEN b.family = 'GOVERNMENT' THEN '基础设施' WHEN b.r_suffix < 0.85 THEN '新建' WHEN b.r_suffix < 0.93 THEN '扩建' ELSE '技改' END,
              st.stage,
              current_date - floor(b.r_date * 1100)::int,
              CASE WHEN st.stage = 'ON_HOLD' THEN 'UNDER_CONSTRUCTION' END,
              CASE WHEN st.stage IN ('RESERVE', 'NEGOTIATING') AND b.r_money < 0.05 THEN NULL
                   ELSE round(exp(ln(500) + power(b.r_money, 1.4) * ln(2000)))::numeric(16, 2) END,
              CASE WHEN b.r_jobs < 0.6 THEN 20 + floor(b.r_jobs * 3000)::int END,
              b.r_jobs > 0.99,
              1,
              now() - (b.r_upd * 730 + 30) * interval '1 day',
              now() - b.r_upd * 730 * interval '1 day'
       FROM bench_project2 b
       CROSS JOIN LATERAL (SELECT ($8::text[])[1 + floor(b.r_stage * ${stageSlots.length})::int] AS stage) st`,
      [slotIds, slotPaths, slotNames, inv.zh, inv.en, gov.zh, gov.en, stageSlots, investorIds, INVESTOR_CORES, BRANDS],
    ),
  );
  await timed(log, 'cluster memberships', async () => {
    // About half the 招商 projects and 60 % of the government ones are tagged with their product's chain or
    // cluster; a few carry a second, unrelated chain.
    await client.query(
      `INSERT INTO project_cluster (project_id, cluster_id)
       SELECT id, CASE WHEN family = 'INVESTMENT' THEN ($1::uuid[])[product] ELSE ($2::uuid[])[product] END
       FROM bench_project2 WHERE r_cluster < CASE WHEN family = 'INVESTMENT' THEN 0.5 ELSE 0.6 END`,
      [inv.cluster, gov.cluster],
    );
    await client.query(
      `INSERT INTO project_cluster (project_id, cluster_id)
       SELECT id, ($1::uuid[])[1 + floor(r_cluster2 * 1000000)::int % array_length($1::uuid[], 1)]
       FROM bench_project2 WHERE r_cluster2 < 0.05
       ON CONFLICT DO NOTHING`,
      [inv.cluster],
    );
  });
  await timed(log, 'list memberships', async () => {
    let from = 0;
    for (const [i, l] of LISTS.entries()) {
      await client.query(
        `INSERT INTO project_list_membership (project_id, list_id, added_on)
         SELECT id, $1, DATE '2025-02-15' FROM bench_project2 WHERE r_list >= $2 AND r_list < $3`,
        [listIds[i], from, from + l.share],
      );
      from += l.share;
    }
  });
  await timed(log, `${secondary.length} secondary indexes rebuilt`, async () => {
    for (const def of secondary) await client.query(def);
  });
}

/** Drops the non-constraint indexes of the tables and returns their definitions; building them after the load is far faster. */
async function dropSecondaryIndexes(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i
     WHERE i.indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await client.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}
