import type { ReactNode } from 'react';
import { Alert, Button, Empty, Result, Skeleton } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** A readable sentence for any error the API or the network gives. */
export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t('无法连接服务器，请检查网络后重试。', 'The server cannot be reached. Check the network and try again.');
      if (error.status === 403) return t(`无权执行此操作：${error.message}`, `Not allowed: ${error.message}`);
      if (error.status === 404) return t(`未找到或不在您的管辖范围内：${error.message}`, `Not found or outside your units: ${error.message}`);
      if (error.status >= 500) return t(`服务器出错（编号 ${error.errorId ?? '—'}），请稍后重试。`, `Server error (id ${error.errorId ?? '—'}); try again later.`);
      return error.message;
    }
    return error instanceof Error ? error.message : String(error);
  };
}

/**
 * Loading, error and empty states for one query, so no screen goes blank: a skeleton while loading, an
 * error with a retry button, an empty hint, else the content.
 */
export function QueryState<T>({
  query,
  children,
  isEmpty,
  empty,
  rows = 4,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  rows?: number;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (query.isPending) return <Skeleton active paragraph={{ rows }} />;
  if (query.isError) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        message={t('加载失败', 'Could not load')}
        description={errorText(query.error)}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            {t('重试', 'Retry')}
          </Button>
        }
      />
    );
  }
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty description={t('暂无数据', 'Nothing here yet')} />}</>;
  return <>{children(query.data)}</>;
}

export function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('页面不存在。', 'This page does not exist.')} extra={<Button href="/">{t('返回首页', 'Back home')}</Button>} />;
}
