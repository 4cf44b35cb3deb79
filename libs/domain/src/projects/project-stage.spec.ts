import { DomainErrorCode } from '../common/domain-error.js';
import { planTransition, ProjectStageState, TransitionRequest } from './project-stage.js';

const state = (stage: ProjectStageState['stage'], heldFromStage: ProjectStageState['heldFromStage'] = null): ProjectStageState => ({
  stage,
  stageDate: '2024-03-01',
  heldFromStage,
});
const req = (over: Partial<TransitionRequest>): TransitionRequest => ({
  toStage: 'LANDED',
  effectiveDate: '2024-04-01',
  note: null,
  canCorrect: false,
  ...over,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('planTransition', () => {
  it.each([
    ['SIGNED', 'LANDED', 'FORWARD', []],
    ['SIGNED', 'UNDER_CONSTRUCTION', 'FORWARD', ['LANDED', 'PRE_CONSTRUCTION']],
    ['RESERVE', 'PRE_CONSTRUCTION', 'FORWARD', ['NEGOTIATING', 'SIGNED', 'LANDED']],
    ['OPERATING', 'AT_CAPACITY', 'FORWARD', []],
  ] as const)('%s → %s is %s skipping %j', (from, to, kind, skipped) => {
    const plan = planTransition(state(from), req({ toStage: to }));
    expect(plan.kind).toBe(kind);
    expect(plan.skipped).toEqual(skipped);
  });

  it('refuses a backward move from staff', () => {
    expect(codeOf(() => planTransition(state('LANDED'), req({ toStage: 'SIGNED', note: 'typo' })))).toBe(
      DomainErrorCode.CorrectionNotAllowed,
    );
  });
  it('needs a reason for a correction', () => {
    expect(codeOf(() => planTransition(state('LANDED'), req({ toStage: 'SIGNED', canCorrect: true })))).toBe(
      DomainErrorCode.ReasonRequired,
    );
    expect(planTransition(state('LANDED'), req({ toStage: 'SIGNED', canCorrect: true, note: '录入错误' })).kind).toBe('CORRECTION');
  });
  it('refuses the same stage', () => {
    expect(codeOf(() => planTransition(state('LANDED'), req({ toStage: 'LANDED' })))).toBe(DomainErrorCode.SameStage);
  });
  it('refuses a date before the current stage began', () => {
    expect(codeOf(() => planTransition(state('SIGNED'), req({ effectiveDate: '2024-02-01' })))).toBe(
      DomainErrorCode.EffectiveDateBeforeCurrentStage,
    );
  });
  it('allows holds only from SIGNED to COMMISSIONING, with a reason', () => {
    expect(codeOf(() => planTransition(state('NEGOTIATING'), req({ toStage: 'ON_HOLD', note: '资金' })))).toBe(
      DomainErrorCode.InvalidStageTransition,
    );
    expect(codeOf(() => planTransition(state('OPERATING'), req({ toStage: 'ON_HOLD', note: '资金' })))).toBe(
      DomainErrorCode.InvalidStageTransition,
    );
    expect(codeOf(() => planTransition(state('LANDED'), req({ toStage: 'ON_HOLD' })))).toBe(DomainErrorCode.ReasonRequired);
    const plan = planTransition(state('UNDER_CONSTRUCTION'), req({ toStage: 'ON_HOLD', note: '资金不到位' }));
    expect(plan).toMatchObject({ kind: 'HOLD', heldFromStage: 'UNDER_CONSTRUCTION' });
  });
  it('resumes a hold into the held stage or later', () => {
    expect(planTransition(state('ON_HOLD', 'UNDER_CONSTRUCTION'), req({ toStage: 'UNDER_CONSTRUCTION' })).kind).toBe('RESUME');
    expect(planTransition(state('ON_HOLD', 'LANDED'), req({ toStage: 'UNDER_CONSTRUCTION' })).skipped).toEqual(['PRE_CONSTRUCTION']);
    expect(codeOf(() => planTransition(state('ON_HOLD', 'LANDED'), req({ toStage: 'SIGNED' })))).toBe(
      DomainErrorCode.CorrectionNotAllowed,
    );
  });
  it('cancels from anywhere with a reason, and only a manager reopens', () => {
    expect(codeOf(() => planTransition(state('SIGNED'), req({ toStage: 'CANCELLED' })))).toBe(DomainErrorCode.ReasonRequired);
    expect(planTransition(state('SIGNED'), req({ toStage: 'CANCELLED', note: '企业撤资' })).kind).toBe('CANCEL');
    expect(codeOf(() => planTransition(state('CANCELLED'), req({ toStage: 'SIGNED', note: 'x' })))).toBe(
      DomainErrorCode.CorrectionNotAllowed,
    );
    expect(planTransition(state('CANCELLED'), req({ toStage: 'SIGNED', note: '恢复', canCorrect: true })).kind).toBe('CORRECTION');
  });
});
