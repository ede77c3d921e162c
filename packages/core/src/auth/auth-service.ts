/**
 * The account use cases behind `/auth/*`: register, login (with lockout), refresh, logout, change password, me.
 * Every security-relevant outcome is written to the audit log.
 */
import { AuthError, ForbiddenError, ValidationError } from '../errors.ts';
import type { UserRecord } from '../ports/repositories.ts';
import { generateOpaqueToken } from './opaque-token.ts';
import { assertPasswordAllowed } from './password-rules.ts';
import { createPasswordResetFlow, type PasswordResetFlow } from './password-reset.ts';
import { createSessionManager, type SessionManager } from './sessions.ts';
import { authDefaults, type ActionContext, type AuthDeps, type AuthenticatedUser, type AuthOptions, type TokenPair } from './types.ts';

/** Input of `register`. */
export interface RegisterInput {
  email: string;
  username: string;
  password: string;
  full_name?: string | null;
}

/** The auth use cases. */
export interface AuthService extends PasswordResetFlow {
  readonly sessions: SessionManager;
  readonly options: Readonly<AuthOptions>;
  /**
   * Creates a `user` account. With registration `admin_only`, only an admin (`actorRole`) may; others get 403
   * `registration_closed`. 409 `user_exists` when the email or username is taken; 422 `weak_password`.
   */
  register(input: RegisterInput, ctx: ActionContext & { actorRole?: UserRecord['role'] }): Promise<UserRecord>;
  /**
   * Logs in by username or email. 401 `invalid_credentials` for an unknown login or a wrong password (the same
   * answer, after the same work); 403 `account_locked` while locked; 403 `account_disabled` for an inactive account.
   */
  login(login: string, password: string, ctx: ActionContext): Promise<TokenPair & { user: UserRecord }>;
  refresh(refreshToken: string, ctx: ActionContext): Promise<TokenPair>;
  authenticate(accessToken: string): Promise<AuthenticatedUser>;
  /** Revokes the caller's session and access token, and the session of `refreshToken` when it is the caller's. */
  logout(auth: AuthenticatedUser, refreshToken: string | undefined, ctx: ActionContext): Promise<void>;
  /** Changes the caller's password; other sessions are revoked, the caller's own stays. */
  changePassword(auth: AuthenticatedUser, currentPassword: string, newPassword: string, ctx: ActionContext): Promise<UserRecord>;
}

/** Creates the auth use cases over the given ports. */
export function createAuthService(deps: AuthDeps, options: AuthOptions): AuthService {
  const { repos, hasher, clock } = deps;
  const lockout = options.lockout ?? authDefaults.lockout;
  const sessions = createSessionManager(deps, options);
  const reset = createPasswordResetFlow(deps, options, sessions);
  let dummyHash: Promise<string> | undefined;

  /** Verifies against a throwaway hash, so an unknown login costs as much as a wrong password. */
  async function spendVerification(password: string): Promise<void> {
    dummyHash ??= hasher.hash(generateOpaqueToken());
    await hasher.verify(await dummyHash, password);
  }

  async function audit(ctx: ActionContext, action: string, userId: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await repos.auditLog.append({ actor_id: ctx.actorId ?? userId, action, resource_type: 'user', resource_id: userId, details, ip: ctx.ip });
  }

  return {
    sessions,
    options,
    ...reset,

    async register(input, ctx) {
      if (options.registration === 'admin_only' && ctx.actorRole !== 'admin') {
        throw new ForbiddenError('registration_closed', 'Registration is limited to administrators');
      }
      assertPasswordAllowed(input.password, input);
      const user = await repos.users.create({
        email: input.email.trim(),
        username: input.username.trim(),
        full_name: input.full_name ?? null,
        password_hash: await hasher.hash(input.password),
        role: 'user',
      });
      await audit(ctx, 'auth.register', user.id, { username: user.username, email: user.email });
      return user;
    },

    async login(login, password, ctx) {
      const user = await repos.users.findByEmailOrUsername(login);
      const now = clock();
      if (!user || !user.password_hash) {
        await spendVerification(password);
        await audit(ctx, 'auth.login_failed', user?.id ?? null, { reason: user ? 'no_password' : 'unknown_user', login: login.slice(0, 100) });
        throw new AuthError('invalid_credentials', 'Invalid username or password');
      }
      if (user.locked_until && user.locked_until.getTime() > now.getTime()) {
        await audit(ctx, 'auth.login_failed', user.id, { reason: 'locked' });
        const retryAfterS = Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000);
        throw new ForbiddenError('account_locked', 'The account is locked after too many failed logins; try again later', {
          details: { retry_after_s: retryAfterS },
        });
      }
      if (!(await hasher.verify(user.password_hash, password))) {
        const after = await repos.users.recordFailure(user.id, lockout);
        await audit(ctx, 'auth.login_failed', user.id, { reason: 'wrong_password', failed_attempts: after?.failed_login_attempts });
        // The account was not locked a moment ago (checked above), so a lock now is one this failure started.
        if (after?.locked_until && after.locked_until.getTime() > now.getTime()) {
          await audit(ctx, 'auth.account_locked', user.id, { locked_until: after.locked_until?.toISOString() });
        }
        throw new AuthError('invalid_credentials', 'Invalid username or password');
      }
      if (!user.is_active) {
        await audit(ctx, 'auth.login_failed', user.id, { reason: 'disabled' });
        throw new ForbiddenError('account_disabled', 'The account is disabled');
      }
      await repos.users.recordLogin(user.id);
      const pair = await sessions.start(user);
      await audit(ctx, 'auth.login', user.id);
      return { ...pair, user };
    },

    refresh: (refreshToken, ctx) => sessions.refresh(refreshToken, ctx),

    authenticate: (accessToken) => sessions.authenticate(accessToken),

    async logout(auth, refreshToken, ctx) {
      await sessions.revokeSession(auth.sessionId);
      await sessions.denyAccessToken(auth.tokenId, auth.tokenExpiresAtS);
      if (refreshToken) {
        const other = await sessions.findSessionOfRefreshToken(refreshToken, auth.user.id);
        if (other && other !== auth.sessionId) await sessions.revokeSession(other);
      }
      await audit(ctx, 'auth.logout', auth.user.id);
    },

    async changePassword(auth, currentPassword, newPassword, ctx) {
      const user = auth.user;
      if (!user.password_hash || !(await hasher.verify(user.password_hash, currentPassword))) {
        throw new ValidationError('invalid_password', 'The current password is not correct');
      }
      if (currentPassword === newPassword) {
        throw new ValidationError('password_unchanged', 'The new password must differ from the current one', { status: 422 });
      }
      assertPasswordAllowed(newPassword, user);
      const updated = await repos.users.update(user.id, {
        password_hash: await hasher.hash(newPassword),
        force_password_change: false,
      });
      await sessions.revokeAllSessions(user.id, { exceptSessionId: auth.sessionId });
      await repos.passwordResetTokens.invalidateForUser(user.id, clock());
      await audit(ctx, 'auth.password_changed', user.id);
      return updated ?? user;
    },
  };
}
