import { Card, Col, Descriptions, Empty, Grid, List, Row, Space, Table, Tag, Typography } from 'antd';
import type { PlanDate, Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { StageTag } from '../../components/Tags';
import { FAMILY_LABELS, isCanonicalStage, stageOrder, type Stage } from '../../lib/domain';
import { businessToday, daysBetween, formatMoney } from '../../lib/format';
import { OWNERSHIP_LABELS, PROJECT_TYPE_LABELS } from './labels';

type PlanState = 'reached' | 'overdue' | 'upcoming';

/** Whether the project has reached a planned stage, and if not whether the plan date has passed. */
function planState(project: Project, plan: PlanDate, today: string): PlanState {
  const reached = isCanonicalStage(project.stage)
    ? stageOrder(project.stage) >= stageOrder(plan.stage as never)
    : project.stage === 'ON_HOLD' && project.heldFromStage && isCanonicalStage(project.heldFromStage)
      ? stageOrder(project.heldFromStage) >= stageOrder(plan.stage as never)
      : false;
  if (reached) return 'reached';
  return plan.expectedDate < today ? 'overdue' : 'upcoming';
}

/** 概览: what the project is, who looks after it, where it belongs, and its planned milestones (计划节点). */
export function OverviewTab({ project }: { project: Project }) {
  const { t, label, name, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const today = businessToday();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const text = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? dash : v);

  const plans = [...project.planDates].sort((a, b) => a.expectedDate.localeCompare(b.expectedDate));
  const planTag = (s: PlanState, p: PlanDate) =>
    s === 'reached' ? (
      <Tag color="success">{t('已达到', 'Reached')}</Tag>
    ) : s === 'overdue' ? (
      <Tag color="error">{t(`已过期 ${daysBetween(p.expectedDate, today)} 天`, `${daysBetween(p.expectedDate, today)} days past`)}</Tag>
    ) : (
      <Tag color="processing">{t(`还有 ${daysBetween(today, p.expectedDate)} 天`, `in ${daysBetween(today, p.expectedDate)} days`)}</Tag>
    );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('项目信息', 'Project information')} size="small">
          <Descriptions
            column={screens.md ? 2 : 1}
            size="small"
            styles={{ label: { width: lang === 'en' ? 150 : 120 } }}
            items={[
              { key: 'description', label: t('项目简介', 'Description'), span: screens.md ? 2 : 1, children: project.description ? <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{project.description}</Typography.Paragraph> : dash },
              { key: 'capacity', label: t('建设规模/产能', 'Capacity'), span: screens.md ? 2 : 1, children: text(project.capacity) },
              { key: 'location', label: t('建设地点', 'Location'), children: text(project.location) },
              { key: 'family', label: t('项目类别', 'Family'), children: label(FAMILY_LABELS[project.family]) },
              {
                key: 'type',
                label: t('项目类型', 'Project type'),
                children: project.projectType ? (PROJECT_TYPE_LABELS[project.projectType] ? label(PROJECT_TYPE_LABELS[project.projectType]) : project.projectType) : dash,
              },
              { key: 'program', label: t('项目包', 'Programme'), children: project.isProgram ? t('是（多个子项目合并统计）', 'Yes (several projects counted together)') : t('否', 'No') },
              { key: 'investment', label: t('协议投资额', 'Agreed investment'), children: formatMoney(project.totalInvestment, lang) },
              { key: 'jobs', label: t('计划用工', 'Jobs planned'), children: project.jobsPlanned === null ? dash : t(`${project.jobsPlanned.toLocaleString('zh-CN')} 人`, `${project.jobsPlanned.toLocaleString('en')}`) },
              {
                key: 'investor',
                label: t('投资方', 'Investor'),
                span: screens.md ? 2 : 1,
                children: project.investor ? (
                  <Space size={6} wrap>
                    <span>{name(project.investor.nameZh, project.investor.nameEn)}</span>
                    {project.investor.ownershipType && OWNERSHIP_LABELS[project.investor.ownershipType] && project.investor.ownershipType !== 'UNKNOWN' && (
                      <Tag>{label(OWNERSHIP_LABELS[project.investor.ownershipType])}</Tag>
                    )}
                  </Space>
                ) : (
                  dash
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
          <Card title={t('服务保障', 'Who looks after it')} size="small">
            <Descriptions
              column={1}
              size="small"
              styles={{ label: { width: lang === 'en' ? 150 : 120 } }}
              items={[
                { key: 'responsible', label: t('包联领导', 'Responsible leader'), children: text(project.responsibleLeader) },
                { key: 'team', label: t('服务专班', 'Service team'), children: text(project.serviceTeam) },
                { key: 'sponsor', label: t('市县长项目', 'Sponsor leader'), children: text(project.sponsorLeader) },
                { key: 'unit', label: t('责任单位', 'Unit'), children: name(project.unit.nameZh, project.unit.nameEn) },
              ]}
            />
          </Card>
          <Card title={t('产业集群与清单', 'Clusters and lists')} size="small">
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <div>
                <Typography.Text type="secondary">{t('产业集群/链：', 'Clusters and chains: ')}</Typography.Text>
                {project.clusters.length ? (
                  project.clusters.map((c) => (
                    <Tag key={c.id} color={c.kind === 'CHAIN' ? 'geekblue' : 'blue'} style={{ marginBottom: 4 }}>
                      {name(c.nameZh, c.nameEn)}
                    </Tag>
                  ))
                ) : (
                  <Typography.Text type="secondary">{t('未归集', 'none')}</Typography.Text>
                )}
              </div>
              <div>
                <Typography.Text type="secondary">{t('所属清单：', 'Lists: ')}</Typography.Text>
                {project.lists.length ? (
                  project.lists.map((l) => (
                    <Tag key={l.id} color="volcano" style={{ marginBottom: 4 }}>
                      {l.nameZh}
                    </Tag>
                  ))
                ) : (
                  <Typography.Text type="secondary">{t('未列入清单', 'none')}</Typography.Text>
                )}
              </div>
            </Space>
          </Card>
        </div>
      </Col>
      <Col xs={24}>
        <Card title={t('计划节点', 'Planned milestones')} size="small">
          {plans.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无计划节点（如「预计10月投产」）', 'No planned milestones yet (e.g. "operation expected in October")')} />
          ) : screens.md ? (
            <Table<PlanDate>
              size="small"
              rowKey="stage"
              pagination={false}
              dataSource={plans}
              columns={[
                { title: t('节点', 'Milestone'), dataIndex: 'stage', render: (s: Stage) => <StageTag stage={s} /> },
                { title: t('计划日期', 'Expected by'), dataIndex: 'expectedDate', width: 130 },
                { title: t('报告原文', 'As the report says'), dataIndex: 'sourceText', render: (v: string | null) => v ?? dash },
                { title: t('状态', 'Status'), key: 'state', width: 140, render: (_: unknown, p) => planTag(planState(project, p, today), p) },
              ]}
            />
          ) : (
            <List
              size="small"
              dataSource={plans}
              renderItem={(p) => (
                <List.Item>
                  <Space orientation="vertical" size={2}>
                    <Space wrap>
                      <StageTag stage={p.stage} />
                      <span>{p.expectedDate}</span>
                      {planTag(planState(project, p, today), p)}
                    </Space>
                    {p.sourceText && <Typography.Text type="secondary">{p.sourceText}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
