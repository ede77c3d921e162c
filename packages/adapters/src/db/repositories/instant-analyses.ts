import type { Kysely } from 'kysely';
import type { InstantAnalysisRecord, InstantAnalysisRepository, NewInstantAnalysis, PageQuery } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';
import { fetchPage, isUuid, pageWindow, toPage } from './query-helpers.ts';

const columns = [
  'id', 'user_id', 'language', 'summary', 'quality_score', 'total_issues', 'critical_issues', 'high_issues',
  'medium_issues', 'low_issues', 'info_issues', 'duration_ms', 'created_at',
] as const;

/** Instant analysis summaries on Kysely; the table has no column for code, by design. */
export function createInstantAnalysisRepository(db: Kysely<Database>): InstantAnalysisRepository {
  return {
    create(input: NewInstantAnalysis) {
      return withDbErrors(() =>
        db
          .insertInto('instant_analyses')
          .values({ ...input, summary: toJson(input.summary) })
          .returning(columns)
          .executeTakeFirstOrThrow(),
      );
    },

    async listByUser(userId: string, query: PageQuery) {
      const window = pageWindow(query);
      if (!isUuid(userId)) return toPage<InstantAnalysisRecord>([], 0, window);
      const base = db.selectFrom('instant_analyses').where('user_id', '=', userId);
      return fetchPage(db, base, (q) => q.select(columns).orderBy('created_at', 'desc').orderBy('id'), window);
    },
  };
}
