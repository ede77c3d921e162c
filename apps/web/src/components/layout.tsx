// The frame of every signed-in page: skip link, navigation, language and theme switches, the user's menu.
import type { ReactNode } from 'react';
import { useFlag, webFlags } from '../api/flags.ts';
import { useSession } from '../api/session.tsx';
import { useI18n, type Locale, type MessageKey } from '../i18n/i18n.tsx';
import { useTheme } from '../lib/theme.tsx';
import { Link, useLocation } from '../router/router.tsx';
import { Button } from './ui/button.tsx';

interface NavItem {
  to: string;
  label: MessageKey;
  isAdmin?: boolean;
}

const navItems: readonly NavItem[] = [
  { to: '/', label: 'nav.dashboard' },
  { to: '/projects', label: 'nav.projects' },
  { to: '/tasks', label: 'nav.tasks' },
  { to: '/instant-analysis', label: 'nav.instant' },
  { to: '/reports', label: 'nav.reports' },
  { to: '/recycle-bin', label: 'nav.recycleBin' },
  { to: '/migration', label: 'nav.migration' },
  { to: '/admin', label: 'nav.admin', isAdmin: true },
];

function isCurrent(path: string, to: string): boolean {
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}

/** The language select and theme toggle, also shown on the login page. */
export function Preferences() {
  const { t, locale, setLocale } = useI18n();
  const { theme, toggleTheme } = useTheme();
  return (
    <div className="flex items-center gap-2">
      <label className="sr-only" htmlFor="xcr-locale">
        {t('prefs.language')}
      </label>
      <select id="xcr-locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)} className="rounded-md border border-line bg-panel px-2 py-1.5 text-sm">
        <option value="en">English</option>
        <option value="zh-CN">简体中文</option>
      </select>
      <Button size="sm" onClick={toggleTheme} aria-pressed={theme === 'dark'} aria-label={t('prefs.darkMode')} title={t('prefs.darkMode')}>
        <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
      </Button>
    </div>
  );
}

/** The frame. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const { user, logout } = useSession();
  const isMigrationShown = useFlag(webFlags.migrationUi) || user?.role === 'admin';
  const items = navItems.filter((item) => (!item.isAdmin || user?.role === 'admin') && (item.to !== '/migration' || isMigrationShown));
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only-focusable fixed top-2 left-2 z-[70] rounded bg-accent px-3 py-2 text-accent-fg">
        {t('nav.skip')}
      </a>
      <header className="border-b border-line bg-panel">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link to="/" className="flex items-center gap-2 font-semibold">
            <img src="/favicon.svg" alt="" className="size-6" />
            XCodeReviewer
          </Link>
          <nav aria-label={t('nav.main')} className="order-3 w-full overflow-x-auto lg:order-none lg:w-auto lg:flex-1">
            <ul className="flex gap-1">
              {items.map((item) => {
                const isActive = isCurrent(path, item.to);
                return (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={isActive ? 'page' : undefined} className={`block rounded-md px-2.5 py-1.5 text-sm whitespace-nowrap ${isActive ? 'bg-sunken font-semibold text-fg' : 'text-muted hover:bg-sunken hover:text-fg'}`}>
                      {t(item.label)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <Preferences />
            {user && (
              <div className="flex items-center gap-2 text-sm">
                <span className="hidden sm:inline" title={user.email}>
                  {user.username}
                </span>
                <Button size="sm" variant="ghost" onClick={() => void logout()}>
                  {t('nav.logout')}
                </Button>
              </div>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}

/** A page title with optional actions on the right. */
export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {description && <p className="mt-1 text-sm text-muted">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
