import type { AppConfig } from '@xcr/contracts';
import { createJoseTokenSigner } from '@xcr/adapters/auth/jose-token-signer';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { createAuthService, type AuthService } from '@xcr/core/auth/auth-service';
import { createUserAdmin, type UserAdmin } from '@xcr/core/auth/user-admin';
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
}

/** Builds the use cases the routes call, once per API process. */
export function createApiDeps(runtime: Runtime): ApiDeps {
  const { config } = runtime;
  const secretKey = config.auth.secretKey;
  // startServer fills the key in embedded mode and checkRoles demands it with PostgreSQL, so this is a wiring bug.
  if (!secretKey) throw new Error('XCR_SECRET_KEY is not set: cannot sign access tokens');
  const repos = createRepositories(runtime.database.db);
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
  return { runtime, config, repos, clock: runtime.clock, auth, users: createUserAdmin(authDeps, auth.sessions) };
}
