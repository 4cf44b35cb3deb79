import { useMemo, useState } from 'react';
import { App, Button, Typography } from 'antd';
import { CheckCircleOutlined, CloseOutlined, CommentOutlined, SafetyCertificateOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Alert, BulkResult, Me, Unit } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { canAlert, commonUnitPath, type AlertAction } from '../../lib/alerts';
import { AcknowledgeModal, AssignModal, BulkResultModal, CommentModal, ResolveModal } from './AlertActionModals';
import { useInvalidateAlerts } from './alertQueries';

const PATHS: Record<AlertAction, string> = {
  acknowledge: '/alerts/bulk/acknowledge',
  assign: '/alerts/bulk/assign',
  resolve: '/alerts/bulk/resolve',
  comment: '/alerts/bulk/comments',
};

/**
 * The bulk bar over a selection: 批量认领/确认, 批量指派, 批量办结, 批量批注 as the role allows. Each alert
 * succeeds or fails on its own; failures stay selected and are listed with the server's reason.
 */
export function BulkActions({
  me,
  selected,
  unitsById,
  onSettled,
  onClear,
  placement,
}: {
  me: Me;
  selected: Map<string, Alert>;
  unitsById: Map<string, Unit>;
  /** Called with the ids that failed (they stay selected). */
  onSettled: (failedIds: string[]) => void;
  onClear: () => void;
  placement: 'top' | 'bottom';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidateAlerts();
  const [open, setOpen] = useState<AlertAction | null>(null);
  const [result, setResult] = useState<{ action: AlertAction; result: BulkResult; alerts: Map<string, Alert> } | null>(null);
  const count = selected.size;
  const compact = placement === 'bottom';

  const actionName: Record<AlertAction, string> = {
    acknowledge: t('批量认领/确认', 'Bulk acknowledge'),
    assign: t('批量指派', 'Bulk assign'),
    resolve: t('批量办结', 'Bulk resolve'),
    comment: t('批量批注', 'Bulk comment'),
  };

  /** Where every selected alert lies: the deepest unit containing all their projects' units. */
  const assignUnit = useMemo(() => {
    const paths = [...selected.values()].map((a) => unitsById.get(a.unit.id)?.path).filter((p): p is string => !!p);
    if (paths.length !== selected.size) return { id: me.unitId, name: me.unit.nameZh };
    const path = commonUnitPath(paths);
    const unit = [...unitsById.values()].find((u) => u.path === path);
    return unit ? { id: unit.id, name: unit.nameZh } : { id: me.unitId, name: me.unit.nameZh };
  }, [selected, unitsById, me]);

  const run = async (action: AlertAction, body: Record<string, string>) => {
    const alerts = new Map(selected);
    const answer = await api.post<BulkResult>(PATHS[action], { ids: [...alerts.keys()], ...body });
    setOpen(null);
    invalidate([...alerts.values()].map((a) => a.project.id));
    const failed = answer.results.filter((r) => !r.ok).map((r) => r.id);
    onSettled(failed);
    if (answer.failed === 0) {
      void message.success(t(`${actionName[action]}：成功 ${answer.succeeded} 条`, `${actionName[action]}: ${answer.succeeded} done`));
    } else {
      setResult({ action, result: answer, alerts });
    }
  };

  const buttons: { action: AlertAction; icon: React.ReactNode; label: string; danger?: boolean; testId: string }[] = (
    [
      { action: 'acknowledge', icon: <CheckCircleOutlined />, label: compact ? t('认领', 'Acknowledge') : t('批量认领/确认', 'Acknowledge'), testId: 'bulk-acknowledge' },
      { action: 'assign', icon: <UserSwitchOutlined />, label: compact ? t('指派', 'Assign') : t('批量指派', 'Assign'), testId: 'bulk-assign' },
      { action: 'resolve', icon: <SafetyCertificateOutlined />, label: compact ? t('办结', 'Resolve') : t('批量办结', 'Resolve'), danger: true, testId: 'bulk-resolve' },
      { action: 'comment', icon: <CommentOutlined />, label: compact ? t('批注', 'Comment') : t('批量批注', 'Comment'), testId: 'bulk-comment' },
    ] as const
  ).filter((b) => canAlert(me.role, b.action));

  return (
    <>
      {count > 0 && (
        <div className={`luodi-bulk-bar ${placement}`} role="region" aria-label={t('批量操作', 'Bulk actions')} data-testid="bulk-bar">
          <Typography.Text strong style={{ marginRight: 4 }}>
            {t(`已选 ${count} 条`, `${count} selected`)}
          </Typography.Text>
          {buttons.map((b) => (
            <Button key={b.action} icon={b.icon} danger={b.danger} type={b.action === 'acknowledge' ? 'primary' : 'default'} onClick={() => setOpen(b.action)} data-testid={b.testId}>
              {b.label}
            </Button>
          ))}
          <Button type="text" icon={<CloseOutlined />} onClick={onClear} style={{ marginLeft: 'auto' }} aria-label={t('清除选择', 'Clear the selection')}>
            {!compact && t('清除选择', 'Clear')}
          </Button>
        </div>
      )}
      <AcknowledgeModal open={open === 'acknowledge'} count={count} onCancel={() => setOpen(null)} onSubmit={(v) => run('acknowledge', { plan: v.plan, nextReviewDate: v.nextReviewDate })} />
      <AssignModal
        open={open === 'assign'}
        count={count}
        unitId={assignUnit.id}
        unitName={assignUnit.name}
        onCancel={() => setOpen(null)}
        onSubmit={(userId) => run('assign', { userId })}
      />
      <ResolveModal open={open === 'resolve'} count={count} onCancel={() => setOpen(null)} onSubmit={(reason) => run('resolve', { reason })} />
      <CommentModal open={open === 'comment'} count={count} onCancel={() => setOpen(null)} onSubmit={(text) => run('comment', { text })} />
      <BulkResultModal result={result?.result ?? null} action={result ? actionName[result.action] : ''} alerts={result?.alerts ?? new Map()} onClose={() => setResult(null)} />
    </>
  );
}
