/** What a digest or an alert email says, before language and layout (built from PostgreSQL, rendered by render.ts). */
export type AlertLevel = 'WARNING' | 'OVERDUE' | 'ESCALATED';
export type Locale = 'zh-CN' | 'en';

export interface AlertItem {
  alertId: string;
  projectId: string;
  projectCode: string;
  projectNameZh: string;
  projectNameEn: string | null;
  unitNameZh: string;
  level: AlertLevel;
  dueDate: string;
  /** Days past the due date on the digest's reference day (0 when not yet due). */
  daysOverdue: number;
  explanationZh: string;
  explanationEn: string;
  owner: string | null;
}

export interface ProgressItem {
  kind: 'STAGE' | 'MILESTONE';
  projectId: string;
  projectCode: string;
  projectNameZh: string;
  projectNameEn: string | null;
  transitionKind: string | null;
  fromStage: string | null;
  toStage: string | null;
  milestoneName: string | null;
  date: string;
}

export interface DueItem {
  projectId: string;
  projectCode: string;
  projectNameZh: string;
  projectNameEn: string | null;
  level: string;
  dueDate: string;
  daysLeft: number;
  explanationZh: string;
  explanationEn: string;
}

export interface ProjectItem {
  projectId: string;
  projectCode: string;
  projectNameZh: string;
  projectNameEn: string | null;
  stage: string;
}

/** An overdue investor request (诉求) or commitment (承诺) on the digest's reference day. */
export interface DeskItem {
  id: string;
  projectId: string;
  projectCode: string;
  projectNameZh: string;
  projectNameEn: string | null;
  unitNameZh: string;
  title: string;
  /** Request category or commitment kind (code). */
  category: string;
  dueDate: string;
  daysOverdue: number;
  /** Owner unit (requests) or handler / promisor (commitments). */
  owner: string | null;
  /** 万元, commitments only. */
  amount: string | null;
  explanationZh: string | null;
  explanationEn: string | null;
}

export interface FunnelRow {
  stage: string;
  count: number;
  previous: number;
}

export interface DigestRecipient {
  id: string;
  displayName: string;
  email: string | null;
  role: string;
  locale: Locale;
}

export interface DigestData {
  week: string;
  firstDay: string;
  lastDay: string;
  recipient: DigestRecipient;
  scope: { all: boolean; unitNameZh: string; unitNameEn: string | null };
  newAlerts: AlertItem[];
  newAlertCounts: Record<AlertLevel, number>;
  awaiting: AlertItem[];
  awaitingTotal: number;
  progress: ProgressItem[];
  progressTotal: number;
  dueSoon: DueItem[];
  dueSoonTotal: number;
  dueFrom: string;
  dueTo: string;
  missingReports: ProjectItem[];
  missingReportsTotal: number;
  reportPeriod: string;
  funnel: FunnelRow[];
  /** Investor requests overdue on the week's Sunday (a response or resolution clock due and not met). Absent in digests built before the service desk. */
  overdueRequests?: DeskItem[];
  overdueRequestsTotal?: number;
  /** Commitments overdue on the week's Sunday (due, not fulfilled by then, not waived). */
  overdueCommitments?: DeskItem[];
  overdueCommitmentsTotal?: number;
}

export interface AlertEmailData {
  recipient: DigestRecipient;
  alerts: AlertItem[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}
