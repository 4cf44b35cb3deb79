import { describe, it, expect } from 'vitest';
import { deepEqual, diffObjects, formatDiffValue } from './diff';

describe('deepEqual', () => {
  it('compares objects regardless of key order and arrays element by element', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(deepEqual({ a: null }, { a: 0 })).toBe(false);
  });
});

describe('diffObjects', () => {
  it('lists changed, added and removed leaves with dotted paths', () => {
    const before = { nameZh: '甲', totalInvestment: '100.00', location: null, investor: { nameZh: '某公司', ownershipType: 'PRIVATE' }, gone: 'x' };
    const after = { nameZh: '乙', totalInvestment: '100.00', location: '新城区', investor: { nameZh: '某公司', ownershipType: 'LOCAL_SOE' } };
    expect(diffObjects(before, after)).toEqual([
      { path: 'nameZh', before: '甲', after: '乙', kind: 'changed' },
      { path: 'location', before: null, after: '新城区', kind: 'added' },
      { path: 'investor.ownershipType', before: 'PRIVATE', after: 'LOCAL_SOE', kind: 'changed' },
      { path: 'gone', before: 'x', after: null, kind: 'removed' },
    ]);
  });

  it('treats a missing before (a creation) as every leaf added, flattening nested objects', () => {
    expect(diffObjects(null, { kind: 'ARRIVED', amount: '12.50', meta: { a: 1 } })).toEqual([
      { path: 'kind', before: null, after: 'ARRIVED', kind: 'added' },
      { path: 'amount', before: null, after: '12.50', kind: 'added' },
      { path: 'meta.a', before: null, after: 1, kind: 'added' },
    ]);
  });

  it('compares arrays as whole values', () => {
    const a = { clusters: [{ id: '1', nameZh: '新能源' }] };
    const b = { clusters: [{ id: '1', nameZh: '新能源' }, { id: '2', nameZh: '新材料' }] };
    expect(diffObjects(a, b)).toEqual([{ path: 'clusters', before: a.clusters, after: b.clusters, kind: 'changed' }]);
    expect(diffObjects(a, { clusters: [{ nameZh: '新能源', id: '1' }] })).toEqual([]);
  });

  it('skips ignored keys at any depth and equal values', () => {
    expect(diffObjects({ version: 1, updatedAt: 'a', x: { updatedAt: 'b', y: 1 } }, { version: 2, updatedAt: 'c', x: { updatedAt: 'd', y: 1 } }, { ignore: ['updatedAt'] })).toEqual([
      { path: 'version', before: 1, after: 2, kind: 'changed' },
    ]);
  });

  it('treats null and a missing key as the same', () => {
    expect(diffObjects({ a: null }, {})).toEqual([]);
    expect(diffObjects(null, null)).toEqual([]);
  });

  it('reports a leaf that turns into an object as one change', () => {
    expect(diffObjects({ a: 'x' }, { a: { b: 1 } })).toEqual([{ path: 'a', before: 'x', after: { b: 1 }, kind: 'changed' }]);
  });
});

describe('formatDiffValue', () => {
  it('renders empty values as a dash and named lists as names', () => {
    expect(formatDiffValue(null)).toBe('—');
    expect(formatDiffValue('')).toBe('—');
    expect(formatDiffValue([])).toBe('—');
    expect(formatDiffValue([{ id: '1', nameZh: '新能源' }, { id: '2', nameZh: '新材料' }])).toBe('新能源、新材料');
    expect(formatDiffValue(['a', 'b'])).toBe('a、b');
    expect(formatDiffValue(42)).toBe('42');
    expect(formatDiffValue(false)).toBe('false');
    expect(formatDiffValue({ nameZh: '某公司', id: 'x' })).toBe('某公司');
    expect(formatDiffValue({ a: 1 })).toBe('{"a":1}');
  });
});
