import { useMemo } from 'react';
import { Alert, Button, Card, Col, Result, Row, Segmented, Space, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useUnits } from '../../api/reference';
import type { Dashboard, Unit } from '../../api/types';
import { useMe } from '../../auth/auth';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { formatMoney } from '../../lib/format';
import { districtFigures, mapScope, totalOf, unitFigures, type MapScope } from '../../lib/geo';
import { useDashboard } from '../dashboard/useDashboard';
import { DistrictMap, type ColourBy, type MapView } from './DistrictMap';
import { HOHHOT_DISTRICTS } from './hohhotMap';
import { MapSideTable } from './MapSideTable';

const MAP_HEIGHT = 468;

function MapBody({
  d,
  scope,
  units,
  colourBy,
  view,
  onView,
}: {
  d: Dashboard;
  scope: Exclude<MapScope<Unit>, { kind: 'outside' }>;
  units: Unit[];
  colourBy: ColourBy;
  view: MapView;
  onView: (v: MapView) => void;
}) {
  const { t, name, lang } = useI18n();
  const rows = useMemo(() => unitFigures(d, scope.root.id, HOHHOT_DISTRICTS), [d, scope.root.id]);
  const districts = useMemo(() => districtFigures(HOHHOT_DISTRICTS, scope, rows, units), [scope, rows, units]);
  const unitsByCode = useMemo(() => new Map(units.filter((u) => u.adminCode).map((u) => [u.adminCode!, u])), [units]);
  const total = totalOf(rows);
  const money = total.investment > 0 ? formatMoney(total.investment, lang) : '—';
  const rootName = name(scope.root.nameZh, scope.root.nameEn);
  const offMap = rows.filter((r) => !r.district);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={13}>
        <Card
          size="small"
          data-testid="district-map"
          title={
            <Space size={12} wrap={false}>
              <span>{t(`${rootName}：${total.projects} 个项目`, `${rootName}: ${total.projects} projects`)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                {t(`协议投资 ${money} · 在途预警 ${total.alerts.total} 条`, `Agreed ${money} · ${total.alerts.total} open alerts`)}
              </Typography.Text>
            </Space>
          }
          extra={
            <Segmented<MapView>
              size="small"
              value={view}
              onChange={onView}
              aria-label={t('地图范围', 'Map view')}
              options={[
                { label: t('全市', 'City'), value: 'city' },
                { label: t('主城区', 'Urban core'), value: 'urban' },
              ]}
            />
          }
          styles={{ body: { padding: 8 } }}
        >
          {scope.kind === 'district' && (
            <Alert
              type="info"
              showIcon
              style={{ margin: '0 0 8px' }}
              title={t(
                `您的管辖范围为${name(scope.district.nameZh, scope.district.nameEn)}${scope.root.id === scope.district.id ? '' : `内的${rootName}`}，其他旗县区显示为灰色。`,
                `Your units lie in ${name(scope.district.nameZh, scope.district.nameEn)}${scope.root.id === scope.district.id ? '' : ` (${rootName})`}; the other districts are shown grey.`,
              )}
            />
          )}
          {scope.kind === 'zone' && (
            <Alert
              type="info"
              showIcon
              style={{ margin: '0 0 8px' }}
              title={t(
                `${rootName}没有行政区划边界，不在地图上着色；数据见右侧表格。`,
                `${rootName} has no administrative boundary to colour; its figures are in the table.`,
              )}
            />
          )}
          <DistrictMap
            districts={districts}
            colourBy={colourBy}
            view={view}
            unitsByCode={unitsByCode}
            ownAdminCode={scope.kind === 'district' ? scope.district.adminCode : null}
            height={scope.kind === 'city' ? MAP_HEIGHT : MAP_HEIGHT - 48}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 8px 0' }}>
            {scope.kind === 'city'
              ? t(
                  `开发区、新区和市本级等没有行政区划边界的 ${offMap.length} 个单位只列在右侧表格中。点击旗县区查看其项目台账；主城区四区可切换到“主城区”放大查看。`,
                  `${offMap.length} units without an administrative boundary (development zones, new areas, the city's own level) are in the table only. Click a district to open its projects; switch to "Urban core" to enlarge the four urban districts.`,
                )
              : t('点击着色的区域查看项目台账。', 'Click the coloured district to open its projects.')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={11}>
        <Card size="small" title={t('各单位数据', 'Figures by unit')} styles={{ body: { padding: 0 } }}>
          <MapSideTable rows={rows} height={MAP_HEIGHT - 18} />
        </Card>
      </Col>
    </Row>
  );
}

/** 项目地图: Hohhot's districts coloured by projects or by their worst open alert, with every unit in a table beside. */
export function MapPage() {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const colourBy: ColourBy = params.get('color') === 'alerts' ? 'alerts' : 'projects';
  const view: MapView = params.get('view') === 'urban' ? 'urban' : 'city';
  const units = useUnits();
  const scope = useMemo<MapScope<Unit> | null>(() => {
    if (!units.data) return null;
    const own = units.data.find((u) => u.id === me.unitId);
    return own ? mapScope(own, me.role === 'director' || me.role === 'admin', units.data) : { kind: 'outside' };
  }, [units.data, me.unitId, me.role]);
  const inMap = scope && scope.kind !== 'outside' ? scope : null;
  const dashboard = useDashboard(inMap?.root.id, inMap !== null);

  /** Map options live in the URL (shareable), defaults left out. */
  const setParam = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <div data-testid="map-page">
      <PageHeader
        title={t('项目地图', 'Project map')}
        sub={dashboard.data ? t(`呼和浩特市各旗县区 · 数据截至 ${dashboard.data.asOf}`, `Districts of Hohhot · as of ${dashboard.data.asOf}`) : t('呼和浩特市各旗县区', 'Districts of Hohhot')}
        extra={
          <Space>
            <Segmented<ColourBy>
              value={colourBy}
              onChange={(c) => setParam('color', c, 'projects')}
              aria-label={t('着色方式', 'Colour by')}
              options={[
                { label: t('按项目数', 'By projects'), value: 'projects' },
                { label: t('按预警等级', 'By alert level'), value: 'alerts' },
              ]}
            />
            <Tooltip title={t('重新读取最新数据', 'Fetch the latest figures')}>
              <Button icon={<ReloadOutlined />} loading={dashboard.isFetching} disabled={!inMap} onClick={() => void dashboard.refetch()}>
                {t('刷新', 'Refresh')}
              </Button>
            </Tooltip>
          </Space>
        }
      />
      <QueryState query={units} rows={10}>
        {(list) =>
          !inMap ? (
            <Result
              status="info"
              title={t('项目地图覆盖呼和浩特市', 'The map covers Hohhot')}
              subTitle={t('您所在的单位不在呼和浩特市范围内，请在驾驶舱或项目台账中查看本单位数据。', 'Your unit is outside Hohhot; see your figures on the dashboard or in the ledger.')}
            />
          ) : (
            <QueryState query={dashboard} rows={10}>
              {(d) => <MapBody d={d} scope={inMap} units={list} colourBy={colourBy} view={view} onView={(v) => setParam('view', v, 'city')} />}
            </QueryState>
          )
        }
      </QueryState>
    </div>
  );
}
