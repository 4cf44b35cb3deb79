import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Radio, Skeleton, Switch, Typography } from 'antd';
import { api } from '../../api/client';
import type { Locale, Preferences } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { applyFieldErrors } from '../admin/formErrors';

export function usePreferences() {
  return useQuery({ queryKey: ['me', 'preferences'], queryFn: () => api.get<Preferences>('/me/preferences') });
}

interface Values {
  digest: boolean;
  language: Locale;
  email: string;
}

/** My email preferences: weekly digest on or off, the language of emails, the address. */
export function PreferencesCard({ previewingOthers = false }: { previewingOthers?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const prefs = usePreferences();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const digestOn = Form.useWatch('digest', form);
  const email = Form.useWatch('email', form);

  useEffect(() => {
    if (prefs.data) form.setFieldsValue({ digest: prefs.data.digest === 'on', language: prefs.data.language, email: prefs.data.email ?? '' });
  }, [prefs.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      api.patch<Preferences>('/me/preferences', { digest: v.digest ? 'on' : 'off', language: v.language, email: v.email.trim() ? v.email.trim() : null }),
    onSuccess: (p) => {
      setError(null);
      qc.setQueryData(['me', 'preferences'], p);
      void qc.invalidateQueries({ queryKey: ['digest-preview'] });
      void qc.invalidateQueries({ queryKey: ['users'] });
      message.success(t('偏好已保存', 'Preferences saved'));
    },
    onError: (e) => {
      const { placed, unplaced } = applyFieldErrors(form, e, (f) => (['digest', 'language', 'email'].includes(f) ? f : null));
      setError(placed && !unplaced.length ? null : [errorText(e), ...unplaced].join('\n'));
    },
  });

  return (
    <Card size="small" title={t('我的邮件偏好', 'My email preferences')}>
      {prefs.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : prefs.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('加载失败', 'Could not load')}
          description={errorText(prefs.error)}
          action={
            <Button size="small" onClick={() => void prefs.refetch()}>
              {t('重试', 'Retry')}
            </Button>
          }
        />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={save.isPending}>
          {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12, whiteSpace: 'pre-line' }} title={t('未能保存', 'Not saved')} description={error} />}
          <Form.Item
            name="digest"
            label={t('每周简报邮件', 'Weekly digest email')}
            valuePropName="checked"
            extra={digestOn ? t('每周一收到上一周的简报', 'Arrives every Monday for the week before') : t('不再收到每周简报；预警通知不受影响', 'No weekly digest; alert emails are not affected')}
          >
            <Switch checkedChildren={t('订阅', 'On')} unCheckedChildren={t('退订', 'Off')} />
          </Form.Item>
          <Form.Item name="language" label={t('邮件语言', 'Email language')} extra={t('也是您账户的默认语言', 'Also your account’s language')}>
            <Radio.Group
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('邮箱地址', 'Email address')}
            rules={[
              { type: 'email', message: t('请填写有效的邮箱地址', 'Enter a valid email address') },
              { max: 254, message: t('邮箱地址过长', 'Too long') },
            ]}
            extra={!email?.trim() ? t('未填写邮箱时不会发送任何邮件', 'With no address no email is sent') : undefined}
          >
            <Input inputMode="email" autoComplete="email" spellCheck={false} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} block>
            {t('保存偏好', 'Save preferences')}
          </Button>
          {previewingOthers && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
              {t('偏好只影响您本人，与左侧预览的对象无关。', 'These settings are yours alone, whoever’s digest is previewed.')}
            </Typography.Paragraph>
          )}
        </Form>
      )}
    </Card>
  );
}
