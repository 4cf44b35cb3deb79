import { describe, it, expect } from 'vitest';
import { checkTransition, stageChoices, type StageState } from './transition-check';

const building: StageState = { stage: 'UNDER_CONSTRUCTION', stageDate: '2025-03-01', heldFromStage: null };

describe('checkTransition', () => {
  it('allows a forward move and lists the skipped stages', () => {
    const c = checkTransition(building, 'OPERATING', '2025-06-01', '', false);
    expect(c.problem).toBeNull();
    expect(c.needsNote).toBe(false);
    expect(c.plan).toMatchObject({ kind: 'FORWARD', skipped: ['CONSTRUCTION_COMPLETE', 'COMMISSIONING'] });
  });

  it('refuses a move back for staff, in both languages', () => {
    const c = checkTransition(building, 'SIGNED', '2025-06-01', 'typo', false);
    expect(c.plan).toBeNull();
    expect(c.problem?.code).toBe('CORRECTION_NOT_ALLOWED');
    expect(c.problem?.message.zh).toContain('更正');
    expect(c.problem?.message.en).toContain('correction');
  });

  it('lets a manager correct, but only with a note', () => {
    const without = checkTransition(building, 'SIGNED', '2025-06-01', '', true);
    expect(without).toEqual({ plan: null, problem: null, needsNote: true });
    const withNote = checkTransition(building, 'SIGNED', '2025-06-01', '录入错误', true);
    expect(withNote.plan?.kind).toBe('CORRECTION');
    expect(withNote.needsNote).toBe(true);
  });

  it('refuses a forward date before the current stage began', () => {
    const c = checkTransition(building, 'OPERATING', '2025-02-01', '', false);
    expect(c.problem?.code).toBe('EFFECTIVE_DATE_BEFORE_CURRENT_STAGE');
    expect(c.problem?.message.zh).toContain('2025-03-01');
  });

  it('explains why a project cannot be put on hold', () => {
    const reserve: StageState = { stage: 'RESERVE', stageDate: '2025-01-01', heldFromStage: null };
    const c = checkTransition(reserve, 'ON_HOLD', '2025-02-01', 'x', true);
    expect(c.problem?.code).toBe('INVALID_STAGE_TRANSITION');
    expect(c.problem?.message.zh).toContain('签约');
  });

  it('resumes a held project with the stages since the hold skipped', () => {
    const held: StageState = { stage: 'ON_HOLD', stageDate: '2025-01-01', heldFromStage: 'LANDED' };
    const c = checkTransition(held, 'UNDER_CONSTRUCTION', '2025-05-01', '', false);
    expect(c.plan).toMatchObject({ kind: 'RESUME', skipped: ['PRE_CONSTRUCTION'] });
  });
});

describe('stageChoices', () => {
  it('offers forward moves, hold and cancel to staff, but not corrections', () => {
    const choices = stageChoices(building, '2025-06-01', false);
    expect(choices.map((c) => c.stage)).not.toContain('UNDER_CONSTRUCTION');
    const by = Object.fromEntries(choices.map((c) => [c.stage, c]));
    expect(by.OPERATING).toMatchObject({ available: true, kind: 'FORWARD', needsNote: false });
    expect(by.ON_HOLD).toMatchObject({ available: true, kind: 'HOLD', needsNote: true });
    expect(by.CANCELLED).toMatchObject({ available: true, kind: 'CANCEL', needsNote: true });
    expect(by.SIGNED.available).toBe(false);
    expect(by.SIGNED.reason?.en).toContain('correction');
    expect(by.SIGNED.reasonCode).toBe('CORRECTION_NOT_ALLOWED');
  });

  it('offers corrections to managers, with a note', () => {
    const by = Object.fromEntries(stageChoices(building, '2025-06-01', true).map((c) => [c.stage, c]));
    expect(by.SIGNED).toMatchObject({ available: true, kind: 'CORRECTION', needsNote: true });
  });
});
