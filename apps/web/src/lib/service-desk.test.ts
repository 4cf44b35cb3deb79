import { describe, expect, it } from 'vitest';
import { creditCodeHint, describeTimelineEntry, dueIn, requestActions, sortTasks, splitParticipants, stageCodesInWords, timelineWhen } from './service-desk';

describe('creditCodeHint (the domain check, in words)', () => {
  it('accepts an empty field and a valid code, normalising spaces and case', () => {
    expect(creditCodeHint('')).toEqual({ ok: true, message: null, code: '' });
    expect(creditCodeHint(' 91440300708461136t ')).toMatchObject({ ok: true, code: '91440300708461136T' });
  });
  it('names the problem: length, characters, check character', () => {
    expect(creditCodeHint('9144030070').message?.zh).toContain('18 位');
    expect(creditCodeHint('91440300708461136I').ok).toBe(false);
    const wrongCheck = creditCodeHint('91440300708461136X');
    expect(wrongCheck.ok).toBe(false);
    expect(wrongCheck.message?.en).toContain('check character');
  });
});

describe('describeTimelineEntry', () => {
  it('writes stage changes with stage names', () => {
    const v = describeTimelineEntry({ at: '2026-01-01T00:00:00Z', kind: 'STAGE_FORWARD', title: 'SIGNED → LANDED', detail: null });
    expect(v.category).toBe('stage');
    expect(v.title.zh).toBe('签约 → 落地');
    expect(v.label.en).toBe('Moved forward');
  });
  it('translates alert levels and due dates, and resolutions', () => {
    const opened = describeTimelineEntry({ at: 'x', kind: 'ALERT_OPENED', title: 'SERVICE_TARGET: SIGNED → LANDED', detail: 'OVERDUE · due 2026-03-01' });
    expect(opened.detail).toEqual({ zh: '红灯 · 时限 2026-03-01', en: 'Red · due 2026-03-01' });
    expect(opened.title.zh).toBe('服务时限：签约 → 落地');
    expect(describeTimelineEntry({ at: 'x', kind: 'ALERT_OPENED', title: 'APPROVAL: ', detail: null }).title.en).toBe('Approval time limit');
    const level = describeTimelineEntry({ at: 'x', kind: 'ALERT_LEVEL', title: 'Alert level ESCALATED', detail: 'ESCALATED' });
    expect(level.title.zh).toBe('预警等级变为 督办');
    const resolved = describeTimelineEntry({ at: 'x', kind: 'ALERT_RESOLVED', title: 'Alert resolved: WAIVED', detail: 'agreed' });
    expect(resolved.title.en).toBe('Alert resolved (waived)');
  });
  it('labels activities by kind and follow-ups with their due date', () => {
    expect(describeTimelineEntry({ at: 'x', kind: 'ACTIVITY_VISIT', title: '现场走访', detail: '达成意向' }).label.zh).toBe('走访');
    const f = describeTimelineEntry({ at: 'x', kind: 'FOLLOW_UP_CREATED', title: '协调供电', detail: 'due 2026-12-01' });
    expect(f.detail).toEqual({ zh: '期限 2026-12-01', en: 'due 2026-12-01' });
  });
  it('keeps an unknown kind readable', () => {
    expect(describeTimelineEntry({ at: 'x', kind: 'SOMETHING_NEW', title: 't', detail: null }).label.zh).toBe('SOMETHING_NEW');
  });
});

describe('tasks', () => {
  it('lists open overdue tasks first, then by due date', () => {
    const rows = [
      { id: 'a', dueDate: '2026-12-10', status: 'OPEN' },
      { id: 'b', dueDate: '2026-11-01', status: 'OPEN' },
      { id: 'c', dueDate: '2026-11-20', status: 'OPEN' },
      { id: 'd', dueDate: '2026-10-01', status: 'DONE' },
    ];
    expect(sortTasks(rows, '2026-11-25').map((r) => r.id)).toEqual(['b', 'c', 'd', 'a']);
  });
  it('counts days to a due date', () => {
    expect(dueIn('2026-11-27', '2026-11-25')).toBe(2);
    expect(dueIn('2026-11-20', '2026-11-25')).toBe(-5);
  });
});

describe('splitParticipants', () => {
  it('splits on commas, 、 and new lines, trims and drops repeats', () => {
    expect(splitParticipants('张局长、王总, 李科长\n王总；  ')).toEqual(['张局长', '王总', '李科长']);
    expect(splitParticipants('')).toEqual([]);
  });
});

describe('requestActions', () => {
  it('offers closing only after a callback on or after the resolution', () => {
    expect(requestActions('RESOLVED', '2026-11-10', [])).toContainEqual({ to: 'CLOSED', enabled: false });
    expect(requestActions('RESOLVED', '2026-11-10', ['2026-11-09'])).toContainEqual({ to: 'CLOSED', enabled: false });
    expect(requestActions('RESOLVED', '2026-11-10', ['2026-11-12'])).toContainEqual({ to: 'CLOSED', enabled: true });
    expect(requestActions('OPEN', null, [])).toEqual([{ to: 'ACCEPTED', enabled: true }]);
    expect(requestActions('CLOSED', '2026-11-10', ['2026-11-12'])).toEqual([]);
  });
});

describe('stageCodesInWords', () => {
  it('replaces whole stage codes only', () => {
    expect(stageCodesInWords('UNDER_CONSTRUCTION → CONSTRUCTION_COMPLETE', 'en')).toBe('Under construction → Construction complete');
  });
});

describe('timelineWhen', () => {
  it('shows business dates (midnight in Asia/Shanghai) as dates, other moments in Shanghai time', () => {
    expect(timelineWhen('2026-11-25T16:00:00.000Z')).toBe('2026-11-26');
    expect(timelineWhen('2026-11-25T16:11:00.000Z')).toBe('2026-11-26 00:11');
    expect(timelineWhen('2026-11-25T02:30:00.000Z')).toBe('2026-11-25 10:30');
  });
});

describe('isValidPhone (re-exported from libs/domain)', () => {
  it('takes mobiles and landlines with area codes', async () => {
    const { isValidPhone } = await import('./service-desk');
    expect(isValidPhone('13900001111')).toBe(true);
    expect(isValidPhone('0471-6901234')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
  });
});
