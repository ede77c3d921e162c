import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BulkUpdateIssuesBody,
  BulkUpdateIssuesResponse,
  CreateIssueCommentBody,
  errorResponses,
  IdParams,
  IssueCommentList,
  IssueCommentParams,
  IssueCommentResponse,
  IssueListQuery,
  IssueResponse,
  IssueStatisticsQuery,
  IssueStatisticsResponse,
  pageOf,
  UpdateIssueBody,
} from '@xcr/contracts/api/index';
import { ForbiddenError, NotFoundError } from '@xcr/core/errors';
import type { FindingComment, FindingRecord, Repositories } from '@xcr/core/ports/repositories';
import { checkProjectAccess, listScope, requireProjectAccess, requireTaskAccess, type ProjectAction } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser, type RequestUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

/** A finding as the API shows it (import bookkeeping stays inside). */
export function toIssueResponse(finding: FindingRecord): IssueResponse {
  return {
    id: finding.id,
    task_id: finding.task_id,
    project_id: finding.project_id,
    fingerprint: finding.fingerprint,
    file_path: finding.file_path,
    line_start: finding.line_start,
    line_end: finding.line_end,
    column_start: finding.column_start,
    column_end: finding.column_end,
    code_snippet: finding.code_snippet,
    title: finding.title,
    description: finding.description,
    severity: finding.severity,
    category: finding.category,
    cwe: finding.cwe,
    rule_id: finding.rule_id,
    analyzer: finding.analyzer,
    confidence: finding.confidence,
    suggestion: finding.suggestion,
    fix_example: finding.fix_example,
    explanation: finding.explanation,
    status: finding.status,
    resolved_by: finding.resolved_by,
    resolved_at: finding.resolved_at?.toISOString() ?? null,
    lifecycle: finding.lifecycle,
    created_at: finding.created_at.toISOString(),
    updated_at: finding.updated_at.toISOString(),
  };
}

/** Comments with their authors' usernames (one lookup per distinct author). */
async function toCommentResponses(repos: Repositories, comments: readonly FindingComment[]): Promise<IssueCommentResponse[]> {
  const authorIds = [...new Set(comments.map((c) => c.author_id).filter((id): id is string => id !== null))];
  const authors = new Map<string, string>();
  for (const id of authorIds) {
    const user = await repos.users.findById(id);
    if (user) authors.set(id, user.username);
  }
  return comments.map((c) => ({
    id: c.id,
    issue_id: c.finding_id,
    author_id: c.author_id,
    author_username: c.author_id ? (authors.get(c.author_id) ?? null) : null,
    content: c.body,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  }));
}

/** Loads a finding the caller may act on: 404 `Issue not found` when missing or invisible, 403 when the role is too low. */
async function requireIssueAccess(repos: Repositories, user: RequestUser, id: string, action: ProjectAction): Promise<FindingRecord> {
  const finding = await repos.findings.get(id);
  if (!finding) throw new NotFoundError('Issue');
  await checkProjectAccess(repos, user, await repos.projects.get(finding.project_id), action, { resource: 'Issue' });
  return finding;
}

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const common = { tags: ['issues'], security: [{ bearerAuth: [] }] };

/**
 * `/issues`: findings of the projects the caller may see, triage (status, bulk update), comments and counts.
 * Findings of other projects are 404 and never counted.
 */
export async function registerIssueRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos } = deps;
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.get(
      '/issues',
      {
        schema: {
          ...common,
          summary: 'List findings (most severe first, then by file and line)',
          querystring: IssueListQuery,
          response: { 200: pageOf(IssueResponse), ...errors },
        },
      },
      async (request) => {
        const { status, status_filter, ...filters } = request.query;
        const statuses = [...(status ?? []), ...(status_filter ?? [])];
        const page = await repos.findings.list({
          ...filters,
          ...listScope(requireUser(request)),
          status: statuses.length > 0 ? statuses : undefined,
        });
        return { ...page, items: page.items.map(toIssueResponse) };
      },
    );

    scope.get(
      '/issues/statistics',
      {
        schema: {
          ...common,
          summary: 'Count findings by severity, category, status and lifecycle',
          querystring: IssueStatisticsQuery,
          response: { 200: IssueStatisticsResponse, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { task_id, project_id } = request.query;
        if (task_id) await requireTaskAccess(repos, user, task_id, 'read');
        if (project_id) await requireProjectAccess(repos, user, project_id, 'read');
        return repos.findings.statistics({ task_id, project_id, ...listScope(user) });
      },
    );

    scope.post(
      '/issues/bulk-update',
      {
        schema: {
          ...common,
          summary: 'Set one status on many findings (only those the caller may change)',
          body: BulkUpdateIssuesBody,
          response: { 200: BulkUpdateIssuesResponse, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        if (user.role === 'viewer') throw new ForbiddenError('forbidden', 'Viewers cannot change findings');
        const { ids, status } = request.body;
        const updated = await repos.findings.bulkUpdateStatus(ids, status, user.id, {
          is_live_project_only: true,
          ...(user.role === 'admin' ? {} : { writable_by: user.id }),
        });
        return { updated, requested: new Set(ids).size };
      },
    );

    scope.get(
      '/issues/:id',
      { schema: { ...common, summary: 'Get a finding', params: IdParams, response: { 200: IssueResponse, ...errors } } },
      async (request) => toIssueResponse(await requireIssueAccess(repos, requireUser(request), request.params.id, 'read')),
    );

    scope.put(
      '/issues/:id',
      {
        schema: {
          ...common,
          summary: 'Set the triage status (resolved and false_positive record who and when)',
          params: IdParams,
          body: UpdateIssueBody,
          response: { 200: IssueResponse, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const finding = await requireIssueAccess(repos, user, request.params.id, 'write');
        const updated = await repos.findings.updateStatus(finding.id, request.body.status, user.id);
        if (!updated) throw new NotFoundError('Issue');
        return toIssueResponse(updated);
      },
    );

    scope.get(
      '/issues/:id/comments',
      { schema: { ...common, summary: 'List the comments of a finding, oldest first', params: IdParams, response: { 200: IssueCommentList, ...errors } } },
      async (request) => {
        const finding = await requireIssueAccess(repos, requireUser(request), request.params.id, 'read');
        const items = await toCommentResponses(repos, await repos.findings.listComments(finding.id));
        return { items, total: items.length };
      },
    );

    scope.post(
      '/issues/:id/comments',
      {
        schema: {
          ...common,
          summary: 'Comment on a finding',
          params: IdParams,
          body: CreateIssueCommentBody,
          response: { 201: IssueCommentResponse, ...errors },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const finding = await requireIssueAccess(repos, user, request.params.id, 'write');
        const comment = await repos.findings.addComment(finding.id, user.id, request.body.content);
        const responses = await toCommentResponses(repos, [comment]);
        return reply.status(201).send(responses[0]!);
      },
    );

    scope.delete(
      '/issues/:id/comments/:comment_id',
      {
        schema: {
          ...common,
          summary: 'Delete a comment (its author or an admin)',
          params: IssueCommentParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const finding = await requireIssueAccess(repos, user, request.params.id, 'read');
        const comment = await repos.findings.getComment(finding.id, request.params.comment_id);
        if (!comment) throw new NotFoundError('Comment');
        if (comment.author_id !== user.id && user.role !== 'admin') {
          throw new ForbiddenError('forbidden', 'Only the author or an admin may delete a comment');
        }
        await repos.findings.deleteComment(comment.id);
        return reply.status(204).send(null);
      },
    );
  });
}
