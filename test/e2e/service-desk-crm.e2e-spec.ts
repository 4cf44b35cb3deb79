/**
 * 客商管理 (issue 7): investors as shared reference data (read by everyone signed in, written by staff, managers
 * and admins), the 统一社会信用代码 check, group structure without cycles, duplicate detection (same credit code,
 * or a similar normalised name by pg_trgm), the investor page with projects outside the reader's scope shown
 * only as counts per unit, and contacts on both sides under an investor or a project — each mutation audited,
 * each refusal writing nothing. The old `GET /investors?q=` keeps its array of {id, nameZh, …} for pickers.
 */
import { normaliseInvestorName } from '#domain';
import type { ProjectEntity, UnitEntity } from '#persistence';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { uniq } from '../factories/uniq.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { countRows } from './support.js';

let t: TestApp;
let city: UnitEntity;
let districtA: UnitEntity;
let districtB: UnitEntity;
const tok: Record<string, string> = {};
let projectA: ProjectEntity;

const api = (path: string) => `/api/v1${path}`;
const TABLES = ['investor', 'contact', 'audit_log'];
// Published codes that pass the GB 32100-2015 check (see libs/domain/src/crm/crm.spec.ts).
const HUAWEI = '914403001922038216';
const TENCENT = '91440300708461136T';
const ALIBABA = '91330100799655058B';

beforeAll(async () => {
  t = await createTestApp();
  city = await insertUnit(t.dataSource, { nameZh: '呼和浩特市(测)', kind: 'CITY' });
  districtA = await insertUnit(t.dataSource, { parent: city, nameZh: '新城区(测)' });
  districtB = await insertUnit(t.dataSource, { parent: city, nameZh: '赛罕区(测)' });
  await insertUser(t.dataSource, districtA, 'staff', { username: 'crm-staff-a' });
  await insertUser(t.dataSource, districtB, 'staff', { username: 'crm-staff-b' });
  await insertUser(t.dataSource, city, 'director', { username: 'crm-director' });
  await insertUser(t.dataSource, city, 'viewer', { username: 'crm-viewer' });
  for (const u of ['crm-staff-a', 'crm-staff-b', 'crm-director', 'crm-viewer']) tok[u] = await t.login(u);
  projectA = await insertProject(t.dataSource, districtA);
}, 60_000);
afterAll(async () => t?.close());

const as = (user: string) => ({
  get: (path: string) => t.http().get(api(path)).set('authorization', tok[user]),
  post: (path: string, body: object) => t.http().post(api(path)).set('authorization', tok[user]).send(body),
  patch: (path: string, body: object) => t.http().patch(api(path)).set('authorization', tok[user]).send(body),
  delete: (path: string) => t.http().delete(api(path)).set('authorization', tok[user]),
});
const staffA = as('crm-staff-a');
const staffB = as('crm-staff-b');
const auditOf = (entity: string, id: string) =>
  t.dataSource.query(`SELECT action, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id`, [entity, id]) as Promise<
    { action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]
  >;

describe('investors', () => {
  it('creates an investor with every field, reads it, updates it with its version, audits both', async () => {
    const created = await staffA.post('/investors', {
      nameZh: '深圳市腾讯计算机系统有限公司',
      creditCode: ' 91440300708461136t ',
      ownershipType: 'PRIVATE',
      originRegion: 'GREATER_BAY',
      leadSource: 'INDUSTRY_CHAIN',
      industry: '数字经济',
      website: 'www.tencent.com',
      note: '和林格尔新区数据中心',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nameZh: '深圳市腾讯计算机系统有限公司', creditCode: TENCENT, originRegion: 'GREATER_BAY', leadSource: 'INDUSTRY_CHAIN', version: 1 });
    const id = created.body.id;

    const read = await as('crm-viewer').get(`/investors/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, parent: null, subsidiaries: [], contacts: [], projects: [], otherUnits: [], projectTotal: 0 });

    const updated = await staffA.patch(`/investors/${id}`, { version: 1, industry: '算力', leadSource: 'PLATFORM' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ industry: '算力', leadSource: 'PLATFORM', version: 2 });
    const stale = await staffB.patch(`/investors/${id}`, { version: 1, industry: 'x' });
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);

    expect((await auditOf('investor', id)).map((a) => a.action)).toEqual(['create', 'update']);
    const [, upd] = await auditOf('investor', id);
    expect(upd.before).toMatchObject({ industry: '数字经济', version: 1 });
    expect(upd.after).toMatchObject({ industry: '算力', version: 2 });
  });

  it('refuses a credit code with a wrong check character (400 naming the field) and writes nothing', async () => {
    const before = await countRows(t.dataSource, TABLES);
    const res = await staffA.post('/investors', { nameZh: `坏代码公司${uniq('')}`, creditCode: '91110000100001043G' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields).toEqual([{ field: 'creditCode', errors: [expect.stringMatching(/creditCode has a wrong check character/)] }]);
    const short = await staffA.post('/investors', { nameZh: `坏代码公司${uniq('')}`, creditCode: '9144030019220382' });
    expect(short.status).toBe(400);
    expect(short.body.details.fields[0].errors[0]).toMatch(/creditCode must be an 18-character/);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('answers 409 DUPLICATE naming the existing investor for a known credit code or name', async () => {
    const first = await staffA.post('/investors', { nameZh: '华为技术有限公司', creditCode: HUAWEI, ownershipType: 'PRIVATE' });
    expect(first.status).toBe(201);
    const before = await countRows(t.dataSource, TABLES);
    const again = await staffB.post('/investors', { nameZh: '华为技术（呼和浩特）有限公司', creditCode: HUAWEI });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DUPLICATE', details: { field: 'creditCode', existing: { id: first.body.id, nameZh: '华为技术有限公司' } } });
    expect(again.body.message).toContain('华为技术有限公司');
    const sameName = await staffB.post('/investors', { nameZh: '华为技术有限公司' });
    expect(sameName.status).toBe(409);
    expect(sameName.body.details.existing.id).toBe(first.body.id);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('finds likely duplicates by credit code and by similar normalised names', async () => {
    const ali = await staffA.post('/investors', { nameZh: '阿里巴巴（中国）有限公司', creditCode: ALIBABA });
    expect(ali.status).toBe(201);
    const other = await staffA.post('/investors', { nameZh: '内蒙古伊利实业集团股份有限公司' });
    expect(other.status).toBe(201);

    const byName = await staffB.post('/investors/check-duplicates', { nameZh: '阿里巴巴(中国)网络技术有限公司' });
    expect(byName.status).toBe(200);
    expect(byName.body.items).toEqual([expect.objectContaining({ id: ali.body.id, reason: 'NAME', similarity: expect.any(Number) })]);
    // 「阿里巴巴中国网络技术」 starts with 「阿里巴巴中国」: a prefix match (trigram similarity only 0.5).
    const water = await staffA.post('/investors', { nameZh: '呼和浩特春华水务投资有限公司' });
    const typo = await staffB.post('/investors/check-duplicates', { nameZh: '呼和浩特市春华水务投资有限责任公司' });
    expect(typo.body.items).toEqual([expect.objectContaining({ id: water.body.id, reason: 'NAME' })]);
    expect(typo.body.items[0].similarity).toBeGreaterThanOrEqual(0.6); // 0.643, neither a prefix of the other

    const exact = await staffB.post('/investors/check-duplicates', { nameZh: '阿里巴巴 中国 有限公司' });
    expect(exact.body.items.map((i: { id: string }) => i.id)).toEqual([ali.body.id]);

    const byCode = await staffB.post('/investors/check-duplicates', { nameZh: '完全不同的名字', creditCode: ALIBABA.toLowerCase() });
    expect(byCode.body.items).toEqual([expect.objectContaining({ id: ali.body.id, reason: 'CREDIT_CODE' })]);

    const group = await staffB.post('/investors/check-duplicates', { nameZh: '伊利实业集团' });
    expect(group.body.items).toEqual([]); // 「伊利实业」 vs 「内蒙古伊利实业」: below 0.6 and not a prefix

    const yili = await staffB.post('/investors/check-duplicates', { nameZh: '内蒙古伊利实业股份有限公司' });
    expect(yili.body.items.map((i: { id: string }) => i.id)).toEqual([other.body.id]);

    const none = await staffB.post('/investors/check-duplicates', { nameZh: '鄂尔多斯市某某煤炭公司' });
    expect(none.body.items).toEqual([]);
    const empty = await staffB.post('/investors/check-duplicates', {});
    expect(empty.status).toBe(400);
  });

  it('keeps a group structure without cycles', async () => {
    const group = await staffA.post('/investors', { nameZh: `中国测试集团有限公司${uniq('')}`, ownershipType: 'CENTRAL_SOE' });
    const sub = await staffA.post('/investors', { nameZh: `中测新能源有限公司${uniq('')}`, ownershipType: 'CENTRAL_SOE', parentId: group.body.id });
    const subsub = await staffA.post('/investors', { nameZh: `中测新能源(呼和浩特)有限公司${uniq('')}`, parentId: sub.body.id });
    expect([group.status, sub.status, subsub.status]).toEqual([201, 201, 201]);
    const detail = await staffB.get(`/investors/${sub.body.id}`);
    expect(detail.body.parent).toMatchObject({ id: group.body.id });
    expect(detail.body.subsidiaries).toEqual([expect.objectContaining({ id: subsub.body.id })]);

    const before = await countRows(t.dataSource, TABLES);
    const cycle = await staffA.patch(`/investors/${group.body.id}`, { version: 1, parentId: subsub.body.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body).toMatchObject({ code: 'INVALID_REFERENCE', details: { field: 'parentId' } });
    const self = await staffA.patch(`/investors/${group.body.id}`, { version: 1, parentId: group.body.id });
    expect(self.status).toBe(422);
    const missing = await staffA.post('/investors', { nameZh: `无母公司${uniq('')}`, parentId: '00000000-0000-4000-8000-000000000000' });
    expect([missing.status, missing.body.details?.field]).toEqual([422, 'parentId']);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('searches for % and _ literally (no wildcard through the normalised name)', async () => {
    const tag = uniq('');
    const plain = await staffA.post('/investors', { nameZh: `通配测试公司${tag}` });
    const underscore = await staffA.post('/investors', { nameZh: `通配_测试公司${tag}` });
    expect([plain.status, underscore.status]).toEqual([201, 201]);
    const ids = async (q: string) =>
      ((await staffB.get(`/investors/search?pageSize=200&q=${encodeURIComponent(q)}`)).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids('_')).toContain(underscore.body.id);
    expect(await ids('_')).not.toContain(plain.body.id);
    expect(await ids('%')).not.toContain(plain.body.id);
    expect(await ids(`通配%测试公司${tag}`)).toEqual([]);
    expect(await ids(`通配测试公司${tag}`)).toEqual([plain.body.id]);
  });

  it('lets directors and viewers read but not write investors', async () => {
    const dir = await as('crm-director').post('/investors', { nameZh: `局长公司${uniq('')}` });
    expect(dir.status).toBe(403);
    const list = await as('crm-viewer').get('/investors/search?q=华为');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(list.body.items[0]).toMatchObject({ nameZh: '华为技术有限公司', creditCode: HUAWEI, projectCount: 0 });
  });

  it('keeps GET /investors?q= as an array of {id, nameZh, …} (the project drawer’s picker)', async () => {
    const res = await staffA.get(`/investors?q=${encodeURIComponent('腾讯')}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body[0]).toEqual({ id: expect.any(String), nameZh: '深圳市腾讯计算机系统有限公司', nameEn: null, ownershipType: 'PRIVATE' });
  });

  it('shows its projects by name in scope and as counts per unit outside it', async () => {
    const inv = await staffA.post('/investors', { nameZh: `跨区投资有限公司${uniq('')}` });
    const pA = await insertProject(t.dataSource, districtA, { investorId: inv.body.id });
    const pB1 = await insertProject(t.dataSource, districtB, { investorId: inv.body.id });
    const pB2 = await insertProject(t.dataSource, districtB, { investorId: inv.body.id });
    const a = await staffA.get(`/investors/${inv.body.id}`);
    expect(a.body.projects.map((p: { id: string }) => p.id)).toEqual([pA.id]);
    expect(a.body.otherUnits).toEqual([{ unitId: districtB.id, unitNameZh: '赛罕区(测)', count: 2 }]);
    expect(a.body.projectTotal).toBe(3);
    for (const hidden of [pB1, pB2]) {
      expect(JSON.stringify(a.body)).not.toContain(hidden.nameZh);
      expect(JSON.stringify(a.body)).not.toContain(hidden.id);
    }
    const d = await as('crm-director').get(`/investors/${inv.body.id}`);
    expect(d.body.projects).toHaveLength(3);
    expect(d.body.otherUnits).toEqual([]);
  });
});

describe('name normalisation and the API description', () => {
  it('normalises names in SQL (stored investor.name_norm) exactly as libs/domain does', async () => {
    const names = [
      '阿里巴巴（中国）有限公司', '中国石油天然气集团有限公司', '内蒙古伊利实业集团股份有限公司', '蒙牛乳业 有限责任公司',
      'ＡＢＣ　Ｃｏｒｐ', '华为技术有限公司【呼和浩特】', 'Inner Mongolia [Test] Co.', '  呼和浩特 春华水务（集团）  ',
    ];
    const rows: { norm: string }[] = await t.dataSource.query(`SELECT luodi_investor_norm(n) AS norm FROM unnest($1::text[]) WITH ORDINALITY AS x(n, i) ORDER BY i`, [names]);
    expect(rows.map((r) => r.norm)).toEqual(names.map(normaliseInvestorName));
  });

  it('lists the service desk routes in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    for (const path of [
      '/api/v1/investors/search', '/api/v1/investors/check-duplicates', '/api/v1/investors/{id}', '/api/v1/investors/{id}/contacts',
      '/api/v1/projects/{projectId}/contacts', '/api/v1/projects/{projectId}/activities', '/api/v1/activities/{id}/follow-ups',
      '/api/v1/follow-ups/{id}', '/api/v1/me/tasks', '/api/v1/projects/{projectId}/timeline', '/api/v1/investors/{investorId}/timeline',
      '/api/v1/projects/{projectId}/team', '/api/v1/projects/{projectId}/service-plan', '/api/v1/service-desk/code-lists',
    ]) {
      expect([path, Boolean(res.body.paths[path])]).toEqual([path, true]);
    }
  });

  it('serves the code lists with zh/en labels', async () => {
    const res = await staffA.get('/service-desk/code-lists');
    expect(res.body.originRegions.GREATER_BAY).toEqual({ zh: '粤港澳大湾区', en: 'Guangdong–Hong Kong–Macao Greater Bay Area' });
    expect(res.body.leadSources.BUSINESS_REFERRAL.zh).toBe('以商招商');
    expect(res.body.contactRoles.AGENT).toEqual({ zh: '代办员', en: 'Agency handler', side: 'GOVERNMENT' });
    expect(Object.keys(res.body.serviceFactors)).toEqual(['LAND', 'APPROVAL', 'FUNDING', 'ENERGY', 'WATER', 'POWER', 'LABOUR']);
  });
});

describe('contacts', () => {
  it('adds, lists, edits and deactivates contacts of an investor and of a project', async () => {
    const inv = await staffA.post('/investors', { nameZh: `联系人测试有限公司${uniq('')}` });
    const c1 = await staffA.post(`/investors/${inv.body.id}/contacts`, { side: 'INVESTOR', role: 'CHAIRMAN', name: '张董', phone: '13812345678', email: 'zhang@example.com' });
    expect(c1.status).toBe(201);
    expect(c1.body).toMatchObject({ investorId: inv.body.id, projectId: null, side: 'INVESTOR', role: 'CHAIRMAN', active: true, version: 1 });
    const list = await staffB.get(`/investors/${inv.body.id}/contacts`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([c1.body.id]);

    const p1 = await staffA.post(`/projects/${projectA.id}/contacts`, { side: 'GOVERNMENT', role: 'AGENT', name: '李代办', organisation: '新城区投资促进局', phone: '0471-6901234' });
    expect(p1.status).toBe(201);
    expect(p1.body).toMatchObject({ projectId: projectA.id, investorId: null, role: 'AGENT' });
    const edited = await staffA.patch(`/projects/${projectA.id}/contacts/${p1.body.id}`, { version: 1, title: '代办员' });
    expect(edited.body).toMatchObject({ title: '代办员', version: 2 });
    const gone = await staffA.delete(`/projects/${projectA.id}/contacts/${p1.body.id}`);
    expect(gone.status).toBe(200);
    expect(gone.body.active).toBe(false);
    expect((await staffA.get(`/projects/${projectA.id}/contacts`)).body.items).toEqual([]);
    expect((await staffA.get(`/projects/${projectA.id}/contacts?includeInactive=true`)).body.items).toHaveLength(1);
    expect((await auditOf('contact', p1.body.id)).map((a) => a.action)).toEqual(['create', 'update', 'deactivate']);
  });

  it('refuses a bad phone number with a clear 400 and writes nothing', async () => {
    const before = await countRows(t.dataSource, TABLES);
    for (const phone of ['1234567', '12812345678', '0471-1234']) {
      const res = await staffA.post(`/projects/${projectA.id}/contacts`, { side: 'INVESTOR', role: 'LIAISON', name: '王联络', phone });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual([{ field: 'phone', errors: [expect.stringMatching(/phone must be a mainland mobile number/)] }]);
    }
    const role = await staffA.post(`/projects/${projectA.id}/contacts`, { side: 'INVESTOR', role: 'BOSS', name: '王联络' });
    expect(role.status).toBe(400);
    const wrongSide = await staffA.post(`/projects/${projectA.id}/contacts`, { side: 'INVESTOR', role: 'AGENT', name: '王联络' });
    expect([wrongSide.status, wrongSide.body.details.fields[0].field]).toEqual([400, 'role']);
    expect(wrongSide.body.message).toMatch(/AGENT belongs to the GOVERNMENT side/);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('hides a project’s contacts from another district (404)', async () => {
    const res = await staffB.get(`/projects/${projectA.id}/contacts`);
    expect(res.status).toBe(404);
    const post = await staffB.post(`/projects/${projectA.id}/contacts`, { side: 'INVESTOR', role: 'LIAISON', name: '越权' });
    expect(post.status).toBe(404);
  });

  it('does not let another district change a project’s contact through the investor it is linked to', async () => {
    const inv = await staffA.post('/investors', { nameZh: `跨区联系人有限公司${uniq('')}` });
    const project = await insertProject(t.dataSource, districtA, { investorId: inv.body.id });
    const linked = await staffA.post(`/projects/${project.id}/contacts`, { side: 'INVESTOR', role: 'LIAISON', name: '赵联络', linkInvestor: true });
    expect(linked.body).toMatchObject({ projectId: project.id, investorId: inv.body.id });
    const before = await countRows(t.dataSource, TABLES);
    const patch = await staffB.patch(`/investors/${inv.body.id}/contacts/${linked.body.id}`, { version: 1, name: '越权改名' });
    expect(patch.status).toBe(404);
    const del = await staffB.delete(`/investors/${inv.body.id}/contacts/${linked.body.id}`);
    expect(del.status).toBe(404);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
    // The project's own district still edits it under the investor too.
    const own = await staffA.patch(`/investors/${inv.body.id}/contacts/${linked.body.id}`, { version: 1, title: '联络人' });
    expect(own.status).toBe(200);
  });
});
