/**
 * Password reset: a one-time token valid for an hour, delivered by mail. The request always looks the same to the
 * caller, whether the email belongs to an account or not, so the endpoint cannot be used to find accounts.
 */
import { ValidationError } from '../errors.ts';
import { generateOpaqueToken, hashOpaqueToken } from './opaque-token.ts';
import { assertPasswordAllowed } from './password-rules.ts';
import type { SessionManager } from './sessions.ts';
import { authDefaults, type ActionContext, type AuthDeps, type AuthOptions } from './types.ts';

/** The two steps of a password reset. */
export interface PasswordResetFlow {
  /** Sends a reset link when `email` belongs to an active account; answers the same either way. */
  requestPasswordReset(email: string, ctx: ActionContext): Promise<void>;
  /**
   * Sets a new password with a reset token: 400 `invalid_reset_token` when the token is unknown, used or expired;
   * 422 `weak_password`. Unlocks the account, clears a pending forced change and revokes every session.
   */
  confirmPasswordReset(token: string, newPassword: string, ctx: ActionContext): Promise<void>;
}

/** Creates the reset flow. */
export function createPasswordResetFlow(deps: AuthDeps, options: AuthOptions, sessions: SessionManager): PasswordResetFlow {
  const { repos, hasher, clock, mailer } = deps;
  const ttlS = options.resetTokenTtlS ?? authDefaults.resetTokenTtlS;
  const invalid = () => new ValidationError('invalid_reset_token', 'The reset link is invalid or has expired');

  function resetLink(token: string): string {
    if (!options.publicUrl) return `Reset token: ${token}`;
    const url = new URL('reset-password', options.publicUrl.endsWith('/') ? options.publicUrl : `${options.publicUrl}/`);
    url.searchParams.set('token', token);
    return url.toString();
  }

  return {
    async requestPasswordReset(email, ctx) {
      const needle = email.trim().toLowerCase();
      const user = await repos.users.findByEmailOrUsername(needle);
      if (!user || user.email.toLowerCase() !== needle || !user.is_active) return;
      const now = clock();
      await repos.passwordResetTokens.invalidateForUser(user.id, now);
      const token = generateOpaqueToken();
      await repos.passwordResetTokens.create({
        user_id: user.id,
        token_hash: hashOpaqueToken(token),
        expires_at: new Date(now.getTime() + ttlS * 1000),
      });
      await repos.auditLog.append({ actor_id: user.id, action: 'auth.password_reset_requested', resource_type: 'user', resource_id: user.id, ip: ctx.ip });
      const minutes = Math.round(ttlS / 60);
      try {
        await mailer.send({
          kind: 'password_reset',
          to: user.email,
          subject: 'Reset your XCodeReviewer password',
          text: `Someone asked to reset the password of ${user.username}. If it was you, open this within ${minutes} minutes:\n\n${resetLink(token)}\n\nIf not, ignore this message.`,
        });
      } catch (error) {
        // The caller must not learn whether the account exists, so a failed delivery is reported, not returned.
        deps.onBackgroundError?.(error, { operation: 'password_reset_mail' });
      }
    },

    async confirmPasswordReset(token, newPassword, ctx) {
      const record = await repos.passwordResetTokens.findByHash(hashOpaqueToken(token));
      const now = clock();
      if (!record || record.used_at || record.expires_at.getTime() <= now.getTime()) throw invalid();
      const user = await repos.users.findById(record.user_id);
      if (!user || !user.is_active) throw invalid();
      assertPasswordAllowed(newPassword, user);
      if (!(await repos.passwordResetTokens.markUsed(record.id, now))) throw invalid();
      await repos.users.update(user.id, {
        password_hash: await hasher.hash(newPassword),
        force_password_change: false,
        failed_login_attempts: 0,
        locked_until: null,
      });
      await sessions.revokeAllSessions(user.id);
      await repos.passwordResetTokens.invalidateForUser(user.id, now);
      await repos.auditLog.append({ actor_id: user.id, action: 'auth.password_reset', resource_type: 'user', resource_id: user.id, ip: ctx.ip });
    },
  };
}
