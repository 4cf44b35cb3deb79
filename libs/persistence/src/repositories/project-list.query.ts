import type { ProjectFamily, Stage } from '#domain';
import { escapeLike, likePrefix } from './sql.js';

export interface ProjectListFilter {
  stages?: Stage[];
  /** Path prefix of the unit filter (the unit and its subtree). */
  unitPath?: string;
  clusterId?: string;
  listId?: string;
  family?: ProjectFamily;
  q?: string;
  minInvestment?: string;
  /** 万元, inclusive. */
  maxInvestment?: string;
  /** Worst open alert level; NONE = no open alert. Any of the values matches. */
  alertLevels?: ProjectAlertFilter[];
  sort?: ProjectSort;
  page: number;
  pageSize: number;
}

/** Alert levels, least to worst. */
export const PROJECT_ALERT_LEVELS = ['WARNING', 'OVERDUE', 'ESCALATED'] as const;
export type ProjectAlertLevel = (typeof PROJECT_ALERT_LEVELS)[number];
export const PROJECT_ALERT_FILTERS = [...PROJECT_ALERT_LEVELS, 'NONE'] as const;
export type ProjectAlertFilter = (typeof PROJECT_ALERT_FILTERS)[number];

/**
 * The worst level among the open (not RESOLVED) alerts of project `p`, or NULL: ESCALATED > OVERDUE > WARNING.
 * A correlated subquery on alert_open_project_idx; in a page query PostgreSQL evaluates it after LIMIT.
 */
export const WORST_OPEN_ALERT_SQL = `(SELECT (ARRAY['WARNING','OVERDUE','ESCALATED'])[max(CASE wa.level WHEN 'ESCALATED' THEN 3 WHEN 'OVERDUE' THEN 2 ELSE 1 END)]
    FROM alert wa WHERE wa.project_id = p.id AND wa.status <> 'RESOLVED')`;

export const PROJECT_SORTS = ['updatedAt', '-updatedAt', 'name', '-name', 'code', '-code', 'stageDate', '-stageDate', 'totalInvestment', '-totalInvestment'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

const SORT_SQL: Record<string, string> = {
  updatedAt: 'p.updated_at',
  name: 'p.name_zh',
  code: 'p.code',
  stageDate: 'p.stage_date',
  totalInvestment: 'p.total_investment',
};

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * The project list as plain parameterised SQL: one statement for the page and one for the total.
 * Kept as a pure builder so the API repository and the benchmark's bare Fastify + pg baseline run
 * exactly the same SQL.
 */
export function buildProjectListQuery(filter: ProjectListFilter, scopePath: string | null): { page: SqlQuery; count: SqlQuery } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  /** Unit path patterns in force, for the alert subqueries too (an alert's unit_path follows its project's). */
  const paths: string[] = [];
  if (scopePath) paths.push(param(likePrefix(scopePath)));
  if (filter.unitPath) paths.push(param(likePrefix(filter.unitPath)));
  for (const path of paths) where.push(`p.unit_path LIKE ${path}`);
  if (filter.stages?.length) where.push(`p.stage = ANY(${param(filter.stages)}::varchar[])`);
  if (filter.family) where.push(`p.family = ${param(filter.family)}`);
  if (filter.minInvestment !== undefined) where.push(`p.total_investment >= ${param(filter.minInvestment)}::numeric`);
  if (filter.maxInvestment !== undefined) where.push(`p.total_investment <= ${param(filter.maxInvestment)}::numeric`);
  if (filter.alertLevels?.length) {
    const levels = filter.alertLevels.filter((l) => l !== 'NONE');
    const none = filter.alertLevels.includes('NONE');
    // Set-based (one pass over the open alerts in scope, grouped by project), not a probe per project.
    const inScope = paths.map((path) => ` AND la.unit_path LIKE ${path}`).join('');
    const worst = `SELECT la.project_id FROM alert la WHERE la.status <> 'RESOLVED'${inScope} GROUP BY la.project_id
      HAVING (ARRAY['WARNING','OVERDUE','ESCALATED'])[max(CASE la.level WHEN 'ESCALATED' THEN 3 WHEN 'OVERDUE' THEN 2 ELSE 1 END)]`;
    const parts = [
      ...(levels.length ? [`p.id IN (${worst} = ANY(${param(levels)}::varchar[]))`] : []),
      ...(none ? [`NOT EXISTS (SELECT 1 FROM alert na WHERE na.project_id = p.id AND na.status <> 'RESOLVED')`] : []),
    ];
    where.push(parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0]);
  }
  if (filter.clusterId) {
    const c = param(filter.clusterId);
    where.push(
      `EXISTS (SELECT 1 FROM project_cluster pc JOIN cluster c ON c.id = pc.cluster_id WHERE pc.project_id = p.id AND (c.id = ${c}::uuid OR c.parent_id = ${c}::uuid))`,
    );
  }
  if (filter.listId) {
    where.push(`EXISTS (SELECT 1 FROM project_list_membership m WHERE m.project_id = p.id AND m.list_id = ${param(filter.listId)}::uuid)`);
  }
  if (filter.q) {
    const q = param(`%${escapeLike(filter.q)}%`);
    where.push(
      `(p.name_zh ILIKE ${q} OR p.code ILIKE ${q} OR p.name_en ILIKE ${q} OR p.investor_id IN (SELECT i.id FROM investor i WHERE i.name_zh ILIKE ${q}))`,
    );
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const sort = filter.sort ?? '-updatedAt';
  const desc = sort.startsWith('-');
  const column = SORT_SQL[desc ? sort.slice(1) : sort];
  const dir = desc ? 'DESC' : 'ASC';
  const countValues = [...values];
  const limit = param(filter.pageSize);
  const offset = param((filter.page - 1) * filter.pageSize);
  return {
    page: {
      text: `SELECT p.id, p.code, p.name_zh, p.name_en, p.unit_id, u.name_zh AS unit_name_zh, p.investor_id, i.name_zh AS investor_name_zh,
          p.family, p.project_type, p.stage, p.stage_date, p.total_investment, p.location, p.is_program, p.version, p.updated_at,
          ${WORST_OPEN_ALERT_SQL} AS alert_level
        FROM project p
        JOIN unit u ON u.id = p.unit_id
        LEFT JOIN investor i ON i.id = p.investor_id
        ${whereSql}
        ORDER BY ${column} ${dir} NULLS LAST, p.id ${dir}
        LIMIT ${limit} OFFSET ${offset}`,
      values,
    },
    count: { text: `SELECT count(*)::int AS total FROM project p ${whereSql}`, values: countValues },
  };
}


export interface ProjectListRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string | null;
  unit_id: string;
  unit_name_zh: string;
  investor_id: string | null;
  investor_name_zh: string | null;
  family: ProjectFamily;
  project_type: string | null;
  stage: Stage;
  stage_date: string;
  total_investment: string | null;
  location: string | null;
  is_program: boolean;
  version: number;
  updated_at: Date;
  /** Worst open alert level, null when none is open. */
  alert_level: ProjectAlertLevel | null;
}
