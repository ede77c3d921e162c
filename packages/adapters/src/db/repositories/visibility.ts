import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Ids of the projects a user may see: those they own and those they are a member of. Used as a subquery
 * (`project_id IN (...)`), so it needs no round trip of its own.
 */
export function visibleProjectIds(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('projects')
    .select('projects.id')
    .where((eb) =>
      eb.or([
        eb('projects.owner_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('project_members')
            .select('project_members.id')
            .whereRef('project_members.project_id', '=', 'projects.id')
            .where('project_members.user_id', '=', userId),
        ),
      ]),
    );
}

/**
 * Ids of the projects a user may change findings of: those they own and those where their member role is
 * owner, admin or member (a project viewer reads only). The user's global role is checked by the caller.
 */
export function writableProjectIds(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('projects')
    .select('projects.id')
    .where((eb) =>
      eb.or([
        eb('projects.owner_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('project_members')
            .select('project_members.id')
            .whereRef('project_members.project_id', '=', 'projects.id')
            .where('project_members.user_id', '=', userId)
            .where('project_members.role', 'in', ['owner', 'admin', 'member']),
        ),
      ]),
    );
}
