import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Skeleton } from 'antd';
import { useAuth } from './auth/auth';
import type { Role } from './api/types';
import { AppShell } from './layout/AppShell';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './components/QueryState';

/** Where each role starts its day: directors on the dashboard, managers in the alert inbox, staff in the ledger. */
export function homeFor(role: Role): string {
  if (role === 'director') return '/dashboard';
  if (role === 'manager') return '/alerts';
  return '/projects';
}

const page = <M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) =>
  lazy(async () => ({ default: (await load())[name] as ComponentType }));

const LedgerPage = page(() => import('./pages/ledger/LedgerPage'), 'LedgerPage');
const PipelinePage = page(() => import('./pages/pipeline/PipelinePage'), 'PipelinePage');
const ProjectPage = page(() => import('./pages/project/ProjectPage'), 'ProjectPage');
const AlertInboxPage = page(() => import('./pages/alerts/AlertInboxPage'), 'AlertInboxPage');
const AlertDetailPage = page(() => import('./pages/alerts/AlertDetailPage'), 'AlertDetailPage');
const DashboardPage = page(() => import('./pages/dashboard/DashboardPage'), 'DashboardPage');
const MapPage = page(() => import('./pages/map/MapPage'), 'MapPage');
const DigestPage = page(() => import('./pages/digest/DigestPage'), 'DigestPage');
const UsersPage = page(() => import('./pages/admin/UsersPage'), 'UsersPage');
const UnitsPage = page(() => import('./pages/admin/UnitsPage'), 'UnitsPage');
const ServiceTargetsPage = page(() => import('./pages/admin/ServiceTargetsPage'), 'ServiceTargetsPage');
const CalendarPage = page(() => import('./pages/admin/CalendarPage'), 'CalendarPage');
const OutboxPage = page(() => import('./pages/admin/OutboxPage'), 'OutboxPage');
const InvestorsPage = page(() => import('./pages/investors/InvestorsPage'), 'InvestorsPage');
const InvestorPage = page(() => import('./pages/investors/InvestorPage'), 'InvestorPage');
const MyTasksPage = page(() => import('./pages/tasks/MyTasksPage'), 'MyTasksPage');

function RequireAuth({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Skeleton active style={{ padding: 48 }} />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { me } = useAuth();
  return me && roles.includes(me.role) ? <>{children}</> : <NotFoundPage />;
}

function Home() {
  const { me } = useAuth();
  return <Navigate to={me ? homeFor(me.role) : '/login'} replace />;
}

const lazyPage = (Page: ComponentType) => (
  <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
    <Page />
  </Suspense>
);

export function AppRoutes() {
  const { me } = useAuth();
  return (
    <Routes>
      <Route path="/login" element={me ? <Home /> : <LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route path="dashboard" element={lazyPage(DashboardPage)} />
        <Route path="projects" element={lazyPage(LedgerPage)} />
        <Route path="projects/:id" element={lazyPage(ProjectPage)} />
        <Route path="pipeline" element={lazyPage(PipelinePage)} />
        <Route path="alerts" element={lazyPage(AlertInboxPage)} />
        <Route path="alerts/:id" element={lazyPage(AlertDetailPage)} />
        <Route path="map" element={lazyPage(MapPage)} />
        <Route path="digest" element={lazyPage(DigestPage)} />
        <Route path="investors" element={lazyPage(InvestorsPage)} />
        <Route path="investors/:id" element={lazyPage(InvestorPage)} />
        <Route path="tasks" element={lazyPage(MyTasksPage)} />
        <Route path="admin/users" element={<RequireRole roles={['admin']}>{lazyPage(UsersPage)}</RequireRole>} />
        <Route path="admin/units" element={<RequireRole roles={['admin']}>{lazyPage(UnitsPage)}</RequireRole>} />
        <Route path="admin/service-targets" element={<RequireRole roles={['admin']}>{lazyPage(ServiceTargetsPage)}</RequireRole>} />
        <Route path="admin/calendar" element={<RequireRole roles={['admin']}>{lazyPage(CalendarPage)}</RequireRole>} />
        <Route path="admin/outbox" element={<RequireRole roles={['admin']}>{lazyPage(OutboxPage)}</RequireRole>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
