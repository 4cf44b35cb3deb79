import { useMemo, useState, type Key } from 'react';
import { Button, Card, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Unit } from '../../api/types';
import { useUnits } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { QueryState } from '../../components/QueryState';
import { filterTree, matchesSearch } from '../../lib/text-search';
import { useUsers } from './adminQueries';

export const UNIT_KIND_LABELS: Record<string, { zh: string; en: string; color: string }> = {
  REGION: { zh: '自治区', en: 'Region', color: 'magenta' },
  CITY: { zh: '盟市', en: 'City / league', color: 'red' },
  DISTRICT: { zh: '市辖区', en: 'District', color: 'blue' },
  COUNTY: { zh: '县', en: 'County', color: 'geekblue' },
  BANNER: { zh: '旗', en: 'Banner', color: 'cyan' },
  DEV_ZONE: { zh: '开发区 / 园区', en: 'Development zone', color: 'orange' },
  NEW_AREA: { zh: '新区', en: 'New area', color: 'gold' },
  TOWN: { zh: '乡镇', en: 'Town', color: 'green' },
  DEPARTMENT: { zh: '部门', en: 'Department', color: 'purple' },
};

interface Row {
  key: string;
  unit: Unit;
  children?: Row[];
}

function buildRows(units: Unit[]): Row[] {
  const ids = new Set(units.map((u) => u.id));
  const rows = new Map<string, Row>(units.map((u) => [u.id, { key: u.id, unit: u }]));
  const roots: Row[] = [];
  for (const u of units) {
    const row = rows.get(u.id)!;
    const parent = u.parentId && ids.has(u.parentId) ? rows.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

/** 单位: the read-only unit tree (GB/T 2260 divisions plus the city's zones and departments). */
export function UnitsPage() {
  const { t, name, label } = useI18n();
  const units = useUnits();
  const users = useUsers();
  const [search, setSearch] = useState('');
  /** Rows opened or closed by hand, for the search they were toggled under ('' = no search). */
  const [toggled, setToggled] = useState<{ search: string; keys: Key[] } | null>(null);

  const rows = useMemo(() => buildRows(units.data ?? []), [units.data]);
  const filtered = useMemo(
    () =>
      filterTree(rows, (r) =>
        matchesSearch([r.unit.nameZh, r.unit.nameEn, r.unit.code, r.unit.adminCode, UNIT_KIND_LABELS[r.unit.kind]?.zh, UNIT_KIND_LABELS[r.unit.kind]?.en], search),
      ),
    [rows, search],
  );
  const usersByUnit = useMemo(() => {
    const m = new Map<string, number>();
    for (const u of users.data ?? []) m.set(u.unitId, (m.get(u.unitId) ?? 0) + 1);
    return m;
  }, [users.data]);
  /** By default the region and the city are open, so Hohhot's districts show at once. */
  const defaultExpanded = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'REGION' || u.code === '150100').map((u) => u.id), [units.data]);
  const q = search.trim();
  const expandedKeys = toggled && toggled.search === q ? toggled.keys : q ? filtered.expanded : defaultExpanded;
  const withAdminCode = (units.data ?? []).filter((u) => u.adminCode).length;

  const columns: TableColumnsType<Row> = [
    {
      title: t('单位名称', 'Unit'),
      key: 'name',
      width: 330,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name(r.unit.nameZh, r.unit.nameEn)}</Typography.Text>
          {r.unit.nameEn && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {label({ zh: r.unit.nameEn, en: r.unit.nameZh })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('类型', 'Kind'),
      key: 'kind',
      width: 140,
      render: (_, r) => {
        const k = UNIT_KIND_LABELS[r.unit.kind];
        return <Tag color={k?.color}>{k ? label(k) : r.unit.kind}</Tag>;
      },
    },
    {
      title: t('行政区划代码', 'Division code'),
      key: 'adminCode',
      width: 130,
      render: (_, r) => (r.unit.adminCode ? <Typography.Text code>{r.unit.adminCode}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('单位代码', 'Code'),
      key: 'code',
      width: 220,
      ellipsis: true,
      render: (_, r) => <Typography.Text copyable={{ text: r.unit.code }}>{r.unit.code}</Typography.Text>,
    },
    {
      title: t('层级路径', 'Path'),
      key: 'path',
      ellipsis: true,
      render: (_, r) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.unit.path }}>
          {r.unit.path}
        </Typography.Text>
      ),
    },
    {
      title: t('用户数', 'Users'),
      key: 'users',
      width: 90,
      align: 'right',
      render: (_, r) => (users.data ? (usersByUnit.get(r.unit.id) ?? 0) || <Typography.Text type="secondary">0</Typography.Text> : '—'),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('单位', 'Units')}
        sub={t(
          '单位来自系统预置的 GB/T 2260 行政区划代码（开发区、新区和部门为本市补充，无行政区划代码），此处只读；用户的可见范围是其单位及下级单位。',
          'Units come from the seeded GB/T 2260 administrative division codes (development zones, new areas and departments are local additions without one); read-only here. A user sees their unit and everything below it.',
        )}
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('搜索名称、代码或类型', 'Search name, code or kind')}
            aria-label={t('搜索单位', 'Search units')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 320 }}
          />
          {!q && units.data && (
            <>
              <Button onClick={() => setToggled({ search: '', keys: units.data.filter((u) => units.data.some((c) => c.parentId === u.id)).map((u) => u.id) })}>{t('全部展开', 'Expand all')}</Button>
              <Button onClick={() => setToggled({ search: '', keys: [] })}>{t('全部收起', 'Collapse all')}</Button>
            </>
          )}
          {units.data && (
            <Typography.Text type="secondary">
              {t(`共 ${units.data.length} 个单位，${withAdminCode} 个有行政区划代码`, `${units.data.length} units, ${withAdminCode} with a division code`)}
            </Typography.Text>
          )}
        </Space>
        <QueryState query={units} rows={8} isEmpty={(d) => d.length === 0} empty={<Typography.Text type="secondary">{t('尚未导入单位。', 'No units have been seeded.')}</Typography.Text>}>
          {() => (
            <Table<Row>
              size="small"
              columns={columns}
              dataSource={filtered.tree}
              pagination={false}
              expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: (keys) => setToggled({ search: q, keys: [...keys] }), indentSize: 20 }}
              locale={{ emptyText: t('没有符合条件的单位', 'No unit matches') }}
              scroll={{ x: 960 }}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
