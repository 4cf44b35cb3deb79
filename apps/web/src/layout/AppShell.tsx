import { useState, type ReactNode } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Segmented, Space, Tag, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined,
  CalendarOutlined,
  ApartmentOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  LogoutOutlined,
  MailOutlined,
  MenuOutlined,
  ProjectOutlined,
  SettingOutlined,
  TableOutlined,
  TeamOutlined,
  FieldTimeOutlined,
  InboxOutlined,
  ShopOutlined,
  CheckSquareOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ROLE_LABELS } from '../lib/domain';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { NotificationBell } from './NotificationBell';

type Item = Required<MenuProps>['items'][number];

/** The role-aware frame: menu by role, unit and role in the header, language switch, the bell. */
export function AppShell() {
  const me = useMe();
  const { logout } = useAuth();
  const { t, lang, setLang, label } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [drawer, setDrawer] = useState(false);

  const items: Item[] = [
    { key: '/dashboard', icon: <DashboardOutlined />, label: t('驾驶舱', 'Dashboard') },
    { key: '/projects', icon: <TableOutlined />, label: t('项目台账', 'Project ledger') },
    { key: '/pipeline', icon: <ProjectOutlined />, label: t('推进看板', 'Pipeline') },
    { key: '/alerts', icon: <AlertOutlined />, label: t('预警督办', 'Alerts') },
    { key: '/map', icon: <EnvironmentOutlined />, label: t('项目地图', 'Map') },
    { key: '/investors', icon: <ShopOutlined />, label: t('客商管理', 'Investors') },
    { key: '/digest', icon: <MailOutlined />, label: t('每周简报', 'Weekly digest') },
  ];
  // Follow-ups are assigned to staff and managers only.
  if (me.role === 'staff' || me.role === 'manager') items.splice(6, 0, { key: '/tasks', icon: <CheckSquareOutlined />, label: t('我的待办', 'My tasks') });
  if (me.role === 'admin') {
    items.push({
      key: 'admin',
      icon: <SettingOutlined />,
      label: t('系统管理', 'Administration'),
      children: [
        { key: '/admin/users', icon: <TeamOutlined />, label: t('用户', 'Users') },
        { key: '/admin/units', icon: <ApartmentOutlined />, label: t('单位', 'Units') },
        { key: '/admin/service-targets', icon: <FieldTimeOutlined />, label: t('服务时限规则', 'Service targets') },
        { key: '/admin/calendar', icon: <CalendarOutlined />, label: t('工作日历', 'Working calendar') },
        { key: '/admin/outbox', icon: <InboxOutlined />, label: t('发件箱', 'Outbox') },
      ],
    });
  }
  const selected = '/' + (location.pathname.split('/').slice(1, location.pathname.startsWith('/admin') ? 3 : 2).join('/'));
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={location.pathname.startsWith('/admin') ? ['admin'] : []}
      items={items}
      onClick={({ key }) => {
        navigate(key);
        setDrawer(false);
      }}
    />
  );
  const brand = (
    <div style={{ color: '#fff', padding: '16px 20px', fontSize: 18, fontWeight: 600, letterSpacing: 1 }}>
      落地 <span style={{ fontWeight: 400, fontSize: 13, opacity: 0.75 }}>{t('招商项目跟踪', 'Luodi')}</span>
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider width={208} breakpoint="lg" collapsedWidth={64}>
          {brand}
          {menu}
        </Layout.Sider>
      )}
      {narrow && (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={240} styles={{ body: { padding: 0, background: '#1f2329' } }}>
          {brand}
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 16px', borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}
        >
          {narrow && <Button type="text" icon={<MenuOutlined />} aria-label={t('菜单', 'Menu')} onClick={() => setDrawer(true)} />}
          <div style={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'center', gap: 8, overflow: 'hidden', whiteSpace: 'nowrap' }} data-testid="whoami">
            <Typography.Text strong>{me.unit.nameZh}</Typography.Text>
            {!narrow && <Tag style={{ marginInlineEnd: 0 }}>{label(ROLE_LABELS[me.role])}</Tag>}
            {!narrow && <Typography.Text type="secondary">{me.displayName}</Typography.Text>}
          </div>
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh-CN' | 'en')}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'EN', value: 'en' },
            ]}
            aria-label={t('界面语言', 'Language')}
            data-testid="lang-switch"
          />
          <NotificationBell />
          <Button type="text" icon={<LogoutOutlined />} onClick={() => logout()} aria-label={t('退出登录', 'Sign out')}>
            {!narrow && t('退出', 'Sign out')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 8 : 20, minWidth: 0 }}>
          <ErrorBoundary key={location.pathname} lang={lang}>
            <Outlet />
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A page title row with optional actions on the right. */
export function PageHeader({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12, marginBottom: 16 }}>
      <div style={{ flex: 1, minWidth: 200 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </div>
      {extra && <Space wrap>{extra}</Space>}
    </div>
  );
}
