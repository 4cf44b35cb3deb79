import { Collapse, Steps, Timeline, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import type { AlertDetail, Deadline } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { levelSteps, shanghaiDate } from '../../lib/alerts';

function Dot({ color, filled }: { color: string; filled: boolean }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 22,
        height: 22,
        borderRadius: '50%',
        background: filled ? color : '#fff',
        border: `3px solid ${filled ? color : '#d9d9d9'}`,
        boxShadow: filled ? `0 0 0 3px ${color}22` : undefined,
        verticalAlign: 'middle',
      }}
    />
  );
}

/** The ladder 黄灯 → 红灯 → 督办 with the dates the alert reached each rung, when the next are due, and its resolution. */
export function AlertLevelSteps({ alert, deadline, vertical }: { alert: AlertDetail; deadline: Deadline | undefined; vertical: boolean }) {
  const { t, label } = useI18n();
  const resolved = alert.status === 'RESOLVED';
  const steps = levelSteps(alert.levelHistory, alert.level, resolved ? {} : { WARNING: deadline?.warnAt, OVERDUE: deadline?.dueAt, ESCALATED: deadline?.escalateAt });
  const items: { key: string; title: React.ReactNode; content: React.ReactNode; icon: React.ReactNode; status: 'finish' | 'wait' }[] = steps.map((s) => {
    const meta = LEVEL_META[s.level];
    const reached = s.state === 'done' || s.state === 'current';
    return {
      key: s.level,
      title: <span style={{ color: reached ? meta.color : undefined, fontWeight: s.state === 'current' ? 600 : 400 }}>{label(meta)}</span>,
      content:
        s.state === 'skipped' ? (
          <Typography.Text type="secondary">{t('未经历（直接升级）', 'Skipped')}</Typography.Text>
        ) : s.reachedAt ? (
          <span>
            {shanghaiDate(s.reachedAt)}
            {s.state === 'current' && !resolved && <Typography.Text type="secondary">{t('（当前）', ' (now)')}</Typography.Text>}
          </span>
        ) : s.expectedAt ? (
          <Typography.Text type="secondary">{t(`预计 ${shanghaiDate(s.expectedAt)}`, `Due ${shanghaiDate(s.expectedAt)}`)}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
      icon: <Dot color={meta.color} filled={reached} />,
      status: (reached ? 'finish' : 'wait') as 'finish' | 'wait',
    };
  });
  if (resolved && alert.resolution) {
    items.push({
      key: 'RESOLVED',
      title: <span style={{ color: '#389e0d', fontWeight: 600 }}>{t('已办结', 'Resolved')}</span>,
      content: <span>{shanghaiDate(alert.resolution.at)}</span>,
      icon: <CheckCircleFilled style={{ color: '#52c41a', fontSize: 22 }} />,
      status: 'finish',
    });
  }
  const repeated = alert.levelHistory.length > new Set(alert.levelHistory.map((h) => h.level)).size;
  return (
    <>
      <Steps orientation={vertical ? 'vertical' : 'horizontal'} size="small" items={items} data-testid="alert-level-steps" />
      {repeated && (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'all',
              label: t('完整等级记录', 'Full level history'),
              children: (
                <Timeline
                  items={alert.levelHistory.map((h, i) => ({
                    key: `${h.level}-${i}`,
                    color: LEVEL_META[h.level].color,
                    content: `${label(LEVEL_META[h.level])} · ${shanghaiDate(h.at)}`,
                  }))}
                />
              ),
            },
          ]}
        />
      )}
    </>
  );
}
