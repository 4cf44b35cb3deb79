import { Module } from '@nestjs/common';
import { DigestBuilder } from './digest-builder.service.js';
import { MailSenders } from './mail-senders.service.js';
import { MailTransport } from './mail-transport.js';

/** Digest building, rendering and delivery. Needs ConfigModule and PersistenceModule (both global). */
@Module({
  providers: [DigestBuilder, MailTransport, MailSenders],
  exports: [DigestBuilder, MailTransport, MailSenders],
})
export class NotificationsModule {}
