// Sign-in by username or email. A user who must change the password is taken there next.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/http.ts';
import { useSession } from '../api/session.tsx';
import { Preferences } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { TextField } from '../components/ui/field.tsx';
import { ErrorMessage } from '../components/ui/misc.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { navigate, useLocation } from '../router/router.tsx';

/** Where to go after signing in: the `next` path when it is one of ours. */
export function nextPath(query: URLSearchParams): string {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The login page. */
export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const { query } = useLocation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  useTitle(t('login.title'));

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(name.trim(), password);
      navigate(user.force_password_change ? '/change-password' : nextPath(query), { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? new Error(t('login.invalid')) : caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex min-h-screen flex-col">
      <div className="flex justify-end p-4">
        <Preferences />
      </div>
      <main className="flex flex-1 items-center justify-center px-4 pb-16">
        <div className="w-full max-w-sm">
          <div className="mb-6 flex items-center gap-3">
            <img src="/favicon.svg" alt="" className="size-10" />
            <div>
              <h1 className="text-xl font-semibold">{t('login.title')}</h1>
              <p className="text-sm text-muted">{t('login.subtitle')}</p>
            </div>
          </div>
          <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4 rounded-lg border border-line bg-panel p-6" noValidate>
            <TextField label={t('login.username')} name="username" autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            <TextField label={t('login.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            <ErrorMessage error={error} />
            <Button type="submit" variant="primary" isBusy={isBusy} disabled={!name.trim() || !password}>
              {t('login.submit')}
            </Button>
          </form>
        </div>
      </main>
    </div>
  );
}
