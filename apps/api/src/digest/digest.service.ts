import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#config';
import { DomainError, DomainErrorCode, notFound, type Actor } from '#domain';
import { digestWeekAt, formatIsoWeek, MailSenders, parseIsoWeek, type RenderedMail } from '#notifications';
import { AuditRepository, DigestQueryRepository, MailDeliveryRepository } from '#persistence';
import type { OutboxQueryDto, PreferencesDto } from './digest.dto.js';

/** Digest preview, the outbox and per-user email preferences. */
@Injectable()
export class DigestService {
  constructor(
    private readonly senders: MailSenders,
    private readonly queries: DigestQueryRepository,
    private readonly deliveries: MailDeliveryRepository,
    private readonly audit: AuditRepository,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Renders `userId`'s digest for `week` without sending (admin, director, or yourself). */
  async preview(actor: Actor, userId: string | undefined, week: string | undefined): Promise<RenderedMail & { week: string; userId: string }> {
    const target = userId ?? actor.id;
    if (target !== actor.id && actor.role !== 'admin' && actor.role !== 'director') {
      throw new DomainError(DomainErrorCode.Forbidden, "Only admins and directors may preview another person's digest");
    }
    const w = week === undefined ? digestWeekAt(new Date(), this.config.timeZone) : parseIsoWeek(week);
    if (!w) throw new DomainError(DomainErrorCode.InvalidDate, `${week} is not an ISO week (e.g. 2025-W41)`, { field: 'week' });
    const weekText = formatIsoWeek(w);
    const mail = await this.senders.previewDigest(target, weekText);
    if (!mail) throw notFound('user', target);
    return { ...mail, week: weekText, userId: target };
  }

  outbox(q: OutboxQueryDto) {
    return this.deliveries.listOutbox(q);
  }

  async preferences(actor: Actor) {
    const p = await this.queries.preferences(actor.id);
    if (!p) throw notFound('user', actor.id);
    return { digest: p.digest ? 'on' : 'off', language: p.language, email: p.email };
  }

  async updatePreferences(actor: Actor, dto: PreferencesDto) {
    return this.dataSource.transaction(async (m) => {
      const before = await this.queries.preferences(actor.id);
      if (!before) throw notFound('user', actor.id);
      const after = await this.queries.updatePreferences(m, actor.id, {
        digest: dto.digest === undefined ? undefined : dto.digest === 'on',
        language: dto.language,
        email: dto.email === undefined ? undefined : dto.email === null ? null : dto.email.trim(),
      });
      const view = (p: typeof before) => ({ digest: p.digest ? 'on' : 'off', language: p.language, email: p.email });
      await this.audit.record(m, { actorId: actor.id, action: 'update-preferences', entity: 'app_user', entityId: actor.id, before: view(before), after: view(after) });
      return view(after);
    });
  }
}
