/**
 * The token signer port: signs and verifies the short-lived access tokens the API accepts as `Bearer` credentials.
 * Refresh tokens are not signed tokens: they are opaque random strings stored hashed (see `RefreshTokenRepository`).
 */
import type { UserRole } from './repositories.ts';

/** The claims of an access token. Times are seconds since the epoch, as JWT has them. */
export interface AccessTokenClaims {
  /** The user id. */
  sub: string;
  /** The role when the token was issued; the API reads the current role from the database, this is informational. */
  role: UserRole;
  /** Always `access`: any other kind of token is refused where an access token is expected. */
  typ: 'access';
  /** Unique id of this token, the key of the deny list that logout writes. */
  jti: string;
  /** The session (refresh-token family) the token belongs to; revoking the family revokes its access tokens too. */
  sid: string;
  iat: number;
  nbf: number;
  exp: number;
}

/** A freshly signed access token. */
export interface SignedAccessToken {
  token: string;
  claims: AccessTokenClaims;
}

/** What an access token is issued for. */
export interface AccessTokenSubject {
  userId: string;
  role: UserRole;
  sessionId: string;
}

/** Signs and verifies access tokens. Implementations pin the algorithm: a token's own header never chooses it. */
export interface TokenSigner {
  /** Signs a token valid from `now` for `ttlS` seconds. */
  signAccessToken(subject: AccessTokenSubject, options: { now: Date; ttlS: number }): Promise<SignedAccessToken>;
  /**
   * Checks the signature, algorithm, token kind and time claims at `now` and returns the claims. Throws AuthError
   * `token_expired` when the token has expired, `invalid_token` for anything else wrong with it.
   */
  verifyAccessToken(token: string, options: { now: Date }): Promise<AccessTokenClaims>;
}
