// Audit tasks: totals, a status filter, a search by name or project, the list with live progress, a new audit.
import { useMemo, useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TaskStatus } from '@xcr/contracts/api/index';
import { isTaskActive, useLiveTasks } from '../api/live.tsx';
import { useApi } from '../api/session.tsx';
import { taskStatuses } from '../components/audit/badges.tsx';
import { activeTaskIds, TaskList } from '../components/audit/task-list.tsx';
import { PageHeader } from '../components/layout.tsx';
import { CreateTaskDialog } from '../components/projects/create-task-dialog.tsx';
import { Button } from '../components/ui/button.tsx';
import { SelectField, TextField } from '../components/ui/field.tsx';
import { EmptyState, ErrorMessage, Pagination, Spinner, Stat } from '../components/ui/misc.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';
import { navigate, setQueryParam, useLocation } from '../router/router.tsx';

const pageSize = 20;

/** The tasks page. */
export function TasksPage() {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const { query } = useLocation();
  useTitle(t('nav.tasks'));
  const status = (taskStatuses as readonly string[]).includes(query.get('status') ?? '') ? (query.get('status') as TaskStatus) : undefined;
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [isCreating, setCreating] = useState(false);
  const overview = useQuery({ queryKey: ['statistics', 'overview'], queryFn: () => api.statistics.overview() });
  const projects = useQuery({ queryKey: ['projects', 'names'], queryFn: () => api.projects.list({ page_size: 100 }), staleTime: 60_000 });
  const isLiveRef = useRef(false);
  const list = useQuery({
    queryKey: ['tasks', 'list', status ?? 'all', page],
    queryFn: () => api.tasks.list({ page, page_size: pageSize, status }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isTaskActive) && !isLiveRef.current ? 3_000 : false),
  });
  const isLive = useLiveTasks(activeTaskIds(list.data?.items));
  isLiveRef.current = isLive;
  const projectNames = useMemo(() => Object.fromEntries((projects.data?.items ?? []).map((p) => [p.id, p.name])), [projects.data]);
  const needle = search.trim().toLowerCase();
  const shown = (list.data?.items ?? []).filter((task) => !needle || task.name.toLowerCase().includes(needle) || (projectNames[task.project_id] ?? '').toLowerCase().includes(needle));
  const o = overview.data;

  return (
    <div>
      <PageHeader
        title={t('nav.tasks')}
        description={t('tasks.subtitle')}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('tasks.create')}
          </Button>
        }
      />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label={t('tasks.total')} value={o ? formatNumber(o.total_tasks) : '…'} />
        <Stat label={t('taskStatus.completed')} value={o ? formatNumber(o.completed_tasks) : '…'} />
        <Stat label={t('taskStatus.running')} value={o ? formatNumber(o.running_tasks) : '…'} />
        <Stat label={t('taskStatus.failed')} value={o ? formatNumber(o.failed_tasks) : '…'} />
      </div>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="w-56">
          <SelectField
            label={t('tasks.statusFilter')}
            value={status ?? ''}
            onChange={(e) => {
              setPage(1);
              setQueryParam('status', e.target.value || null);
            }}
          >
            <option value="">{t('common.all')}</option>
            {taskStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`taskStatus.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="w-72">
          <TextField label={t('tasks.search')} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <Spinner />
      ) : shown.length > 0 ? (
        <>
          <TaskList tasks={shown} projectNames={projectNames} />
          <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={setPage} />
        </>
      ) : (
        <EmptyState title={t('tasks.empty')} />
      )}
      <CreateTaskDialog isOpen={isCreating} onClose={() => setCreating(false)} onCreated={(task) => navigate(`/tasks/${task.id}`)} />
    </div>
  );
}
