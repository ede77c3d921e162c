import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import WebSocket from 'ws';
import type { WsServerMessage } from '@xcr/contracts/api/index';
import { createMemoryPubSub } from '@xcr/adapters/pubsub/memory/index';
import { AuthError } from '@xcr/core/errors';
import { createTaskEvents } from '@xcr/core/events/task-events';
import type { ApiDeps } from '../http/api-deps.ts';
import type { HttpApp } from '../http/types.ts';
import { registerLiveChannel } from './ws-route.ts';

const goodToken = 'good-token-0123456789';
const shortToken = 'short-lived-token-0123';
const pubsub = createMemoryPubSub();
const events = createTaskEvents({ pubsub });

function fakeDeps(): ApiDeps {
  const user = { id: 'u1', role: 'user', username: 'alice', email: 'a@example.test' };
  const projects: Record<string, { id: string; owner_id: string; status: string }> = {
    p1: { id: 'p1', owner_id: 'u1', status: 'active' },
    p2: { id: 'p2', owner_id: 'someone-else', status: 'active' },
  };
  const tasks: Record<string, { id: string; project_id: string }> = {
    t1: { id: 't1', project_id: 'p1' },
    t2: { id: 't2', project_id: 'p2' },
  };
  return {
    runtime: { logger: pino({ level: 'silent' }), pubsub },
    config: { http: { corsOrigins: ['https://app.example'] } },
    repos: {
      tasks: { get: async (id: string) => tasks[id] },
      projects: { get: async (id: string) => projects[id] },
      members: { roleOf: async () => undefined },
    },
    auth: {
      authenticate: async (token: string) => {
        if (token !== goodToken && token !== shortToken)
          throw new AuthError('invalid_token', 'Invalid token');
        const ttlS = token === shortToken ? 1 : 900;
        return { user, sessionId: 's', tokenId: 'j', tokenExpiresAtS: Date.now() / 1000 + ttlS };
      },
    },
  } as unknown as ApiDeps;
}

/** Opens a client; resolves once open, rejects with the HTTP status of a refused handshake. */
function connect(
  url: string,
  options: WebSocket.ClientOptions & { protocols?: string[] } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], options);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Collects messages; `next(type)` waits for the next message of that type. */
function inbox(ws: WebSocket) {
  const messages: WsServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as WsServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  return {
    messages,
    async until(predicate: (all: WsServerMessage[]) => boolean): Promise<void> {
      while (!predicate(messages)) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

describe('live channel route', () => {
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    app = Fastify();
    await app.register(
      async (api) => registerLiveChannel(api as unknown as HttpApp, fakeDeps(), { heartbeatMs: 150 }),
      { prefix: '/api/v1' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/ws`;
  });
  after(() => app.close());

  it('refuses a handshake without a good token or from a foreign origin', async () => {
    await assert.rejects(connect(base), /status 401/);
    await assert.rejects(connect(`${base}?token=wrong-token-0123456789`), /status 401/);
    await assert.rejects(
      connect(`${base}?token=${goodToken}`, { headers: { origin: 'https://evil.example' } }),
      /status 403/,
    );
    const allowed = await connect(`${base}?token=${goodToken}`, {
      headers: { origin: 'https://app.example' },
    });
    allowed.close();
    const sameOrigin = await connect(`${base}?token=${goodToken}`, {
      headers: { origin: base.replace('ws://', 'http://').replace('/api/v1/ws', '') },
    });
    sameOrigin.close();
  });

  it('takes the token from the bearer subprotocol and answers with it', async () => {
    const ws = await connect(base, { protocols: ['bearer', goodToken] });
    assert.equal(ws.protocol, 'bearer');
    ws.close();
  });

  it('relays the events of a visible task in order, with ISO timestamps, and nothing of others', async () => {
    const ws = await connect(`${base}?token=${goodToken}`);
    const box = inbox(ws);
    ws.send(
      JSON.stringify({ type: 'subscribe', data: { task_id: 't1' }, timestamp: new Date().toISOString() }),
    );
    ws.send(JSON.stringify({ type: 'subscribe', data: { task_id: 't2' } }));
    await box.until((all) => all.some((m) => m.type === 'subscribed') && all.some((m) => m.type === 'error'));
    for (let p = 10; p <= 50; p += 10)
      void events.progress({ task_id: 't1', status: 'running', progress: p, current_step: `p${p}` });
    void events.progress({ task_id: 't2', status: 'running', progress: 99, current_step: 'secret' });
    void events.failed({ task_id: 't1', status: 'failed', error: 'boom' });
    ws.send(JSON.stringify({ type: 'ping' }));
    await box.until((all) => all.some((m) => m.type === 'task_failed') && all.some((m) => m.type === 'pong'));
    const progress = box.messages.filter((m) => m.type === 'task_progress');
    assert.deepEqual(
      progress.map((m) => (m.type === 'task_progress' ? [m.data.task_id, m.data.progress] : [])),
      [10, 20, 30, 40, 50].map((p) => ['t1', p]),
    );
    for (const m of box.messages) assert.match(m.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const error = box.messages.find((m) => m.type === 'error');
    assert.deepEqual(error?.data, { code: 'not_found', message: 'Task not found', task_id: 't2' });
    ws.close();
  });

  it('drops a client that stops answering pings', async () => {
    const ws = await connect(`${base}?token=${goodToken}`, { autoPong: false });
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    assert.equal(code, 1006, 'expected an abrupt close (terminate)');
  });

  it('closes the channel when the token expires', async () => {
    const ws = await connect(`${base}?token=${shortToken}`);
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    assert.equal(code, 4401);
  });
});
