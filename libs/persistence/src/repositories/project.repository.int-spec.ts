/**
 * ProjectRepository against a real PostgreSQL database cloned from the migrated template: scoping by
 * unit path prefix, LIKE escaping, optimistic updates and stage-history sequence numbers.
 */
import { DataSource } from 'typeorm';
import type { Scope } from '#domain';
import { dataSourceOptions, ProjectEntity, ProjectRepository, UnitEntity } from '#persistence';
import { insertProject } from '../../../../test/factories/project.factory.js';
import { insertUnit } from '../../../../test/factories/unit.factory.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/utils/test-db.js';

let db: TestDatabase;
let ds: DataSource;
let repo: ProjectRepository;

const scope = (unitPath: string | null): Scope => ({ unitPath, canWrite: true, canCorrect: false });
const page = { page: 1, pageSize: 100 };

beforeAll(async () => {
  db = await createTestDatabase();
  // No query logging: some tests provoke database errors on purpose.
  ds = new DataSource({ ...dataSourceOptions(db.url, 4), logging: false });
  await ds.initialize();
  repo = new ProjectRepository(ds);
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('scoping by unit path prefix', () => {
  let u1: UnitEntity;
  let u12: UnitEntity;
  let u1child: UnitEntity;
  let uUnderscore: UnitEntity;
  let uLookalike: UnitEntity;
  let uPercent: UnitEntity;
  let uAfterPercent: UnitEntity;
  const projects: Record<string, ProjectEntity> = {};

  beforeAll(async () => {
    u1 = await insertUnit(ds, { code: '1' });
    u12 = await insertUnit(ds, { code: '12' });
    u1child = await insertUnit(ds, { code: '5', parent: u1 });
    uUnderscore = await insertUnit(ds, { code: 'a_b' });
    uLookalike = await insertUnit(ds, { code: 'aXb' });
    uPercent = await insertUnit(ds, { code: 'p%' });
    uAfterPercent = await insertUnit(ds, { code: 'pq' });
    expect([u1.path, u12.path, u1child.path]).toEqual(['/1/', '/12/', '/1/5/']);
    for (const [code, unit] of [
      ['S-1', u1], ['S-12', u12], ['S-1-5', u1child], ['S-A_B', uUnderscore], ['S-AXB', uLookalike], ['S-P%', uPercent], ['S-PQ', uAfterPercent],
    ] as const) {
      projects[code] = await insertProject(ds, unit, { code });
    }
  });

  const listed = async (s: Scope, unitPath?: string) =>
    (await repo.list({ ...page, unitPath, sort: 'code' }, s)).items.map((r) => r.code).filter((c) => c.startsWith('S-')).sort();

  it('a scope of /1/ sees /1/ and /1/5/, not /12/', async () => {
    expect(await listed(scope('/1/'))).toEqual(['S-1', 'S-1-5']);
    expect(await listed(scope('/12/'))).toEqual(['S-12']);
    expect(await listed(scope('/1/5/'))).toEqual(['S-1-5']);
  });

  it('the total counts only the scope', async () => {
    const { total } = await repo.list({ ...page }, scope('/1/'));
    expect(total).toBe(2);
  });

  it('a unit filter of /1/ inside the whole-city scope also leaves out /12/', async () => {
    expect(await listed(scope(null), '/1/')).toEqual(['S-1', 'S-1-5']);
    // A filter outside the scope gives nothing; it cannot widen the scope.
    expect(await listed(scope('/12/'), '/1/')).toEqual([]);
  });

  it('"_" and "%" in a unit path are literal, not wildcards', async () => {
    expect(await listed(scope('/a_b/'))).toEqual(['S-A_B']);
    expect(await listed(scope('/p%/'))).toEqual(['S-P%']);
    expect(await listed(scope(null), '/a_b/')).toEqual(['S-A_B']);
    expect(await listed(scope(null), '/p%/')).toEqual(['S-P%']);
  });

  it('findInScope answers null outside the scope, the project inside it', async () => {
    expect((await repo.findInScope(projects['S-12'].id, scope('/1/')))).toBeNull();
    expect((await repo.findInScope(projects['S-1-5'].id, scope('/1/')))?.code).toBe('S-1-5');
    expect((await repo.findInScope(projects['S-1'].id, scope('/1/5/')))).toBeNull();
    expect((await repo.findInScope(projects['S-AXB'].id, scope('/a_b/')))).toBeNull();
    expect((await repo.findInScope(projects['S-PQ'].id, scope('/p%/')))).toBeNull();
    expect((await repo.findInScope(projects['S-12'].id, scope(null)))?.code).toBe('S-12');
  });
});

describe('q: LIKE wildcards are matched literally', () => {
  beforeAll(async () => {
    const unit = await insertUnit(ds, { code: 'qtest' });
    for (const [code, nameZh] of [
      ['Q-PCT', '100%达产项目'],
      ['Q-X', '100X达产项目'],
      ['Q-US', 'a_b园区项目'],
      ['Q-XB', 'aXb园区项目'],
      ['Q-BS', '反斜杠\\项目'],
    ]) {
      await insertProject(ds, unit, { code, nameZh });
    }
  });
  const q = async (text: string) => (await repo.list({ ...page, q: text, unitPath: '/qtest/' }, scope(null))).items.map((r) => r.code).sort();

  it('% matches a percent sign only', async () => {
    expect(await q('100%')).toEqual(['Q-PCT']);
    expect(await q('%')).toEqual(['Q-PCT']);
  });

  it('_ matches an underscore only', async () => {
    expect(await q('a_b')).toEqual(['Q-US']);
    expect(await q('_')).toEqual(['Q-US']);
  });

  it('a backslash matches a backslash only', async () => {
    expect(await q('\\')).toEqual(['Q-BS']);
  });

  it('plain text still matches as a substring, case-insensitively on codes', async () => {
    expect(await q('达产')).toEqual(['Q-PCT', 'Q-X']);
    expect(await q('q-x')).toEqual(['Q-X', 'Q-XB']);
  });
});

describe('updateVersioned', () => {
  it('applies with the current version and returns the new row; answers null when stale and changes nothing', async () => {
    const unit = await insertUnit(ds);
    const p = await insertProject(ds, unit, { nameZh: '原名' });
    expect(p.version).toBe(1);
    const updated = await repo.updateVersioned(ds.manager, p.id, 1, { nameZh: '第一次' });
    expect(updated).toMatchObject({ id: p.id, nameZh: '第一次', version: 2 });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(p.updatedAt.getTime());

    expect(await repo.updateVersioned(ds.manager, p.id, 1, { nameZh: '过期' })).toBeNull();
    expect(await repo.updateVersioned(ds.manager, p.id, 3, { nameZh: '未来' })).toBeNull();
    const row = await ds.getRepository(ProjectEntity).findOneByOrFail({ id: p.id });
    expect(row).toMatchObject({ nameZh: '第一次', version: 2 });

    expect(await repo.updateVersioned(ds.manager, p.id, 2, { nameZh: '第二次' })).toMatchObject({ nameZh: '第二次', version: 3 });
  });

  it('answers null for an unknown id', async () => {
    expect(await repo.updateVersioned(ds.manager, '00000000-0000-4000-8000-000000000000', 1, { nameZh: 'x' })).toBeNull();
  });

  it('of two concurrent writers with the same version exactly one wins', async () => {
    const unit = await insertUnit(ds);
    const p = await insertProject(ds, unit);
    const results = await Promise.all(
      ['甲', '乙'].map((name) => ds.transaction((m) => repo.updateVersioned(m, p.id, 1, { nameZh: name }))),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await ds.getRepository(ProjectEntity).findOneByOrFail({ id: p.id })).version).toBe(2);
  });
});

describe('appendTransition', () => {
  const next = (projectId: string, toStage: 'LANDED' | 'PRE_CONSTRUCTION' | 'UNDER_CONSTRUCTION', effectiveDate: string) => ({
    projectId,
    kind: 'FORWARD' as const,
    fromStage: null,
    toStage,
    effectiveDate,
    skippedStageDates: {},
    note: null,
    actorId: null,
  });

  it('numbers a project\'s transitions 1, 2, 3 … independently of other projects', async () => {
    const unit = await insertUnit(ds);
    const a = await insertProject(ds, unit);
    const b = await insertProject(ds, unit);
    const a2 = await ds.transaction((m) => repo.appendTransition(m, next(a.id, 'LANDED', '2024-04-01')));
    const a3 = await ds.transaction((m) => repo.appendTransition(m, next(a.id, 'PRE_CONSTRUCTION', '2024-05-01')));
    const b2 = await ds.transaction((m) => repo.appendTransition(m, next(b.id, 'LANDED', '2024-04-01')));
    expect([a2.seq, a3.seq, b2.seq]).toEqual([2, 3, 2]);
    expect(a3).toMatchObject({ projectId: a.id, toStage: 'PRE_CONSTRUCTION', effectiveDate: '2024-05-01', skippedStageDates: {} });
    expect(a3.recordedAt).toBeInstanceOf(Date);
    expect((await repo.history(a.id)).map((h) => [h.seq, h.toStage])).toEqual([
      [1, 'SIGNED'],
      [2, 'LANDED'],
      [3, 'PRE_CONSTRUCTION'],
    ]);
  });

  it('with the project row locked, concurrent appends get consecutive numbers', async () => {
    const unit = await insertUnit(ds);
    const p = await insertProject(ds, unit);
    const seqs = await Promise.all(
      (['LANDED', 'PRE_CONSTRUCTION', 'UNDER_CONSTRUCTION'] as const).map((stage) =>
        ds.transaction(async (m) => {
          await repo.findInScope(p.id, scope(null), m, true);
          return (await repo.appendTransition(m, next(p.id, stage, '2024-04-01'))).seq;
        }),
      ),
    );
    expect(seqs.sort()).toEqual([2, 3, 4]);
  });

  it('a duplicate sequence number is refused by the database', async () => {
    const unit = await insertUnit(ds);
    const p = await insertProject(ds, unit);
    await expect(
      ds.query(`INSERT INTO stage_transition (project_id, seq, kind, to_stage, effective_date) VALUES ($1, 1, 'FORWARD', 'LANDED', '2024-04-01')`, [p.id]),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
  });
});

describe('missingIds', () => {
  it('lists the ids that do not exist', async () => {
    const unit = await insertUnit(ds);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await repo.missingIds(ds.manager, 'unit', [unit.id, ghost])).toEqual([ghost]);
    expect(await repo.missingIds(ds.manager, 'unit', [])).toEqual([]);
  });
});
