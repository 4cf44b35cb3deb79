import pg from 'pg';
import type { LoadRequest } from '../lib/load.js';
import { BENCH_USERS } from '../lib/project-dataset.js';

/** What the mix is made of: ids read back from the generated data set. */
export interface MixReference {
  districts: { id: string; code: string; path: string }[];
  /** Towns of every district. */
  towns: { id: string; path: string; districtCode: string }[];
  clusters: { id: string; code: string }[];
  chains: { id: string; code: string }[];
  lists: { id: string }[];
  /** The district the staff user belongs to. */
  staffDistrictCode: string;
}

export async function loadMixReference(pool: pg.Pool): Promise<MixReference> {
  const units = await pool.query<{ id: string; code: string; path: string; depth: number }>(
    `SELECT id, code, path, array_length(string_to_array(trim(both '/' from path), '/'), 1) AS depth FROM unit ORDER BY path`,
  );
  const districts = units.rows.filter((u) => u.depth === 3);
  const towns = units.rows
    .filter((u) => u.depth === 4)
    .map((u) => ({ id: u.id, path: u.path, districtCode: u.path.split('/')[3] }));
  const clusters = await pool.query<{ id: string; code: string; kind: string }>(`SELECT id, code, kind FROM cluster ORDER BY sort_order, code`);
  const lists = await pool.query<{ id: string }>(`SELECT id FROM project_list ORDER BY code`);
  return {
    districts,
    towns,
    clusters: clusters.rows.filter((c) => c.kind === 'CLUSTER'),
    chains: clusters.rows.filter((c) => c.kind === 'CHAIN'),
    lists: lists.rows,
    staffDistrictCode: BENCH_USERS.staff.unitCode,
  };
}

/** Deterministic PRNG (mulberry32): the same mix on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Substrings people type into the search box: products, a chain, an investor's short name, a place. */
export const SEARCH_TERMS = ['数据中心', '光伏', '乳业', '伊泰', '污水处理', '储能', '稀土', '金河镇'];
const STAGE_FILTERS = ['UNDER_CONSTRUCTION', 'NEGOTIATING', 'SIGNED,LANDED', 'COMMISSIONING,OPERATING,AT_CAPACITY', 'PRE_CONSTRUCTION'];

type Who = 'admin' | 'staff';
interface Template {
  kind: string;
  who: Who;
  /** Share of the mix, percent. */
  weight: number;
  query: (pick: <T>(xs: readonly T[]) => T, ref: MixReference) => Record<string, string | number>;
}

const pages = [1, 2, 3, 4, 5];

/**
 * The request mix: what the project list is used for in a city ledger. An admin (whole city) and a
 * staff member scoped to one district (赛罕区); filters by stage, unit subtree, cluster or chain, list,
 * search text, minimum investment; pages 1–5 of 20.
 */
export const TEMPLATES: Template[] = [
  { kind: 'admin stage', who: 'admin', weight: 14, query: (pick) => ({ stage: pick(STAGE_FILTERS), page: pick(pages) }) },
  { kind: 'admin district', who: 'admin', weight: 12, query: (pick, r) => ({ unitId: pick(r.districts).id, page: pick(pages) }) },
  {
    kind: 'admin town+stage',
    who: 'admin',
    weight: 8,
    query: (pick, r) => ({ unitId: pick(r.towns).id, stage: pick(STAGE_FILTERS), page: pick([1, 1, 2]) }),
  },
  { kind: 'admin cluster', who: 'admin', weight: 10, query: (pick, r) => ({ clusterId: pick(r.clusters.slice(0, 7)).id, page: pick([1, 2, 3]) }) },
  {
    kind: 'admin chain+stage',
    who: 'admin',
    weight: 6,
    query: (pick, r) => ({ clusterId: pick(r.chains).id, stage: pick(STAGE_FILTERS), page: pick([1, 2]) }),
  },
  { kind: 'admin q', who: 'admin', weight: 10, query: (pick) => ({ q: pick(SEARCH_TERMS), page: pick([1, 1, 2]) }) },
  {
    kind: 'admin minInvestment',
    who: 'admin',
    weight: 8,
    query: (pick): Record<string, string | number> =>
      pick([true, false])
        ? { minInvestment: pick(['100000', '200000']), sort: '-totalInvestment', page: pick(pages) }
        : { minInvestment: '50000', stage: pick(STAGE_FILTERS), page: pick(pages) },
  },
  { kind: 'admin list', who: 'admin', weight: 4, query: (pick, r) => ({ listId: pick(r.lists).id, page: pick(pages) }) },
  { kind: 'staff all', who: 'staff', weight: 10, query: (pick) => ({ page: pick(pages) }) },
  { kind: 'staff stage', who: 'staff', weight: 8, query: (pick) => ({ stage: pick(STAGE_FILTERS), page: pick(pages) }) },
  {
    kind: 'staff town',
    who: 'staff',
    weight: 6,
    query: (pick, r) => ({ unitId: pick(r.towns.filter((t) => t.districtCode === r.staffDistrictCode)).id, page: pick(pages) }),
  },
  { kind: 'staff q', who: 'staff', weight: 4, query: (pick) => ({ q: pick(SEARCH_TERMS), page: 1 }) },
  // Not in the mix (weight 0); only with BENCH_KINDS='admin floor': the same endpoint and code path with
  // SQL that costs next to nothing (an empty index range), to show each server's ceiling on this machine.
  { kind: 'admin floor', who: 'admin', weight: 0, query: () => ({ minInvestment: '99999999', sort: '-totalInvestment' }) },
];

export interface MixEntry extends LoadRequest {
  who: Who;
  query: Record<string, string>;
}

/**
 * `size` requests drawn from the templates by weight, in a fixed pseudo-random order. `kinds` keeps
 * only those templates (diagnosis: e.g. only the kinds whose SQL is cheap).
 */
export function buildMix(ref: MixReference, tokens: Record<Who, string>, kinds: string[] | null = null, size = 2000, seed = 20251125): MixEntry[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const templates = (kinds ? TEMPLATES.filter((t) => kinds.includes(t.kind)) : TEMPLATES.filter((t) => t.weight > 0)).map((t) => ({
    ...t,
    weight: t.weight || 1,
  }));
  const total = templates.reduce((s, t) => s + t.weight, 0);
  const out: MixEntry[] = [];
  for (let i = 0; i < size; i++) {
    let x = rnd() * total;
    const t = templates.find((tpl) => (x -= tpl.weight) < 0) ?? templates[templates.length - 1];
    const query = Object.fromEntries(Object.entries(t.query(pick, ref)).map(([k, v]) => [k, String(v)]));
    out.push({
      kind: t.kind,
      who: t.who,
      query,
      path: `/api/v1/projects?${new URLSearchParams(query).toString()}`,
      headers: { authorization: `Bearer ${tokens[t.who]}`, accept: 'application/json' },
    });
  }
  return out;
}
