import type { Kysely } from 'kysely';
import type { MemberRecord, MemberRole, ProjectMemberRepository } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import type { Database } from '../schema.ts';
import { isUuid } from './query-helpers.ts';

const memberConflicts = { project_members_project_id_user_id_key: 'member_exists' };

/** Project members on Kysely, each returned with the user's username, email and full name. */
export function createProjectMemberRepository(db: Kysely<Database>): ProjectMemberRepository {
  function selectMembers() {
    return db
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.project_id', 'm.user_id', 'm.role', 'm.created_at', 'u.username', 'u.email', 'u.full_name']);
  }

  async function findOne(projectId: string, userId: string): Promise<MemberRecord | undefined> {
    return selectMembers().where('m.project_id', '=', projectId).where('m.user_id', '=', userId).executeTakeFirst();
  }

  return {
    async add(projectId: string, userId: string, role: MemberRole) {
      await withDbErrors(
        () => db.insertInto('project_members').values({ project_id: projectId, user_id: userId, role }).execute(),
        memberConflicts,
      );
      const member = await findOne(projectId, userId);
      if (!member) throw new Error('member vanished right after insert');
      return member;
    },

    async list(projectId: string) {
      if (!isUuid(projectId)) return [];
      return selectMembers().where('m.project_id', '=', projectId).orderBy('m.created_at').orderBy('m.id').execute();
    },

    async roleOf(projectId: string, userId: string) {
      if (!isUuid(projectId) || !isUuid(userId)) return undefined;
      const row = await db
        .selectFrom('project_members')
        .select('role')
        .where('project_id', '=', projectId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.role;
    },

    async updateRole(projectId: string, userId: string, role: MemberRole) {
      if (!isUuid(projectId) || !isUuid(userId)) return undefined;
      const result = await db
        .updateTable('project_members')
        .set({ role })
        .where('project_id', '=', projectId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n ? findOne(projectId, userId) : undefined;
    },

    async remove(projectId: string, userId: string) {
      if (!isUuid(projectId) || !isUuid(userId)) return false;
      const result = await db.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
