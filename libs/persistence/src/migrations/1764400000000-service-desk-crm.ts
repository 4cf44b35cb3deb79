import { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

const ORIGIN_REGIONS = ['JING_JIN_JI', 'YANGTZE_DELTA', 'GREATER_BAY', 'CHENGDU_CHONGQING', 'NORTHEAST', 'LOCAL', 'INNER_MONGOLIA_OTHER', 'OVERSEAS', 'OTHER'];
const LEAD_SOURCES = ['BUSINESS_REFERRAL', 'CHAMBER_OF_COMMERCE', 'PLATFORM', 'INDUSTRY_CHAIN', 'RESIDENT_OFFICE', 'EXPO', 'ONLINE', 'OTHER'];
const CONTACT_ROLES = [
  'CHAIRMAN', 'GENERAL_MANAGER', 'PROJECT_LEAD', 'LIAISON', 'OTHER_INVESTOR',
  'RESPONSIBLE_LEADER', 'TASK_FORCE_MEMBER', 'AGENT', 'PROJECT_OFFICER', 'OTHER_GOVERNMENT',
];
const TEAM_ROLES = ['RESPONSIBLE_LEADER', 'TEAM_LEADER', 'TEAM_MEMBER', 'AGENT', 'PROJECT_OFFICER'];

/**
 * The service desk around each project (issue 7, first half): investors extended (credit code checked by the
 * API, group structure, origin region, lead source, version, a normalised name for duplicate detection),
 * contacts on both sides, the activity timeline with follow-up tasks and their reminders, the service team
 * (专班) and the service plan (一项目一方案). The code lists mirror libs/domain/src/crm/code-lists.ts.
 */
export class ServiceDeskCrm1764400000000 implements MigrationInterface {
  name = 'ServiceDeskCrm1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Same rule as normaliseInvestorName (libs/domain/src/crm/investor-name.ts).
    await q.query(`
      CREATE FUNCTION luodi_investor_norm(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(lower(normalize(name, NFKC)), '股份有限公司|有限责任公司|有限公司|集团|[[:space:]()（）【】\\[\\]]', '', 'g')
      $$`);
    await q.query(`
      ALTER TABLE investor
        ADD COLUMN parent_id uuid REFERENCES investor(id),
        ADD COLUMN origin_region varchar(32) CHECK (origin_region IN (${list(ORIGIN_REGIONS)})),
        ADD COLUMN lead_source varchar(32) CHECK (lead_source IN (${list(LEAD_SOURCES)})),
        ADD COLUMN industry varchar(100),
        ADD COLUMN website varchar(300),
        ADD COLUMN note text,
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD COLUMN name_norm text GENERATED ALWAYS AS (luodi_investor_norm(name_zh)) STORED,
        ADD CONSTRAINT investor_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)`);
    await q.query(`CREATE INDEX investor_parent_idx ON investor (parent_id)`);
    await q.query(`CREATE INDEX investor_name_norm_trgm ON investor USING gin (name_norm gin_trgm_ops)`);
    await q.query(`CREATE INDEX project_investor_idx ON project (investor_id)`);

    await q.query(`
      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        investor_id uuid REFERENCES investor(id),
        project_id uuid REFERENCES project(id),
        side varchar(16) NOT NULL CHECK (side IN ('INVESTOR','GOVERNMENT')),
        role varchar(32) NOT NULL CHECK (role IN (${list(CONTACT_ROLES)})),
        name varchar(100) NOT NULL,
        title varchar(100),
        organisation varchar(200),
        phone varchar(40),
        email varchar(254),
        note text,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (investor_id IS NOT NULL OR project_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX contact_investor_idx ON contact (investor_id) WHERE investor_id IS NOT NULL`);
    await q.query(`CREATE INDEX contact_project_idx ON contact (project_id) WHERE project_id IS NOT NULL`);

    // unit_path: the project's unit for a project activity, the recorder's unit for an investor-level one (scoping).
    await q.query(`
      CREATE TABLE activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid REFERENCES project(id),
        investor_id uuid REFERENCES investor(id),
        unit_path text NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('VISIT','NEGOTIATION','MEETING','CALL','NOTE')),
        occurred_on date NOT NULL,
        participants jsonb NOT NULL DEFAULT '[]'::jsonb,
        contact_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        summary text NOT NULL CHECK (length(btrim(summary)) > 0),
        outcome text,
        created_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (project_id IS NOT NULL OR investor_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX activity_project_idx ON activity (project_id, occurred_on DESC) WHERE project_id IS NOT NULL`);
    await q.query(`CREATE INDEX activity_investor_idx ON activity (investor_id, occurred_on DESC) WHERE investor_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE follow_up_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        activity_id uuid NOT NULL REFERENCES activity(id),
        project_id uuid REFERENCES project(id),
        unit_path text NOT NULL,
        title varchar(300) NOT NULL,
        due_date date NOT NULL,
        assignee_id uuid NOT NULL REFERENCES app_user(id),
        status varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','DONE','CANCELLED')),
        done_at timestamptz,
        remind_at date,
        note text,
        created_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'DONE') = (done_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX follow_up_assignee_idx ON follow_up_task (assignee_id, due_date) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX follow_up_activity_idx ON follow_up_task (activity_id)`);
    await q.query(`CREATE INDEX follow_up_project_idx ON follow_up_task (project_id) WHERE project_id IS NOT NULL`);

    // In-app reminders of follow-ups (the notification table is tied to alerts): one per (task, kind), ever.
    await q.query(`
      CREATE TABLE task_reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES follow_up_task(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('DUE_SOON','OVERDUE')),
        user_id uuid NOT NULL REFERENCES app_user(id),
        due_date date NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (task_id, kind)
      )`);
    await q.query(`CREATE INDEX task_reminder_user_idx ON task_reminder (user_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE project_team_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        user_id uuid REFERENCES app_user(id),
        contact_id uuid REFERENCES contact(id),
        role varchar(32) NOT NULL CHECK (role IN (${list(TEAM_ROLES)})),
        from_date date NOT NULL,
        to_date date,
        note text,
        created_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((user_id IS NULL) <> (contact_id IS NULL)),
        CHECK (to_date IS NULL OR to_date >= from_date)
      )`);
    // A person holds a role in a project's team once at a time; ended memberships stay as history.
    await q.query(`CREATE UNIQUE INDEX project_team_member_current ON project_team_member (project_id, coalesce(user_id, contact_id), role) WHERE to_date IS NULL`);
    await q.query(`CREATE INDEX project_team_member_project_idx ON project_team_member (project_id, from_date)`);

    await q.query(`
      CREATE TABLE service_plan (
        project_id uuid PRIMARY KEY REFERENCES project(id),
        goals text,
        measures text,
        factors jsonb NOT NULL DEFAULT '[]'::jsonb,
        updated_by uuid REFERENCES app_user(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['service_plan', 'project_team_member', 'task_reminder', 'follow_up_task', 'activity', 'contact']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP INDEX IF EXISTS project_investor_idx`);
    await q.query(`
      ALTER TABLE investor DROP CONSTRAINT IF EXISTS investor_not_own_parent,
        DROP COLUMN IF EXISTS name_norm, DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS note, DROP COLUMN IF EXISTS website,
        DROP COLUMN IF EXISTS industry, DROP COLUMN IF EXISTS lead_source, DROP COLUMN IF EXISTS origin_region, DROP COLUMN IF EXISTS parent_id`);
    await q.query(`DROP FUNCTION IF EXISTS luodi_investor_norm(text)`);
  }
}
