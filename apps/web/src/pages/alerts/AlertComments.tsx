import { useState } from 'react';
import { App, Avatar, Button, Empty, Form, Input, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { AlertDetail } from '../../api/types';
import { useErrorText } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/format';
import { alertKeys, useInvalidateAlerts } from './alertQueries';
import { apiFieldErrors } from './AlertActionModals';

/** The comment thread of one alert (oldest first) with a box to add one; Ctrl/⌘+Enter posts. */
export function AlertComments({ alert, canComment }: { alert: AlertDetail; canComment: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAlerts();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);

  const post = async ({ text }: { text: string }) => {
    if (busy) return;
    setBusy(true);
    try {
      const updated = await api.post<AlertDetail>(`/alerts/${alert.id}/comments`, { text: text.trim() });
      queryClient.setQueryData(alertKeys.detail(alert.id), updated);
      invalidate([alert.project.id]);
      form.resetFields();
      void message.success(t('批注已发表', 'Comment posted'));
    } catch (e) {
      const field = apiFieldErrors(e).text;
      if (field) form.setFields([{ name: 'text', errors: [field] }]);
      else void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="alert-comments">
      {alert.comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('还没有批注', 'No comments yet')} style={{ margin: '8px 0 16px' }} />
      ) : (
        <ol style={{ listStyle: 'none', margin: '0 0 12px', padding: 0 }} aria-label={t('批注', 'Comments')}>
          {alert.comments.map((c) => (
            <li key={c.id} className="luodi-comment" style={{ display: 'flex', gap: 10 }}>
              <Avatar size="small" style={{ background: '#b5282e', flex: 'none' }}>
                {(c.author.displayName ?? '?').slice(0, 1)}
              </Avatar>
              <div style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong>{c.author.displayName ?? t('（已删除用户）', '(removed user)')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                  {formatDateTime(c.createdAt)}
                </Typography.Text>
                <p className="luodi-comment-text">{c.text}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <Form form={form} layout="vertical" onFinish={(v) => void post(v)} name="alert-comment">
          <Form.Item
            name="text"
            label={t('发表批注', 'Add a comment')}
            rules={[
              { required: true, whitespace: true, message: t('请填写批注内容', 'Enter the comment') },
              { max: 5000, message: t('不超过 5000 字', 'At most 5000 characters') },
            ]}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea
              rows={3}
              maxLength={5000}
              placeholder={t('说明进展、协调事项或督办要求（Ctrl+Enter 发表）', 'Progress, coordination or instructions (Ctrl+Enter posts)')}
              data-testid="alert-comment-input"
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  form.submit();
                }
              }}
            />
          </Form.Item>
          <div style={{ textAlign: 'right' }}>
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="alert-comment-submit">
              {t('发表', 'Post')}
            </Button>
          </div>
        </Form>
      )}
    </div>
  );
}
