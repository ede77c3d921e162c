import type { Kysely } from 'kysely';
import type { NewRefreshToken, RefreshTokenRecord, RefreshTokenRepository } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import type { Database } from '../schema.ts';
import { isUuid } from './query-helpers.ts';

/** Refresh tokens on Kysely: rows hold the token's hash, never the token. */
export function createRefreshTokenRepository(db: Kysely<Database>): RefreshTokenRepository {
  return {
    create(input: NewRefreshToken): Promise<RefreshTokenRecord> {
      return withDbErrors(() =>
        db
          .insertInto('refresh_tokens')
          .values({ user_id: input.user_id, family_id: input.family_id, token_hash: input.token_hash, expires_at: input.expires_at })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },

    findByHash(tokenHash: string) {
      return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },

    async markRotated(id: string, replacedBy: string, at: Date) {
      if (!isUuid(id) || !isUuid(replacedBy)) return false;
      // The conditions make the check and the write one step: of two requests presenting the same token, one wins.
      const result = await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at, replaced_by: replacedBy })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('replaced_by', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async revokeFamily(familyId: string, at: Date) {
      if (!isUuid(familyId)) return 0;
      const result = await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async revokeAllForUser(userId: string, at: Date, options: { exceptFamilyId?: string } = {}) {
      if (!isUuid(userId)) return [];
      let query = db.updateTable('refresh_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null);
      if (options.exceptFamilyId && isUuid(options.exceptFamilyId)) query = query.where('family_id', '<>', options.exceptFamilyId);
      const rows = await query.returning('family_id').execute();
      return [...new Set(rows.map((r) => r.family_id))];
    },

    async deleteExpiredBefore(cutoff: Date) {
      const result = await db.deleteFrom('refresh_tokens').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
