/** What the auth use cases need and how they are configured. */
import type { Cache } from '../ports/cache.ts';
import type { Clock } from '../ports/clock.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Repositories, UserRecord } from '../ports/repositories.ts';
import type { TokenSigner } from '../ports/token-signer.ts';

/** The ports the auth use cases run on. */
export interface AuthDeps {
  repos: Repositories;
  hasher: PasswordHasher;
  signer: TokenSigner;
  /** Holds the deny list of logged-out access tokens and revoked sessions. */
  cache: Cache;
  mailer: Mailer;
  clock: Clock;
  /** Told about failures the caller must not see (a reset mail that could not be sent). */
  onBackgroundError?: (error: unknown, context: { operation: string }) => void;
}

/** Who may create accounts through `POST /auth/register`. */
export type RegistrationMode = 'open' | 'admin_only';

/** Policy knobs, from configuration. */
export interface AuthOptions {
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  registration: RegistrationMode;
  /** Lifetime of a password reset link; 1 hour by default. */
  resetTokenTtlS?: number;
  /** Failed logins before the account locks, and for how long; 5 and 15 minutes by default. */
  lockout?: { maxAttempts: number; lockMs: number };
  /** Base URL of the web UI; reset mails link to `<publicUrl>/reset-password?token=...` when set. */
  publicUrl?: string;
}

/** Who acts and from where, for the audit log. */
export interface ActionContext {
  /** The authenticated user, or null for anonymous calls (login, register, reset). */
  actorId: string | null;
  ip: string | null;
}

/** What login and refresh return. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  /** Seconds until the access token expires. */
  expires_in: number;
}

/** The identity the API attaches to an authenticated request. */
export interface AuthenticatedUser {
  user: UserRecord;
  /** The session (refresh-token family) of the access token. */
  sessionId: string;
  /** The access token's id and expiry (seconds since the epoch), for logout. */
  tokenId: string;
  tokenExpiresAtS: number;
}

/** Defaults of `AuthOptions` that configuration does not set. */
export const authDefaults = {
  resetTokenTtlS: 3_600,
  lockout: { maxAttempts: 5, lockMs: 15 * 60_000 },
} as const;
