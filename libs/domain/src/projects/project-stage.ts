import { DomainError, DomainErrorCode } from '../common/domain-error.js';

/** Canonical stages of a project, in order (DESIGN §3). */
export const STAGES = [
  'RESERVE',
  'NEGOTIATING',
  'SIGNED',
  'LANDED',
  'PRE_CONSTRUCTION',
  'UNDER_CONSTRUCTION',
  'CONSTRUCTION_COMPLETE',
  'COMMISSIONING',
  'OPERATING',
  'AT_CAPACITY',
] as const;
export type CanonicalStage = (typeof STAGES)[number];

/** Side states: paused (停缓建) and terminated (终止). */
export const SIDE_STATES = ['ON_HOLD', 'CANCELLED'] as const;
export type SideState = (typeof SIDE_STATES)[number];
export type Stage = CanonicalStage | SideState;
export const ALL_STAGES: readonly Stage[] = [...STAGES, ...SIDE_STATES];

export const STAGE_LABELS: Record<Stage, { zh: string; en: string }> = {
  RESERVE: { zh: '谋划储备', en: 'Reserve' },
  NEGOTIATING: { zh: '洽谈', en: 'Negotiating' },
  SIGNED: { zh: '签约', en: 'Signed' },
  LANDED: { zh: '落地', en: 'Landed' },
  PRE_CONSTRUCTION: { zh: '前期手续', en: 'Pre-construction' },
  UNDER_CONSTRUCTION: { zh: '开工在建', en: 'Under construction' },
  CONSTRUCTION_COMPLETE: { zh: '竣工', en: 'Construction complete' },
  COMMISSIONING: { zh: '试生产/部分投产', en: 'Commissioning' },
  OPERATING: { zh: '投产/投用', en: 'Operating' },
  AT_CAPACITY: { zh: '达产达效', en: 'At capacity' },
  ON_HOLD: { zh: '停缓建', en: 'On hold' },
  CANCELLED: { zh: '终止', en: 'Cancelled' },
};

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (ALL_STAGES as readonly string[]).includes(value);
}
export function isCanonicalStage(value: unknown): value is CanonicalStage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}
export function stageOrder(stage: CanonicalStage): number {
  return STAGES.indexOf(stage);
}

/** Stages from which a project may be put on hold (DESIGN §3: SIGNED..COMMISSIONING). */
export const HOLDABLE_STAGES: readonly CanonicalStage[] = STAGES.slice(stageOrder('SIGNED'), stageOrder('COMMISSIONING') + 1);

export type TransitionKind = 'INITIAL' | 'FORWARD' | 'CORRECTION' | 'HOLD' | 'RESUME' | 'CANCEL';

export interface ProjectStageState {
  stage: Stage;
  /** Effective date on which the project entered its current stage. */
  stageDate: string;
  /** For ON_HOLD: the stage the project was in when it was paused. */
  heldFromStage: CanonicalStage | null;
}

export interface TransitionRequest {
  toStage: Stage;
  effectiveDate: string;
  note?: string | null;
  /** True when the actor may make corrections (manager or admin). */
  canCorrect: boolean;
}

export interface TransitionPlan {
  kind: TransitionKind;
  fromStage: Stage;
  toStage: Stage;
  /** Canonical stages passed over by a forward skip; they take the effective date unless given. */
  skipped: CanonicalStage[];
  heldFromStage: CanonicalStage | null;
}

const fail = (code: DomainErrorCode, message: string, details?: Record<string, unknown>) => {
  throw new DomainError(code, message, details);
};

/**
 * Decides whether a stage change is allowed and what kind it is. Pure: the caller validates the date
 * format and checks the date against today beforehand.
 */
export function planTransition(state: ProjectStageState, req: TransitionRequest): TransitionPlan {
  const from = state.stage;
  const to = req.toStage;
  const note = (req.note ?? '').trim();
  if (from === to) {
    fail(DomainErrorCode.SameStage, `The project is already in stage ${to}`, { stage: to });
  }
  if (req.effectiveDate < state.stageDate && !(isCanonicalStage(to) && isCanonicalStage(from) && stageOrder(to) < stageOrder(from))) {
    fail(
      DomainErrorCode.EffectiveDateBeforeCurrentStage,
      `effectiveDate ${req.effectiveDate} is before ${state.stageDate}, when the project entered ${from}`,
      { effectiveDate: req.effectiveDate, currentStageDate: state.stageDate },
    );
  }

  if (to === 'CANCELLED') {
    if (!note) fail(DomainErrorCode.ReasonRequired, 'Cancelling a project needs a reason in note');
    return { kind: 'CANCEL', fromStage: from, toStage: to, skipped: [], heldFromStage: null };
  }

  /** A correction (moving back, reopening): manager or admin only, always with a reason; kept in history. */
  const correction = (what: string, details?: Record<string, unknown>): TransitionPlan => {
    if (!req.canCorrect) fail(DomainErrorCode.CorrectionNotAllowed, `${what} is a correction: manager or admin only`, details);
    if (!note) fail(DomainErrorCode.ReasonRequired, `${what} is a correction and needs a reason in note`, details);
    return { kind: 'CORRECTION', fromStage: from, toStage: to, skipped: [], heldFromStage: null };
  };

  if (from === 'CANCELLED') {
    if (to === 'ON_HOLD') fail(DomainErrorCode.InvalidStageTransition, 'A cancelled project cannot be put on hold');
    return correction('Reopening a cancelled project');
  }

  if (to === 'ON_HOLD') {
    if (!isCanonicalStage(from) || !HOLDABLE_STAGES.includes(from)) {
      fail(DomainErrorCode.InvalidStageTransition, `A project in ${from} cannot be put on hold (only SIGNED to COMMISSIONING)`, {
        fromStage: from,
        toStage: to,
      });
    }
    if (!note) fail(DomainErrorCode.ReasonRequired, 'Putting a project on hold needs a reason in note');
    return { kind: 'HOLD', fromStage: from, toStage: to, skipped: [], heldFromStage: from as CanonicalStage };
  }

  // `to` is canonical from here on.
  const target = to as CanonicalStage;
  if (from === 'ON_HOLD') {
    const held = state.heldFromStage ?? 'SIGNED';
    if (stageOrder(target) < stageOrder(held)) return correction(`Resuming into ${target}, before ${held},`);
    return { kind: 'RESUME', fromStage: from, toStage: target, skipped: stagesBetween(held, target), heldFromStage: null };
  }

  const current = from as CanonicalStage;
  if (stageOrder(target) > stageOrder(current)) {
    return { kind: 'FORWARD', fromStage: current, toStage: target, skipped: stagesBetween(current, target), heldFromStage: null };
  }
  return correction(`Moving back from ${current} to ${target}`, { fromStage: current, toStage: target });
}

/** Canonical stages strictly between `a` and `b`. */
function stagesBetween(a: CanonicalStage, b: CanonicalStage): CanonicalStage[] {
  return STAGES.slice(stageOrder(a) + 1, stageOrder(b)) as CanonicalStage[];
}
