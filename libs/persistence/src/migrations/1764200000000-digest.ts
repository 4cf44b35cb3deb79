import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email (DESIGN §5): per-user digest preference, the weekly digest delivery ledger (one row per user
 * and ISO week, claimed before sending), alert-email deliveries (one per user, alert and level, sent
 * in batches), and the built-in outbox used when no SMTP server is configured.
 */
export class Digest1764200000000 implements MigrationInterface {
  name = 'Digest1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN digest_enabled boolean NOT NULL DEFAULT true`);

    await q.query(`
      CREATE TABLE digest_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        iso_week varchar(8) NOT NULL CHECK (iso_week ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'),
        status varchar(16) NOT NULL CHECK (status IN ('CLAIMED','SENDING','SENT','RETRY','FAILED','SKIPPED')),
        attempts int NOT NULL DEFAULT 0,
        claim_token uuid,
        claimed_at timestamptz,
        transport varchar(8) CHECK (transport IN ('SMTP','OUTBOX')),
        recipient text,
        subject text,
        message_id text,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, iso_week)
      )`);
    await q.query(`CREATE INDEX digest_delivery_week_idx ON digest_delivery (iso_week, status)`);

    await q.query(`
      CREATE TABLE alert_email_batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        status varchar(16) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','CLAIMED','SENDING','SENT','RETRY','FAILED')),
        attempts int NOT NULL DEFAULT 0,
        claim_token uuid,
        claimed_at timestamptz,
        transport varchar(8) CHECK (transport IN ('SMTP','OUTBOX')),
        recipient text,
        subject text,
        message_id text,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_email_batch_open_idx ON alert_email_batch (status, created_at) WHERE status NOT IN ('SENT','FAILED')`);
    // One email per recipient, alert and level, like the in-app notification (user_id, alert_id, level).
    await q.query(`
      CREATE TABLE alert_email_delivery (
        user_id uuid NOT NULL REFERENCES app_user(id),
        alert_id uuid NOT NULL REFERENCES alert(id),
        level varchar(16) NOT NULL CHECK (level IN ('WARNING','OVERDUE','ESCALATED')),
        batch_id uuid REFERENCES alert_email_batch(id),
        skipped_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, alert_id, level)
      )`);
    await q.query(`CREATE INDEX alert_email_delivery_batch_idx ON alert_email_delivery (batch_id)`);
    await q.query(`CREATE INDEX notification_created_idx ON notification (created_at, user_id)`);
    // The digest's week reads: what happened or was recorded in a week, alerts opened in it.
    await q.query(`CREATE INDEX stage_transition_recorded_idx ON stage_transition (recorded_at)`);
    await q.query(`CREATE INDEX stage_transition_effective_idx ON stage_transition (effective_date)`);
    await q.query(`CREATE INDEX milestone_event_recorded_idx ON milestone_event (recorded_at)`);
    await q.query(`CREATE INDEX milestone_event_effective_idx ON milestone_event (effective_date)`);
    await q.query(`CREATE INDEX alert_opened_idx ON alert (opened_at)`);

    await q.query(`
      CREATE TABLE mail_outbox (
        id bigserial PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('DIGEST','ALERT')),
        delivery_key text NOT NULL UNIQUE,
        user_id uuid REFERENCES app_user(id),
        from_address text NOT NULL,
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        message_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mail_outbox', 'alert_email_delivery', 'alert_email_batch', 'digest_delivery']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    for (const i of ['notification_created_idx', 'stage_transition_recorded_idx', 'stage_transition_effective_idx', 'milestone_event_recorded_idx', 'milestone_event_effective_idx', 'alert_opened_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    }
    await q.query(`ALTER TABLE app_user DROP COLUMN IF EXISTS digest_enabled`);
  }
}
