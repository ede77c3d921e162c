// The members of a project: who has which role; owners and admins add, change and remove members.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberResponse, ProjectResponse, ProjectRole } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { ErrorMessage, Spinner } from '../ui/misc.tsx';

const roles: readonly ProjectRole[] = ['owner', 'admin', 'member', 'viewer'];

/** The members panel. */
export function MembersPanel({ project }: { project: ProjectResponse }) {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const canManage = project.role === 'owner' || project.role === 'admin';
  const members = useQuery({ queryKey: ['members', project.id], queryFn: () => api.projects.members(project.id) });
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<ProjectRole>('member');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members', project.id] });
  const add = useMutation({
    mutationFn: () => api.projects.addMember(project.id, { login: login.trim(), role }),
    onSuccess: async () => {
      setLogin('');
      await refresh();
    },
  });
  const change = useMutation({ mutationFn: (m: { userId: string; role: ProjectRole }) => api.projects.updateMember(project.id, m.userId, m.role), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (m: MemberResponse) => api.projects.removeMember(project.id, m.user_id), onSuccess: refresh });

  function onAdd(event: FormEvent): void {
    event.preventDefault();
    if (login.trim()) add.mutate();
  }

  if (members.isPending) return <Spinner />;
  return (
    <div className="flex flex-col gap-4">
      <ErrorMessage error={members.error ?? change.error ?? remove.error} />
      <div className="overflow-x-auto rounded-lg border border-line">
        <table className="w-full text-sm">
          <caption className="sr-only">{t('members.title')}</caption>
          <thead className="border-b border-line text-left text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t('members.user')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('members.role')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('members.since')}</th>
              {canManage && <th scope="col" className="px-3 py-2"><span className="sr-only">{t('common.actions')}</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {(members.data ?? []).map((m) => (
              <tr key={m.id}>
                <td className="px-3 py-2">
                  <div className="font-medium">{m.full_name ?? m.username}</div>
                  <div className="text-xs text-muted">{m.email}</div>
                </td>
                <td className="px-3 py-2">
                  {canManage && m.role !== 'owner' ? (
                    <SelectField label={t('members.roleOf', { name: m.username })} isLabelHidden value={m.role} onChange={(e) => change.mutate({ userId: m.user_id, role: e.target.value as ProjectRole })}>
                      {roles.filter((r) => r !== 'owner').map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </SelectField>
                  ) : (
                    t(`role.${m.role}`)
                  )}
                </td>
                <td className="px-3 py-2 text-muted">{formatDateTime(m.created_at)}</td>
                {canManage && (
                  <td className="px-3 py-2 text-right">
                    {m.role !== 'owner' && (
                      <Button size="sm" variant="ghost" onClick={() => remove.mutate(m)} aria-label={t('members.removeOf', { name: m.username })}>
                        {t('common.remove')}
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <form onSubmit={onAdd} className="flex flex-wrap items-end gap-3" aria-label={t('members.add')}>
          <div className="min-w-60 flex-1">
            <TextField label={t('members.login')} value={login} onChange={(e) => setLogin(e.target.value)} placeholder="alice / alice@example.com" />
          </div>
          <SelectField label={t('members.role')} value={role} onChange={(e) => setRole(e.target.value as ProjectRole)}>
            {roles.filter((r) => r !== 'owner').map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="primary" isBusy={add.isPending} disabled={!login.trim()}>
            {t('members.add')}
          </Button>
          <div className="w-full">
            <ErrorMessage error={add.error} />
          </div>
        </form>
      )}
    </div>
  );
}
