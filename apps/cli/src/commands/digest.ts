import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConfigModule, loadAppConfig, type AppConfig } from '#config';
import { digestWeekAt, formatIsoWeek, mondayOf, MailSenders, MailTransport, NotificationsModule, parseIsoWeek, type IsoWeek } from '#notifications';
import { DigestQueryRepository, PersistenceModule } from '#persistence';

export const DIGEST_USAGE = 'digest --week 2025-W41 [--user <username|id>] [--dry-run]';

interface DigestArgs {
  week: string;
  user: string | null;
  dryRun: boolean;
}

function parseArgs(args: string[]): DigestArgs {
  let week: string | null = null;
  let user: string | null = null;
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n\nUsage: npm run cli -- ${DIGEST_USAGE}`);
      return v;
    };
    if (flag === '--week') week = value();
    else if (flag === '--user') user = value();
    else if (flag === '--dry-run') dryRun = true;
    else throw new Error(`Unknown argument "${a}"\n\nUsage: npm run cli -- ${DIGEST_USAGE}`);
  }
  if (!week) throw new Error(`--week is required\n\nUsage: npm run cli -- ${DIGEST_USAGE}`);
  return { week, user, dryRun };
}

/** The week, checked: a real ISO week that has ended (the latest allowed is the last complete week in the business time zone). */
export function validateDigestWeek(text: string, now: Date, timeZone: string): IsoWeek {
  const week = parseIsoWeek(text);
  if (!week) throw new Error(`Invalid week "${text}": expected an ISO week such as 2025-W41 (YYYY-Www, a week that exists in that year)`);
  const latest = digestWeekAt(now, timeZone);
  if (mondayOf(week) > mondayOf(latest)) {
    throw new Error(`Week ${formatIsoWeek(week)} has not ended yet: digests are sent for past weeks only (the latest is ${formatIsoWeek(latest)})`);
  }
  return week;
}

async function withDigestContext<T>(
  config: AppConfig,
  fn: (ctx: { senders: MailSenders; transport: MailTransport; queries: DigestQueryRepository; dataSource: DataSource }) => Promise<T>,
): Promise<T> {
  @Module({ imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(), NotificationsModule] })
  class DigestCliModule {}
  const app = await NestFactory.createApplicationContext(DigestCliModule, { logger: ['error', 'warn'] });
  try {
    return await fn({ senders: app.get(MailSenders), transport: app.get(MailTransport), queries: app.get(DigestQueryRepository), dataSource: app.get(DataSource) });
  } finally {
    await app.close();
  }
}

/**
 * `digest --week 2025-W41 [--user <username|id>] [--dry-run]`: sends (or, with --dry-run, prints) the weekly
 * digest of a past week, for one person or every recipient. Sending goes through the worker's exactly-once
 * path (the digest_delivery claim), so a re-run, or the scheduled job, never sends a second copy.
 */
export async function digestCommand(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const week = formatIsoWeek(validateDigestWeek(opts.week, new Date(), config.timeZone));

  await withDigestContext(config, async ({ senders, transport, queries, dataSource }) => {
    let userIds: string[];
    if (opts.user !== null) {
      const rows: { id: string }[] = await dataSource.query(`SELECT id FROM app_user WHERE username = $1 OR id::text = $1`, [opts.user]);
      if (!rows.length) throw new Error(`No user with username or id "${opts.user}"`);
      userIds = [rows[0].id];
    } else {
      userIds = [];
      for (let after: string | null = null; ; ) {
        const page = await queries.digestRecipientIds(after, 1000);
        if (!page.length) break;
        userIds.push(...page);
        after = page[page.length - 1];
      }
    }

    if (opts.dryRun) {
      const sent: { user_id: string; status: string }[] = await dataSource.query(
        `SELECT user_id::text, status FROM digest_delivery WHERE iso_week = $1 AND user_id = ANY($2::uuid[])`,
        [week, userIds],
      );
      const ledger = new Map(sent.map((r) => [r.user_id, r.status]));
      console.log(`Dry run: digest for ${week}, ${userIds.length} recipient(s); nothing is written or sent.\n`);
      for (const userId of userIds) {
        const r = await queries.recipient(userId);
        if (!r) continue;
        const mail = await senders.previewDigest(userId, week);
        const skip = !r.active ? 'user inactive' : !r.digest_enabled ? 'digest turned off' : !r.email?.trim() ? 'no email address' : null;
        const state = ledger.get(userId);
        const note = skip ? `would not be sent (${skip})` : state && !['PENDING', 'RETRY'].includes(state) ? `would not be sent again (already ${state.toLowerCase()})` : `would be sent via ${transport.mode}`;
        console.log(`=== ${r.username}: ${note}`);
        console.log(`To:      ${r.email?.trim() || '(none)'}`);
        console.log(`Subject: ${mail?.subject ?? ''}`);
        console.log('');
        console.log(mail?.text ?? '');
        console.log('');
      }
      return;
    }

    if (!userIds.length) {
      console.log(`No digest recipients (active users with an email and digests on).`);
      return;
    }
    const tally = { sent: 0, skipped: 0, failed: 0 };
    for (const userId of userIds) {
      const r = await queries.recipient(userId);
      const who = r ? `${r.username} <${r.email?.trim() || 'no email'}>` : userId;
      try {
        // Not the final attempt: a refused send is left RETRY, so a re-run (or the scheduled job) tries again.
        const outcome = await senders.sendDigest(userId, week, { number: 1, max: 2 });
        if (outcome.status === 'SENT') {
          tally.sent++;
          console.log(`sent     ${who} via ${outcome.transport} ${outcome.messageId}`);
        } else {
          tally.skipped++;
          console.log(`skipped  ${who}: ${outcome.reason}`);
        }
      } catch (e) {
        tally.failed++;
        console.log(`FAILED   ${who}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const where = transport.mode === 'OUTBOX' ? ' (outbox: GET /api/v1/outbox as admin)' : '';
    console.log(`\nDigest ${week}: ${tally.sent} sent, ${tally.skipped} skipped, ${tally.failed} failed${where}`);
    if (tally.failed) throw new Error(`${tally.failed} digest(s) failed; run the same command again to retry them`);
  });
}
