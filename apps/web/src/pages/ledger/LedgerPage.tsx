import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Card, Checkbox, Col, Dropdown, Input, Row, Select, Space, Table, TreeSelect, Typography, App, Tooltip } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined, FilterOutlined, PlusOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { unitTree, useClusters, useLists, useUnits } from '../../api/reference';
import type { Page, ProjectListItem } from '../../api/types';
import { useMe } from '../../auth/auth';
import { PageHeader } from '../../layout/AppShell';
import { LevelLight, StageTag } from '../../components/Tags';
import { QueryState, useErrorText } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { ALL_STAGES, FAMILY_LABELS, LEVEL_META, STAGE_LABELS, canWriteProjects } from '../../lib/domain';
import { formatDateTime, formatMoney } from '../../lib/format';
import {
  activeFilterCount,
  INVESTMENT_BANDS,
  ledgerSearchParams,
  PAGE_SIZES,
  parseLedgerFilters,
  toProjectQuery,
  type LedgerFilters,
} from '../../lib/ledger-filters';
import { CreateProjectDrawer } from './CreateProjectDrawer';

/** Columns the user can show or hide; the choice is remembered in this browser. */
const COLUMN_KEYS = ['alertLevel', 'code', 'name', 'unit', 'investor', 'stage', 'stageDays', 'totalInvestment', 'family', 'projectType', 'location', 'updatedAt'] as const;
type ColumnKey = (typeof COLUMN_KEYS)[number];
const DEFAULT_COLUMNS: ColumnKey[] = ['alertLevel', 'code', 'name', 'unit', 'stage', 'stageDays', 'totalInvestment', 'updatedAt'];
const COLUMNS_KEY = 'luodi.ledger.columns';
/** Columns of the .xlsx export for each visible column of the table. */
const EXPORT_COLUMNS: Record<ColumnKey, string[]> = {
  alertLevel: ['alertLevel'],
  code: ['code'],
  name: ['nameZh', 'nameEn'],
  unit: ['unit'],
  investor: ['investor'],
  stage: ['stage', 'stageDate'],
  stageDays: ['stageDays'],
  totalInvestment: ['totalInvestment'],
  family: ['family'],
  projectType: ['projectType'],
  location: ['location'],
  updatedAt: ['updatedAt'],
};
const SORTABLE: Partial<Record<ColumnKey, string>> = { code: 'code', name: 'name', stage: 'stageDate', totalInvestment: 'totalInvestment', updatedAt: 'updatedAt' };

function loadColumns(): ColumnKey[] {
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as string[] | null;
    const valid = saved?.filter((k): k is ColumnKey => (COLUMN_KEYS as readonly string[]).includes(k));
    return valid?.length ? valid : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

/** 项目台账: the filterable, sortable, exportable list of every project in the user's units. */
export function LedgerPage() {
  const me = useMe();
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseLedgerFilters(params), [params]);
  const [columns, setColumns] = useState<ColumnKey[]>(loadColumns);
  const [search, setSearch] = useState(filters.q ?? '');
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const units = useUnits();
  const clusters = useClusters();
  const lists = useLists();

  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);
  useEffect(() => localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns)), [columns]);

  const update = (patch: Partial<LedgerFilters>, keepPage = false) =>
    setParams(ledgerSearchParams({ ...filters, ...patch, page: keepPage ? (patch.page ?? filters.page) : 1 }));

  const projects = useQuery({
    queryKey: ['projects', 'list', toProjectQuery(filters)],
    queryFn: () => api.get<Page<ProjectListItem>>('/projects', toProjectQuery(filters)),
    placeholderData: keepPreviousData,
  });

  const scopePath = me.role === 'staff' || me.role === 'manager' || me.role === 'viewer' ? me.unit.path : undefined;
  const unitOptions = useMemo(() => unitTree(units.data ?? [], (u) => (lang === 'en' && u.nameEn ? u.nameEn : u.nameZh), scopePath), [units.data, lang, scopePath]);
  const clusterOptions = useMemo(() => {
    const items = clusters.data ?? [];
    return items
      .filter((c) => !c.parentId)
      .map((c) => ({
        value: c.id,
        title: lang === 'en' && c.nameEn ? c.nameEn : c.nameZh,
        children: items.filter((x) => x.parentId === c.id).map((x) => ({ value: x.id, title: lang === 'en' && x.nameEn ? x.nameEn : x.nameZh })),
      }));
  }, [clusters.data, lang]);

  const sortOrder = (key: string) => (filters.sort === key ? 'ascend' : filters.sort === `-${key}` ? 'descend' : null);
  const allColumns: Record<ColumnKey, ColumnsType<ProjectListItem>[number]> = {
    alertLevel: {
      key: 'alertLevel',
      title: t('预警', 'Alert'),
      width: 60,
      align: 'center',
      render: (_, p) => <LevelLight level={p.alertLevel} compact />,
    },
    code: { key: 'code', title: t('项目编号', 'Code'), dataIndex: 'code', width: 140, ellipsis: { showTitle: true }, sorter: true, sortOrder: sortOrder('code') },
    name: {
      key: 'name',
      title: t('项目名称', 'Project'),
      width: 280,
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Link to={`/projects/${p.id}`}>{p.nameZh}</Link>
          {lang === 'en' && p.nameEn && <Typography.Text type="secondary">{p.nameEn}</Typography.Text>}
        </Space>
      ),
    },
    unit: { key: 'unit', title: t('所属单位', 'Unit'), width: 120, ellipsis: true, render: (_, p) => p.unit.nameZh },
    investor: { key: 'investor', title: t('投资方', 'Investor'), width: 200, render: (_, p) => p.investor?.nameZh ?? '—' },
    stage: {
      key: 'stage',
      title: t('当前阶段', 'Stage'),
      width: 140,
      sorter: true,
      sortOrder: sortOrder('stageDate'),
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <StageTag stage={p.stage} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('自', 'since')} {p.stageDate}
          </Typography.Text>
        </Space>
      ),
    },
    stageDays: {
      key: 'stageDays',
      title: t('本阶段天数', 'Days in stage'),
      width: 96,
      align: 'right',
      render: (_, p) => (p.stageDays ?? '—').toLocaleString(),
    },
    totalInvestment: {
      key: 'totalInvestment',
      title: t('协议投资额', 'Investment'),
      width: 120,
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('totalInvestment'),
      render: (_, p) => formatMoney(p.totalInvestment, lang),
    },
    family: { key: 'family', title: t('项目类别', 'Family'), width: 130, render: (_, p) => label(FAMILY_LABELS[p.family]) },
    projectType: { key: 'projectType', title: t('项目类型', 'Type'), width: 120, render: (_, p) => p.projectType ?? '—' },
    location: { key: 'location', title: t('建设地点', 'Location'), width: 180, ellipsis: true, render: (_, p) => p.location ?? '—' },
    updatedAt: {
      key: 'updatedAt',
      title: t('更新时间', 'Updated'),
      width: 140,
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      render: (_, p) => formatDateTime(p.updatedAt),
    },
  };
  const columnTitles: Record<ColumnKey, string> = Object.fromEntries(COLUMN_KEYS.map((k) => [k, String(allColumns[k].title)])) as Record<ColumnKey, string>;
  const visible = COLUMN_KEYS.filter((k) => columns.includes(k)).map((k) => allColumns[k]);

  function onTableChange(pagination: TablePaginationConfig, _f: unknown, sorter: SorterResult<ProjectListItem> | SorterResult<ProjectListItem>[]) {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.columnKey ? SORTABLE[s.columnKey as ColumnKey] : undefined;
    const sort = key && s.order ? `${s.order === 'descend' ? '-' : ''}${key}` : '-updatedAt';
    const pageSize = pagination.pageSize ?? filters.pageSize;
    const sortChanged = sort !== filters.sort || pageSize !== filters.pageSize;
    update({ sort, pageSize, page: sortChanged ? 1 : (pagination.current ?? 1) }, !sortChanged);
  }

  async function exportXlsx() {
    setExporting(true);
    try {
      const cols = [...new Set(COLUMN_KEYS.filter((k) => columns.includes(k)).flatMap((k) => EXPORT_COLUMNS[k]))];
      await api.download('/projects/export', { ...toProjectQuery(filters, false), columns: cols }, 'luodi-projects.xlsx');
      message.success(t('已导出当前视图', 'The current view was exported'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  }

  const filterCount = activeFilterCount(filters);
  const total = projects.data?.total ?? 0;

  return (
    <div data-testid="ledger">
      <PageHeader
        title={t('项目台账', 'Project ledger')}
        sub={t(`共 ${total.toLocaleString()} 个项目符合条件`, `${total.toLocaleString()} projects match`)}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void projects.refetch()} loading={projects.isFetching && !projects.isPending}>
              {t('刷新', 'Refresh')}
            </Button>
            <Dropdown
              trigger={['click']}
              popupRender={() => (
                <Card size="small" style={{ width: 220 }}>
                  <Checkbox.Group
                    style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
                    value={columns}
                    onChange={(v) => setColumns((v as ColumnKey[]).length ? (v as ColumnKey[]) : ['name'])}
                    options={COLUMN_KEYS.map((k) => ({ value: k, label: columnTitles[k] }))}
                  />
                  <Button size="small" type="link" style={{ padding: 0, marginTop: 8 }} onClick={() => setColumns(DEFAULT_COLUMNS)}>
                    {t('恢复默认列', 'Default columns')}
                  </Button>
                </Card>
              )}
            >
              <Button icon={<SettingOutlined />} data-testid="column-chooser">
                {t('显示列', 'Columns')}
              </Button>
            </Dropdown>
            <Button icon={<DownloadOutlined />} onClick={exportXlsx} loading={exporting} disabled={!total} data-testid="export-xlsx">
              {t('导出 Excel', 'Export to Excel')}
            </Button>
            {canWriteProjects(me.role) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-project">
                {t('新建项目', 'New project')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} data-testid="ledger-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} md={12} xl={6}>
            <Input.Search
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              placeholder={t('项目名称、编号或投资方', 'Name, code or investor')}
              aria-label={t('搜索', 'Search')}
              maxLength={100}
            />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              style={{ width: '100%' }}
              value={filters.stage}
              onChange={(stage) => update({ stage })}
              placeholder={t('阶段', 'Stage')}
              aria-label={t('阶段', 'Stage')}
              options={ALL_STAGES.map((s) => ({ value: s, label: label(STAGE_LABELS[s]) }))}
            />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              style={{ width: '100%' }}
              value={filters.unitId}
              onChange={(unitId) => update({ unitId })}
              treeData={unitOptions}
              treeDefaultExpandAll={!!scopePath}
              placeholder={t('单位（含下级）', 'Unit (and below)')}
              aria-label={t('单位', 'Unit')}
              loading={units.isPending}
            />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              style={{ width: '100%' }}
              value={filters.clusterId}
              onChange={(clusterId) => update({ clusterId })}
              treeData={clusterOptions}
              placeholder={t('产业集群 / 产业链', 'Cluster / chain')}
              aria-label={t('产业集群', 'Cluster')}
              loading={clusters.isPending}
            />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Select
              allowClear
              style={{ width: '100%' }}
              value={filters.listId}
              onChange={(listId) => update({ listId })}
              placeholder={t('项目清单', 'List')}
              aria-label={t('项目清单', 'List')}
              options={(lists.data ?? []).map((l) => ({ value: l.id, label: lang === 'en' && l.nameEn ? l.nameEn : l.nameZh }))}
              loading={lists.isPending}
            />
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              value={filters.family}
              onChange={(family) => update({ family })}
              placeholder={t('项目类别', 'Family')}
              aria-label={t('项目类别', 'Family')}
              options={(['INVESTMENT', 'GOVERNMENT'] as const).map((f) => ({ value: f, label: label(FAMILY_LABELS[f]) }))}
            />
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              value={filters.band}
              onChange={(band) => update({ band })}
              placeholder={t('投资规模', 'Investment')}
              aria-label={t('投资规模', 'Investment band')}
              options={Object.entries(INVESTMENT_BANDS).map(([k, b]) => ({ value: k, label: lang === 'en' ? b.en : b.zh }))}
            />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              style={{ width: '100%' }}
              value={filters.alertLevel}
              onChange={(alertLevel) => update({ alertLevel })}
              placeholder={t('预警等级', 'Alert level')}
              aria-label={t('预警等级', 'Alert level')}
              options={[
                ...(['ESCALATED', 'OVERDUE', 'WARNING'] as const).map((l) => ({ value: l, label: label(LEVEL_META[l]) })),
                { value: 'NONE', label: t('无预警', 'No alert') },
              ]}
            />
          </Col>
          <Col xs={24} xl={4} style={{ display: 'flex', alignItems: 'center' }}>
            <Badge count={filterCount} size="small" offset={[6, 0]}>
              <Button icon={<FilterOutlined />} disabled={!filterCount} onClick={() => setParams(new URLSearchParams())}>
                {t('清除筛选', 'Clear filters')}
              </Button>
            </Badge>
          </Col>
        </Row>
      </Card>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <QueryState query={projects} rows={10}>
          {(data) => (
            <Table<ProjectListItem>
              data-testid="ledger-table"
              rowKey="id"
              size="middle"
              columns={visible}
              dataSource={data.items}
              loading={projects.isFetching}
              onChange={onTableChange}
              tableLayout="fixed"
              scroll={{ x: visible.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 160), 0) }}
              onRow={(p) => ({ 'data-testid': 'ledger-row', 'data-project-id': p.id }) as React.HTMLAttributes<HTMLElement>}
              pagination={{
                current: filters.page,
                pageSize: filters.pageSize,
                total: data.total,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES.map(String),
                showTotal: (n, [a, b]) => t(`第 ${a}–${b} 条，共 ${n} 条`, `${a}–${b} of ${n}`),
              }}
              locale={{
                emptyText: filterCount ? t('没有符合筛选条件的项目', 'No project matches these filters') : t('暂无项目', 'No projects yet'),
              }}
              footer={() => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <Tooltip title={t('预警灯表示该项目未办结预警中的最高等级', 'The light shows the worst level among the project’s open alerts')}>
                    <span>
                      {t('预警灯：', 'Lights: ')}
                      <LevelLight level={null} /> · <LevelLight level="WARNING" /> · <LevelLight level="OVERDUE" /> · <LevelLight level="ESCALATED" />
                    </span>
                  </Tooltip>
                </Typography.Text>
              )}
            />
          )}
        </QueryState>
      </Card>
      {creating && <CreateProjectDrawer onClose={() => setCreating(false)} />}
    </div>
  );
}
