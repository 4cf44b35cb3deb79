import type { DataSource } from 'typeorm';
import type { ProjectEntity } from '#persistence';
import { uniq } from './uniq.js';

export type AlertLevel = 'WARNING' | 'OVERDUE' | 'ESCALATED';

export interface AlertOverrides {
  level?: AlertLevel;
  status?: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  openedAt?: Date;
  /** Default: now for a RESOLVED alert, null otherwise. */
  resolvedAt?: Date | null;
}

/**
 * Inserts a SERVICE_TARGET rule row (no version history) for alerts made by `insertAlert`; returns its id.
 * Only the foreign key is needed: no worker evaluates it in the tests that use these alerts.
 */
export async function insertAlertRule(ds: DataSource): Promise<string> {
  const code = uniq('ALERT_RULE_');
  const def = {
    code, name: code, kind: 'SERVICE_TARGET', fromStage: 'SIGNED', toStage: 'LANDED',
    duration: { value: 90, unit: 'calendar_days' }, warn: { percent: 80 }, escalateAfterDays: 30, filter: {}, active: true,
  };
  const [row] = await ds.query(
    `INSERT INTO service_target_rule (code, version, kind, definition, active) VALUES ($1, 1, 'SERVICE_TARGET', $2::jsonb, true) RETURNING id`,
    [code, JSON.stringify(def)],
  );
  return row.id;
}

/**
 * Inserts an alert (with the deadline it belongs to) directly, with known level, status and dates, as the
 * worker would have left it. The deadline's status follows the alert: OVERDUE while open, MET once resolved.
 */
export async function insertAlert(ds: DataSource, project: ProjectEntity, ruleId: string, o: AlertOverrides = {}): Promise<{ id: string; deadlineId: string }> {
  const level = o.level ?? 'WARNING';
  const status = o.status ?? 'OPEN';
  const openedAt = o.openedAt ?? new Date();
  const resolvedAt = status === 'RESOLVED' ? (o.resolvedAt ?? new Date()) : (o.resolvedAt ?? null);
  const [deadline] = await ds.query(
    `INSERT INTO deadline (project_id, clock_key, rule_id, rule_version, kind, from_stage, to_stage, start_date, due_date, status, level,
                           warn_at, due_at, escalate_at, explanation_zh, explanation_en, detail)
     VALUES ($1, $2, $3, 1, 'SERVICE_TARGET', 'SIGNED', 'LANDED', $4, $4, $5, $6, $7, $7, $7, '测试时限', 'test deadline', '{}'::jsonb)
     RETURNING id`,
    [project.id, uniq('clock-'), ruleId, project.stageDate, status === 'RESOLVED' ? 'MET' : 'OVERDUE', status === 'RESOLVED' ? 'NONE' : level, openedAt],
  );
  const [alert] = await ds.query(
    `INSERT INTO alert (deadline_id, project_id, unit_path, level, status, opened_at, level_changed_at, resolution, resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) RETURNING id`,
    [deadline.id, project.id, project.unitPath, level, status, openedAt, status === 'RESOLVED' ? 'MET' : null, resolvedAt],
  );
  return { id: alert.id, deadlineId: deadline.id };
}
