/** Users as the API shows them, and the bodies of `/api/v1/users/*` (admin). */
import { z } from 'zod';
import { Email, PasswordInput, Username } from './auth.ts';
import { PageQuery, QueryBoolean, Timestamp } from './common.ts';

/** A user's role: `admin` manages the installation, `user` audits, `viewer` reads. */
export const UserRole = z.enum(['admin', 'user', 'viewer']);
export type UserRole = z.infer<typeof UserRole>;

/** A user, without credentials. `locked_until` is set while failed logins lock the account. */
export const UserResponse = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  full_name: z.string().nullable(),
  avatar_url: z.string().nullable(),
  role: UserRole,
  is_active: z.boolean(),
  force_password_change: z.boolean(),
  last_login_at: Timestamp.nullable(),
  locked_until: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type UserResponse = z.infer<typeof UserResponse>;

/** `POST /users`: an admin creates an account; its owner must change the password at first login by default. */
export const CreateUserBody = z.object({
  email: Email,
  username: Username,
  password: PasswordInput,
  full_name: z.string().trim().max(100).nullish(),
  role: UserRole.default('user'),
  force_password_change: z.boolean().default(true),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/** `PATCH /users/{id}`: role, active state, name, forced password change. Unknown fields are refused. */
export const UpdateUserBody = z
  .object({
    role: UserRole.optional(),
    is_active: z.boolean().optional(),
    full_name: z.string().trim().max(100).nullable().optional(),
    force_password_change: z.boolean().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

/** `PUT /users/{id}/password`: an admin sets a password (and by default forces a change at next login). */
export const SetPasswordBody = z.object({ password: PasswordInput, force_password_change: z.boolean().default(true) });
export type SetPasswordBody = z.infer<typeof SetPasswordBody>;

/** `GET /users` filters. */
export const UserListQuery = PageQuery.extend({
  role: UserRole.optional(),
  is_active: QueryBoolean.optional(),
  search: z.string().trim().min(1).max(100).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;
