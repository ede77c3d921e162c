// A list of tasks with live progress bars: running ones are followed over the socket, or polled while it is down.
import type { TaskResponse } from '@xcr/contracts/api/index';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router/router.tsx';
import { TaskStatusBadge } from './badges.tsx';

/** The tasks of a list that are still moving. */
export function activeTaskIds(tasks: readonly TaskResponse[] | undefined): string[] {
  return (tasks ?? []).filter((t) => t.status === 'pending' || t.status === 'running').map((t) => t.id);
}

/** The task table. */
export function TaskList({ tasks, isProjectShown = true, projectNames }: { tasks: readonly TaskResponse[]; isProjectShown?: boolean; projectNames?: Record<string, string> }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-panel">
      <table className="w-full text-sm">
        <caption className="sr-only">{t('nav.tasks')}</caption>
        <thead className="border-b border-line text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">{t('tasks.name')}</th>
            {isProjectShown && <th scope="col" className="px-3 py-2 font-medium">{t('tasks.project')}</th>}
            <th scope="col" className="px-3 py-2 font-medium">{t('tasks.status')}</th>
            <th scope="col" className="w-48 px-3 py-2 font-medium">{t('tasks.progress')}</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">{t('tasks.files')}</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">{t('tasks.issues')}</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">{t('tasks.score')}</th>
            <th scope="col" className="px-3 py-2 font-medium">{t('tasks.created')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {tasks.map((task) => (
            <tr key={task.id} data-task-id={task.id}>
              <td className="px-3 py-2">
                <Link to={`/tasks/${task.id}`} className="font-medium text-accent hover:underline">
                  {task.name}
                </Link>
                <div className="text-xs text-muted">{task.kind === 'instant' ? t('tasks.kind.instant') : t('tasks.kind.repository')}</div>
              </td>
              {isProjectShown && (
                <td className="px-3 py-2">
                  <Link to={`/projects/${task.project_id}`} className="hover:underline">
                    {projectNames?.[task.project_id] ?? t('tasks.projectLink')}
                  </Link>
                </td>
              )}
              <td className="px-3 py-2">
                <TaskStatusBadge status={task.status} />
              </td>
              <td className="px-3 py-2">
                <div className="flex items-center gap-2">
                  <div role="progressbar" aria-label={t('tasks.progressOf', { name: task.name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={task.progress} className="h-1.5 flex-1 overflow-hidden rounded-full bg-sunken">
                    <div className={`h-full ${task.status === 'failed' ? 'bg-danger' : task.status === 'completed' ? 'bg-ok' : 'bg-accent'}`} style={{ width: `${task.progress}%` }} />
                  </div>
                  <span className="w-9 text-right text-xs tabular-nums">{task.progress}%</span>
                </div>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{formatNumber(task.files_scanned)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatNumber(task.total_issues)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{task.quality_score === null ? '—' : formatNumber(task.quality_score, { maximumFractionDigits: 1 })}</td>
              <td className="px-3 py-2 whitespace-nowrap text-muted">{formatDateTime(task.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
