import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateReportBody,
  errorResponses,
  IdParams,
  pageOf,
  ReportListQuery,
  ReportOptions,
  ReportResponse,
  reportContentTypes,
  reportExtensions,
  type ReportMetadata,
} from '@xcr/contracts/api/index';
import { ConflictError, NotFoundError, UnavailableError } from '@xcr/core/errors';
import type { Repositories, ReportRecord, ReportWithProject } from '@xcr/core/ports/repositories';
import { checkProjectAccess, listScope, requireTaskAccess, type ProjectAction } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser, type RequestUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

/** How long a presigned download link stays valid. */
const signedUrlTtlS = 300;

/** The file name a report downloads as (the original's `report_{id}.{ext}`). */
export function reportFileName(report: Pick<ReportRecord, 'id' | 'format'>): string {
  return `report_${report.id}.${reportExtensions[report.format]}`;
}

function toReportResponse(report: ReportWithProject): ReportResponse {
  const options = ReportOptions.safeParse(report.options);
  return {
    id: report.id,
    task_id: report.task_id,
    project_id: report.project_id,
    format: report.format,
    status: report.status,
    options: options.success ? options.data : ReportOptions.parse({}),
    file_name: reportFileName(report),
    file_size: report.size_bytes,
    content_hash: report.content_hash,
    download_url: report.status === 'completed' ? `/api/v1/reports/${report.id}/download` : null,
    error_message: report.error_message,
    metadata: report.metadata as Partial<ReportMetadata>,
    created_by: report.created_by,
    created_at: report.created_at.toISOString(),
    completed_at: report.completed_at?.toISOString() ?? null,
  };
}

/** Loads a report the caller may act on: 404 `Report not found` when missing or invisible, 403 when the role is too low. */
async function requireReportAccess(
  repos: Repositories,
  user: RequestUser,
  id: string,
  action: ProjectAction,
): Promise<ReportWithProject> {
  const report = await repos.reports.get(id);
  if (!report) throw new NotFoundError('Report');
  await checkProjectAccess(repos, user, await repos.projects.get(report.project_id), action, {
    resource: 'Report',
    isDeletedAllowed: action !== 'read',
  });
  return report;
}

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429, 503);
const common = { tags: ['reports'], security: [{ bearerAuth: [] }] };

/**
 * `/reports`: exports of completed tasks in JSON, Markdown, PDF, HTML or SARIF. A report is rendered by a
 * `report.render` job; poll `GET /reports/{id}` until `completed`, then download it.
 */
export async function registerReportRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos, runtime } = deps;
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.post(
      '/reports',
      {
        schema: {
          ...common,
          summary: 'Render a report of a completed task',
          body: CreateReportBody,
          response: { 201: ReportResponse, ...errors },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const { task } = await requireTaskAccess(repos, user, request.body.task_id, 'read');
        if (task.status !== 'completed') {
          throw new ConflictError(
            'task_not_completed',
            `Reports are made of completed tasks; this one is ${task.status}`,
            { details: { status: task.status } },
          );
        }
        const { format, include_code_snippets, include_suggestions, group_by } = request.body;
        const created = await repos.reports.create({
          task_id: task.id,
          format,
          options: { include_code_snippets, include_suggestions, group_by },
          created_by: user.id,
        });
        try {
          await runtime.queue.enqueue('report.render', { report_id: created.id }, { jobId: created.id });
        } catch (error) {
          await repos.reports
            .fail(created.id, 'queue_unavailable: the job queue did not accept the report')
            .catch(() => undefined);
          throw new UnavailableError('queue_unavailable', 'The job queue is not available', { cause: error });
        }
        return reply.status(201).send(toReportResponse({ ...created, project_id: task.project_id }));
      },
    );

    scope.get(
      '/reports',
      {
        schema: {
          ...common,
          summary: 'List reports of the tasks the caller can see (newest first)',
          querystring: ReportListQuery,
          response: { 200: pageOf(ReportResponse), ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const q = request.query;
        if (q.task_id) await requireTaskAccess(repos, user, q.task_id, 'read');
        const page = await repos.reports.list({
          ...listScope(user),
          page: q.page,
          page_size: q.page_size,
          task_id: q.task_id,
          format: q.format ?? q.format_filter,
          status: q.status ?? q.status_filter,
        });
        return { ...page, items: page.items.map(toReportResponse) };
      },
    );

    scope.get(
      '/reports/:id',
      {
        schema: {
          ...common,
          summary: 'Get a report',
          params: IdParams,
          response: { 200: ReportResponse, ...errors },
        },
      },
      async (request) =>
        toReportResponse(await requireReportAccess(repos, requireUser(request), request.params.id, 'read')),
    );

    scope.get(
      '/reports/:id/download',
      {
        schema: {
          ...common,
          summary: 'Download a completed report (on S3 storage: a redirect to a short-lived link)',
          params: IdParams,
          querystring: z.object({
            redirect: z
              .enum(['true', 'false'])
              .default('true')
              .describe('`false` streams through the API even on S3'),
          }),
          response: { 200: z.any(), 302: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const report = await requireReportAccess(repos, requireUser(request), request.params.id, 'read');
        if (report.status !== 'completed' || !report.object_key) {
          throw new ConflictError('report_not_ready', `The report is ${report.status}`, {
            details: { status: report.status },
          });
        }
        const fileName = reportFileName(report);
        const { storage } = runtime;
        if (request.query.redirect === 'true' && storage.capabilities.signedUrls && storage.signedUrl) {
          const url = await storage.signedUrl(report.object_key, {
            expiresInS: signedUrlTtlS,
            filename: fileName,
          });
          return reply.header('cache-control', 'no-store').redirect(url, 302);
        }
        const stream = await storage.getStream(report.object_key);
        reply.header('content-disposition', `attachment; filename="${fileName}"`);
        if (report.size_bytes !== null) reply.header('content-length', String(report.size_bytes));
        if (report.content_hash) reply.header('etag', `"${report.content_hash}"`);
        return reply.type(reportContentTypes[report.format]).send(stream);
      },
    );

    scope.delete(
      '/reports/:id',
      {
        schema: {
          ...common,
          summary: 'Delete a report and its file',
          params: IdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const report = await requireReportAccess(repos, requireUser(request), request.params.id, 'write');
        if (report.object_key) await runtime.storage.delete(report.object_key);
        await repos.reports.delete(report.id);
        // A render still running writes its file under the same key; it notices the missing row and removes it.
        await runtime.queue.cancel('report.render', report.id).catch(() => false);
        return reply.status(204).send(null);
      },
    );
  });
}
