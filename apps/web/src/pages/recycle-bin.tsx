// The recycle bin: deleted projects, restored or purged for good (with their archives and findings).
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProjectResponse } from '@xcr/contracts/api/index';
import { useApi } from '../api/session.tsx';
import { PageHeader } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { ConfirmDialog } from '../components/ui/confirm.tsx';
import { TextField } from '../components/ui/field.tsx';
import { EmptyState, ErrorMessage, Pagination, Spinner } from '../components/ui/misc.tsx';
import { useToast } from '../components/ui/toast.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useDebounced } from '../lib/use-debounced.ts';
import { useTitle } from '../lib/use-title.ts';

const pageSize = 20;

/** The recycle bin page. */
export function RecycleBinPage() {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  useTitle(t('nav.recycleBin'));
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [purging, setPurging] = useState<ProjectResponse | null>(null);
  const settled = useDebounced(search.trim());
  const list = useQuery({ queryKey: ['recycle-bin', settled, page], queryFn: () => api.recycleBin.list({ page, page_size: pageSize, search: settled || undefined }), placeholderData: keepPreviousData });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['recycle-bin'] });
    await queryClient.invalidateQueries({ queryKey: ['projects'] });
  };
  const restore = useMutation({
    mutationFn: (p: ProjectResponse) => api.recycleBin.restore(p.id),
    onSuccess: async (p) => {
      toast(t('bin.restored', { name: p.name }));
      await refresh();
    },
    onError: (e) => toast((e as Error).message, 'error'),
  });
  const purge = useMutation({
    mutationFn: (p: ProjectResponse) => api.recycleBin.purge(p.id),
    onSuccess: async () => {
      setPurging(null);
      await refresh();
    },
    onError: (e) => toast((e as Error).message, 'error'),
  });

  return (
    <div>
      <PageHeader title={t('nav.recycleBin')} description={t('bin.subtitle')} />
      <div className="mb-4 max-w-sm">
        <TextField label={t('projects.search')} type="search" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
      </div>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <Spinner />
      ) : list.data && list.data.items.length > 0 ? (
        <ul className="divide-y divide-line rounded-lg border border-line bg-panel">
          {list.data.items.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
              <div>
                <div className="font-medium">{p.name}</div>
                <div className="text-xs text-muted">{t('bin.deletedAt', { date: formatDateTime(p.deleted_at) })}</div>
              </div>
              <div className="flex gap-2">
                <Button size="sm" onClick={() => restore.mutate(p)} aria-label={t('bin.restoreOf', { name: p.name })}>
                  {t('bin.restore')}
                </Button>
                <Button size="sm" variant="danger" onClick={() => setPurging(p)} aria-label={t('bin.purgeOf', { name: p.name })}>
                  {t('bin.purge')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title={t('bin.empty')} />
      )}
      <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={setPage} />
      <ConfirmDialog isOpen={purging !== null} title={t('bin.purgeTitle')} confirmLabel={t('bin.purge')} isDanger isBusy={purge.isPending} onCancel={() => setPurging(null)} onConfirm={() => purging && purge.mutate(purging)}>
        {t('bin.purgeBody', { name: purging?.name ?? '' })}
      </ConfirmDialog>
    </div>
  );
}
