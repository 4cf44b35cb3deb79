/**
 * The project domain the web app shares with the server: stages, their labels and the transition rules
 * come straight from libs/domain, so the pipeline board allows exactly what the API allows.
 */
export {
  ALL_STAGES,
  HOLDABLE_STAGES,
  STAGES,
  STAGE_LABELS,
  planTransition,
  stageOrder,
  isCanonicalStage,
  type CanonicalStage,
  type Stage,
  type TransitionPlan,
} from '../../../../libs/domain/src/projects/project-stage';
export { DomainError } from '../../../../libs/domain/src/common/domain-error';
import type { AlertLevel, Role } from '../api/types';

export const LEVEL_ORDER: readonly AlertLevel[] = ['WARNING', 'OVERDUE', 'ESCALATED'];

/** 黄灯 / 红灯 / 督办, and the colours the bureau's own reports use for them. */
export const LEVEL_META: Record<AlertLevel, { zh: string; en: string; color: string; antd: string }> = {
  WARNING: { zh: '黄灯', en: 'Yellow', color: '#d4a106', antd: 'gold' },
  OVERDUE: { zh: '红灯', en: 'Red', color: '#cf1322', antd: 'red' },
  ESCALATED: { zh: '督办', en: 'Escalated', color: '#722ed1', antd: 'purple' },
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  staff: { zh: '项目专员', en: 'Project officer' },
  manager: { zh: '科室负责人', en: 'Manager' },
  director: { zh: '局领导', en: 'Director' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  viewer: { zh: '只读用户', en: 'Viewer' },
};

/** Roles that may record changes to projects (staff and managers of a unit, and admins). */
export const canWriteProjects = (role: Role) => role === 'staff' || role === 'manager' || role === 'admin';
/** Corrections (moving a project back, reopening) are for managers and admins. */
export const canCorrect = (role: Role) => role === 'manager' || role === 'admin';

export const FAMILY_LABELS = {
  INVESTMENT: { zh: '招商引资项目', en: 'Investment project' },
  GOVERNMENT: { zh: '政府投资项目', en: 'Government project' },
} as const;

export const ISSUE_CATEGORY_LABELS = {
  LAND: { zh: '土地', en: 'Land' },
  APPROVAL: { zh: '审批', en: 'Approvals' },
  FUNDING: { zh: '资金', en: 'Funding' },
  ENERGY: { zh: '能耗', en: 'Energy quota' },
  WATER: { zh: '用水', en: 'Water' },
  POWER: { zh: '用电', en: 'Power' },
  LABOUR: { zh: '用工', en: 'Labour' },
  OTHER: { zh: '其他', en: 'Other' },
} as const;

export const MONEY_KIND_LABELS = {
  AGREED: { zh: '协议投资', en: 'Agreed investment' },
  ARRIVED: { zh: '到位资金', en: 'Funds arrived' },
  COMPLETED: { zh: '完成投资', en: 'Investment completed' },
  ANNUAL_PLAN: { zh: '年度计划投资', en: 'Annual plan' },
} as const;
