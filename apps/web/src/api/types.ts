/** Shapes of the `/api/v1` answers the web app reads (see /api/docs for the full OpenAPI document). */
import type { Stage } from '../lib/domain';

export type Role = 'staff' | 'manager' | 'director' | 'admin' | 'viewer';
export type Locale = 'zh-CN' | 'en';
export type AlertLevel = 'WARNING' | 'OVERDUE' | 'ESCALATED';
export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
export type Family = 'INVESTMENT' | 'GOVERNMENT';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  unitId: string;
  locale: Locale;
  active: boolean;
  version: number;
}
export interface Me extends User {
  unit: { id: string; nameZh: string; path: string };
}
export interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  user: User;
}

export interface Unit {
  id: string;
  code: string;
  adminCode: string | null;
  nameZh: string;
  nameEn: string | null;
  kind: string;
  parentId: string | null;
  path: string;
}
export interface Cluster {
  id: string;
  code: string;
  kind: 'CLUSTER' | 'CHAIN' | string;
  parentId: string | null;
  nameZh: string;
  nameEn: string | null;
}
export interface NamedList {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  issuer: string | null;
  year: number | null;
}

export interface ProjectListItem {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  unit: { id: string; nameZh: string };
  investor: { id: string; nameZh: string } | null;
  family: Family;
  projectType: string | null;
  stage: Stage;
  stageLabel: { zh: string; en: string };
  stageDate: string;
  stageDays: number;
  totalInvestment: string | null;
  location: string | null;
  isProgram: boolean;
  alertLevel: AlertLevel | null;
  version: number;
  updatedAt: string;
}

export interface PlanDate {
  stage: Stage;
  expectedDate: string;
  sourceText: string | null;
}
export interface Provenance {
  sourceFile: string;
  sourceLine: number | null;
  quoteZh: string | null;
  statusZh: string | null;
  asOf: string | null;
  stage: Stage | null;
  subMilestone: string | null;
  note: string | null;
}
export interface Project {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  unitId: string;
  investorId: string | null;
  location: string | null;
  family: Family;
  projectType: string | null;
  stage: Stage;
  stageLabel: { zh: string; en: string };
  stageDate: string;
  heldFromStage: Stage | null;
  totalInvestment: string | null;
  capacity: string | null;
  description: string | null;
  sponsorLeader: string | null;
  responsibleLeader: string | null;
  serviceTeam: string | null;
  jobsPlanned: number | null;
  isProgram: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  unit: { id: string; code: string; nameZh: string; nameEn: string | null };
  investor: { id: string; nameZh: string; nameEn: string | null; ownershipType: string | null } | null;
  clusters: { id: string; code: string; kind: string; nameZh: string; nameEn: string | null }[];
  lists: { id: string; code: string; nameZh: string }[];
  planDates: PlanDate[];
  sources: Provenance[];
}

export interface StageTransition {
  id: string;
  seq: number;
  kind: 'INITIAL' | 'FORWARD' | 'CORRECTION' | 'HOLD' | 'RESUME' | 'CANCEL';
  fromStage: Stage | null;
  toStage: Stage;
  effectiveDate: string;
  skippedStageDates: Record<string, string>;
  note: string | null;
  actorId: string | null;
  recordedAt: string;
}

export interface Milestone {
  id: string;
  projectId: string;
  code: string;
  nameZh: string;
  effectiveDate: string;
  note: string | null;
  version: number;
  createdAt: string;
}
export type MoneyKind = 'AGREED' | 'ARRIVED' | 'COMPLETED' | 'ANNUAL_PLAN';
export interface MoneyRecord {
  id: string;
  projectId: string;
  kind: MoneyKind;
  period: string;
  amount: string;
  note: string | null;
  version: number;
}
export interface ProgressReport {
  id: string;
  projectId: string;
  period: string;
  summary: string;
  constructionPercent: number | null;
  nextSteps: string | null;
  problems: string | null;
  actorId: string | null;
  version: number;
  createdAt: string;
}
export type IssueCategory = 'LAND' | 'APPROVAL' | 'FUNDING' | 'ENERGY' | 'WATER' | 'POWER' | 'LABOUR' | 'OTHER';
export type IssueStatus = 'OPEN' | 'ESCALATED' | 'CLEARED';
export interface ProjectIssue {
  id: string;
  projectId: string;
  category: IssueCategory;
  title: string;
  description: string | null;
  ownerUnitId: string | null;
  dueDate: string | null;
  status: IssueStatus;
  result: string | null;
  clearedOn: string | null;
  version: number;
  createdAt: string;
}

export interface Deadline {
  id: string;
  key: string;
  kind: string;
  ruleId: string | null;
  ruleVersion: number | null;
  fromStage: Stage | null;
  toStage: Stage | null;
  period: string | null;
  startDate: string;
  dueDate: string;
  pausedDays: number;
  status: string;
  level: AlertLevel | null;
  warnAt: string | null;
  dueAt: string | null;
  escalateAt: string | null;
  nextCheckAt: string | null;
  metDate: string | null;
  explanation: { zh: string; en: string };
  detail: Record<string, unknown> | null;
  computedAt: string;
}

export interface Alert {
  id: string;
  level: AlertLevel;
  status: AlertStatus;
  project: { id: string; code: string; nameZh: string };
  unit: { id: string; nameZh: string };
  deadline: { id: string; key: string; kind: string; dueDate: string; status: string; explanation: { zh: string; en: string } };
  openedAt: string;
  levelChangedAt: string;
  assignee: { id: string; displayName: string } | null;
  acknowledgement: { plan: string; nextReviewDate: string; by: string; at: string } | null;
  resolution: { kind: string; reason: string | null; by: string | null; at: string } | null;
  version: number;
}
export interface AlertDetail extends Alert {
  levelHistory: { level: AlertLevel; at: string }[];
  comments: { id: string; author: { id: string | null; displayName: string | null }; text: string; createdAt: string }[];
}
export interface BulkResult {
  results: { id: string; ok: boolean; error?: { code: string; message: string } }[];
  succeeded: number;
  failed: number;
}

export interface Notice {
  id: string;
  alertId: string;
  projectId: string;
  level: AlertLevel;
  title: string;
  body: string;
  readAt: string | null;
  createdAt: string;
}
export interface NoticePage extends Page<Notice> {
  unread: number;
}

export interface AssignableUser {
  id: string;
  displayName: string;
  role: Role;
  unit: { id: string; nameZh: string };
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string; displayName: string } | null;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface Dashboard {
  asOf: string;
  funnel: { stage: Stage; label: { zh: string; en: string }; count: number; investment: string }[];
  alertsByUnit: { unit: { id: string; nameZh: string; nameEn: string | null; adminCode: string | null }; WARNING: number; OVERDUE: number; ESCALATED: number; total: number }[];
  units: {
    unit: { id: string; code: string; nameZh: string; nameEn: string | null; adminCode: string | null; kind: string };
    projects: number;
    investment: string;
    worstLevel: AlertLevel | null;
  }[];
  stageAge: { stage: Stage; label: { zh: string; en: string }; buckets: { key: string; count: number }[] }[];
  alertTrend: { week: string; weekStart: string; open: number; opened: number; resolved: number }[];
}

export interface ServiceTargetRule {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  kind: string;
  fromStage: Stage | null;
  toStage: Stage | null;
  duration: { value: number; unit: 'calendar_days' | 'working_days' | 'months' | string };
  warn: { percent: number } | { daysBefore: number } | null;
  escalateAfterDays: number | null;
  filter: Record<string, unknown>;
  active: boolean;
  isDefault: boolean;
  note: string | null;
  version: number;
  updatedAt?: string;
}
export interface RulePreview {
  affected: number;
  currentlyAffected: number | null;
  live: number;
}
export interface ReevaluationRun {
  id: string;
  status: string;
  reason: string;
  total: number | null;
  done: number | null;
  [key: string]: unknown;
}

export interface CalendarYearSummary {
  year: number;
  holidays: number;
  workdays: number;
  source: string | null;
  version: number;
}
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  names?: Record<string, string>;
  source: string | null;
  version: number;
}

export interface Preferences {
  digest: 'on' | 'off';
  language: Locale;
  email: string | null;
}

/** POST /projects/:id/stage-transitions answer: the project's summary (no relations) and the new history row. */
export interface StageChangeAnswer {
  project: Omit<Project, 'unit' | 'investor' | 'clusters' | 'lists' | 'planDates' | 'sources'>;
  transition: StageTransition;
}

/** What `Deadline.detail` holds as the API writes it (paused spans are not in it: derive them from the stage history). */
export interface DeadlineDetail {
  duration: { unit: 'calendar_days' | 'working_days' | 'months' | string; value: number };
  /** Start of the hold that pauses the clock now (status PAUSED). */
  pausedSince: string | null;
  /** Years in the clock's span without official calendar data (weekends only were counted). */
  missingCalendarYears: number[];
  /** Signing-to-operation projection: when the remaining stage targets stop fitting before the due date. */
  forecast: { warnDate: string; projectedDate: string; via: string[] } | null;
  ruleCode: string;
}

/* ---- Admin pages and digest (appended) ---- */

/** A rule as GET /service-targets/:id answers it: the current fields plus every stored version, newest first. */
export interface ServiceTargetRuleVersion {
  version: number;
  /** The rule definition as saved in that version (warn is {percent} or {daysBefore}). */
  definition: Record<string, unknown>;
  actorId: string | null;
  createdAt: string;
}
export interface ServiceTargetRuleDetail extends ServiceTargetRule {
  versions: ServiceTargetRuleVersion[];
}
/** POST /service-targets and PATCH /service-targets/:id answer the saved rule and the re-evaluation it started. */
export interface SavedServiceTargetRule extends ServiceTargetRule {
  reevaluationRunId: string;
}
/** GET /reevaluation-runs/:id (status RUNNING until no project is left marked, then DONE). */
export interface ReevaluationRunStatus {
  id: string;
  reason: string;
  total: number;
  done: number;
  status: 'RUNNING' | 'DONE';
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Projects still marked for re-evaluation (by any run). */
  pending: number;
}
/** PUT /calendar/:year answers the saved year and the re-evaluation it started. */
export interface SavedCalendarYear extends CalendarYear {
  updatedAt?: string;
  reevaluationRunId: string;
}
/** One row of GET /outbox (snake_case, as the outbox table stores it). */
export interface OutboxItem {
  id: string;
  kind: 'DIGEST' | 'ALERT';
  delivery_key: string;
  user_id: string | null;
  from_address: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string | null;
  created_at: string;
}
/** GET /digests/preview?format=json */
export interface DigestPreview {
  subject: string;
  html: string;
  text: string;
  week: string;
  userId: string;
}

/* ---- Service desk (issue 7): investors, contacts, activities, follow-ups, team, plan, approvals, requests, commitments ---- */

export interface Investor {
  id: string;
  nameZh: string;
  nameEn: string | null;
  ownershipType: string;
  creditCode: string | null;
  parentId: string | null;
  originRegion: string | null;
  leadSource: string | null;
  industry: string | null;
  website: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
/** GET /investors/search rows. */
export interface InvestorListItem extends Investor {
  projectCount: number;
}
export interface InvestorRef {
  id: string;
  nameZh: string;
  creditCode: string | null;
}
export interface InvestorProject {
  id: string;
  code: string;
  nameZh: string;
  stage: Stage;
  stageDate: string;
  totalInvestment: string | null;
  unitId: string;
  unitNameZh: string;
}
/** GET /investors/:id */
export interface InvestorDetail extends Investor {
  parent: InvestorRef | null;
  subsidiaries: InvestorRef[];
  contacts: Contact[];
  projects: InvestorProject[];
  /** Projects in units outside the reader's scope: counts only. */
  otherUnits: { unitId: string; unitNameZh: string; count: number }[];
  projectTotal: number;
}
export interface DuplicateCandidate {
  id: string;
  nameZh: string;
  creditCode: string | null;
  reason: 'CREDIT_CODE' | 'NAME';
  similarity: number;
}
export interface Contact {
  id: string;
  investorId: string | null;
  projectId: string | null;
  side: 'INVESTOR' | 'GOVERNMENT';
  role: string;
  name: string;
  title: string | null;
  organisation: string | null;
  phone: string | null;
  email: string | null;
  note: string | null;
  active: boolean;
  version: number;
}
export interface FollowUpBrief {
  id: string;
  title: string;
  dueDate: string;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  assigneeId: string;
}
export interface Activity {
  id: string;
  projectId: string | null;
  investorId: string | null;
  kind: string;
  occurredOn: string;
  participants: string[];
  contactIds: string[];
  summary: string;
  outcome: string | null;
  createdByName?: string | null;
  followUps: FollowUpBrief[];
  version: number;
  createdAt: string;
}
export interface TimelineEntry {
  at: string;
  kind: string;
  title: string | null;
  detail: string | null;
  projectId: string | null;
  ref: { type: string; id: string };
}
/** GET /me/tasks rows. */
export interface MyTask {
  id: string;
  activityId: string;
  projectId: string | null;
  title: string;
  dueDate: string;
  assigneeId: string;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  doneAt: string | null;
  remindAt: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  projectCode: string | null;
  projectNameZh: string | null;
  activityKind: string;
  activitySummary: string;
  investorId: string | null;
  reminded: boolean;
  overdue: boolean;
}
export interface TeamMember {
  id: string;
  projectId: string;
  userId: string | null;
  contactId: string | null;
  role: string;
  fromDate: string;
  toDate: string | null;
  note: string | null;
  version: number;
  userDisplayName: string | null;
  contactName: string | null;
  contactOrganisation: string | null;
}
export interface ServicePlanFactor {
  factor: string;
  need: string;
  status: 'NEEDED' | 'IN_PROGRESS' | 'SECURED';
  note: string | null;
}
export interface ServicePlan {
  projectId: string;
  goals: string | null;
  measures: string | null;
  factors: ServicePlanFactor[];
  version: number;
  exists: boolean;
  updatedAt?: string;
}
/** A desk record's clock as the approval list answers it. */
export interface DeskClock {
  id: string;
  key: string;
  kind: string;
  startDate: string;
  dueDate: string;
  status: string;
  /** 'NONE' while on track. */
  level: AlertLevel | 'NONE' | null;
  metDate: string | null;
  explanation: { zh: string | null; en: string | null };
  openAlertId: string | null;
}
export interface ApprovalItem {
  id: string;
  projectId: string;
  itemType: string;
  title: string | null;
  department: string | null;
  assigneeId: string | null;
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'RETURNED';
  submittedOn: string | null;
  timeLimitDays: number;
  completedOn: string | null;
  returnedOn: string | null;
  note: string | null;
  template: string | null;
  sortOrder: number;
  version: number;
  clock: DeskClock | null;
}
export interface InvestorRequest {
  id: string;
  projectId: string;
  investorId: string | null;
  title: string;
  category: string;
  description: string | null;
  raisedOn: string;
  ownerUnitId: string;
  status: 'OPEN' | 'ACCEPTED' | 'RESOLVED' | 'CLOSED';
  dueDate: string | null;
  acceptedOn: string | null;
  resolvedOn: string | null;
  resolution: string | null;
  closedOn: string | null;
  version: number;
  createdAt: string;
}
export interface RequestCallback {
  id: string;
  requestId: string;
  calledOn: string;
  contact: string;
  satisfaction: number;
  comment: string | null;
  createdAt?: string;
}
export interface InvestorRequestDetail extends InvestorRequest {
  callbacks: RequestCallback[];
  clocks: DeskClock[];
}
export interface Commitment {
  id: string;
  projectId: string;
  title: string;
  kind: string;
  amount: string | null;
  promisedBy: string;
  promisedOn: string;
  dueDate: string;
  status: 'PENDING' | 'PARTIAL' | 'FULFILLED' | 'WAIVED';
  fulfilledOn: string | null;
  waiveReason: string | null;
  evidence: string | null;
  evidenceUrl: string | null;
  handlerId: string | null;
  note: string | null;
  version: number;
}
export interface CommitmentDetail extends Commitment {
  handlerHistory: { handlerId: string | null; handlerName: string | null; previousHandlerId: string | null; previousHandlerName: string | null; changedBy: string | null; changedAt: string; note: string | null }[];
  clock: DeskClock | null;
}
