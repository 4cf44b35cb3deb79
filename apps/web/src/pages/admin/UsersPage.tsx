import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Role, Unit, User } from '../../api/types';
import { useUnits } from '../../api/reference';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { QueryState, useErrorText } from '../../components/QueryState';
import { ROLE_LABELS } from '../../lib/domain';
import { matchesSearch } from '../../lib/text-search';
import { useUsers } from './adminQueries';
import { isStale } from './formErrors';
import { UserDrawer } from './UserDrawer';

export const ROLE_COLORS: Record<Role, string> = { admin: 'red', director: 'purple', manager: 'blue', staff: 'green', viewer: 'default' };
const ROLES: Role[] = ['staff', 'manager', 'director', 'admin', 'viewer'];

/** 用户管理: every account with role, unit, email and language; create, edit, activate or deactivate. */
export function UsersPage() {
  const { t, label, name } = useI18n();
  const me = useMe();
  const users = useUsers();
  const units = useUnits();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [drawer, setDrawer] = useState<{ mode: 'create' } | { mode: 'edit'; user: User } | null>(null);

  const unitById = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const unitName = (id: string) => {
    const u = unitById.get(id);
    return u ? name(u.nameZh, u.nameEn) : '';
  };
  const rows = useMemo(
    () =>
      (users.data ?? []).filter((u) => {
        if (role && u.role !== role) return false;
        const unit = unitById.get(u.unitId);
        return matchesSearch([u.displayName, u.username, u.email, unit?.nameZh, unit?.nameEn], search);
      }),
    [users.data, unitById, search, role],
  );
  const inactive = (users.data ?? []).filter((u) => !u.active).length;

  const columns: TableColumnsType<User> = [
    {
      title: t('姓名 / 用户名', 'Name / username'),
      key: 'name',
      sorter: (a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'),
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong type={u.active ? undefined : 'secondary'}>
            {u.displayName}
            {u.id === me.id && <Tag style={{ marginInlineStart: 8 }}>{t('我', 'me')}</Tag>}
          </Typography.Text>
          <Typography.Text type="secondary" code>
            {u.username}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('角色', 'Role'),
      dataIndex: 'role',
      width: 130,
      sorter: (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role),
      render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{label(ROLE_LABELS[r])}</Tag>,
    },
    {
      title: t('所属单位', 'Unit'),
      dataIndex: 'unitId',
      sorter: (a, b) => unitName(a.unitId).localeCompare(unitName(b.unitId), 'zh-CN'),
      render: (id: string) => <UnitCell unit={unitById.get(id)} />,
    },
    {
      title: t('邮箱', 'Email'),
      dataIndex: 'email',
      render: (email: string | null) => (email ? <Typography.Text copyable>{email}</Typography.Text> : <Typography.Text type="secondary">{t('未填写（不发邮件）', 'none (no email sent)')}</Typography.Text>),
    },
    {
      title: t('语言', 'Language'),
      dataIndex: 'locale',
      width: 90,
      render: (l: string) => (l === 'en' ? 'English' : '中文'),
    },
    {
      title: t('启用', 'Active'),
      dataIndex: 'active',
      width: 90,
      filters: [
        { text: t('已启用', 'Active'), value: true },
        { text: t('已停用', 'Deactivated'), value: false },
      ],
      onFilter: (v, u) => u.active === v,
      render: (_, u) => <ActiveSwitch user={u} self={u.id === me.id} />,
    },
    {
      title: t('操作', 'Actions'),
      key: 'actions',
      width: 90,
      render: (_, u) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', user: u })} aria-label={t(`编辑 ${u.displayName}`, `Edit ${u.displayName}`)}>
          {t('编辑', 'Edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('用户管理', 'Users')}
        sub={
          users.data
            ? t(`共 ${users.data.length} 个账户${inactive ? `，其中 ${inactive} 个已停用` : ''}。停用的账户不能登录，也不再收到邮件。`, `${users.data.length} accounts${inactive ? `, ${inactive} deactivated` : ''}. Deactivated accounts cannot sign in and get no email.`)
            : t('系统账户、角色与所属单位', 'Accounts, roles and units')
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })}>
            {t('新建用户', 'New user')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('搜索姓名、用户名、单位或邮箱', 'Search name, username, unit or email')}
            aria-label={t('搜索用户', 'Search users')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 320 }}
          />
          <Select
            allowClear
            placeholder={t('全部角色', 'All roles')}
            aria-label={t('按角色筛选', 'Filter by role')}
            value={role}
            onChange={setRole}
            style={{ width: 160 }}
            options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
          />
          {(search || role) && users.data && (
            <Typography.Text type="secondary">{t(`找到 ${rows.length} 个`, `${rows.length} found`)}</Typography.Text>
          )}
        </Space>
        <QueryState query={users} rows={6}>
          {() => (
            <Table<User>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={rows}
              loading={units.isPending}
              pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              locale={{ emptyText: search || role ? t('没有符合条件的用户', 'No user matches') : t('还没有用户', 'No users yet') }}
              scroll={{ x: 900 }}
            />
          )}
        </QueryState>
      </Card>
      {drawer && (
        <UserDrawer
          key={drawer.mode === 'edit' ? drawer.user.id : 'new'}
          mode={drawer.mode}
          user={drawer.mode === 'edit' ? drawer.user : undefined}
          onClose={() => setDrawer(null)}
        />
      )}
    </>
  );
}

function UnitCell({ unit }: { unit: Unit | undefined }) {
  const { name } = useI18n();
  if (!unit) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={unit.path}>
      <span>{name(unit.nameZh, unit.nameEn)}</span>
    </Tooltip>
  );
}

/** The active switch of one row: deactivating asks first; an admin cannot deactivate their own account. */
function ActiveSwitch({ user, self }: { user: User; self: boolean }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (active: boolean) => api.patch<User>(`/users/${user.id}`, { version: user.version, active }),
    onSuccess: (u) => {
      qc.setQueryData<User[]>(['users'], (list) => list?.map((x) => (x.id === u.id ? u : x)));
      message.success(u.active ? t(`已启用 ${u.displayName}`, `${u.displayName} activated`) : t(`已停用 ${u.displayName}`, `${u.displayName} deactivated`));
    },
    onError: (e) => {
      if (isStale(e)) {
        modal.warning({
          title: t('该用户已被他人修改', 'This user was changed by someone else'),
          content: t('列表将重新加载，请确认最新状态后再操作。', 'The list will reload; check the latest state and try again.'),
          onOk: () => void qc.invalidateQueries({ queryKey: ['users'] }),
        });
      } else message.error(errorText(e));
    },
  });
  const label = user.active ? t(`停用 ${user.displayName}`, `Deactivate ${user.displayName}`) : t(`启用 ${user.displayName}`, `Activate ${user.displayName}`);
  const control = (
    <Switch
      checked={user.active}
      loading={save.isPending}
      disabled={self}
      aria-label={label}
      onChange={user.active ? undefined : () => save.mutate(true)}
    />
  );
  if (self) return <Tooltip title={t('不能停用自己的账户', 'You cannot deactivate your own account')}>{control}</Tooltip>;
  if (!user.active) return control;
  return (
    <Popconfirm
      title={t(`停用 ${user.displayName}？`, `Deactivate ${user.displayName}?`)}
      description={t('停用后该账户立即无法登录，也不再收到简报和预警邮件；随时可以重新启用。', 'The account is signed out at once and gets no digest or alert email; you can activate it again at any time.')}
      okText={t('停用', 'Deactivate')}
      okButtonProps={{ danger: true }}
      cancelText={t('取消', 'Cancel')}
      onConfirm={() => save.mutate(false)}
    >
      {control}
    </Popconfirm>
  );
}
