import { Body, Controller, Get, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '#domain';
import { CurrentActor, Roles } from '../common/auth/auth.decorators.js';
import { DigestPreviewQueryDto, OutboxQueryDto, PreferencesDto } from './digest.dto.js';
import { DigestService } from './digest.service.js';

@ApiTags('digests')
@ApiBearerAuth()
@Controller('digests')
export class DigestsController {
  constructor(private readonly digests: DigestService) {}

  /**
   * Renders a weekly digest without sending it. `format=html` (default) or `text` answers the body
   * itself with the subject in the `X-Digest-Subject` header (percent-encoded); `json` answers all three.
   */
  @Get('preview')
  async preview(@CurrentActor() actor: Actor, @Query() q: DigestPreviewQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const mail = await this.digests.preview(actor, q.userId, q.week);
    if (q.format === 'json') return mail;
    reply.header('x-digest-subject', encodeURIComponent(mail.subject));
    reply.header('x-digest-week', mail.week);
    reply.header('content-type', q.format === 'text' ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8');
    return q.format === 'text' ? mail.text : mail.html;
  }
}

@ApiTags('digests')
@ApiBearerAuth()
@Roles('admin')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly digests: DigestService) {}

  /** Mail written to the built-in outbox (when SMTP_URL is unset), newest first. */
  @Get()
  async list(@Query() q: OutboxQueryDto) {
    const { items, total } = await this.digests.outbox(q);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
}

@ApiTags('digests')
@ApiBearerAuth()
@Controller('me/preferences')
export class PreferencesController {
  constructor(private readonly digests: DigestService) {}

  @Get()
  get(@CurrentActor() actor: Actor) {
    return this.digests.preferences(actor);
  }

  /** `{digest: on|off, language: zh-CN|en, email}` — each optional. */
  @Patch()
  update(@CurrentActor() actor: Actor, @Body() dto: PreferencesDto) {
    return this.digests.updatePreferences(actor, dto);
  }
}
