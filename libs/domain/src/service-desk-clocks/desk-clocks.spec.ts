import { readdirSync, readFileSync } from 'node:fs';
import { WorkingCalendar, type CalendarYearData } from '../calendar/working-calendar.js';
import { computeClocks } from '../service-targets/engine.js';
import type { Clock } from '../service-targets/clock.js';
import type { StageTransitionFact } from '../service-targets/stage-timeline.js';
import { computeDeskClocks, type ApprovalItemFact, type CommitmentFact, type DeskContext, type InvestorRequestFact } from './desk-clocks.js';
import { callbackAllowsClosing, canMoveApproval, canMoveRequest, CHECKLIST_TEMPLATE_DEFS, APPROVAL_ITEM_TYPES } from './service-desk.js';

const seedDir = new URL('../../../../seeds/calendar/', import.meta.url);
const cal = new WorkingCalendar(
  readdirSync(seedDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, seedDir), 'utf8')) as CalendarYearData),
);
const at = (date: string, time = '12:00:00.000') => new Date(`${date}T${time}+08:00`);
const ctx = (now: Date, o: Partial<DeskContext> = {}): DeskContext => ({ now, calendar: cal, cancelledOn: null, waived: new Set(), ...o });

const item = (o: Partial<ApprovalItemFact> = {}): ApprovalItemFact => ({
  id: 'a1',
  itemType: 'CONSTRUCTION_PERMIT',
  department: '市住建局',
  status: 'IN_PROGRESS',
  submittedOn: '2025-03-03',
  limitDays: 20,
  completedOn: null,
  returnedOn: null,
  ...o,
});
const one = (clocks: Clock[], key: string) => {
  const c = clocks.find((x) => x.key === key);
  if (!c) throw new Error(`no clock ${key} in ${clocks.map((x) => x.key).join(', ')}`);
  return c;
};

describe('限时审批 clocks', () => {
  it('counts the limit in working days and explains it in zh and en', () => {
    const c = one(computeDeskClocks({ approvals: [item()] }, ctx(at('2025-03-10'))), 'approval:a1');
    expect(c).toMatchObject({ kind: 'APPROVAL', ruleId: null, startDate: '2025-03-03', dueDate: '2025-03-31', status: 'ON_TRACK', level: 'NONE' });
    // 80 % of 20 working days = the 16th working day after 2025-03-03.
    expect(c.warnAt.toISOString()).toBe(at('2025-03-25', '00:00:00.000').toISOString());
    expect(c.explanation.zh).toBe(
      '施工许可（市住建局）2025-03-03 提交，限时 20 个工作日，应于 2025-03-31 前办结；2025-03-25 起黄灯，2025-04-01 起红灯，2025-04-09 起督办',
    );
    expect(c.explanation.en).toContain('Construction permit (市住建局) submitted on 2025-03-03, time limit 20 working days: due by 2025-03-31');
    expect(c.nextCheckAt?.toISOString()).toBe(c.warnAt.toISOString());
  });

  it('skips the National Day holidays and counts the 调休 Sunday 2025-09-28 as a working day', () => {
    // After Fri 2025-09-26: Sun 09-28 (make-up workday), Mon 09-29, Tue 09-30, [10-01..10-08 off], Thu 10-09, Fri 10-10.
    const c = one(computeDeskClocks({ approvals: [item({ submittedOn: '2025-09-26', limitDays: 5 })] }, ctx(at('2025-09-26'))), 'approval:a1');
    expect(c.dueDate).toBe('2025-10-10');
    // Escalation 5 working days after: Sat 10-11 (make-up workday), Mon 10-13 … Thu 10-16.
    expect(c.escalateAt.toISOString()).toBe(at('2025-10-17', '00:00:00.000').toISOString());
  });

  it('goes overdue after the due date, escalates 5 working days later, and is met when completed', () => {
    const overdue = one(computeDeskClocks({ approvals: [item()] }, ctx(at('2025-04-01'))), 'approval:a1');
    expect(overdue).toMatchObject({ status: 'OVERDUE', level: 'OVERDUE' });
    // 5 working days after 03-31 skip 清明 (Fri 04-04): 04-01, 02, 03, 07, 08 → 督办 from 04-09.
    expect(one(computeDeskClocks({ approvals: [item()] }, ctx(at('2025-04-08', '23:59:59.000'))), 'approval:a1').level).toBe('OVERDUE');
    const esc = one(computeDeskClocks({ approvals: [item()] }, ctx(at('2025-04-09', '00:00:00.000'))), 'approval:a1');
    expect(esc.level).toBe('ESCALATED');
    const met = one(computeDeskClocks({ approvals: [item({ status: 'DONE', completedOn: '2025-03-28' })] }, ctx(at('2025-05-01'))), 'approval:a1');
    expect(met).toMatchObject({ status: 'MET', level: 'NONE', metDate: '2025-03-28', nextCheckAt: null });
    const late = one(computeDeskClocks({ approvals: [item({ status: 'DONE', completedOn: '2025-04-02' })] }, ctx(at('2025-05-01'))), 'approval:a1');
    expect(late.status).toBe('MET_LATE');
    expect(late.explanation.zh).toContain('逾期 2 个工作日');
  });

  it('names the item by its title when given, and leaves out a missing department', () => {
    const c = one(computeDeskClocks({ approvals: [item({ itemType: 'OTHER', title: '消防设计审查', department: null })] }, ctx(at('2025-03-10'))), 'approval:a1');
    expect(c.explanation.zh.startsWith('消防设计审查 2025-03-03 提交，限时 20 个工作日')).toBe(true);
    expect(c.explanation.en.startsWith('消防设计审查 submitted on 2025-03-03')).toBe(true);
  });

  it('has no clock before submission', () => {
    expect(computeDeskClocks({ approvals: [item({ status: 'NOT_STARTED', submittedOn: null })] }, ctx(at('2025-04-01')))).toEqual([]);
  });

  it('RETURNED pauses the clock with its level; resubmission restarts it with the full limit', () => {
    const paused = one(computeDeskClocks({ approvals: [item({ status: 'RETURNED', returnedOn: '2025-04-02' })] }, ctx(at('2025-06-01'))), 'approval:a1');
    expect(paused).toMatchObject({ status: 'PAUSED', level: 'OVERDUE', nextCheckAt: null, pausedSince: '2025-04-02' });
    expect(paused.explanation.zh).toContain('2025-04-02 退回补正，时限暂停，重新提交后按 20 个工作日重新计时');
    const early = one(computeDeskClocks({ approvals: [item({ status: 'RETURNED', returnedOn: '2025-03-10' })] }, ctx(at('2025-06-01'))), 'approval:a1');
    expect(early.level).toBe('NONE');
    const again = one(computeDeskClocks({ approvals: [item({ status: 'IN_PROGRESS', submittedOn: '2025-06-03', returnedOn: '2025-04-02' })] }, ctx(at('2025-06-05'))), 'approval:a1');
    expect(again).toMatchObject({ status: 'ON_TRACK', level: 'NONE', startDate: '2025-06-03' });
    expect(again.dueDate).toBe(cal.addWorkingDays('2025-06-03', 20));
  });

  it('is cancelled with the project and waived with a manager waiver', () => {
    expect(one(computeDeskClocks({ approvals: [item()] }, ctx(at('2025-04-10'), { cancelledOn: '2025-04-09' })), 'approval:a1').status).toBe('CANCELLED');
    expect(one(computeDeskClocks({ approvals: [item()] }, ctx(at('2025-04-10'), { waived: new Set(['approval:a1']) })), 'approval:a1').status).toBe('WAIVED');
  });
});

describe('investor request clocks', () => {
  const req = (o: Partial<InvestorRequestFact> = {}): InvestorRequestFact => ({
    id: 'r1', title: '增加用电指标', category: 'POWER', raisedOn: '2025-03-03', status: 'OPEN', acceptedOn: null, resolvedOn: null, ...o,
  });
  it('runs a 2-working-day response clock and a 15-working-day resolution clock', () => {
    const clocks = computeDeskClocks({ requests: [req()] }, ctx(at('2025-03-06')));
    const resp = one(clocks, 'request:r1:response');
    expect(resp).toMatchObject({ kind: 'REQ_RESPONSE', dueDate: '2025-03-05', status: 'OVERDUE', level: 'OVERDUE' });
    expect(resp.explanation.zh).toContain('诉求「增加用电指标」（用电指标）2025-03-03 提出，应在 2 个工作日内（2025-03-05 前）受理');
    const res = one(clocks, 'request:r1:resolution');
    expect(res).toMatchObject({ kind: 'REQ_RESOLUTION', dueDate: '2025-03-24', level: 'NONE' });
  });
  it('meets the response on acceptance and the resolution on resolving; reopening runs the clock again', () => {
    const clocks = computeDeskClocks({ requests: [req({ status: 'RESOLVED', acceptedOn: '2025-03-04', resolvedOn: '2025-03-20' })] }, ctx(at('2025-04-30')));
    expect(one(clocks, 'request:r1:response').status).toBe('MET');
    expect(one(clocks, 'request:r1:resolution').status).toBe('MET');
    const reopened = computeDeskClocks({ requests: [req({ status: 'ACCEPTED', acceptedOn: '2025-03-04', resolvedOn: null })] }, ctx(at('2025-04-30')));
    expect(one(reopened, 'request:r1:resolution').level).toBe('ESCALATED');
  });
  it('uses an agreed due date when one is set', () => {
    const c = one(computeDeskClocks({ requests: [req({ dueDate: '2025-06-30' })] }, ctx(at('2025-03-06'))), 'request:r1:resolution');
    expect(c.dueDate).toBe('2025-06-30');
    expect(c.explanation.zh).toContain('约定于 2025-06-30 前办结');
  });
});

describe('commitment clocks', () => {
  const com = (o: Partial<CommitmentFact> = {}): CommitmentFact => ({
    id: 'c1', title: '基础设施配套到位', kind: 'INFRASTRUCTURE', promisedBy: '某区政府', promisedOn: '2024-05-01', dueDate: '2025-06-30', status: 'PENDING', fulfilledOn: null, ...o,
  });
  it('warns 30 calendar days before, is overdue after and escalated 30 days after the due date', () => {
    const c = (d: string) => one(computeDeskClocks({ commitments: [com()] }, ctx(at(d))), 'commitment:c1');
    expect(c('2025-05-30').level).toBe('NONE');
    expect(c('2025-05-31').level).toBe('WARNING');
    expect(c('2025-07-01').level).toBe('OVERDUE');
    expect(c('2025-07-31').level).toBe('ESCALATED');
    expect(c('2025-05-30').explanation.zh).toContain('承诺「基础设施配套到位」（基础设施，某区政府）2024-05-01 作出，应于 2025-06-30 前兑现');
  });
  it('is met when fulfilled and waived when waived on the record', () => {
    expect(one(computeDeskClocks({ commitments: [com({ status: 'FULFILLED', fulfilledOn: '2025-07-05' })] }, ctx(at('2025-08-01'))), 'commitment:c1').status).toBe('MET_LATE');
    expect(one(computeDeskClocks({ commitments: [com({ status: 'WAIVED' })] }, ctx(at('2025-08-01'))), 'commitment:c1').status).toBe('WAIVED');
  });
});

describe('computeClocks with service-desk facts', () => {
  const transitions: StageTransitionFact[] = [{ kind: 'INITIAL', fromStage: null, toStage: 'SIGNED', effectiveDate: '2025-01-02', skippedStageDates: {} }];
  const base = { project: { id: 'p', family: 'INVESTMENT' as const, projectType: null, totalInvestment: null, unitId: 'u', listIds: [] }, transitions, rules: [], calendar: cal };
  it('adds the desk clocks to the rule clocks, and leaves the output unchanged without them', () => {
    expect(computeClocks(base, at('2025-04-01'))).toEqual([]);
    const clocks = computeClocks({ ...base, serviceDesk: { approvals: [item()] } }, at('2025-04-01'));
    expect(clocks.map((c) => c.key)).toEqual(['approval:a1']);
    const cancelled = computeClocks(
      { ...base, transitions: [...transitions, { kind: 'CANCEL', fromStage: 'SIGNED', toStage: 'CANCELLED', effectiveDate: '2025-03-20', skippedStageDates: {} }], serviceDesk: { approvals: [item()] } },
      at('2025-04-01'),
    );
    expect(cancelled[0].status).toBe('CANCELLED');
  });
});

describe('status rules', () => {
  it('approval items: no skipping, returned items come back in progress, done is final', () => {
    expect(canMoveApproval('NOT_STARTED', 'IN_PROGRESS')).toBe(true);
    expect(canMoveApproval('NOT_STARTED', 'DONE')).toBe(false);
    expect(canMoveApproval('IN_PROGRESS', 'RETURNED')).toBe(true);
    expect(canMoveApproval('RETURNED', 'DONE')).toBe(false);
    expect(canMoveApproval('RETURNED', 'IN_PROGRESS')).toBe(true);
    expect(canMoveApproval('DONE', 'IN_PROGRESS')).toBe(false);
  });
  it('requests: accepted before resolved, resolved before closed, resolved may be reopened', () => {
    expect(canMoveRequest('OPEN', 'RESOLVED')).toBe(false);
    expect(canMoveRequest('RESOLVED', 'ACCEPTED')).toBe(true);
    expect(canMoveRequest('CLOSED', 'OPEN')).toBe(false);
  });
  it('the callback rule: closing needs a callback on or after the latest resolution', () => {
    expect(callbackAllowsClosing('2025-03-20', [])).toBe(false);
    expect(callbackAllowsClosing('2025-03-20', ['2025-03-19'])).toBe(false);
    expect(callbackAllowsClosing('2025-03-20', ['2025-03-19', '2025-03-20'])).toBe(true);
    expect(callbackAllowsClosing(null, ['2025-03-20'])).toBe(false);
  });
  it('templates use known item types with positive limits', () => {
    for (const t of Object.values(CHECKLIST_TEMPLATE_DEFS)) {
      for (const i of t.items) {
        expect(APPROVAL_ITEM_TYPES).toContain(i.itemType);
        expect(i.limitDays).toBeGreaterThan(0);
      }
    }
  });
});
