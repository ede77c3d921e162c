import type { Kysely } from 'kysely';
import type { PasswordResetTokenRepository } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import type { Database } from '../schema.ts';
import { isUuid } from './query-helpers.ts';

/** Password reset tokens on Kysely: rows hold the token's hash, never the token. */
export function createPasswordResetTokenRepository(db: Kysely<Database>): PasswordResetTokenRepository {
  return {
    create(input) {
      return withDbErrors(() =>
        db
          .insertInto('password_reset_tokens')
          .values({ user_id: input.user_id, token_hash: input.token_hash, expires_at: input.expires_at })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },

    findByHash(tokenHash: string) {
      return db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },

    async markUsed(id: string, at: Date) {
      if (!isUuid(id)) return false;
      const result = await db
        .updateTable('password_reset_tokens')
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async invalidateForUser(userId: string, at: Date) {
      if (!isUuid(userId)) return 0;
      const result = await db
        .updateTable('password_reset_tokens')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async deleteExpiredBefore(cutoff: Date) {
      const result = await db.deleteFrom('password_reset_tokens').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
