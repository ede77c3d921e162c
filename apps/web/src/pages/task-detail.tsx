// One audit: live progress, summary and metrics, files left out, the findings with triage, cancel, retry, export.
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isTaskActive, taskPollMs, useLiveTasks } from '../api/live.tsx';
import { useApi } from '../api/session.tsx';
import { severities, severityColors } from '../components/audit/badges.tsx';
import { ExportDialog } from '../components/audit/export-dialog.tsx';
import { IssueBrowser } from '../components/audit/issue-browser.tsx';
import { ProgressView } from '../components/audit/progress-view.tsx';
import { BarList, ScoreRing } from '../components/charts/charts.tsx';
import { PageHeader } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { ConfirmDialog } from '../components/ui/confirm.tsx';
import { ErrorMessage, Panel, Spinner } from '../components/ui/misc.tsx';
import { useToast } from '../components/ui/toast.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { Link } from '../router/router.tsx';

/** The task detail page. */
export function TaskDetailPage({ params }: { params: Record<string, string> }) {
  const taskId = params.id!;
  const { t, formatDateTime, formatNumber } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [isCancelling, setCancelling] = useState(false);
  const [isExporting, setExporting] = useState(false);
  // The poll interval reads whether the socket is live, which is only known after the query below.
  const isLiveRef = useRef(false);
  const task = useQuery({ queryKey: ['task', taskId], queryFn: () => api.tasks.get(taskId), refetchInterval: (q) => taskPollMs(q.state.data, isLiveRef.current) });
  const isLive = useLiveTasks(isTaskActive(task.data) ? [taskId] : []);
  isLiveRef.current = isLive;
  // When polling sees the run end, the findings and results shown so far are stale (the socket invalidates them itself).
  const lastStatus = useRef(task.data?.status);
  useEffect(() => {
    const status = task.data?.status;
    const wasActive = lastStatus.current === 'pending' || lastStatus.current === 'running';
    lastStatus.current = status;
    if (wasActive && status !== undefined && status !== 'pending' && status !== 'running') {
      for (const key of [['issues', taskId], ['issue-stats', taskId], ['task-results', taskId], ['tasks'], ['statistics']]) void queryClient.invalidateQueries({ queryKey: key });
    }
  }, [task.data?.status, taskId, queryClient]);
  // While it runs, the findings list follows the task's finding count instead of polling on its own.
  const findingCount = task.data?.total_issues;
  useEffect(() => {
    if (findingCount === undefined) return;
    void queryClient.invalidateQueries({ queryKey: ['issues', taskId] });
    void queryClient.invalidateQueries({ queryKey: ['issue-stats', taskId] });
  }, [findingCount, taskId, queryClient]);
  const isEnded = task.data !== undefined && !isTaskActive(task.data);
  const results = useQuery({ queryKey: ['task-results', taskId], queryFn: () => api.tasks.results(taskId), enabled: task.data?.status === 'completed' });
  const project = useQuery({ queryKey: ['project', task.data?.project_id], queryFn: () => api.projects.get(task.data!.project_id), enabled: task.data !== undefined });
  useTitle(task.data?.name ?? t('nav.tasks'));
  const refreshTask = async () => {
    await queryClient.invalidateQueries({ queryKey: ['task', taskId] });
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };
  const cancel = useMutation({
    mutationFn: () => api.tasks.cancel(taskId),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['task', taskId], updated);
      setCancelling(false);
      toast(t('task.cancelled'));
      await refreshTask();
    },
    onError: (error) => toast((error as Error).message, 'error'),
  });
  const retry = useMutation({
    mutationFn: () => api.tasks.retry(taskId),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['task', taskId], updated);
      await refreshTask();
    },
    onError: (error) => toast((error as Error).message, 'error'),
  });

  if (task.isPending) return <Spinner />;
  if (task.error || !task.data) return <ErrorMessage error={task.error} onRetry={() => void task.refetch()} />;
  const d = task.data;
  const canWrite = project.data ? project.data.role !== 'viewer' : false;
  const r = results.data;
  const skipped = r ? Object.entries(r.skipped_by_reason).sort((a, b) => b[1] - a[1]) : [];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={d.name}
        description={
          project.data && (
            <span>
              {t('tasks.project')}:{' '}
              <Link to={`/projects/${d.project_id}`} className="text-accent underline">
                {project.data.name}
              </Link>
              {d.branch && <span className="ml-2 font-mono text-xs">@{d.branch}</span>}
            </span>
          )
        }
        actions={
          <>
            {canWrite && isTaskActive(d) && (
              <Button variant="danger" onClick={() => setCancelling(true)}>
                {t('task.cancel')}
              </Button>
            )}
            {canWrite && (d.status === 'failed' || d.status === 'cancelled') && (
              <Button onClick={() => retry.mutate()} isBusy={retry.isPending}>
                {t('task.retry')}
              </Button>
            )}
            <Button variant="primary" onClick={() => setExporting(true)} disabled={d.status !== 'completed'}>
              {t('task.export')}
            </Button>
          </>
        }
      />

      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title={t('task.progress')} className="lg:col-span-2">
          <ProgressView status={d.status} progress={d.progress} currentStep={d.current_step} filesScanned={d.files_scanned} filesTotal={d.files_total} isLive={isEnded ? undefined : isLive} error={d.error_message} />
          <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <div><dt className="text-muted">{t('tasks.files')}</dt><dd className="font-medium tabular-nums">{formatNumber(d.files_scanned)} / {formatNumber(d.files_total)}</dd></div>
            <div><dt className="text-muted">{t('task.lines')}</dt><dd className="font-medium tabular-nums">{formatNumber(d.lines_scanned)}</dd></div>
            <div><dt className="text-muted">{t('task.duration')}</dt><dd className="font-medium tabular-nums">{d.duration_s === null ? '—' : `${formatNumber(d.duration_s, { maximumFractionDigits: 1 })} s`}</dd></div>
            <div><dt className="text-muted">{t('task.skipped')}</dt><dd className="font-medium tabular-nums">{formatNumber(d.skipped_count)}</dd></div>
            <div><dt className="text-muted">{t('task.createdAt')}</dt><dd>{formatDateTime(d.created_at)}</dd></div>
            <div><dt className="text-muted">{t('task.completedAt')}</dt><dd>{formatDateTime(d.completed_at)}</dd></div>
            {(d.tokens_in > 0 || d.tokens_out > 0) && (
              <div><dt className="text-muted">{t('task.tokens')}</dt><dd className="tabular-nums">{formatNumber(d.tokens_in + d.tokens_out)} · ${formatNumber(d.cost_usd, { maximumFractionDigits: 4 })}</dd></div>
            )}
          </dl>
        </Panel>
        <Panel title={t('task.quality')}>
          <div className="flex items-center gap-4">
            <ScoreRing score={d.quality_score} label={t('task.quality')} />
            <BarList title={t('dashboard.bySeverity')} items={severities.map((s) => ({ key: s, label: t(`severity.${s}`), value: d[`${s}_issues`], color: severityColors[s] }))} />
          </div>
          {r?.metrics && (
            <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
              {(['security', 'maintainability', 'performance', 'complexity'] as const).map((m) =>
                r.metrics?.[m] === undefined ? null : (
                  <div key={m} className="flex justify-between gap-2">
                    <dt className="text-muted">{t(`metric.${m}`)}</dt>
                    <dd className="tabular-nums">{formatNumber(r.metrics[m]!, { maximumFractionDigits: 0 })}</dd>
                  </div>
                ),
              )}
            </dl>
          )}
          {r && (
            <p className="mt-3 text-xs text-muted">
              {t('task.lifecycleSummary', { new: r.lifecycle.new, persisting: r.lifecycle.persisting, fixed: r.lifecycle.fixed, regressed: r.lifecycle.regressed })}
            </p>
          )}
        </Panel>
      </div>

      <Panel title={t('task.findings')}>
        <IssueBrowser taskId={taskId} canWrite={canWrite} isRunning={isTaskActive(d)} />
      </Panel>

      {skipped.length > 0 && (
        <Panel title={t('task.skippedFiles')}>
          <details>
            <summary className="cursor-pointer text-sm">{t('task.skippedSummary', { count: d.skipped_count })}</summary>
            <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
              {skipped.map(([reason, count]) => (
                <li key={reason} className="flex justify-between gap-2 border-b border-line py-1">
                  <span className="font-mono text-xs">{reason}</span>
                  <span className="tabular-nums">{count}</span>
                </li>
              ))}
            </ul>
          </details>
        </Panel>
      )}

      <ConfirmDialog isOpen={isCancelling} title={t('task.cancelTitle')} confirmLabel={t('task.cancel')} isDanger isBusy={cancel.isPending} onCancel={() => setCancelling(false)} onConfirm={() => cancel.mutate()}>
        {t('task.cancelBody')}
      </ConfirmDialog>
      <ExportDialog taskId={taskId} isOpen={isExporting} onClose={() => setExporting(false)} />
    </div>
  );
}
