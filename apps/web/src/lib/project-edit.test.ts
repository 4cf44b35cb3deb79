import { describe, it, expect } from 'vitest';
import { conflictRows, editPayload, editValuesOf, type EditValues } from './project-edit';

const project = {
  nameZh: '某新能源项目',
  nameEn: null,
  location: '新城区',
  projectType: 'industrial',
  totalInvestment: '120000.00',
  capacity: null,
  description: null,
  sponsorLeader: null,
  responsibleLeader: '张三',
  serviceTeam: null,
  jobsPlanned: 300,
  family: 'INVESTMENT' as const,
  clusters: [{ id: 'c2' }, { id: 'c1' }],
  lists: [],
};

describe('editValuesOf', () => {
  it('takes the editable fields with sorted id lists', () => {
    const v = editValuesOf(project);
    expect(v.clusterIds).toEqual(['c1', 'c2']);
    expect(v.listIds).toEqual([]);
    expect(v.responsibleLeader).toBe('张三');
  });
});

describe('editPayload', () => {
  const base = editValuesOf(project);
  it('sends only changed fields, trimmed, with emptied text as null', () => {
    expect(
      editPayload(base, { ...base, nameZh: ' 某新能源项目（一期） ', responsibleLeader: '', clusterIds: ['c2', 'c1'], jobsPlanned: 300 }),
    ).toEqual({ nameZh: '某新能源项目（一期）', responsibleLeader: null });
  });
  it('is empty when nothing changed', () => {
    expect(editPayload(base, { ...base, description: '  ' })).toEqual({});
  });
  it('sends id lists and cleared numbers', () => {
    expect(editPayload(base, { clusterIds: ['c1'], jobsPlanned: null })).toEqual({ clusterIds: ['c1'], jobsPlanned: null });
  });
});

describe('conflictRows', () => {
  const base = editValuesOf(project);
  it('lists the fields where my edit and the current copy differ, and who changed them', () => {
    const payload = editPayload(base, { ...base, totalInvestment: '150000.00', location: '赛罕区' });
    const theirs: EditValues = { ...base, totalInvestment: '130000.00', responsibleLeader: '李四', location: '赛罕区' };
    expect(conflictRows(base, payload, theirs)).toEqual([
      { field: 'totalInvestment', mine: '150000.00', theirs: '130000.00', base: '120000.00', changedByMe: true, changedByThem: true },
      { field: 'responsibleLeader', mine: '张三', theirs: '李四', base: '张三', changedByMe: false, changedByThem: true },
    ]);
  });
  it('is empty when the other change matches mine', () => {
    const payload = editPayload(base, { ...base, capacity: '年产 10 万吨' });
    expect(conflictRows(base, payload, { ...base, capacity: '年产 10 万吨' })).toEqual([]);
  });
});
