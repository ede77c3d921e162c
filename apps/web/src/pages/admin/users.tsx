// Users and roles: search, create accounts, change roles, activate or deactivate, unlock, set a password.
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateUserBody, UserResponse, UserRole } from '@xcr/contracts/api/index';
import { useSession } from '../../api/session.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/ui/field.tsx';
import { Badge, ErrorMessage, Pagination, Spinner } from '../../components/ui/misc.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDebounced } from '../../lib/use-debounced.ts';

const roles: readonly UserRole[] = ['admin', 'user', 'viewer'];

function CreateUserDialog({ isOpen, onClose, onCreated }: { isOpen: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserRole>('user');
  const [isForced, setForced] = useState(true);
  const create = useMutation({
    mutationFn: () => api.users.create({ email, username, password, role, force_password_change: isForced }),
    onSuccess: () => {
      setEmail('');
      setUsername('');
      setPassword('');
      onCreated();
    },
  });
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={t('users.create')} closeLabel={t('common.close')} footer={<><Button onClick={onClose}>{t('common.cancel')}</Button><Button type="submit" form="create-user-form" variant="primary" isBusy={create.isPending}>{t('users.create')}</Button></>}>
      <form id="create-user-form" onSubmit={onSubmit} className="flex flex-col gap-4">
        <TextField label={t('users.email')} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label={t('users.username')} required value={username} onChange={(e) => setUsername(e.target.value)} />
        <TextField label={t('users.password')} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <SelectField label={t('users.role')} value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
          {roles.map((r) => <option key={r} value={r}>{t(`userRole.${r}`)}</option>)}
        </SelectField>
        <CheckboxField label={t('users.forceChange')} checked={isForced} onChange={(e) => setForced(e.target.checked)} />
        <ErrorMessage error={create.error} />
      </form>
    </Dialog>
  );
}

/** The users panel. */
export function UsersPanel() {
  const { t, formatDateTime } = useI18n();
  const { api, user: me } = useSession();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [isCreating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserResponse | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const settled = useDebounced(search.trim());
  const list = useQuery({ queryKey: ['users', settled, page], queryFn: () => api.users.list({ page, page_size: 20, search: settled || undefined }), placeholderData: keepPreviousData });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const update = useMutation({ mutationFn: (input: { id: string; body: UpdateUserBody }) => api.users.update(input.id, input.body), onSuccess: async () => { toast(t('common.saved')); await refresh(); }, onError: (e) => toast((e as Error).message, 'error') });
  const unlock = useMutation({ mutationFn: (id: string) => api.users.unlock(id), onSuccess: refresh, onError: (e) => toast((e as Error).message, 'error') });
  const setPassword = useMutation({
    mutationFn: () => api.users.setPassword(resetting!.id, newPassword),
    onSuccess: async () => { setResetting(null); setNewPassword(''); toast(t('users.passwordSet')); await refresh(); },
  });

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-72">
          <TextField label={t('users.search')} type="search" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>{t('users.create')}</Button>
      </div>
      <ErrorMessage error={list.error} />
      {list.isPending ? <Spinner /> : (
        <div className="overflow-x-auto rounded-lg border border-line bg-panel">
          <table className="w-full text-sm">
            <caption className="sr-only">{t('admin.users')}</caption>
            <thead className="border-b border-line text-left text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t('users.username')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('users.role')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('users.state')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('users.lastLogin')}</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {(list.data?.items ?? []).map((u) => {
                const isMe = u.id === me?.id;
                return (
                  <tr key={u.id}>
                    <td className="px-3 py-2"><div className="font-medium">{u.username}</div><div className="text-xs text-muted">{u.email}</div></td>
                    <td className="px-3 py-2">
                      <SelectField label={t('users.roleOf', { name: u.username })} isLabelHidden value={u.role} disabled={isMe} onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value as UserRole } })}>
                        {roles.map((r) => <option key={r} value={r}>{t(`userRole.${r}`)}</option>)}
                      </SelectField>
                    </td>
                    <td className="px-3 py-2">
                      <div className="flex flex-wrap gap-1">
                        <Badge tone={u.is_active ? 'green' : 'slate'}>{u.is_active ? t('users.active') : t('users.inactive')}</Badge>
                        {u.locked_until && new Date(u.locked_until) > new Date() && <Badge tone="red">{t('users.locked')}</Badge>}
                        {u.force_password_change && <Badge tone="amber">{t('users.mustChange')}</Badge>}
                      </div>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-muted">{formatDateTime(u.last_login_at)}</td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      {!isMe && <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: u.id, body: { is_active: !u.is_active } })}>{u.is_active ? t('users.deactivate') : t('users.activate')}</Button>}
                      {u.locked_until && <Button size="sm" variant="ghost" onClick={() => unlock.mutate(u.id)}>{t('users.unlock')}</Button>}
                      <Button size="sm" variant="ghost" onClick={() => setResetting(u)} aria-label={t('users.setPasswordOf', { name: u.username })}>{t('users.setPassword')}</Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={20} total={list.data?.total ?? 0} onPage={setPage} />
      <CreateUserDialog isOpen={isCreating} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); void refresh(); }} />
      <Dialog isOpen={resetting !== null} onClose={() => setResetting(null)} title={t('users.setPasswordOf', { name: resetting?.username ?? '' })} size="sm" closeLabel={t('common.close')} footer={<><Button onClick={() => setResetting(null)}>{t('common.cancel')}</Button><Button variant="primary" onClick={() => setPassword.mutate()} disabled={!newPassword} isBusy={setPassword.isPending}>{t('common.save')}</Button></>}>
        <div className="flex flex-col gap-3">
          <TextField label={t('users.password')} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} hint={t('users.setPasswordHint')} />
          <ErrorMessage error={setPassword.error} />
        </div>
      </Dialog>
    </div>
  );
}
