// Reports: every export made of the audits one may see, with their state, size and metadata; download or delete.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportFormat, ReportResponse, ReportStatus } from '@xcr/contracts/api/index';
import { useApi } from '../api/session.tsx';
import { downloadReport, reportFormats } from '../components/audit/export-dialog.tsx';
import { PageHeader } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { ConfirmDialog } from '../components/ui/confirm.tsx';
import { SelectField } from '../components/ui/field.tsx';
import { Badge, EmptyState, ErrorMessage, Pagination, Spinner, formatBytes, type Tone } from '../components/ui/misc.tsx';
import { useToast } from '../components/ui/toast.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { Link } from '../router/router.tsx';

const pageSize = 20;
const statusTones: Record<ReportStatus, Tone> = { pending: 'slate', generating: 'blue', completed: 'green', failed: 'red' };

/** The reports page. */
export function ReportsPage() {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  useTitle(t('nav.reports'));
  const [format, setFormat] = useState<ReportFormat | ''>('');
  const [status, setStatus] = useState<ReportStatus | ''>('');
  const [page, setPage] = useState(1);
  const [deleting, setDeleting] = useState<ReportResponse | null>(null);
  const list = useQuery({
    queryKey: ['reports', format, status, page],
    queryFn: () => api.reports.list({ page, page_size: pageSize, format: format || undefined, status: status || undefined }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'pending' || r.status === 'generating') ? 2_000 : false),
  });
  const download = useMutation({ mutationFn: (report: ReportResponse) => downloadReport(api, report), onError: (e) => toast((e as Error).message, 'error') });
  const remove = useMutation({
    mutationFn: (report: ReportResponse) => api.reports.remove(report.id),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
    onError: (e) => toast((e as Error).message, 'error'),
  });

  return (
    <div>
      <PageHeader title={t('nav.reports')} description={t('reports.subtitle')} />
      <div className="mb-4 flex flex-wrap gap-3">
        <div className="w-48">
          <SelectField label={t('reports.format')} value={format} onChange={(e) => { setFormat(e.target.value as ReportFormat | ''); setPage(1); }}>
            <option value="">{t('common.all')}</option>
            {reportFormats.map((f) => <option key={f} value={f}>{t(`format.${f}`)}</option>)}
          </SelectField>
        </div>
        <div className="w-48">
          <SelectField label={t('reports.status')} value={status} onChange={(e) => { setStatus(e.target.value as ReportStatus | ''); setPage(1); }}>
            <option value="">{t('common.all')}</option>
            {(['pending', 'generating', 'completed', 'failed'] as const).map((s) => <option key={s} value={s}>{t(`reportStatus.${s}`)}</option>)}
          </SelectField>
        </div>
      </div>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <Spinner />
      ) : list.data && list.data.items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-line bg-panel">
          <table className="w-full text-sm">
            <caption className="sr-only">{t('nav.reports')}</caption>
            <thead className="border-b border-line text-left text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t('reports.file')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('reports.format')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('reports.status')}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t('reports.size')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('reports.task')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('tasks.created')}</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {list.data.items.map((report) => (
                <tr key={report.id}>
                  <td className="px-3 py-2 font-mono text-xs break-all">{report.file_name}</td>
                  <td className="px-3 py-2">{t(`format.${report.format}`)}</td>
                  <td className="px-3 py-2">
                    <Badge tone={statusTones[report.status]} title={report.error_message ?? undefined}>{t(`reportStatus.${report.status}`)}</Badge>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatBytes(report.file_size)}</td>
                  <td className="px-3 py-2"><Link to={`/tasks/${report.task_id}`} className="text-accent underline">{t('reports.openTask')}</Link></td>
                  <td className="px-3 py-2 whitespace-nowrap text-muted">{formatDateTime(report.created_at)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <Button size="sm" onClick={() => download.mutate(report)} disabled={report.status !== 'completed'} aria-label={t('reports.downloadOf', { name: report.file_name })}>
                      {t('reports.download')}
                    </Button>{' '}
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(report)} aria-label={t('reports.deleteOf', { name: report.file_name })}>
                      {t('common.delete')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title={t('reports.empty')}>{t('reports.emptyHint')}</EmptyState>
      )}
      <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={setPage} />
      <ConfirmDialog isOpen={deleting !== null} title={t('reports.deleteTitle')} confirmLabel={t('common.delete')} isDanger isBusy={remove.isPending} onCancel={() => setDeleting(null)} onConfirm={() => deleting && remove.mutate(deleting)}>
        {deleting?.file_name}
      </ConfirmDialog>
    </div>
  );
}
