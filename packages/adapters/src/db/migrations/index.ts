import type { Migration } from 'kysely';
import { identity } from './0001-identity.ts';
import { projectsAndAudits } from './0002-projects-and-audits.ts';
import { platform } from './0003-platform.ts';
import { importAndFlags } from './0004-import-and-flags.ts';
import { findingsRankIndex } from './0005-findings-rank-index.ts';
import { auditLogOrder } from './0006-audit-log-order.ts';

/**
 * Every migration, in order. Forward-only: a released migration is never edited; a change is a new entry.
 * Names sort in application order (Kysely orders by name).
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-identity': identity,
  '0002-projects-and-audits': projectsAndAudits,
  '0003-platform': platform,
  '0004-import-and-flags': importAndFlags,
  '0005-findings-rank-index': findingsRankIndex,
  '0006-audit-log-order': auditLogOrder,
};
