/**
 * The `audit.run` use case: runs one audit task from its row to a finished state. Loads the task and project,
 * opens the source (through the caller's opener: ZIP from storage, Git clone), scans it with the rules (and the
 * LLM stage when asked for and configured), stores findings with their lifecycle, and finishes the task
 * `completed`, `failed` or `cancelled` with its counters, score and metrics, updating the project's statistics.
 *
 * Every step is idempotent so a job re-delivered after a crash converges: the task is re-claimed (`running` to
 * `running`), findings are re-planned identically (same previous run, since it is chosen by the task's first start)
 * and inserted with ON CONFLICT on (task, fingerprint), and nothing an earlier attempt stored is deleted.
 */
import { ScanConfig } from '@xcr/contracts';
import { AppError, diskFullError } from '../errors.ts';
import type { LlmCache } from '../ports/llm-cache.ts';
import type { LlmResolver } from '../ports/llm-resolver.ts';
import type { NewFinding, ProjectRecord, Repositories, TaskRecord } from '../ports/repositories.ts';
import type { SourceTree } from '../ports/source-tree.ts';
import { runScan } from '../scan/run-scan.ts';
import { loadLifecycleHistory } from './audit-history.ts';
import { isCancellation, watchCancellation, type CancelWatch } from './cancel-watch.ts';
import { planFindings } from './lifecycle.ts';
import { prepareLlmStage, type AuditLlmStage } from './llm-stage.ts';
import { withSpan } from '../tracing/with-span.ts';
import {
  createProgressReporter,
  progressBands,
  progressIn,
  type ProgressReporter,
} from './progress-reporter.ts';
import { completionPatch, projectStatsOf } from './task-results.ts';

/** Events of a running audit, for live progress (WebSocket fan-out). */
export type AuditEvent =
  | {
      type: 'task_progress';
      task_id: string;
      status: 'running';
      progress: number;
      current_step: string;
      files_total?: number;
      files_scanned?: number;
    }
  | {
      type: 'finding';
      task_id: string;
      finding: {
        fingerprint: string;
        file_path: string;
        line_start: number | null;
        line_end: number | null;
        title: string;
        severity: NewFinding['severity'];
        category: NewFinding['category'];
        cwe: number[];
        rule_id: string | null;
        analyzer: string;
        confidence: number;
      };
    }
  | {
      type: 'task_completed';
      task_id: string;
      total_issues: number;
      quality_score: number;
      critical_issues: number;
      high_issues: number;
      medium_issues: number;
      low_issues: number;
      info_issues: number;
      duration_ms: number | null;
    }
  | { type: 'task_failed'; task_id: string; error: string }
  | { type: 'task_cancelled'; task_id: string };

/** What the use case needs. */
export interface RunAuditTaskDeps {
  repos: Repositories;
  /** Opens the project's code (the caller knows storage, Git, temporary folders and secrets). */
  openSource(
    project: ProjectRecord,
    options: { branch: string | null; signal: AbortSignal },
  ): Promise<SourceTree>;
  llmResolver?: LlmResolver;
  llmCache?: LlmCache;
  tool: { name: string; version: string };
  onEvent?(event: AuditEvent): void;
  /** Problems that do not stop the audit (a progress write failed, a project setting was ignored). */
  onWarning?(message: string, data?: Record<string, unknown>): void;
  /** How often the task row is polled for a cancel request (default 500 ms) and progress written (default 500 ms). */
  timings?: { cancelPollMs?: number; progressIntervalMs?: number };
  now?: () => Date;
}

/** One attempt of the job. */
export interface RunAuditTaskInput {
  taskId: string;
  /** The job's signal (queue cancel, timeout, stopping worker). */
  signal?: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
}

/** How the attempt ended. `skipped`: nothing to do (task gone, finished, or taken by another worker). */
export type AuditOutcome =
  | { status: 'completed' | 'failed' | 'cancelled'; taskId: string }
  | { status: 'skipped'; taskId: string; reason: string };

/** Statuses in which there is nothing left to run. */
const terminal: ReadonlySet<TaskRecord['status']> = new Set(['completed', 'failed', 'cancelled']);
const insertBatchRows = 250;

/** Runs one attempt; see the module comment. Throws only when the job should be tried again (retryable failure, stopping worker). */
export async function runAuditTask(deps: RunAuditTaskDeps, input: RunAuditTaskInput): Promise<AuditOutcome> {
  const { repos } = deps;
  const now = deps.now ?? (() => new Date());
  const task = await repos.tasks.get(input.taskId);
  if (!task) return { status: 'skipped', taskId: input.taskId, reason: 'task_missing' };
  if (terminal.has(task.status)) return { status: 'skipped', taskId: task.id, reason: `task_${task.status}` };
  if (task.cancel_requested_at) return finishCancelled(deps, task.id);

  let running: TaskRecord;
  try {
    running = await repos.tasks.transition(task.id, 'running', { current_step: 'Preparing the source' });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'task_state_conflict' || error.code === 'not_found'))
      return { status: 'skipped', taskId: task.id, reason: error.code };
    throw error;
  }
  const watch = watchCancellation({
    isCancelRequested: async () => {
      const current = await repos.tasks.get(task.id);
      return !current || current.status !== 'running' || current.cancel_requested_at !== null;
    },
    intervalMs: deps.timings?.cancelPollMs ?? 500,
    ...(input.signal ? { jobSignal: input.signal } : {}),
    onError: (error) => deps.onWarning?.('cancel check failed', { err: error }),
  });
  const progress = createProgressReporter({
    intervalMs: deps.timings?.progressIntervalMs ?? 500,
    now: () => now().getTime(),
    write: async (update) => {
      const patch = {
        progress: update.progress,
        current_step: update.step,
        ...(update.filesTotal === undefined ? {} : { files_total: update.filesTotal }),
        ...(update.filesScanned === undefined ? {} : { files_scanned: update.filesScanned }),
      };
      if (!(await repos.tasks.updateProgress(task.id, patch))) return;
      deps.onEvent?.({
        type: 'task_progress',
        task_id: task.id,
        status: 'running',
        progress: update.progress,
        current_step: update.step,
        ...(update.filesTotal === undefined
          ? {}
          : { files_total: update.filesTotal, files_scanned: update.filesScanned ?? 0 }),
      });
    },
    onError: (error) => deps.onWarning?.('progress write failed', { err: error }),
  });
  try {
    return await withSpan('audit.run', { 'xcr.task_id': running.id, 'xcr.attempt': input.attempt }, () =>
      runClaimed(deps, running, watch, progress, now),
    );
  } catch (error) {
    await progress.flush();
    return await settleFailure(deps, input, running.id, watch, error);
  } finally {
    watch.stop();
  }
}

async function runClaimed(
  deps: RunAuditTaskDeps,
  task: TaskRecord,
  watch: CancelWatch,
  progress: ProgressReporter,
  now: () => Date,
): Promise<AuditOutcome> {
  const { repos } = deps;
  const { signal } = watch;
  const project = await repos.projects.get(task.project_id);
  if (!project)
    throw new AppError('project_missing', 'The project no longer exists', { status: 404, retryable: false });
  if (project.status === 'deleted')
    throw new AppError('project_deleted', 'The project is in the recycle bin', {
      status: 409,
      retryable: false,
    });
  const parsed = ScanConfig.safeParse(task.scan_config);
  if (!parsed.success)
    throw new AppError('scan_config_invalid', 'The task has an invalid scan configuration', {
      status: 400,
      retryable: false,
    });
  const llm = await prepareLlmStage(deps, parsed.data, (done, total) =>
    progress.report({
      progress: progressIn([50, 90], done, total),
      step: `LLM review (${done}/${total} files)`,
    }),
  );
  const scanConfig = llm.scanConfig;
  progress.report({ progress: 1, step: 'Preparing the source' });

  const tree = await withSpan('audit.intake', { 'xcr.project_id': project.id }, () =>
    deps.openSource(project, { branch: task.branch, signal }),
  );
  let result;
  try {
    progress.report({ progress: progressBands.intake[1], step: 'Selecting files' });
    const filesBand: readonly [number, number] = llm.stage ? [5, 50] : progressBands.files;
    result = await withSpan('audit.scan', {}, () =>
      runScan(tree, {
        scanConfig,
        signal,
        tool: deps.tool,
        now,
        onProgress: (done, total) =>
          progress.report({
            progress: progressIn(filesBand, done, total),
            step: `Analysing files (${done}/${total})`,
            filesTotal: total,
            filesScanned: done,
          }),
        onWarning: (message) => deps.onWarning?.('project configuration warning', { message }),
        ...(llm.stage ? { llm: llm.stage } : {}),
      }),
    );
  } finally {
    await tree.dispose().catch((error: unknown) => deps.onWarning?.('source cleanup failed', { err: error }));
  }
  signal.throwIfAborted();

  await withSpan('audit.persist', { 'xcr.findings': result.findings.length }, async () => {
    progress.report({ progress: progressBands.persist[0], step: 'Storing findings' });
    const { history } = await loadLifecycleHistory(repos, task, task.started_at ?? now());
    const rows = planFindings(result.findings, history, { taskId: task.id, projectId: project.id });
    for (let start = 0; start < rows.length; start += insertBatchRows) {
      signal.throwIfAborted();
      const batch = rows.slice(start, start + insertBatchRows);
    await repos.findings.insertMany(batch);
    emitFindings(deps, task.id, batch);
      progress.report({
        progress: progressIn([90, 99], start + insertBatchRows, rows.length),
        step: `Storing findings (${Math.min(rows.length, start + insertBatchRows)}/${rows.length})`,
      });
    }
  });
  await progress.flush();
  if (await watch.checkNow()) return finishCancelled(deps, task.id);

  let completed: TaskRecord;
  try {
    completed = await repos.tasks.transition(task.id, 'completed', completionPatch(result, llm));
  } catch (error) {
    // Another worker finished the same run (a re-delivered job while this one still ran): nothing left to do.
    if (error instanceof AppError && error.code === 'task_state_conflict')
      return { status: 'skipped', taskId: task.id, reason: 'task_finished_elsewhere' };
    throw error;
  }
  await repos.projects
    .update(project.id, projectStatsOf(result, now()))
    .catch((error: unknown) => deps.onWarning?.('project statistics not updated', { err: error }));
  deps.onEvent?.({
    type: 'task_completed',
    task_id: task.id,
    total_issues: completed.total_issues,
    quality_score: completed.quality_score ?? 0,
    critical_issues: completed.critical_issues,
    high_issues: completed.high_issues,
    medium_issues: completed.medium_issues,
    low_issues: completed.low_issues,
    info_issues: completed.info_issues,
    duration_ms: completed.started_at && completed.completed_at ? completed.completed_at.getTime() - completed.started_at.getTime() : null,
  });
  return { status: 'completed', taskId: task.id };
}

/** Decides what a failed attempt means: cancelled, back to the queue (rethrown), or a failed task. */
async function settleFailure(
  deps: RunAuditTaskDeps,
  input: RunAuditTaskInput,
  taskId: string,
  watch: CancelWatch,
  error: unknown,
): Promise<AuditOutcome> {
  const reason = watch.signal.aborted ? watch.signal.reason : undefined;
  if (isCancellation(reason) || isCancellation(error) || (await watch.checkNow()))
    return finishCancelled(deps, taskId);
  // A worker whose disk is full says so (`insufficient_storage`), not `internal_error`, and never with its paths.
  const cause =
    reason ?? diskFullError(error, 'The worker has no disk space left to unpack the source; try again once there is room') ?? error;
  if (cause instanceof AppError && cause.code === 'worker_stopping') {
    await deps.repos.tasks
      .updateProgress(taskId, { current_step: 'Interrupted: waiting for a worker' })
      .catch(() => false);
    throw cause;
  }
  const isRetryable = cause instanceof AppError ? cause.retryable : true;
  if (isRetryable && input.attempt < input.maxAttempts) {
    await deps.repos.tasks
      .updateProgress(taskId, {
        current_step: `Attempt ${input.attempt} failed (${codeOf(cause)}); retrying`,
      })
      .catch(() => false);
    throw cause;
  }
  const message = messageOf(cause);
  try {
    await deps.repos.tasks.transition(taskId, 'failed', { error_message: message, current_step: 'Failed' });
  } catch (transitionError) {
    if (!(transitionError instanceof AppError)) throw transitionError;
    return { status: 'skipped', taskId, reason: transitionError.code };
  }
  deps.onEvent?.({ type: 'task_failed', task_id: taskId, error: message });
  return { status: 'failed', taskId };
}

async function finishCancelled(deps: RunAuditTaskDeps, taskId: string): Promise<AuditOutcome> {
  try {
    await deps.repos.tasks.transition(taskId, 'cancelled', { current_step: 'Cancelled' });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: 'skipped', taskId, reason: error.code };
  }
  deps.onEvent?.({ type: 'task_cancelled', task_id: taskId });
  return { status: 'cancelled', taskId };
}

/** Live `finding` events for a stored batch; findings marked fixed (gone since the previous run) are not news. */
function emitFindings(deps: RunAuditTaskDeps, taskId: string, batch: readonly NewFinding[]): void {
  if (!deps.onEvent) return;
  for (const f of batch) {
    if (f.lifecycle === 'fixed') continue;
    deps.onEvent({
      type: 'finding',
      task_id: taskId,
      finding: {
        fingerprint: f.fingerprint,
        file_path: f.file_path,
        line_start: f.line_start ?? null,
        line_end: f.line_end ?? null,
        title: f.title,
        severity: f.severity,
        category: f.category,
        cwe: f.cwe ?? [],
        rule_id: f.rule_id ?? null,
        analyzer: f.analyzer,
        confidence: f.confidence ?? 1,
      },
    });
  }
}

function codeOf(error: unknown): string {
  return error instanceof AppError ? error.code : 'internal_error';
}

/** What the task shows: the code and, when it may be shown, the message; never a stack or a path. */
function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.expose ? `${error.code}: ${error.message}` : error.code;
  return 'internal_error: the audit failed unexpectedly';
}

export type { AuditLlmStage };
