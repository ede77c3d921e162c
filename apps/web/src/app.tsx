// The application: which page a path shows, who may see it, and the frame around it.
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useSession } from './api/session.tsx';
import { Layout } from './components/layout.tsx';
import { ErrorMessage, Spinner } from './components/ui/misc.tsx';
import { matchPath, navigate, useLocation } from './router/router.tsx';
import { LoginPage } from './pages/login.tsx';

type PageComponent = ComponentType<{ params: Record<string, string> }>;

/** A page loaded on first use from its own chunk; pages are named exports. */
function lazyPage<K extends string>(load: () => Promise<Record<K, PageComponent>>, name: K): PageComponent {
  return lazy<PageComponent>(() => load().then((module) => ({ default: module[name] })));
}

/** The pages, each its own chunk so the first visit downloads only the frame and the page it opens. */
const routes: ReadonlyArray<{ pattern: string; page: PageComponent; isAdmin?: boolean }> = [
  { pattern: '/', page: lazyPage(() => import('./pages/dashboard.tsx'), 'DashboardPage') },
  { pattern: '/projects', page: lazyPage(() => import('./pages/projects.tsx'), 'ProjectsPage') },
  { pattern: '/projects/:id', page: lazyPage(() => import('./pages/project-detail.tsx'), 'ProjectDetailPage') },
  { pattern: '/tasks', page: lazyPage(() => import('./pages/tasks.tsx'), 'TasksPage') },
  { pattern: '/tasks/:id', page: lazyPage(() => import('./pages/task-detail.tsx'), 'TaskDetailPage') },
  { pattern: '/instant-analysis', page: lazyPage(() => import('./pages/instant-analysis.tsx'), 'InstantAnalysisPage') },
  { pattern: '/reports', page: lazyPage(() => import('./pages/reports.tsx'), 'ReportsPage') },
  { pattern: '/recycle-bin', page: lazyPage(() => import('./pages/recycle-bin.tsx'), 'RecycleBinPage') },
  { pattern: '/migration', page: lazyPage(() => import('./pages/migration.tsx'), 'MigrationPage') },
  { pattern: '/admin', page: lazyPage(() => import('./pages/admin/admin.tsx'), 'AdminPage'), isAdmin: true },
  { pattern: '/admin/:tab', page: lazyPage(() => import('./pages/admin/admin.tsx'), 'AdminPage'), isAdmin: true },
];

const ChangePasswordPage = lazyPage(() => import('./pages/change-password.tsx'), 'ChangePasswordPage');

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The page for the current path, behind sign-in. */
export function App() {
  const { path } = useLocation();
  const { isSignedIn, user, isUserLoading, userError, reloadUser } = useSession();

  if (path === '/login') return isSignedIn && user && !user.force_password_change ? <Redirect to="/" /> : <LoginPage />;
  if (!isSignedIn) return <Redirect to={`/login${path === '/' ? '' : `?next=${encodeURIComponent(path)}`}`} />;
  if (userError && !user) {
    return (
      <main className="mx-auto max-w-lg p-8">
        <ErrorMessage error={userError} onRetry={reloadUser} />
      </main>
    );
  }
  if (isUserLoading || !user) return <Spinner />;
  if (user.force_password_change || path === '/change-password') {
    return (
      <Suspense fallback={<Spinner />}>
        <ChangePasswordPage params={{}} />
      </Suspense>
    );
  }

  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.isAdmin && user.role !== 'admin') return <Redirect to="/" />;
    const Page = route.page;
    return (
      <Layout>
        <Suspense fallback={<Spinner />}>
          <Page params={params} />
        </Suspense>
      </Layout>
    );
  }
  return <Redirect to="/" />;
}
