/** 招商 (investment attraction) or 政府投资 (government-invested). */
export const PROJECT_FAMILIES = ['INVESTMENT', 'GOVERNMENT'] as const;
export type ProjectFamily = (typeof PROJECT_FAMILIES)[number];
export const PROJECT_FAMILY_LABELS: Record<ProjectFamily, { zh: string; en: string }> = {
  INVESTMENT: { zh: '招商引资', en: 'Investment attraction' },
  GOVERNMENT: { zh: '政府投资', en: 'Government-invested' },
};

/** 央企 / 国企 / 民企 / 外资, plus mixed and unknown for what the reports do not say. */
export const OWNERSHIP_TYPES = ['CENTRAL_SOE', 'LOCAL_SOE', 'PRIVATE', 'FOREIGN', 'MIXED', 'UNKNOWN'] as const;
export type OwnershipType = (typeof OWNERSHIP_TYPES)[number];

/** Money kinds, all in 万元: 协议投资额, 到位资金, 完成投资, 计划投资. */
export const MONEY_KINDS = ['AGREED', 'ARRIVED', 'COMPLETED', 'ANNUAL_PLAN'] as const;
export type MoneyKind = (typeof MONEY_KINDS)[number];

/** 问题清单 categories. */
export const ISSUE_CATEGORIES = ['LAND', 'APPROVAL', 'FUNDING', 'ENERGY', 'WATER', 'POWER', 'LABOUR', 'OTHER'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];
export const ISSUE_CATEGORY_LABELS: Record<IssueCategory, string> = {
  LAND: '土地',
  APPROVAL: '审批',
  FUNDING: '资金',
  ENERGY: '能耗',
  WATER: '水',
  POWER: '电',
  LABOUR: '用工',
  OTHER: '其他',
};

/** 问题 status: open → 督办 (escalated) → cleared (动态清零). */
export const ISSUE_STATUSES = ['OPEN', 'ESCALATED', 'CLEARED'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

const ISSUE_NEXT: Record<IssueStatus, readonly IssueStatus[]> = {
  OPEN: ['ESCALATED', 'CLEARED'],
  ESCALATED: ['CLEARED', 'OPEN'],
  CLEARED: ['OPEN'],
};
export function canMoveIssue(from: IssueStatus, to: IssueStatus): boolean {
  return from === to || ISSUE_NEXT[from].includes(to);
}

/** Kinds of unit in the tree 自治区 → 盟市 → 旗县区/开发区/新区 → 乡镇, plus city departments. */
export const UNIT_KINDS = ['REGION', 'CITY', 'DISTRICT', 'COUNTY', 'BANNER', 'DEV_ZONE', 'NEW_AREA', 'TOWN', 'DEPARTMENT'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Money in 万元 as an exact decimal string with at most 2 decimals (up to 10^14). */
export const MONEY_RE = /^\d{1,14}(\.\d{1,2})?$/;
