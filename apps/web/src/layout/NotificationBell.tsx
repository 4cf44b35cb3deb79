import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { NoticePage } from '../api/types';
import { LevelTag } from '../components/Tags';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';

/** The bell: unread in-app notices (one per alert and level), refreshed every minute. */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notices = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<NoticePage>('/notifications', { unread: true, pageSize: 8 }),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (ids?: string[]) => api.post<{ marked: number }>('/notifications/read', ids ? { ids } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = notices.data?.unread ?? 0;
  const content = (
    <div style={{ width: 360, maxWidth: '85vw' }}>
      {notices.data?.items.length ? (
        <List
          size="small"
          dataSource={notices.data.items}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              onClick={() => {
                markRead.mutate([n.id]);
                navigate(`/alerts/${n.alertId}`);
              }}
            >
              <List.Item.Meta
                title={
                  <Space size={4}>
                    <LevelTag level={n.level} />
                    <Typography.Text ellipsis style={{ maxWidth: 250 }}>
                      {n.title}
                    </Typography.Text>
                  </Space>
                }
                description={<Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>}
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有未读提醒', 'No unread notices')} />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button size="small" type="link" onClick={() => navigate('/alerts')}>
          {t('打开预警督办', 'Open the alert inbox')}
        </Button>
        <Button size="small" disabled={!unread} loading={markRead.isPending} onClick={() => markRead.mutate(undefined)}>
          {t('全部标为已读', 'Mark all read')}
        </Button>
      </Space>
    </div>
  );
  return (
    <Popover content={content} title={t('提醒', 'Notices')} trigger="click" placement="bottomRight">
      <Button type="text" aria-label={t(`提醒，${unread} 条未读`, `Notices, ${unread} unread`)} data-testid="bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
