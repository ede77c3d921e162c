// Changing the password: forced at first login for accounts made with a generated or admin-set password.
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/session.tsx';
import { Preferences } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { TextField } from '../components/ui/field.tsx';
import { ErrorMessage } from '../components/ui/misc.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { navigate } from '../router/router.tsx';

/** The change-password page. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { api, user, logout } = useSession();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  useTitle(t('password.title'));
  const mismatch = confirm.length > 0 && confirm !== next ? t('password.mismatch') : null;

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (next !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.auth.changePassword({ current_password: current, new_password: next });
      queryClient.setQueryData(['me'], updated);
      navigate('/', { replace: true });
    } catch (caught) {
      setError(caught);
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
        <form onSubmit={(e) => void onSubmit(e)} className="flex w-full max-w-sm flex-col gap-4 rounded-lg border border-line bg-panel p-6" noValidate>
          <div>
            <h1 className="text-xl font-semibold">{t('password.title')}</h1>
            {user?.force_password_change && <p className="mt-1 text-sm text-muted">{t('password.forced')}</p>}
          </div>
          <TextField label={t('password.current')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
          <TextField label={t('password.new')} type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} hint={t('password.hint')} />
          <TextField label={t('password.confirm')} type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch} />
          <ErrorMessage error={error} />
          <div className="flex justify-between gap-2">
            <Button variant="ghost" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
            <Button type="submit" variant="primary" isBusy={isBusy} disabled={!current || !next || next !== confirm}>
              {t('password.submit')}
            </Button>
          </div>
        </form>
      </main>
    </div>
  );
}
