/**
 * Weekly digest and alert emails over real SMTP (a `smtp-server` listening on 127.0.0.1 inside the test):
 * exactly one digest per person and week however the fan-out is repeated, with two workers, after a
 * refused send, after a worker died mid-job; content scoped by role and unit; batched alert emails;
 * preferences respected.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import type { ParsedMail } from 'mailparser';
import { JobName, JobQueue } from '#jobs';
import { MailSenders } from '#notifications';
import type { ProjectEntity, UnitEntity, UserEntity } from '#persistence';
import { createWorker } from '../../apps/worker/src/main.js';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { insertAlert, insertForward, insertNotice, until } from './digest-fixtures.js';

const BASE = 'https://luodi.test.example';
let smtp: SmtpSink;
let t: TestApp;
let worker: INestApplicationContext;
let worker2: INestApplicationContext | undefined;
let city: UnitEntity;
let xincheng: UnitEntity;
let saihan: UnitEntity;
let manager: UserEntity;
let staffSaihan: UserEntity;
let director: UserEntity;
let noEmail: UserEntity;
let digestOff: UserEntity;
let pXin: ProjectEntity;
let pSai: ProjectEntity;
let alertXin: string;
let alertSai: string;

const text = (m: ParsedMail) => m.text ?? '';
const html = (m: ParsedMail) => (typeof m.html === 'string' ? m.html : '');
const jobs = () => worker.get(JobQueue);
const ledger = (week: string) =>
  t.dataSource.query(`SELECT user_id, status, attempts, last_error, transport FROM digest_delivery WHERE iso_week = $1 ORDER BY user_id`, [week]) as Promise<
    { user_id: string; status: string; attempts: number; last_error: string | null; transport: string | null }[]
  >;

async function drained(): Promise<void> {
  const q = new Queue('notifications', { connection: { url: t.config.redis.url }, prefix: t.config.redis.prefix });
  try {
    await until(async () => {
      // Job schedulers keep their next run as a delayed job: only one-off jobs count.
      const jobsLeft = await q.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
      return jobsLeft.filter((j) => j && !j.repeatJobKey).length === 0;
    }, 60_000, 'the notifications queue to drain');
  } finally {
    await q.close();
  }
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ SMTP_URL: smtp.url, QUEUE_PREFIX: `test-digest-smtp-${process.pid}`, APP_BASE_URL: BASE, MAIL_CONCURRENCY: '4' });
  const ds = t.dataSource;
  city = await insertUnit(ds, { nameZh: '呼和浩特市' });
  xincheng = await insertUnit(ds, { parent: city, nameZh: '新城区' });
  saihan = await insertUnit(ds, { parent: city, nameZh: '赛罕区' });
  manager = await insertUser(ds, xincheng, 'manager', { email: 'manager@xincheng.test', displayName: '新城区王科长' });
  staffSaihan = await insertUser(ds, saihan, 'staff', { email: 'staff@saihan.test', displayName: 'Saihan Staff', locale: 'en' });
  director = await insertUser(ds, city, 'director', { email: 'director@city.test', displayName: '局长' });
  noEmail = await insertUser(ds, city, 'director', { email: null });
  digestOff = await insertUser(ds, city, 'manager', { email: 'off@city.test' });
  await ds.query(`UPDATE app_user SET digest_enabled = false WHERE id = $1`, [digestOff.id]);

  pXin = await insertProject(ds, xincheng, { nameZh: '伊利现代智慧健康谷项目', stage: 'SIGNED', stageDate: '2025-03-01' });
  pSai = await insertProject(ds, saihan, { nameZh: '赛罕光伏制氢项目', stage: 'SIGNED', stageDate: '2025-03-01' });
  // 2025-W41 is 2025-10-06 .. 2025-10-12 (Asia/Shanghai).
  alertXin = await insertAlert(ds, pXin, { level: 'OVERDUE', openedAt: '2025-10-08T02:00:00Z', dueDate: '2025-10-01' });
  alertSai = await insertAlert(ds, pSai, { level: 'WARNING', openedAt: '2025-10-09T02:00:00Z', dueDate: '2025-10-20' });
  await insertAlert(ds, pSai, { level: 'ESCALATED', openedAt: '2025-08-01T02:00:00Z', dueDate: '2025-07-01' }); // older, awaiting response
  await insertForward(ds, pXin, 'SIGNED', 'LANDED', '2025-10-09');

  worker = await createWorker(t.config);
}, 90_000);

afterAll(async () => {
  await worker2?.close();
  await worker?.close();
  await t?.close();
  await smtp?.close();
});

describe('weekly digest over SMTP', () => {
  it('fans out once per recipient even when the fan-out runs twice at once', async () => {
    await Promise.all([
      jobs().enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W41', trigger: 'manual' } }),
      jobs().enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W41', trigger: 'manual' } }),
    ]);
    await smtp.waitFor(3);
    await drained();
    // Run the whole week again after the first run finished: nothing new.
    await jobs().enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W41', trigger: 'manual' } });
    await drained();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.map((m) => (m.to as { text: string }).text).sort()).toEqual(['director@city.test', 'manager@xincheng.test', 'staff@saihan.test']);
    const rows = await ledger('2025-W41');
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'SENT' && r.attempts === 1 && r.transport === 'SMTP')).toBe(true);
  }, 90_000);

  it("scopes a manager's digest to the unit's subtree, in Chinese, with both parts and working links", () => {
    const [m] = smtp.to('manager@xincheng.test');
    expect(m.subject).toBe('【落地】新城区项目周报 2025-W41（2025-10-06至2025-10-12）');
    expect(m.from?.text).toContain('luodi@localhost');
    expect(m.messageId).toContain(`digest.${manager.id}.2025-W41@`);
    for (const part of [text(m), html(m)]) {
      expect(part).toContain('新城区王科长，您好');
      expect(part).toContain('伊利现代智慧健康谷项目');
      expect(part).not.toContain('赛罕光伏制氢项目');
      expect(part).toContain('红灯');
      expect(part).toContain('11 天'); // due 2025-10-01, reference day Sunday 2025-10-12
      expect(part).toContain('签约 → 落地');
      expect(part).toContain(`${BASE}/projects/${pXin.id}`);
      expect(part).toContain(`${BASE}/alerts/${alertXin}`);
    }
    expect(html(m)).toContain('<table');
  });

  it("gives a director everything and a staff member their unit, in the user's language", () => {
    const [d] = smtp.to('director@city.test');
    expect(d.subject).toContain('全市项目周报');
    expect(text(d)).toContain('伊利现代智慧健康谷项目');
    expect(text(d)).toContain('赛罕光伏制氢项目');
    expect(text(d)).toMatch(/待回应的督办事项 \(1\)/);
    const [s] = smtp.to('staff@saihan.test');
    expect(s.subject).toMatch(/^\[Luodi\] Weekly digest for 赛罕区, 2025-W41/);
    expect(text(s)).toContain('Dear Saihan Staff,');
    expect(text(s)).toContain('赛罕光伏制氢项目');
    expect(text(s)).not.toContain('伊利现代智慧健康谷项目');
    expect(text(s)).toContain(`${BASE}/alerts/${alertSai}`);
    expect(smtp.to('off@city.test')).toHaveLength(0);
  });

  it('a second worker running at the same time sends nothing twice', async () => {
    worker2 = await createWorker(t.config);
    const before = smtp.messages.length;
    await Promise.all([
      jobs().enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W40', trigger: 'manual' } }),
      worker2.get(JobQueue).enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W40', trigger: 'manual' } }),
    ]);
    await smtp.waitFor(before + 3);
    await drained();
    // Even with the BullMQ jobs gone, a re-run finds the ledger rows and sends nothing.
    const q = new Queue('notifications', { connection: { url: t.config.redis.url }, prefix: t.config.redis.prefix });
    await q.clean(0, 10_000, 'completed');
    await q.close();
    await jobs().enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W40', trigger: 'manual' } });
    await drained();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.length).toBe(before + 3);
    expect((await ledger('2025-W40')).map((r) => r.status)).toEqual(['SENT', 'SENT', 'SENT']);
    // The quiet week still says so.
    expect(smtp.messages.slice(before).map((m) => m.subject).filter((s) => s?.includes('本周无新增预警'))).toHaveLength(2);
  }, 90_000);

  it('retries a refused send with backoff and still sends exactly one copy', async () => {
    const before = smtp.messages.length;
    smtp.failNext(1);
    await jobs().enqueue({ name: JobName.DigestSend, data: { userId: manager.id, week: '2025-W39' } });
    await smtp.waitFor(before + 1, 30_000);
    await drained();
    expect(smtp.refused).toBe(1);
    expect(smtp.messages.length).toBe(before + 1);
    const [row] = (await ledger('2025-W39')).filter((r) => r.user_id === manager.id);
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, last_error: null });
  }, 60_000);

  it('marks a send FAILED with the error after the last attempt', async () => {
    smtp.failNext(1);
    const senders = worker.get(MailSenders);
    await expect(senders.sendDigest(director.id, '2025-W38', { number: 1, max: 1 })).rejects.toThrow(/451/);
    const [row] = (await ledger('2025-W38')).filter((r) => r.user_id === director.id);
    expect(row.status).toBe('FAILED');
    expect(row.last_error).toMatch(/451/);
    expect(await senders.sendDigest(director.id, '2025-W38')).toEqual({ status: 'SKIPPED', reason: 'already failed' });
  });

  it('after a worker died: resends a claim that never reached SMTP, never one that did', async () => {
    const senders = worker.get(MailSenders);
    const before = smtp.messages.length;
    // Died while rendering (CLAIMED, lease expired): safe to send.
    await t.dataSource.query(
      `INSERT INTO digest_delivery (user_id, iso_week, status, attempts, claim_token, claimed_at) VALUES ($1, '2025-W37', 'CLAIMED', 1, gen_random_uuid(), now() - interval '1 hour')`,
      [manager.id],
    );
    // Died during the SMTP hand-off (SENDING): the message may have gone out, so it is not resent.
    await t.dataSource.query(
      `INSERT INTO digest_delivery (user_id, iso_week, status, attempts, claim_token, claimed_at) VALUES ($1, '2025-W37', 'SENDING', 1, gen_random_uuid(), now() - interval '1 hour')`,
      [director.id],
    );
    // A fresh claim by a live worker is left alone.
    await t.dataSource.query(
      `INSERT INTO digest_delivery (user_id, iso_week, status, attempts, claim_token, claimed_at) VALUES ($1, '2025-W37', 'CLAIMED', 1, gen_random_uuid(), now())`,
      [staffSaihan.id],
    );
    expect(await senders.sendDigest(manager.id, '2025-W37')).toMatchObject({ status: 'SENT', transport: 'SMTP' });
    expect(await senders.sendDigest(manager.id, '2025-W37')).toEqual({ status: 'SKIPPED', reason: 'already sent' });
    expect(await senders.sendDigest(director.id, '2025-W37')).toEqual({ status: 'SKIPPED', reason: 'already failed' });
    expect(await senders.sendDigest(staffSaihan.id, '2025-W37')).toEqual({ status: 'SKIPPED', reason: 'already claimed' });
    expect(smtp.messages.length).toBe(before + 1);
    const rows = await ledger('2025-W37');
    expect(rows.find((r) => r.user_id === director.id)?.last_error).toMatch(/not resent/);
  });
});

describe('alert emails', () => {
  it('sends one email per person for a burst of alerts, once per alert and level', async () => {
    const ds = t.dataSource;
    const projects = await Promise.all([1, 2, 3].map((i) => insertProject(ds, xincheng, { nameZh: `新城区预警项目${i}` })));
    const alerts = await Promise.all(projects.map((p) => insertAlert(ds, p, { level: 'OVERDUE', openedAt: new Date().toISOString(), dueDate: '2025-11-01' })));
    for (const a of alerts) {
      await insertNotice(ds, manager.id, a, 'OVERDUE');
      await insertNotice(ds, noEmail.id, a, 'OVERDUE');
    }
    const before = smtp.messages.length;
    await Promise.all([
      jobs().enqueue({ name: JobName.AlertEmailCollect, data: { trigger: 'manual' } }),
      worker2!.get(JobQueue).enqueue({ name: JobName.AlertEmailCollect, data: { trigger: 'manual' } }),
    ]);
    await smtp.waitFor(before + 1);
    await drained();
    await jobs().enqueue({ name: JobName.AlertEmailCollect, data: { trigger: 'manual' } });
    await drained();
    await new Promise((r) => setTimeout(r, 300));
    const mails = smtp.messages.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^【落地】3 项预警：红灯 新城区预警项目/);
    for (const a of alerts) expect(text(mails[0])).toContain(`${BASE}/alerts/${a}`);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM alert_email_delivery WHERE user_id = $1 AND skipped_reason IS NOT NULL`, [noEmail.id]);
    expect(n).toBe(3);

    // The same alert at a higher level is a new email; the same level again is not.
    await ds.query(`UPDATE alert SET level = 'ESCALATED' WHERE id = $1`, [alerts[0]]);
    await insertNotice(ds, manager.id, alerts[0], 'ESCALATED');
    await insertNotice(ds, manager.id, alerts[1], 'OVERDUE');
    await jobs().enqueue({ name: JobName.AlertEmailCollect, data: { trigger: 'manual' } });
    await smtp.waitFor(before + 2);
    await drained();
    expect(smtp.messages.slice(before + 1).map((m) => m.subject)).toEqual([expect.stringMatching(/^【落地】督办：新城区预警项目/)]);
  }, 60_000);
});

describe('preferences', () => {
  it('turning the digest off stops it; English switches the language', async () => {
    const http = t.http();
    const staffToken = await t.login(staffSaihan.username);
    const mgrToken = await t.login(manager.username);
    expect((await http.patch('/api/v1/me/preferences').set('authorization', staffToken).send({ digest: 'off' })).body).toEqual({
      digest: 'off',
      language: 'en',
      email: 'staff@saihan.test',
    });
    expect((await t.http().patch('/api/v1/me/preferences').set('authorization', mgrToken).send({ language: 'en' })).status).toBe(200);
    const before = smtp.messages.length;
    await jobs().enqueue({ name: JobName.DigestFanOut, data: { week: '2025-W36', trigger: 'manual' } });
    await smtp.waitFor(before + 2);
    await drained();
    await new Promise((r) => setTimeout(r, 300));
    const sent = smtp.messages.slice(before);
    expect(sent.map((m) => (m.to as { text: string }).text).sort()).toEqual(['director@city.test', 'manager@xincheng.test']);
    expect(sent.find((m) => (m.to as { text: string }).text === 'manager@xincheng.test')?.subject).toMatch(/^\[Luodi\] Weekly digest for /);
  }, 60_000);
});
