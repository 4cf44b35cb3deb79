import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { MailDeliveryRepository } from '#persistence';
import { DigestBuilder } from './digest-builder.service.js';
import type { AlertLevel, RenderedMail } from './digest.model.js';
import { isLocale } from './i18n.js';
import { formatIsoWeek, parseIsoWeek } from './iso-week.js';
import { MailTransport } from './mail-transport.js';
import { renderAlertEmail, renderDigest } from './render.js';

/** A job attempt: 1-based number and the most the job will get. */
export interface Attempt {
  number: number;
  max: number;
}

export type SendOutcome = { status: 'SENT'; transport: 'SMTP' | 'OUTBOX'; messageId: string } | { status: 'SKIPPED'; reason: string };

/** Seconds after which a claim whose worker vanished before the SMTP hand-off may be taken over. */
export const CLAIM_LEASE_SECONDS = 300;

/**
 * Sends digests and alert-email batches exactly once: claim the ledger row, re-check the person's
 * preferences, render, hand over, mark SENT. A refused send records the error and rethrows, so the job
 * is retried with backoff; the last attempt marks the row FAILED with the error kept.
 */
@Injectable()
export class MailSenders {
  private readonly logger = new Logger(MailSenders.name);

  constructor(
    private readonly builder: DigestBuilder,
    private readonly deliveries: MailDeliveryRepository,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendDigest(userId: string, weekText: string, attempt: Attempt = { number: 1, max: 1 }): Promise<SendOutcome> {
    const week = parseIsoWeek(weekText);
    if (!week) return { status: 'SKIPPED', reason: `invalid week ${weekText}` };
    const claim = await this.deliveries.claimDigest(userId, formatIsoWeek(week), CLAIM_LEASE_SECONDS);
    if (!claim.claimed) return { status: 'SKIPPED', reason: `already ${claim.status?.toLowerCase() ?? 'handled'}` };
    try {
      const r = await this.builder.recipient(userId);
      const reason = !r ? 'no such user' : !r.active ? 'user inactive' : !r.digest_enabled ? 'digest turned off' : !r.email?.trim() ? 'no email address' : null;
      if (reason || !r) {
        await this.deliveries.markSkipped('digest_delivery', claim.token, reason ?? 'no such user');
        return { status: 'SKIPPED', reason: reason ?? 'no such user' };
      }
      const mail = renderDigest(await this.builder.build(r, week), this.config.mail.baseUrl, isLocale(r.locale) ? r.locale : 'zh-CN');
      const info = await this.transport.deliver('digest_delivery', claim.token, {
        ...mail,
        to: r.email!.trim(),
        kind: 'DIGEST',
        deliveryKey: `digest:${userId}:${formatIsoWeek(week)}`,
        userId,
      });
      return { status: 'SENT', transport: info.transport, messageId: info.messageId };
    } catch (e) {
      await this.failed('digest_delivery', claim.token, e, attempt, `digest ${userId} ${weekText}`);
      throw e;
    }
  }

  /** Renders without sending or claiming (preview, dry runs). */
  async previewDigest(userId: string, weekText: string): Promise<RenderedMail | null> {
    const week = parseIsoWeek(weekText);
    const r = await this.builder.recipient(userId);
    if (!week || !r) return null;
    return renderDigest(await this.builder.build(r, week), this.config.mail.baseUrl, isLocale(r.locale) ? r.locale : 'zh-CN');
  }

  async sendAlertBatch(batchId: string, attempt: Attempt = { number: 1, max: 1 }): Promise<SendOutcome> {
    const claim = await this.deliveries.claimBatch(batchId, CLAIM_LEASE_SECONDS);
    if (!claim.claimed) return { status: 'SKIPPED', reason: `already ${claim.status?.toLowerCase() ?? 'handled'}` };
    try {
      const userId = await this.deliveries.batchUser(batchId);
      const r = userId ? await this.builder.recipient(userId) : null;
      const items = await this.deliveries.batchItems(batchId);
      const reason = !r ? 'no such user' : !r.active ? 'user inactive' : !r.email?.trim() ? 'no email address' : items.length === 0 ? 'empty batch' : null;
      if (reason || !r) {
        await this.deliveries.markSkipped('alert_email_batch', claim.token, reason ?? 'no such user');
        return { status: 'SKIPPED', reason: reason ?? 'no such user' };
      }
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const locale = isLocale(r.locale) ? r.locale : 'zh-CN';
      const mail = renderAlertEmail(
        {
          recipient: { id: r.id, displayName: r.display_name, email: r.email, role: r.role, locale },
          alerts: items.map((i) => ({
            alertId: i.alert_id,
            projectId: i.project_id,
            projectCode: i.project_code,
            projectNameZh: i.project_name_zh,
            projectNameEn: i.project_name_en,
            unitNameZh: i.unit_name_zh,
            level: i.level as AlertLevel,
            dueDate: i.due_date,
            daysOverdue: Math.max(0, Math.round((Date.parse(today) - Date.parse(i.due_date)) / 86_400_000)),
            explanationZh: i.explanation_zh,
            explanationEn: i.explanation_en,
            owner: i.owner,
          })),
        },
        this.config.mail.baseUrl,
        locale,
      );
      const info = await this.transport.deliver('alert_email_batch', claim.token, { ...mail, to: r.email!.trim(), kind: 'ALERT', deliveryKey: `alert-email:${batchId}`, userId: r.id });
      return { status: 'SENT', transport: info.transport, messageId: info.messageId };
    } catch (e) {
      await this.failed('alert_email_batch', claim.token, e, attempt, `alert batch ${batchId}`);
      throw e;
    }
  }

  private async failed(table: 'digest_delivery' | 'alert_email_batch', token: string, e: unknown, attempt: Attempt, what: string) {
    const final = attempt.number >= attempt.max;
    const message = e instanceof Error ? e.message : String(e);
    this.logger.warn(`${what}: attempt ${attempt.number}/${attempt.max} failed (${message})${final ? '; giving up' : '; will retry'}`);
    await this.deliveries.markFailed(table, token, message, final).catch(() => undefined);
  }
}
