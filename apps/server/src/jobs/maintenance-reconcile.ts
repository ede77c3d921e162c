/**
 * `maintenance.reconcile` (every minute): audit tasks left `pending` or `running` with no live job get one again.
 *
 * A task's run is the job `auditJobId(task)` (the task id on the first run). For each unfinished task:
 * - its job is waiting, delayed or active, and the task moved recently: nothing to do;
 * - its job is gone (deleted from the queue, lost with Redis) and the task is older than a grace period (so a task
 *   whose job is being enqueued right now is left alone): enqueued again under the same id;
 * - its job finished while the task did not (a worker died at the wrong moment, or the queue gave the job up after
 *   its workers died repeatedly), or the task is running but has not moved for longer than an attempt may last: one
 *   recovery job `<job id>.reconciled` is enqueued. A finished job cannot be racing its task's creation, so this
 *   needs no grace period: the task is recovered on the next run, not minutes later;
 * - the recovery job finished too and the task is still unfinished: the task fails with `job_lost`, so nothing is
 *   re-run forever.
 * The audit job itself is idempotent (a re-claimed task converges), so a duplicate run costs time, never data.
 */
import { jobCatalog } from '@xcr/contracts';
import { auditJobId, auditJobPriority } from '@xcr/core/audit/job-ids';
import { createTaskEvents } from '@xcr/core/events/task-events';
import type { JobInfo } from '@xcr/core/ports/job-queue';
import type { Repositories, TaskRecord } from '@xcr/core/ports/repositories';
import type { Runtime } from '../runtime.ts';

/** Options of one reconcile run. */
export interface ReconcileOptions {
  now?: Date;
  /** Tasks younger than this (since their last change) are left alone. */
  graceMs?: number;
  /** A running task unchanged for longer than this is stuck. Default: the audit timeout plus 10 minutes. */
  stuckAfterMs?: number;
  /** Most tasks looked at per run. */
  limit?: number;
}

/** What one run did, by task id. */
export interface ReconcileResult {
  checked: number;
  requeued: string[];
  recovered: string[];
  failed: string[];
}

const liveStates: ReadonlySet<JobInfo['state']> = new Set(['waiting', 'active', 'delayed']);

function isLive(job: JobInfo | undefined): boolean {
  return job !== undefined && liveStates.has(job.state);
}

/** A job that ran to an end (or was given up) while its task stayed unfinished. */
function hasEnded(job: JobInfo | undefined): boolean {
  return job !== undefined && !isLive(job) && job.state !== 'unknown';
}

/** The id of the one recovery job a run may get. */
export function recoveryJobId(task: Pick<TaskRecord, 'id' | 'retry_count'>): string {
  return `${auditJobId(task)}.reconciled`;
}

async function isStillUnfinished(repos: Repositories, taskId: string): Promise<boolean> {
  const current = await repos.tasks.get(taskId);
  return current?.status === 'pending' || current?.status === 'running';
}

async function unfinishedTasks(runtime: Pick<Runtime, 'database' | 'repos'>, limit: number): Promise<TaskRecord[]> {
  const repos = runtime.repos;
  const out: TaskRecord[] = [];
  for (let page = 1; out.length < limit; page += 1) {
    const batch = await repos.tasks.list({ status: ['pending', 'running'], page, page_size: 100 });
    out.push(...batch.items);
    if (batch.items.length === 0 || page * 100 >= batch.total) break;
  }
  return out.slice(0, limit);
}

/** Reconciles unfinished tasks with the queue; see the module comment. */
export async function runMaintenanceReconcile(
  runtime: Pick<Runtime, 'database' | 'repos' | 'queue' | 'logger' | 'pubsub'>,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const now = options.now ?? new Date();
  const graceMs = options.graceMs ?? 600_000;
  const stuckAfterMs = options.stuckAfterMs ?? jobCatalog['audit.run'].timeoutMs + 600_000;
  const repos = runtime.repos;
  const log = runtime.logger.child({ component: 'reconcile' });
  const events = createTaskEvents({
    pubsub: runtime.pubsub,
    onError: (err) => log.warn({ err }, 'task event not published'),
  });
  const result: ReconcileResult = { checked: 0, requeued: [], recovered: [], failed: [] };
  for (const task of await unfinishedTasks(runtime, options.limit ?? 1000)) {
    const idleMs = now.getTime() - task.updated_at.getTime();
    result.checked += 1;
    const primaryId = auditJobId(task);
    const primary = await runtime.queue.getJob('audit.run', primaryId);
    const isStuck = task.status === 'running' && idleMs > stuckAfterMs;
    if (isLive(primary) && !isStuck) continue;
    if (idleMs < graceMs && !hasEnded(primary)) continue;
    // The task was read before its job: it may have finished in between, as its job did.
    if (hasEnded(primary) && !(await isStillUnfinished(repos, task.id))) continue;
    const recoveryId = recoveryJobId(task);
    const recovery = await runtime.queue.getJob('audit.run', recoveryId);
    if (isLive(recovery)) continue;
    const options = { priority: auditJobPriority[task.priority] };
    if (!primary && !recovery) {
      await runtime.queue.enqueue('audit.run', { task_id: task.id }, { ...options, jobId: primaryId });
      result.requeued.push(task.id);
    } else if (!recovery) {
      await runtime.queue.enqueue('audit.run', { task_id: task.id }, { ...options, jobId: recoveryId });
      result.recovered.push(task.id);
    } else {
      const error = 'job_lost: the audit job ended without finishing the task, twice';
      const failed = await repos.tasks
        .transition(task.id, 'failed', { error_message: error, current_step: 'Failed' })
        .catch(() => undefined);
      if (failed) {
        result.failed.push(task.id);
        await events.failed({ task_id: task.id, status: 'failed', error });
      }
    }
  }
  if (result.requeued.length + result.recovered.length + result.failed.length > 0)
    log.warn({ ...result }, 'tasks reconciled with the queue');
  return result;
}
