import { Injectable } from '@nestjs/common';
import type { ServiceTargetRule, ServiceTargetRuleDefinition } from '#domain';
import { DataSource, EntityManager } from 'typeorm';
import { returned } from './sql.js';

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
