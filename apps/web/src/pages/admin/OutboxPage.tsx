import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Segmented, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { OutboxItem, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { useErrorText } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { inertLinks } from '../../lib/mail-html';
import { useUsers } from './adminQueries';

type Kind = 'DIGEST' | 'ALERT';
const KIND_META: Record<Kind, { zh: string; en: string; color: string }> = {
  DIGEST: { zh: '每周简报', en: 'Weekly digest', color: 'blue' },
  ALERT: { zh: '预警通知', en: 'Alert email', color: 'red' },
};

/** 发件箱: mail the system wrote to its built-in outbox because no SMTP server is configured. */
export function OutboxPage() {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') as Kind | null) ?? undefined;
  const userId = params.get('userId') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [20, 50, 100].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const [open, setOpen] = useState<OutboxItem | null>(null);
  const users = useUsers();
  const userById = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);

  const outbox = useQuery({
    queryKey: ['outbox', kind ?? '', userId ?? '', page, pageSize],
    queryFn: () => api.get<Page<OutboxItem>>('/outbox', { kind, userId, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const setQuery = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<OutboxItem> = [
    { title: t('时间', 'Time'), dataIndex: 'created_at', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('类型', 'Kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: Kind) => <Tag color={KIND_META[k]?.color}>{KIND_META[k] ? label(KIND_META[k]) : k}</Tag>,
    },
    {
      title: t('收件人', 'Recipient'),
      key: 'to',
      width: 260,
      render: (_, m) => {
        const u = m.user_id ? userById.get(m.user_id) : undefined;
        return (
          <Space orientation="vertical" size={0}>
            {u && <Typography.Text>{u.displayName}</Typography.Text>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.to_address}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      title: t('主题', 'Subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (s: string, m) => (
        <Button type="link" style={{ padding: 0, height: 'auto', maxWidth: '100%' }} onClick={() => setOpen(m)}>
          <Typography.Text ellipsis style={{ color: 'inherit', maxWidth: '100%' }}>
            {s}
          </Typography.Text>
        </Button>
      ),
    },
  ];

  const data = outbox.data;
  return (
    <>
      <PageHeader
        title={t('发件箱', 'Outbox')}
        sub={t(
          '未配置 SMTP 邮件服务器时，系统发出的每周简报和预警通知邮件写入这里，可逐封查阅；配置 SMTP 后邮件直接发出。',
          'With no SMTP server configured, the weekly digests and alert emails the system sends are written here to read one by one; with SMTP they go out directly.',
        )}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
            {t('刷新', 'Refresh')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={kind ?? 'ALL'}
            aria-label={t('邮件类型', 'Mail kind')}
            onChange={(v) => setQuery({ kind: v === 'ALL' ? undefined : String(v), page: 1 })}
            options={[
              { value: 'ALL', label: t('全部', 'All') },
              { value: 'DIGEST', label: label(KIND_META.DIGEST) },
              { value: 'ALERT', label: label(KIND_META.ALERT) },
            ]}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('全部收件人', 'Every recipient')}
            aria-label={t('按收件人筛选', 'Filter by recipient')}
            style={{ width: 240 }}
            value={userId}
            loading={users.isPending}
            onChange={(v?: string) => setQuery({ userId: v, page: 1 })}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
          />
          {data && <Typography.Text type="secondary">{t(`共 ${data.total} 封`, `${data.total} messages`)}</Typography.Text>}
        </Space>
        {outbox.isError && !data ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('加载失败', 'Could not load')}
            description={errorText(outbox.error)}
            action={
              <Button size="small" onClick={() => void outbox.refetch()}>
                {t('重试', 'Retry')}
              </Button>
            }
          />
        ) : (
          <Table<OutboxItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={outbox.isFetching}
            onRow={(m) => ({ onClick: () => setOpen(m), style: { cursor: 'pointer' } })}
            locale={{
              emptyText: (
                <Empty
                  description={
                    kind || userId
                      ? t('没有符合条件的邮件', 'No mail matches')
                      : t('发件箱为空：还没有写入任何邮件（或已配置 SMTP，邮件直接发出）。', 'The outbox is empty: nothing written yet (or SMTP is configured and mail goes out directly).')
                  }
                />
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t(`共 ${total} 封`, `${total} messages`),
              onChange: (p, size) => setQuery({ page: size !== pageSize ? 1 : p, pageSize: size === 20 ? undefined : size }),
            }}
            scroll={{ x: 800 }}
          />
        )}
      </Card>
      {open && <MailDrawer mail={open} recipientName={open.user_id ? userById.get(open.user_id)?.displayName : undefined} onClose={() => setOpen(null)} />}
    </>
  );
}

/** One message: its envelope, the HTML body in a sandboxed frame (no scripts, no same-origin), and the plain text. */
function MailDrawer({ mail, recipientName, onClose }: { mail: OutboxItem; recipientName?: string; onClose: () => void }) {
  const { t, label } = useI18n();
  return (
    <Drawer open size={860} onClose={onClose} title={mail.subject} destroyOnHidden styles={{ body: { paddingTop: 12 } }}>
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'from', label: t('发件人', 'From'), children: mail.from_address },
          { key: 'to', label: t('收件人', 'To'), children: recipientName ? `${recipientName} <${mail.to_address}>` : mail.to_address },
          { key: 'at', label: t('时间', 'Time'), children: formatDateTime(mail.created_at) },
          { key: 'kind', label: t('类型', 'Kind'), children: KIND_META[mail.kind] ? label(KIND_META[mail.kind]) : mail.kind },
          { key: 'key', label: t('投递键', 'Delivery key'), span: 2, children: <Typography.Text code copyable style={{ fontSize: 12 }}>{mail.delivery_key}</Typography.Text> },
        ]}
      />
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'html',
            label: t('邮件正文', 'Message'),
            children: (
              <iframe
                title={t('邮件正文（HTML）', 'Message (HTML)')}
                sandbox=""
                srcDoc={inertLinks(mail.html_body)}
                style={{ width: '100%', height: 'calc(100vh - 300px)', minHeight: 360, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }}
              />
            ),
          },
          {
            key: 'text',
            label: t('纯文本', 'Plain text'),
            children: (
              <pre
                style={{
                  whiteSpace: 'pre-wrap',
                  wordBreak: 'break-word',
                  margin: 0,
                  padding: 12,
                  background: '#fafafa',
                  border: '1px solid #f0f0f0',
                  borderRadius: 6,
                  maxHeight: 'calc(100vh - 300px)',
                  overflow: 'auto',
                  fontSize: 13,
                }}
                tabIndex={0}
              >
                {mail.text_body}
              </pre>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
