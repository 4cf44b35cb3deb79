/**
 * The stage-change form's view of the transition rules: which target stages are open to this user on
 * this date, what kind of move each is, whether a note is required, and why a move is refused — in
 * both languages. The rules themselves are libs/domain planTransition, the same code the API runs.
 */
import { ALL_STAGES, DomainError, STAGE_LABELS, planTransition, type Stage, type TransitionPlan } from './domain';

export interface StageState {
  stage: Stage;
  stageDate: string;
  heldFromStage: Stage | null;
}

export type Bilingual = { zh: string; en: string };

export interface TransitionCheck {
  /** The plan when the move is allowed as entered. */
  plan: TransitionPlan | null;
  /** The rule that refuses the move (not counting a missing note). */
  problem: { code: string; message: Bilingual } | null;
  /** The move needs a reason in the note (corrections, holds, cancellations). */
  needsNote: boolean;
}

/** A bilingual sentence for a rule's refusal; falls back to the rule's own (English) message. */
export function explainRefusal(error: DomainError, state: StageState, toStage: Stage): Bilingual {
  const to = STAGE_LABELS[toStage];
  const from = STAGE_LABELS[state.stage];
  switch (error.code) {
    case 'SAME_STAGE':
      return { zh: `项目已处于「${to.zh}」阶段`, en: `The project is already ${to.en}` };
    case 'EFFECTIVE_DATE_BEFORE_CURRENT_STAGE':
      return {
        zh: `生效日期不能早于项目进入「${from.zh}」的日期 ${state.stageDate}`,
        en: `The effective date cannot be before ${state.stageDate}, when the project entered ${from.en}`,
      };
    case 'CORRECTION_NOT_ALLOWED':
      return {
        zh: `从「${from.zh}」改为「${to.zh}」属于更正（回退或重新启用），仅科室负责人或系统管理员可操作`,
        en: `Moving from ${from.en} to ${to.en} is a correction (moving back or reopening): managers and administrators only`,
      };
    case 'REASON_REQUIRED':
      return { zh: '此变更须在备注中说明原因', en: 'This change needs a reason in the note' };
    case 'INVALID_STAGE_TRANSITION':
      if (toStage === 'ON_HOLD' && state.stage === 'CANCELLED') return { zh: '已终止的项目不能停缓建', en: 'A cancelled project cannot be put on hold' };
      if (toStage === 'ON_HOLD') {
        return {
          zh: `只有处于「签约」至「试生产/部分投产」阶段的项目可以停缓建，当前为「${from.zh}」`,
          en: `Only projects from Signed to Commissioning can be put on hold; this one is ${from.en}`,
        };
      }
      return { zh: `不允许从「${from.zh}」变更为「${to.zh}」：${error.message}`, en: error.message };
    default:
      return { zh: error.message, en: error.message };
  }
}

/** Checks one move exactly as the server will (the date against the current stage date, the role, the note). */
export function checkTransition(state: StageState, toStage: Stage, effectiveDate: string, note: string, canCorrect: boolean): TransitionCheck {
  const domainState = { stage: state.stage, stageDate: state.stageDate, heldFromStage: state.heldFromStage as never };
  const request = { toStage, effectiveDate, canCorrect };
  const attempt = (n: string): TransitionPlan | DomainError => {
    try {
      return planTransition(domainState, { ...request, note: n });
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
  };
  // With a placeholder note: is the move itself allowed? Without one: is a note mandatory?
  const withNote = attempt(note.trim() || '—');
  if (withNote instanceof DomainError) return { plan: null, problem: { code: withNote.code, message: explainRefusal(withNote, state, toStage) }, needsNote: false };
  const withoutNote = attempt('');
  const needsNote = withoutNote instanceof DomainError && withoutNote.code === 'REASON_REQUIRED';
  if (needsNote && !note.trim()) return { plan: null, problem: null, needsNote };
  return { plan: withNote, problem: null, needsNote };
}

export interface StageChoice {
  stage: Stage;
  /** Allowed on this date for this user (a required note aside). */
  available: boolean;
  kind: TransitionPlan['kind'] | null;
  needsNote: boolean;
  /** The refusing rule's code (e.g. CORRECTION_NOT_ALLOWED) and its words. */
  reasonCode: string | null;
  reason: Bilingual | null;
}

/** Every other stage with whether it can be chosen, in the canonical order then the side states. */
export function stageChoices(state: StageState, effectiveDate: string, canCorrect: boolean): StageChoice[] {
  return ALL_STAGES.filter((s) => s !== state.stage).map((stage) => {
    const check = checkTransition(state, stage, effectiveDate, '—', canCorrect);
    const needsNote = check.plan ? checkTransition(state, stage, effectiveDate, '', canCorrect).needsNote : false;
    return { stage, available: !!check.plan, kind: check.plan?.kind ?? null, needsNote, reasonCode: check.problem?.code ?? null, reason: check.problem?.message ?? null };
  });
}

/** What a kind of move is called. */
export const TRANSITION_KIND_LABELS: Record<TransitionPlan['kind'], Bilingual> = {
  INITIAL: { zh: '初始阶段', en: 'Initial stage' },
  FORWARD: { zh: '推进', en: 'Forward' },
  CORRECTION: { zh: '更正', en: 'Correction' },
  HOLD: { zh: '停缓建', en: 'Put on hold' },
  RESUME: { zh: '复工', en: 'Resumed' },
  CANCEL: { zh: '终止', en: 'Cancelled' },
};
