import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Input, Segmented, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { SavedServiceTargetRule, ServiceTargetRule } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { QueryState } from '../../components/QueryState';
import { matchesSearch } from '../../lib/text-search';
import { STAGES } from '../../lib/domain';
import {
  filterSummary,
  formatDuration,
  formatEscalate,
  formatStages,
  formatWarn,
  KIND_META,
  SERVICE_TARGET_KINDS,
  type RuleWarnValue,
  type ServiceTargetKind,
} from '../../lib/service-rules';
import { ReevaluationProgress } from './ReevaluationProgress';
import { RuleDrawer } from './RuleDrawer';
import { RuleHistoryDrawer } from './RuleHistoryDrawer';
import { useFilterNames } from './ruleText';

/** The note every shipped default carries (shown translated). */
const DEFAULT_NOTE = 'default chosen by the bureau, not a figure from the reports';
const KIND_ORDER = (k: string) => SERVICE_TARGET_KINDS.indexOf(k as ServiceTargetKind);
/** Rules in the order of the chain they time (签约 → 落地 → 开工 …). */
const STAGE_ORDER = (s: string | null) => (s ? STAGES.indexOf(s as (typeof STAGES)[number]) : -1);

/** 服务时限规则: the bureau's service-target policy, versioned; every change re-evaluates the projects. */
export function ServiceTargetsPage() {
  const { t, label, lang } = useI18n();
  const rules = useQuery({ queryKey: ['service-targets'], queryFn: () => api.get<ServiceTargetRule[]>('/service-targets') });
  const names = useFilterNames();
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<'all' | 'active' | 'inactive'>('all');
  const [drawer, setDrawer] = useState<{ mode: 'create' } | { mode: 'edit'; rule: ServiceTargetRule } | null>(null);
  const [history, setHistory] = useState<ServiceTargetRule | null>(null);
  const [run, setRun] = useState<{ id: string; what: string } | null>(null);

  const rows = useMemo(
    () =>
      (rules.data ?? [])
        .filter((r) => (show === 'all' ? true : show === 'active' ? r.active : !r.active))
        .filter((r) => matchesSearch([r.name, r.nameEn, r.code, r.description, label(KIND_META[r.kind as ServiceTargetKind] ?? { zh: r.kind })], search))
        .sort((a, b) => KIND_ORDER(a.kind) - KIND_ORDER(b.kind) || STAGE_ORDER(a.fromStage) - STAGE_ORDER(b.fromStage) || STAGE_ORDER(a.toStage) - STAGE_ORDER(b.toStage) || a.code.localeCompare(b.code)),
    [rules.data, show, search, label],
  );
  const counts = useMemo(() => {
    const list = rules.data ?? [];
    return { total: list.length, active: list.filter((r) => r.active).length, defaults: list.filter((r) => r.isDefault).length };
  }, [rules.data]);

  const onSaved = (saved: SavedServiceTargetRule) => {
    setDrawer(null);
    setRun({ id: saved.reevaluationRunId, what: t(`规则「${saved.name}」`, `Rule “${saved.nameEn || saved.name}”`) });
  };

  const columns: TableColumnsType<ServiceTargetRule> = [
    {
      title: t('规则', 'Rule'),
      key: 'name',
      width: 250,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong type={r.active ? undefined : 'secondary'}>
            {lang === 'en' && r.nameEn ? r.nameEn : r.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'en' ? r.name : (r.nameEn ?? '')}
          </Typography.Text>
          <Space size={4} style={{ marginTop: 2 }}>
            <Typography.Text code style={{ fontSize: 12 }}>
              {r.code}
            </Typography.Text>
            {r.isDefault ? (
              <Tooltip title={t('本局选定的默认值，并非报告中的数字', 'A default chosen by the bureau, not a figure from the reports')}>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {t('默认', 'Default')}
                </Tag>
              </Tooltip>
            ) : (
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('自定义', 'Custom')}
              </Tag>
            )}
          </Space>
        </Space>
      ),
    },
    {
      title: t('类型', 'Kind'),
      dataIndex: 'kind',
      width: 104,
      filters: SERVICE_TARGET_KINDS.map((k) => ({ text: label(KIND_META[k]), value: k })),
      onFilter: (v, r) => r.kind === v,
      render: (k: string) => {
        const meta = KIND_META[k as ServiceTargetKind];
        return meta ? (
          <Tooltip title={label({ zh: meta.helpZh, en: meta.helpEn })}>
            <Tag color={meta.color}>{label(meta)}</Tag>
          </Tooltip>
        ) : (
          <Tag>{k}</Tag>
        );
      },
    },
    { title: t('节点', 'Stages'), key: 'stages', width: 150, render: (_, r) => formatStages(r, lang) },
    {
      title: t('时限与预警', 'Duration and levels'),
      key: 'duration',
      width: 190,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{formatDuration(r.kind, r.duration, lang)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Badge color="#d4a106" /> {t('黄灯：', 'Yellow: ')}{formatWarn(r.warn as RuleWarnValue | null, r.duration.unit, lang)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Badge color="#722ed1" /> {t('督办：', 'Escalate: ')}{formatEscalate(r.escalateAfterDays, r.duration.unit, lang)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('适用范围', 'Applies to'),
      key: 'filter',
      render: (_, r) => (
        <Space size={[4, 4]} wrap>
          {filterSummary(r.filter, names, lang).map((p) => (
            <Tag key={p} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
              {p}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('状态', 'Status'),
      key: 'status',
      width: 84,
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          {r.active ? <Tag color="success">{t('启用', 'Active')}</Tag> : <Tag>{t('停用', 'Inactive')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`第 ${r.version} 版`, `v${r.version}`)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('操作', 'Actions'),
      key: 'actions',
      width: 96,
      render: (_, r) => (
        <Space orientation="vertical" size={4}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', rule: r })} aria-label={t(`编辑 ${r.name}`, `Edit ${r.name}`)}>
            {t('编辑', 'Edit')}
          </Button>
          <Button size="small" type="text" icon={<HistoryOutlined />} onClick={() => setHistory(r)} aria-label={t(`${r.name} 的版本历史`, `Version history of ${r.name}`)}>
            {t('历史', 'History')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('服务时限规则', 'Service targets')}
        sub={t(
          '“签约到投产”服务链各节点的时限与预警规则。报告未给出具体时限，预置规则是本局选定的默认值；每次修改都会保留版本并重新评估全部在途项目。',
          'Time limits and warnings along the signing-to-operation chain. The reports give no figures, so the shipped rules are defaults chosen by the bureau; every change is versioned and re-evaluates every live project.',
        )}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })}>
            {t('新建规则', 'New rule')}
          </Button>
        }
      />
      {run && <ReevaluationProgress key={run.id} runId={run.id} what={run.what} onClose={() => setRun(null)} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('搜索名称、代码或说明', 'Search name, code or description')}
            aria-label={t('搜索规则', 'Search rules')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 300 }}
          />
          <Segmented
            value={show}
            onChange={(v) => setShow(v as typeof show)}
            aria-label={t('按状态筛选', 'Filter by status')}
            options={[
              { value: 'all', label: t(`全部 ${counts.total}`, `All ${counts.total}`) },
              { value: 'active', label: t(`启用 ${counts.active}`, `Active ${counts.active}`) },
              { value: 'inactive', label: t(`停用 ${counts.total - counts.active}`, `Inactive ${counts.total - counts.active}`) },
            ]}
          />
          {counts.defaults > 0 && (
            <Typography.Text type="secondary">
              {t(`其中 ${counts.defaults} 条为系统默认规则`, `${counts.defaults} are shipped defaults`)}
            </Typography.Text>
          )}
        </Space>
        <QueryState
          query={rules}
          rows={8}
          isEmpty={(d) => d.length === 0}
          empty={
            <Alert
              type="info"
              showIcon
              title={t('还没有规则', 'No rules yet')}
              description={t('没有规则时不会产生任何时限和预警。点击“新建规则”添加第一条。', 'Without rules no deadlines or alerts arise. Click “New rule” to add the first.')}
            />
          }
        >
          {() => (
            <Table<ServiceTargetRule>
              data-testid="rules-table"
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1060 }}
              locale={{ emptyText: t('没有符合条件的规则', 'No rule matches') }}
              expandable={{
                rowExpandable: (r) => !!r.description || (!!r.note && r.note !== DEFAULT_NOTE),
                expandedRowRender: (r) => (
                  <Space orientation="vertical" size={4} style={{ paddingInlineStart: 8 }}>
                    {r.description && (
                      <span>
                        <Typography.Text type="secondary">{t('说明：', 'Description: ')}</Typography.Text>
                        {r.description}
                      </span>
                    )}
                    {r.note && (
                      <span>
                        <Typography.Text type="secondary">{t('备注：', 'Note: ')}</Typography.Text>
                        {r.note === DEFAULT_NOTE
                          ? t('本局选定的默认值，并非报告中的数字', r.note)
                          : r.note}
                      </span>
                    )}
                  </Space>
                ),
              }}
            />
          )}
        </QueryState>
      </Card>
      {drawer && (
        <RuleDrawer
          key={drawer.mode === 'edit' ? drawer.rule.id : 'new'}
          mode={drawer.mode}
          rule={drawer.mode === 'edit' ? drawer.rule : undefined}
          onClose={() => setDrawer(null)}
          onSaved={onSaved}
        />
      )}
      {history && <RuleHistoryDrawer ruleId={history.id} title={label({ zh: history.name, en: history.nameEn })} onClose={() => setHistory(null)} />}
    </>
  );
}
