/** Reads what the lifecycle comparison needs from earlier runs of a project and branch. */
import type {
  FindingListQuery,
  FindingRecord,
  Page,
  Repositories,
  TaskRecord,
} from '../ports/repositories.ts';
import type { LifecycleHistory } from './lifecycle.ts';

const pageSize = 100;
/** Bound on pages read per list (100 rows each), so a huge history cannot stall an audit. */
const maxPages = 500;

async function readAll<T>(list: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const result = await list(page);
    items.push(...result.items);
    if (items.length >= result.total || result.items.length < pageSize) break;
  }
  return items;
}

function findingsWhere(
  repos: Pick<Repositories, 'findings'>,
  query: FindingListQuery,
): Promise<FindingRecord[]> {
  return readAll((page) => repos.findings.list({ ...query, page, page_size: pageSize }));
}

/**
 * The previous completed run of the task's project and branch that finished before `startedAt` (stable across
 * retries of the same run), its findings, and the fingerprints any earlier run recorded as fixed.
 */
export async function loadLifecycleHistory(
  repos: Pick<Repositories, 'tasks' | 'findings'>,
  task: Pick<TaskRecord, 'id' | 'project_id' | 'branch'>,
  startedAt: Date,
): Promise<{ history: LifecycleHistory; previousTaskId: string | null }> {
  const previousTask = await repos.tasks.findPreviousCompleted(task.project_id, task.branch, startedAt);
  if (!previousTask) return { history: { previous: [], everFixed: new Set() }, previousTaskId: null };
  const previous = await findingsWhere(repos, { task_id: previousTask.id });
  const earlierTasks = await readAll((page) =>
    repos.tasks.list({ project_id: task.project_id, status: 'completed', page, page_size: pageSize }),
  );
  const sameBranch = new Set(
    earlierTasks
      .filter(
        (t) =>
          t.id !== task.id &&
          t.branch === task.branch &&
          t.completed_at !== null &&
          t.completed_at < startedAt,
      )
      .map((t) => t.id),
  );
  const fixed = await findingsWhere(repos, { project_id: task.project_id, lifecycle: 'fixed' });
  const everFixed = new Set(fixed.filter((f) => sameBranch.has(f.task_id)).map((f) => f.fingerprint));
  return { history: { previous, everFixed }, previousTaskId: previousTask.id };
}

/** The previous completed run a task's lifecycle compares with, or null (for results). */
export async function previousTaskOf(
  repos: Pick<Repositories, 'tasks'>,
  task: Pick<TaskRecord, 'project_id' | 'branch' | 'started_at'>,
): Promise<string | null> {
  if (!task.started_at) return null;
  return (await repos.tasks.findPreviousCompleted(task.project_id, task.branch, task.started_at))?.id ?? null;
}
