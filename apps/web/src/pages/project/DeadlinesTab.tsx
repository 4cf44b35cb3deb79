import { useMemo } from 'react';
import { Card, Empty, Grid, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { Alert as AlertRow, Deadline, Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/QueryState';
import { LevelLight, LevelTag } from '../../components/Tags';
import { CLOCK_KIND_LABELS, CLOCK_STATUS_LABELS, clockLevel, clockName, holdSpans } from '../../lib/clocks';
import { businessToday, daysBetween } from '../../lib/format';
import { useDeadlines, useHistory, useOpenAlerts } from './queries';
import { DeadlineGantt } from './DeadlineGantt';

/** Running clocks first (worst level first), then paused, then finished ones, each by due date. */
function order(d: Deadline): number {
  const rank: Record<string, number> = { ESCALATED: 0, OVERDUE: 1, WARNING: 2 };
  const lvl = clockLevel(d.level);
  if (d.status === 'ON_TRACK' || d.status === 'OVERDUE') return lvl ? rank[lvl] : 3;
  if (d.status === 'PAUSED') return 4;
  return 5;
}

/** 服务时限: one row per clock with its status, light, due date and explanation, and the Gantt chart. */
export function DeadlinesTab({ project }: { project: Project }) {
  const { t, label } = useI18n();
  const screens = Grid.useBreakpoint();
  const deadlines = useDeadlines(project.id);
  const history = useHistory(project.id);
  const alerts = useOpenAlerts(project.id);
  const today = businessToday();

  const alertByDeadline = useMemo(() => new Map((alerts.data?.items ?? []).map((a) => [a.deadline.id, a])), [alerts.data]);
  const holds = useMemo(() => holdSpans(history.data ?? [], today), [history.data, today]);

  const statusTag = (d: Deadline) => {
    const s = CLOCK_STATUS_LABELS[d.status];
    return <Tag color={s?.color ?? 'default'}>{s ? label(s) : d.status}</Tag>;
  };
  const dueText = (d: Deadline, inline = false) => {
    const running = d.status === 'ON_TRACK' || d.status === 'OVERDUE';
    const left = daysBetween(today, d.dueDate);
    return (
      <Space orientation={inline ? 'horizontal' : 'vertical'} size={inline ? [8, 0] : 0} wrap={inline}>
        <span>{d.dueDate}</span>
        {running && (
          <Typography.Text type={left < 0 ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {left < 0 ? t(`已超 ${-left} 天`, `${-left} days over`) : left === 0 ? t('今天到期', 'due today') : t(`剩 ${left} 天`, `${left} days left`)}
          </Typography.Text>
        )}
        {d.pausedDays > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`含停缓建顺延 ${d.pausedDays} 天`, `incl. ${d.pausedDays} paused days`)}
          </Typography.Text>
        )}
      </Space>
    );
  };
  const alertLink = (d: Deadline, a: AlertRow | undefined) =>
    a ? (
      <Link to={`/alerts/${a.id}`}>
        <Space size={4}>
          <LevelTag level={a.level} />
          {a.status === 'ACKNOWLEDGED' ? t('已认领', 'acknowledged') : t('待处理', 'open')}
        </Space>
      </Link>
    ) : clockLevel(d.level) && alerts.isError ? (
      <Typography.Text type="secondary">{t('预警未能加载', 'alerts not loaded')}</Typography.Text>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  return (
    <QueryState query={deadlines} rows={6} isEmpty={(items) => items.length === 0} empty={<Empty description={t('此项目当前没有适用的服务时限规则', 'No service-target rule applies to this project')} />}>
      {(items) => {
        const sorted = [...items].sort((a, b) => order(a) - order(b) || a.dueDate.localeCompare(b.dueDate));
        return (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
            <Card size="small" title={t('服务时限', 'Service targets and deadlines')} extra={
                screens.md && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('时限规则由局里设定（系统默认值并非报告中的数字）', 'Targets are bureau policy (defaults are not figures from the reports)')}
                  </Typography.Text>
                )
              }>
              {screens.md ? (
                <Table<Deadline>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={sorted}
                  scroll={{ x: 1000 }}
                  columns={[
                    {
                      title: t('时限', 'Clock'),
                      key: 'name',
                      width: 190,
                      render: (_: unknown, d) => (
                        <Space orientation="vertical" size={0}>
                          <Typography.Text strong>{label(clockName(d))}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {CLOCK_KIND_LABELS[d.kind] ? label(CLOCK_KIND_LABELS[d.kind]) : d.kind}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    { title: t('状态', 'Status'), key: 'status', width: 100, render: (_: unknown, d) => statusTag(d) },
                    { title: t('灯', 'Light'), key: 'level', width: 110, render: (_: unknown, d) => <LevelLight level={clockLevel(d.level)} /> },
                    { title: t('起算', 'Start'), dataIndex: 'startDate', width: 105 },
                    { title: t('到期', 'Due'), key: 'due', width: 150, render: (_: unknown, d) => dueText(d) },
                    {
                      title: t('说明', 'Explanation'),
                      key: 'explanation',
                      render: (_: unknown, d) => (
<Typography.Text style={{ fontSize: 13 }}>{label(d.explanation)}</Typography.Text>
                      ),
                    },
                    { title: t('预警', 'Alert'), key: 'alert', width: 120, render: (_: unknown, d) => alertLink(d, alertByDeadline.get(d.id)) },
                  ]}
                />
              ) : (
                <List<Deadline>
                  dataSource={sorted}
                  renderItem={(d) => (
                    <List.Item>
                      <div style={{ width: '100%' }}>
                        <Space wrap size={6} style={{ marginBottom: 4 }}>
                          <LevelLight level={clockLevel(d.level)} compact />
                          <Typography.Text strong>{label(clockName(d))}</Typography.Text>
                          {statusTag(d)}
                        </Space>
                        <div style={{ display: 'flex', gap: 4 }}>
                          <Typography.Text type="secondary" style={{ flex: 'none' }}>
                            {t('到期：', 'Due: ')}
                          </Typography.Text>
                          {dueText(d, true)}
                        </div>
                        <Typography.Paragraph style={{ margin: '4px 0', fontSize: 13 }}>{label(d.explanation)}</Typography.Paragraph>
                        {alertByDeadline.get(d.id) && <div>{alertLink(d, alertByDeadline.get(d.id))}</div>}
                      </div>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            {history.isError ? (
              <Tooltip title={t('阶段历史未能加载，甘特图不显示停缓建暂停区间', 'The stage history could not be loaded; paused spans are not shown')}>
                <div>
                  <DeadlineGantt deadlines={sorted} holds={[]} today={today} />
                </div>
              </Tooltip>
            ) : (
              <DeadlineGantt deadlines={sorted} holds={holds} today={today} />
            )}
          </div>
        );
      }}
    </QueryState>
  );
}
