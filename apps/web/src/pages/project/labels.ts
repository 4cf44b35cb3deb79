/** Words the project page shows for the API's codes. */
type Bilingual = { zh: string; en: string };

export const PROJECT_TYPE_LABELS: Record<string, Bilingual> = {
  industrial: { zh: '工业', en: 'Industrial' },
  'industrial-digital': { zh: '工业-数字经济', en: 'Industrial: digital' },
  'industrial-energy': { zh: '工业-能源', en: 'Industrial: energy' },
  'industrial-logistics': { zh: '工业-物流', en: 'Industrial: logistics' },
  'industrial/research': { zh: '工业/研发', en: 'Industrial / research' },
  'infrastructure-transport': { zh: '基础设施-交通', en: 'Infrastructure: transport' },
  'infrastructure-municipal': { zh: '基础设施-市政', en: 'Infrastructure: municipal' },
  'infrastructure-energy': { zh: '基础设施-能源', en: 'Infrastructure: energy' },
  'infrastructure-water': { zh: '基础设施-水利', en: 'Infrastructure: water' },
  'infrastructure-logistics': { zh: '基础设施-物流', en: 'Infrastructure: logistics' },
  'infrastructure-digital': { zh: '基础设施-数字', en: 'Infrastructure: digital' },
  social: { zh: '社会事业', en: 'Social' },
  ecological: { zh: '生态环保', en: 'Ecological' },
  'culture-tourism': { zh: '文化旅游', en: 'Culture and tourism' },
  HQ: { zh: '总部经济', en: 'Headquarters' },
  commercial: { zh: '商贸服务', en: 'Commercial' },
  mixed: { zh: '综合', en: 'Mixed' },
  platform: { zh: '平台载体', en: 'Platform' },
  zone: { zh: '园区', en: 'Industrial zone' },
  program: { zh: '项目包', en: 'Programme' },
  'real-estate': { zh: '房地产', en: 'Real estate' },
  agri: { zh: '农牧业', en: 'Agriculture' },
  'agri-infrastructure': { zh: '农业基础设施', en: 'Agricultural infrastructure' },
  research: { zh: '科研', en: 'Research' },
};

export const OWNERSHIP_LABELS: Record<string, Bilingual> = {
  CENTRAL_SOE: { zh: '央企', en: 'Central SOE' },
  LOCAL_SOE: { zh: '地方国企', en: 'Local SOE' },
  PRIVATE: { zh: '民企', en: 'Private' },
  FOREIGN: { zh: '外资', en: 'Foreign' },
  MIXED: { zh: '混合所有制', en: 'Mixed ownership' },
  UNKNOWN: { zh: '未知', en: 'Unknown' },
};

export const ISSUE_STATUS_LABELS: Record<string, Bilingual & { color: string }> = {
  OPEN: { zh: '待解决', en: 'Open', color: 'blue' },
  ESCALATED: { zh: '督办中', en: 'Escalated', color: 'purple' },
  CLEARED: { zh: '已清零', en: 'Cleared', color: 'green' },
};

export const AUDIT_ACTION_LABELS: Record<string, Bilingual> = {
  create: { zh: '新增', en: 'Created' },
  update: { zh: '修改', en: 'Updated' },
  seed: { zh: '初始导入', en: 'Seeded' },
  import: { zh: '台账导入', en: 'Imported from a ledger file' },
  end: { zh: '结束', en: 'Ended' },
  deactivate: { zh: '停用', en: 'Deactivated' },
  forward: { zh: '推进阶段', en: 'Moved forward' },
  correction: { zh: '更正阶段', en: 'Stage corrected' },
  hold: { zh: '停缓建', en: 'Put on hold' },
  resume: { zh: '复工', en: 'Resumed' },
  cancel: { zh: '终止', en: 'Cancelled' },
  acknowledge: { zh: '认领', en: 'Acknowledged' },
  assign: { zh: '指派', en: 'Assigned' },
  comment: { zh: '评论', en: 'Commented' },
  resolve: { zh: '解除/豁免', en: 'Resolved' },
};

export const AUDIT_ENTITY_LABELS: Record<string, Bilingual> = {
  project: { zh: '项目', en: 'Project' },
  stage_transition: { zh: '阶段记录', en: 'Stage change' },
  milestone_event: { zh: '子节点', en: 'Sub-milestone' },
  money_record: { zh: '资金记录', en: 'Money record' },
  progress_report: { zh: '月调度', en: 'Progress report' },
  project_issue: { zh: '问题', en: 'Issue' },
  alert: { zh: '预警', en: 'Alert' },
  contact: { zh: '联系人', en: 'Contact' },
  activity: { zh: '服务动态', en: 'Activity' },
  follow_up_task: { zh: '待办', en: 'Follow-up' },
  project_team_member: { zh: '专班成员', en: 'Team member' },
  service_plan: { zh: '服务方案', en: 'Service plan' },
  approval_item: { zh: '审批事项', en: 'Approval item' },
  investor_request: { zh: '诉求', en: 'Investor request' },
  investor_request_callback: { zh: '回访', en: 'Callback' },
  commitment: { zh: '承诺', en: 'Commitment' },
};

/** Field names of projects and records, for diff tables. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  code: { zh: '项目编号', en: 'Code' },
  nameZh: { zh: '项目名称', en: 'Name (Chinese)' },
  nameEn: { zh: '英文名称', en: 'Name (English)' },
  location: { zh: '建设地点', en: 'Location' },
  projectType: { zh: '项目类型', en: 'Project type' },
  totalInvestment: { zh: '协议投资额（万元）', en: 'Agreed investment (10k CNY)' },
  capacity: { zh: '建设规模/产能', en: 'Capacity' },
  description: { zh: '项目简介', en: 'Description' },
  sponsorLeader: { zh: '市县长（领衔）', en: 'Sponsor leader' },
  responsibleLeader: { zh: '包联领导', en: 'Responsible leader' },
  serviceTeam: { zh: '服务专班', en: 'Service team' },
  jobsPlanned: { zh: '计划用工', en: 'Jobs planned' },
  family: { zh: '项目类别', en: 'Family' },
  clusterIds: { zh: '产业集群/链', en: 'Clusters and chains' },
  listIds: { zh: '所属清单', en: 'Lists' },
  clusters: { zh: '产业集群/链', en: 'Clusters and chains' },
  lists: { zh: '所属清单', en: 'Lists' },
  stage: { zh: '阶段', en: 'Stage' },
  stageDate: { zh: '阶段日期', en: 'Stage date' },
  heldFromStage: { zh: '停缓建前阶段', en: 'Held from stage' },
  version: { zh: '版本', en: 'Version' },
  unitId: { zh: '单位', en: 'Unit' },
  investorId: { zh: '投资方', en: 'Investor' },
  isProgram: { zh: '项目包', en: 'Programme' },
  kind: { zh: '类型', en: 'Kind' },
  period: { zh: '期间', en: 'Period' },
  amount: { zh: '金额（万元）', en: 'Amount (10k CNY)' },
  note: { zh: '备注', en: 'Note' },
  summary: { zh: '进展情况', en: 'Summary' },
  constructionPercent: { zh: '形象进度（%）', en: 'Construction %' },
  nextSteps: { zh: '下步计划', en: 'Next steps' },
  problems: { zh: '存在问题', en: 'Problems' },
  category: { zh: '类别', en: 'Category' },
  title: { zh: '问题', en: 'Title' },
  ownerUnitId: { zh: '责任单位', en: 'Owner unit' },
  dueDate: { zh: '完成时限', en: 'Due' },
  status: { zh: '状态', en: 'Status' },
  result: { zh: '解决结果', en: 'Result' },
  source: { zh: '数据来源', en: 'Source' },
  warnings: { zh: '导入提示', en: 'Import warnings' },
  projectId: { zh: '项目', en: 'Project' },
  actorId: { zh: '操作人', en: 'Actor' },
  createdBy: { zh: '创建人', en: 'Created by' },
  clearedOn: { zh: '清零日期', en: 'Cleared on' },
  toStage: { zh: '变更为', en: 'To stage' },
  fromStage: { zh: '原阶段', en: 'From stage' },
  effectiveDate: { zh: '生效日期', en: 'Effective date' },
  skippedStageDates: { zh: '跳过阶段日期', en: 'Skipped stage dates' },
  level: { zh: '预警等级', en: 'Level' },
  assignee: { zh: '负责人', en: 'Assignee' },
  acknowledgement: { zh: '认领', en: 'Acknowledgement' },
  resolution: { zh: '解除', en: 'Resolution' },
};

/** A label for a dotted path: the first segment's label, the rest as written. */
export function fieldLabel(path: string, pick: (l: Bilingual) => string): string {
  const [head, ...rest] = path.split('.');
  const known = FIELD_LABELS[head];
  return known ? [pick(known), ...rest].join(' · ') : path;
}
