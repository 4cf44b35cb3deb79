/**
 * The service desk around each project (issue 7, second half; reports/SUMMARY.md §b.1):
 * M3 审批事项领办代办 and M19 限时审批 (approval checklist with time limits), M6/M43 有求必应 and 督办回访
 * (investor requests with a mandatory callback), M20/M21 承诺制 and 承诺兑现 (commitments ledger).
 *
 * Code lists, status rules and the bureau's default limits. Pure: no I/O, no clock.
 */

export type Label = { zh: string; en: string };

// ---------------------------------------------------------------------------------------------------------------
// Approval checklist (领办代办, 限时审批)

export const APPROVAL_ITEM_TYPES = [
  'SITE_SELECTION',
  'LAND_USE',
  'PROJECT_APPROVAL',
  'PLANNING_PERMIT',
  'ENERGY_ASSESSMENT',
  'EIA',
  'SAFETY_ASSESSMENT',
  'WATER',
  'CONSTRUCTION_PERMIT',
  'OTHER',
] as const;
export type ApprovalItemType = (typeof APPROVAL_ITEM_TYPES)[number];

export const APPROVAL_ITEM_TYPE_LABELS: Record<ApprovalItemType, Label> = {
  SITE_SELECTION: { zh: '选址意见', en: 'Site selection opinion' },
  LAND_USE: { zh: '用地预审/用地', en: 'Land-use pre-review / land use' },
  PROJECT_APPROVAL: { zh: '立项/核准/备案', en: 'Project approval / filing' },
  PLANNING_PERMIT: { zh: '规划许可', en: 'Planning permit' },
  ENERGY_ASSESSMENT: { zh: '能评', en: 'Energy assessment' },
  EIA: { zh: '环评', en: 'Environmental impact assessment' },
  SAFETY_ASSESSMENT: { zh: '安评', en: 'Safety assessment' },
  WATER: { zh: '水保/水资源', en: 'Soil and water conservation / water resources' },
  CONSTRUCTION_PERMIT: { zh: '施工许可', en: 'Construction permit' },
  OTHER: { zh: '其他', en: 'Other' },
};

export const APPROVAL_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'DONE', 'RETURNED'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, Label> = {
  NOT_STARTED: { zh: '未启动', en: 'Not started' },
  IN_PROGRESS: { zh: '办理中', en: 'In progress' },
  DONE: { zh: '已办结', en: 'Done' },
  RETURNED: { zh: '退回', en: 'Returned' },
};

const APPROVAL_NEXT: Record<ApprovalStatus, readonly ApprovalStatus[]> = {
  NOT_STARTED: ['IN_PROGRESS'],
  IN_PROGRESS: ['DONE', 'RETURNED'],
  RETURNED: ['IN_PROGRESS'],
  DONE: [],
};

/** NOT_STARTED → IN_PROGRESS → DONE, or IN_PROGRESS → RETURNED → IN_PROGRESS again (resubmission). Staying put is allowed. */
export function canMoveApproval(from: ApprovalStatus, to: ApprovalStatus): boolean {
  return from === to || APPROVAL_NEXT[from].includes(to);
}

/** The statuses an approval item may move to next. */
export function nextApprovalStatuses(from: ApprovalStatus): readonly ApprovalStatus[] {
  return APPROVAL_NEXT[from];
}

/**
 * Checklist templates by project type, each item type with its default time limit in working days (限时审批).
 *
 * These limits are the bureau's configurable defaults, NOT figures from the reports: the reports only say
 * 「严格执行限时审批制度」 and give no number of days for any of these items (reports/SUMMARY.md §f.2).
 * Every item's limit can be changed per item after the template is applied.
 */
export const APPROVAL_DEFAULT_LIMITS: Record<ApprovalItemType, number> = {
  SITE_SELECTION: 10,
  LAND_USE: 20,
  PROJECT_APPROVAL: 10,
  PLANNING_PERMIT: 15,
  ENERGY_ASSESSMENT: 20,
  EIA: 30,
  SAFETY_ASSESSMENT: 20,
  WATER: 20,
  CONSTRUCTION_PERMIT: 20,
  OTHER: 20,
};

export const CHECKLIST_TEMPLATES = ['INDUSTRIAL', 'DATA_CENTER', 'NEW_ENERGY', 'INFRASTRUCTURE', 'SERVICES'] as const;
export type ChecklistTemplateCode = (typeof CHECKLIST_TEMPLATES)[number];

export interface ChecklistTemplate {
  code: ChecklistTemplateCode;
  label: Label;
  /** Item types in the order they are usually handled, with the default limit (working days; bureau default). */
  items: readonly { itemType: ApprovalItemType; limitDays: number }[];
}

const items = (...types: ApprovalItemType[]) => types.map((itemType) => ({ itemType, limitDays: APPROVAL_DEFAULT_LIMITS[itemType] }));

/** Bureau defaults (configurable), not report figures: see APPROVAL_DEFAULT_LIMITS. */
export const CHECKLIST_TEMPLATE_DEFS: Record<ChecklistTemplateCode, ChecklistTemplate> = {
  INDUSTRIAL: {
    code: 'INDUSTRIAL',
    label: { zh: '工业项目', en: 'Industrial project' },
    items: items('SITE_SELECTION', 'LAND_USE', 'PROJECT_APPROVAL', 'PLANNING_PERMIT', 'ENERGY_ASSESSMENT', 'EIA', 'SAFETY_ASSESSMENT', 'WATER', 'CONSTRUCTION_PERMIT'),
  },
  DATA_CENTER: {
    code: 'DATA_CENTER',
    label: { zh: '数据中心', en: 'Data centre' },
    items: items('SITE_SELECTION', 'LAND_USE', 'PROJECT_APPROVAL', 'ENERGY_ASSESSMENT', 'EIA', 'WATER', 'PLANNING_PERMIT', 'CONSTRUCTION_PERMIT'),
  },
  NEW_ENERGY: {
    code: 'NEW_ENERGY',
    label: { zh: '新能源', en: 'New energy' },
    items: items('SITE_SELECTION', 'LAND_USE', 'PROJECT_APPROVAL', 'EIA', 'WATER', 'SAFETY_ASSESSMENT', 'CONSTRUCTION_PERMIT'),
  },
  INFRASTRUCTURE: {
    code: 'INFRASTRUCTURE',
    label: { zh: '基础设施', en: 'Infrastructure' },
    items: items('SITE_SELECTION', 'LAND_USE', 'PROJECT_APPROVAL', 'PLANNING_PERMIT', 'EIA', 'WATER', 'CONSTRUCTION_PERMIT'),
  },
  SERVICES: {
    code: 'SERVICES',
    label: { zh: '服务业', en: 'Services' },
    items: items('PROJECT_APPROVAL', 'PLANNING_PERMIT', 'CONSTRUCTION_PERMIT'),
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Investor requests (有求必应) and callbacks (督办回访)

export const REQUEST_CATEGORIES = ['POWER', 'ROAD_ACCESS', 'LAND', 'FINANCING', 'LABOUR', 'POLICY', 'APPROVAL', 'OTHER'] as const;
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];
export const REQUEST_CATEGORY_LABELS: Record<RequestCategory, Label> = {
  POWER: { zh: '用电指标', en: 'Power quota' },
  ROAD_ACCESS: { zh: '道路接入', en: 'Road access' },
  LAND: { zh: '用地', en: 'Land' },
  FINANCING: { zh: '融资', en: 'Financing' },
  LABOUR: { zh: '用工', en: 'Labour' },
  POLICY: { zh: '政策兑现', en: 'Policy fulfilment' },
  APPROVAL: { zh: '审批', en: 'Approvals' },
  OTHER: { zh: '其他', en: 'Other' },
};

export const REQUEST_STATUSES = ['OPEN', 'ACCEPTED', 'RESOLVED', 'CLOSED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, Label> = {
  OPEN: { zh: '待受理', en: 'Open' },
  ACCEPTED: { zh: '已受理', en: 'Accepted' },
  RESOLVED: { zh: '已办结', en: 'Resolved' },
  CLOSED: { zh: '已关闭', en: 'Closed' },
};

const REQUEST_NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  OPEN: ['ACCEPTED'],
  ACCEPTED: ['RESOLVED'],
  // Reopening a resolved request sends it back to the handling unit (ACCEPTED): the resolution clock runs on.
  RESOLVED: ['CLOSED', 'ACCEPTED'],
  CLOSED: [],
};
export function canMoveRequest(from: RequestStatus, to: RequestStatus): boolean {
  return from === to || REQUEST_NEXT[from].includes(to);
}

export const SATISFACTION_LABELS: Record<1 | 2 | 3 | 4 | 5, Label> = {
  1: { zh: '很不满意', en: 'Very dissatisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  3: { zh: '基本满意', en: 'Neutral' },
  4: { zh: '满意', en: 'Satisfied' },
  5: { zh: '很满意', en: 'Very satisfied' },
};
/** A callback with at least this satisfaction counts as "satisfied". */
export const SATISFIED_FROM = 4;

/**
 * The callback rule (督办回访): a resolved request may be closed only after a callback made on or after its
 * (latest) resolution date. A callback made before a reopening does not count for the new resolution.
 */
export function callbackAllowsClosing(resolvedOn: string | null, callbackDates: readonly string[]): boolean {
  if (!resolvedOn) return false;
  return callbackDates.some((d) => d >= resolvedOn);
}

// ---------------------------------------------------------------------------------------------------------------
// Commitments (承诺兑现)

export const COMMITMENT_KINDS = ['POLICY_FUNDS', 'LAND_PRICE', 'INFRASTRUCTURE', 'APPROVAL_TIME', 'FACTOR_SUPPLY', 'OTHER'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
export const COMMITMENT_KIND_LABELS: Record<CommitmentKind, Label> = {
  POLICY_FUNDS: { zh: '政策资金', en: 'Policy funds' },
  LAND_PRICE: { zh: '土地价格', en: 'Land price' },
  INFRASTRUCTURE: { zh: '基础设施', en: 'Infrastructure' },
  APPROVAL_TIME: { zh: '审批时限', en: 'Approval time' },
  FACTOR_SUPPLY: { zh: '要素保障', en: 'Factor supply' },
  OTHER: { zh: '其他', en: 'Other' },
};

export const COMMITMENT_STATUSES = ['PENDING', 'PARTIAL', 'FULFILLED', 'WAIVED'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, Label> = {
  PENDING: { zh: '待兑现', en: 'Pending' },
  PARTIAL: { zh: '部分兑现', en: 'Partly fulfilled' },
  FULFILLED: { zh: '已兑现', en: 'Fulfilled' },
  WAIVED: { zh: '不再兑现', en: 'Waived' },
};
/** Commitments still owed (not fulfilled, not waived). */
export const OPEN_COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['PENDING', 'PARTIAL'];

// ---------------------------------------------------------------------------------------------------------------
// Clock defaults (bureau policy, not report figures)

/**
 * Defaults of the service-desk clocks. Chosen by the bureau and configurable in code review; the reports give
 * no numbers for any of them.
 */
export const SERVICE_DESK_CLOCK_DEFAULTS = {
  approval: { warnPercent: 80, escalateAfterWorkingDays: 5 },
  requestResponse: { workingDays: 2, warnPercent: 80, escalateAfterWorkingDays: 3 },
  requestResolution: { workingDays: 15, warnPercent: 80, escalateAfterWorkingDays: 10 },
  commitment: { warnDaysBefore: 30, escalateAfterDays: 30 },
} as const;
