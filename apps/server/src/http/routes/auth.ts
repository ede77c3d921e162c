import {
  ChangePasswordBody,
  errorResponses,
  LoginBody,
  LogoutBody,
  MessageResponse,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  RefreshBody,
  RegisterBody,
  TokenResponse,
  UserResponse,
} from '@xcr/contracts/api/index';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.ts';
import { actionContext, requireSession } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { toUserResponse } from './users.ts';

const errors = errorResponses(400, 401, 403, 409, 422, 429);
const tags = ['auth'];
const security = [{ bearerAuth: [] }];

/**
 * `/auth/*`: register, login (JSON or OAuth2 password form; username or email), refresh (rotation), logout
 * (revocation), password reset (request, confirm), change password, me.
 */
export async function registerAuthRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { auth } = deps;
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    // OAuth2 clients send the password grant as a form; only these routes accept one.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.post(
      '/auth/register',
      {
        config: { isAuthAttempt: true },
        schema: { tags, summary: 'Create an account (open, or admins only, per XCR_REGISTRATION)', body: RegisterBody, response: { 201: UserResponse, ...errors } },
      },
      async (request, reply) => {
        // With admin-only registration an admin registers others while signed in; anyone else is refused.
        if (request.bearer) await scope.authenticate(request, reply);
        const user = await auth.register(request.body, { ...actionContext(request), actorRole: request.user?.role });
        return reply.status(201).send(toUserResponse(user));
      },
    );

    scope.post(
      '/auth/login',
      {
        config: { isAuthAttempt: true },
        schema: { tags, summary: 'Log in with username or email', body: LoginBody, response: { 200: TokenResponse, ...errors } },
      },
      async (request) => {
        const { username, email, password } = request.body;
        const { user: _user, ...pair } = await auth.login((username ?? email)!, password, actionContext(request));
        return pair;
      },
    );

    scope.post(
      '/auth/refresh',
      { schema: { tags, summary: 'Exchange a refresh token for a new pair (the old one stops working)', body: RefreshBody, response: { 200: TokenResponse, ...errors } } },
      async (request) => auth.refresh(request.body.refresh_token, actionContext(request)),
    );

    scope.post(
      '/auth/logout',
      {
        preHandler: scope.authenticate,
        config: { isAllowedBeforePasswordChange: true },
        schema: { tags, security, summary: 'Revoke this session (and the given refresh token)', body: LogoutBody.nullish(), response: { 204: z.null(), ...errors } },
      },
      async (request, reply) => {
        await auth.logout(requireSession(request), request.body?.refresh_token, actionContext(request));
        return reply.status(204).send(null);
      },
    );

    scope.post(
      '/auth/password-reset/request',
      {
        config: { isAuthAttempt: true },
        schema: { tags, summary: 'Mail a one-time reset link (same answer whether or not the account exists)', body: PasswordResetRequestBody, response: { 200: MessageResponse, ...errors } },
      },
      async (request) => {
        await auth.requestPasswordReset(request.body.email, actionContext(request));
        return { message: 'If the address belongs to an account, a reset link is on its way' };
      },
    );

    scope.post(
      '/auth/password-reset/confirm',
      {
        config: { isAuthAttempt: true },
        schema: { tags, summary: 'Set a new password with a reset token', body: PasswordResetConfirmBody, response: { 200: MessageResponse, ...errors } },
      },
      async (request) => {
        await auth.confirmPasswordReset(request.body.token, request.body.new_password, actionContext(request));
        return { message: 'Password changed; log in with the new password' };
      },
    );

    scope.post(
      '/auth/change-password',
      {
        preHandler: scope.authenticate,
        config: { isAllowedBeforePasswordChange: true },
        schema: { tags, security, summary: 'Change your password (other sessions are revoked)', body: ChangePasswordBody, response: { 200: UserResponse, ...errors } },
      },
      async (request) => {
        const { current_password, new_password } = request.body;
        return toUserResponse(await auth.changePassword(requireSession(request), current_password, new_password, actionContext(request)));
      },
    );

    scope.get(
      '/auth/me',
      {
        preHandler: scope.authenticate,
        config: { isAllowedBeforePasswordChange: true },
        schema: { tags, security, summary: 'The signed-in user', response: { 200: UserResponse, ...errors } },
      },
      async (request) => toUserResponse(requireSession(request).user),
    );
  });
}
