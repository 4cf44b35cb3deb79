import { useState } from 'react';
import { Alert, Breadcrumb, Button, Grid, Result, Skeleton, Tabs } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { Project } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { canWriteProjects } from '../../lib/domain';
import { useProject } from './queries';
import { ProjectHeader } from './ProjectHeader';
import { StageChangeModal } from './StageChangeModal';
import { EditProjectDrawer } from './EditProjectDrawer';
import { ConflictDialog, type Conflict } from './ConflictDialog';
import { OverviewTab } from './OverviewTab';
import { TimelineTab } from './TimelineTab';
import { DeadlinesTab } from './DeadlinesTab';
import { MoneyTab } from './MoneyTab';
import { ProgressTab } from './ProgressTab';
import { IssuesTab } from './IssuesTab';
import { AuditTab } from './AuditTab';
import { ServiceTab } from './service-desk/ServiceTab';
import { TeamPlanTab } from './service-desk/TeamPlanTab';
import { ApprovalsTab } from './service-desk/ApprovalsTab';
import { RequestsTab } from './service-desk/RequestsTab';
import { CommitmentsTab } from './service-desk/CommitmentsTab';

const TABS = ['overview', 'timeline', 'deadlines', 'money', 'progress', 'issues', 'service', 'team', 'approvals', 'requests', 'commitments', 'audit'] as const;
type TabKey = (typeof TABS)[number];

/** One project (/projects/:id): header with key figures and actions, and tabs kept in ?tab=. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useI18n();
  const me = useMe();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const project = useProject(id);
  const canWrite = canWriteProjects(me.role);
  /** The project as it was when the stage dialog / edit drawer opened (their version is what gets sent). */
  const [stageBase, setStageBase] = useState<Project | null>(null);
  const [editBase, setEditBase] = useState<Project | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const raw = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(raw ?? '') ? (raw as TabKey) : 'overview';
  const goTab = (key: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (key === 'overview') next.delete('tab');
        else next.set('tab', key);
        return next;
      },
      { replace: true },
    );

  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[{ title: <Link to="/projects">{t('项目台账', 'Project ledger')}</Link> }, { title: project.data?.nameZh ?? t('项目', 'Project') }]}
    />
  );

  if (project.isPending) {
    return (
      <>
        {crumbs}
        <Skeleton active paragraph={{ rows: 3 }} style={{ background: '#fff', padding: 20, borderRadius: 8, marginBottom: 16 }} />
        <Skeleton active paragraph={{ rows: 8 }} />
      </>
    );
  }
  if (project.isError) {
    const notFound = project.error instanceof ApiError && (project.error.status === 404 || project.error.status === 400);
    return (
      <>
        {crumbs}
        {notFound ? (
          <Result
            status="404"
            title={t('找不到这个项目', 'Project not found')}
            subTitle={t('项目不存在，或不在您单位的管辖范围内。', 'The project does not exist, or it is outside your units.')}
            extra={
              <Button type="primary" onClick={() => navigate('/projects')}>
                {t('返回项目台账', 'Back to the ledger')}
              </Button>
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('项目加载失败', 'The project could not be loaded')}
            description={errorText(project.error)}
            action={
              <Button size="small" onClick={() => void project.refetch()}>
                {t('重试', 'Retry')}
              </Button>
            }
          />
        )}
      </>
    );
  }

  const p = project.data;
  const items = [
    { key: 'overview', label: t('概览', 'Overview'), children: <OverviewTab project={p} /> },
    { key: 'timeline', label: t('进度时间轴', 'Timeline'), children: <TimelineTab project={p} /> },
    { key: 'deadlines', label: t('服务时限', 'Deadlines'), children: <DeadlinesTab project={p} /> },
    { key: 'money', label: t('资金', 'Money'), children: <MoneyTab project={p} canWrite={canWrite} /> },
    { key: 'progress', label: t('月调度', 'Monthly reports'), children: <ProgressTab project={p} canWrite={canWrite} /> },
    { key: 'issues', label: t('问题清单', 'Issues'), children: <IssuesTab project={p} canWrite={canWrite} /> },
    { key: 'service', label: t('服务动态', 'Service'), children: <ServiceTab project={p} canWrite={canWrite} /> },
    { key: 'team', label: t('专班与方案', 'Team & plan'), children: <TeamPlanTab project={p} canWrite={canWrite} /> },
    { key: 'approvals', label: t('领办代办', 'Approvals'), children: <ApprovalsTab project={p} canWrite={canWrite} /> },
    { key: 'requests', label: t('诉求', 'Requests'), children: <RequestsTab project={p} canWrite={canWrite} /> },
    { key: 'commitments', label: t('承诺兑现', 'Commitments'), children: <CommitmentsTab project={p} canWrite={canWrite} /> },
    { key: 'audit', label: t('操作留痕', 'Audit trail'), children: <AuditTab project={p} /> },
  ];

  return (
    <>
      {crumbs}
      <ProjectHeader
        project={p}
        canWrite={canWrite}
        onChangeStage={() => setStageBase(p)}
        onEdit={() => setEditBase(p)}
        onShowAlerts={() => goTab('deadlines')}
        onShowMoney={() => goTab('money')}
      />
      <Tabs
        data-testid="project-tabs"
        activeKey={tab}
        onChange={goTab}
        items={items}
        destroyOnHidden
        size={screens.md ? 'middle' : 'small'}
        tabBarStyle={{ marginBottom: 12 }}
      />
      {canWrite && (
        <>
          <StageChangeModal project={stageBase} onClose={() => setStageBase(null)} onConflict={setConflict} />
          <EditProjectDrawer project={editBase} onClose={() => setEditBase(null)} onConflict={setConflict} />
        </>
      )}
      <ConflictDialog projectId={p.id} conflict={conflict} onClose={() => setConflict(null)} />
    </>
  );
}
