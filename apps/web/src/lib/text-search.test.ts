import { describe, it, expect } from 'vitest';
import { filterTree, matchesSearch, searchWords } from './text-search';

describe('matchesSearch', () => {
  it('matches every word against any field, ignoring case', () => {
    const user = ['新城区项目专员', 'staff', '新城区', 'staff@luodi.local'];
    expect(matchesSearch(user, '')).toBe(true);
    expect(matchesSearch(user, '  ')).toBe(true);
    expect(matchesSearch(user, '新城')).toBe(true);
    expect(matchesSearch(user, 'STAFF 新城区')).toBe(true);
    expect(matchesSearch(user, 'staff 回民区')).toBe(false);
    expect(matchesSearch([null, undefined, 'Admin'], 'adm')).toBe(true);
  });

  it('splits on spaces and Chinese separators', () => {
    expect(searchWords('新城，专员、 a  b')).toEqual(['新城', '专员', 'a', 'b']);
  });
});

describe('filterTree', () => {
  type N = { key: string; name: string; children?: N[] };
  const tree: N[] = [
    {
      key: 'r',
      name: '内蒙古',
      children: [
        { key: 'c', name: '呼和浩特', children: [{ key: 'd1', name: '新城区' }, { key: 'd2', name: '回民区' }] },
        { key: 'b', name: '包头' },
      ],
    },
  ];

  it('keeps matches with their ancestors and expands the path', () => {
    const { tree: kept, expanded } = filterTree(tree, (n) => n.name.includes('新城'));
    expect(kept).toEqual([{ key: 'r', name: '内蒙古', children: [{ key: 'c', name: '呼和浩特', children: [{ key: 'd1', name: '新城区' }] }] }]);
    expect(expanded.sort()).toEqual(['c', 'r']);
  });

  it('keeps the whole subtree of a matching node', () => {
    const { tree: kept } = filterTree(tree, (n) => n.name === '呼和浩特');
    expect(kept[0].children?.[0].children).toHaveLength(2);
  });

  it('returns nothing when nothing matches', () => {
    expect(filterTree(tree, () => false)).toEqual({ tree: [], expanded: [] });
  });
});
