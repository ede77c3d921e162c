import { sql, type Kysely } from 'kysely';
import { ConflictError } from '@xcr/core/errors';
import type { NewUser, Page, UserListQuery, UserPatch, UserRecord, UserRepository } from '@xcr/core/ports/repositories';
import { isForeignKeyViolation, withDbErrors } from '../db-errors.ts';
import type { Database } from '../schema.ts';
import { containsPattern, fetchPage, isUuid, pageWindow } from './query-helpers.ts';

const userConflicts = { users_email_key: 'user_exists', users_username_key: 'user_exists' };

/** Users on Kysely. Case-insensitive uniqueness comes from the `lower(...)` unique indexes. */
export function createUserRepository(db: Kysely<Database>): UserRepository {
  async function findById(id: string): Promise<UserRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  return {
    create(input: NewUser) {
      return withDbErrors(
        () =>
          db
            .insertInto('users')
            .values({
              email: input.email,
              username: input.username,
              password_hash: input.password_hash ?? null,
              full_name: input.full_name ?? null,
              role: input.role,
              is_active: input.is_active,
              force_password_change: input.force_password_change,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        userConflicts,
      );
    },

    findById,

    findByEmailOrUsername(login: string) {
      const needle = login.trim().toLowerCase();
      // Both lookups use their unique index; email wins if one user's email is another's username.
      return db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb(sql`lower(email)`, '=', needle), eb(sql`lower(username)`, '=', needle)]))
        .orderBy(sql`lower(email) = ${needle}`, 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    findFirstAdmin() {
      return db
        .selectFrom('users')
        .selectAll()
        .where('role', '=', 'admin')
        .where('is_active', '=', true)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
    },

    async list(query: UserListQuery): Promise<Page<UserRecord>> {
      const window = pageWindow(query);
      let base = db.selectFrom('users');
      if (query.role) base = base.where('role', '=', query.role);
      if (query.is_active !== undefined) base = base.where('is_active', '=', query.is_active);
      if (query.search) {
        const pattern = containsPattern(query.search);
        base = base.where((eb) =>
          eb.or([eb('email', 'ilike', pattern), eb('username', 'ilike', pattern), eb('full_name', 'ilike', pattern)]),
        );
      }
      return fetchPage(db, base, (q) => q.selectAll().orderBy('created_at', 'desc').orderBy('id'), window);
    },

    async update(id: string, patch: UserPatch) {
      if (!isUuid(id)) return undefined;
      if (Object.keys(patch).length === 0) return findById(id);
      return withDbErrors(
        () => db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirst(),
        userConflicts,
      );
    },

    async recordLogin(id: string) {
      if (!isUuid(id)) return;
      await db
        .updateTable('users')
        .set({ last_login_at: sql<Date>`now()`, failed_login_attempts: 0, locked_until: null })
        .where('id', '=', id)
        .execute();
    },

    async recordFailure(id: string, policy: { maxAttempts: number; lockMs: number }) {
      if (!isUuid(id)) return undefined;
      return db
        .updateTable('users')
        .set((eb) => ({
          failed_login_attempts: eb('failed_login_attempts', '+', 1),
          locked_until: sql<Date | null>`CASE WHEN failed_login_attempts + 1 >= ${policy.maxAttempts}
            THEN now() + make_interval(secs => ${policy.lockMs / 1000}) ELSE locked_until END`,
        }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    async delete(id: string) {
      if (!isUuid(id)) return false;
      try {
        const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw new ConflictError('in_use', 'The user still owns projects', { cause: error });
        }
        throw error;
      }
    },
  };
}
