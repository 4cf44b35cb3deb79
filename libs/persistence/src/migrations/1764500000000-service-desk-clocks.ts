import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service desk's clocked records (issue 7, second half): the approval checklist (审批事项领办代办, 限时审批),
 * investor requests (诉求, 有求必应) with callbacks (回访), and the commitments ledger (承诺兑现) with its handler
 * history (新官要理旧账). Their clocks live in `deadline` beside the service-target clocks, keyed
 * `approval:<id>`, `request:<id>:response|resolution` and `commitment:<id>`; they follow no rule, so
 * `deadline.rule_id` becomes nullable.
 */
export class ServiceDeskClocks1764500000000 implements MigrationInterface {
  name = 'ServiceDeskClocks1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline ALTER COLUMN rule_id DROP NOT NULL`);

    await q.query(`
      CREATE TABLE approval_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        item_type varchar(32) NOT NULL CHECK (item_type IN ('SITE_SELECTION','LAND_USE','PROJECT_APPROVAL','PLANNING_PERMIT',
          'ENERGY_ASSESSMENT','EIA','SAFETY_ASSESSMENT','WATER','CONSTRUCTION_PERMIT','OTHER')),
        title varchar(200),
        department varchar(200),
        assignee_id uuid REFERENCES app_user(id),
        status varchar(16) NOT NULL DEFAULT 'NOT_STARTED' CHECK (status IN ('NOT_STARTED','IN_PROGRESS','DONE','RETURNED')),
        submitted_on date,
        time_limit_days int NOT NULL CHECK (time_limit_days BETWEEN 1 AND 365),
        completed_on date,
        returned_on date,
        note text,
        template varchar(32),
        sort_order int NOT NULL DEFAULT 0,
        version int NOT NULL DEFAULT 1,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status = 'NOT_STARTED' OR submitted_on IS NOT NULL),
        CHECK (status <> 'DONE' OR completed_on IS NOT NULL),
        CHECK (completed_on IS NULL OR completed_on >= submitted_on)
      )`);
    await q.query(`CREATE INDEX approval_item_project_idx ON approval_item (project_id, sort_order)`);

    await q.query(`
      CREATE TABLE investor_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        investor_id uuid REFERENCES investor(id),
        title varchar(300) NOT NULL,
        category varchar(16) NOT NULL CHECK (category IN ('POWER','ROAD_ACCESS','LAND','FINANCING','LABOUR','POLICY','APPROVAL','OTHER')),
        description text,
        raised_on date NOT NULL,
        owner_unit_id uuid NOT NULL REFERENCES unit(id),
        status varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','ACCEPTED','RESOLVED','CLOSED')),
        due_date date CHECK (due_date IS NULL OR due_date >= raised_on),
        accepted_on date,
        resolved_on date,
        resolution text,
        closed_on date,
        version int NOT NULL DEFAULT 1,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status NOT IN ('RESOLVED','CLOSED') OR (resolved_on IS NOT NULL AND resolution IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX investor_request_project_idx ON investor_request (project_id)`);
    await q.query(`CREATE INDEX investor_request_owner_idx ON investor_request (owner_unit_id, status)`);
    await q.query(`
      CREATE TABLE investor_request_callback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES investor_request(id),
        called_on date NOT NULL,
        contact varchar(200) NOT NULL,
        satisfaction int NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
        comment text,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX investor_request_callback_idx ON investor_request_callback (request_id, called_on)`);

    await q.query(`
      CREATE TABLE commitment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        title varchar(300) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('POLICY_FUNDS','LAND_PRICE','INFRASTRUCTURE','APPROVAL_TIME','FACTOR_SUPPLY','OTHER')),
        amount numeric(16,2) CHECK (amount IS NULL OR amount >= 0),
        promised_by varchar(300) NOT NULL,
        promised_on date NOT NULL,
        due_date date NOT NULL CHECK (due_date >= promised_on),
        status varchar(16) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','PARTIAL','FULFILLED','WAIVED')),
        fulfilled_on date,
        waive_reason text,
        evidence text,
        evidence_url varchar(2000),
        handler_id uuid REFERENCES app_user(id),
        note text,
        version int NOT NULL DEFAULT 1,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'FULFILLED' OR fulfilled_on IS NOT NULL),
        CHECK (status <> 'WAIVED' OR waive_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX commitment_project_idx ON commitment (project_id)`);
    await q.query(`CREATE INDEX commitment_open_due_idx ON commitment (due_date) WHERE status IN ('PENDING','PARTIAL')`);
    // 新官要理旧账: every change of handler, kept.
    await q.query(`
      CREATE TABLE commitment_handler_history (
        id bigserial PRIMARY KEY,
        commitment_id uuid NOT NULL REFERENCES commitment(id),
        handler_id uuid REFERENCES app_user(id),
        previous_handler_id uuid REFERENCES app_user(id),
        changed_by uuid REFERENCES app_user(id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        note text
      )`);
    await q.query(`CREATE INDEX commitment_handler_history_idx ON commitment_handler_history (commitment_id, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['commitment_handler_history', 'commitment', 'investor_request_callback', 'investor_request', 'approval_item']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DELETE FROM alert_level_history WHERE alert_id IN (SELECT a.id FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE d.rule_id IS NULL)`);
    await q.query(`DELETE FROM notification WHERE alert_id IN (SELECT a.id FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE d.rule_id IS NULL)`);
    await q.query(`DELETE FROM alert_comment WHERE alert_id IN (SELECT a.id FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE d.rule_id IS NULL)`);
    await q.query(`DELETE FROM alert WHERE deadline_id IN (SELECT id FROM deadline WHERE rule_id IS NULL)`);
    await q.query(`DELETE FROM deadline WHERE rule_id IS NULL`);
    await q.query(`ALTER TABLE deadline ALTER COLUMN rule_id SET NOT NULL`);
  }
}
