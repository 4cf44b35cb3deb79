import { useMemo, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Grid, Result, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ApartmentOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { Investor, InvestorDetail, InvestorProject } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { StageTag } from '../../components/Tags';
import { canWriteProjects } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import { LEAD_SOURCE_LABELS, ORIGIN_REGION_LABELS, OWNERSHIP_TYPE_LABELS } from '../../lib/service-desk';
import { deskKeys, useInvestor, useInvestorContacts, useInvestorTimeline } from '../project/service-desk/deskQueries';
import { ServiceTimeline } from '../project/service-desk/ServiceTimeline';
import { ActivityForm } from '../project/service-desk/ActivityForm';
import { InvestorDrawer } from './InvestorDrawer';
import { ContactsPanel } from './ContactsPanel';
import { useQueryClient } from '@tanstack/react-query';

const TABS = ['projects', 'contacts', 'activity'] as const;
type TabKey = (typeof TABS)[number];

/** One investor (/investors/:id): group, facts, edit; tabs 项目 / 联系人 / 动态 kept in ?tab=. */
export function InvestorPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const investor = useInvestor(id);
  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[{ title: <Link to="/investors">{t('客商管理', 'Investors')}</Link> }, { title: investor.data?.nameZh ?? t('客商', 'Investor') }]}
    />
  );
  if (investor.isPending) {
    return (
      <>
        {crumbs}
        <Skeleton active paragraph={{ rows: 4 }} style={{ background: '#fff', padding: 20, borderRadius: 8 }} />
      </>
    );
  }
  if (investor.isError) {
    const notFound = investor.error instanceof ApiError && (investor.error.status === 404 || investor.error.status === 400);
    return (
      <>
        {crumbs}
        {notFound ? (
          <Result
            status="404"
            title={t('找不到这个客商', 'Investor not found')}
            extra={
              <Button type="primary" onClick={() => navigate('/investors')}>
                {t('返回客商列表', 'Back to investors')}
              </Button>
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('客商加载失败', 'The investor could not be loaded')}
            description={errorText(investor.error)}
            action={
              <Button size="small" onClick={() => void investor.refetch()}>
                {t('重试', 'Retry')}
              </Button>
            }
          />
        )}
      </>
    );
  }
  return (
    <>
      {crumbs}
      <InvestorView inv={investor.data} />
    </>
  );
}

function InvestorView({ inv }: { inv: InvestorDetail }) {
  const { t, label } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const [editBase, setEditBase] = useState<Investor | null>(null);
  const canWrite = canWriteProjects(me.role);
  const raw = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(raw ?? '') ? (raw as TabKey) : 'projects';
  const goTab = (key: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (key === 'projects') next.delete('tab');
        else next.set('tab', key);
        return next;
      },
      { replace: true },
    );
  const code = (l: Record<string, { zh: string; en: string }>, v: string | null) => (v ? label(l[v] ?? { zh: v, en: v }) : '—');
  const hidden = inv.otherUnits.reduce((n, u) => n + u.count, 0);

  return (
    <div data-testid="investor-page">
      <Card size="small" style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 260 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {inv.nameZh}
            </Typography.Title>
            {inv.nameEn && <Typography.Text type="secondary">{inv.nameEn}</Typography.Text>}
            <div style={{ marginTop: 6 }}>
              <Space wrap size={6}>
                <Tag color="geekblue">{label(OWNERSHIP_TYPE_LABELS[inv.ownershipType] ?? { zh: inv.ownershipType, en: inv.ownershipType })}</Tag>
                {inv.creditCode && <Typography.Text copyable style={{ fontFamily: 'monospace' }}>{inv.creditCode}</Typography.Text>}
              </Space>
            </div>
          </div>
          {canWrite && (
            <Button icon={<EditOutlined />} onClick={() => setEditBase(inv)} data-testid="investor-edit">
              {t('编辑', 'Edit')}
            </Button>
          )}
        </div>
        {(inv.parent || inv.subsidiaries.length > 0) && (
          <div style={{ marginTop: 12 }} data-testid="investor-group">
            <Space wrap size={6} align="start">
              <ApartmentOutlined aria-hidden />
              {inv.parent && (
                <span>
                  {t('所属集团：', 'Part of: ')}
                  <Link to={`/investors/${inv.parent.id}`}>{inv.parent.nameZh}</Link>
                </span>
              )}
              {inv.subsidiaries.length > 0 && (
                <span>
                  {t(`下属企业（${inv.subsidiaries.length}）：`, `Subsidiaries (${inv.subsidiaries.length}): `)}
                  {inv.subsidiaries.map((s, i) => (
                    <span key={s.id}>
                      {i > 0 && t('、', ', ')}
                      <Link to={`/investors/${s.id}`}>{s.nameZh}</Link>
                    </span>
                  ))}
                </span>
              )}
            </Space>
          </div>
        )}
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={screens.lg ? 4 : screens.sm ? 2 : 1}
          items={[
            { key: 'origin', label: t('来源地区', 'Origin'), children: code(ORIGIN_REGION_LABELS, inv.originRegion) },
            { key: 'lead', label: t('线索来源', 'Lead source'), children: code(LEAD_SOURCE_LABELS, inv.leadSource) },
            { key: 'industry', label: t('行业', 'Industry'), children: inv.industry ?? '—' },
            {
              key: 'web',
              label: t('网站', 'Website'),
              children: inv.website ? (
                <a href={/^https?:\/\//.test(inv.website) ? inv.website : `https://${inv.website}`} target="_blank" rel="noreferrer noopener">
                  {inv.website}
                </a>
              ) : (
                '—'
              ),
            },
            { key: 'projects', label: t('项目', 'Projects'), children: t(`${inv.projectTotal} 个`, `${inv.projectTotal}`) },
            ...(inv.note ? [{ key: 'note', label: t('备注', 'Note'), span: 3, children: <span style={{ whiteSpace: 'pre-wrap' }}>{inv.note}</span> }] : []),
          ]}
        />
      </Card>
      <Tabs
        activeKey={tab}
        onChange={goTab}
        destroyOnHidden
        items={[
          {
            key: 'projects',
            label: t(`项目（${inv.projectTotal}）`, `Projects (${inv.projectTotal})`),
            children: <ProjectsPanel inv={inv} hidden={hidden} />,
          },
          { key: 'contacts', label: t('联系人', 'Contacts'), children: <ContactsPanel investorId={inv.id} canWrite={canWrite} /> },
          { key: 'activity', label: t('动态', 'Activity'), children: <ActivityPanel inv={inv} canWrite={canWrite} /> },
        ]}
      />
      <InvestorDrawer
        open={!!editBase}
        investor={editBase}
        onClose={() => setEditBase(null)}
        onSaved={() => {
          setEditBase(null);
          void qc.invalidateQueries({ queryKey: ['investors', inv.id] });
        }}
      />
    </div>
  );
}

function ProjectsPanel({ inv, hidden }: { inv: InvestorDetail; hidden: number }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small">
      {inv.projects.length === 0 && hidden === 0 ? (
        <Empty description={t('此客商暂无项目。', 'This investor has no projects.')} />
      ) : (
        <>
          {inv.projects.length > 0 && (
            <Table<InvestorProject>
              size="small"
              rowKey="id"
              dataSource={inv.projects}
              pagination={inv.projects.length > 20 ? { pageSize: 20 } : false}
              scroll={{ x: 760 }}
              columns={[
                { title: t('项目', 'Project'), key: 'name', render: (_: unknown, p) => <Link to={`/projects/${p.id}`}>{p.nameZh}</Link> },
                { title: t('编号', 'Code'), dataIndex: 'code', width: 170, ellipsis: true },
                { title: t('单位', 'Unit'), dataIndex: 'unitNameZh', width: 130 },
                { title: t('阶段', 'Stage'), dataIndex: 'stage', width: 120, render: (s: InvestorProject['stage']) => <StageTag stage={s} /> },
                { title: t('协议投资', 'Investment'), dataIndex: 'totalInvestment', width: 120, align: 'right', render: (v: string | null) => formatMoney(v, lang) },
              ]}
            />
          )}
          {hidden > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: inv.projects.length ? 12 : 0 }}
              title={t(`另有 ${hidden} 个项目在您管辖范围以外的单位：`, `${hidden} more project${hidden > 1 ? 's are' : ' is'} in units outside yours:`)}
              description={inv.otherUnits.map((u) => t(`${u.unitNameZh} ${u.count} 个`, `${u.unitNameZh}: ${u.count}`)).join(t('；', '; '))}
              data-testid="investor-other-units"
            />
          )}
        </>
      )}
    </Card>
  );
}

function ActivityPanel({ inv, canWrite }: { inv: InvestorDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [recording, setRecording] = useState(false);
  const timeline = useInvestorTimeline(inv.id, page, pageSize);
  const contacts = useInvestorContacts(inv.id, false);
  const names = useMemo(() => new Map(inv.projects.map((p) => [p.id, p.nameZh])), [inv.projects]);
  return (
    <Card
      size="small"
      title={t('客商动态', 'Investor timeline')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="investor-activity-add">
            {t('记录走访/洽谈', 'Record a visit')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('汇总此客商在您管辖范围内各项目的进展，以及针对客商本身的走访洽谈。', 'Everything on this investor’s projects in your units, and visits recorded for the investor itself.')}
      </Typography.Paragraph>
      <ServiceTimeline
        query={timeline}
        page={page}
        pageSize={pageSize}
        onPage={(p, s) => {
          setPage(p);
          setPageSize(s);
        }}
        projectNames={names}
        emptyText={t('暂无动态。', 'Nothing yet.')}
      />
      {canWrite && (
        <ActivityForm
          open={recording}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setPage(1);
            void qc.invalidateQueries({ queryKey: ['investors', inv.id] });
            void qc.invalidateQueries({ queryKey: deskKeys.tasks });
          }}
          target={{ investorId: inv.id }}
          unitId={me.unitId}
          contacts={contacts.data}
        />
      )}
    </Card>
  );
}
