import { useMemo, useState, type ReactNode } from 'react';
import { Alert as AntAlert, App, Button, Card, Col, Descriptions, Grid, Result, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, CommentOutlined, SafetyCertificateOutlined, UnorderedListOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { AlertDetail } from '../../api/types';
import { useUnits } from '../../api/reference';
import { useMe } from '../../auth/auth';
import { useErrorText } from '../../components/QueryState';
import { LevelTag, StageTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { LEVEL_META, ROLE_LABELS } from '../../lib/domain';
import { businessToday, formatDateTime } from '../../lib/format';
import {
  ALERT_STATUS_META,
  CLOCK_KIND_LABELS,
  alertErrorText,
  DEADLINE_STATUS_LABELS,
  RESOLUTION_LABELS,
  canAlert,
  canListAssignable,
  clockLabel,
  shanghaiDate,
} from '../../lib/alerts';
import { AcknowledgeModal, ResolveModal, apiFieldErrors } from './AlertActionModals';
import { AlertComments } from './AlertComments';
import { AlertLevelSteps } from './AlertLevelSteps';
import { DueDate, ReviewDate } from './AlertTable';
import { alertKeys, useAlert, useAssignable, useInvalidateAlerts, useProject, useProjectDeadlines } from './alertQueries';
import './alerts.css';

/** One alert (预警详情): what is late and why, its level history, who handles it with what plan, the thread, and the actions. */
export function AlertDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const errorText = useErrorText();
  const alert = useAlert(id);
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back;
  const backTo = `/alerts${back ? `?${back}` : ''}`;

  const backLink = (
    <Link to={backTo} style={{ display: 'inline-block', marginBottom: 8 }}>
      <ArrowLeftOutlined /> {t('返回预警督办', 'Back to alerts')}
    </Link>
  );
  if (alert.isPending) {
    return (
      <div data-testid="alert-detail">
        {backLink}
        <Skeleton active title paragraph={{ rows: 3 }} />
        <Card style={{ marginTop: 16 }}>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      </div>
    );
  }
  if (alert.isError) {
    const missing = alert.error instanceof ApiError && (alert.error.status === 404 || alert.error.status === 400);
    return (
      <div data-testid="alert-detail">
        {backLink}
        {missing ? (
          <Result
            status="404"
            title={t('找不到该预警', 'Alert not found')}
            subTitle={t('该预警不存在，或不在您的管辖范围内。', 'This alert does not exist or is outside your units.')}
            extra={
              <Link to="/alerts">
                <Button type="primary">{t('返回预警督办', 'Back to alerts')}</Button>
              </Link>
            }
          />
        ) : (
          <AntAlert
            type="error"
            showIcon
            role="alert"
            title={t('预警加载失败', 'Could not load the alert')}
            description={errorText(alert.error)}
            action={
              <Button size="small" onClick={() => void alert.refetch()}>
                {t('重试', 'Retry')}
              </Button>
            }
          />
        )}
      </div>
    );
  }
  return <AlertDetailView alert={alert.data} backLink={backLink} />;
}

function AlertDetailView({ alert, backLink }: { alert: AlertDetail; backLink: ReactNode }) {
  const { t, label, name, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAlerts();
  const units = useUnits();
  const project = useProject(alert.project.id);
  const deadlines = useProjectDeadlines(alert.project.id);
  const deadline = deadlines.data?.find((d) => d.id === alert.deadline.id);
  const mayAssign = canAlert(me.role, 'assign') && canListAssignable(me.role);
  const assignable = useAssignable(alert.unit.id, mayAssign && alert.status !== 'RESOLVED');
  const [modal, setModal] = useState<'acknowledge' | 'resolve' | null>(null);
  const [assignee, setAssignee] = useState<string | undefined>(undefined);
  const [assigning, setAssigning] = useState(false);
  const [assignError, setAssignError] = useState<string | null>(null);
  const today = businessToday();
  const open = alert.status !== 'RESOLVED';
  const meta = LEVEL_META[alert.level];
  const unit = units.data?.find((u) => u.id === alert.unit.id);
  const unitName = unit ? name(unit.nameZh, unit.nameEn) : alert.unit.nameZh;
  const projectName = project.data ? name(project.data.nameZh, project.data.nameEn) : alert.project.nameZh;
  const clock = label(clockLabel(alert.deadline.kind, alert.deadline.key));

  /** Names for the user ids the alert carries (acknowledged by, resolved by). */
  const people = useMemo(() => {
    const m = new Map<string, string>([[me.id, me.displayName]]);
    if (alert.assignee) m.set(alert.assignee.id, alert.assignee.displayName);
    for (const c of alert.comments) if (c.author.id && c.author.displayName) m.set(c.author.id, c.author.displayName);
    for (const u of assignable.data ?? []) m.set(u.id, u.displayName);
    return m;
  }, [alert, me, assignable.data]);
  const person = (id: string | null | undefined) => (id ? (people.get(id) ?? t(`用户 ${id.slice(0, 8)}`, `User ${id.slice(0, 8)}`)) : '—');

  const applied = (updated: AlertDetail, text: string) => {
    queryClient.setQueryData(alertKeys.detail(alert.id), updated);
    invalidate([alert.project.id]);
    void message.success(text);
  };
  const acknowledge = async (v: { plan: string; nextReviewDate: string }) => {
    const updated = await api.post<AlertDetail>(`/alerts/${alert.id}/acknowledge`, v);
    setModal(null);
    applied(updated, t('已认领，应对计划已记录', 'Acknowledged; the plan is recorded'));
  };
  const resolve = async (reason: string) => {
    const updated = await api.post<AlertDetail>(`/alerts/${alert.id}/resolve`, { reason });
    setModal(null);
    applied(updated, t('预警已办结，时限已豁免', 'Resolved; the deadline is waived'));
  };
  const assign = async () => {
    if (!assignee || assigning) return;
    setAssigning(true);
    setAssignError(null);
    try {
      const updated = await api.post<AlertDetail>(`/alerts/${alert.id}/assign`, { userId: assignee });
      setAssignee(undefined);
      applied(updated, t(`已指派给 ${updated.assignee?.displayName ?? ''}`, `Assigned to ${updated.assignee?.displayName ?? ''}`));
    } catch (e) {
      const field = apiFieldErrors(e).userId;
      setAssignError(field ?? (e instanceof ApiError && [403, 404, 422].includes(e.status) ? label(alertErrorText(e)) : errorText(e)));
      if (!field && e instanceof ApiError && e.status === 422) void queryClient.invalidateQueries({ queryKey: alertKeys.detail(alert.id) });
    } finally {
      setAssigning(false);
    }
  };

  const actions = open && (
    <>
      {canAlert(me.role, 'acknowledge') && (
        <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setModal('acknowledge')} data-testid="alert-acknowledge-button" block={phone}>
          {alert.acknowledgement ? t('更新应对计划', 'Update plan') : t('认领/确认', 'Acknowledge')}
        </Button>
      )}
      {canAlert(me.role, 'resolve') && (
        <Button danger icon={<SafetyCertificateOutlined />} onClick={() => setModal('resolve')} data-testid="alert-resolve-button" block={phone}>
          {t('办结/豁免', 'Resolve (waive)')}
        </Button>
      )}
    </>
  );

  const statusTag = <Tag color={ALERT_STATUS_META[alert.status].color}>{label(ALERT_STATUS_META[alert.status])}</Tag>;

  return (
    <div data-testid="alert-detail">
      {backLink}
      <PageHeader
        title={
          <Space size={10} wrap align="center">
            <LevelTag level={alert.level} />
            <Link to={`/projects/${alert.project.id}`} data-testid="alert-project-link" style={{ color: 'inherit' }}>
              {projectName}
            </Link>
          </Space>
        }
        sub={
          <Space size={6} wrap separator={<span style={{ color: '#d9d9d9' }}>·</span>} style={{ marginTop: 4 }}>
            <Typography.Text strong>{clock}</Typography.Text>
            <span>
              {t('到期', 'Due')} <DueDate alert={alert} today={today} />
            </span>
            <span>{unitName}</span>
            <span>{alert.project.code}</span>
            {statusTag}
          </Space>
        }
        extra={!phone ? actions : undefined}
      />
      {phone && open && actions && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
          {actions}
        </Space>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('预警说明', 'What is late')} size={phone ? 'small' : undefined}>
              <p className="luodi-explanation" style={{ ['--level-color' as string]: open ? meta.color : '#d9d9d9' }} data-testid="alert-explanation" lang={lang}>
                {label(alert.deadline.explanation)}
              </p>
              <Descriptions
                size="small"
                style={{ marginTop: 16 }}
                column={{ xs: 1, sm: 2, xl: 3 }}
                items={[
                  { key: 'due', label: t('到期日', 'Due date'), children: <DueDate alert={alert} today={today} /> },
                  { key: 'kind', label: t('时限类型', 'Kind'), children: label(CLOCK_KIND_LABELS[alert.deadline.kind] ?? { zh: alert.deadline.kind, en: alert.deadline.kind }) },
                  {
                    key: 'clock',
                    label: t('时钟状态', 'Clock'),
                    children: label(DEADLINE_STATUS_LABELS[alert.deadline.status] ?? { zh: alert.deadline.status, en: alert.deadline.status }),
                  },
                  { key: 'opened', label: t('首次亮灯', 'Opened'), children: shanghaiDate(alert.openedAt) },
                  { key: 'changed', label: t('最近升级', 'Level changed'), children: shanghaiDate(alert.levelChangedAt) },
                  { key: 'code', label: t('规则代码', 'Rule key'), children: <Typography.Text code>{alert.deadline.key}</Typography.Text> },
                ]}
              />
            </Card>
            <Card title={t('等级变化', 'Level history')} size={phone ? 'small' : undefined}>
              <AlertLevelSteps alert={alert} deadline={deadline} vertical={phone} />
            </Card>
            {!phone && (
              <Card
                title={
                  <span>
                    <CommentOutlined /> {t('批注与沟通', 'Comments')}
                    <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 8 }}>
                      {alert.comments.length}
                    </Typography.Text>
                  </span>
                }
              >
                <AlertComments alert={alert} canComment={canAlert(me.role, 'comment')} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('处理情况', 'Handling')} size={phone ? 'small' : undefined} data-testid="alert-handling">
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'status', label: t('状态', 'Status'), children: statusTag },
                  {
                    key: 'assignee',
                    label: t('责任人', 'Assignee'),
                    children: alert.assignee?.displayName ?? <Typography.Text type="secondary">{t('未指派', 'Unassigned')}</Typography.Text>,
                  },
                ]}
              />
              {open && mayAssign && (
                <div style={{ marginTop: 4, marginBottom: 12 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} id="assign-label">
                    {alert.assignee ? t('改派给', 'Reassign to') : t('指派给', 'Assign to')}
                  </Typography.Text>
                  <Space.Compact style={{ width: '100%', marginTop: 4 }}>
                    <Select<string>
                      aria-labelledby="assign-label"
                      style={{ flex: 1, minWidth: 0 }}
                      value={assignee}
                      onChange={(v) => {
                        setAssignee(v);
                        setAssignError(null);
                      }}
                      placeholder={assignable.isError ? t('无法加载人员', 'Could not load people') : t('选择项目专员或科室负责人', 'Choose staff or a manager')}
                      loading={assignable.isPending}
                      status={assignError || assignable.isError ? 'error' : undefined}
                      showSearch={{ optionFilterProp: 'search' }}
                      options={(assignable.data ?? [])
                        .filter((u) => u.id !== alert.assignee?.id)
                        .map((u) => ({ value: u.id, search: `${u.displayName} ${u.unit.nameZh}`, label: `${u.displayName}（${label(ROLE_LABELS[u.role])} · ${u.unit.nameZh}）` }))}
                      data-testid="alert-assign-select"
                    />
                    <Button icon={<UserSwitchOutlined />} onClick={() => void assign()} loading={assigning} disabled={!assignee} data-testid="alert-assign-button">
                      {t('指派', 'Assign')}
                    </Button>
                  </Space.Compact>
                  {(assignError || assignable.isError) && (
                    <Typography.Text type="danger" style={{ fontSize: 12, display: 'block', marginTop: 4 }} role="alert">
                      {assignError ?? errorText(assignable.error)}{' '}
                      {assignable.isError && (
                        <Button size="small" type="link" onClick={() => void assignable.refetch()} style={{ padding: 0 }}>
                          {t('重试', 'Retry')}
                        </Button>
                      )}
                    </Typography.Text>
                  )}
                </div>
              )}
              <Typography.Title level={5} style={{ marginTop: 8 }}>
                {t('认领与应对计划', 'Acknowledgement')}
              </Typography.Title>
              {alert.acknowledgement ? (
                <Descriptions
                  size="small"
                  column={1}
                  data-testid="alert-acknowledgement"
                  items={[
                    { key: 'plan', label: t('应对计划', 'Plan'), children: <span className="luodi-pre">{alert.acknowledgement.plan}</span> },
                    { key: 'review', label: t('下次复核', 'Next review'), children: <ReviewDate alert={alert} today={today} /> },
                    { key: 'by', label: t('认领人', 'By'), children: person(alert.acknowledgement.by) },
                    { key: 'at', label: t('认领时间', 'At'), children: formatDateTime(alert.acknowledgement.at) },
                  ]}
                />
              ) : (
                <Typography.Paragraph type={open ? 'warning' : 'secondary'}>
                  {open ? t('尚未认领：还没有应对计划和复核日期。', 'Not acknowledged yet: no plan or review date.') : t('未认领。', 'Never acknowledged.')}
                </Typography.Paragraph>
              )}
              {alert.resolution && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 8 }}>
                    {t('办结', 'Resolution')}
                  </Typography.Title>
                  <Descriptions
                    size="small"
                    column={1}
                    data-testid="alert-resolution"
                    items={[
                      { key: 'kind', label: t('方式', 'How'), children: label(RESOLUTION_LABELS[alert.resolution.kind] ?? { zh: alert.resolution.kind, en: alert.resolution.kind }) },
                      ...(alert.resolution.reason
                        ? [{ key: 'reason', label: t('理由', 'Reason'), children: <span className="luodi-pre">{alert.resolution.reason}</span> }]
                        : []),
                      { key: 'by', label: t('办结人', 'By'), children: alert.resolution.by ? person(alert.resolution.by) : t('系统', 'System') },
                      { key: 'at', label: t('办结时间', 'At'), children: formatDateTime(alert.resolution.at) },
                    ]}
                  />
                </>
              )}
            </Card>
            <Card title={t('项目', 'Project')} size={phone ? 'small' : undefined}>
              {project.isPending ? (
                <Skeleton active paragraph={{ rows: 2 }} />
              ) : (
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'name', label: t('名称', 'Name'), children: <Link to={`/projects/${alert.project.id}`}>{projectName}</Link> },
                    { key: 'code', label: t('编号', 'Code'), children: alert.project.code },
                    { key: 'unit', label: t('单位', 'Unit'), children: unitName },
                    ...(project.data
                      ? [
                          { key: 'stage', label: t('当前阶段', 'Stage'), children: <Space size={4}><StageTag stage={project.data.stage} /><Typography.Text type="secondary">{t(`自 ${project.data.stageDate}`, `since ${project.data.stageDate}`)}</Typography.Text></Space> },
                          ...(project.data.responsibleLeader ? [{ key: 'leader', label: t('包联领导', 'Leader'), children: project.data.responsibleLeader }] : []),
                        ]
                      : []),
                  ]}
                />
              )}
              <Link to={`/alerts?projectId=${alert.project.id}&status=ALL`}>
                <UnorderedListOutlined /> {t('该项目的全部预警', "All of this project's alerts")}
              </Link>
            </Card>
            {phone && (
              <Card title={`${t('批注与沟通', 'Comments')} (${alert.comments.length})`} size="small">
                <AlertComments alert={alert} canComment={canAlert(me.role, 'comment')} />
              </Card>
            )}
          </Space>
        </Col>
      </Row>
      <AcknowledgeModal open={modal === 'acknowledge'} count={1} initial={alert.acknowledgement} onCancel={() => setModal(null)} onSubmit={acknowledge} />
      <ResolveModal open={modal === 'resolve'} count={1} onCancel={() => setModal(null)} onSubmit={resolve} />
    </div>
  );
}
