// Feature flags: on or off, rollout percentage, allowed users; changes apply at once and are audit-logged.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureFlagResponse, UpdateFeatureFlagBody } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { Button } from '../../components/ui/button.tsx';
import { TextField } from '../../components/ui/field.tsx';
import { ErrorMessage, Spinner } from '../../components/ui/misc.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

function FlagRow({ flag, onSave, isBusy }: { flag: FeatureFlagResponse; onSave: (body: UpdateFeatureFlagBody) => void; isBusy: boolean }) {
  const { t } = useI18n();
  const [rollout, setRollout] = useState(String(flag.rollout_percentage));
  // Shown switched at once; the list reloads from the server after the save (and puts it back if that failed).
  const [isOn, setOn] = useState(flag.enabled);
  useEffect(() => setOn(flag.enabled), [flag.enabled]);
  const changedRollout = Number.parseInt(rollout, 10);
  const isRolloutChanged = Number.isFinite(changedRollout) && changedRollout !== flag.rollout_percentage && changedRollout >= 0 && changedRollout <= 100;
  return (
    <tr>
      <td className="px-3 py-2">
        <div className="font-mono text-xs font-medium">{flag.key}</div>
        {flag.description && <div className="text-xs text-muted">{flag.description}</div>}
      </td>
      <td className="px-3 py-2">
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            role="switch"
            className="size-4"
            checked={isOn}
            disabled={isBusy}
            onChange={(e) => {
              setOn(e.target.checked);
              onSave({ enabled: e.target.checked });
            }}
            aria-label={t('flags.enabledOf', { key: flag.key })}
          />
          {isOn ? t('flags.on') : t('flags.off')}
        </label>
      </td>
      <td className="px-3 py-2">
        <div className="flex items-center gap-2">
          <input type="number" min={0} max={100} value={rollout} onChange={(e) => setRollout(e.target.value)} className="w-20 rounded-md border border-line bg-panel px-2 py-1 text-sm" aria-label={t('flags.rolloutOf', { key: flag.key })} />
          <span className="text-sm">%</span>
          {isRolloutChanged && (
            <Button size="sm" onClick={() => onSave({ rollout_percentage: changedRollout })} isBusy={isBusy}>
              {t('common.save')}
            </Button>
          )}
        </div>
      </td>
      <td className="px-3 py-2 text-sm tabular-nums">{flag.allowed_users.length}</td>
    </tr>
  );
}

/** The flags panel. */
export function FlagsPanel() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [newKey, setNewKey] = useState('');
  const [newDescription, setNewDescription] = useState('');
  const list = useQuery({ queryKey: ['admin-flags'], queryFn: () => api.flags.list() });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['admin-flags'] });
    await queryClient.invalidateQueries({ queryKey: ['flags'] });
  };
  const update = useMutation({
    mutationFn: (input: { key: string; body: UpdateFeatureFlagBody }) => api.flags.update(input.key, input.body),
    onSuccess: async (flag) => {
      toast(t('flags.saved', { key: flag.key }));
      await refresh();
    },
    onError: async (e) => {
      toast((e as Error).message, 'error');
      await refresh();
    },
  });
  const create = useMutation({
    mutationFn: () => api.flags.create({ key: newKey.trim(), description: newDescription.trim() || null }),
    onSuccess: async () => {
      setNewKey('');
      setNewDescription('');
      await refresh();
    },
  });

  function onCreate(event: FormEvent): void {
    event.preventDefault();
    if (newKey.trim()) create.mutate();
  }

  if (list.isPending) return <Spinner />;
  return (
    <div className="flex flex-col gap-4">
      <ErrorMessage error={list.error} />
      <div className="overflow-x-auto rounded-lg border border-line bg-panel">
        <table className="w-full">
          <caption className="sr-only">{t('admin.flags')}</caption>
          <thead className="border-b border-line text-left text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t('flags.key')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('flags.enabled')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('flags.rollout')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('flags.allowedUsers')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {(list.data?.items ?? []).map((flag) => (
              <FlagRow key={flag.key} flag={flag} isBusy={update.isPending && update.variables?.key === flag.key} onSave={(body) => update.mutate({ key: flag.key, body })} />
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={onCreate} className="flex flex-wrap items-end gap-3" aria-label={t('flags.create')}>
        <div className="w-64">
          <TextField label={t('flags.key')} value={newKey} onChange={(e) => setNewKey(e.target.value)} />
        </div>
        <div className="min-w-64 flex-1">
          <TextField label={t('flags.description')} value={newDescription} onChange={(e) => setNewDescription(e.target.value)} />
        </div>
        <Button type="submit" disabled={!newKey.trim()} isBusy={create.isPending}>
          {t('flags.create')}
        </Button>
        <div className="w-full">
          <ErrorMessage error={create.error} />
        </div>
      </form>
    </div>
  );
}
