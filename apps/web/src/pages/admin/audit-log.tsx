// The audit log: who did what to which resource, newest first, filtered by action.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/session.tsx';
import { TextField } from '../../components/ui/field.tsx';
import { ErrorMessage, Pagination, Spinner } from '../../components/ui/misc.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDebounced } from '../../lib/use-debounced.ts';

/** The audit log panel. */
export function AuditLogPanel() {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const [action, setAction] = useState('');
  const [page, setPage] = useState(1);
  const settled = useDebounced(action.trim());
  const list = useQuery({ queryKey: ['audit-log', settled, page], queryFn: () => api.auditLog.list({ page, page_size: 25, action: settled || undefined }), placeholderData: keepPreviousData });
  return (
    <div className="flex flex-col gap-3">
      <div className="max-w-xs">
        <TextField label={t('audit.action')} value={action} placeholder="auth.login" onChange={(e) => { setAction(e.target.value); setPage(1); }} />
      </div>
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Spinner />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-panel">
          <table className="w-full text-sm">
            <caption className="sr-only">{t('admin.auditLog')}</caption>
            <thead className="border-b border-line text-left text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t('audit.when')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('audit.action')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('audit.resource')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('audit.actor')}</th>
                <th scope="col" className="px-3 py-2 font-medium">IP</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {(list.data?.items ?? []).map((e) => (
                <tr key={e.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(e.created_at)}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.resource_type ?? '—'} {e.resource_id ? `· ${e.resource_id.slice(0, 8)}` : ''}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.actor_id?.slice(0, 8) ?? '—'}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={25} total={list.data?.total ?? 0} onPage={setPage} />
    </div>
  );
}
