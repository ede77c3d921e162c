import type { AppConfig } from '@xcr/contracts';
import { createJoseTokenSigner } from '@xcr/adapters/auth/jose-token-signer';
import type { SecretBox } from '@xcr/adapters/crypto/secret-box';
import { createAuthService, type AuthService } from '@xcr/core/auth/auth-service';
import { createUserAdmin, type UserAdmin } from '@xcr/core/auth/user-admin';
import { createFeatureFlagAdmin, type FeatureFlagAdmin } from '@xcr/core/flags/flag-admin';
import { createFlagEvaluator, type FlagEvaluator } from '@xcr/core/flags/flag-evaluator';
import { createMigrationService, type MigrationService } from '@xcr/core/migration/migration-service';
import type { Clock } from '@xcr/core/ports/clock';
import type { Repositories } from '@xcr/core/ports/repositories';
import type { Runtime } from '../runtime.ts';

/** What API route modules receive: the runtime's adapters plus the use cases built on them. */
export interface ApiDeps {
  runtime: Runtime;
  config: AppConfig;
  repos: Repositories;
  clock: Clock;
  auth: AuthService;
  users: UserAdmin;
  /** Seals secrets stored at rest (project Git tokens) with the configured encryption key. */
  secretBox: SecretBox;
  /** Limits of `POST /projects/{id}/upload`. */
  uploads: UploadLimits;
  /** Feature flag evaluation for the caller (cached at most 5 s per process). */
  flags: FlagEvaluator;
  /** Feature flag administration (audit-logged; invalidates `flags`). */
  flagAdmin: FeatureFlagAdmin;
  /** Imports of browser-version exports, batches, rollback, exports. */
  migration: MigrationService;
}

/** Limits of ZIP uploads. */
export interface UploadLimits {
  /** Largest archive accepted (413 `upload_too_large` above it). */
  maxBytes: number;
}

/** The upload limit when the configuration sets none: the original's 100 MB. */
export const defaultUploadMaxBytes = 100 * 1024 * 1024;

/** Builds the use cases the routes call, once per API process. */
export function createApiDeps(runtime: Runtime): ApiDeps {
  const { config } = runtime;
  const secretKey = config.auth.secretKey;
  // startServer fills the key in embedded mode and checkRoles demands it with PostgreSQL, so this is a wiring bug.
  if (!secretKey) throw new Error('XCR_SECRET_KEY is not set: cannot sign access tokens');
  const repos = runtime.repos;
  const flags = createFlagEvaluator({ flags: repos.featureFlags, clock: runtime.clock });
  const log = runtime.logger.child({ component: 'auth' });
  const authDeps = {
    repos,
    hasher: runtime.passwordHasher,
    signer: createJoseTokenSigner({ secretKey }),
    cache: runtime.cache,
    mailer: runtime.mailer,
    clock: runtime.clock,
    onBackgroundError: (err: unknown, context: { operation: string }) => log.warn({ err, ...context }, 'auth background step failed'),
  };
  const auth = createAuthService(authDeps, {
    accessTokenTtlS: config.auth.accessTokenTtlS,
    refreshTokenTtlS: config.auth.refreshTokenTtlS,
    registration: config.auth.registration,
    publicUrl: config.http.publicUrl,
  });
  return {
    runtime,
    config,
    repos,
    clock: runtime.clock,
    auth,
    users: createUserAdmin(authDeps, auth.sessions),
    // The runtime's box also opens secrets sealed with XCR_ENCRYPTION_KEYS_OLD until `xcr secrets rotate` ran.
    secretBox: runtime.secretBox,
    uploads: { maxBytes: config.http.uploadMaxBytes ?? defaultUploadMaxBytes },
    flags,
    flagAdmin: createFeatureFlagAdmin({ repos, evaluator: flags }),
    migration: createMigrationService({ repos, clock: runtime.clock }),
  };
}
