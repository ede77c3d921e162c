import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ScanConfig } from '@xcr/contracts';
import {
  CreateTaskBody,
  errorResponses,
  IdParams,
  pageOf,
  TaskListQuery,
  TaskResponse,
  TaskResultsResponse,
  type LifecycleCounts,
  type TaskScanConfigInput,
} from '@xcr/contracts/api/index';
import { previousTaskOf } from '@xcr/core/audit/audit-history';
import { auditJobId, auditJobPriority } from '@xcr/core/audit/job-ids';
import { AppError, ConflictError, UnavailableError } from '@xcr/core/errors';
import type { ProjectRecord, TaskRecord } from '@xcr/core/ports/repositories';
import { listScope, requireProjectAccess, requireTaskAccess } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { checkRepositoryUrl } from './repository-url.ts';

/** A task as the API shows it; `now` bounds the duration of a task still running. */
export function toTaskResponse(task: TaskRecord, now: Date = new Date()): TaskResponse {
  const end = task.completed_at ?? now;
  return {
    id: task.id,
    project_id: task.project_id,
    created_by: task.created_by,
    name: task.name,
    description: task.description,
    kind: task.kind,
    status: task.status,
    priority: task.priority,
    progress: task.progress,
    current_step: task.current_step,
    scan_config: task.scan_config,
    branch: task.branch,
    commit_sha: task.commit_sha,
    total_issues: task.total_issues,
    critical_issues: task.critical_issues,
    high_issues: task.high_issues,
    medium_issues: task.medium_issues,
    low_issues: task.low_issues,
    info_issues: task.info_issues,
    files_total: task.files_total,
    files_scanned: task.files_scanned,
    lines_scanned: task.lines_scanned,
    quality_score: task.quality_score,
    overall_score: task.quality_score ?? 0,
    metrics: task.metrics,
    tokens_in: task.tokens_in,
    tokens_out: task.tokens_out,
    cost_usd: task.cost_usd,
    error_message: task.error_message,
    retry_count: task.retry_count,
    cancel_requested_at: task.cancel_requested_at?.toISOString() ?? null,
    skipped_count: task.skipped.length,
    llm: task.llm_record,
    created_at: task.created_at.toISOString(),
    updated_at: task.updated_at.toISOString(),
    started_at: task.started_at?.toISOString() ?? null,
    completed_at: task.completed_at?.toISOString() ?? null,
    duration_s: task.started_at ? Math.max(0, (end.getTime() - task.started_at.getTime()) / 1000) : null,
  };
}

/** The stored scan configuration of a new task; the v1 names fill the fields they stand for when those are left at their defaults. */
export function normaliseScanConfig(input: TaskScanConfigInput | undefined): ScanConfig {
  if (!input) return ScanConfig.parse({});
  const { exclude_patterns, max_file_size, ...rest } = input;
  const defaults = ScanConfig.parse({});
  return ScanConfig.parse({
    ...rest,
    exclude: rest.exclude.length === 0 && exclude_patterns ? exclude_patterns : rest.exclude,
    max_file_size_kb:
      rest.max_file_size_kb === defaults.max_file_size_kb && max_file_size !== undefined
        ? max_file_size
        : rest.max_file_size_kb,
  });
}

/** Refuses to start an audit the project cannot feed (checked again by the worker). */
async function checkAuditable(project: ProjectRecord, deps: ApiDeps): Promise<void> {
  if (project.source === 'local')
    throw new AppError(
      'source_not_supported',
      'Local folders are audited with the CLI (xcr scan), not through the API',
      { status: 422 },
    );
  if (project.source === 'zip' && !project.upload_object_key)
    throw new ConflictError('upload_missing', 'Upload the archive first (POST /projects/{id}/upload)');
  if (project.source !== 'zip' && !project.repository_url)
    throw new ConflictError('source_url_missing', 'The project has no repository URL');
  // A stored URL may predate today's rules (an import, a host whose DNS changed): refused before any job exists.
  if (project.source !== 'zip' && project.repository_url) await checkRepositoryUrl(project.repository_url, deps);
}

function isTerminal(task: TaskRecord): boolean {
  return task.status === 'completed' || task.status === 'failed' || task.status === 'cancelled';
}

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429, 503);
const common = { tags: ['tasks'], security: [{ bearerAuth: [] }] };

/** `/tasks`: start audits (one `audit.run` job each), follow, cancel and retry them, read their results. */
export async function registerTaskRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos, runtime } = deps;

  /** Enqueues the task's current run; when the queue refuses, the task fails at once instead of waiting forever. */
  async function enqueueRun(task: TaskRecord): Promise<void> {
    try {
      await runtime.queue.enqueue(
        'audit.run',
        { task_id: task.id },
        { jobId: auditJobId(task), priority: auditJobPriority[task.priority] },
      );
    } catch (error) {
      await repos.tasks
        .transition(task.id, 'failed', {
          error_message: 'queue_unavailable: the job queue did not accept the task',
          current_step: 'Failed',
        })
        .catch(() => undefined);
      throw error instanceof AppError
        ? error
        : new UnavailableError('queue_unavailable', 'The job queue is not available', { cause: error });
    }
  }

  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.post(
      '/tasks',
      {
        schema: {
          ...common,
          summary: 'Start an audit of a project',
          body: CreateTaskBody,
          response: { 201: TaskResponse, ...errors },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const { project } = await requireProjectAccess(repos, user, request.body.project_id, 'write');
        await checkAuditable(project, deps);
        const body = request.body;
        const task = await repos.tasks.create({
          project_id: project.id,
          created_by: user.id,
          name: body.name ?? `Audit of ${project.name}`,
          description: body.description ?? null,
          priority: body.priority,
          kind: 'repository',
          branch: body.branch ?? project.branch,
          scan_config: normaliseScanConfig(body.scan_config),
        });
        await enqueueRun(task);
        return reply.status(201).send(toTaskResponse(task));
      },
    );

    scope.get(
      '/tasks',
      {
        schema: {
          ...common,
          summary: 'List the tasks the caller can see (newest first)',
          querystring: TaskListQuery,
          response: { 200: pageOf(TaskResponse), ...errors },
        },
      },
      async (request) => {
        const q = request.query;
        const status = q.status ?? q.status_filter;
        const priority = q.priority ?? q.priority_filter;
        const result = await repos.tasks.list({
          page: q.page,
          page_size: q.page_size,
          ...(q.project_id ? { project_id: q.project_id } : {}),
          ...(status ? { status } : {}),
          ...(priority ? { priority } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          ...listScope(requireUser(request)),
        });
        const now = new Date();
        return { ...result, items: result.items.map((t) => toTaskResponse(t, now)) };
      },
    );

    scope.get(
      '/tasks/:id',
      {
        schema: {
          ...common,
          summary: 'Get a task with its progress',
          params: IdParams,
          response: { 200: TaskResponse, ...errors },
        },
      },
      async (request) =>
        toTaskResponse(
          (await requireTaskAccess(repos, requireUser(request), request.params.id, 'read')).task,
        ),
    );

    const cancelSchema = { ...common, params: IdParams, response: { 200: TaskResponse, ...errors } };
    const cancel = async (userRequest: Parameters<typeof requireUser>[0], id: string) => {
      const { task } = await requireTaskAccess(repos, requireUser(userRequest), id, 'write', {
        isDeletedAllowed: true,
      });
      if (isTerminal(task))
        throw new ConflictError('task_state_conflict', `A ${task.status} task cannot be cancelled`, {
          details: { from: task.status, to: 'cancelled' },
        });
      const updated = (await repos.tasks.requestCancel(task.id)) ?? task;
      // Removes a waiting job, or aborts a running one wherever it runs; the worker also sees the flag on the row.
      await runtime.queue
        .cancel('audit.run', auditJobId(task))
        .catch((err: unknown) => userRequest.log.warn({ err }, 'queue cancel failed'));
      return toTaskResponse(updated);
    };
    scope.put(
      '/tasks/:id/cancel',
      {
        schema: {
          ...cancelSchema,
          summary: 'Cancel a pending or running task (a running one stops within about a second)',
        },
      },
      async (request) => cancel(request, request.params.id),
    );
    scope.post(
      '/tasks/:id/cancel',
      { schema: { ...cancelSchema, summary: 'Cancel a task (same as PUT)' } },
      async (request) => cancel(request, request.params.id),
    );

    scope.post(
      '/tasks/:id/retry',
      {
        schema: {
          ...common,
          summary: 'Run a failed or cancelled task again (its earlier findings are replaced)',
          params: IdParams,
          response: { 200: TaskResponse, ...errors },
        },
      },
      async (request) => {
        const { task, project } = await requireTaskAccess(
          repos,
          requireUser(request),
          request.params.id,
          'write',
        );
        if (task.status !== 'failed' && task.status !== 'cancelled') {
          throw new ConflictError('task_state_conflict', `A ${task.status} task cannot be retried`, {
            details: { from: task.status, to: 'pending' },
          });
        }
        await checkAuditable(project, deps);
        const pending = await repos.tasks.transition(task.id, 'pending');
        await repos.findings.deleteByTask(task.id);
        await enqueueRun(pending);
        return toTaskResponse(pending);
      },
    );

    scope.get(
      '/tasks/:id/results',
      {
        schema: {
          ...common,
          summary:
            'Summary of a task: counters, score, files, lifecycle against the previous audit, skipped files',
          params: IdParams,
          response: { 200: TaskResultsResponse, ...errors },
        },
      },
      async (request) => {
        const { task } = await requireTaskAccess(repos, requireUser(request), request.params.id, 'read');
        const lifecycle = await lifecycleCounts(task.id);
        const skipped = (
          task.skipped as Array<{ path?: unknown; reason?: unknown; detail?: unknown }>
        ).filter((s) => typeof s.path === 'string' && typeof s.reason === 'string');
        const byReason: Record<string, number> = {};
        for (const s of skipped) byReason[s.reason as string] = (byReason[s.reason as string] ?? 0) + 1;
        const view = toTaskResponse(task);
        return {
          task_id: task.id,
          status: task.status,
          progress: task.progress,
          total_issues: task.total_issues,
          critical_issues: task.critical_issues,
          high_issues: task.high_issues,
          medium_issues: task.medium_issues,
          low_issues: task.low_issues,
          info_issues: task.info_issues,
          by_severity: {
            critical: task.critical_issues,
            high: task.high_issues,
            medium: task.medium_issues,
            low: task.low_issues,
            info: task.info_issues,
          },
          overall_score: view.overall_score,
          quality_score: task.quality_score,
          metrics: task.metrics,
          duration: view.duration_s,
          files_total: task.files_total,
          files_scanned: task.files_scanned,
          lines_scanned: task.lines_scanned,
          lifecycle,
          previous_task_id: await previousTaskOf(repos, task),
          skipped_by_reason: byReason,
          skipped: skipped
            .slice(0, 500)
            .map((s) => ({
              path: s.path as string,
              reason: s.reason as string,
              ...(typeof s.detail === 'string' ? { detail: s.detail } : {}),
            })),
          error_message: task.error_message,
        };
      },
    );
  });

  async function lifecycleCounts(taskId: string): Promise<LifecycleCounts> {
    const states = ['new', 'persisting', 'fixed', 'regressed'] as const;
    const totals = await Promise.all(
      states.map((lifecycle) =>
        repos.findings.list({ task_id: taskId, lifecycle, page_size: 1 }).then((p) => p.total),
      ),
    );
    return Object.fromEntries(states.map((s, i) => [s, totals[i] ?? 0])) as LifecycleCounts;
  }
}
