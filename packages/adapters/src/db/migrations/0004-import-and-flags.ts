import { sql, type Kysely, type Migration } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The runbook's flags (DEPLOYMENT_ROLLOUT.md, "Enable Feature Flags Gradually" and the v1 client's flag set), all
 * disabled. `useBackendAPI` starts at the runbook's first stage (10 %); the others at 100 % so that enabling one
 * turns it on for everyone unless an admin narrows it. Written here, not imported, because a migration is frozen.
 */
const runbookFlags: ReadonlyArray<{ key: string; rollout: number; description: string }> = [
  { key: 'useBackendAPI', rollout: 10, description: 'Web app talks to the server API instead of browser storage (runbook stages 10 -> 25 -> 50 -> 100 %)' },
  { key: 'USE_BACKEND_API', rollout: 100, description: 'v1 name of useBackendAPI; the runbook\'s full rollback turns it off' },
  { key: 'USE_BACKEND_AUTH', rollout: 100, description: 'Sign-in through the server' },
  { key: 'USE_BACKEND_PROJECTS', rollout: 100, description: 'Projects from the server' },
  { key: 'USE_BACKEND_TASKS', rollout: 100, description: 'Audit tasks from the server' },
  { key: 'USE_BACKEND_ISSUES', rollout: 100, description: 'Findings from the server' },
  { key: 'USE_BACKEND_REPORTS', rollout: 100, description: 'Reports from the server' },
  { key: 'USE_BACKEND_STATISTICS', rollout: 100, description: 'Statistics from the server' },
  { key: 'USE_WEBSOCKET_UPDATES', rollout: 100, description: 'Live task progress over the WebSocket' },
  { key: 'ENABLE_DATA_MIGRATION', rollout: 100, description: 'Import of browser (v1) data is offered' },
  { key: 'SHOW_MIGRATION_UI', rollout: 100, description: 'The migration wizard is shown' },
];

/**
 * Resumable, reversible imports and the seeded feature flags:
 * - migration_batches gains a progress cursor (`items_done` of `total_items`, committed with each chunk), the
 *   requested batch size, who started it, the file name, a report, and when it was rolled back; at most one open
 *   (running or failed) batch per source file and owner, which is the batch a re-run resumes;
 * - quarantined records keep the path of the record in the file and a message;
 * - finding comments carry the batch and source key like the other imported tables (native exports hold comments).
 */
export const importAndFlags: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE migration_batches
        ADD COLUMN items_done integer NOT NULL DEFAULT 0 CHECK (items_done >= 0),
        ADD COLUMN total_items integer NOT NULL DEFAULT 0 CHECK (total_items >= 0),
        ADD COLUMN batch_size integer NOT NULL DEFAULT 1000 CHECK (batch_size > 0),
        ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        ADD COLUMN file_name text,
        ADD COLUMN report jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN rolled_back_at timestamptz`,
      `CREATE UNIQUE INDEX migration_batches_open_key ON migration_batches (source_hash, owner_id) WHERE status IN ('running', 'failed')`,
      `CREATE INDEX migration_batches_started_idx ON migration_batches (started_at DESC)`,

      `ALTER TABLE migration_quarantine ADD COLUMN path text, ADD COLUMN message text`,

      `ALTER TABLE finding_comments
        ADD COLUMN migration_batch_id uuid REFERENCES migration_batches (id) ON DELETE SET NULL,
        ADD COLUMN source_key text`,
      `CREATE INDEX finding_comments_batch_idx ON finding_comments (migration_batch_id) WHERE migration_batch_id IS NOT NULL`,
      `CREATE UNIQUE INDEX finding_comments_source_key ON finding_comments (finding_id, source_key) WHERE source_key IS NOT NULL`,
    ]);
    for (const flag of runbookFlags) {
      await sql`INSERT INTO feature_flags (key, enabled, rollout_percentage, allowed_users, description)
        VALUES (${flag.key}, false, ${flag.rollout}, '[]'::jsonb, ${flag.description})
        ON CONFLICT (key) DO NOTHING`.execute(db);
    }
  },
};
