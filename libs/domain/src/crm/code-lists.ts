/** Code lists of the service desk (客商管理, 走访, 专班, 一项目一方案), each with zh/en labels. */
export interface CodeLabel {
  zh: string;
  en: string;
}

function codes<K extends string>(labels: Record<K, CodeLabel>): readonly K[] {
  return Object.keys(labels) as K[];
}

export const ORIGIN_REGION_LABELS = {
  JING_JIN_JI: { zh: '京津冀', en: 'Beijing–Tianjin–Hebei' },
  YANGTZE_DELTA: { zh: '长三角', en: 'Yangtze River Delta' },
  GREATER_BAY: { zh: '粤港澳大湾区', en: 'Guangdong–Hong Kong–Macao Greater Bay Area' },
  CHENGDU_CHONGQING: { zh: '成渝', en: 'Chengdu–Chongqing' },
  NORTHEAST: { zh: '东北', en: 'Northeast China' },
  LOCAL: { zh: '本地', en: 'Local (Hohhot)' },
  INNER_MONGOLIA_OTHER: { zh: '自治区内其他盟市', en: 'Other leagues and cities of Inner Mongolia' },
  OVERSEAS: { zh: '境外', en: 'Outside mainland China' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, CodeLabel>;
export type OriginRegion = keyof typeof ORIGIN_REGION_LABELS;
export const ORIGIN_REGIONS = codes(ORIGIN_REGION_LABELS);

export const LEAD_SOURCE_LABELS = {
  BUSINESS_REFERRAL: { zh: '以商招商', en: 'Referral by an investor' },
  CHAMBER_OF_COMMERCE: { zh: '商会招商', en: 'Chamber of commerce' },
  PLATFORM: { zh: '平台招商', en: 'Investment platform' },
  INDUSTRY_CHAIN: { zh: '产业链招商', en: 'Industry chain' },
  RESIDENT_OFFICE: { zh: '驻外招商', en: 'Resident office elsewhere' },
  EXPO: { zh: '展会招商', en: 'Fair or expo' },
  ONLINE: { zh: '网络招商', en: 'Online' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, CodeLabel>;
export type LeadSource = keyof typeof LEAD_SOURCE_LABELS;
export const LEAD_SOURCES = codes(LEAD_SOURCE_LABELS);

export const CONTACT_SIDES = ['INVESTOR', 'GOVERNMENT'] as const;
export type ContactSide = (typeof CONTACT_SIDES)[number];

/** Roles of a contact; the first group is the investor's side, the second the government's. */
export const CONTACT_ROLE_LABELS = {
  CHAIRMAN: { zh: '董事长', en: 'Chairman' },
  GENERAL_MANAGER: { zh: '总经理', en: 'General manager' },
  PROJECT_LEAD: { zh: '项目负责人', en: 'Project lead' },
  LIAISON: { zh: '联络人', en: 'Liaison' },
  OTHER_INVESTOR: { zh: '其他（企业方）', en: 'Other (investor side)' },
  RESPONSIBLE_LEADER: { zh: '包联领导', en: 'Responsible leader' },
  TASK_FORCE_MEMBER: { zh: '专班成员', en: 'Task force member' },
  AGENT: { zh: '代办员', en: 'Agency handler' },
  PROJECT_OFFICER: { zh: '项目专员', en: 'Project officer' },
  OTHER_GOVERNMENT: { zh: '其他（政府方）', en: 'Other (government side)' },
} as const satisfies Record<string, CodeLabel>;
export type ContactRole = keyof typeof CONTACT_ROLE_LABELS;
export const CONTACT_ROLES = codes(CONTACT_ROLE_LABELS);
export const CONTACT_ROLE_SIDE: Record<ContactRole, ContactSide> = {
  CHAIRMAN: 'INVESTOR',
  GENERAL_MANAGER: 'INVESTOR',
  PROJECT_LEAD: 'INVESTOR',
  LIAISON: 'INVESTOR',
  OTHER_INVESTOR: 'INVESTOR',
  RESPONSIBLE_LEADER: 'GOVERNMENT',
  TASK_FORCE_MEMBER: 'GOVERNMENT',
  AGENT: 'GOVERNMENT',
  PROJECT_OFFICER: 'GOVERNMENT',
  OTHER_GOVERNMENT: 'GOVERNMENT',
};

export const ACTIVITY_KIND_LABELS = {
  VISIT: { zh: '走访', en: 'Visit' },
  NEGOTIATION: { zh: '洽谈', en: 'Negotiation' },
  MEETING: { zh: '会议', en: 'Meeting' },
  CALL: { zh: '电话', en: 'Call' },
  NOTE: { zh: '备注', en: 'Note' },
} as const satisfies Record<string, CodeLabel>;
export type ActivityKind = keyof typeof ACTIVITY_KIND_LABELS;
export const ACTIVITY_KINDS = codes(ACTIVITY_KIND_LABELS);

export const FOLLOW_UP_STATUSES = ['OPEN', 'DONE', 'CANCELLED'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const TEAM_ROLE_LABELS = {
  RESPONSIBLE_LEADER: { zh: '包联领导', en: 'Responsible leader' },
  TEAM_LEADER: { zh: '专班组长', en: 'Task force leader' },
  TEAM_MEMBER: { zh: '专班成员', en: 'Task force member' },
  AGENT: { zh: '代办员', en: 'Agency handler' },
  PROJECT_OFFICER: { zh: '项目专员', en: 'Project officer' },
} as const satisfies Record<string, CodeLabel>;
export type TeamRole = keyof typeof TEAM_ROLE_LABELS;
export const TEAM_ROLES = codes(TEAM_ROLE_LABELS);

/** 要素保障 factors of a service plan (一项目一方案). */
export const SERVICE_FACTOR_LABELS = {
  LAND: { zh: '土地', en: 'Land' },
  APPROVAL: { zh: '审批', en: 'Approvals' },
  FUNDING: { zh: '资金', en: 'Funding' },
  ENERGY: { zh: '能耗', en: 'Energy quota' },
  WATER: { zh: '用水', en: 'Water' },
  POWER: { zh: '用电', en: 'Power' },
  LABOUR: { zh: '用工', en: 'Labour' },
} as const satisfies Record<string, CodeLabel>;
export type ServiceFactor = keyof typeof SERVICE_FACTOR_LABELS;
export const SERVICE_FACTORS = codes(SERVICE_FACTOR_LABELS);
export const FACTOR_STATUSES = ['NEEDED', 'IN_PROGRESS', 'SECURED'] as const;
export type FactorStatus = (typeof FACTOR_STATUSES)[number];
