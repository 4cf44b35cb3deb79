import type { DataSource, EntityManager } from 'typeorm';
import {
  planTransition,
  validateCalendarYear,
  validateServiceTargetRule,
  type CalendarYearData,
  type CanonicalStage,
  type ServiceTargetRuleDefinition,
  type Stage,
  type TransitionKind,
} from '#domain';
import {
  buildReportProjectSeeds,
  type ClusterSeed,
  type ListSeed,
  type ProjectSeed,
  type ReportRecord,
  type TaxonomySeed,
  type UnitSeed,
} from '../../../../seeds/report-import.js';
import { hashPassword } from '../password.js';
import { readSeedCalendars, readSeedJson } from './seed-files.js';

export interface SeedSummary {
  units: number;
  clusters: number;
  lists: number;
  calendarYearsAdded: number;
  rulesAdded: number;
  projectsCreated: number;
  projectsKept: number;
  demoUsersCreated: number;
}

export const DEMO_PASSWORD = 'luodi-demo';

/** Demo logins, created by `npm start` only (never by the production start commands). */
export const DEMO_USERS = [
  { username: 'staff', email: 'staff@luodi.local', displayName: '新城区项目专员', role: 'staff', unitCode: '150102' },
  { username: 'manager', email: 'manager@luodi.local', displayName: '新城区科室负责人', role: 'manager', unitCode: '150102' },
  { username: 'director', email: 'director@luodi.local', displayName: '市投资促进局局长', role: 'director', unitCode: '150100' },
  { username: 'admin', email: 'admin@luodi.local', displayName: '系统管理员', role: 'admin', unitCode: '150100' },
  { username: 'viewer', email: 'viewer@luodi.local', displayName: '市人大督查', role: 'viewer', unitCode: '150100' },
] as const;

/**
 * Loads the reference data in `seeds/data` idempotently: units, taxonomy, lists, and every report
 * project with its stage history, plan dates, milestones and provenance. An existing row (same code)
 * is kept as it is, so a re-run never overwrites what users changed.
 */
export async function seedReferenceData(dataSource: DataSource, options: { demoUsers?: boolean } = {}): Promise<SeedSummary> {
  const units = readSeedJson<UnitSeed[]>('data/units.json');
  const taxonomy = readSeedJson<TaxonomySeed>('data/clusters.json');
  const lists = readSeedJson<ListSeed[]>('data/lists.json');
  const records = readSeedJson<ReportRecord[]>('data/report-projects.json');
  const calendars = readSeedCalendars<CalendarYearData>();
  const rules = readSeedJson<ServiceTargetRuleDefinition[]>('service-targets.json');

  return dataSource.transaction(async (m) => {
    // One seeder at a time (two `npm start`s, or API replicas, must not race).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('luodi.seed'))`);
    const unitIds = await seedUnits(m, units);
    const clusterIds = await seedTaxonomy(m, taxonomy, taxonomy.clusters);
    const listIds = await seedLists(m, lists);
    const calendarYearsAdded = await seedCalendar(m, calendars);
    const rulesAdded = await seedRules(m, rules);
    const seeds = buildReportProjectSeeds(records, units, taxonomy.clusters, { lists });
    let created = 0;
    for (const seed of seeds) {
      if (await insertReportProject(m, seed, unitIds, clusterIds, listIds)) created++;
    }
    const demoUsersCreated = options.demoUsers ? await seedDemoUsers(m, unitIds) : 0;
    return {
      units: unitIds.size,
      clusters: clusterIds.size,
      lists: listIds.size,
      calendarYearsAdded,
      rulesAdded,
      projectsCreated: created,
      projectsKept: seeds.length - created,
      demoUsersCreated,
    };
  });
}

async function seedUnits(m: EntityManager, units: UnitSeed[]): Promise<Map<string, { id: string; path: string }>> {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const pathOf = (code: string): string => {
    const chain: string[] = [];
    for (let u = byCode.get(code); u; u = u.parentCode ? byCode.get(u.parentCode) : undefined) chain.unshift(u.code);
    return `/${chain.join('/')}/`;
  };
  const ordered = [...units].sort((a, b) => pathOf(a.code).split('/').length - pathOf(b.code).split('/').length);
  const ids = new Map<string, { id: string; path: string }>();
  for (const u of ordered) {
    const path = pathOf(u.code);
    const parentId = u.parentCode ? ids.get(u.parentCode)!.id : null;
    const rows: { id: string; path: string }[] = await m.query(
      `INSERT INTO unit (code, admin_code, name_zh, name_en, kind, parent_id, path, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code
       RETURNING id, path`,
      [u.code, u.adminCode, u.nameZh, u.nameEn, u.kind, parentId, path, u.sortOrder ?? 0],
    );
    ids.set(u.code, rows[0]);
  }
  return ids;
}

async function seedTaxonomy(
  m: EntityManager,
  version: { code: string; name: string; validFrom: string },
  clusters: ClusterSeed[],
): Promise<Map<string, string>> {
  const [{ id: versionId }] = await m.query(
    `INSERT INTO taxonomy_version (code, name, valid_from, active)
     VALUES ($1, $2, $3, NOT EXISTS (SELECT 1 FROM taxonomy_version WHERE active))
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
    [version.code, version.name, version.validFrom],
  );
  const ids = new Map<string, string>();
  const ordered = [...clusters].sort((a, b) => (a.parentCode ? 1 : 0) - (b.parentCode ? 1 : 0));
  for (const c of ordered) {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO cluster (taxonomy_version_id, code, kind, parent_id, name_zh, name_en, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (taxonomy_version_id, code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
      [versionId, c.code, c.kind, c.parentCode ? ids.get(c.parentCode) : null, c.nameZh, c.nameEn, c.sortOrder ?? 0],
    );
    ids.set(c.code, rows[0].id);
  }
  return ids;
}

async function seedLists(m: EntityManager, lists: ListSeed[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const l of lists) {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO project_list (code, name_zh, name_en, issuer, year) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
      [l.code, l.nameZh, l.nameEn, l.issuer ?? null, l.year ?? null],
    );
    ids.set(l.code, rows[0].id);
  }
  return ids;
}

/** Official holidays and make-up workdays per year; a year already there (perhaps edited) is kept. */
async function seedCalendar(m: EntityManager, years: CalendarYearData[]): Promise<number> {
  let added = 0;
  for (const y of years) {
    const problems = validateCalendarYear(y, y.year);
    if (problems.length) throw new Error(`seeds/calendar/${y.year}.json: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    const rows = await m.query(
      `INSERT INTO calendar_year (year, holidays, workdays, source) VALUES ($1, $2::jsonb, $3::jsonb, $4) ON CONFLICT (year) DO NOTHING RETURNING year`,
      [y.year, JSON.stringify(y.holidays), JSON.stringify(y.workdays), y.source ?? null],
    );
    added += rows.length;
  }
  return added;
}

/** The default service targets (defaults chosen by the bureau, not figures from the reports); existing codes are kept. */
async function seedRules(m: EntityManager, rules: ServiceTargetRuleDefinition[]): Promise<number> {
  let added = 0;
  for (const def of rules) {
    const problems = validateServiceTargetRule(def);
    if (problems.length) throw new Error(`seeds/service-targets.json ${def.code}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO service_target_rule (code, version, kind, definition, active, is_default) VALUES ($1, 1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [def.code, def.kind, JSON.stringify(def), def.active, def.isDefault ?? false],
    );
    if (rows.length) {
      added++;
      await m.query(`INSERT INTO service_target_rule_version (rule_id, version, definition) VALUES ($1, 1, $2::jsonb)`, [rows[0].id, JSON.stringify(def)]);
    }
  }
  return added;
}

/** Inserts one report project with its whole history; returns false when its code exists already. */
async function insertReportProject(
  m: EntityManager,
  seed: ProjectSeed,
  unitIds: Map<string, { id: string; path: string }>,
  clusterIds: Map<string, string>,
  listIds: Map<string, string>,
): Promise<boolean> {
  const unit = unitIds.get(seed.unitCode);
  if (!unit) throw new Error(`Seed ${seed.code}: unknown unit ${seed.unitCode}`);
  const [first, ...rest] = seed.transitions;
  if (!first) throw new Error(`Seed ${seed.code}: no starting stage`);

  // Replay the history through the same rules as the API, so seeded data obeys them too.
  let state: { stage: Stage; stageDate: string; heldFromStage: CanonicalStage | null } = {
    stage: first.toStage,
    stageDate: first.effectiveDate,
    heldFromStage: null,
  };
  const history: { kind: TransitionKind; from: Stage | null; to: Stage; date: string; note: string | null; skipped: Record<string, string> }[] = [
    { kind: 'INITIAL', from: null, to: first.toStage, date: first.effectiveDate, note: first.note ?? null, skipped: {} },
  ];
  for (const t of rest) {
    const plan = planTransition(state, { toStage: t.toStage, effectiveDate: t.effectiveDate, note: t.note, canCorrect: false });
    history.push({
      kind: plan.kind,
      from: plan.fromStage,
      to: plan.toStage,
      date: t.effectiveDate,
      note: t.note ?? null,
      skipped: Object.fromEntries(plan.skipped.map((s) => [s, t.effectiveDate])),
    });
    state = { stage: plan.toStage, stageDate: t.effectiveDate, heldFromStage: plan.heldFromStage };
  }

  const inserted: { id: string }[] = await m.query(
    `INSERT INTO project (code, name_zh, name_en, unit_id, unit_path, location, family, project_type, stage, stage_date,
        held_from_stage, total_investment, capacity, is_program, reevaluate_requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [
      seed.code, seed.nameZh, seed.nameEn ?? null, unit.id, unit.path, seed.location ?? null, seed.family, seed.projectType ?? null,
      state.stage, state.stageDate, state.heldFromStage, seed.totalInvestment ?? null, seed.capacity ?? null, seed.isProgram ?? false,
    ],
  );
  if (!inserted.length) return false;
  const projectId = inserted[0].id;
  for (const [i, h] of history.entries()) {
    await m.query(
      `INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date, skipped_stage_dates, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [projectId, i + 1, h.kind, h.from, h.to, h.date, JSON.stringify(h.skipped), h.note],
    );
  }
  for (const p of seed.planDates) {
    await m.query(
      `INSERT INTO project_plan_date (project_id, stage, expected_date, source_text, stated_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, stage) DO UPDATE SET expected_date = EXCLUDED.expected_date, source_text = EXCLUDED.source_text, stated_on = EXCLUDED.stated_on`,
      [projectId, p.stage, p.expectedDate, p.sourceText ?? null, p.asOf],
    );
  }
  for (const ms of seed.milestones) {
    await m.query(`INSERT INTO milestone_event (project_id, code, name_zh, effective_date) VALUES ($1, $2, $3, $4)`, [
      projectId, ms.code, ms.nameZh, ms.effectiveDate,
    ]);
  }
  for (const s of seed.sources) {
    await m.query(
      `INSERT INTO project_source (project_id, source_file, source_line, quote_zh, status_zh, as_of, stage, sub_milestone, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [projectId, s.sourceFile, s.sourceLine, s.quoteZh, s.statusZh ?? null, s.asOf ?? null, s.stage ?? null, s.subMilestone ?? null, s.note ?? null],
    );
  }
  for (const code of new Set(seed.clusterCodes)) {
    const clusterId = clusterIds.get(code);
    if (!clusterId) throw new Error(`Seed ${seed.code}: unknown cluster ${code}`);
    await m.query(`INSERT INTO project_cluster (project_id, cluster_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [projectId, clusterId]);
  }
  for (const code of new Set(seed.listCodes ?? [])) {
    const listId = listIds.get(code);
    if (!listId) throw new Error(`Seed ${seed.code}: unknown list ${code}`);
    await m.query(`INSERT INTO project_list_membership (project_id, list_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [projectId, listId]);
  }
  await m.query(
    `INSERT INTO audit_log (actor_id, action, entity, entity_id, after) VALUES (NULL, 'seed', 'project', $1, $2::jsonb)`,
    [projectId, JSON.stringify({ code: seed.code, source: 'seeds/data/report-projects.json', warnings: seed.warnings ?? [] })],
  );
  return true;
}

async function seedDemoUsers(m: EntityManager, unitIds: Map<string, { id: string; path: string }>): Promise<number> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const rows = await m.query(
      `INSERT INTO app_user (username, email, display_name, password_hash, role, unit_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [u.username, u.email, u.displayName, passwordHash, u.role, unitIds.get(u.unitCode)!.id],
    );
    if (rows.length) {
      created++;
      await m.query(`INSERT INTO audit_log (actor_id, action, entity, entity_id, after) VALUES (NULL, 'seed', 'user', $1, $2::jsonb)`, [
        rows[0].id,
        JSON.stringify({ username: u.username, role: u.role, demo: true }),
      ]);
    }
  }
  return created;
}
