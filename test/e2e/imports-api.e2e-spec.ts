/**
 * POST /api/v1/imports → import_run QUEUED → the worker's imports.run job validates and commits →
 * GET /api/v1/imports/:id reaches COMMITTED; running the job again applies nothing; a broken file ends FAILED
 * with its problems; only staff, managers and admins import; a run outside your units is 404.
 */
import type { Job } from 'bullmq';
import { JobName } from '#jobs';
import type { UnitEntity } from '#persistence';
import { MaintenanceProcessor } from '../../apps/worker/src/processors/maintenance.processor.js';
import { ledgerWorkbook, MONEY_HEADER, PROJECT_HEADER, STAGE_HEADER } from '../factories/ledger-file.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { uniq } from '../factories/uniq.js';
import { cleanUp, deleteRedisKeys, newQueuePrefix, startWorker, type TestWorker } from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { countRows } from './support.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = newQueuePrefix();
let t: TestApp;
let worker: TestWorker | undefined;
let district: UnitEntity;
let other: UnitEntity;
let staff: string;
let otherStaff: string;
let director: string;
const api = (p: string) => `/api/v1${p}`;
const TABLES = ['project', 'stage_transition', 'money_record', 'audit_log'];

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  const city = await insertUnit(t.dataSource, { nameZh: uniq('接口市') });
  district = await insertUnit(t.dataSource, { parent: city, nameZh: uniq('接口区') });
  other = await insertUnit(t.dataSource, { parent: city, nameZh: uniq('接口邻区') });
  await insertUser(t.dataSource, district, 'staff', { username: 'imp-staff' });
  await insertUser(t.dataSource, other, 'staff', { username: 'imp-other' });
  await insertUser(t.dataSource, city, 'director', { username: 'imp-director' });
  [staff, otherStaff, director] = [await t.login('imp-staff'), await t.login('imp-other'), await t.login('imp-director')];
  worker = await startWorker(t.config);
}, 60_000);
afterAll(async () => cleanUp(() => worker?.close(), () => t?.close(), () => deleteRedisKeys(REDIS_URL, prefix)));

async function waitFor(id: string, auth: string, statuses: string[]) {
  for (let i = 0; i < 150; i++) {
    const res = await t.http().get(api(`/imports/${id}`)).set('authorization', auth);
    expect(res.status).toBe(200);
    if (statuses.includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`import run ${id} did not reach ${statuses.join('/')}`);
}

const upload = async (file: Buffer, fileName: string, dryRun: boolean, auth = staff) =>
  t.http().post(api('/imports')).set('authorization', auth).send({ fileName, contentBase64: file.toString('base64'), dryRun });

describe('POST /api/v1/imports', () => {
  it('runs through the worker to COMMITTED; running the job again applies nothing', async () => {
    const file = await ledgerWorkbook({
      项目台账: [PROJECT_HEADER, ['API-1', '接口导入项目', district.code, '招商引资', '落地', '2025-02-01', '900', '', '', '']],
      阶段记录: [STAGE_HEADER, ['API-1', '签约', '2025-01-02', '']],
      资金: [MONEY_HEADER, ['API-1', '到位资金', '2025-02', '100']],
    });
    const res = await upload(file, '台账.xlsx', false);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ fileName: '台账.xlsx', dryRun: false });
    const run = await waitFor(res.body.id, staff, ['COMMITTED', 'FAILED']);
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: 'COMMITTED', problemCount: 0, counts: { created: 1, transitions: 2, money: 1 } });
    const [p] = await t.dataSource.query(`SELECT stage, reevaluate_requested_at IS NOT NULL AS marked FROM project WHERE code = 'API-1'`);
    expect(p).toEqual({ stage: 'LANDED', marked: true });
    const [audit] = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity = 'import_run' AND entity_id = $1`, [res.body.id]);
    expect(audit).toEqual({ action: 'create' });

    const before = await countRows(t.dataSource, TABLES);
    const again = await worker!.app.get(MaintenanceProcessor).process({ name: JobName.LedgerImport, data: { runId: res.body.id } } as Job);
    expect(again).toEqual({ status: 'COMMITTED' });
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('a broken file ends FAILED with its problems and writes nothing; a dry run of a good file ends VALIDATED', async () => {
    const before = await countRows(t.dataSource, TABLES);
    const broken = Buffer.from(`\uFEFF${PROJECT_HEADER.join(',')}\r\nAPI-2,坏行,${other.code},招商引资,开工了,2025-13-01,abc,,,\r\n`);
    const res = await upload(broken, 'bad.csv', false);
    expect(res.status).toBe(202);
    const run = await waitFor(res.body.id, staff, ['FAILED', 'COMMITTED']);
    expect(run.status).toBe('FAILED');
    expect(run.problems.map((p: { column: string }) => p.column)).toEqual(['所属单位', '当前阶段', '阶段日期', '协议投资额（万元）']);
    expect(run.problemCount).toBe(4);

    const good = Buffer.from(`${PROJECT_HEADER.join(',')}\n${Array.from({ length: 15_000 }, (_, i) => `API-D${i},试算项目${i},${district.code},招商引资,签约,2025-01-01,100,,,`).join('\n')}\n`);
    expect(good.toString('base64').length).toBeGreaterThan(t.config.http.bodyLimit); // larger than the global limit
    const dry = await upload(good, 'dry.csv', true);
    expect(dry.status).toBe(202);
    expect(await waitFor(dry.body.id, staff, ['VALIDATED', 'FAILED'])).toMatchObject({ status: 'VALIDATED', counts: { created: 15_000 } });
    expect(await countRows(t.dataSource, TABLES)).toEqual({ ...before, audit_log: before.audit_log + 2 });
  });

  it('only staff, managers and admins import; another district does not see the run', async () => {
    const file = Buffer.from(`${PROJECT_HEADER.join(',')}\n`);
    expect((await upload(file, 'x.csv', true, director)).status).toBe(403);
    expect((await t.http().post(api('/imports')).set('authorization', staff).send({ fileName: 'x.txt', contentBase64: 'AA==' })).status).toBe(400);
    const res = await upload(file, 'x.csv', true);
    expect((await t.http().get(api(`/imports/${res.body.id}`)).set('authorization', otherStaff)).status).toBe(404);
  });
});
