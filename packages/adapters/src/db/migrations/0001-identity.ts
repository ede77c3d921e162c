import type { Kysely, Migration } from 'kysely';
import { runStatements, touchTrigger } from './run-statements.ts';

/** Users, their tokens, settings, feature flags, the audit log and migration batches. */
export const identity: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE OR REPLACE FUNCTION xcr_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN NEW.updated_at := now(); RETURN NEW; END $$`,

      `CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 255),
        username text NOT NULL CHECK (length(username) BETWEEN 1 AND 100),
        password_hash text,
        full_name text,
        avatar_url text,
        role text NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user', 'viewer')),
        is_active boolean NOT NULL DEFAULT true,
        force_password_change boolean NOT NULL DEFAULT false,
        last_login_at timestamptz,
        failed_login_attempts integer NOT NULL DEFAULT 0 CHECK (failed_login_attempts >= 0),
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Case-insensitive identity: "Alice@X" and "alice@x" are one account.
      `CREATE UNIQUE INDEX users_email_key ON users (lower(email))`,
      `CREATE UNIQUE INDEX users_username_key ON users (lower(username))`,
      `CREATE INDEX users_role_idx ON users (role)`,
      touchTrigger('users'),

      `CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`,
      `CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`,
      `CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)`,

      `CREATE TABLE password_reset_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id)`,

      `CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      touchTrigger('settings'),

      `CREATE TABLE feature_flags (
        key text PRIMARY KEY CHECK (key ~ '^[A-Za-z][A-Za-z0-9_.-]{0,99}$'),
        enabled boolean NOT NULL DEFAULT false,
        rollout_percentage integer NOT NULL DEFAULT 100 CHECK (rollout_percentage BETWEEN 0 AND 100),
        allowed_users jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(allowed_users) = 'array'),
        description text,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      touchTrigger('feature_flags'),

      `CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL,
        resource_type text,
        resource_id text,
        details jsonb NOT NULL DEFAULT '{}',
        ip text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC)`,
      `CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at DESC)`,
      `CREATE INDEX audit_log_resource_idx ON audit_log (resource_type, resource_id, created_at DESC)`,
      `CREATE INDEX audit_log_action_idx ON audit_log (action, created_at DESC)`,

      `CREATE TABLE migration_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_hash text NOT NULL,
        format text NOT NULL,
        owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
        counts jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'rolled_back')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text
      )`,
      `CREATE INDEX migration_batches_owner_idx ON migration_batches (owner_id, started_at DESC)`,
      `CREATE INDEX migration_batches_source_idx ON migration_batches (source_hash)`,

      `CREATE TABLE migration_quarantine (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        batch_id uuid NOT NULL REFERENCES migration_batches (id) ON DELETE CASCADE,
        record_type text NOT NULL,
        source_key text,
        reason text NOT NULL,
        record jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX migration_quarantine_batch_idx ON migration_quarantine (batch_id)`,
    ]);
  },
};
