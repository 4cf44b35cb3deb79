import { describe, expect, it } from 'vitest';
import { checkStageChange } from './stage-change';

const signed = { stage: 'SIGNED' as const, stageDate: '2025-03-01', heldFromStage: null };

describe('checkStageChange (the API’s own transition rules)', () => {
  it('allows staff to move forward, listing skipped stages, with no note needed', () => {
    const r = checkStageChange(signed, 'UNDER_CONSTRUCTION', '2025-06-01', 'staff', '');
    expect(r.problem).toBeNull();
    expect(r.needsNote).toBe(false);
    expect(r.plan?.kind).toBe('FORWARD');
    expect(r.plan?.skipped).toEqual(['LANDED', 'PRE_CONSTRUCTION']);
  });

  it('refuses backward moves for staff with the rule’s reason', () => {
    const r = checkStageChange({ ...signed, stage: 'LANDED' }, 'SIGNED', '2025-06-01', 'staff', 'wrong entry');
    expect(r.plan).toBeNull();
    expect(r.problem?.code).toBe('CORRECTION_NOT_ALLOWED');
  });

  it('lets managers correct backwards, but only with a reason', () => {
    const without = checkStageChange({ ...signed, stage: 'LANDED' }, 'SIGNED', '2025-06-01', 'manager', '');
    expect(without.plan).toBeNull();
    expect(without.needsNote).toBe(true);
    const withNote = checkStageChange({ ...signed, stage: 'LANDED' }, 'SIGNED', '2025-06-01', 'manager', '录入错误');
    expect(withNote.plan?.kind).toBe('CORRECTION');
    expect(withNote.needsNote).toBe(true);
  });

  it('needs a reason to put a project on hold and refuses a date before the current stage', () => {
    expect(checkStageChange(signed, 'ON_HOLD', '2025-06-01', 'staff', '').needsNote).toBe(true);
    expect(checkStageChange(signed, 'LANDED', '2025-01-01', 'staff', '').problem?.code).toBe('EFFECTIVE_DATE_BEFORE_CURRENT_STAGE');
  });
});
