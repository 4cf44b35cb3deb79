import { Injectable } from '@nestjs/common';
import { STAGES, stageOrder, type CanonicalStage, type ServiceTargetRule, type ServiceTargetRuleDefinition } from '#domain';
import { DataSource, EntityManager } from 'typeorm';
import { returned } from './sql.js';

/** The stage a project has reached: its stage, or for ON_HOLD the stage it was held from (null if entered on hold). */
const CURRENT_STAGE = `CASE WHEN p.stage = 'ON_HOLD' THEN p.held_from_stage ELSE p.stage END`;
const FINAL_STAGE = STAGES[STAGES.length - 1];
/** Live projects: neither cancelled nor at the final stage. */
const LIVE = `p.stage NOT IN ('CANCELLED', '${FINAL_STAGE}')`;

/**
 * SQL conditions on project `p` for "the rule applies to this live project now": the rule's filter, exactly as
 * `matchesFilter` in libs/domain reads it (AND of the criteria given, OR within a list, empty list = any, no
 * investment figure = no match for minInvestment, a unit covers its subtree), and its stage relevance by the stage
 * the project has reached: a service target A→B while at A or later but before B; a stale-update rule from its
 * fromStage (default the first stage) until its toStage; a plan-date rule when the project has a plan date (for
 * its toStage, if it names one) for a stage not reached yet; a hold review while on hold.
 */
function applicableSql(rule: ServiceTargetRuleDefinition, param: (v: unknown) => string): string[] {
  const where = [LIVE];
  /** 1-based position of a stage, as array_position answers it. */
  const pos = (stage: CanonicalStage) => String(stageOrder(stage) + 1);
  /** 1-based position of the stage the project has reached (a parameter is bound only when used). */
  const current = () => `array_position(${param([...STAGES])}::varchar[], ${CURRENT_STAGE})`;
  switch (rule.kind) {
    case 'SERVICE_TARGET': {
      const c = current();
      where.push(`${c} >= ${pos(rule.fromStage!)}`, `${c} < ${pos(rule.toStage!)}`);
      break;
    }
    case 'STALE_UPDATE': {
      const c = current();
      where.push(`${c} >= ${pos(rule.fromStage ?? STAGES[0])}`);
      if (rule.toStage) where.push(`${c} < ${pos(rule.toStage)}`);
      break;
    }
    case 'PLAN_DATE': {
      const stages = param([...STAGES]);
      where.push(`EXISTS (SELECT 1 FROM project_plan_date pd WHERE pd.project_id = p.id
        ${rule.toStage ? `AND pd.stage = ${param(rule.toStage)}` : ''}
        AND array_position(${stages}::varchar[], pd.stage) > array_position(${stages}::varchar[], ${CURRENT_STAGE}))`);
      break;
    }
    case 'HOLD_REVIEW':
      where.push(`p.stage = 'ON_HOLD'`);
      break;
  }
  const f = rule.filter ?? {};
  const nonEmpty = (xs: readonly string[] | null | undefined): xs is readonly string[] => Array.isArray(xs) && xs.length > 0;
  if (f.family) where.push(`p.family = ${param(f.family)}`);
  if (nonEmpty(f.projectTypes)) where.push(`p.project_type = ANY(${param(f.projectTypes)}::text[])`);
  if (f.minInvestment) where.push(`p.total_investment >= ${param(f.minInvestment)}::numeric`);
  if (nonEmpty(f.unitIds)) {
    where.push(`EXISTS (SELECT 1 FROM unit fu WHERE fu.id::text = ANY(${param(f.unitIds)}::text[]) AND starts_with(p.unit_path, fu.path))`);
  }
  if (nonEmpty(f.listIds)) {
    where.push(`EXISTS (SELECT 1 FROM project_list_membership fm WHERE fm.project_id = p.id AND fm.list_id::text = ANY(${param(f.listIds)}::text[]))`);
  }
  return where;
}

interface RuleRow {
  id: string;
  code: string;
  version: number;
  definition: ServiceTargetRuleDefinition;
  updated_at: Date;
}

const toRule = (r: RuleRow): ServiceTargetRule => ({ ...r.definition, id: r.id, code: r.code, version: r.version });

/** Service-target rules: the current version in `service_target_rule`, every version in `service_target_rule_version`. */
@Injectable()
export class RuleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(manager: EntityManager = this.dataSource.manager): Promise<ServiceTargetRule[]> {
    const rows: RuleRow[] = await manager.query(`SELECT id, code, version, definition, updated_at FROM service_target_rule ORDER BY code`);
    return rows.map(toRule);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<ServiceTargetRule | null> {
    const rows: RuleRow[] = await manager.query(
      `SELECT id, code, version, definition, updated_at FROM service_target_rule WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows.length ? toRule(rows[0]) : null;
  }

  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceTargetRule | null> {
    const rows: RuleRow[] = await manager.query(`SELECT id, code, version, definition, updated_at FROM service_target_rule WHERE code = $1`, [code]);
    return rows.length ? toRule(rows[0]) : null;
  }

  /** Rule versions by `ruleId:version`, for clocks judged under an older version. */
  async versions(keys: { ruleId: string; version: number }[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ServiceTargetRule>> {
    const out = new Map<string, ServiceTargetRule>();
    if (!keys.length) return out;
    const rows: { rule_id: string; version: number; code: string; definition: ServiceTargetRuleDefinition }[] = await manager.query(
      `SELECT v.rule_id, v.version, r.code, v.definition
         FROM service_target_rule_version v JOIN service_target_rule r ON r.id = v.rule_id
        WHERE (v.rule_id, v.version) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))`,
      [keys.map((k) => k.ruleId), keys.map((k) => k.version)],
    );
    for (const r of rows) out.set(`${r.rule_id}:${r.version}`, { ...r.definition, id: r.rule_id, code: r.code, version: r.version });
    return out;
  }

  async insert(manager: EntityManager, def: ServiceTargetRuleDefinition, actorId: string | null): Promise<ServiceTargetRule> {
    const [row]: RuleRow[] = await manager.query(
      `INSERT INTO service_target_rule (code, version, kind, definition, active, is_default) VALUES ($1, 1, $2, $3::jsonb, $4, $5)
       RETURNING id, code, version, definition, updated_at`,
      [def.code, def.kind, JSON.stringify(def), def.active, def.isDefault ?? false],
    );
    await manager.query(`INSERT INTO service_target_rule_version (rule_id, version, definition, actor_id) VALUES ($1, 1, $2::jsonb, $3)`, [
      row.id,
      JSON.stringify(def),
      actorId,
    ]);
    return toRule(row);
  }

  /** Writes a new version when `expectedVersion` is current; null when stale. */
  async update(manager: EntityManager, id: string, expectedVersion: number, def: ServiceTargetRuleDefinition, actorId: string | null): Promise<ServiceTargetRule | null> {
    const rows = returned<RuleRow>(await manager.query(
      `UPDATE service_target_rule SET version = version + 1, kind = $3, definition = $4::jsonb, active = $5, is_default = $6, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id, code, version, definition, updated_at`,
      [id, expectedVersion, def.kind, JSON.stringify(def), def.active, def.isDefault ?? false],
    ));
    if (!rows.length) return null;
    await manager.query(`INSERT INTO service_target_rule_version (rule_id, version, definition, actor_id) VALUES ($1, $2, $3::jsonb, $4)`, [
      id,
      rows[0].version,
      JSON.stringify(def),
      actorId,
    ]);
    return toRule(rows[0]);
  }

  /** How many live projects the rule applies to now (0 for an inactive rule); one count in SQL, see applicableSql. */
  async countApplicable(rule: ServiceTargetRuleDefinition): Promise<number> {
    if (!rule.active) return 0;
    const values: unknown[] = [];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const where = applicableSql(rule, param);
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM project p WHERE ${where.join(' AND ')}`, values);
    return n;
  }

  /** Live projects: neither cancelled nor at the final stage. */
  async countLiveProjects(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM project p WHERE ${LIVE}`);
    return n;
  }

  async history(id: string): Promise<{ version: number; definition: ServiceTargetRuleDefinition; actorId: string | null; createdAt: Date }[]> {
    const rows = await this.dataSource.query(
      `SELECT version, definition, actor_id, created_at FROM service_target_rule_version WHERE rule_id = $1 ORDER BY version DESC`,
      [id],
    );
    return rows.map((r: { version: number; definition: ServiceTargetRuleDefinition; actor_id: string | null; created_at: Date }) => ({
      version: r.version,
      definition: r.definition,
      actorId: r.actor_id,
      createdAt: r.created_at,
    }));
  }
}
