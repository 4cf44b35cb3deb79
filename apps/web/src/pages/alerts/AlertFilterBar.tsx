import { useMemo } from 'react';
import { Button, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { ClearOutlined } from '@ant-design/icons';
import type { AlertLevel, AlertStatus, AssignableUser, Me, Unit } from '../../api/types';
import { unitTree } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { ALERT_LEVELS, ALERT_STATUSES, ALERT_STATUS_META, canListAssignable, type AlertFilters } from '../../lib/alerts';

/** The inbox filters: level, status, unit (own subtree for staff and managers), assignee and project. */
export function AlertFilterBar({
  filters,
  onChange,
  onReset,
  isDefault,
  me,
  units,
  assignable,
  assignableLoading,
  knownAssignees,
  projectLabel,
  vertical = false,
}: {
  filters: AlertFilters;
  onChange: (patch: Partial<AlertFilters>) => void;
  onReset: () => void;
  isDefault: boolean;
  me: Me;
  units: Unit[] | undefined;
  assignable: AssignableUser[] | undefined;
  assignableLoading: boolean;
  /** Assignees seen in the list, so a filter from a link still shows a name. */
  knownAssignees: Map<string, string>;
  projectLabel: string | null;
  vertical?: boolean;
}) {
  const { t, label, name } = useI18n();
  const scoped = me.role === 'staff' || me.role === 'manager' || me.role === 'viewer';
  const tree = useMemo(
    () => (units ? unitTree(units, (u) => name(u.nameZh, u.nameEn), scoped ? me.unit.path : undefined) : []),
    [units, name, scoped, me.unit.path],
  );
  const assigneeOptions = useMemo(() => {
    // Alerts are assigned to staff and managers only, so "me" is offered to them alone.
    const opts = me.role === 'staff' || me.role === 'manager' ? [{ value: 'me', label: t(`我（${me.displayName}）`, `Me (${me.displayName})`) }] : [];
    const seen = new Set<string>([me.id]);
    for (const u of assignable ?? []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      opts.push({ value: u.id, label: `${u.displayName} · ${u.unit.nameZh}` });
    }
    if (filters.assignee && filters.assignee !== 'me' && !seen.has(filters.assignee)) {
      opts.push({ value: filters.assignee, label: knownAssignees.get(filters.assignee) ?? t('指定人员', 'A chosen person') });
    }
    return opts;
  }, [assignable, me, filters.assignee, knownAssignees, t]);

  const width = vertical ? '100%' : undefined;
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', flexDirection: vertical ? 'column' : 'row', alignSelf: 'stretch' }}
      data-testid="alert-filters"
    >
      <Select<AlertLevel[]>
        mode="multiple"
        aria-label={t('预警等级', 'Level')}
        prefix={t('等级', 'Level')}
        placeholder={t('全部', 'All')}
        value={filters.levels}
        onChange={(levels) => onChange({ levels })}
        style={{ width: width ?? 230 }}
        maxTagCount="responsive"
        allowClear
        options={ALERT_LEVELS.map((l) => ({ value: l, label: <span style={{ color: LEVEL_META[l].color, fontWeight: 500 }}>{label(LEVEL_META[l])}</span> }))}
        data-testid="filter-level"
      />
      <Select<AlertStatus[]>
        mode="multiple"
        aria-label={t('处理状态', 'Status')}
        prefix={t('状态', 'Status')}
        placeholder={t('全部', 'All')}
        value={filters.statuses}
        onChange={(statuses) => onChange({ statuses })}
        style={{ width: width ?? 250 }}
        maxTagCount="responsive"
        allowClear
        options={ALERT_STATUSES.map((s) => ({ value: s, label: label(ALERT_STATUS_META[s]) }))}
        data-testid="filter-status"
      />
      <TreeSelect
        aria-label={t('所属单位', 'Unit')}
        prefix={t('单位', 'Unit')}
        placeholder={scoped ? me.unit.nameZh : t('全部单位', 'All units')}
        value={filters.unitId ?? undefined}
        onChange={(v: string | undefined) => onChange({ unitId: v ?? null, assignee: filters.assignee === 'me' ? 'me' : null })}
        treeData={tree}
        treeDefaultExpandedKeys={tree.map((n) => n.key)}
        showSearch={{ treeNodeFilterProp: 'title' }}
        allowClear
        loading={!units}
        style={{ width: width ?? 210 }}
        popupMatchSelectWidth={false}
        data-testid="filter-unit"
      />
      {(assigneeOptions.length > 0 || canListAssignable(me.role)) && (
        <Select<string>
          aria-label={t('责任人', 'Assignee')}
          prefix={t('责任人', 'Assignee')}
          placeholder={t('全部', 'All')}
          value={filters.assignee ?? undefined}
          onChange={(v) => onChange({ assignee: v ?? null })}
          options={assigneeOptions}
          loading={assignableLoading}
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          style={{ width: width ?? 210 }}
          popupMatchSelectWidth={false}
          notFoundContent={
            assignableLoading
              ? t('加载中…', 'Loading…')
              : t('该单位没有可承办预警的人员，可先选择下级单位', 'Nobody here takes alerts; choose a unit first')
          }
          data-testid="filter-assignee"
        />
      )}
      {filters.projectId && (
        <Tag closable onClose={() => onChange({ projectId: null })} style={{ margin: 0, padding: '4px 8px', maxWidth: vertical ? '100%' : 280 }}>
          <Typography.Text ellipsis style={{ maxWidth: vertical ? 300 : 230 }}>
            {t('项目：', 'Project: ')}
            {projectLabel ?? '…'}
          </Typography.Text>
        </Tag>
      )}
      {!isDefault && (
        <Space>
          <Button icon={<ClearOutlined />} onClick={onReset} data-testid="filter-reset">
            {t('重置筛选', 'Reset filters')}
          </Button>
        </Space>
      )}
    </div>
  );
}
