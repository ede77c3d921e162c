/**
 * `GET /api/v1/ws`: the live channel. The handshake must carry an access token (`?token=` or
 * `Sec-WebSocket-Protocol: bearer, <token>`) and, from browsers, an allowed Origin; otherwise it is answered with
 * HTTP 401 or 403 and never upgraded. Once open, a client subscribes to tasks it may see and receives their events,
 * which arrive over the pub/sub port from whichever process runs the task. The connection closes when the token
 * expires (code 4401: reconnect with a fresh one), when the client stops answering pings, or when it reads too
 * slowly (4408).
 */
import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { WebSocket } from 'ws';
import { wsCloseCodes } from '@xcr/contracts/api/index';
import { ValidationError } from '@xcr/core/errors';
import { createTaskEvents, type TaskEventSubscriber } from '@xcr/core/events/task-events';
import type { AuthenticatedUser } from '@xcr/core/auth/types';
import { requireTaskAccess } from '../http/access.ts';
import type { ApiDeps } from '../http/api-deps.ts';
import type { RequestUser } from '../http/plugins/auth.ts';
import type { HttpApp } from '../http/types.ts';
import {
  createConnection,
  defaultConnectionLimits,
  type ConnectionLimits,
  type LiveConnection,
} from './ws-connection.ts';
import { checkOrigin, requireHandshakeToken, selectProtocol } from './ws-handshake.ts';

/** Options of the live channel (tests shorten the heartbeat and the buffer bounds). */
export interface LiveChannelOptions {
  /** Ping interval; a client that has not answered by the next one is dropped. */
  heartbeatMs?: number;
  limits?: ConnectionLimits;
  /** Where events come from; default the runtime's pub/sub. */
  events?: TaskEventSubscriber;
  /** Where `xcr_ws_connections` (open connections of this process) is exposed; none when absent. */
  registry?: Registry;
}

/** The largest message a client may send (subscribe and ping are tiny). */
const maxClientPayloadBytes = 16 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The session a WebSocket handshake authenticated. */
    liveSession?: AuthenticatedUser;
  }
}

/** Registers the live channel; see the module comment. */
export async function registerLiveChannel(
  api: HttpApp,
  deps: ApiDeps,
  options: LiveChannelOptions = {},
): Promise<void> {
  const { repos, runtime } = deps;
  const log = runtime.logger.child({ component: 'ws' });
  const events = options.events ?? createTaskEvents({ pubsub: runtime.pubsub });
  const heartbeatMs = options.heartbeatMs ?? 30_000;

  await api.register(async (scope) => {
    await scope.register(websocket, {
      options: {
        maxPayload: maxClientPayloadBytes,
        handleProtocols: (protocols) => selectProtocol(protocols),
      },
      preClose(done) {
        // Going away: clients reconnect to another replica.
        for (const client of scope.websocketServer.clients) client.close(1001, 'server shutting down');
        done();
      },
    });

    if (options.registry) {
      const server = scope.websocketServer;
      new Gauge({
        name: 'xcr_ws_connections',
        help: 'Open WebSocket connections',
        registers: [options.registry],
        collect() {
          this.set(server.clients.size);
        },
      });
    }

    const connections = new WeakMap<WebSocket, LiveConnection>();
    // A client that answered neither the last ping nor sent anything since is gone (its 'close' cleans up).
    const heartbeat = setInterval(() => {
      for (const client of scope.websocketServer.clients) {
        const connection = connections.get(client);
        if (!connection) continue;
        if (!connection.isAlive) {
          client.terminate();
          continue;
        }
        connection.isAlive = false;
        client.ping();
      }
    }, heartbeatMs);
    heartbeat.unref();
    scope.addHook('onClose', async () => clearInterval(heartbeat));

    // `handler` and `wsHandler` rather than `websocket: true`, which @fastify/websocket hides from the API document
    // and answers a plain GET to with an empty 404.
    scope.route({
      method: 'GET',
      url: '/ws',
      schema: {
        tags: ['live'],
        summary: 'Live task events (WebSocket upgrade)',
        description:
          'Upgrade with the access token as `?token=` or in `Sec-WebSocket-Protocol: bearer, <token>`; without one the handshake is answered 401, from a browser origin not allowed 403. Then subscribe to visible tasks and receive their events; the channel closes with 4401 when the token expires.',
        security: [{ bearerAuth: [] }],
      },
      preValidation: async (request: FastifyRequest) => {
        checkOrigin(request, deps.config.http.corsOrigins);
        request.liveSession = await deps.auth.authenticate(requireHandshakeToken(request));
      },
      handler: async () => {
        throw new ValidationError('upgrade_required', 'Connect with a WebSocket upgrade request', {
          status: 426,
        });
      },
      wsHandler: (socket, request) => {
        const session = request.liveSession;
        if (!session) {
          socket.close(wsCloseCodes.unauthorized, 'unauthorized');
          return;
        }
        const user: RequestUser = {
          id: session.user.id,
          role: session.user.role,
          username: session.user.username,
          email: session.user.email,
        };
        const connection = createConnection({
          socket,
          events,
          limits: options.limits ?? defaultConnectionLimits,
          authorise: async (taskId) => {
            await requireTaskAccess(repos, user, taskId, 'read');
          },
          onWarning: (message, data) => log.warn({ user_id: user.id, ...data }, message),
        });
        connections.set(socket, connection);
        // Access tokens are short-lived: the channel ends with the token, and the client reconnects with a new one.
        const expiresInMs = session.tokenExpiresAtS * 1000 - Date.now();
        const expiry = setTimeout(
          () => socket.close(wsCloseCodes.unauthorized, 'token expired'),
          Math.max(0, expiresInMs),
        );
        expiry.unref();
        socket.on('pong', () => {
          connection.isAlive = true;
        });
        socket.on('message', (data, isBinary) => {
          if (isBinary)
            return connection.send({
              type: 'error',
              data: { code: 'invalid_message', message: 'Send text frames' },
              timestamp: new Date().toISOString(),
            });
          connection
            .handleText(data.toString())
            .catch((err: unknown) => log.warn({ err }, 'websocket message failed'));
        });
        socket.on('close', () => {
          clearTimeout(expiry);
          void connection.close();
        });
      },
    });
  });
}
