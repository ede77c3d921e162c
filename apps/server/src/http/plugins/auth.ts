/**
 * Authentication for `/api/v1` routes: Bearer access tokens only.
 *
 * Protect a route with `preHandler: api.authenticate` (any signed-in user) or `preHandler: api.requireRole('admin')`
 * (which authenticates too), then read `requireUser(request)` ({id, role, username, email}). Every failure is a 401
 * with `WWW-Authenticate: Bearer` and a code (`unauthorized`, `invalid_token`, `token_expired`, `token_revoked`,
 * `account_disabled`); a role the route does not allow is a 403 `forbidden`. A user who must change the password
 * gets 403 `password_change_required` everywhere except routes with `config: { isAllowedBeforePasswordChange: true }`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '@xcr/core/auth/auth-service';
import type { ActionContext, AuthenticatedUser } from '@xcr/core/auth/types';
import { AppError, AuthError, ForbiddenError } from '@xcr/core/errors';
import type { UserRole } from '@xcr/core/ports/repositories';
import type { AccessTokenClaims } from '@xcr/core/ports/token-signer';
import type { HttpApp } from '../types.ts';

/** The user of an authenticated request. */
export interface RequestUser {
  id: string;
  role: UserRole;
  username: string;
  email: string;
}

/** A preHandler hook. */
export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** What the Authorization header held, checked once per request (signature and times only). */
type BearerState = { claims: AccessTokenClaims } | { error: unknown };

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: the request must carry a valid access token of an active user. */
    authenticate: AuthHook;
    /** preHandler: authenticates, then requires one of `roles` (403 `forbidden` otherwise). */
    requireRole(...roles: UserRole[]): AuthHook;
  }
  interface FastifyRequest {
    /** The authenticated user; null until `authenticate` ran. Prefer `requireUser(request)`. */
    user: RequestUser | null;
    /** The session behind `user` (for logout and password changes). */
    authSession: AuthenticatedUser | null;
    /** Set by the onRequest hook when an Authorization header is present. */
    bearer: BearerState | null;
  }
  interface FastifyContextConfig {
    /** Reachable while the user still has to change the password (me, change-password, logout). */
    isAllowedBeforePasswordChange?: boolean;
  }
}

const realm = 'Bearer realm="xcodereviewer"';

/** The authenticated user of a request whose route ran `authenticate`; 401 otherwise. */
export function requireUser(request: FastifyRequest): RequestUser {
  if (!request.user) throw new AuthError('unauthorized', 'Authentication required');
  return request.user;
}

/** The authenticated session of a request whose route ran `authenticate`; 401 otherwise. */
export function requireSession(request: FastifyRequest): AuthenticatedUser {
  if (!request.authSession) throw new AuthError('unauthorized', 'Authentication required');
  return request.authSession;
}

/** Who acts and from where, for audit entries. */
export function actionContext(request: FastifyRequest): ActionContext {
  return { actorId: request.user?.id ?? null, ip: request.ip };
}

/** The user id of a request whose token verified, before (or without) `authenticate`: rate limits key on it. */
export function verifiedUserId(request: FastifyRequest): string | undefined {
  const bearer = request.bearer;
  return bearer && 'claims' in bearer ? bearer.claims.sub : undefined;
}

/** Registers the hook that reads the Bearer token, and the `authenticate` and `requireRole` decorators. */
export function registerAuthPlugin(api: HttpApp, deps: { auth: AuthService }): void {
  const sessions = deps.auth.sessions;
  api.decorateRequest('user', null);
  api.decorateRequest('authSession', null);
  api.decorateRequest('bearer', null);

  api.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header);
    if (!match?.[1]) {
      request.bearer = { error: new AuthError('unauthorized', 'Only a Bearer access token is accepted') };
      return;
    }
    try {
      request.bearer = { claims: await sessions.verifyAccessToken(match[1]) };
    } catch (error) {
      request.bearer = { error };
    }
  });

  // RFC 7235: every 401 names the scheme, including the ones routes answer (wrong password at login).
  api.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) reply.header('WWW-Authenticate', realm);
    return payload;
  });

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.user) return;
    const bearer = request.bearer;
    if (!bearer) {
      reply.header('WWW-Authenticate', realm);
      throw new AuthError('unauthorized', 'Authentication required');
    }
    let session: AuthenticatedUser;
    try {
      if ('error' in bearer) throw bearer.error;
      session = await sessions.resolve(bearer.claims);
    } catch (error) {
      if (error instanceof AppError && error.status === 401) {
        const description = error.message.replace(/"/g, "'");
        reply.header('WWW-Authenticate', error.code === 'unauthorized' ? realm : `${realm}, error="invalid_token", error_description="${description}"`);
      }
      throw error;
    }
    const { user } = session;
    request.authSession = session;
    request.user = { id: user.id, role: user.role, username: user.username, email: user.email };
    if (user.force_password_change && !request.routeOptions.config.isAllowedBeforePasswordChange) {
      throw new ForbiddenError('password_change_required', 'Change your password before using the API (POST /api/v1/auth/change-password)');
    }
  }

  api.decorate('authenticate', authenticate);
  api.decorate('requireRole', (...roles: UserRole[]): AuthHook => {
    return async (request, reply) => {
      await authenticate(request, reply);
      const user = requireUser(request);
      if (!roles.includes(user.role)) throw new ForbiddenError('forbidden', `This action needs the role ${roles.join(' or ')}`);
    };
  });
}
