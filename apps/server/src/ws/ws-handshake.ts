/**
 * What the WebSocket handshake must show before the connection is upgraded: an allowed Origin and an access token.
 * Both are checked on the HTTP upgrade request, so a refused client gets a plain HTTP 401 or 403.
 */
import type { FastifyRequest } from 'fastify';
import { AuthError, ForbiddenError } from '@xcr/core/errors';

/** The subprotocol a client names to send its token in `Sec-WebSocket-Protocol: bearer, <token>`. */
export const bearerProtocol = 'bearer';

const tokenPattern = /^[A-Za-z0-9._~+/=-]{10,4096}$/;

/** The access token of an upgrade request: `?token=` first, else the value after `bearer` in the subprotocol list. */
export function handshakeToken(request: Pick<FastifyRequest, 'query' | 'headers'>): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = typeof query?.token === 'string' ? query.token : undefined;
  if (fromQuery) return tokenPattern.test(fromQuery) ? fromQuery : undefined;
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  const protocols = header.split(',').map((p) => p.trim());
  const at = protocols.findIndex((p) => p.toLowerCase() === bearerProtocol);
  const token = at >= 0 ? protocols[at + 1] : undefined;
  return token && tokenPattern.test(token) ? token : undefined;
}

/** The subprotocol the server answers with: `bearer` when the client offered it (browsers insist on an answer). */
export function selectProtocol(protocols: ReadonlySet<string>): string | false {
  for (const p of protocols) if (p.toLowerCase() === bearerProtocol) return p;
  return false;
}

/** The origin this server is reached at, as a browser on the same origin would send it. */
function ownOrigin(request: Pick<FastifyRequest, 'headers' | 'protocol'>): string | undefined {
  const host = request.headers.host;
  return host ? `${request.protocol}://${host}`.toLowerCase() : undefined;
}

/**
 * Browsers always send Origin on a WebSocket handshake; it must be this server's own origin or one of the CORS
 * origins. Clients that are not browsers send none and are let through (they cannot be used for cross-site
 * hijacking: the token is what they prove).
 */
export function checkOrigin(
  request: Pick<FastifyRequest, 'headers' | 'protocol'>,
  allowed: readonly string[],
): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const normalised = origin.toLowerCase().replace(/\/+$/, '');
  if (normalised === ownOrigin(request)) return;
  if (allowed.some((a) => a.toLowerCase().replace(/\/+$/, '') === normalised)) return;
  throw new ForbiddenError('origin_not_allowed', 'This origin may not open the live channel');
}

/** The token or a 401 `unauthorized`. */
export function requireHandshakeToken(request: Pick<FastifyRequest, 'query' | 'headers'>): string {
  const token = handshakeToken(request);
  if (!token)
    throw new AuthError(
      'unauthorized',
      'Send the access token as ?token= or in Sec-WebSocket-Protocol: bearer, <token>',
    );
  return token;
}
