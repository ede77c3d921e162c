import type { Kysely } from 'kysely';
import type { AuditLogEntry, AuditLogQuery, AuditLogRepository, NewAuditLogEntry, Page } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';
import { fetchPage, pageWindow } from './query-helpers.ts';

/** What an entry is made of (`seq` only orders them). */
const entryColumns = ['id', 'actor_id', 'action', 'resource_type', 'resource_id', 'details', 'ip', 'created_at'] as const;

/** The append-only audit log on Kysely. */
export function createAuditLogRepository(db: Kysely<Database>): AuditLogRepository {
  return {
    append(entry: NewAuditLogEntry) {
      return withDbErrors(() =>
        db
          .insertInto('audit_log')
          .values({
            actor_id: entry.actor_id,
            action: entry.action,
            resource_type: entry.resource_type ?? null,
            resource_id: entry.resource_id ?? null,
            details: toJson(entry.details ?? {}),
            ip: entry.ip ?? null,
          })
          .returning(entryColumns)
          .executeTakeFirstOrThrow(),
      );
    },

    async list(query: AuditLogQuery): Promise<Page<AuditLogEntry>> {
      const window = pageWindow(query);
      let base = db.selectFrom('audit_log');
      if (query.actor_id) base = base.where('actor_id', '=', query.actor_id);
      if (query.action) base = base.where('action', '=', query.action);
      if (query.resource_type) base = base.where('resource_type', '=', query.resource_type);
      if (query.resource_id) base = base.where('resource_id', '=', query.resource_id);
      if (query.since) base = base.where('created_at', '>=', query.since);
      if (query.until) base = base.where('created_at', '<', query.until);
      // Newest first; entries of the same clock tick in the order they were appended.
      return fetchPage(db, base, (q) => q.select(entryColumns).orderBy('created_at', 'desc').orderBy('seq', 'desc'), window);
    },
  };
}
