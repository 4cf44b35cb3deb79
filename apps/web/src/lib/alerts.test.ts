import { describe, it, expect } from 'vitest';
import {
  alertErrorText,
  alertFiltersToParams,
  alertListQuery,
  canAlert,
  clockLabel,
  commonUnitPath,
  daysPastDue,
  dueText,
  levelSteps,
  parseAlertFilters,
  shanghaiDate,
  type AlertFilters,
} from './alerts';

const ID = '09aec476-712c-48c7-811e-edd0c29fb730';
const UNIT = 'e1093c8e-f4a8-4343-a718-b9f1824e4437';

describe('parseAlertFilters', () => {
  it('defaults to open and acknowledged alerts, first page of 20', () => {
    expect(parseAlertFilters(new URLSearchParams(''))).toEqual({
      levels: [],
      statuses: ['OPEN', 'ACKNOWLEDGED'],
      unitId: null,
      assignee: null,
      projectId: null,
      page: 1,
      pageSize: 20,
    });
  });

  it('reads levels in severity order, statuses, ids and paging', () => {
    const f = parseAlertFilters(new URLSearchParams(`level=warning,ESCALATED&status=RESOLVED&unitId=${UNIT}&assignee=me&projectId=${ID}&page=3&pageSize=50`));
    expect(f).toEqual({ levels: ['ESCALATED', 'WARNING'], statuses: ['RESOLVED'], unitId: UNIT, assignee: 'me', projectId: ID, page: 3, pageSize: 50 });
  });

  it('status=ALL means every status', () => {
    expect(parseAlertFilters(new URLSearchParams('status=ALL')).statuses).toEqual([]);
  });

  it('drops malformed values instead of failing', () => {
    const f = parseAlertFilters(new URLSearchParams('level=PURPLE&status=nonsense&unitId=42&assignee=bob&projectId=x&page=-2&pageSize=7'));
    expect(f).toEqual({ levels: [], statuses: ['OPEN', 'ACKNOWLEDGED'], unitId: null, assignee: null, projectId: null, page: 1, pageSize: 20 });
  });
});

describe('alertFiltersToParams', () => {
  const base: AlertFilters = { levels: [], statuses: ['OPEN', 'ACKNOWLEDGED'], unitId: null, assignee: null, projectId: null, page: 1, pageSize: 20 };

  it('leaves defaults out', () => {
    expect(alertFiltersToParams(base).toString()).toBe('');
  });

  it('round-trips through parseAlertFilters', () => {
    const f: AlertFilters = { levels: ['ESCALATED', 'OVERDUE'], statuses: ['ACKNOWLEDGED', 'RESOLVED'], unitId: UNIT, assignee: ID, projectId: ID, page: 2, pageSize: 100 };
    expect(parseAlertFilters(alertFiltersToParams(f))).toEqual(f);
    const all = { ...base, statuses: [] };
    expect(alertFiltersToParams(all).get('status')).toBe('ALL');
    expect(parseAlertFilters(alertFiltersToParams(all))).toEqual(all);
  });
});

describe('alertListQuery', () => {
  it('turns "me" into the user id and omits empty filters', () => {
    const q = alertListQuery({ levels: [], statuses: [], unitId: null, assignee: 'me', projectId: null, page: 1, pageSize: 20 }, ID);
    expect(q).toEqual({ status: undefined, level: undefined, unitId: undefined, assigneeId: ID, projectId: undefined, page: 1, pageSize: 20 });
  });
});

describe('canAlert mirrors the API', () => {
  it('acknowledge: staff, manager, admin', () => {
    expect(['staff', 'manager', 'director', 'admin', 'viewer'].filter((r) => canAlert(r as never, 'acknowledge'))).toEqual(['staff', 'manager', 'admin']);
  });
  it('assign: manager, director, admin; resolve: manager, admin; comment: all but viewer', () => {
    expect(['staff', 'manager', 'director', 'admin', 'viewer'].filter((r) => canAlert(r as never, 'assign'))).toEqual(['manager', 'director', 'admin']);
    expect(['staff', 'manager', 'director', 'admin', 'viewer'].filter((r) => canAlert(r as never, 'resolve'))).toEqual(['manager', 'admin']);
    expect(['staff', 'manager', 'director', 'admin', 'viewer'].filter((r) => canAlert(r as never, 'comment'))).toEqual(['staff', 'manager', 'director', 'admin']);
  });
});

describe('clockLabel', () => {
  it('names service-target clocks by their milestones', () => {
    expect(clockLabel('SERVICE_TARGET', 'SIGNED_TO_LANDED')).toEqual({ zh: '签约→落地', en: 'Signing → landing' });
    expect(clockLabel('SERVICE_TARGET', 'LANDED_TO_CONSTRUCTION').zh).toBe('落地→开工');
    expect(clockLabel('SERVICE_TARGET', 'OPERATING_TO_CAPACITY').zh).toBe('投产→达产');
    expect(clockLabel('SERVICE_TARGET', 'SIGNED_TO_OPERATING_LARGE').zh).toBe('签约→投产（大项目）');
  });
  it('names plan-date, monthly-report and hold-review clocks with their argument', () => {
    expect(clockLabel('PLAN_DATE', 'PLAN_DATE:OPERATING').zh).toBe('计划投产/投用日期');
    expect(clockLabel('STALE_UPDATE', 'MONTHLY_REPORT:2026-10')).toEqual({ zh: '2026-10 月调度报送', en: 'Monthly report 2026-10' });
    expect(clockLabel('HOLD_REVIEW', 'HOLD_REVIEW:2021-02-22').en).toBe('Hold review (since 2021-02-22)');
  });
  it('names service-desk clocks by their kind', () => {
    expect(clockLabel('APPROVAL', 'approval:3f1c')).toEqual({ zh: '限时审批', en: 'Approval time limit' });
    expect(clockLabel('REQ_RESOLUTION', 'request:9a:resolution').zh).toBe('诉求办结');
  });
  it('falls back to the key for codes it does not know', () => {
    expect(clockLabel('SERVICE_TARGET', 'CUSTOM_RULE')).toEqual({ zh: 'CUSTOM_RULE', en: 'CUSTOM_RULE' });
  });
});

describe('dates', () => {
  it('shanghaiDate shifts UTC instants into Asia/Shanghai', () => {
    expect(shanghaiDate('2021-05-08T16:00:00.000Z')).toBe('2021-05-09');
    expect(shanghaiDate('2021-05-08T15:59:59.000Z')).toBe('2021-05-08');
    expect(shanghaiDate(null)).toBe('—');
  });
  it('daysPastDue and dueText', () => {
    expect(daysPastDue('2026-11-20', '2026-11-25')).toBe(5);
    expect(dueText(5).zh).toBe('逾期 5 天');
    expect(dueText(1).en).toBe('1 day overdue');
    expect(dueText(0).zh).toBe('今日到期');
    expect(dueText(daysPastDue('2026-12-01', '2026-11-25')).en).toBe('6 days left');
  });
});

describe('commonUnitPath', () => {
  it('finds the deepest shared ancestor', () => {
    expect(commonUnitPath(['/150000/150100/150102/', '/150000/150100/150103/'])).toBe('/150000/150100/');
    expect(commonUnitPath(['/150000/150100/150102/', '/150000/150100/150102/'])).toBe('/150000/150100/150102/');
    expect(commonUnitPath(['/150000/150100/', '/150000/150100/150102/'])).toBe('/150000/150100/');
    expect(commonUnitPath(['/150000/', '/160000/'])).toBe('');
    expect(commonUnitPath([])).toBe('');
  });
});

describe('levelSteps', () => {
  const history = [
    { level: 'WARNING' as const, at: '2021-03-26T16:00:00.000Z' },
    { level: 'OVERDUE' as const, at: '2021-04-08T16:00:00.000Z' },
  ];
  it('marks passed, current and coming rungs with their dates', () => {
    expect(levelSteps(history, 'OVERDUE', { ESCALATED: '2021-05-08T16:00:00.000Z' })).toEqual([
      { level: 'WARNING', reachedAt: '2021-03-26T16:00:00.000Z', expectedAt: null, state: 'done' },
      { level: 'OVERDUE', reachedAt: '2021-04-08T16:00:00.000Z', expectedAt: null, state: 'current' },
      { level: 'ESCALATED', reachedAt: null, expectedAt: '2021-05-08T16:00:00.000Z', state: 'ahead' },
    ]);
  });
  it('marks a level that was jumped over as skipped', () => {
    const steps = levelSteps([{ level: 'OVERDUE', at: '2024-01-01T00:00:00.000Z' }], 'OVERDUE');
    expect(steps.map((s) => s.state)).toEqual(['skipped', 'current', 'ahead']);
    expect(steps[2].expectedAt).toBeNull();
  });
});

describe('alertErrorText', () => {
  it('puts the codes alert actions raise into words', () => {
    expect(alertErrorText({ code: 'INVALID_STAGE_TRANSITION', message: 'The alert is resolved already' }).zh).toBe('该预警已办结，不能再认领或指派');
    expect(alertErrorText({ code: 'NOT_FOUND', message: 'Alert x not found' }).en).toBe('The alert does not exist or is outside your units');
    expect(alertErrorText({ code: 'INVALID_REFERENCE', message: 'Li is not staff or a manager of the project unit' }).zh).toContain('Li is not staff');
  });
  it('keeps the server message otherwise', () => {
    expect(alertErrorText({ code: 'ERROR', message: 'Boom' })).toEqual({ zh: 'Boom', en: 'Boom' });
    expect(alertErrorText(undefined)).toEqual({ zh: 'Error', en: 'Error' });
  });
});
