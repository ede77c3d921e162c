/** The audit log as `GET /api/v1/audit-log` (admin) shows it. */
import { z } from 'zod';
import { PageQuery, Timestamp } from './common.ts';

/** One audit entry: who (`actor_id`), did what (`action`, e.g. `auth.login`, `user.role_changed`), to what, from where. */
export const AuditLogEntryResponse = z.object({
  id: z.string(),
  actor_id: z.string().nullable(),
  action: z.string(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  created_at: Timestamp,
});
export type AuditLogEntryResponse = z.infer<typeof AuditLogEntryResponse>;

/** `GET /audit-log` filters; `since` inclusive, `until` exclusive. */
export const AuditLogQuery = PageQuery.extend({
  actor_id: z.uuid().optional(),
  action: z.string().max(100).optional(),
  resource_type: z.string().max(100).optional(),
  resource_id: z.string().max(200).optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;
