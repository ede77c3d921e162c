import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The findings list's default order (most severe first, then file, line, newest, id) across every project: an
 * admin's list, or a member's over the projects they see, reads its page from this index instead of sorting every
 * matching finding. Lists within one task or project keep their own indexes (0002).
 */
export const findingsRankIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE INDEX findings_rank_idx ON findings (severity_rank DESC, file_path, line_start NULLS FIRST, created_at DESC, id)`,
    ]);
  },
};
