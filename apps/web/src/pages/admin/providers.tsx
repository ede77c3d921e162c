// LLM providers: the list, a test-connection button per provider, add, edit, delete.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LlmProviderResponse, LlmProviderTestResponse } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/confirm.tsx';
import { Badge, EmptyState, ErrorMessage, Spinner } from '../../components/ui/misc.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ProviderDialog } from './provider-dialog.tsx';

/** The providers panel. */
export function ProvidersPanel() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<LlmProviderResponse | null>(null);
  const [isDialogOpen, setDialogOpen] = useState(false);
  const [deleting, setDeleting] = useState<LlmProviderResponse | null>(null);
  const [results, setResults] = useState<Record<string, LlmProviderTestResponse | 'testing'>>({});
  const list = useQuery({ queryKey: ['llm-providers'], queryFn: () => api.llmProviders.list() });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['llm-providers'] });
  const remove = useMutation({
    mutationFn: (p: LlmProviderResponse) => api.llmProviders.remove(p.id),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
    onError: (e) => toast((e as Error).message, 'error'),
  });

  async function test(provider: LlmProviderResponse): Promise<void> {
    setResults((r) => ({ ...r, [provider.id]: 'testing' }));
    try {
      const result = await api.llmProviders.test(provider.id);
      setResults((r) => ({ ...r, [provider.id]: result }));
    } catch (caught) {
      setResults((r) => ({ ...r, [provider.id]: { ok: false, latency_ms: 0, model: provider.model, error: { kind: 'config', message: (caught as Error).message } } }));
    }
  }

  if (list.isPending) return <Spinner />;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex justify-end">
        <Button variant="primary" onClick={() => { setEditing(null); setDialogOpen(true); }}>{t('providers.add')}</Button>
      </div>
      <ErrorMessage error={list.error} />
      {list.data && list.data.items.length > 0 ? (
        <ul className="flex flex-col gap-3">
          {list.data.items.map((p) => {
            const result = results[p.id];
            return (
              <li key={p.id} className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-line bg-panel p-4">
                <div className="flex flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold">{p.name}</span>
                    {p.is_default && <Badge tone="blue">{t('providers.default')}</Badge>}
                    {!p.is_enabled && <Badge>{t('providers.disabled')}</Badge>}
                    <Badge tone="violet">{p.kind}</Badge>
                  </div>
                  <div className="font-mono text-xs text-muted">{p.model} · {p.base_url}</div>
                  <div className="text-xs text-muted">{p.has_api_key ? t('providers.keyMasked', { masked: p.api_key_masked ?? '' }) : t('providers.noKey')}</div>
                  <div aria-live="polite" className="text-sm">
                    {result === 'testing' && <span className="text-muted">{t('providers.testing')}</span>}
                    {result && result !== 'testing' && (result.ok ? <Badge tone="green">{t('providers.testOk', { ms: result.latency_ms })}</Badge> : <Badge tone="red">{t('providers.testFailed', { kind: result.error?.kind ?? '', message: result.error?.message ?? '' })}</Badge>)}
                  </div>
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button size="sm" onClick={() => void test(p)} isBusy={result === 'testing'} aria-label={t('providers.testOf', { name: p.name })}>{t('providers.test')}</Button>
                  <Button size="sm" onClick={() => { setEditing(p); setDialogOpen(true); }} aria-label={t('providers.editOf', { name: p.name })}>{t('common.edit')}</Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(p)} aria-label={t('providers.deleteOf', { name: p.name })}>{t('common.delete')}</Button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <EmptyState title={t('providers.empty')}>{t('providers.emptyHint')}</EmptyState>
      )}
      <ProviderDialog isOpen={isDialogOpen} provider={editing} onClose={() => setDialogOpen(false)} onSaved={() => { setDialogOpen(false); void refresh(); toast(t('common.saved')); }} />
      <ConfirmDialog isOpen={deleting !== null} title={t('providers.deleteTitle')} confirmLabel={t('common.delete')} isDanger isBusy={remove.isPending} onCancel={() => setDeleting(null)} onConfirm={() => deleting && remove.mutate(deleting)}>
        {deleting?.name}
      </ConfirmDialog>
    </div>
  );
}
