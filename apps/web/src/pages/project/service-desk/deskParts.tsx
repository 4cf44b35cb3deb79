import { Space, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { AlertLevel, DeskClock } from '../../../api/types';
import { LEVEL_META } from '../../../lib/domain';
import { useI18n } from '../../../i18n/i18n';
import { LevelLight } from '../../../components/Tags';
import { useAssignable } from './deskQueries';

/**
 * A desk record's clock (限时审批, response/resolution, commitment): the traffic light, the due date and the
 * engine's explanation on hover; a link to the open alert when there is one.
 */
export function ClockCell({ clock }: { clock: DeskClock | null | undefined }) {
  const { t, lang } = useI18n();
  if (!clock) return <Typography.Text type="secondary">{t('未计时', 'No clock')}</Typography.Text>;
  const met = clock.status === 'MET' || clock.status === 'MET_LATE';
  const explanation = (lang === 'en' ? clock.explanation.en : clock.explanation.zh) ?? clock.explanation.zh ?? '';
  return (
    <Tooltip title={explanation}>
      <Space orientation="vertical" size={0} tabIndex={0} aria-label={explanation} data-testid="desk-clock">
        {met ? (
          <Typography.Text type={clock.status === 'MET_LATE' ? 'warning' : 'success'}>
            {clock.status === 'MET_LATE' ? t('逾期完成', 'Met late') : t('按时完成', 'Met on time')}
          </Typography.Text>
        ) : clock.status === 'PAUSED' ? (
          <Typography.Text type="secondary">{t('已暂停（退回）', 'Paused (returned)')}</Typography.Text>
        ) : (
          <LevelLight level={clock.level && clock.level in LEVEL_META ? (clock.level as AlertLevel) : null} />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`时限 ${clock.dueDate}`, `due ${clock.dueDate}`)}
          {clock.openAlertId && (
            <>
              {' · '}
              <Link to={`/alerts/${clock.openAlertId}`}>{t('预警', 'alert')}</Link>
            </>
          )}
        </Typography.Text>
      </Space>
    </Tooltip>
  );
}

/** Names of the people who may handle records of a unit (for staff: only themselves; others show as 已指派). */
export function useUserNames(unitId: string) {
  const { t } = useI18n();
  const users = useAssignable(unitId);
  const byId = new Map((users.data ?? []).map((u) => [u.id, u.displayName]));
  return {
    users,
    nameOf: (id: string | null | undefined) => (id ? (byId.get(id) ?? t('已指派', 'assigned')) : '—'),
    options: (users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.unit.nameZh}）` })),
  };
}
