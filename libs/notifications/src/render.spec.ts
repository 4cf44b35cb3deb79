import type { AlertItem, DigestData } from './digest.model.js';
import { renderAlertEmail, renderDigest } from './render.js';

const alert = (o: Partial<AlertItem> = {}): AlertItem => ({
  alertId: 'a1',
  projectId: 'p1',
  projectCode: 'HH-2025-001',
  projectNameZh: '伊利现代智慧健康谷<乳业>项目',
  projectNameEn: 'Yili health valley',
  unitNameZh: '新城区',
  level: 'OVERDUE',
  dueDate: '2025-10-01',
  daysOverdue: 11,
  explanationZh: '签约 2025-07-03 起 90 个自然日，应于 2025-10-01 前落地',
  explanationEn: 'Signed 2025-07-03; 90 calendar days; due to land by 2025-10-01',
  owner: '王科长',
  ...o,
});

const digest = (o: Partial<DigestData> = {}): DigestData => ({
  week: '2025-W41',
  firstDay: '2025-10-06',
  lastDay: '2025-10-12',
  recipient: { id: 'u1', displayName: '李经理', email: 'li@example.test', role: 'manager', locale: 'zh-CN' },
  scope: { all: false, unitNameZh: '新城区', unitNameEn: 'Xincheng District' },
  newAlerts: [alert(), alert({ alertId: 'a2', projectId: 'p2', level: 'WARNING', daysOverdue: 0, projectCode: 'HH-2025-002', projectNameZh: '光伏项目', projectNameEn: null })],
  newAlertCounts: { WARNING: 1, OVERDUE: 1, ESCALATED: 0 },
  awaiting: [alert({ alertId: 'a3', level: 'ESCALATED', daysOverdue: 45 })],
  awaitingTotal: 3,
  progress: [
    { kind: 'STAGE', projectId: 'p1', projectCode: 'HH-2025-001', projectNameZh: '伊利项目', projectNameEn: null, transitionKind: 'FORWARD', fromStage: 'SIGNED', toStage: 'LANDED', milestoneName: null, date: '2025-10-08' },
    { kind: 'MILESTONE', projectId: 'p2', projectCode: 'HH-2025-002', projectNameZh: '光伏项目', projectNameEn: null, transitionKind: null, fromStage: null, toStage: null, milestoneName: '主体封顶', date: '2025-10-09' },
  ],
  progressTotal: 2,
  dueSoon: [{ projectId: 'p3', projectCode: 'HH-3', projectNameZh: '数据中心', projectNameEn: null, level: 'WARNING', dueDate: '2025-10-20', daysLeft: 7, explanationZh: '应于 2025-10-20 前开工', explanationEn: 'due 2025-10-20' }],
  dueSoonTotal: 1,
  dueFrom: '2025-10-13',
  dueTo: '2025-10-26',
  missingReports: [{ projectId: 'p4', projectCode: 'HH-4', projectNameZh: '物流园', projectNameEn: null, stage: 'UNDER_CONSTRUCTION' }],
  missingReportsTotal: 25,
  reportPeriod: '2025-10',
  funnel: [
    { stage: 'SIGNED', count: 10, previous: 11 },
    { stage: 'LANDED', count: 6, previous: 5 },
  ],
  ...o,
});

const BASE = 'https://luodi.example.gov.cn';

describe('renderDigest', () => {
  it('renders a Chinese digest with both parts, counts, days overdue, owners and links', () => {
    const m = renderDigest(digest(), BASE);
    expect(m.subject).toBe('【落地】新城区项目周报 2025-W41（2025-10-06至2025-10-12）');
    for (const part of [m.html, m.text]) {
      expect(part).toContain('李经理，您好');
      expect(part).toContain('本周新增且仍未解除的预警');
      expect(part).toContain('待回应的督办事项');
      expect(part).toContain('本周进展');
      expect(part).toContain('签约 → 落地');
      expect(part).toContain('节点：主体封顶');
      expect(part).toContain('未来14天到期的时限（2025-10-13至2025-10-26）');
      expect(part).toContain('2025-10 尚未提交月调度的项目');
      expect(part).toContain('另有 24 项未列出');
      expect(part).toContain('11 天');
      expect(part).toContain('王科长');
      expect(part).toContain(`${BASE}/projects/p1`);
      expect(part).toContain(`${BASE}/alerts/a1`);
    }
    expect(m.html).toContain('红灯');
    expect(m.html).toContain('黄灯 1');
    // funnel with week-on-week change
    expect(m.text).toMatch(/签约 \| 10 \| −1/);
    expect(m.text).toMatch(/落地 \| 6 \| \+1/);
  });

  it('escapes HTML in data but not in the text part', () => {
    const m = renderDigest(digest(), BASE);
    expect(m.html).toContain('伊利现代智慧健康谷&lt;乳业&gt;项目');
    expect(m.html).not.toContain('<乳业>');
    expect(m.text).toContain('伊利现代智慧健康谷<乳业>项目');
  });

  it('uses inline styles only, a phone-width layout and no scripts', () => {
    const { html } = renderDigest(digest(), BASE);
    expect(html).toContain('max-width:680px');
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toMatch(/<style|<script|<link /i);
  });

  it('renders English for users who chose it', () => {
    const m = renderDigest(digest({ recipient: { id: 'u1', displayName: 'Ms Li', email: 'li@example.test', role: 'manager', locale: 'en' } }), BASE);
    expect(m.subject).toBe('[Luodi] Weekly digest for Xincheng District, 2025-W41 (2025-10-06 to 2025-10-12)');
    expect(m.text).toContain('Dear Ms Li,');
    expect(m.text).toContain('Alerts opened this week and still open');
    expect(m.text).toContain('Signed → Landed');
    expect(m.text).toContain('Yili health valley (伊利现代智慧健康谷<乳业>项目)');
    expect(m.text).toContain('Red (overdue)');
    expect(m.html).toContain('lang="en"');
  });

  it('sends a short "no new alerts" digest for a quiet week', () => {
    const m = renderDigest(digest({ newAlerts: [], newAlertCounts: { WARNING: 0, OVERDUE: 0, ESCALATED: 0 }, scope: { all: true, unitNameZh: '呼和浩特市', unitNameEn: null } }), BASE);
    expect(m.subject).toBe('【落地】全市项目周报 2025-W41：本周无新增预警');
    expect(m.text).toContain('本周无新增预警。');
    expect(m.text).not.toContain('本周新增且仍未解除的预警');
  });
});

describe('renderAlertEmail', () => {
  it('puts a batch of alerts in one email', () => {
    const recipient = { id: 'u1', displayName: '张专员', email: 'z@example.test', role: 'staff', locale: 'zh-CN' as const };
    const many = renderAlertEmail({ recipient, alerts: [alert({ level: 'ESCALATED' }), alert({ alertId: 'a2' }), alert({ alertId: 'a3', level: 'WARNING' })] }, BASE);
    expect(many.subject).toBe('【落地】3 项预警：督办 伊利现代智慧健康谷<乳业>项目');
    expect(many.text).toContain(`${BASE}/alerts/a2`);
    expect(many.html).toContain('督办 1');
    const one = renderAlertEmail({ recipient, alerts: [alert()] }, BASE);
    expect(one.subject).toBe('【落地】红灯：伊利现代智慧健康谷<乳业>项目');
  });
});
