import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { LevelLight } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import { levelRank, sideTableOrder, type UnitFigures } from '../../lib/geo';

const KIND_LABELS: Record<string, { zh: string; en: string }> = {
  REGION: { zh: '自治区', en: 'Region' },
  CITY: { zh: '盟市', en: 'City' },
  DISTRICT: { zh: '市辖区', en: 'District' },
  COUNTY: { zh: '县', en: 'County' },
  BANNER: { zh: '旗', en: 'Banner' },
  DEV_ZONE: { zh: '开发区', en: 'Dev. zone' },
  NEW_AREA: { zh: '新区', en: 'New area' },
  DEPARTMENT: { zh: '部门', en: 'Department' },
};

/** Every unit of the map's scope with the same figures as the map, so the map can be read as a table. */
export function MapSideTable({ rows, height }: { rows: UnitFigures[]; height: number }) {
  const { t, label, name, lang } = useI18n();
  const columns: ColumnsType<UnitFigures> = [
    {
      title: t('单位', 'Unit'),
      key: 'unit',
      render: (_, r) => (
        <Space size={4} wrap={false}>
          <Link to={`/projects?unitId=${r.unit.id}`}>{name(r.unit.nameZh, r.unit.nameEn)}</Link>
          {r.isRoot ? (
            <Tag style={{ marginInlineEnd: 0 }}>{t('本级', 'own level')}</Tag>
          ) : !r.district && KIND_LABELS[r.unit.kind] ? (
            <Tag style={{ marginInlineEnd: 0 }} color="blue">
              {label(KIND_LABELS[r.unit.kind])}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('项目', 'Proj.'),
      dataIndex: 'projects',
      align: 'right',
      width: 68,
      sorter: (a, b) => a.projects - b.projects,
    },
    {
      title: t('协议投资', 'Invest.'),
      dataIndex: 'investment',
      align: 'right',
      width: lang === 'en' ? 120 : 100,
      sorter: (a, b) => a.investment - b.investment,
      render: (v: number) => (v > 0 ? formatMoney(v, lang) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('在途预警', 'Alerts'),
      key: 'alerts',
      align: 'right',
      width: 116,
      sorter: (a, b) => levelRank(a.worstLevel) - levelRank(b.worstLevel) || a.alerts.total - b.alerts.total,
      render: (_, r) =>
        r.alerts.total ? (
          <Space size={6}>
            <LevelLight level={r.worstLevel} compact />
            <span>{r.alerts.total}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {(['ESCALATED', 'OVERDUE', 'WARNING'] as const)
                .filter((l) => r.alerts[l])
                .map((l) => `${label(LEVEL_META[l]).slice(0, lang === 'en' ? 3 : 1)}${r.alerts[l]}`)
                .join(' ')}
            </Typography.Text>
          </Space>
        ) : (
          <Space size={6}>
            <LevelLight level={null} compact />
            <Typography.Text type="secondary">0</Typography.Text>
          </Space>
        ),
    },
  ];
  return (
    <Table<UnitFigures>
      data-testid="map-side-table"
      size="small"
      rowKey={(r) => r.unit.id}
      columns={columns}
      dataSource={[...rows].sort(sideTableOrder)}
      pagination={false}
      scroll={{ y: height }}
      summary={(data) => {
        const projects = data.reduce((n, r) => n + r.projects, 0);
        const investment = data.reduce((n, r) => n + Math.round(r.investment * 100), 0) / 100;
        const alerts = data.reduce((n, r) => n + r.alerts.total, 0);
        return (
          <Table.Summary fixed>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('合计', 'Total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <strong>{projects}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <strong>{investment > 0 ? formatMoney(investment, lang) : '—'}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <strong>{alerts}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        );
      }}
    />
  );
}
