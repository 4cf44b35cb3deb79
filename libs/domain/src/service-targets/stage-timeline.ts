import { isCanonicalStage, STAGES, stageOrder, type CanonicalStage, type Stage, type TransitionKind } from '../projects/project-stage.js';

/** One recorded stage change, as the engine needs it (in recorded order). */
export interface StageTransitionFact {
  kind: TransitionKind;
  fromStage: Stage | null;
  toStage: Stage;
  /** Business date the change happened. */
  effectiveDate: string;
  /** Dates of canonical stages passed over by a forward skip; each defaults to `effectiveDate`. */
  skippedStageDates?: Readonly<Partial<Record<string, string>>> | null;
}

/** A hold (停缓建) episode: from the HOLD's effective date to the date it ended (exclusive), or open. */
export interface HoldEpisode {
  start: string;
  end: string | null;
  /** What ended it: RESUME, CORRECTION (moved out of hold) or CANCEL; null while on hold. */
  endedBy: TransitionKind | null;
  /** Stage the project was in when put on hold (null for a project entered on hold). */
  heldFromStage: CanonicalStage | null;
}

/** A span during which clocks do not run: a hold, or a cancellation later reopened. `end` is exclusive. */
export interface PauseSpan {
  start: string;
  end: string | null;
  reason: 'HOLD' | 'CANCELLED';
}

export interface StageTimeline {
  /** Effective date each canonical stage was reached, after skips and corrections. */
  reached: Partial<Record<CanonicalStage, string>>;
  /** Current stage (null with no history). */
  current: Stage | null;
  /** Last canonical stage (for ON_HOLD: the stage held from; for CANCELLED: the stage before). */
  lastCanonical: CanonicalStage | null;
  holds: HoldEpisode[];
  /** Holds and reopened cancellations, in date order; the last one may be open (end null) while ON_HOLD. */
  pauses: PauseSpan[];
  /** Effective date of the cancellation when the project is currently CANCELLED. */
  cancelledOn: string | null;
}

/**
 * Replays the stage history. Forward moves (and resumes into a later stage) give skipped canonical stages
 * the move's date unless `skippedStageDates` names one; an INITIAL entry reaches only its stage and the
 * stages its `skippedStageDates` names (a project entered at PRE_CONSTRUCTION has no signing date). A
 * correction moving back erases the reach dates of every later stage (the target keeps its own date, or
 * takes the correction's date if it had none); a correction reopening a cancelled project counts the
 * cancelled span as paused. Transitions dated after `asOf` (and everything recorded after them) are
 * ignored, so the timeline is the history as known on that date.
 */
export function deriveStageTimeline(transitions: readonly StageTransitionFact[], asOf?: string): StageTimeline {
  let reached: Partial<Record<CanonicalStage, string>> = {};
  let current: Stage | null = null;
  let lastCanonical: CanonicalStage | null = null;
  let holds: HoldEpisode[] = [];
  let pauses: PauseSpan[] = [];
  let cancelledOn: string | null = null;
  let openHold: HoldEpisode | null = null;
  let openHoldPause: PauseSpan | null = null;

  const closeHold = (date: string, by: TransitionKind) => {
    if (openHold) {
      openHold.end = date < openHold.start ? openHold.start : date;
      openHold.endedBy = by;
    }
    if (openHoldPause) openHoldPause.end = date < openHoldPause.start ? openHoldPause.start : date;
    openHold = null;
    openHoldPause = null;
  };
  const fillForward = (from: CanonicalStage | null, to: CanonicalStage, date: string, skipped: StageTransitionFact['skippedStageDates']) => {
    const lo = from === null ? -1 : stageOrder(from);
    for (const s of STAGES.slice(lo + 1, stageOrder(to))) {
      const given = skipped?.[s];
      if (given) reached[s] = given;
      else if (from !== null) reached[s] = date;
    }
    reached[to] = date;
  };

  for (const t of transitions) {
    if (asOf !== undefined && t.effectiveDate > asOf) break;
    const d = t.effectiveDate;
    if (t.kind === 'INITIAL') {
      reached = {};
      lastCanonical = null;
      holds = [];
      pauses = [];
      cancelledOn = null;
      openHold = null;
      openHoldPause = null;
    }
    if (t.toStage === 'CANCELLED') {
      closeHold(d, 'CANCEL');
      cancelledOn = d;
      current = 'CANCELLED';
      continue;
    }
    if (t.toStage === 'ON_HOLD') {
      if (current !== 'ON_HOLD') {
        openHold = { start: d, end: null, endedBy: null, heldFromStage: lastCanonical };
        openHoldPause = { start: d, end: null, reason: 'HOLD' };
        holds.push(openHold);
        pauses.push(openHoldPause);
      }
      current = 'ON_HOLD';
      continue;
    }
    if (!isCanonicalStage(t.toStage)) continue;
    const to = t.toStage;
    if (current === 'ON_HOLD') closeHold(d, t.kind === 'CORRECTION' ? 'CORRECTION' : 'RESUME');
    if (current === 'CANCELLED' && cancelledOn !== null) {
      pauses.push({ start: cancelledOn, end: d < cancelledOn ? cancelledOn : d, reason: 'CANCELLED' });
      cancelledOn = null;
    }
    if (t.kind === 'INITIAL') {
      fillForward(null, to, d, t.skippedStageDates);
    } else if (lastCanonical === null || stageOrder(to) > stageOrder(lastCanonical)) {
      fillForward(lastCanonical, to, d, t.skippedStageDates);
    } else if (stageOrder(to) < stageOrder(lastCanonical)) {
      for (const s of STAGES.slice(stageOrder(to) + 1)) delete reached[s];
      reached[to] ??= d;
    }
    lastCanonical = to;
    current = to;
  }
  pauses.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return { reached, current, lastCanonical, holds, pauses, cancelledOn };
}

/** Earliest date the project reached `stage` or any later stage, or null. */
export function reachedAtOrAfter(timeline: Pick<StageTimeline, 'reached'>, stage: CanonicalStage): string | null {
  let best: string | null = null;
  for (const s of STAGES.slice(stageOrder(stage))) {
    const d = timeline.reached[s];
    if (d !== undefined && (best === null || d < best)) best = d;
  }
  return best;
}
