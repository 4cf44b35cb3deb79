import { useMemo } from 'react';
import ReactECharts from 'echarts-for-react';
import type { EChartsOption } from 'echarts';
import { useNavigate } from 'react-router';
import type { Unit } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import { levelRank, type DistrictFigures } from '../../lib/geo';
import { HOHHOT_MAP, URBAN_BOUNDS } from './hohhotMap';

export type ColourBy = 'projects' | 'alerts';
export type MapView = 'city' | 'urban';

const OUT_OF_SCOPE = '#ebebeb';
const PROJECT_SCALE = ['#e6f4ff', '#91caff', '#1677ff', '#003eb3'];
const NO_ALERT = '#b7eb8f';
/** The legend sits on a white card so it stays readable over a zoomed map. */
const LEGEND_BOX = { backgroundColor: 'rgba(255,255,255,0.92)', borderColor: '#f0f0f0', borderWidth: 1, padding: 8 };
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The districts of Hohhot coloured by projects (continuous) or by their worst open alert (piecewise).
 * Districts outside the user's scope stay grey; a click on one in scope opens its projects in the ledger.
 */
export function DistrictMap({
  districts,
  colourBy,
  view,
  unitsByCode,
  ownAdminCode,
  height,
}: {
  districts: DistrictFigures[];
  colourBy: ColourBy;
  /** The whole city, or zoomed on the urban core. */
  view: MapView;
  unitsByCode: Map<string, Unit>;
  /** The district of a user whose scope is one district: outlined. */
  ownAdminCode: string | null;
  height: number;
}) {
  const { t, label, name, lang } = useI18n();
  const navigate = useNavigate();
  const byName = useMemo(() => new Map(districts.map((d) => [d.name, d])), [districts]);

  const option = useMemo<EChartsOption>(() => {
    const display = (d: DistrictFigures) => {
      const u = unitsByCode.get(d.adminCode);
      return u ? name(u.nameZh, u.nameEn) : d.name;
    };
    const maxProjects = Math.max(1, ...districts.map((d) => d.figures?.projects ?? 0));
    const visualMap =
      colourBy === 'projects'
        ? {
            type: 'continuous' as const,
            min: 0,
            max: maxProjects,
            calculable: false,
            orient: 'horizontal' as const,
            left: 16,
            bottom: 12,
            itemWidth: 12,
            itemHeight: 140,
            text: [t(`${maxProjects} 个`, `${maxProjects}`), t('0 项目', '0 projects')],
            inRange: { color: PROJECT_SCALE },
            outOfRange: { color: OUT_OF_SCOPE },
            textStyle: { color: 'rgba(0,0,0,0.65)' },
            ...LEGEND_BOX,
          }
        : {
            type: 'piecewise' as const,
            orient: 'vertical' as const,
            left: 16,
            bottom: 12,
            itemWidth: 14,
            itemHeight: 10,
            pieces: [
              { value: 3, label: label(LEVEL_META.ESCALATED), color: LEVEL_META.ESCALATED.color },
              { value: 2, label: label(LEVEL_META.OVERDUE), color: LEVEL_META.OVERDUE.color },
              { value: 1, label: label(LEVEL_META.WARNING), color: LEVEL_META.WARNING.color },
              { value: 0, label: t('无在途预警', 'No open alert'), color: NO_ALERT },
            ],
            outOfRange: { color: OUT_OF_SCOPE },
            textStyle: { color: 'rgba(0,0,0,0.65)' },
            ...LEGEND_BOX,
          };
    return {
      animationDuration: 300,
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const d = byName.get((p as { name: string }).name);
          if (!d) return '';
          const title = `<b>${esc(display(d))}</b>`;
          if (!d.inScope || !d.figures) return `${title}<br/><span style="color:#999">${t('不在您的管辖范围内', 'Outside your units')}</span>`;
          const f = d.figures;
          const alerts = f.alerts.total
            ? (['ESCALATED', 'OVERDUE', 'WARNING'] as const)
                .filter((l) => f.alerts[l])
                .map((l) => `<span style="color:${LEVEL_META[l].color}">${label(LEVEL_META[l])} ${f.alerts[l]}</span>`)
                .join('　')
            : t('无', 'none');
          return (
            `${title}<br/>${t('项目', 'Projects')}：${f.projects}　${t('协议投资', 'Agreed investment')}：${f.investment > 0 ? formatMoney(f.investment, lang) : '—'}` +
            `<br/>${t('在途预警', 'Open alerts')}：${f.alerts.total ? `${f.alerts.total}（${alerts}）` : alerts}` +
            (d.unitId ? `<br/><span style="color:#999">${t('点击查看项目台账', 'Click to open its projects')}</span>` : '')
          );
        },
      },
      visualMap,
      series: [
        {
          type: 'map',
          map: HOHHOT_MAP,
          selectedMode: false,
          roam: false,
          layoutCenter: ['55%', '50%'],
          layoutSize: view === 'urban' ? '88%' : '98%',
          ...(view === 'urban' ? { boundingCoords: URBAN_BOUNDS } : {}),
          // On the city view the four urban districts crowd; their names show where they fit, or on hover.
          labelLayout: { hideOverlap: view === 'city' },
          label: {
            show: true,
            fontSize: 12,
            color: '#1f1f1f',
            textBorderColor: '#fff',
            textBorderWidth: 2,
            formatter: (p: unknown) => {
              const d = byName.get((p as { name: string }).name);
              return d ? display(d) : (p as { name: string }).name;
            },
          },
          itemStyle: { areaColor: OUT_OF_SCOPE, borderColor: '#ffffff', borderWidth: 1 },
          // Keep each district's own colour on hover; outline it instead.
          emphasis: {
            label: { show: true, fontWeight: 'bold', color: '#000' },
            itemStyle: { areaColor: null, color: null, borderColor: '#262626', borderWidth: 2 } as unknown as Record<string, never>,
          },
          data: districts.map((d) => ({
            name: d.name,
            value: !d.inScope || !d.figures ? -1 : colourBy === 'projects' ? d.figures.projects : levelRank(d.figures.worstLevel),
            cursor: d.inScope && d.unitId ? 'pointer' : 'default',
            ...(d.adminCode === ownAdminCode ? { itemStyle: { borderColor: '#b5282e', borderWidth: 3 } } : {}),
            ...(!d.inScope ? { label: { color: '#a6a6a6' } } : {}),
          })),
        },
      ],
    };
  }, [districts, colourBy, view, unitsByCode, ownAdminCode, byName, t, label, name, lang]);

  return (
    <ReactECharts
      option={option}
      notMerge
      lazyUpdate
      style={{ height }}
      opts={{ renderer: 'canvas' }}
      onEvents={{
        click: (p: { name?: string }) => {
          const d = p.name ? byName.get(p.name) : undefined;
          if (d?.inScope && d.unitId) navigate(`/projects?unitId=${d.unitId}`);
        },
      }}
    />
  );
}
