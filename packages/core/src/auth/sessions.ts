/**
 * Sessions: a login starts a refresh-token family; each refresh rotates the token within the family; presenting a
 * token that was already rotated means it leaked (or a client misbehaves), so the whole family is revoked. Access
 * tokens are stateless JWTs, so revoking one before it expires needs a deny list: logout denies the token's id,
 * and revoking a family denies the family id that every access token of it carries (`sid`), until those tokens
 * would have expired anyway.
 */
import { randomUUID } from 'node:crypto';
import { AuthError } from '../errors.ts';
import type { RefreshTokenRecord, UserRecord } from '../ports/repositories.ts';
import type { AccessTokenClaims } from '../ports/token-signer.ts';
import { createCurrentUsers, userRevisionKey } from './current-users.ts';
import { generateOpaqueToken, hashOpaqueToken } from './opaque-token.ts';
import type { ActionContext, AuthDeps, AuthenticatedUser, AuthOptions, TokenPair } from './types.ts';

const denyTokenKey = (jti: string) => `auth:deny:jti:${jti}`;
const denySessionKey = (sid: string) => `auth:deny:sid:${sid}`;

/** Thrown inside the rotation transaction when another request rotated the same token first. */
class RotationLost extends Error {}

/** Session operations shared by login, refresh, logout and password changes. */
export interface SessionManager {
  /** Starts a new session (family) for the user and returns its first token pair. */
  start(user: UserRecord): Promise<TokenPair>;
  /** Exchanges a refresh token for a new pair (rotation); detects reuse. */
  refresh(refreshToken: string, ctx: ActionContext): Promise<TokenPair>;
  /** Checks an access token and loads its user: the work behind every authenticated request. */
  authenticate(accessToken: string): Promise<AuthenticatedUser>;
  /** Checks signature and time claims only (no deny list, no user): enough to key a rate limit by user. */
  verifyAccessToken(accessToken: string): Promise<AccessTokenClaims>;
  /** The second half of `authenticate`: deny list and user, for claims `verifyAccessToken` returned. */
  resolve(claims: AccessTokenClaims): Promise<AuthenticatedUser>;
  /** Revokes one session: its refresh tokens and every access token issued in it. */
  revokeSession(sessionId: string): Promise<void>;
  /** Denies one access token until it expires. */
  denyAccessToken(tokenId: string, expiresAtS: number): Promise<void>;
  /** Revokes every session of the user, except one (the caller's own, after a password change). */
  revokeAllSessions(userId: string, options?: { exceptSessionId?: string }): Promise<void>;
  /** The family of a refresh token, when the token exists and belongs to `userId`. */
  findSessionOfRefreshToken(refreshToken: string, userId: string): Promise<string | undefined>;
}

/** Creates the session manager. */
export function createSessionManager(deps: AuthDeps, options: AuthOptions): SessionManager {
  const { repos, signer, cache, clock } = deps;
  const sessionDenyMs = options.accessTokenTtlS * 1000 + 60_000;
  const currentUsers = createCurrentUsers({ users: repos.users, cache });

  async function issue(user: UserRecord, familyId: string, previous?: RefreshTokenRecord): Promise<TokenPair> {
    const now = clock();
    const refreshToken = generateOpaqueToken();
    const row = {
      user_id: user.id,
      family_id: familyId,
      token_hash: hashOpaqueToken(refreshToken),
      expires_at: new Date(now.getTime() + options.refreshTokenTtlS * 1000),
    };
    if (previous) {
      await repos.transaction(async (tx) => {
        const created = await tx.refreshTokens.create(row);
        if (!(await tx.refreshTokens.markRotated(previous.id, created.id, now))) throw new RotationLost();
      });
    } else {
      await repos.refreshTokens.create(row);
    }
    const access = await signer.signAccessToken({ userId: user.id, role: user.role, sessionId: familyId }, { now, ttlS: options.accessTokenTtlS });
    return { access_token: access.token, refresh_token: refreshToken, token_type: 'bearer', expires_in: options.accessTokenTtlS };
  }

  async function revokeSession(sessionId: string): Promise<void> {
    await repos.refreshTokens.revokeFamily(sessionId, clock());
    await cache.set(denySessionKey(sessionId), 1, sessionDenyMs);
  }

  // One cache round trip per request: the deny list of token and session, and the user's revision (current-users.ts).
  async function resolve(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    const [deniedToken, deniedSession, revision] = await cache.getMany([
      denyTokenKey(claims.jti),
      denySessionKey(claims.sid),
      userRevisionKey(claims.sub),
    ]);
    if (deniedToken !== undefined || deniedSession !== undefined) throw new AuthError('token_revoked', 'The access token has been revoked');
    const user = await currentUsers.get(claims.sub, revision);
    if (!user) throw new AuthError('invalid_token', 'The access token is not valid');
    if (!user.is_active) throw new AuthError('account_disabled', 'The account is disabled');
    return { user, sessionId: claims.sid, tokenId: claims.jti, tokenExpiresAtS: claims.exp };
  }

  async function reuseDetected(record: RefreshTokenRecord, ctx: ActionContext): Promise<never> {
    await revokeSession(record.family_id);
    await repos.auditLog.append({
      actor_id: record.user_id,
      action: 'auth.refresh_token_reused',
      resource_type: 'user',
      resource_id: record.user_id,
      details: { session_id: record.family_id },
      ip: ctx.ip,
    });
    throw new AuthError('token_revoked', 'The refresh token was already used; the session has been revoked');
  }

  return {
    start(user) {
      return issue(user, randomUUID());
    },

    async refresh(refreshToken, ctx) {
      const record = await repos.refreshTokens.findByHash(hashOpaqueToken(refreshToken));
      if (!record) throw new AuthError('invalid_token', 'The refresh token is not valid');
      if (record.replaced_by) return reuseDetected(record, ctx);
      if (record.revoked_at) throw new AuthError('token_revoked', 'The refresh token has been revoked');
      if (record.expires_at.getTime() <= clock().getTime()) throw new AuthError('token_expired', 'The refresh token has expired');
      const user = await repos.users.findById(record.user_id);
      if (!user || !user.is_active) {
        await revokeSession(record.family_id);
        throw new AuthError('account_disabled', 'The account is disabled');
      }
      try {
        return await issue(user, record.family_id, record);
      } catch (error) {
        if (error instanceof RotationLost) return reuseDetected(record, ctx);
        throw error;
      }
    },

    async authenticate(accessToken) {
      return resolve(await signer.verifyAccessToken(accessToken, { now: clock() }));
    },

    verifyAccessToken: (accessToken) => signer.verifyAccessToken(accessToken, { now: clock() }),

    resolve,

    revokeSession,

    async denyAccessToken(tokenId, expiresAtS) {
      const ttlMs = expiresAtS * 1000 - clock().getTime() + 60_000;
      if (ttlMs > 0) await cache.set(denyTokenKey(tokenId), 1, ttlMs);
    },

    async revokeAllSessions(userId, revokeOptions = {}) {
      const families = await repos.refreshTokens.revokeAllForUser(userId, clock(), { exceptFamilyId: revokeOptions.exceptSessionId });
      await Promise.all(families.map((family) => cache.set(denySessionKey(family), 1, sessionDenyMs)));
    },

    async findSessionOfRefreshToken(refreshToken, userId) {
      const record = await repos.refreshTokens.findByHash(hashOpaqueToken(refreshToken));
      return record && record.user_id === userId ? record.family_id : undefined;
    },
  };
}
