/** Bodies of `/api/v1/auth/*`. */
import { z } from 'zod';

/** A username: 3-50 characters of letters, digits, `_` and `-`. */
export const Username = z.string().trim().min(3).max(50).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export type Username = z.infer<typeof Username>;

/** An email address. */
export const Email = z.string().trim().max(255).pipe(z.email());
export type Email = z.infer<typeof Email>;

/**
 * A password as the API receives it. The password policy (length, common passwords, identity) is checked by the
 * server and refused with 422 `weak_password`; this only bounds the size.
 */
export const PasswordInput = z.string().min(1).max(1024);
export type PasswordInput = z.infer<typeof PasswordInput>;

/** `POST /auth/register`. */
export const RegisterBody = z.object({
  email: Email,
  username: Username,
  password: PasswordInput,
  full_name: z.string().trim().max(100).nullish(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

/**
 * `POST /auth/login`, as JSON or as an OAuth2 password form (`application/x-www-form-urlencoded`). `username`
 * may hold a username or an email; `email` is accepted as an alias.
 */
export const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(255).optional(),
    email: z.string().trim().min(1).max(255).optional(),
    password: PasswordInput,
  })
  .refine((b) => b.username !== undefined || b.email !== undefined, { message: 'username (or email) is required', path: ['username'] });
export type LoginBody = z.infer<typeof LoginBody>;

/** What login and refresh return. `expires_in` is the access token's lifetime in seconds. */
export const TokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** `POST /auth/refresh`. */
export const RefreshBody = z.object({ refresh_token: z.string().min(1).max(512) });
export type RefreshBody = z.infer<typeof RefreshBody>;

/** `POST /auth/logout`: the access token's session is revoked; a refresh token given here is revoked too. */
export const LogoutBody = z.object({ refresh_token: z.string().min(1).max(512).optional() });
export type LogoutBody = z.infer<typeof LogoutBody>;

/** `POST /auth/password-reset/request`. */
export const PasswordResetRequestBody = z.object({ email: z.string().trim().min(3).max(255) });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;

/** `POST /auth/password-reset/confirm`. */
export const PasswordResetConfirmBody = z.object({ token: z.string().min(1).max(512), new_password: PasswordInput });
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

/** `POST /auth/change-password`. */
export const ChangePasswordBody = z.object({ current_password: PasswordInput, new_password: PasswordInput });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
