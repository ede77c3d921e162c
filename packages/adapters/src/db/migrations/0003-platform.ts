import type { Kysely, Migration } from 'kysely';
import { runStatements, touchTrigger } from './run-statements.ts';

/** LLM provider configuration, the LLM response cache and worker heartbeats. */
export const platform: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE llm_providers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('openai-compatible', 'anthropic', 'gemini', 'ernie')),
        base_url text,
        model text NOT NULL,
        api_key_encrypted text,
        key_version integer NOT NULL DEFAULT 1,
        options jsonb NOT NULL DEFAULT '{}',
        is_default boolean NOT NULL DEFAULT false,
        is_enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // At most one default provider.
      `CREATE UNIQUE INDEX llm_providers_single_default ON llm_providers (is_default) WHERE is_default`,
      touchTrigger('llm_providers'),

      `CREATE TABLE llm_cache (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX llm_cache_expires_idx ON llm_cache (expires_at) WHERE expires_at IS NOT NULL`,

      `CREATE TABLE worker_heartbeats (
        worker_id text PRIMARY KEY,
        roles text[] NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        info jsonb NOT NULL DEFAULT '{}'
      )`,
      `CREATE INDEX worker_heartbeats_seen_idx ON worker_heartbeats (last_seen_at)`,
    ]);
  },
};
