import type { TaskPriority, TaskRecord } from '../ports/repositories.ts';

/**
 * The `audit.run` job id of a task's current run: the task id for the first run, then one id per retry, so that
 * enqueuing the same run twice is a no-op while a retry (after the earlier job finished) is a job of its own.
 */
export function auditJobId(task: Pick<TaskRecord, 'id' | 'retry_count'>): string {
  return task.retry_count === 0 ? task.id : `${task.id}.retry-${task.retry_count}`;
}

/** Queue priority of a task priority (higher runs first). */
export const auditJobPriority: Readonly<Record<TaskPriority, number>> = {
  low: 0,
  normal: 1,
  high: 2,
  urgent: 3,
};

/**
 * The pub/sub channel of one task's live events (`task_progress`, `task_completed`, `task_failed`,
 * `task_cancelled`), each published as `{type, data, timestamp}` with the ISO wall-clock time.
 */
export function taskEventChannel(taskId: string): string {
  return `task:${taskId}`;
}
