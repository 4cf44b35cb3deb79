import { MigrationInterface, QueryRunner } from 'typeorm';

/** The Foundation schema: units, users, investors, taxonomy, lists, projects and their records, audit log. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        admin_code varchar(12),
        name_zh varchar(100) NOT NULL,
        name_en varchar(200),
        kind varchar(16) NOT NULL CHECK (kind IN ('REGION','CITY','DISTRICT','COUNTY','BANNER','DEV_ZONE','NEW_AREA','TOWN','DEPARTMENT')),
        parent_id uuid REFERENCES unit(id),
        path text NOT NULL UNIQUE,
        sort_order int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX unit_path_idx ON unit (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE,
        display_name varchar(100) NOT NULL,
        email varchar(254),
        password_hash text NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('staff','manager','director','admin','viewer')),
        unit_id uuid NOT NULL REFERENCES unit(id),
        locale varchar(8) NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN','en')),
        active boolean NOT NULL DEFAULT true,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE investor (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name_zh varchar(200) NOT NULL UNIQUE,
        name_en varchar(300),
        ownership_type varchar(16) NOT NULL DEFAULT 'UNKNOWN'
          CHECK (ownership_type IN ('CENTRAL_SOE','LOCAL_SOE','PRIVATE','FOREIGN','MIXED','UNKNOWN')),
        credit_code varchar(18) UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX investor_name_trgm ON investor USING gin (name_zh gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE taxonomy_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        valid_from date NOT NULL,
        active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX taxonomy_one_active ON taxonomy_version (active) WHERE active`);
    await q.query(`
      CREATE TABLE cluster (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taxonomy_version_id uuid NOT NULL REFERENCES taxonomy_version(id),
        code varchar(64) NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('CLUSTER','CHAIN')),
        parent_id uuid REFERENCES cluster(id),
        name_zh varchar(100) NOT NULL,
        name_en varchar(200),
        sort_order int NOT NULL DEFAULT 0,
        UNIQUE (taxonomy_version_id, code)
      )`);
    await q.query(`
      CREATE TABLE project_list (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name_zh varchar(200) NOT NULL,
        name_en varchar(300),
        issuer varchar(100),
        year int,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name_zh varchar(300) NOT NULL,
        name_en varchar(400),
        investor_id uuid REFERENCES investor(id),
        unit_id uuid NOT NULL REFERENCES unit(id),
        unit_path text NOT NULL,
        location varchar(300),
        family varchar(16) NOT NULL CHECK (family IN ('INVESTMENT','GOVERNMENT')),
        project_type varchar(64),
        stage varchar(32) NOT NULL CHECK (stage IN ('RESERVE','NEGOTIATING','SIGNED','LANDED','PRE_CONSTRUCTION',
          'UNDER_CONSTRUCTION','CONSTRUCTION_COMPLETE','COMMISSIONING','OPERATING','AT_CAPACITY','ON_HOLD','CANCELLED')),
        stage_date date NOT NULL,
        held_from_stage varchar(32),
        total_investment numeric(16,2) CHECK (total_investment >= 0),
        capacity text,
        description text,
        sponsor_leader varchar(100),
        responsible_leader varchar(100),
        service_team varchar(200),
        jobs_planned int CHECK (jobs_planned >= 0),
        is_program boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX project_unit_path_idx ON project (unit_path text_pattern_ops, id)`);
    await q.query(`CREATE INDEX project_stage_idx ON project (stage, id)`);
    await q.query(`CREATE INDEX project_updated_idx ON project (updated_at DESC, id)`);
    await q.query(`CREATE INDEX project_investment_idx ON project (total_investment)`);
    await q.query(`CREATE INDEX project_name_trgm ON project USING gin (name_zh gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE project_cluster (
        project_id uuid NOT NULL REFERENCES project(id) ON DELETE CASCADE,
        cluster_id uuid NOT NULL REFERENCES cluster(id),
        PRIMARY KEY (project_id, cluster_id)
      )`);
    await q.query(`CREATE INDEX project_cluster_cluster_idx ON project_cluster (cluster_id, project_id)`);
    await q.query(`
      CREATE TABLE project_list_membership (
        project_id uuid NOT NULL REFERENCES project(id) ON DELETE CASCADE,
        list_id uuid NOT NULL REFERENCES project_list(id),
        added_on date,
        note text,
        PRIMARY KEY (project_id, list_id)
      )`);
    await q.query(`CREATE INDEX project_list_membership_list_idx ON project_list_membership (list_id, project_id)`);
    await q.query(`
      CREATE TABLE project_plan_date (
        project_id uuid NOT NULL REFERENCES project(id) ON DELETE CASCADE,
        stage varchar(32) NOT NULL,
        expected_date date NOT NULL,
        source_text text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, stage)
      )`);
    await q.query(`
      CREATE TABLE project_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id) ON DELETE CASCADE,
        source_file varchar(200) NOT NULL,
        source_line int NOT NULL,
        quote_zh text NOT NULL,
        status_zh text,
        as_of date,
        stage varchar(32),
        sub_milestone varchar(200),
        note text,
        UNIQUE (project_id, source_file, source_line, quote_zh)
      )`);
    await q.query(`
      CREATE TABLE stage_transition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        seq int NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('INITIAL','FORWARD','CORRECTION','HOLD','RESUME','CANCEL')),
        from_stage varchar(32),
        to_stage varchar(32) NOT NULL,
        effective_date date NOT NULL,
        skipped_stage_dates jsonb NOT NULL DEFAULT '{}'::jsonb,
        note text,
        actor_id uuid REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, seq)
      )`);
    // Stage history is append-only (DESIGN §3).
    await q.query(`
      CREATE FUNCTION luodi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER stage_transition_append_only BEFORE UPDATE OR DELETE ON stage_transition
      FOR EACH ROW EXECUTE FUNCTION luodi_append_only()`);
    await q.query(`
      CREATE TABLE milestone_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        code varchar(64) NOT NULL,
        name_zh varchar(200) NOT NULL,
        effective_date date NOT NULL,
        note text,
        actor_id uuid REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX milestone_event_project_idx ON milestone_event (project_id, effective_date)`);
    await q.query(`
      CREATE TABLE money_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('AGREED','ARRIVED','COMPLETED','ANNUAL_PLAN')),
        period varchar(7) NOT NULL CHECK (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'),
        amount numeric(16,2) NOT NULL CHECK (amount >= 0),
        note text,
        actor_id uuid REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, kind, period)
      )`);
    await q.query(`
      CREATE TABLE progress_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        period varchar(7) NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        summary text NOT NULL,
        construction_percent int CHECK (construction_percent BETWEEN 0 AND 100),
        next_steps text,
        problems text,
        actor_id uuid REFERENCES app_user(id),
        reported_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, period)
      )`);
    await q.query(`
      CREATE TABLE project_issue (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        category varchar(16) NOT NULL CHECK (category IN ('LAND','APPROVAL','FUNDING','ENERGY','WATER','POWER','LABOUR','OTHER')),
        title varchar(300) NOT NULL,
        description text,
        owner_unit_id uuid REFERENCES unit(id),
        due_date date,
        status varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','ESCALATED','CLEARED')),
        result text,
        cleared_on date,
        created_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX project_issue_project_idx ON project_issue (project_id, status)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES app_user(id),
        action varchar(32) NOT NULL,
        entity varchar(64) NOT NULL,
        entity_id varchar(64) NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id)`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION luodi_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_log', 'project_issue', 'progress_report', 'money_record', 'milestone_event', 'stage_transition',
      'project_source', 'project_plan_date', 'project_list_membership', 'project_cluster', 'project',
      'project_list', 'cluster', 'taxonomy_version', 'investor', 'app_user', 'unit',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS luodi_append_only()`);
  }
}
