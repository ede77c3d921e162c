// One project: its figures, its audits (live), members, and settings (including a new archive for ZIP projects).
import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { activeTaskIds, TaskList } from '../components/audit/task-list.tsx';
import { isTaskActive, useLiveTasks } from '../api/live.tsx';
import { useApi } from '../api/session.tsx';
import { PageHeader } from '../components/layout.tsx';
import { CreateTaskDialog } from '../components/projects/create-task-dialog.tsx';
import { ProjectSettingsForm } from '../components/projects/edit-project-dialog.tsx';
import { MembersPanel } from '../components/projects/members-panel.tsx';
import { BarList } from '../components/charts/charts.tsx';
import { Button } from '../components/ui/button.tsx';
import { TextField } from '../components/ui/field.tsx';
import { Badge, EmptyState, ErrorMessage, Panel, Spinner, Stat, formatBytes } from '../components/ui/misc.tsx';
import { Tabs } from '../components/ui/tabs.tsx';
import { useToast } from '../components/ui/toast.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { navigate, setQueryParam, useLocation } from '../router/router.tsx';

type TabKey = 'overview' | 'tasks' | 'members' | 'settings';

/** The project detail page. */
export function ProjectDetailPage({ params }: { params: Record<string, string> }) {
  const projectId = params.id!;
  const { t, formatDateTime, formatNumber } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { query } = useLocation();
  const tab = (['overview', 'tasks', 'members', 'settings'].includes(query.get('tab') ?? '') ? query.get('tab') : 'overview') as TabKey;
  const [isAuditing, setAuditing] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [archive, setArchive] = useState<File | null>(null);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const project = useQuery({ queryKey: ['project', projectId], queryFn: () => api.projects.get(projectId) });
  const stats = useQuery({ queryKey: ['statistics', 'project', projectId], queryFn: () => api.statistics.project(projectId) });
  const isLiveRef = useRef(false);
  const tasks = useQuery({
    queryKey: ['tasks', 'project', projectId],
    queryFn: () => api.tasks.list({ project_id: projectId, page_size: 50 }),
    refetchInterval: (q) => (q.state.data?.items.some(isTaskActive) && !isLiveRef.current ? 3_000 : false),
  });
  const isLive = useLiveTasks(activeTaskIds(tasks.data?.items));
  isLiveRef.current = isLive;
  useTitle(project.data?.name ?? t('nav.projects'));

  if (project.isPending) return <Spinner />;
  if (project.error || !project.data) return <ErrorMessage error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  const s = stats.data;
  const canWrite = p.role !== 'viewer';

  async function uploadArchive(): Promise<void> {
    if (!archive) return;
    setUploadError(null);
    setUploadPercent(0);
    try {
      const result = await api.projects.upload(p.id, archive, (f) => setUploadPercent(Math.round(f * 100)));
      queryClient.setQueryData(['project', p.id], result.project);
      setArchive(null);
      toast(t('projects.uploaded'));
    } catch (caught) {
      setUploadError(caught);
    } finally {
      setUploadPercent(null);
    }
  }

  return (
    <div>
      <PageHeader
        title={p.name}
        description={p.description ?? undefined}
        actions={
          canWrite && (
            <Button variant="primary" onClick={() => setAuditing(true)}>
              {t('projects.audit')}
            </Button>
          )
        }
      />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label={t('project.tasks')} value={s ? formatNumber(s.total_tasks) : '…'} sub={s && t('dashboard.completedTasks', { count: s.completed_tasks })} />
        <Stat label={t('project.issues')} value={s ? formatNumber(s.total_issues) : '…'} sub={s && t('dashboard.openIssues', { count: s.open_issues })} />
        <Stat label={t('project.latestScore')} value={s?.latest_score === null || !s ? '—' : formatNumber(s.latest_score, { maximumFractionDigits: 1 })} sub={s?.average_score != null ? t('project.averageScore', { score: formatNumber(s.average_score, { maximumFractionDigits: 1 }) }) : undefined} />
        <Stat label={t('projects.lastScan')} value={<span className="text-base">{s?.last_scan_date ? formatDateTime(s.last_scan_date) : t('projects.neverScanned')}</span>} />
      </div>
      <Tabs
        label={t('project.sections')}
        active={tab}
        onChange={(key) => setQueryParam('tab', key === 'overview' ? null : key)}
        items={[
          { key: 'overview', label: t('project.overview') },
          { key: 'tasks', label: t('project.tasks') },
          { key: 'members', label: t('project.members') },
          { key: 'settings', label: t('project.settings') },
        ]}
      >
        {tab === 'overview' && (
          <div className="grid gap-4 lg:grid-cols-2">
            <Panel title={t('project.info')} headingLevel={3}>
              <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-2 text-sm">
                <dt className="text-muted">{t('project.source')}</dt>
                <dd><Badge tone="blue">{t(`source.${p.source_type}`)}</Badge></dd>
                {p.source_url && (<><dt className="text-muted">{t('projects.repoUrl')}</dt><dd className="break-all font-mono text-xs">{p.source_url}</dd></>)}
                <dt className="text-muted">{t('projects.branch')}</dt>
                <dd className="font-mono text-xs">{p.branch}</dd>
                {p.upload && (<><dt className="text-muted">{t('projects.zipFile')}</dt><dd>{p.upload.file_name} · {formatBytes(p.upload.size_bytes)} · {t('project.archiveFiles', { count: p.upload.files })}</dd></>)}
                <dt className="text-muted">{t('projects.files')}</dt>
                <dd>{t('projects.filesLines', { files: formatNumber(p.total_files), lines: formatNumber(p.total_lines) })}</dd>
                <dt className="text-muted">{t('project.yourRole')}</dt>
                <dd>{t(`role.${p.role}`)}</dd>
                <dt className="text-muted">{t('project.createdAt')}</dt>
                <dd>{formatDateTime(p.created_at)}</dd>
              </dl>
            </Panel>
            <Panel title={t('project.languages')} headingLevel={3}>
              {Object.keys(p.languages).length === 0 ? (
                <p className="text-sm text-muted">{t('project.noLanguages')}</p>
              ) : (
                <BarList title={t('project.languages')} items={Object.entries(p.languages).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => ({ key: k, label: k, value: v }))} />
              )}
            </Panel>
          </div>
        )}
        {tab === 'tasks' &&
          (tasks.isPending ? <Spinner /> : tasks.data?.items.length ? <TaskList tasks={tasks.data.items} isProjectShown={false} /> : <EmptyState title={t('tasks.empty')} />)}
        {tab === 'members' && <MembersPanel project={p} />}
        {tab === 'settings' && (
          <div className="grid gap-4 lg:grid-cols-2">
            <Panel title={t('project.settings')} headingLevel={3}>
              {canWrite ? (
                <>
                  <ProjectSettingsForm project={p} formId="project-settings-form" onSaved={() => toast(t('common.saved'))} onBusy={setSaving} />
                  <div className="mt-4 flex justify-end">
                    <Button type="submit" form="project-settings-form" variant="primary" isBusy={isSaving}>
                      {t('common.save')}
                    </Button>
                  </div>
                </>
              ) : (
                <p className="text-sm text-muted">{t('project.readOnly')}</p>
              )}
            </Panel>
            {canWrite && p.source_type === 'zip' && (
              <Panel title={t('project.newArchive')} headingLevel={3}>
                <div className="flex flex-col gap-3">
                  <TextField label={t('projects.zipFile')} type="file" accept=".zip,application/zip" onChange={(e) => setArchive(e.target.files?.[0] ?? null)} hint={t('projects.zipHint')} />
                  {uploadPercent !== null && (
                    <div role="progressbar" aria-label={t('projects.uploading')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={uploadPercent} className="h-2 overflow-hidden rounded-full bg-sunken">
                      <div className="h-full bg-accent" style={{ width: `${uploadPercent}%` }} />
                    </div>
                  )}
                  <ErrorMessage error={uploadError} />
                  <div>
                    <Button onClick={() => void uploadArchive()} disabled={!archive} isBusy={uploadPercent !== null}>
                      {t('project.uploadArchive')}
                    </Button>
                  </div>
                </div>
              </Panel>
            )}
          </div>
        )}
      </Tabs>
      <CreateTaskDialog isOpen={isAuditing} project={p} onClose={() => setAuditing(false)} onCreated={(task) => navigate(`/tasks/${task.id}`)} />
    </div>
  );
}
