/**
 * User administration (admin only at the API): list, read, create, change role or active state, set a password,
 * unlock, delete. Role changes, deactivation and deletion are audit-logged; the last active admin cannot be
 * demoted, deactivated or deleted, so an installation never locks itself out.
 */
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Page, UserListQuery, UserRecord, UserRole } from '../ports/repositories.ts';
import { assertPasswordAllowed } from './password-rules.ts';
import type { SessionManager } from './sessions.ts';
import type { ActionContext, AuthDeps } from './types.ts';

/** Input of `createUser`. */
export interface CreateUserInput {
  email: string;
  username: string;
  password: string;
  full_name?: string | null;
  role?: UserRole;
  /** Defaults to true: an account an admin created starts with a password its owner did not choose. */
  force_password_change?: boolean;
}

/** Fields an admin may change. */
export interface UpdateUserInput {
  role?: UserRole;
  is_active?: boolean;
  full_name?: string | null;
  force_password_change?: boolean;
}

/** The admin use cases on accounts. */
export interface UserAdmin {
  list(query: UserListQuery): Promise<Page<UserRecord>>;
  /** 404 when missing. */
  get(id: string): Promise<UserRecord>;
  create(input: CreateUserInput, ctx: ActionContext): Promise<UserRecord>;
  /** 409 `last_admin` when it would leave no active admin. Deactivation revokes the user's sessions. */
  update(id: string, input: UpdateUserInput, ctx: ActionContext): Promise<UserRecord>;
  /** Sets a password (policy applies), unlocks, revokes the user's sessions; forces a change at next login by default. */
  setPassword(id: string, password: string, options: { forcePasswordChange?: boolean }, ctx: ActionContext): Promise<UserRecord>;
  /** Clears the failed-login counter and any lock. */
  unlock(id: string, ctx: ActionContext): Promise<UserRecord>;
  /** 409 `cannot_delete_self`, `last_admin`, or `in_use` (the user owns projects: deactivate instead). */
  delete(id: string, ctx: ActionContext): Promise<void>;
}

/** Creates the admin use cases. */
export function createUserAdmin(deps: AuthDeps, sessions: SessionManager): UserAdmin {
  const { repos, hasher, clock } = deps;

  async function get(id: string): Promise<UserRecord> {
    const user = await repos.users.findById(id);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  async function assertNotLastAdmin(user: UserRecord): Promise<void> {
    if (user.role !== 'admin' || !user.is_active) return;
    const admins = await repos.users.list({ role: 'admin', is_active: true, page_size: 2 });
    if (admins.total <= 1) throw new ConflictError('last_admin', 'This is the last active admin; promote another user first');
  }

  async function audit(ctx: ActionContext, action: string, userId: string, details: Record<string, unknown> = {}): Promise<void> {
    await repos.auditLog.append({ actor_id: ctx.actorId, action, resource_type: 'user', resource_id: userId, details, ip: ctx.ip });
  }

  return {
    list: (query) => repos.users.list(query),
    get,

    async create(input, ctx) {
      assertPasswordAllowed(input.password, input);
      const user = await repos.users.create({
        email: input.email.trim(),
        username: input.username.trim(),
        full_name: input.full_name ?? null,
        password_hash: await hasher.hash(input.password),
        role: input.role ?? 'user',
        force_password_change: input.force_password_change ?? true,
      });
      await audit(ctx, 'user.created', user.id, { username: user.username, email: user.email, role: user.role });
      return user;
    },

    async update(id, input, ctx) {
      const before = await get(id);
      const isDemoted = input.role !== undefined && input.role !== 'admin';
      if (isDemoted || input.is_active === false) await assertNotLastAdmin(before);
      const after = await repos.users.update(id, input);
      if (!after) throw new NotFoundError('User');
      if (before.role !== after.role) await audit(ctx, 'user.role_changed', id, { from: before.role, to: after.role });
      if (before.is_active !== after.is_active) {
        await audit(ctx, after.is_active ? 'user.activated' : 'user.deactivated', id);
        if (!after.is_active) await sessions.revokeAllSessions(id);
      }
      const otherFields = (['full_name', 'force_password_change'] as const).filter((f) => input[f] !== undefined && before[f] !== after[f]);
      if (otherFields.length > 0) await audit(ctx, 'user.updated', id, { fields: otherFields });
      return after;
    },

    async setPassword(id, password, options, ctx) {
      const user = await get(id);
      assertPasswordAllowed(password, user);
      const updated = await repos.users.update(id, {
        password_hash: await hasher.hash(password),
        force_password_change: options.forcePasswordChange ?? true,
        failed_login_attempts: 0,
        locked_until: null,
      });
      await sessions.revokeAllSessions(id);
      await repos.passwordResetTokens.invalidateForUser(id, clock());
      await audit(ctx, 'user.password_set', id, { force_password_change: updated?.force_password_change });
      return updated ?? user;
    },

    async unlock(id, ctx) {
      await get(id);
      const updated = await repos.users.update(id, { failed_login_attempts: 0, locked_until: null });
      if (!updated) throw new NotFoundError('User');
      await audit(ctx, 'user.unlocked', id);
      return updated;
    },

    async delete(id, ctx) {
      const user = await get(id);
      if (user.id === ctx.actorId) throw new ConflictError('cannot_delete_self', 'You cannot delete your own account');
      await assertNotLastAdmin(user);
      await sessions.revokeAllSessions(id);
      if (!(await repos.users.delete(id))) throw new NotFoundError('User');
      await audit(ctx, 'user.deleted', id, { username: user.username, email: user.email, role: user.role });
    },
  };
}
