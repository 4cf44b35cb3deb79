import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service targets (DESIGN §4): working-day calendar, versioned rules, materialised deadlines,
 * alerts with level history, comments, waivers and in-app notifications.
 */
export class DeadlinesAlerts1764100000000 implements MigrationInterface {
  name = 'DeadlinesAlerts1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Durable "needs re-evaluation" mark, set in the same transaction as the change. The queue job is
    // only the fast path; the sweep picks up whatever a lost job left behind.
    await q.query(`ALTER TABLE project ADD COLUMN reevaluate_requested_at timestamptz`);
    // The business date a plan date was stated (report date or entry date): a plan-date clock starts there.
    await q.query(`ALTER TABLE project_plan_date ADD COLUMN stated_on date`);
    await q.query(`CREATE INDEX project_reevaluate_idx ON project (reevaluate_requested_at, id) WHERE reevaluate_requested_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE calendar_year (
        year int PRIMARY KEY CHECK (year BETWEEN 1990 AND 2100),
        holidays jsonb NOT NULL DEFAULT '[]'::jsonb,
        workdays jsonb NOT NULL DEFAULT '[]'::jsonb,
        source text,
        version int NOT NULL DEFAULT 1,
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE service_target_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        version int NOT NULL DEFAULT 1,
        kind varchar(16) NOT NULL CHECK (kind IN ('SERVICE_TARGET','PLAN_DATE','STALE_UPDATE','HOLD_REVIEW')),
        definition jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE service_target_rule_version (
        rule_id uuid NOT NULL REFERENCES service_target_rule(id),
        version int NOT NULL,
        definition jsonb NOT NULL,
        actor_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, version)
      )`);

    await q.query(`
      CREATE TABLE reevaluation_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reason text NOT NULL,
        total int NOT NULL DEFAULT 0,
        done int NOT NULL DEFAULT 0,
        status varchar(16) NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING','DONE')),
        requested_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE deadline (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        clock_key varchar(128) NOT NULL,
        rule_id uuid NOT NULL REFERENCES service_target_rule(id),
        rule_version int NOT NULL,
        kind varchar(16) NOT NULL,
        from_stage varchar(32),
        to_stage varchar(32),
        period varchar(7),
        start_date date NOT NULL,
        due_date date NOT NULL,
        paused_days int NOT NULL DEFAULT 0,
        status varchar(16) NOT NULL CHECK (status IN ('ON_TRACK','MET','MET_LATE','PAUSED','CANCELLED','WAIVED','OVERDUE','RETIRED')),
        level varchar(16) NOT NULL CHECK (level IN ('NONE','WARNING','OVERDUE','ESCALATED')),
        warn_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        escalate_at timestamptz NOT NULL,
        next_check_at timestamptz,
        met_date date,
        ended_date date,
        explanation_zh text NOT NULL,
        explanation_en text NOT NULL,
        detail jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, clock_key)
      )`);
    // The sweep reads only what is due: cost grows with what is due, not with the number of projects.
    await q.query(`CREATE INDEX deadline_next_check_idx ON deadline (next_check_at) WHERE next_check_at IS NOT NULL`);
    await q.query(`CREATE INDEX deadline_due_idx ON deadline (due_date) WHERE status IN ('ON_TRACK','OVERDUE')`);

    await q.query(`
      CREATE TABLE deadline_waiver (
        project_id uuid NOT NULL REFERENCES project(id),
        clock_key varchar(128) NOT NULL,
        reason text NOT NULL,
        actor_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, clock_key)
      )`);

    await q.query(`
      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id uuid NOT NULL REFERENCES deadline(id),
        project_id uuid NOT NULL REFERENCES project(id),
        unit_path text NOT NULL,
        level varchar(16) NOT NULL CHECK (level IN ('WARNING','OVERDUE','ESCALATED')),
        status varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','ACKNOWLEDGED','RESOLVED')),
        opened_at timestamptz NOT NULL DEFAULT now(),
        level_changed_at timestamptz NOT NULL DEFAULT now(),
        assignee_id uuid REFERENCES app_user(id),
        ack_plan text,
        next_review_date date,
        acknowledged_by uuid REFERENCES app_user(id),
        acknowledged_at timestamptz,
        resolution varchar(16) CHECK (resolution IN ('MET','CANCELLED','WAIVED','OBSOLETE')),
        resolve_reason text,
        resolved_by uuid REFERENCES app_user(id),
        resolved_at timestamptz,
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One open alert per deadline: a retried or duplicated job never makes two.
    await q.query(`CREATE UNIQUE INDEX alert_one_open_per_deadline ON alert (deadline_id) WHERE status <> 'RESOLVED'`);
    await q.query(`CREATE INDEX alert_scope_idx ON alert (unit_path text_pattern_ops, status, level)`);
    await q.query(`CREATE INDEX alert_project_idx ON alert (project_id, status)`);
    await q.query(`
      CREATE TABLE alert_level_history (
        id bigserial PRIMARY KEY,
        alert_id uuid NOT NULL REFERENCES alert(id),
        level varchar(16) NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alert_id, level)
      )`);
    await q.query(`
      CREATE TABLE alert_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id uuid NOT NULL REFERENCES alert(id),
        author_id uuid REFERENCES app_user(id),
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_comment_alert_idx ON alert_comment (alert_id, created_at)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        alert_id uuid NOT NULL REFERENCES alert(id),
        level varchar(16) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, alert_id, level)
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'notification', 'alert_comment', 'alert_level_history', 'alert', 'deadline_waiver', 'deadline',
      'reevaluation_run', 'service_target_rule_version', 'service_target_rule', 'calendar_year',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`ALTER TABLE project DROP COLUMN IF EXISTS reevaluate_requested_at`);
    await q.query(`ALTER TABLE project_plan_date DROP COLUMN IF EXISTS stated_on`);
  }
}
