import { useMemo } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Tooltip } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useUnits } from '../../api/reference';
import type { Dashboard } from '../../api/types';
import { useMe } from '../../auth/auth';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { dashboardKpis, funnelRows, openAlertChange, rankAlertUnits, stageAgeRows, trendRows } from '../../lib/dashboard';
import { AlertsByUnitChart, AlertTrendChart, FunnelChart, StageAgeChart } from './DashboardCharts';
import { KpiRow } from './KpiRow';
import { scopePathOf, UnitPicker } from './UnitPicker';
import { useDashboard } from './useDashboard';

function DashboardBody({ d, unitId }: { d: Dashboard; unitId: string }) {
  const { t } = useI18n();
  const kpis = useMemo(() => dashboardKpis(d), [d]);
  const funnel = useMemo(() => funnelRows(d), [d]);
  const ranking = useMemo(() => rankAlertUnits(d, unitId), [d, unitId]);
  const ages = useMemo(() => stageAgeRows(d), [d]);
  const trend = useMemo(() => trendRows(d), [d]);
  const nothing = kpis.projects + kpis.cancelled === 0 && kpis.openAlerts === 0 && trend.every((w) => w.open + w.opened + w.resolved === 0);
  // Room for one bar per unit in the ranking; the funnel beside it takes the same height.
  const topHeight = Math.max(360, Math.min(560, ranking.length * 22 + 48));
  return (
    <>
      <KpiRow k={kpis} openChange={openAlertChange(trend)} unitId={unitId} />
      {nothing ? (
        <Card>
          <Empty
            description={t(
              '所选范围内还没有项目和预警。可在上方选择其他单位，或在项目台账中登记项目。',
              'No projects or alerts in this scope yet. Pick another unit above, or register projects in the ledger.',
            )}
          />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <FunnelChart rows={funnel} unitId={unitId} height={topHeight} />
          </Col>
          <Col xs={24} xl={12}>
            <AlertsByUnitChart rows={ranking} height={topHeight} />
          </Col>
          <Col xs={24} xl={12}>
            <StageAgeChart rows={ages} unitId={unitId} height={340} />
          </Col>
          <Col xs={24} xl={12}>
            <AlertTrendChart rows={trend} height={340} />
          </Col>
        </Row>
      )}
    </>
  );
}

/** 驾驶舱: the week's picture of one unit subtree — KPIs, the stage funnel, the alert ranking, stage age, the alert trend. */
export function DashboardPage() {
  const me = useMe();
  const { t, name } = useI18n();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') || me.unitId;
  const units = useUnits();
  const unit = units.data?.find((u) => u.id === unitId);
  const scopePath = scopePathOf(me);
  // A unit in the link that the user may not look at: say so and offer their own unit, no request made.
  const outOfScope = units.data !== undefined && (!unit || (scopePath !== undefined && !unit.path.startsWith(scopePath)));
  // The user's own unit loads at once; a unit from the link waits for the unit list to confirm it.
  const query = useDashboard(unitId, unitId === me.unitId || units.isError || (units.data !== undefined && !outOfScope));

  const pick = (id: string) => {
    const next = new URLSearchParams(params);
    if (id === me.unitId) next.delete('unitId');
    else next.set('unitId', id);
    setParams(next);
  };
  const backHome = () => pick(me.unitId);

  const sub = [
    unit && !outOfScope ? t(`统计范围：${unit.nameZh}（含下级单位）`, `Scope: ${name(unit.nameZh, unit.nameEn)} and the units below`) : null,
    query.data ? t(`数据截至 ${query.data.asOf}`, `As of ${query.data.asOf}`) : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div data-testid="dashboard">
      <PageHeader
        title={t('驾驶舱', 'Dashboard')}
        sub={sub || undefined}
        extra={
          <>
            <UnitPicker value={outOfScope ? undefined : unitId} onChange={pick} />
            <Tooltip title={t('重新读取最新数据', 'Fetch the latest figures')}>
              <Button icon={<ReloadOutlined />} loading={query.isFetching} disabled={outOfScope} onClick={() => void query.refetch()} aria-label={t('刷新', 'Refresh')}>
                {t('刷新', 'Refresh')}
              </Button>
            </Tooltip>
          </>
        }
      />
      {outOfScope && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('链接中的单位不存在或不在您的管辖范围内。', 'The unit in the link does not exist or is outside your units.')}
          action={
            <Button size="small" onClick={backHome}>
              {t('回到本单位', 'Back to my unit')}
            </Button>
          }
        />
      )}
      {!outOfScope && (
        <div style={{ opacity: query.isPlaceholderData ? 0.55 : 1, transition: 'opacity 0.2s' }} aria-busy={query.isFetching}>
          <QueryState query={query} rows={12}>
            {(d) => <DashboardBody d={d} unitId={unitId} />}
          </QueryState>
        </div>
      )}
    </div>
  );
}
