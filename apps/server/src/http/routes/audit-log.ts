import { AuditLogEntryResponse, AuditLogQuery, ErrorBody, pageOf } from '@xcr/contracts/api/index';
import type { AuditLogEntry } from '@xcr/core/ports/repositories';
import type { ApiDeps } from '../api-deps.ts';
import type { HttpApp } from '../types.ts';

function toEntryResponse(entry: AuditLogEntry): AuditLogEntryResponse {
  return { ...entry, created_at: entry.created_at.toISOString() };
}

/** `GET /audit-log`: security-relevant actions, newest first; admins only. */
export async function registerAuditLogRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  api.get(
    '/audit-log',
    {
      preHandler: api.requireRole('admin'),
      schema: {
        tags: ['audit-log'],
        security: [{ bearerAuth: [] }],
        summary: 'Read the audit log',
        querystring: AuditLogQuery,
        response: { 200: pageOf(AuditLogEntryResponse), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const { since, until, ...rest } = request.query;
      const page = await deps.repos.auditLog.list({
        ...rest,
        since: since ? new Date(since) : undefined,
        until: until ? new Date(until) : undefined,
      });
      return { ...page, items: page.items.map(toEntryResponse) };
    },
  );
}
