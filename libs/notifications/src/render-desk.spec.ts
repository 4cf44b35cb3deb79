import type { DeskItem, DigestData } from './digest.model.js';
import { renderDigest } from './render.js';

const item = (o: Partial<DeskItem> = {}): DeskItem => ({
  id: 'c1',
  projectId: 'p1',
  projectCode: 'HH-2025-001',
  projectNameZh: '伊利现代智慧健康谷项目',
  projectNameEn: 'Yili health valley',
  unitNameZh: '新城区',
  title: '配套道路建成通车',
  category: 'INFRASTRUCTURE',
  dueDate: '2025-06-30',
  daysOverdue: 13,
  owner: '王科长',
  amount: '1200.50',
  explanationZh: '承诺「配套道路建成通车」（基础设施）2025-01-10 作出，应于 2025-06-30 前兑现',
  explanationEn: 'Commitment "配套道路建成通车" (Infrastructure) made on 2025-01-10: to be fulfilled by 2025-06-30',
  ...o,
});

const digest = (o: Partial<DigestData> = {}): DigestData => ({
  week: '2025-W28',
  firstDay: '2025-07-07',
  lastDay: '2025-07-13',
  recipient: { id: 'u1', displayName: '张局长', email: 'z@example.test', role: 'director', locale: 'zh-CN' },
  scope: { all: true, unitNameZh: '呼和浩特市', unitNameEn: 'Hohhot' },
  newAlerts: [],
  newAlertCounts: { WARNING: 0, OVERDUE: 0, ESCALATED: 0 },
  awaiting: [],
  awaitingTotal: 0,
  progress: [],
  progressTotal: 0,
  dueSoon: [],
  dueSoonTotal: 0,
  dueFrom: '2025-07-14',
  dueTo: '2025-07-27',
  missingReports: [],
  missingReportsTotal: 0,
  reportPeriod: '2025-07',
  funnel: [],
  ...o,
});

const BASE = 'https://luodi.example.gov.cn';

describe('renderDigest: overdue investor requests and commitments', () => {
  const data = digest({
    overdueRequests: [item({ id: 'r1', title: '增加用电指标', category: 'POWER', amount: null, owner: '新城区', daysOverdue: 4, explanationZh: '诉求「增加用电指标」…', explanationEn: 'Request "增加用电指标" …' })],
    overdueRequestsTotal: 1,
    overdueCommitments: [item()],
    overdueCommitmentsTotal: 31,
  });

  it('lists both sections in Chinese, with days overdue, owners, amounts and the rest counted', () => {
    const m = renderDigest(data, BASE, 'zh-CN');
    for (const part of [m.html, m.text]) {
      expect(part).toContain('逾期未办的企业诉求（截至 2025-07-13）');
      expect(part).toContain('增加用电指标');
      expect(part).toContain('4 天');
      expect(part).toContain('逾期未兑现的承诺（截至 2025-07-13）');
      expect(part).toContain('配套道路建成通车');
      expect(part).toContain('13 天');
      expect(part).toContain('1200.50');
      expect(part).toContain('另有 30 项未列出');
    }
    expect(m.html).toContain(`${BASE}/projects/p1`);
  });

  it('lists both sections in English', () => {
    const m = renderDigest(data, BASE, 'en');
    expect(m.text).toContain('Overdue investor requests (as of 2025-07-13)');
    expect(m.text).toContain('Overdue commitments (as of 2025-07-13)');
    expect(m.text).toContain('13 days');
    expect(m.text).toContain('Commitment "配套道路建成通车"');
  });

  it('says "none" when there is nothing overdue, and copes with digests built without these sections', () => {
    const empty = renderDigest(digest({ overdueRequests: [], overdueRequestsTotal: 0, overdueCommitments: [], overdueCommitmentsTotal: 0 }), BASE, 'zh-CN');
    expect(empty.text).toContain('逾期未兑现的承诺（截至 2025-07-13）');
    const legacy = renderDigest(digest(), BASE, 'en');
    expect(legacy.text).toContain('Overdue commitments (as of 2025-07-13)');
  });
});
