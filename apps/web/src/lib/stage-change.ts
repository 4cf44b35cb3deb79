import { DomainError, planTransition, type Stage, type TransitionPlan } from './domain';
import type { Role } from '../api/types';
import { canCorrect } from './domain';

export interface StageChangeCheck {
  /** The plan when the move is allowed (the server checks again). */
  plan: TransitionPlan | null;
  /** Why not, in the rule's own words, when it is not allowed. */
  problem: { code: string; message: string } | null;
  /** A note is required (corrections, holds, cancellations). */
  needsNote: boolean;
}

/**
 * Checks a stage change with the same rules the API applies (libs/domain planTransition), so the board
 * and the stage form can say why before anything is sent. A missing note is reported as `needsNote`.
 */
export function checkStageChange(
  project: { stage: Stage; stageDate: string; heldFromStage?: Stage | null },
  toStage: Stage,
  effectiveDate: string,
  role: Role,
  note: string,
): StageChangeCheck {
  const state = { stage: project.stage, stageDate: project.stageDate, heldFromStage: (project.heldFromStage ?? null) as never };
  const request = { toStage, effectiveDate, canCorrect: canCorrect(role) };
  try {
    const plan = planTransition(state, { ...request, note });
    // Would it also pass without a note? If not, the note is mandatory for this move.
    let needsNote = false;
    try {
      planTransition(state, { ...request, note: '' });
    } catch (e) {
      needsNote = e instanceof DomainError && e.code === 'REASON_REQUIRED';
    }
    return { plan, problem: null, needsNote };
  } catch (e) {
    if (e instanceof DomainError) {
      if (e.code === 'REASON_REQUIRED') return { plan: null, problem: null, needsNote: true };
      return { plan: null, problem: { code: e.code, message: e.message }, needsNote: false };
    }
    throw e;
  }
}

/** Chinese wording for the rule codes (the API's messages are English). */
export const STAGE_RULE_ZH: Record<string, string> = {
  CORRECTION_NOT_ALLOWED: '回退阶段或重新启用属于更正，仅科室负责人或管理员可以操作',
  EFFECTIVE_DATE_BEFORE_CURRENT_STAGE: '生效日期早于项目进入当前阶段的日期',
  INVALID_STAGE_TRANSITION: '不允许这样变更（仅签约至试生产阶段可停缓建，已终止项目不能停缓建）',
  SAME_STAGE: '项目已处于该阶段',
  REASON_REQUIRED: '需要填写原因',
};
