import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert as AntAlert, Badge, Button, Card, Drawer, Empty, Grid, Skeleton, Space, Tooltip, Typography } from 'antd';
import { FilterOutlined, ReloadOutlined, SmileOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import type { Alert, AlertLevel, Unit } from '../../api/types';
import { useUnits } from '../../api/reference';
import { useMe } from '../../auth/auth';
import { useErrorText } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { canAlert, canListAssignable, DEFAULT_STATUSES, alertFiltersToParams, alertListQuery, parseAlertFilters, type AlertFilters } from '../../lib/alerts';
import { formatDateTime } from '../../lib/format';
import { AlertFilterBar } from './AlertFilterBar';
import { AlertSummary } from './AlertSummary';
import { AlertCards, AlertTable } from './AlertTable';
import { BulkActions } from './BulkActions';
import { useAlertCounts, useAlertList, useAssignable, useProject } from './alertQueries';
import './alerts.css';

/**
 * 预警督办: the alert inbox of managers and directors. Filters live in the URL (shareable, back-button
 * safe); paging is server-side; the API already orders 督办 → 红灯 → 黄灯, then by due date, with resolved
 * alerts last. Bulk actions work on a selection that survives paging.
 */
export function AlertInboxPage() {
  const { t, name } = useI18n();
  const me = useMe();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAlertFilters(params), [params]);
  // The selection belongs to one set of filters (it survives paging, not a change of filters), so a bulk
  // action never touches alerts the user can no longer see.
  const viewKey = alertFiltersToParams({ ...filters, page: 1, pageSize: filters.pageSize }).toString();
  const [selection, setSelection] = useState<{ view: string; alerts: Map<string, Alert> }>({ view: viewKey, alerts: new Map() });
  const selected = selection.view === viewKey ? selection.alerts : EMPTY;
  const setSelected = useCallback(
    (next: Map<string, Alert> | ((prev: Map<string, Alert>) => Map<string, Alert>)) =>
      setSelection((cur) => {
        const prev = cur.view === viewKey ? cur.alerts : EMPTY;
        return { view: viewKey, alerts: typeof next === 'function' ? next(prev) : next };
      }),
    [viewKey],
  );
  const [filtersOpen, setFiltersOpen] = useState(false);

  const units = useUnits();
  const unitsById = useMemo(() => new Map<string, Unit>((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const query = useMemo(() => alertListQuery(filters, me.id), [filters, me.id]);
  const list = useAlertList(query);
  const counts = useAlertCounts({ unitId: query.unitId, assigneeId: query.assigneeId, projectId: query.projectId });
  const assignable = useAssignable(filters.unitId ?? me.unitId, canListAssignable(me.role));
  const project = useProject(filters.projectId);

  const setFilters = useCallback(
    (patch: Partial<AlertFilters>) => {
      const next = { ...filters, page: 1, ...patch };
      setParams(alertFiltersToParams(next), { replace: false });
    },
    [filters, setParams],
  );
  const reset = () => setParams(new URLSearchParams());

  // A page past the end (after alerts were resolved, or from an old link) moves to the last page there is.
  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const pastEnd = !!list.data && !list.isPlaceholderData && list.data.items.length === 0 && list.data.total > 0 && filters.page > lastPage;
  useEffect(() => {
    if (pastEnd) setParams(alertFiltersToParams({ ...filters, page: lastPage }), { replace: true });
  }, [pastEnd, lastPage, filters, setParams]);
  const isDefault = params.toString() === '' || alertFiltersToParams({ ...filters, page: 1 }).toString() === '';

  const selectable = (['acknowledge', 'assign', 'resolve', 'comment'] as const).some((a) => canAlert(me.role, a));
  const onSelect = (rows: Alert[], on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      for (const r of rows) {
        if (on) next.set(r.id, r);
        else next.delete(r.id);
      }
      return next;
    });
  const knownAssignees = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of list.data?.items ?? []) if (a.assignee) m.set(a.assignee.id, a.assignee.displayName);
    return m;
  }, [list.data]);

  const onlyLevel: AlertLevel | null = filters.levels.length === 1 ? filters.levels[0] : null;
  const unackOnly = filters.statuses.length === 1 && filters.statuses[0] === 'OPEN';
  const activeFilterCount =
    (filters.levels.length ? 1 : 0) +
    (filters.statuses.join() !== DEFAULT_STATUSES.join() ? 1 : 0) +
    (filters.unitId ? 1 : 0) +
    (filters.assignee ? 1 : 0) +
    (filters.projectId ? 1 : 0);

  const filterBar = (
    <AlertFilterBar
      filters={filters}
      onChange={setFilters}
      onReset={reset}
      isDefault={isDefault}
      me={me}
      units={units.data}
      assignable={assignable.data}
      assignableLoading={assignable.isFetching}
      knownAssignees={knownAssignees}
      projectLabel={project.data ? `${name(project.data.nameZh, project.data.nameEn)}（${project.data.code}）` : project.isError ? t('（无法加载）', '(could not load)') : null}
      vertical={phone}
    />
  );
  const scopeText =
    me.role === 'director' || me.role === 'admin' ? t('全部单位', 'all units') : t(`${me.unit.nameZh}及下级单位`, `${me.unit.nameZh} and its sub-units`);

  const emptyState = isDefault ? (
    <Empty
      image={<SmileOutlined style={{ fontSize: 48, color: '#52c41a' }} />}
      description={t('没有待处理的预警，所有项目都在时限内。', 'No open alerts: every project is within its targets.')}
    />
  ) : (
    <Empty description={t('当前筛选条件下没有预警。', 'No alerts match these filters.')}>
      <Button onClick={reset}>{t('重置筛选', 'Reset filters')}</Button>
    </Empty>
  );

  return (
    <div data-testid="alert-inbox">
      <PageHeader
        title={t('预警督办', 'Alerts')}
        sub={t(`${scopeText}的黄灯、红灯与督办事项`, `Warnings, overdue and escalated items for ${scopeText}`)}
        extra={
          <>
            {phone && (
              <Badge count={activeFilterCount} size="small">
                <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen(true)} data-testid="open-filters">
                  {t('筛选', 'Filters')}
                </Button>
              </Badge>
            )}
            <Tooltip title={list.dataUpdatedAt ? t(`更新于 ${formatDateTime(new Date(list.dataUpdatedAt).toISOString())}`, `Updated ${formatDateTime(new Date(list.dataUpdatedAt).toISOString())}`) : undefined}>
              <Button
                icon={<ReloadOutlined spin={list.isFetching} />}
                onClick={() => {
                  void list.refetch();
                  counts.refetch();
                }}
                aria-label={t('刷新', 'Refresh')}
              >
                {!phone && t('刷新', 'Refresh')}
              </Button>
            </Tooltip>
          </>
        }
      />
      <AlertSummary
        counts={counts}
        activeLevel={onlyLevel}
        unackActive={unackOnly}
        onLevel={(level) => setFilters({ levels: onlyLevel === level ? [] : [level], statuses: unackOnly ? [...DEFAULT_STATUSES] : filters.statuses })}
        onUnacknowledged={() => setFilters({ statuses: unackOnly ? [...DEFAULT_STATUSES] : ['OPEN'], levels: [] })}
      />
      {phone ? (
        <Drawer
          open={filtersOpen}
          onClose={() => setFiltersOpen(false)}
          placement="bottom"
          size="auto"
          title={t('筛选预警', 'Filter alerts')}
          extra={
            <Button type="primary" onClick={() => setFiltersOpen(false)}>
              {t('查看结果', 'Show results')}
            </Button>
          }
        >
          {filterBar}
        </Drawer>
      ) : (
        <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: '10px 12px' } }}>
          {filterBar}
        </Card>
      )}
      {selectable && !phone && (
        <BulkActions me={me} selected={selected} unitsById={unitsById} placement="top" onClear={() => setSelected(new Map())} onSettled={(failed) => keepOnly(setSelected, failed)} />
      )}
      <Card size="small" styles={{ body: { padding: phone ? 8 : 0 } }} variant={phone ? 'borderless' : 'outlined'} style={phone ? { background: 'transparent' } : undefined}>
        {!phone && (
          <div style={{ padding: '10px 16px', display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline', justifyContent: 'space-between' }}>
            <Typography.Text strong>
              {list.data ? t(`共 ${list.data.total} 条`, `${list.data.total} alerts`) : t('预警列表', 'Alerts')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('排序：督办 → 红灯 → 黄灯，同级按到期日先后；已办结的排在最后', 'Order: escalated → red → yellow, then by due date; resolved last')}
            </Typography.Text>
          </div>
        )}
        {list.isError && (
          <AntAlert
            type="error"
            showIcon
            role="alert"
            style={{ margin: phone ? 0 : '0 16px 12px' }}
            title={t('预警加载失败', 'Could not load the alerts')}
            description={errorText(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('重试', 'Retry')}
              </Button>
            }
          />
        )}
        {list.isPending ? (
          <div style={{ padding: 16 }}>
            <Skeleton active paragraph={{ rows: 8 }} />
          </div>
        ) : list.data && list.data.items.length === 0 && !list.isPlaceholderData && !pastEnd ? (
          <div style={{ padding: '32px 0' }}>{emptyState}</div>
        ) : list.data ? (
          phone ? (
            <AlertCards
              page={list.data}
              loading={list.isFetching && list.isPlaceholderData}
              unitsById={unitsById}
              selectable={selectable}
              selected={selected}
              onSelect={onSelect}
              onPage={(page, pageSize) => setFilters({ page, pageSize })}
              backSearch={params.toString()}
            />
          ) : (
            <AlertTable
              page={list.data}
              loading={list.isFetching && list.isPlaceholderData}
              unitsById={unitsById}
              selectable={selectable}
              selected={selected}
              onSelect={onSelect}
              onPage={(page, pageSize) => setFilters({ page: pageSize === filters.pageSize ? page : 1, pageSize })}
              backSearch={params.toString()}
            />
          )
        ) : null}
      </Card>
      {selectable && phone && (
        <BulkActions me={me} selected={selected} unitsById={unitsById} placement="bottom" onClear={() => setSelected(new Map())} onSettled={(failed) => keepOnly(setSelected, failed)} />
      )}
    </div>
  );
}

const EMPTY: Map<string, Alert> = new Map();

/** After a bulk action only the failed alerts stay selected. */
function keepOnly(set: (next: (prev: Map<string, Alert>) => Map<string, Alert>) => void, ids: string[]) {
  set((prev) => new Map([...prev].filter(([id]) => ids.includes(id))));
}
