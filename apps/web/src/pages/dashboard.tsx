// The dashboard: counts, average score, score and finding trends, findings by category and severity, recent work.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/session.tsx';
import { TaskStatusBadge, categories, severities, severityColors } from '../components/audit/badges.tsx';
import { BarList, ColumnChart, LineChart } from '../components/charts/charts.tsx';
import { PageHeader } from '../components/layout.tsx';
import { EmptyState, ErrorMessage, Panel, Spinner, Stat } from '../components/ui/misc.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { Link } from '../router/router.tsx';

const trendDays = 30;

/** The dashboard page. */
export function DashboardPage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const api = useApi();
  useTitle(t('nav.dashboard'));
  const overview = useQuery({ queryKey: ['statistics', 'overview'], queryFn: () => api.statistics.overview() });
  const trends = useQuery({ queryKey: ['statistics', 'trends', trendDays], queryFn: () => api.statistics.trends(trendDays) });
  const quality = useQuery({ queryKey: ['statistics', 'quality'], queryFn: () => api.statistics.quality() });
  const projects = useQuery({ queryKey: ['projects', 'recent'], queryFn: () => api.projects.list({ page_size: 5 }) });
  const tasks = useQuery({ queryKey: ['tasks', 'recent'], queryFn: () => api.tasks.list({ page_size: 8 }) });

  const o = overview.data;
  const shortDate = (date: string) => date.slice(5);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('nav.dashboard')} description={t('dashboard.subtitle')} />
      <ErrorMessage error={overview.error} onRetry={() => void overview.refetch()} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label={t('dashboard.projects')} value={o ? formatNumber(o.total_projects) : '…'} sub={o && t('dashboard.activeProjects', { count: o.active_projects })} />
        <Stat label={t('dashboard.tasks')} value={o ? formatNumber(o.total_tasks) : '…'} sub={o && t('dashboard.runningTasks', { count: o.running_tasks })} />
        <Stat label={t('dashboard.issues')} value={o ? formatNumber(o.total_issues) : '…'} sub={o && t('dashboard.openIssues', { count: o.open_issues })} />
        <Stat label={t('dashboard.averageScore')} value={o ? (o.average_score === null ? '—' : formatNumber(o.average_score, { maximumFractionDigits: 1 })) : '…'} sub={o && t('dashboard.completedTasks', { count: o.completed_tasks })} />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title={t('dashboard.scoreTrend', { days: trendDays })}>
          {trends.isPending ? <Spinner /> : <LineChart title={t('dashboard.scoreTrend', { days: trendDays })} emptyLabel={t('dashboard.noData')} points={(trends.data?.quality_scores ?? []).map((p) => ({ label: shortDate(p.date), value: p.value }))} />}
        </Panel>
        <Panel title={t('dashboard.issueTrend', { days: trendDays })}>
          {trends.isPending ? <Spinner /> : <ColumnChart title={t('dashboard.issueTrend', { days: trendDays })} emptyLabel={t('dashboard.noData')} points={(trends.data?.issue_counts ?? []).map((p) => ({ label: shortDate(p.date), value: p.value }))} />}
        </Panel>
        <Panel title={t('dashboard.byCategory')}>
          {quality.isPending ? <Spinner /> : <BarList title={t('dashboard.byCategory')} items={categories.map((c) => ({ key: c, label: t(`category.${c}`), value: quality.data?.issues_by_category[c] ?? 0 }))} />}
        </Panel>
        <Panel title={t('dashboard.bySeverity')}>
          {quality.isPending ? <Spinner /> : <BarList title={t('dashboard.bySeverity')} items={severities.map((s) => ({ key: s, label: t(`severity.${s}`), value: quality.data?.issues_by_severity[s] ?? 0, color: severityColors[s] }))} />}
        </Panel>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title={t('dashboard.recentProjects')} actions={<Link to="/projects" className="text-sm text-accent underline">{t('common.viewAll')}</Link>}>
          {projects.isPending ? (
            <Spinner />
          ) : projects.data?.items.length ? (
            <ul className="divide-y divide-line">
              {projects.data.items.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <Link to={`/projects/${p.id}`} className="font-medium text-accent hover:underline">
                    {p.name}
                  </Link>
                  <span className="text-muted">{p.last_scanned_at ? formatDateTime(p.last_scanned_at) : t('projects.neverScanned')}</span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title={t('projects.empty')}>
              <Link to="/projects" className="text-accent underline">
                {t('projects.create')}
              </Link>
            </EmptyState>
          )}
        </Panel>
        <Panel title={t('dashboard.recentTasks')} actions={<Link to="/tasks" className="text-sm text-accent underline">{t('common.viewAll')}</Link>}>
          {tasks.isPending ? (
            <Spinner />
          ) : tasks.data?.items.length ? (
            <ul className="divide-y divide-line">
              {tasks.data.items.map((task) => (
                <li key={task.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <Link to={`/tasks/${task.id}`} className="truncate font-medium text-accent hover:underline">
                    {task.name}
                  </Link>
                  <span className="flex shrink-0 items-center gap-2">
                    <span className="text-muted tabular-nums">{task.status === 'running' ? `${task.progress}%` : t('tasks.issuesCount', { count: task.total_issues })}</span>
                    <TaskStatusBadge status={task.status} />
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title={t('tasks.empty')} />
          )}
        </Panel>
      </div>
    </div>
  );
}
