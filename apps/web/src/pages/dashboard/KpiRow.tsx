import type { ReactNode } from 'react';
import { Card, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page, ProjectListItem } from '../../api/types';
import { ALL_STAGES } from '../../lib/domain';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import { formatPercent, moneyParts, type DashboardKpis } from '../../lib/dashboard';

function KpiCard({
  testId,
  title,
  help,
  action,
  children,
  footer,
}: {
  testId: string;
  title: string;
  help: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  footer: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid={testId} styles={{ body: { padding: '12px 16px', height: '100%', display: 'flex', flexDirection: 'column' } }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 4, color: 'rgba(0,0,0,0.55)' }}>
        <span>{title}</span>
        <Tooltip title={help}>
          <InfoCircleOutlined tabIndex={0} role="img" aria-label={t(`${title}的口径`, `How "${title}" is counted`)} style={{ cursor: 'help' }} />
        </Tooltip>
        {action && <span style={{ marginInlineStart: 'auto', fontSize: 12 }}>{action}</span>}
      </div>
      <div style={{ flex: 1 }}>{children}</div>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginTop: 4, minHeight: 22 }}>{footer}</div>
    </Card>
  );
}

const valueStyle = { fontSize: 26, fontWeight: 600, fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };
const suffixStyle = { fontSize: 14, fontWeight: 400, color: 'rgba(0,0,0,0.65)' };

/**
 * How many of the counted projects report an agreed investment at all (many source lists give none), so
 * the total is read for what it is. The dashboard does not say; the ledger's count with minInvestment=0 does.
 */
function useReportedInvestmentCount(unitId: string) {
  return useQuery({
    queryKey: ['dashboard', 'investment-reported', unitId],
    queryFn: () =>
      api
        .get<Page<ProjectListItem>>('/projects', {
          unitId,
          minInvestment: '0',
          stage: ALL_STAGES.filter((s) => s !== 'CANCELLED'),
          page: 1,
          pageSize: 1,
        })
        .then((p) => p.total),
    staleTime: 60_000,
  });
}

/** The five figures a 局长 reads first: projects, agreed investment, open alerts, landing and start rates. */
export function KpiRow({ k, openChange, unitId }: { k: DashboardKpis; openChange: number | null; unitId: string }) {
  const { t, lang, label } = useI18n();
  const reported = useReportedInvestmentCount(unitId);
  const money = moneyParts(k.investment, lang);
  const ledger = `/projects?unitId=${unitId}`;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(196px, 1fr))', gap: 16, marginBottom: 16 }}>
      <KpiCard
        testId="kpi-projects"
        title={t('在库项目', 'Projects')}
        help={t(
          '所选范围内（含下级单位）的全部项目，含谋划储备、洽谈和停缓建项目；已终止项目不计入。',
          'All projects of the chosen unit and the units below it, including reserve, negotiating and on-hold ones; terminated projects are not counted.',
        )}
        action={<Link to={ledger}>{t('台账', 'Ledger')}</Link>}
        footer={t(`其中停缓建 ${k.onHold} · 另有已终止 ${k.cancelled}`, `Incl. ${k.onHold} on hold · ${k.cancelled} terminated not counted`)}
      >
        <Statistic value={k.projects} suffix={t('个', '')} styles={{ content: valueStyle, suffix: suffixStyle }} />
      </KpiCard>

      <KpiCard
        testId="kpi-investment"
        title={t('协议总投资', 'Agreed investment')}
        help={t(
          `在库项目（不含已终止）签约协议投资额之和；未填写投资额的项目不计入。其中已开工项目：${formatMoney(k.startedInvestment, lang)}。`,
          `Sum of the agreed investment of the projects counted (terminated ones excluded); projects without a figure add nothing. Of which started projects: ${formatMoney(k.startedInvestment, lang)}.`,
        )}
        footer={
          reported.data !== undefined
            ? t(`${reported.data} / ${k.projects} 个项目填报了投资额`, `${reported.data} of ${k.projects} projects report a figure`)
            : t(`其中已开工：${formatMoney(k.startedInvestment, lang)}`, `Of which started: ${formatMoney(k.startedInvestment, lang)}`)
        }
      >
        <Statistic value={money.value} precision={money.precision} suffix={money.unit} styles={{ content: valueStyle, suffix: suffixStyle }} />
      </KpiCard>

      <KpiCard
        testId="kpi-alerts"
        title={t('在途预警', 'Open alerts')}
        help={t(
          '尚未解除的预警（含已认领、正在办理的），按最高等级计：督办 > 红灯 > 黄灯。与上周末相比的变化见下方。',
          'Alerts not yet resolved (acknowledged ones included), by their current level: escalated > red > yellow. The change since last weekend is shown below.',
        )}
        action={<Link to={`/alerts?unitId=${unitId}`}>{t('预警', 'Alerts')}</Link>}
        footer={
          <Space size={4} wrap>
            <Tag color={LEVEL_META.ESCALATED.antd} style={{ marginInlineEnd: 0 }}>
              {label(LEVEL_META.ESCALATED)} {k.escalated}
            </Tag>
            <Tag color={LEVEL_META.OVERDUE.antd} style={{ marginInlineEnd: 0 }}>
              {label(LEVEL_META.OVERDUE)} {k.overdue}
            </Tag>
            <Tag color={LEVEL_META.WARNING.antd} style={{ marginInlineEnd: 0 }}>
              {label(LEVEL_META.WARNING)} {k.warning}
            </Tag>
          </Space>
        }
      >
        <Space align="baseline" size={12}>
          <Statistic value={k.openAlerts} suffix={t('条', '')} styles={{ content: { ...valueStyle, color: k.escalated ? LEVEL_META.ESCALATED.color : undefined }, suffix: suffixStyle }} />
          {openChange !== null && openChange !== 0 && (
            <Typography.Text
              style={{ color: openChange > 0 ? LEVEL_META.OVERDUE.color : '#389e0d', fontSize: 13 }}
              aria-label={t(`较上周末${openChange > 0 ? '增加' : '减少'} ${Math.abs(openChange)} 条`, `${Math.abs(openChange)} ${openChange > 0 ? 'more' : 'fewer'} than last weekend`)}
            >
              {openChange > 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(openChange)} {t('较上周', 'vs last wk')}
            </Typography.Text>
          )}
        </Space>
      </KpiCard>

      <KpiCard
        testId="kpi-landed"
        title={t('签约项目落地率', 'Signed → landed')}
        help={t(
          `已签约项目 = 处于“签约”至“达产达效”各阶段的项目（${k.signed} 个；停缓建、已终止不计入）。落地率 = 其中处于“落地”及以后阶段的项目（${k.landed} 个）所占比例。`,
          `Signed projects = projects at any stage from Signed to At capacity (${k.signed}; on-hold and terminated ones not counted). Landing rate = share of them at Landed or later (${k.landed}).`,
        )}
        footer={t(`已落地 ${k.landed} / 已签约 ${k.signed}`, `${k.landed} landed of ${k.signed} signed`)}
      >
        <Statistic value={formatPercent(k.landedShare)} styles={{ content: valueStyle, suffix: suffixStyle }} />
      </KpiCard>

      <KpiCard
        testId="kpi-started"
        title={t('签约项目开工率', 'Signed → started')}
        help={t(
          `开工率 = 已签约项目（${k.signed} 个，口径同落地率）中处于“开工在建”及以后阶段（竣工、试生产、投产、达产）的项目（${k.started} 个）所占比例。`,
          `Start rate = share of the signed projects (${k.signed}, counted as for the landing rate) at Under construction or later (complete, commissioning, operating, at capacity): ${k.started}.`,
        )}
        footer={t(`已开工 ${k.started} / 已签约 ${k.signed}`, `${k.started} started of ${k.signed} signed`)}
      >
        <Statistic value={formatPercent(k.startedShare)} styles={{ content: valueStyle, suffix: suffixStyle }} />
      </KpiCard>
    </div>
  );
}
