// The findings of a task: tabs by severity, filters, a list with checkboxes for bulk triage, and the selected
// finding in full beside it (its id kept in the URL so it can be linked).
import { useMemo, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Category, FindingStatus, Lifecycle, Severity } from '@xcr/contracts/finding';
import type { IssueResponse } from '@xcr/contracts/api/index';
import type { Page } from '../../api/endpoints.ts';
import { useApi } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { setQueryParam, useLocation } from '../../router/router.tsx';
import { Button } from '../ui/button.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { EmptyState, ErrorMessage, Pagination, Spinner } from '../ui/misc.tsx';
import { Tabs } from '../ui/tabs.tsx';
import { useToast } from '../ui/toast.tsx';
import { FindingStatusBadge, LifecycleBadge, SeverityBadge, categories, findingStatuses, lifecycles, severities } from './badges.tsx';
import { Comments } from './comments.tsx';
import { FindingView } from './finding-view.tsx';

const pageSize = 50;

/** The issue browser of one task. */
export function IssueBrowser({ taskId, canWrite, isRunning }: { taskId: string; canWrite: boolean; isRunning: boolean }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { query } = useLocation();
  const selectedId = query.get('issue');
  const [severity, setSeverity] = useState<Severity | 'all'>('all');
  const [status, setStatus] = useState<FindingStatus | ''>('');
  const [category, setCategory] = useState<Category | ''>('');
  const [lifecycle, setLifecycle] = useState<Lifecycle | ''>('');
  const [filePath, setFilePath] = useState('');
  const [page, setPage] = useState(1);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [bulkStatus, setBulkStatus] = useState<FindingStatus>('resolved');
  const filters = { severity: severity === 'all' ? undefined : severity, status: status || undefined, category: category || undefined, lifecycle: lifecycle || undefined, file_path: filePath.trim() || undefined };
  const stats = useQuery({ queryKey: ['issue-stats', taskId], queryFn: () => api.issues.statistics({ task_id: taskId }) });
  const list = useQuery({
    queryKey: ['issues', taskId, filters, page],
    queryFn: () => api.issues.list({ task_id: taskId, page, page_size: pageSize, ...filters }),
    placeholderData: keepPreviousData,
  });
  const selected = useQuery({
    queryKey: ['issue', selectedId],
    queryFn: () => api.issues.get(selectedId!),
    enabled: selectedId !== null,
    initialData: () => list.data?.items.find((i) => i.id === selectedId),
  });

  function replaceIssue(updated: IssueResponse): void {
    queryClient.setQueryData(['issue', updated.id], updated);
    queryClient.setQueriesData<Page<IssueResponse>>({ queryKey: ['issues', taskId] }, (p) => (p ? { ...p, items: p.items.map((i) => (i.id === updated.id ? updated : i)) } : p));
  }
  const triage = useMutation({
    mutationFn: (input: { id: string; status: FindingStatus }) => api.issues.update(input.id, input.status),
    onSuccess: (updated) => {
      replaceIssue(updated);
      toast(t('issues.statusChanged', { status: t(`findingStatus.${updated.status}`) }));
      void queryClient.invalidateQueries({ queryKey: ['issue-stats', taskId] });
    },
    onError: (error) => toast((error as Error).message, 'error'),
  });
  const bulk = useMutation({
    mutationFn: () => api.issues.bulkUpdate({ ids: [...checked], status: bulkStatus }),
    onSuccess: async (result) => {
      setChecked(new Set());
      toast(t('issues.bulkDone', { count: result.updated }));
      await queryClient.invalidateQueries({ queryKey: ['issues', taskId] });
      await queryClient.invalidateQueries({ queryKey: ['issue-stats', taskId] });
      await queryClient.invalidateQueries({ queryKey: ['issue'] });
    },
    onError: (error) => toast((error as Error).message, 'error'),
  });

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const isAllChecked = items.length > 0 && items.every((i) => checked.has(i.id));
  const counts = stats.data?.by_severity;
  const severityTabs = [{ key: 'all' as const, label: `${t('common.all')} (${stats.data?.total ?? 0})` }, ...severities.map((s) => ({ key: s, label: `${t(`severity.${s}`)} (${counts?.[s] ?? 0})` }))];

  function setFilter<T>(setter: (v: T) => void): (v: T) => void {
    return (v) => {
      setter(v);
      setPage(1);
      setChecked(new Set());
    };
  }

  return (
    <div className="flex flex-col gap-4">
      <Tabs label={t('issues.bySeverity')} active={severity} onChange={setFilter(setSeverity)} items={severityTabs}>
        <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField label={t('issues.status')} value={status} onChange={(e) => setFilter(setStatus)(e.target.value as FindingStatus | '')}>
            <option value="">{t('common.all')}</option>
            {findingStatuses.map((s) => <option key={s} value={s}>{t(`findingStatus.${s}`)}</option>)}
          </SelectField>
          <SelectField label={t('issues.category')} value={category} onChange={(e) => setFilter(setCategory)(e.target.value as Category | '')}>
            <option value="">{t('common.all')}</option>
            {categories.map((c) => <option key={c} value={c}>{t(`category.${c}`)}</option>)}
          </SelectField>
          <SelectField label={t('issues.lifecycle')} value={lifecycle} onChange={(e) => setFilter(setLifecycle)(e.target.value as Lifecycle | '')}>
            <option value="">{t('common.all')}</option>
            {lifecycles.map((l) => <option key={l} value={l}>{t(`lifecycle.${l}`)}</option>)}
          </SelectField>
          <TextField label={t('issues.file')} type="search" value={filePath} onChange={(e) => setFilter(setFilePath)(e.target.value)} />
        </div>
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
        {canWrite && items.length > 0 && (
          <div className="mb-3 flex flex-wrap items-end gap-3 rounded-md border border-line bg-sunken p-2" role="group" aria-label={t('issues.bulk')}>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4" checked={isAllChecked} onChange={(e) => setChecked(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())} />
              {t('issues.selectPage')}
            </label>
            <span className="text-sm text-muted" aria-live="polite">{t('issues.selected', { count: checked.size })}</span>
            <div className="w-48">
              <SelectField label={t('issues.setStatus')} isLabelHidden value={bulkStatus} onChange={(e) => setBulkStatus(e.target.value as FindingStatus)}>
                {findingStatuses.map((s) => <option key={s} value={s}>{t(`findingStatus.${s}`)}</option>)}
              </SelectField>
            </div>
            <Button size="sm" onClick={() => bulk.mutate()} disabled={checked.size === 0} isBusy={bulk.isPending}>
              {t('issues.applyStatus')}
            </Button>
          </div>
        )}
        {list.isPending ? (
          <Spinner />
        ) : items.length === 0 ? (
          <EmptyState title={isRunning ? t('issues.noneYet') : t('issues.none')} />
        ) : (
          <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <div>
              <ul className="flex flex-col divide-y divide-line rounded-lg border border-line bg-panel" aria-label={t('issues.list')}>
                {items.map((issue) => {
                  const isSelected = issue.id === selectedId;
                  return (
                    <li key={issue.id} className={`flex items-start gap-2 p-2 ${isSelected ? 'bg-sunken' : ''}`}>
                      {canWrite && (
                        <input
                          type="checkbox"
                          className="mt-1.5 size-4 shrink-0"
                          aria-label={t('issues.select', { title: issue.title })}
                          checked={checked.has(issue.id)}
                          onChange={(e) => {
                            const next = new Set(checked);
                            if (e.target.checked) next.add(issue.id);
                            else next.delete(issue.id);
                            setChecked(next);
                          }}
                        />
                      )}
                      <button type="button" onClick={() => setQueryParam('issue', issue.id)} aria-current={isSelected ? 'true' : undefined} className="flex min-w-0 flex-1 flex-col gap-1 rounded p-1 text-left hover:bg-sunken">
                        <span className="flex flex-wrap items-center gap-1">
                          <SeverityBadge severity={issue.severity} />
                          <LifecycleBadge lifecycle={issue.lifecycle} />
                          {issue.status !== 'open' && <FindingStatusBadge status={issue.status} />}
                        </span>
                        <span className="text-sm font-medium">{issue.title}</span>
                        <span className="truncate font-mono text-xs text-muted">{issue.file_path}{issue.line_start !== null ? `:${issue.line_start}` : ''}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
              <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={setPage} />
            </div>
            <div className="rounded-lg border border-line bg-panel p-4" aria-live="polite">
              {selected.data ? (
                <FindingView
                  finding={selected.data}
                  isStatusBusy={triage.isPending}
                  onStatusChange={canWrite ? (s) => triage.mutate({ id: selected.data!.id, status: s }) : undefined}
                >
                  <Comments issueId={selected.data.id} canWrite={canWrite} />
                </FindingView>
              ) : selectedId && selected.isPending ? (
                <Spinner />
              ) : (
                <p className="text-sm text-muted">{t('issues.pick')}</p>
              )}
            </div>
          </div>
        )}
      </Tabs>
    </div>
  );
}
