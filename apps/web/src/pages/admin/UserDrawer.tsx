import { useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Radio, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Locale, Role, User } from '../../api/types';
import { unitTree, useUnits } from '../../api/reference';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { ROLE_LABELS } from '../../lib/domain';
import { applyFieldErrors, isStale } from './formErrors';
import { useConfirmDiscard } from './useConfirmDiscard';

interface Values {
  username: string;
  displayName: string;
  password?: string;
  confirm?: string;
  role: Role;
  unitId: string;
  email?: string;
  locale: Locale;
  active: boolean;
}

const ROLE_HELP: Record<Role, { zh: string; en: string }> = {
  staff: { zh: '维护本单位项目，接收本单位项目的预警', en: "Maintains their unit's projects and gets their alerts" },
  manager: { zh: '本单位及下级单位的项目与预警，可更正、豁免', en: 'Projects and alerts of the unit and below; may correct and waive' },
  director: { zh: '全市只读总览，接收督办', en: 'City-wide overview, receives escalations' },
  admin: { zh: '用户、规则、日历等系统设置', en: 'Users, rules, calendar and other settings' },
  viewer: { zh: '只读查看', en: 'Read only' },
};
const ROLES: Role[] = ['staff', 'manager', 'director', 'admin', 'viewer'];
const USERNAME_RE = /^[a-z0-9._-]{2,64}$/;

/** Create a user, or edit one (optimistic version; a new password only when typed). */
export function UserDrawer({ mode, user, onClose }: { mode: 'create' | 'edit'; user?: User; onClose: () => void }) {
  const { t, label, name } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const confirmDiscard = useConfirmDiscard();
  const qc = useQueryClient();
  const units = useUnits();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<User | undefined>(user);
  const [banner, setBanner] = useState<{ kind: 'stale' | 'error'; text: string } | null>(null);
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => name(u.nameZh, u.nameEn)), [units.data, name]);
  const self = current?.id === me.id;

  const initial: Values = current
    ? { username: current.username, displayName: current.displayName, role: current.role, unitId: current.unitId, email: current.email ?? '', locale: current.locale, active: current.active }
    : ({ username: '', displayName: '', role: 'staff', email: '', locale: 'zh-CN', active: true } as unknown as Values);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const email = (v.email ?? '').trim();
      if (mode === 'create') {
        return api.post<User>('/users', {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
          role: v.role,
          unitId: v.unitId,
          locale: v.locale,
          ...(email ? { email } : {}),
        });
      }
      return api.patch<User>(`/users/${current!.id}`, {
        version: current!.version,
        displayName: v.displayName.trim(),
        role: v.role,
        unitId: v.unitId,
        email: email || null,
        locale: v.locale,
        active: v.active,
        ...(v.password ? { password: v.password } : {}),
      });
    },
    onSuccess: (u) => {
      qc.setQueryData<User[]>(['users'], (list) => (list ? (mode === 'create' ? [...list, u] : list.map((x) => (x.id === u.id ? u : x))) : list));
      void qc.invalidateQueries({ queryKey: ['users'] });
      message.success(mode === 'create' ? t(`已创建用户 ${u.displayName}`, `User ${u.displayName} created`) : t(`已保存 ${u.displayName}`, `${u.displayName} saved`));
      onClose();
    },
    onError: (e) => {
      if (isStale(e)) {
        setBanner({ kind: 'stale', text: t('该用户已被他人修改。重新加载可看到最新内容（您在此处的修改将丢失）。', 'Someone else changed this user. Reload to see the latest (your changes here will be lost).') });
        return;
      }
      const { placed, unplaced } = applyFieldErrors(form, e, (f) => (['username', 'displayName', 'password', 'role', 'unitId', 'email', 'locale', 'active'].includes(f) ? f : null));
      setBanner(placed && !unplaced.length ? null : { kind: 'error', text: [errorText(e), ...unplaced].join('\n') });
    },
  });

  const reload = async () => {
    const list = await qc.fetchQuery({ queryKey: ['users'], queryFn: () => api.get<User[]>('/users'), staleTime: 0 });
    const fresh = list.find((u) => u.id === current?.id);
    setBanner(null);
    if (!fresh) {
      setBanner({ kind: 'error', text: t('该用户已不存在。', 'This user no longer exists.') });
      return;
    }
    setCurrent(fresh);
    form.resetFields();
    form.setFieldsValue({ displayName: fresh.displayName, role: fresh.role, unitId: fresh.unitId, email: fresh.email ?? '', locale: fresh.locale, active: fresh.active, password: '', confirm: '' });
  };

  const title = mode === 'create' ? t('新建用户', 'New user') : t(`编辑用户：${current?.displayName}`, `Edit user: ${current?.displayName}`);
  const close = () => confirmDiscard(form.isFieldsTouched() && !save.isSuccess, onClose);

  return (
    <Drawer
      open
      title={title}
      size={520}
      onClose={close}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={close}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {mode === 'create' ? t('创建', 'Create') : t('保存', 'Save')}
          </Button>
        </Space>
      }
    >
      {banner && (
        <Alert
          type={banner.kind === 'stale' ? 'warning' : 'error'}
          showIcon
          role="alert"
          style={{ marginBottom: 16, whiteSpace: 'pre-line' }}
          title={banner.kind === 'stale' ? t('保存冲突', 'Edit conflict') : t('未能保存', 'Not saved')}
          description={banner.text}
          action={
            banner.kind === 'stale' ? (
              <Button size="small" onClick={() => void reload()}>
                {t('重新加载', 'Reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} requiredMark>
        <Form.Item
          name="username"
          label={t('用户名（登录名）', 'Username (for signing in)')}
          extra={mode === 'create' ? t('2–64 位小写字母、数字或 . _ -，创建后不能修改', '2–64 of a–z, 0–9, . _ -; cannot change later') : undefined}
          rules={[
            { required: true, message: t('请填写用户名', 'Enter a username') },
            { pattern: USERNAME_RE, message: t('只能使用 2–64 位小写字母、数字或 . _ -', 'Use 2–64 of a–z, 0–9, . _ -') },
          ]}
        >
          <Input disabled={mode === 'edit'} autoComplete="off" spellCheck={false} autoFocus={mode === 'create'} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('姓名 / 显示名称', 'Display name')}
          rules={[
            { required: true, whitespace: true, message: t('请填写姓名', 'Enter a name') },
            { max: 100, message: t('最多 100 个字', 'At most 100 characters') },
          ]}
        >
          <Input autoFocus={mode === 'edit'} />
        </Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true, message: t('请选择角色', 'Choose a role') }]}>
          <Select
            disabled={self}
            options={ROLES.map((r) => ({
              value: r,
              label: (
                <Space size={8}>
                  <span>{label(ROLE_LABELS[r])}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {label(ROLE_HELP[r])}
                  </Typography.Text>
                </Space>
              ),
            }))}
          />
        </Form.Item>
        {self && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -16 }}>
            {t('不能修改自己的角色或停用自己的账户。', 'You cannot change your own role or deactivate yourself.')}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="unitId"
          label={t('所属单位', 'Unit')}
          extra={t('用户只能看到本单位及下级单位的项目', 'Users see the projects of their unit and the units below it')}
          rules={[{ required: true, message: t('请选择单位', 'Choose a unit') }]}
        >
          <TreeSelect
            treeData={tree}
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            loading={units.isPending}
            placeholder={t('选择单位', 'Choose a unit')}
            popupMatchSelectWidth
          />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('邮箱', 'Email')}
          extra={t('用于每周简报和预警邮件；不填则不发邮件', 'For the weekly digest and alert emails; leave empty for none')}
          rules={[{ type: 'email', message: t('请填写有效的邮箱地址', 'Enter a valid email address') }]}
        >
          <Input inputMode="email" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="locale" label={t('语言（界面与邮件）', 'Language (app and email)')}>
          <Radio.Group
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        {mode === 'edit' && (
          <Form.Item name="active" label={t('账户状态', 'Account')} valuePropName="checked" extra={t('停用后不能登录，也不再收到邮件', 'Deactivated accounts cannot sign in and get no email')}>
            <Switch disabled={self} checkedChildren={t('启用', 'Active')} unCheckedChildren={t('停用', 'Off')} />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={mode === 'create' ? t('初始密码', 'Initial password') : t('新密码', 'New password')}
          extra={mode === 'edit' ? t('留空则不修改密码', 'Leave empty to keep the current password') : t('至少 8 位，请告知用户并提醒其妥善保管', 'At least 8 characters; tell the user and ask them to keep it safe')}
          rules={[
            { required: mode === 'create', message: t('请设置初始密码', 'Set an initial password') },
            { min: 8, message: t('至少 8 位', 'At least 8 characters') },
            { max: 200, message: t('最多 200 位', 'At most 200 characters') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('确认密码', 'Confirm password')}
          dependencies={['password']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const pw = getFieldValue('password') as string | undefined;
                if (!pw && !value) return Promise.resolve();
                return value === pw ? Promise.resolve() : Promise.reject(new Error(t('两次输入的密码不一致', 'The passwords do not match')));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {/* Enter in any field submits. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
