import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { likePrefix, returned } from './sql.js';

/** `null` scope = every unit; otherwise a unit path prefix such as `/150000/150100/`. */
type ScopePath = string | null;

const scopeParam = (scope: ScopePath) => (scope === null ? null : likePrefix(scope));

const LEVEL_RANK = (col: string) => `(CASE ${col} WHEN 'ESCALATED' THEN 0 WHEN 'OVERDUE' THEN 1 ELSE 2 END)`;

/** Stages in which a project owes a monthly 月调度 report (signed, not yet at capacity, not paused or ended). */
export const REPORTING_STAGES = ['SIGNED', 'LANDED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'CONSTRUCTION_COMPLETE', 'COMMISSIONING', 'OPERATING'];

export interface MailRecipientRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: 'staff' | 'manager' | 'director' | 'admin' | 'viewer';
  locale: 'zh-CN' | 'en';
  active: boolean;
  digest_enabled: boolean;
  unit_path: string;
  unit_name_zh: string;
  unit_name_en: string | null;
}

export interface DigestAlertRow {
  alert_id: string;
  project_id: string;
  project_code: string;
  project_name_zh: string;
  project_name_en: string | null;
  unit_name_zh: string;
  level_at: 'WARNING' | 'OVERDUE' | 'ESCALATED';
  opened_at: Date;
  due_date: string;
  explanation_zh: string;
  explanation_en: string;
  owner: string | null;
  total_in_level: number;
}

export interface DigestProgressRow {
  kind: 'STAGE' | 'MILESTONE';
  project_id: string;
  project_code: string;
  project_name_zh: string;
  project_name_en: string | null;
  transition_kind: string | null;
  from_stage: string | null;
  to_stage: string | null;
  milestone_name: string | null;
  date: string;
  total: number;
}

export interface DigestDueRow {
  deadline_id: string;
  project_id: string;
  project_code: string;
  project_name_zh: string;
  project_name_en: string | null;
  level: string;
  due_date: string;
  explanation_zh: string;
  explanation_en: string;
  total: number;
}

export interface DigestMissingReportRow {
  project_id: string;
  project_code: string;
  project_name_zh: string;
  project_name_en: string | null;
  stage: string;
  total: number;
}

/**
 * The reads behind a weekly digest. Every read takes a scope (unit path prefix or null) and a point in
 * time, and rebuilds that week from the stored history (alert level history, stage transitions,
 * milestone events), so any past week can be previewed or re-sent.
 */
@Injectable()
export class DigestQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recipient(userId: string): Promise<MailRecipientRow | null> {
    const rows = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.email, u.role, u.locale, u.active, u.digest_enabled,
              un.path AS unit_path, un.name_zh AS unit_name_zh, un.name_en AS unit_name_en
         FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** Ids of users who get the digest (active, with an email, digest on), keyset-paged by id. */
  async digestRecipientIds(afterId: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM app_user
        WHERE active AND digest_enabled AND email IS NOT NULL AND btrim(email) <> '' AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Alerts open at `end` (opened before it, not resolved before it) with their level at `end` (from
   * alert_level_history). `openedSince` keeps those opened in [openedSince, end); `onlyLevel` and
   * `unacknowledged` narrow further. Up to `perLevel` rows per level, each with its level's total.
   */
  async openAlerts(
    scope: ScopePath,
    end: Date,
    opts: { openedSince?: Date; onlyLevel?: string; unacknowledged?: boolean; perLevel: number },
  ): Promise<DigestAlertRow[]> {
    return this.dataSource.query(
      `WITH open_at AS (
         SELECT a.id, a.project_id, a.deadline_id, a.opened_at, a.assignee_id, coalesce(lv.level, a.level) AS level_at
           FROM alert a
           LEFT JOIN LATERAL (SELECT h.level FROM alert_level_history h WHERE h.alert_id = a.id AND h.at < $2
                               ORDER BY h.at DESC, h.id DESC LIMIT 1) lv ON true
          WHERE a.opened_at < $2 AND (a.resolved_at IS NULL OR a.resolved_at >= $2)
            AND ($1::text IS NULL OR a.unit_path LIKE $1)
            AND ($3::timestamptz IS NULL OR a.opened_at >= $3)
            AND (NOT $5::boolean OR a.acknowledged_at IS NULL OR a.acknowledged_at >= $2)
       ), ranked AS (
         SELECT o.*, count(*) OVER (PARTITION BY o.level_at)::int AS total_in_level,
                row_number() OVER (PARTITION BY o.level_at ORDER BY o.opened_at, o.id) AS rn
           FROM open_at o WHERE ($4::text IS NULL OR o.level_at = $4)
       )
       SELECT r.id AS alert_id, r.project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en,
              un.name_zh AS unit_name_zh, r.level_at, r.opened_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date,
              d.explanation_zh, d.explanation_en, coalesce(au.display_name, p.responsible_leader, p.service_team) AS owner, r.total_in_level
         FROM ranked r
         JOIN project p ON p.id = r.project_id
         JOIN unit un ON un.id = p.unit_id
         JOIN deadline d ON d.id = r.deadline_id
         LEFT JOIN app_user au ON au.id = r.assignee_id
        WHERE r.rn <= $6
        ORDER BY ${LEVEL_RANK('r.level_at')}, d.due_date, p.code`,
      [scopeParam(scope), end, opts.openedSince ?? null, opts.onlyLevel ?? null, opts.unacknowledged ?? false, opts.perLevel],
    );
  }

  /** Stage changes (except the initial record) and sub-milestones that happened or were recorded in the week. */
  async progress(scope: ScopePath, start: Date, end: Date, firstDay: string, lastDay: string, limit: number): Promise<DigestProgressRow[]> {
    return this.dataSource.query(
      `WITH events AS (
         SELECT 'STAGE' AS kind, t.project_id, t.kind AS transition_kind, t.from_stage, t.to_stage, NULL::text AS milestone_name,
                t.effective_date AS date, t.recorded_at
           FROM stage_transition t JOIN project p ON p.id = t.project_id
          WHERE t.kind <> 'INITIAL' AND ($1::text IS NULL OR p.unit_path LIKE $1)
            AND ((t.recorded_at >= $2 AND t.recorded_at < $3) OR (t.effective_date BETWEEN $4::date AND $5::date))
         UNION ALL
         SELECT 'MILESTONE', m.project_id, NULL, NULL, NULL, m.name_zh, m.effective_date, m.recorded_at
           FROM milestone_event m JOIN project p ON p.id = m.project_id
          WHERE ($1::text IS NULL OR p.unit_path LIKE $1)
            AND ((m.recorded_at >= $2 AND m.recorded_at < $3) OR (m.effective_date BETWEEN $4::date AND $5::date))
       ), counted AS (SELECT e.*, count(*) OVER ()::int AS total FROM events e ORDER BY e.date DESC, e.recorded_at DESC LIMIT $6)
       SELECT c.kind, c.project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en,
              c.transition_kind, c.from_stage, c.to_stage, c.milestone_name, to_char(c.date, 'YYYY-MM-DD') AS date, c.total
         FROM counted c JOIN project p ON p.id = c.project_id
        ORDER BY c.date DESC, c.recorded_at DESC, p.code`,
      [scopeParam(scope), start, end, firstDay, lastDay, limit],
    );
  }

  /** Running clocks due in [fromDay, toDay). */
  async dueSoon(scope: ScopePath, fromDay: string, toDay: string, limit: number): Promise<DigestDueRow[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT d.*, count(*) OVER ()::int AS total FROM deadline d JOIN project p ON p.id = d.project_id
          WHERE d.status = 'ON_TRACK' AND d.due_date >= $2::date AND d.due_date < $3::date AND ($1::text IS NULL OR p.unit_path LIKE $1)
          ORDER BY d.due_date, d.id LIMIT $4
       )
       SELECT d.id AS deadline_id, d.project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en,
              d.level, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.explanation_zh, d.explanation_en, d.total
         FROM due d JOIN project p ON p.id = d.project_id ORDER BY d.due_date, p.code`,
      [scopeParam(scope), fromDay, toDay, limit],
    );
  }

  /** Projects that owe a report and have none for `period` (YYYY-MM). */
  async missingReports(scope: ScopePath, period: string, limit: number): Promise<DigestMissingReportRow[]> {
    return this.dataSource.query(
      `SELECT p.id AS project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en, p.stage,
              count(*) OVER ()::int AS total
         FROM project p
        WHERE p.stage = ANY($3::varchar[]) AND ($1::text IS NULL OR p.unit_path LIKE $1)
          AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.project_id = p.id AND r.period = $2)
        ORDER BY p.code LIMIT $4`,
      [scopeParam(scope), period, REPORTING_STAGES, limit],
    );
  }

  /** Projects per stage on `day` (the last transition effective on or before it). */
  async funnel(scope: ScopePath, day: string): Promise<Map<string, number>> {
    const rows: { stage: string; n: number }[] = await this.dataSource.query(
      `SELECT s.stage, count(*)::int AS n FROM (
         SELECT DISTINCT ON (t.project_id) t.to_stage AS stage
           FROM stage_transition t JOIN project p ON p.id = t.project_id
          WHERE t.effective_date <= $2::date AND ($1::text IS NULL OR p.unit_path LIKE $1)
          ORDER BY t.project_id, t.effective_date DESC, t.seq DESC
       ) s GROUP BY s.stage`,
      [scopeParam(scope), day],
    );
    return new Map(rows.map((r) => [r.stage, r.n]));
  }

  /** The user's preferences, or null when no such user. */
  async preferences(userId: string): Promise<{ digest: boolean; language: 'zh-CN' | 'en'; email: string | null; version: number } | null> {
    const rows = await this.dataSource.query(`SELECT digest_enabled AS digest, locale AS language, email, version FROM app_user WHERE id = $1`, [userId]);
    return rows[0] ?? null;
  }

  /** Updates the given preferences (bumps the user's version); returns the new values. */
  async updatePreferences(
    manager: EntityManager,
    userId: string,
    patch: { digest?: boolean; language?: 'zh-CN' | 'en'; email?: string | null },
  ): Promise<{ digest: boolean; language: 'zh-CN' | 'en'; email: string | null; version: number }> {
    const [row] = returned<{ digest: boolean; language: 'zh-CN' | 'en'; email: string | null; version: number }>(await manager.query(
      `UPDATE app_user SET digest_enabled = coalesce($2, digest_enabled), locale = coalesce($3, locale),
              email = CASE WHEN $4::boolean THEN $5 ELSE email END, version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING digest_enabled AS digest, locale AS language, email, version`,
      [userId, patch.digest ?? null, patch.language ?? null, patch.email !== undefined, patch.email ?? null],
    ));
    return row;
  }
}

export type DeliveryTable = 'digest_delivery' | 'alert_email_batch';

export type ClaimResult =
  | { claimed: true; token: string; attempts: number }
  | { claimed: false; status: string | null; lastError: string | null };

export interface SentInfo {
  transport: 'SMTP' | 'OUTBOX';
  recipient: string;
  subject: string;
  messageId: string;
}

export interface OutboxMessage {
  kind: 'DIGEST' | 'ALERT';
  deliveryKey: string;
  userId: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Ledger states a claim may take over: a retry, or a claim whose worker died before handing the mail to SMTP. */
const CLAIMABLE = (t: string) => `${t}.status IN ('PENDING','RETRY') OR (${t}.status = 'CLAIMED' AND ${t}.claimed_at < now() - make_interval(secs => $LEASE))`;

/**
 * Delivery ledgers for email: one `digest_delivery` row per (user, ISO week), one `alert_email_batch`
 * per batch of alert notices. A sender claims the row before it renders or sends; states:
 * CLAIMED (rendering) → SENDING (handed to SMTP) → SENT; RETRY after a failed attempt; FAILED after
 * the last attempt (error kept); SKIPPED (digest turned off / no email). A row left in SENDING by a
 * worker that died is never sent again (it may have gone out): it is marked FAILED for a person to check.
 */
@Injectable()
export class MailDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims the digest of `userId` for `week`, creating its ledger row on first use. */
  async claimDigest(userId: string, week: string, leaseSeconds: number): Promise<ClaimResult> {
    const token = randomUUID();
    const rows: { attempts: number }[] = await this.dataSource.query(
      `INSERT INTO digest_delivery AS dd (user_id, iso_week, status, attempts, claim_token, claimed_at)
       VALUES ($1, $2, 'CLAIMED', 1, $3, now())
       ON CONFLICT (user_id, iso_week) DO UPDATE SET status = 'CLAIMED', attempts = dd.attempts + 1, claim_token = EXCLUDED.claim_token,
              claimed_at = now(), updated_at = now()
        WHERE ${CLAIMABLE('dd').replace('$LEASE', '$4')}
       RETURNING attempts`,
      [userId, week, token, leaseSeconds],
    );
    if (rows.length) return { claimed: true, token, attempts: rows[0].attempts };
    return this.notClaimed('digest_delivery', `user_id = $1 AND iso_week = $2`, [userId, week], leaseSeconds);
  }

  /** Claims an alert-email batch. */
  async claimBatch(batchId: string, leaseSeconds: number): Promise<ClaimResult> {
    const token = randomUUID();
    const rows = returned<{ attempts: number }>(await this.dataSource.query(
      `UPDATE alert_email_batch b SET status = 'CLAIMED', attempts = b.attempts + 1, claim_token = $2, claimed_at = now(), updated_at = now()
        WHERE b.id = $1 AND (${CLAIMABLE('b').replace('$LEASE', '$3')}) RETURNING attempts`,
      [batchId, token, leaseSeconds],
    ));
    if (rows.length) return { claimed: true, token, attempts: rows[0].attempts };
    return this.notClaimed('alert_email_batch', `id = $1`, [batchId], leaseSeconds);
  }

  private async notClaimed(table: DeliveryTable, where: string, values: unknown[], leaseSeconds: number): Promise<ClaimResult> {
    const n = values.length;
    // A worker that died after handing the message to SMTP: never resend (it may have been delivered).
    await this.dataSource.query(
      `UPDATE ${table} SET status = 'FAILED', updated_at = now(),
              last_error = 'worker stopped while handing the message to SMTP; not resent to avoid a duplicate (check the mail server log)'
        WHERE ${where} AND status = 'SENDING' AND claimed_at < now() - make_interval(secs => $${n + 1})`,
      [...values, leaseSeconds],
    );
    const rows = await this.dataSource.query(`SELECT status, last_error FROM ${table} WHERE ${where}`, values);
    return { claimed: false, status: rows[0]?.status ?? null, lastError: rows[0]?.last_error ?? null };
  }

  /** CLAIMED → SENDING just before the SMTP hand-off; false if the claim was lost. */
  async markSending(table: DeliveryTable, token: string, recipient: string, subject: string): Promise<boolean> {
    const rows = returned(await this.dataSource.query(
      `UPDATE ${table} SET status = 'SENDING', recipient = $2, subject = $3, claimed_at = now(), updated_at = now()
        WHERE claim_token = $1 AND status = 'CLAIMED' RETURNING id`,
      [token, recipient, subject],
    ));
    return rows.length > 0;
  }

  async markSent(table: DeliveryTable, token: string, info: SentInfo, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = returned(await manager.query(
      `UPDATE ${table} SET status = 'SENT', transport = $2, recipient = $3, subject = $4, message_id = $5, sent_at = now(), last_error = NULL, updated_at = now()
        WHERE claim_token = $1 AND status IN ('CLAIMED','SENDING') RETURNING id`,
      [token, info.transport, info.recipient, info.subject, info.messageId],
    ));
    return rows.length > 0;
  }

  /** After a failed attempt: RETRY (another attempt may claim it) or, on the last attempt, FAILED. The error is kept. */
  async markFailed(table: DeliveryTable, token: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${table} SET status = $2, last_error = $3, updated_at = now() WHERE claim_token = $1 AND status IN ('CLAIMED','SENDING')`,
      [token, final ? 'FAILED' : 'RETRY', error.slice(0, 2000)],
    );
  }

  async markSkipped(table: DeliveryTable, token: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${table} SET status = 'SKIPPED', last_error = $2, updated_at = now() WHERE claim_token = $1 AND status = 'CLAIMED'`,
      [token, reason],
    );
  }

  /** Writes a message to the outbox (idempotent on its delivery key). */
  async insertOutbox(manager: EntityManager, m: OutboxMessage): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (kind, delivery_key, user_id, from_address, to_address, subject, text_body, html_body, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (delivery_key) DO NOTHING`,
      [m.kind, m.deliveryKey, m.userId, m.from, m.to, m.subject, m.text, m.html, m.messageId],
    );
  }

  async listOutbox(filter: { userId?: string; kind?: string; page: number; pageSize: number }) {
    const values: unknown[] = [filter.userId ?? null, filter.kind ?? null];
    const where = `($1::uuid IS NULL OR user_id = $1::uuid) AND ($2::text IS NULL OR kind = $2)`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM mail_outbox WHERE ${where}`, values);
    const items = await this.dataSource.query(
      `SELECT id::text, kind, delivery_key, user_id, from_address, to_address, subject, text_body, html_body, message_id, created_at
         FROM mail_outbox WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...values, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return { items, total };
  }

  digestDeliveries(week: string) {
    return this.dataSource.query(`SELECT * FROM digest_delivery WHERE iso_week = $1 ORDER BY created_at, id`, [week]);
  }

  /**
   * Turns new in-app notices into alert-email batches: one batch per recipient holding every notice
   * not yet emailed (unique per user, alert and level). Notices for resolved alerts or for users without
   * an email are recorded as skipped. Serialised by an advisory lock, so two workers never split or
   * duplicate a batch. Returns the new batch ids.
   */
  async collectAlertEmails(sinceDays: number): Promise<string[]> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('luodi.alert-email.collect'))`);
      await m.query(
        `INSERT INTO alert_email_delivery (user_id, alert_id, level, skipped_reason)
         SELECT n.user_id, n.alert_id, n.level, CASE WHEN a.status = 'RESOLVED' THEN 'alert resolved' ELSE 'no email address or inactive user' END
           FROM notification n JOIN app_user u ON u.id = n.user_id JOIN alert a ON a.id = n.alert_id
          WHERE n.created_at > now() - make_interval(days => $1)
            AND (a.status = 'RESOLVED' OR NOT u.active OR u.email IS NULL OR btrim(u.email) = '')
            AND NOT EXISTS (SELECT 1 FROM alert_email_delivery e WHERE e.user_id = n.user_id AND e.alert_id = n.alert_id AND e.level = n.level)
         ON CONFLICT DO NOTHING`,
        [sinceDays],
      );
      const batches: { id: string }[] = await m.query(
        `WITH pending AS (
           SELECT n.user_id, n.alert_id, n.level FROM notification n
            WHERE n.created_at > now() - make_interval(days => $1)
              AND NOT EXISTS (SELECT 1 FROM alert_email_delivery e WHERE e.user_id = n.user_id AND e.alert_id = n.alert_id AND e.level = n.level)
         ), batch AS (
           INSERT INTO alert_email_batch (user_id) SELECT DISTINCT user_id FROM pending RETURNING id, user_id
         ), items AS (
           INSERT INTO alert_email_delivery (user_id, alert_id, level, batch_id)
           SELECT p.user_id, p.alert_id, p.level, b.id FROM pending p JOIN batch b ON b.user_id = p.user_id
           ON CONFLICT DO NOTHING RETURNING batch_id
         )
         SELECT DISTINCT batch_id AS id FROM items`,
        [sinceDays],
      );
      return batches.map((b) => b.id);
    });
  }

  /** Batches waiting longer than `olderThanSeconds` (their job was lost): to enqueue again. */
  async staleBatchIds(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM alert_email_batch WHERE status IN ('PENDING','RETRY','CLAIMED') AND updated_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  async batchUser(batchId: string): Promise<string | null> {
    const rows = await this.dataSource.query(`SELECT user_id FROM alert_email_batch WHERE id = $1`, [batchId]);
    return rows[0]?.user_id ?? null;
  }

  /** The alerts of a batch with their project and deadline. */
  batchItems(batchId: string): Promise<
    {
      alert_id: string;
      level: 'WARNING' | 'OVERDUE' | 'ESCALATED';
      project_id: string;
      project_code: string;
      project_name_zh: string;
      project_name_en: string | null;
      unit_name_zh: string;
      due_date: string;
      explanation_zh: string;
      explanation_en: string;
      owner: string | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT e.alert_id, e.level, a.project_id, p.code AS project_code, p.name_zh AS project_name_zh, p.name_en AS project_name_en,
              un.name_zh AS unit_name_zh, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.explanation_zh, d.explanation_en,
              coalesce(au.display_name, p.responsible_leader, p.service_team) AS owner
         FROM alert_email_delivery e
         JOIN alert a ON a.id = e.alert_id
         JOIN project p ON p.id = a.project_id
         JOIN unit un ON un.id = p.unit_id
         JOIN deadline d ON d.id = a.deadline_id
         LEFT JOIN app_user au ON au.id = a.assignee_id
        WHERE e.batch_id = $1
        ORDER BY ${LEVEL_RANK('e.level')}, d.due_date, p.code`,
      [batchId],
    );
  }
}
