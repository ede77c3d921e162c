import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import type { TaskEvent, WsServerMessage } from '@xcr/contracts/api/index';
import { NotFoundError } from '@xcr/core/errors';
import type { TaskEventSubscriber } from '@xcr/core/events/task-events';
import { createConnection } from './ws-connection.ts';

/** A socket whose send buffer the test fills and drains by hand. */
function fakeSocket() {
  const sent: WsServerMessage[] = [];
  const state = { bufferedAmount: 0, closedWith: undefined as number | undefined, isTerminated: false };
  const socket = {
    OPEN: 1,
    readyState: 1,
    get bufferedAmount() {
      return state.bufferedAmount;
    },
    send(text: string, cb?: (err?: Error) => void) {
      sent.push(JSON.parse(text) as WsServerMessage);
      cb?.();
    },
    close(code: number) {
      state.closedWith = code;
    },
    terminate() {
      state.isTerminated = true;
    },
  };
  return { socket: socket as unknown as WebSocket, sent, state };
}

/** Events the test pushes by hand. */
function manualEvents() {
  const handlers = new Map<string, (e: TaskEvent) => void>();
  const events: TaskEventSubscriber = {
    async subscribe(taskId, handler) {
      handlers.set(taskId, handler);
      return async () => {
        handlers.delete(taskId);
      };
    },
  };
  return { events, emit: (taskId: string, e: TaskEvent) => handlers.get(taskId)?.(e), handlers };
}

const progress = (taskId: string, p: number): TaskEvent => ({
  type: 'task_progress',
  data: { task_id: taskId, status: 'running', progress: p, current_step: `step ${p}` },
  timestamp: new Date().toISOString(),
});
const finding = (taskId: string, n: number): TaskEvent => ({
  type: 'finding',
  data: {
    task_id: taskId,
    finding: {
      fingerprint: `fp${n}`,
      file_path: 'a.ts',
      line_start: n,
      line_end: n,
      title: `t${n}`,
      severity: 'high',
      category: 'bug',
      cwe: [],
      rule_id: null,
      analyzer: 'rules',
      confidence: 1,
    },
  },
  timestamp: new Date().toISOString(),
});

const limits = { softLimitBytes: 1000, hardLimitBytes: 5000, maxSubscriptions: 2, drainCheckMs: 10 };

describe('live connection', () => {
  it('subscribes only to tasks the user may see, and acknowledges', async () => {
    const { socket, sent } = fakeSocket();
    const { events, handlers } = manualEvents();
    const connection = createConnection({
      socket,
      events,
      limits,
      authorise: async (id) => {
        if (id !== 'mine') throw new NotFoundError('Task');
      },
    });
    await connection.handleText(JSON.stringify({ type: 'subscribe', data: { task_id: 'mine' } }));
    await connection.handleText(JSON.stringify({ type: 'subscribe', task_id: 'theirs' }));
    await connection.handleText('ping');
    await connection.handleText('{not json');
    assert.deepEqual(
      sent.map((m) => [
        m.type,
        (m.data as { code?: string; task_id?: string }).code ??
          (m.data as { task_id?: string }).task_id ??
          null,
      ]),
      [
        ['subscribed', 'mine'],
        ['error', 'not_found'],
        ['pong', null],
        ['error', 'invalid_message'],
      ],
    );
    assert.deepEqual([...handlers.keys()], ['mine']);
    await connection.handleText(JSON.stringify({ type: 'unsubscribe', data: { task_id: 'mine' } }));
    assert.equal(handlers.size, 0);
  });

  it('coalesces progress while the client is slow, keeping order per task, then catches up', async () => {
    const { socket, sent, state } = fakeSocket();
    const { events, emit } = manualEvents();
    const connection = createConnection({ socket, events, limits, authorise: async () => undefined });
    await connection.handleText(JSON.stringify({ type: 'subscribe', data: { task_id: 'a' } }));
    sent.length = 0;
    state.bufferedAmount = 2000;
    for (let p = 1; p <= 5; p += 1) emit('a', progress('a', p * 10));
    assert.equal(sent.length, 0, 'progress went out although the client is slow');
    // A finding flushes the held progress of its task first.
    emit('a', finding('a', 1));
    for (let p = 6; p <= 8; p += 1) emit('a', progress('a', p * 10));
    assert.deepEqual(
      sent.map((m) => (m.type === 'task_progress' ? m.data.progress : m.type)),
      [50, 'finding'],
    );
    state.bufferedAmount = 0;
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(
      sent.map((m) => (m.type === 'task_progress' ? m.data.progress : m.type)),
      [50, 'finding', 80],
    );
    await connection.close();
  });

  it('cuts off a client whose buffer passes the hard limit', async () => {
    const { socket, sent, state } = fakeSocket();
    const { events, emit, handlers } = manualEvents();
    const connection = createConnection({ socket, events, limits, authorise: async () => undefined });
    await connection.handleText(JSON.stringify({ type: 'subscribe', data: { task_id: 'a' } }));
    sent.length = 0;
    state.bufferedAmount = 6000;
    emit('a', finding('a', 1));
    assert.equal(state.closedWith, 4408);
    assert.equal(sent.length, 0);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(handlers.size, 0, 'subscriptions kept after cut-off');
  });

  it('limits subscriptions per connection', async () => {
    const { socket, sent } = fakeSocket();
    const { events } = manualEvents();
    const connection = createConnection({ socket, events, limits, authorise: async () => undefined });
    for (const id of ['a', 'b', 'c'])
      await connection.handleText(JSON.stringify({ type: 'subscribe', data: { task_id: id } }));
    assert.equal(sent.at(-1)?.type, 'error');
    assert.deepEqual(connection.subscriptions(), ['a', 'b']);
  });
});
