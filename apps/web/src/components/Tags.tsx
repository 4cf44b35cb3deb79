import { Badge, Tag, Tooltip } from 'antd';
import type { AlertLevel } from '../api/types';
import { LEVEL_META, STAGE_LABELS, type Stage } from '../lib/domain';
import { useI18n } from '../i18n/i18n';

const STAGE_COLORS: Record<Stage, string> = {
  RESERVE: 'default',
  NEGOTIATING: 'default',
  SIGNED: 'blue',
  LANDED: 'cyan',
  PRE_CONSTRUCTION: 'geekblue',
  UNDER_CONSTRUCTION: 'orange',
  CONSTRUCTION_COMPLETE: 'lime',
  COMMISSIONING: 'green',
  OPERATING: 'green',
  AT_CAPACITY: 'success',
  ON_HOLD: 'warning',
  CANCELLED: 'error',
};

export function StageTag({ stage }: { stage: Stage }) {
  const { label } = useI18n();
  return <Tag color={STAGE_COLORS[stage]}>{label(STAGE_LABELS[stage])}</Tag>;
}

/** A 12 px lamp, easier to see in a dense table than a badge dot. */
function Lamp({ color, text }: { color: string; text: string }) {
  return (
    <Tooltip title={text}>
      <span role="img" aria-label={text} style={{ display: 'inline-block', width: 12, height: 12, borderRadius: '50%', background: color, boxShadow: `0 0 0 3px ${color}22` }} />
    </Tooltip>
  );
}

/** The traffic light: a coloured lamp (compact) or dot with the level's name; green "正常" when there is no open alert. */
export function LevelLight({ level, compact = false }: { level: AlertLevel | null | undefined; compact?: boolean }) {
  const { t, label } = useI18n();
  if (!level) {
    const text = t('正常', 'On track');
    return compact ? (
      <Lamp color="#52c41a" text={text} />
    ) : (
      <Badge color="#52c41a" text={text} />
    );
  }
  const meta = LEVEL_META[level];
  return compact ? (
    <Lamp color={meta.color} text={label(meta)} />
  ) : (
    <Badge color={meta.color} text={label(meta)} />
  );
}

export function LevelTag({ level }: { level: AlertLevel }) {
  const { label } = useI18n();
  const meta = LEVEL_META[level];
  return <Tag color={meta.antd}>{label(meta)}</Tag>;
}
