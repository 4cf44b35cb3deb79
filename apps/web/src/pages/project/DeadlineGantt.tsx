import { useMemo } from 'react';
import { Grid, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { graphic, type CustomSeriesRenderItem, type EChartsOption } from 'echarts';
import type { Deadline } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ChartCard } from '../../components/ChartCard';
import { LEVEL_META } from '../../lib/domain';
import { CLOCK_STATUS_LABELS, addDays, clockBar, clockLevel, clockName, type ClockBar, type Span } from '../../lib/clocks';
import { daysBetween } from '../../lib/format';

/** Midnight (Asia/Shanghai) at the start of a business date, as epoch ms. */
const startOf = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
/** The end of a business date (start of the next day). */
const endOf = (date: string) => startOf(addDays(date, 1));

const COLORS = {
  plan: '#91caff',
  planMet: '#95de64',
  planPaused: '#d9d9d9',
  planEnded: '#e8e8e8',
  overrun: '#ff7875',
  paused: 'rgba(89, 89, 89, 0.55)',
  met: '#389e0d',
  today: '#b5282e',
};

interface Row {
  key: string;
  name: string;
  status: string;
  start: string;
  due: string;
  end: string;
  warn: string;
  escalate: string;
  paused: string;
}

/** Draws one horizontal rectangle from value(1) to value(2) on category row value(0), clipped to the grid. */
const rectItem =
  (heightShare: number, fill: (dataIndex: number) => string, stroke?: string): CustomSeriesRenderItem =>
  (params, api) => {
    const row = api.value(0) as number;
    const from = api.coord([api.value(1), row]);
    const to = api.coord([api.value(2), row]);
    const height = (api.size!([0, 1]) as number[])[1] * heightShare;
    const coordSys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const shape = graphic.clipRectByRect(
      { x: from[0], y: from[1] - height / 2, width: Math.max(to[0] - from[0], 2), height },
      { x: coordSys.x, y: coordSys.y, width: coordSys.width, height: coordSys.height },
    );
    if (!shape) return null;
    return {
      type: 'rect',
      shape,
      style: stroke ? { fill: fill(params.dataIndex), stroke, lineWidth: 1, lineDash: [3, 2] } : { fill: fill(params.dataIndex) },
    };
  };

/**
 * The clocks as a Gantt chart: each runs from its start to its due date (green once met, grey while
 * paused), red beyond the due date, dark hatching over the days the project stood on hold, triangles at
 * 黄灯 and 督办, a diamond on the day it was met, and a line for today. Also readable as a table.
 */
export function DeadlineGantt({ deadlines, holds, today }: { deadlines: Deadline[]; holds: Span[]; today: string }) {
  const { t, label } = useI18n();
  const narrow = !Grid.useBreakpoint().md;

  // A hold review clock measures the hold itself, so the hold is not drawn over it as paused time.
  const bars = useMemo(
    () => deadlines.map((d) => ({ d, bar: clockBar(d, d.kind === 'HOLD_REVIEW' ? [] : holds, today), name: label(clockName(d)) })),
    [deadlines, holds, today, label],
  );

  const option = useMemo<EChartsOption>(() => {
    const names = bars.map((b) => b.name);
    const dates = bars.flatMap(({ bar }) => [bar.start, bar.due, bar.end ?? bar.due]);
    dates.push(today);
    const min = startOf([...dates].sort()[0]);
    const max = endOf([...dates].sort().at(-1)!);
    const pad = Math.max((max - min) * 0.03, 86_400_000 * 3);
    const planFill = (i: number) => {
      const { d } = bars[i];
      if (d.status === 'MET') return COLORS.planMet;
      if (d.status === 'PAUSED') return COLORS.planPaused;
      if (d.status === 'CANCELLED' || d.status === 'WAIVED') return COLORS.planEnded;
      return COLORS.plan;
    };
    const overrun = bars.flatMap(({ bar }, i) => (bar.end && bar.end > bar.due ? [[i, endOf(bar.due), endOf(bar.end)]] : []));
    const paused = bars.flatMap(({ bar }, i) => bar.paused.map((p) => [i, startOf(p.from), endOf(p.to)]));
    const markers = (pick: (b: ClockBar) => string | null) =>
      bars.flatMap(({ bar }, i) => {
        const date = pick(bar);
        return date ? [{ value: [startOf(date), i], date }] : [];
      });
    const tip = (title: string, lines: string[]) => [`<b>${title}</b>`, ...lines].join('<br/>');
    const markerTooltip = (what: string) => ({
      formatter: (p: unknown) => {
        const { value, data } = p as { value: number[]; data: { date: string } };
        return tip(bars[value[1]].name, [`${what}: ${data.date}`]);
      },
    });
    const statusOf = (d: Deadline) => (CLOCK_STATUS_LABELS[d.status] ? label(CLOCK_STATUS_LABELS[d.status]) : d.status);
    return {
      animation: false,
      grid: { left: 8, right: narrow ? 12 : 24, top: narrow ? 64 : 36, bottom: 48, containLabel: true },
      legend: {
        top: 0,
        left: narrow ? 0 : 'center',
        itemWidth: 14,
        itemHeight: 10,
        data: [
          { name: t('计划期', 'Planned span') },
          { name: t('超期', 'Overrun') },
          { name: t('暂停（停缓建）', 'Paused (on hold)') },
          { name: t('黄灯起', 'Warning from') },
          { name: t('督办起', 'Escalation from') },
          { name: t('完成', 'Met') },
        ],
      },
      tooltip: { trigger: 'item', confine: true },
      dataZoom: [
        { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 16, bottom: 8, labelFormatter: '' },
        { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
      ],
      xAxis: {
        type: 'time',
        min: min - pad,
        max: max + pad,
        position: 'top',
        splitLine: { show: true, lineStyle: { color: '#f0f0f0' } },
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: 'category',
        data: names,
        inverse: true,
        axisTick: { show: false },
        axisLabel: { width: narrow ? 84 : 150, overflow: 'truncate', fontSize: narrow ? 11 : 12 },
      },
      series: [
        {
          name: t('计划期', 'Planned span'),
          type: 'custom',
          color: COLORS.plan,
          renderItem: rectItem(0.5, planFill),
          encode: { x: [1, 2], y: 0 },
          data: bars.map(({ bar }, i) => [i, startOf(bar.start), endOf(bar.due)]),
          tooltip: {
            formatter: (p) => {
              const { d, bar, name } = bars[(p as { dataIndex: number }).dataIndex];
              return tip(name, [
                `${t('状态', 'Status')}: ${statusOf(d)}`,
                `${t('起算', 'Start')}: ${bar.start}`,
                `${t('到期', 'Due')}: ${bar.due}${d.pausedDays ? t(`（含暂停顺延 ${d.pausedDays} 天）`, ` (incl. ${d.pausedDays} paused days)`) : ''}`,
                bar.metDate ? `${t('完成', 'Met')}: ${bar.metDate}` : '',
              ].filter(Boolean));
            },
          },
          markLine: {
            silent: true,
            symbol: 'none',
            label: { formatter: t('今天', 'Today'), position: 'end', color: COLORS.today },
            lineStyle: { color: COLORS.today, type: 'dashed', width: 1.5 },
            data: [{ xAxis: startOf(today) + 43_200_000 }],
          },
          z: 2,
        },
        {
          name: t('超期', 'Overrun'),
          type: 'custom',
          color: COLORS.overrun,
          renderItem: rectItem(0.5, () => COLORS.overrun),
          encode: { x: [1, 2], y: 0 },
          data: overrun,
          tooltip: {
            formatter: (p) => {
              const [row] = (p as { data: number[] }).data;
              const { bar, name } = bars[row];
              return tip(name, [t(`超过到期日 ${bar.overrunDays} 天`, `${bar.overrunDays} days past due`)]);
            },
          },
          z: 2,
        },
        {
          name: t('暂停（停缓建）', 'Paused (on hold)'),
          type: 'custom',
          color: COLORS.paused,
          renderItem: rectItem(0.3, () => COLORS.paused, '#262626'),
          encode: { x: [1, 2], y: 0 },
          data: paused,
          tooltip: {
            formatter: (p) => {
              const [row, from, to] = (p as { data: number[] }).data;
              const fmt = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
              const last = addDays(fmt(to), -1);
              return tip(bars[row].name, [t(`停缓建暂停：${fmt(from)} 至 ${last}（${daysBetween(fmt(from), last) + 1} 天）`, `On hold: ${fmt(from)} to ${last} (${daysBetween(fmt(from), last) + 1} days)`)]);
            },
          },
          z: 3,
        },
        {
          name: t('黄灯起', 'Warning from'),
          type: 'scatter',
          symbol: 'triangle',
          symbolSize: 11,
          symbolRotate: 180,
          symbolOffset: [0, -12],
          color: LEVEL_META.WARNING.color,
          data: markers((b) => b.warnDate),
          tooltip: markerTooltip(t('黄灯起', 'Warning from')),
          z: 4,
        },
        {
          name: t('督办起', 'Escalation from'),
          type: 'scatter',
          symbol: 'triangle',
          symbolSize: 11,
          symbolRotate: 180,
          symbolOffset: [0, -12],
          color: LEVEL_META.ESCALATED.color,
          data: markers((b) => b.escalateDate),
          tooltip: markerTooltip(t('督办起', 'Escalation from')),
          z: 4,
        },
        {
          name: t('完成', 'Met'),
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 12,
          color: COLORS.met,
          data: markers((b) => b.metDate),
          tooltip: markerTooltip(t('完成', 'Met')),
          z: 5,
        },
      ],
    };
  }, [bars, today, t, label, narrow]);

  const rows: Row[] = bars.map(({ d, bar, name }) => ({
    key: d.id,
    name,
    status: CLOCK_STATUS_LABELS[d.status] ? label(CLOCK_STATUS_LABELS[d.status]) : d.status,
    start: bar.start,
    due: bar.due,
    end: bar.metDate ?? (bar.end ? t(`${bar.end}（今天，进行中）`, `${bar.end} (today, running)`) : today < bar.start ? t('尚未开始', 'not started') : '—'),
    warn: bar.warnDate ?? '—',
    escalate: bar.escalateDate ?? '—',
    paused: bar.paused.length ? bar.paused.map((p) => `${p.from} ~ ${p.to}`).join('；') : d.pausedDays ? t(`${d.pausedDays} 天`, `${d.pausedDays} days`) : '—',
  }));
  const columns: ColumnsType<Row> = [
    { title: t('时限', 'Clock'), dataIndex: 'name', width: 170 },
    { title: t('状态', 'Status'), dataIndex: 'status', width: 90 },
    { title: t('起算', 'Start'), dataIndex: 'start', width: 105 },
    { title: t('到期', 'Due'), dataIndex: 'due', width: 105 },
    { title: t('完成/截至', 'Met / as of'), dataIndex: 'end', width: 150 },
    { title: t('黄灯起', 'Warning'), dataIndex: 'warn', width: 105 },
    { title: t('督办起', 'Escalation'), dataIndex: 'escalate', width: 105 },
    { title: t('暂停', 'Paused'), dataIndex: 'paused', width: 180 },
  ];

  const level = (d: Deadline) => clockLevel(d.level);
  const worst = bars.filter(({ d }) => level(d)).length;
  return (
    <ChartCard<Row>
      testId="deadline-gantt"
      title={
        <Space size={8} wrap>
          <span>{t('时限甘特图', 'Deadline Gantt chart')}</span>
          {worst > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {t(`${worst} 个时限亮灯`, `${worst} clocks lit`)}
            </Typography.Text>
          )}
        </Space>
      }
      option={option}
      rows={rows}
      columns={columns}
      rowKey="key"
      height={Math.max(200, (narrow ? 120 : 90) + bars.length * 44)}
    />
  );
}
