import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#config';
import { MailDeliveryRepository, type DeliveryTable, type SentInfo } from '#persistence';
import type { RenderedMail } from './digest.model.js';

export interface OutgoingMail extends RenderedMail {
  to: string;
  kind: 'DIGEST' | 'ALERT';
  /** Unique per message: the outbox key and the basis of the Message-ID. */
  deliveryKey: string;
  userId: string;
}

/**
 * Hands a claimed message to SMTP (nodemailer, pooled connections) when SMTP_URL is set, otherwise writes
 * it to the `mail_outbox` table in the same transaction that marks the ledger row SENT (exactly once).
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger(MailTransport.name);
  private transporter?: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly deliveries: MailDeliveryRepository,
  ) {}

  get mode(): 'SMTP' | 'OUTBOX' {
    return this.config.mail.smtpUrl ? 'SMTP' : 'OUTBOX';
  }

  private smtp(): Transporter {
    this.transporter ??= nodemailer.createTransport({
      url: this.config.mail.smtpUrl!,
      pool: true,
      maxConnections: Math.max(1, Math.min(this.config.mail.concurrency, 16)),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return this.transporter;
  }

  messageId(deliveryKey: string): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.mail.from)?.[1] ?? 'luodi.local';
    return `<${deliveryKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
  }

  /**
   * Sends for a claimed ledger row (`token`) and marks it SENT. Throws when SMTP refuses or fails; the
   * row is then still CLAIMED/SENDING and the caller records the failure.
   */
  async deliver(table: DeliveryTable, token: string, mail: OutgoingMail): Promise<SentInfo> {
    const info: SentInfo = { transport: this.mode, recipient: mail.to, subject: mail.subject, messageId: this.messageId(mail.deliveryKey) };
    if (this.mode === 'OUTBOX') {
      await this.dataSource.transaction(async (m) => {
        await this.deliveries.insertOutbox(m, {
          kind: mail.kind,
          deliveryKey: mail.deliveryKey,
          userId: mail.userId,
          from: this.config.mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: info.messageId,
        });
        if (!(await this.deliveries.markSent(table, token, info, m))) throw new Error('delivery claim lost before the outbox write');
      });
      return info;
    }
    if (!(await this.deliveries.markSending(table, token, mail.to, mail.subject))) throw new Error('delivery claim lost before the SMTP hand-off');
    await this.smtp().sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: info.messageId,
      headers: { 'X-Luodi-Delivery': mail.deliveryKey, 'Auto-Submitted': 'auto-generated' },
    });
    if (!(await this.deliveries.markSent(table, token, info))) this.logger.warn(`${mail.deliveryKey}: sent, but the ledger row changed meanwhile`);
    return info;
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
