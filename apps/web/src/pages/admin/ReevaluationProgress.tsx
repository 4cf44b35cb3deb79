import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useReevaluationRun } from './adminQueries';

/**
 * The background re-evaluation a rule or calendar change started: polled every second with a progress
 * bar until every marked project has been evaluated again.
 */
export function ReevaluationProgress({ runId, what, onClose }: { runId: string; what: string; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const run = useReevaluationRun(runId);
  const data = run.data;
  const done = data?.status === 'DONE';
  const percent = done ? 100 : data && data.total > 0 ? Math.min(99, Math.floor((data.done / data.total) * 100)) : 0;
  const seconds = data?.finishedAt ? Math.max(0, Math.round((Date.parse(data.finishedAt) - Date.parse(data.createdAt)) / 1000)) : null;

  if (run.isError) {
    return (
      <Alert
        type="warning"
        showIcon
        closable={{ onClose }}
        style={{ marginBottom: 16 }}
        title={t(`${what}已保存，但无法读取重新评估进度`, `${what} saved, but the re-evaluation progress cannot be read`)}
        description={
          <Space orientation="vertical" size={4}>
            <span>{errorText(run.error)}</span>
            <Typography.Text type="secondary" copyable={{ text: runId }}>
              {t('评估任务编号', 'Run id')}: {runId}
            </Typography.Text>
          </Space>
        }
        action={
          <Button size="small" onClick={() => void run.refetch()}>
            {t('重试', 'Retry')}
          </Button>
        }
      />
    );
  }

  return (
    <Alert
      type={done ? 'success' : 'info'}
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      data-testid="reevaluation-progress"
      title={
        done
          ? t(`${what}已保存，全部在途项目已重新评估`, `${what} saved; every live project has been re-evaluated`)
          : t(`${what}已保存，正在后台重新评估项目时限…`, `${what} saved; re-evaluating project deadlines in the background…`)
      }
      description={
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Progress percent={percent} status={done ? 'success' : 'active'} aria-label={t('重新评估进度', 'Re-evaluation progress')} />
          <Typography.Text type="secondary">
            {data
              ? done
                ? t(
                    `共 ${data.total} 个在途项目${seconds !== null ? `，用时 ${seconds} 秒` : ''}（${formatDateTime(data.finishedAt)} 完成）`,
                    `${data.total} live projects${seconds !== null ? ` in ${seconds} s` : ''} (finished ${formatDateTime(data.finishedAt)})`,
                  )
                : t(`已处理 ${data.done} / ${data.total} 个项目，待处理 ${data.pending} 个`, `${data.done} of ${data.total} projects done, ${data.pending} pending`)
              : t('正在读取进度…', 'Reading progress…')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: runId }}>
            {t('评估任务编号', 'Run id')}: {runId}
          </Typography.Text>
        </Space>
      }
    />
  );
}
