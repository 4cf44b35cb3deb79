import { deriveStageTimeline, reachedAtOrAfter, type StageTransitionFact } from './stage-timeline.js';

const t = (kind: StageTransitionFact['kind'], fromStage: StageTransitionFact['fromStage'], toStage: StageTransitionFact['toStage'], effectiveDate: string, skippedStageDates = {}): StageTransitionFact => ({
  kind,
  fromStage,
  toStage,
  effectiveDate,
  skippedStageDates,
});

describe('deriveStageTimeline', () => {
  it('fills skipped stages with the move date unless given', () => {
    const tl = deriveStageTimeline([
      t('INITIAL', null, 'SIGNED', '2024-03-01'),
      t('FORWARD', 'SIGNED', 'UNDER_CONSTRUCTION', '2024-06-01', { LANDED: '2024-04-01' }),
    ]);
    expect(tl.reached).toEqual({ SIGNED: '2024-03-01', LANDED: '2024-04-01', PRE_CONSTRUCTION: '2024-06-01', UNDER_CONSTRUCTION: '2024-06-01' });
    expect(tl.current).toBe('UNDER_CONSTRUCTION');
  });

  it('an INITIAL entry reaches only its stage and the ones it names', () => {
    expect(deriveStageTimeline([t('INITIAL', null, 'PRE_CONSTRUCTION', '2024-03-01')]).reached).toEqual({ PRE_CONSTRUCTION: '2024-03-01' });
    expect(deriveStageTimeline([t('INITIAL', null, 'LANDED', '2024-03-01', { SIGNED: '2024-01-01' })]).reached).toEqual({ SIGNED: '2024-01-01', LANDED: '2024-03-01' });
  });

  it('a correction erases the later stages and keeps the target date', () => {
    const tl = deriveStageTimeline([
      t('INITIAL', null, 'SIGNED', '2024-03-01'),
      t('FORWARD', 'SIGNED', 'UNDER_CONSTRUCTION', '2024-06-01'),
      t('CORRECTION', 'UNDER_CONSTRUCTION', 'LANDED', '2024-06-05'),
      t('FORWARD', 'LANDED', 'PRE_CONSTRUCTION', '2024-07-01'),
    ]);
    expect(tl.reached).toEqual({ SIGNED: '2024-03-01', LANDED: '2024-06-01', PRE_CONSTRUCTION: '2024-07-01' });
    expect(reachedAtOrAfter(tl, 'UNDER_CONSTRUCTION')).toBeNull();
    expect(reachedAtOrAfter(tl, 'LANDED')).toBe('2024-06-01');
  });

  it('records holds and pauses, including a reopened cancellation', () => {
    const tl = deriveStageTimeline([
      t('INITIAL', null, 'SIGNED', '2024-03-01'),
      t('HOLD', 'SIGNED', 'ON_HOLD', '2024-04-01'),
      t('RESUME', 'ON_HOLD', 'LANDED', '2024-05-01'),
      t('CANCEL', 'LANDED', 'CANCELLED', '2024-06-01'),
      t('CORRECTION', 'CANCELLED', 'LANDED', '2024-06-10'),
      t('HOLD', 'LANDED', 'ON_HOLD', '2024-07-01'),
    ]);
    expect(tl.holds).toEqual([
      { start: '2024-04-01', end: '2024-05-01', endedBy: 'RESUME', heldFromStage: 'SIGNED' },
      { start: '2024-07-01', end: null, endedBy: null, heldFromStage: 'LANDED' },
    ]);
    expect(tl.pauses).toEqual([
      { start: '2024-04-01', end: '2024-05-01', reason: 'HOLD' },
      { start: '2024-06-01', end: '2024-06-10', reason: 'CANCELLED' },
      { start: '2024-07-01', end: null, reason: 'HOLD' },
    ]);
    expect(tl.reached.LANDED).toBe('2024-05-01');
    expect(tl.current).toBe('ON_HOLD');
    expect(tl.cancelledOn).toBeNull();
  });

  it('reads the history as of a date', () => {
    const history = [t('INITIAL', null, 'SIGNED', '2024-03-01'), t('FORWARD', 'SIGNED', 'LANDED', '2024-04-01')];
    expect(deriveStageTimeline(history, '2024-03-31').current).toBe('SIGNED');
    expect(deriveStageTimeline(history, '2024-04-01').current).toBe('LANDED');
  });
});
