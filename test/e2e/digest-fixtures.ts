/** Fixtures for the digest and alert-email specs: deadlines, alerts with level history, notices, progress. */
import type { DataSource } from 'typeorm';
import type { ProjectEntity } from '#persistence';

let ruleId: string | undefined;

async function rule(ds: DataSource): Promise<string> {
  if (ruleId) return ruleId;
  const [r] = await ds.query(
    `INSERT INTO service_target_rule (code, kind, definition) VALUES ('DIGEST_TEST_RULE', 'SERVICE_TARGET', '{}'::jsonb)
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
  );
  ruleId = r.id as string;
  return ruleId;
}

/** An open alert on `project` at `level`, opened at `openedAt`, its deadline due on `dueDate`. Returns the alert id. */
export async function insertAlert(
  ds: DataSource,
  project: ProjectEntity,
  o: { level: 'WARNING' | 'OVERDUE' | 'ESCALATED'; openedAt: string; dueDate: string; clockKey?: string; explanationZh?: string; acknowledgedAt?: string; resolvedAt?: string },
): Promise<string> {
  const [d] = await ds.query(
    `INSERT INTO deadline (project_id, clock_key, rule_id, rule_version, kind, start_date, due_date, status, level, warn_at, due_at, escalate_at,
                           explanation_zh, explanation_en, detail)
     VALUES ($1, $2, $3, 1, 'SERVICE_TARGET', '2025-01-01', $4::date, 'OVERDUE', $5, now(), now(), now(), $6, 'Signing to landing: due ' || $4::text, '{}'::jsonb)
     RETURNING id`,
    [project.id, o.clockKey ?? `clock-${Math.random().toString(36).slice(2)}`, await rule(ds), o.dueDate, o.level, o.explanationZh ?? `签约到落地：应于 ${o.dueDate} 前落地`],
  );
  const [a] = await ds.query(
    `INSERT INTO alert (deadline_id, project_id, unit_path, level, status, opened_at, level_changed_at, acknowledged_at, resolved_at, resolution)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id`,
    [d.id, project.id, project.unitPath, o.level, o.resolvedAt ? 'RESOLVED' : o.acknowledgedAt ? 'ACKNOWLEDGED' : 'OPEN', o.openedAt, o.acknowledgedAt ?? null, o.resolvedAt ?? null, o.resolvedAt ? 'MET' : null],
  );
  await ds.query(`INSERT INTO alert_level_history (alert_id, level, at) VALUES ($1, $2, $3)`, [a.id, o.level, o.openedAt]);
  return a.id as string;
}

/** The in-app notice the evaluator would create (what alert emails are made from). */
export async function insertNotice(ds: DataSource, userId: string, alertId: string, level: string): Promise<void> {
  await ds.query(`INSERT INTO notification (user_id, alert_id, level, title, body) VALUES ($1, $2, $3, '【红灯】测试', '测试') ON CONFLICT DO NOTHING`, [userId, alertId, level]);
}

/** A forward stage change recorded with the given effective date. */
export async function insertForward(ds: DataSource, project: ProjectEntity, from: string, to: string, effectiveDate: string): Promise<void> {
  await ds.query(
    `INSERT INTO stage_transition (project_id, seq, kind, from_stage, to_stage, effective_date, recorded_at)
     VALUES ($1, (SELECT max(seq) + 1 FROM stage_transition WHERE project_id = $1), 'FORWARD', $2, $3, $4, $4::date + time '10:00')`,
    [project.id, from, to, effectiveDate],
  );
}

export async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
