import { useMemo } from 'react';
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { EChartsOption } from 'echarts';
import { Link, useNavigate } from 'react-router';
import { ChartCard } from '../../components/ChartCard';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import { AGE_BUCKETS, type AlertUnitRow, type FunnelRow, type StageAgeRow, type TrendRow } from '../../lib/dashboard';
import type { AlertLevel } from '../../api/types';

const PRIMARY = '#b5282e';
const MUTED = '#e3a5a8';
const SIDE = '#bfbfbf';
const AXIS_TEXT = 'rgba(0,0,0,0.65)';

interface TooltipItem {
  marker?: string;
  seriesName?: string;
  value?: unknown;
  dataIndex: number;
}
const asItems = (p: unknown): TooltipItem[] => (Array.isArray(p) ? (p as TooltipItem[]) : [p as TooltipItem]);
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const ledgerLink = (stage: string, unitId: string) => `/projects?stage=${stage}&unitId=${unitId}`;

/** 推进漏斗: projects now at each canonical stage (the five milestones emphasised), 停缓建/终止 apart. */
export function FunnelChart({ rows, unitId, height }: { rows: FunnelRow[]; unitId: string; height: number }) {
  const { t, label, lang } = useI18n();
  const navigate = useNavigate();
  const main = rows.filter((r) => !r.side);
  const side = rows.filter((r) => r.side);
  const option = useMemo<EChartsOption>(() => {
    const max = Math.max(1, ...rows.map((r) => r.count));
    const bar = (r: FunnelRow) => ({
      value: r.count,
      stage: r.stage,
      itemStyle: { color: r.side ? SIDE : r.milestone ? PRIMARY : MUTED, borderRadius: [0, 3, 3, 0] },
    });
    const tip = (r: FunnelRow) =>
      `<b>${esc(label(r.label))}</b><br/>${t('当前项目', 'Projects now')}：${r.count}<br/>${t('协议投资', 'Agreed investment')}：${r.investment > 0 ? formatMoney(r.investment, lang) : '—'}` +
      (r.reached !== null ? `<br/>${t('到达本阶段及以后', 'Reached this stage or later')}：${r.reached}` : '') +
      `<br/><span style="color:#999">${t('点击查看项目', 'Click to list the projects')}</span>`;
    const axisLabel = (list: FunnelRow[]) => ({
      color: AXIS_TEXT,
      formatter: (_: string, i: number) => (list[i].milestone ? `{m|${label(list[i].label)}}` : label(list[i].label)),
      rich: { m: { fontWeight: 'bold' as const, color: '#1f1f1f' } },
    });
    const valueLabel = (list: FunnelRow[]) => ({
      show: true,
      position: 'right' as const,
      color: AXIS_TEXT,
      rich: { money: { color: '#8c8c8c', fontSize: 11 } },
      formatter: (p: { dataIndex: number }) => {
        const r = list[p.dataIndex];
        // The agreed investment only where some is reported: most source lists give none.
        return r.investment > 0 ? `${r.count}  {money|${formatMoney(r.investment, lang)}}` : String(r.count);
      },
    });
    const left = lang === 'en' ? 150 : 118;
    return {
      animationDuration: 400,
      grid: [
        { left, right: 128, top: 4, bottom: 64 },
        { left, right: 128, height: 40, bottom: 8 },
      ],
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const item = p as { seriesIndex: number; dataIndex: number };
          return tip((item.seriesIndex === 0 ? main : side)[item.dataIndex]);
        },
      },
      xAxis: [
        { type: 'value', gridIndex: 0, max, show: false },
        { type: 'value', gridIndex: 1, max, show: false },
      ],
      yAxis: [
        { type: 'category', gridIndex: 0, inverse: true, data: main.map((r) => r.stage), axisTick: { show: false }, axisLabel: axisLabel(main) },
        {
          type: 'category',
          gridIndex: 1,
          inverse: true,
          data: side.map((r) => r.stage),
          axisTick: { show: false },
          axisLine: { lineStyle: { type: 'dashed', color: '#d9d9d9' } },
          axisLabel: { ...axisLabel(side), color: '#8c8c8c' },
        },
      ],
      series: [
        { type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: main.map(bar), barMaxWidth: 20, label: valueLabel(main), cursor: 'pointer' },
        { type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: side.map(bar), barMaxWidth: 14, label: valueLabel(side), cursor: 'pointer' },
      ],
    };
  }, [rows, main, side, label, lang, t]);

  const columns: ColumnsType<FunnelRow> = [
    {
      title: t('阶段', 'Stage'),
      dataIndex: 'stage',
      render: (_, r) => (
        <Link to={ledgerLink(r.stage, unitId)} style={r.milestone ? { fontWeight: 600 } : r.side ? { color: '#8c8c8c' } : undefined}>
          {label(r.label)}
        </Link>
      ),
    },
    { title: t('当前项目数', 'Projects now'), dataIndex: 'count', align: 'right', width: 96 },
    {
      title: t('协议投资', 'Agreed investment'),
      dataIndex: 'investment',
      align: 'right',
      render: (v: number) => (v > 0 ? formatMoney(v, lang) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('到达本阶段及以后', 'Reached this stage or later'),
      dataIndex: 'reached',
      align: 'right',
      width: 130,
      render: (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('另计', 'apart')}</Typography.Text> : v),
    },
  ];

  return (
    <ChartCard<FunnelRow>
      testId="chart-funnel"
      title={t('项目推进漏斗', 'Pipeline by stage')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('加粗为关键节点', 'Bold: milestones')}
        </Typography.Text>
      }
      option={option}
      columns={columns}
      rows={rows}
      rowKey="stage"
      height={height}
      onChartClick={(p) => {
        const stage = (p.data as { stage?: string } | undefined)?.stage;
        if (stage) navigate(ledgerLink(stage, unitId));
      }}
    />
  );
}

const LEVELS_WORST_FIRST: AlertLevel[] = ['ESCALATED', 'OVERDUE', 'WARNING'];

type I18nFns = Pick<ReturnType<typeof useI18n>, 't' | 'name'>;
/** A unit's name; the scope root's own row reads "（本级）" — projects sitting on the root itself. */
const unitLabel = (r: AlertUnitRow, { t, name }: I18nFns) =>
  r.isRoot ? t(`${r.unit.nameZh}（本级）`, `${name(r.unit.nameZh, r.unit.nameEn)} (own level)`) : name(r.unit.nameZh, r.unit.nameEn);

/** 预警排名: open alerts per unit, stacked by level, worst unit on top. */
export function AlertsByUnitChart({ rows, height }: { rows: AlertUnitRow[]; height: number }) {
  const { t, label, name, lang } = useI18n();
  const navigate = useNavigate();
  const unitName = (r: AlertUnitRow) => unitLabel(r, { t, name });
  const option = useMemo<EChartsOption>(() => {
    const unitName = (r: AlertUnitRow) => unitLabel(r, { t, name });
    const names = rows.map(unitName);
    return {
      animationDuration: 400,
      legend: { top: 0, itemWidth: 12, itemHeight: 12, data: LEVELS_WORST_FIRST.map((l) => label(LEVEL_META[l])) },
      grid: { left: 8, right: 36, top: 28, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: unknown) => {
          const items = asItems(p);
          const r = rows[items[0].dataIndex];
          return (
            `<b>${esc(unitName(r))}</b>（${t('第', '#')}${r.rank}${t('名', '')}）<br/>` +
            items.map((i) => `${i.marker ?? ''}${esc(i.seriesName ?? '')}：${String(i.value)}`).join('<br/>') +
            `<br/>${t('合计', 'Total')}：${r.total}<br/><span style="color:#999">${t('点击查看该单位预警', 'Click to open its alerts')}</span>`
          );
        },
      },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLabel: { color: AXIS_TEXT, width: lang === 'en' ? 150 : 120, overflow: 'truncate' },
      },
      series: LEVELS_WORST_FIRST.map((level, i) => ({
        type: 'bar' as const,
        name: label(LEVEL_META[level]),
        stack: 'alerts',
        barMaxWidth: 16,
        cursor: 'pointer',
        itemStyle: { color: LEVEL_META[level].color },
        data: rows.map((r) => r[level]),
        // The total at the end of each stack, written by the last series.
        label:
          i === LEVELS_WORST_FIRST.length - 1
            ? { show: true, position: 'right' as const, color: AXIS_TEXT, formatter: (p: { dataIndex: number }) => String(rows[p.dataIndex].total) }
            : { show: false },
      })),
    };
  }, [rows, label, name, lang, t]);

  const columns: ColumnsType<AlertUnitRow> = [
    { title: t('排名', 'Rank'), dataIndex: 'rank', width: 56, align: 'center' },
    {
      title: t('单位', 'Unit'),
      key: 'unit',
      render: (_, r) => <Link to={`/alerts?unitId=${r.unit.id}`}>{unitName(r)}</Link>,
    },
    ...LEVELS_WORST_FIRST.map((level) => ({
      title: label(LEVEL_META[level]),
      dataIndex: level,
      width: 64,
      align: 'right' as const,
      render: (v: number) => (v ? <span style={{ color: LEVEL_META[level].color, fontWeight: 600 }}>{v}</span> : <Typography.Text type="secondary">0</Typography.Text>),
    })),
    { title: t('合计', 'Total'), dataIndex: 'total', width: 64, align: 'right' },
  ];

  return (
    <ChartCard<AlertUnitRow>
      testId="chart-alerts-by-unit"
      title={t('预警排名（按单位）', 'Alerts by unit (ranking)')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('督办 > 红灯 > 黄灯', 'Escalated > red > yellow')}
        </Typography.Text>
      }
      option={option}
      columns={columns}
      rows={rows}
      rowKey={'rank'}
      height={height}
      onChartClick={(p) => {
        const r = p.dataIndex !== undefined ? rows[p.dataIndex] : undefined;
        if (r) navigate(`/alerts?unitId=${r.unit.id}`);
      }}
    />
  );
}

/** 阶段停留时长: how long the projects of each live stage have been sitting in it. */
export function StageAgeChart({ rows, unitId, height }: { rows: StageAgeRow[]; unitId: string; height: number }) {
  const { t, label, lang } = useI18n();
  const navigate = useNavigate();
  const option = useMemo<EChartsOption>(
    () => ({
      animationDuration: 400,
      legend: { top: 0, itemWidth: 12, itemHeight: 12 },
      grid: { left: 8, right: 36, top: 28, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: unknown) => {
          const items = asItems(p);
          const r = rows[items[0].dataIndex];
          return (
            `<b>${esc(label(r.label))}</b>（${t('共', 'total ')}${r.total}）<br/>` +
            items.map((i) => `${i.marker ?? ''}${esc(i.seriesName ?? '')}：${String(i.value)}`).join('<br/>')
          );
        },
      },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => label(r.label)),
        axisTick: { show: false },
        axisLabel: { color: AXIS_TEXT, width: lang === 'en' ? 140 : 110, overflow: 'truncate' },
      },
      series: AGE_BUCKETS.map((b, i) => ({
        type: 'bar' as const,
        name: label(b),
        stack: 'age',
        barMaxWidth: 16,
        cursor: 'pointer',
        itemStyle: { color: b.color },
        data: rows.map((r) => ({ value: r.buckets[b.key], stage: r.stage })),
        label:
          i === AGE_BUCKETS.length - 1
            ? { show: true, position: 'right' as const, color: AXIS_TEXT, formatter: (p: { dataIndex: number }) => String(rows[p.dataIndex].total) }
            : { show: false },
      })),
    }),
    [rows, label, lang, t],
  );

  const columns: ColumnsType<StageAgeRow> = [
    { title: t('阶段', 'Stage'), dataIndex: 'stage', render: (_, r) => <Link to={ledgerLink(r.stage, unitId)}>{label(r.label)}</Link> },
    ...AGE_BUCKETS.map((b) => ({
      title: label(b),
      key: b.key,
      align: 'right' as const,
      render: (_: unknown, r: StageAgeRow) => r.buckets[b.key],
    })),
    { title: t('合计', 'Total'), dataIndex: 'total', align: 'right' },
  ];

  return (
    <ChartCard<StageAgeRow>
      testId="chart-stage-age"
      title={t('各阶段停留时长', 'Time in current stage')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('自进入当前阶段起算', 'Days since entering the stage')}
        </Typography.Text>
      }
      option={option}
      columns={columns}
      rows={rows}
      rowKey="stage"
      height={height}
      onChartClick={(p) => {
        const stage = (p.data as { stage?: string } | undefined)?.stage;
        if (stage) navigate(ledgerLink(stage, unitId));
      }}
    />
  );
}

/** 预警趋势: open alerts at the end of each of the last 12 weeks, with the alerts opened and resolved in it. */
export function AlertTrendChart({ rows, height }: { rows: TrendRow[]; height: number }) {
  const { t } = useI18n();
  const option = useMemo<EChartsOption>(() => {
    const open = t('在途预警（周末）', 'Open at week end');
    const opened = t('本周新增', 'Opened');
    const resolved = t('本周解除', 'Resolved');
    const flowMax = Math.max(4, Math.ceil(Math.max(...rows.map((r) => Math.max(r.opened, r.resolved))) * 1.6));
    const flowLabel = { show: true, position: 'top' as const, fontSize: 10, color: AXIS_TEXT, formatter: (p: { value: unknown }) => (Number(p.value) ? String(p.value) : '') };
    return {
      animationDuration: 400,
      legend: { top: 0, itemWidth: 12, itemHeight: 12 },
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (p: unknown) => {
          const items = asItems(p);
          const r = rows[items[0].dataIndex];
          return (
            `<b>${esc(r.week)}</b>（${t(`${r.weekStart} 起`, `from ${r.weekStart}`)}）<br/>` +
            items.map((i) => `${i.marker ?? ''}${esc(i.seriesName ?? '')}：${String(i.value)}`).join('<br/>')
          );
        },
      },
      xAxis: { type: 'category', data: rows.map((r) => r.short), axisTick: { alignWithLabel: true }, axisLabel: { color: AXIS_TEXT } },
      yAxis: [
        { type: 'value', name: t('在途', 'Open'), minInterval: 1, nameTextStyle: { color: AXIS_TEXT, align: 'left' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
        {
          type: 'value',
          name: t('新增/解除', 'In/out'),
          minInterval: 1,
          // Head-room, so a week with one resolved alert does not draw a bar as tall as the open line.
          max: flowMax,
          nameTextStyle: { color: AXIS_TEXT, align: 'right' },
          splitLine: { show: false },
        },
      ],
      series: [
        { type: 'bar', name: opened, yAxisIndex: 1, data: rows.map((r) => r.opened), itemStyle: { color: '#ffa39e' }, barMaxWidth: 14, label: flowLabel },
        { type: 'bar', name: resolved, yAxisIndex: 1, data: rows.map((r) => r.resolved), itemStyle: { color: '#95de64' }, barMaxWidth: 14, label: flowLabel },
        {
          type: 'line',
          name: open,
          yAxisIndex: 0,
          data: rows.map((r) => r.open),
          smooth: false,
          symbolSize: 6,
          lineStyle: { width: 3, color: PRIMARY },
          itemStyle: { color: PRIMARY },
          // Figures on the latest week and wherever the count changed, not on every point of a flat line.
          label: {
            show: true,
            position: 'top',
            color: PRIMARY,
            fontSize: 11,
            formatter: (p: { dataIndex: number; value: unknown }) =>
              p.dataIndex === rows.length - 1 || p.dataIndex === 0 || rows[p.dataIndex - 1].open !== rows[p.dataIndex].open ? String(p.value) : '',
          },
          z: 3,
        },
      ],
    };
  }, [rows, t]);

  const columns: ColumnsType<TrendRow> = [
    { title: t('周次', 'Week'), dataIndex: 'week' },
    { title: t('起始日', 'Starts'), dataIndex: 'weekStart' },
    { title: t('在途（周末）', 'Open at end'), dataIndex: 'open', align: 'right' },
    { title: t('新增', 'Opened'), dataIndex: 'opened', align: 'right' },
    { title: t('解除', 'Resolved'), dataIndex: 'resolved', align: 'right' },
  ];

  return (
    <ChartCard<TrendRow>
      testId="chart-alert-trend"
      title={t('近12周预警趋势', 'Alerts over the last 12 weeks')}
      option={option}
      columns={columns}
      rows={rows}
      rowKey="week"
      height={height}
    />
  );
}
