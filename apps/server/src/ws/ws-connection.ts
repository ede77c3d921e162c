/**
 * One client of the live channel: its subscriptions, what it sends, and a bounded outgoing buffer.
 *
 * A slow reader never holds anyone back: `ws` queues each socket's frames on its own, and this module bounds that
 * queue. Above `softLimitBytes` progress events are coalesced (only the latest per task waits, sent once the
 * buffer drains); above `hardLimitBytes` the client is cut off (close code 4408) and reconnects. Findings and
 * outcomes are never dropped silently: they either go out in order or the connection ends.
 */
import type { WebSocket } from 'ws';
import {
  WsClientMessage,
  wsCloseCodes,
  type TaskEvent,
  type WsServerMessage,
} from '@xcr/contracts/api/index';
import { AppError } from '@xcr/core/errors';
import type { TaskEventSubscriber } from '@xcr/core/events/task-events';

/** Limits of one connection. */
export interface ConnectionLimits {
  softLimitBytes: number;
  hardLimitBytes: number;
  /** Most tasks one connection may follow at once. */
  maxSubscriptions: number;
  /** How often coalesced progress is retried while the buffer is above the soft limit. */
  drainCheckMs: number;
}

/** Defaults: 256 KiB before coalescing, 4 MiB before cutting off, 100 tasks. */
export const defaultConnectionLimits: ConnectionLimits = {
  softLimitBytes: 256 * 1024,
  hardLimitBytes: 4 * 1024 * 1024,
  maxSubscriptions: 100,
  drainCheckMs: 100,
};

/** What a connection needs. */
export interface ConnectionDeps {
  socket: WebSocket;
  events: TaskEventSubscriber;
  /** Throws (404) when the user may not see the task. */
  authorise(taskId: string): Promise<void>;
  limits?: ConnectionLimits;
  now?: () => Date;
  onWarning?(message: string, data?: Record<string, unknown>): void;
}

/** A live connection; `close` releases its subscriptions. */
export interface LiveConnection {
  /** Marked by pongs and client pings; the heartbeat clears it and closes connections that stay unmarked. */
  isAlive: boolean;
  subscriptions(): string[];
  handleText(text: string): Promise<void>;
  send(message: WsServerMessage): void;
  close(): Promise<void>;
}

function taskIdOf(message: WsServerMessage): string | undefined {
  const value = (message.data as { task_id?: unknown }).task_id;
  return typeof value === 'string' ? value : undefined;
}

/** Wires a socket: parses client messages, relays task events, enforces the buffer bounds. */
export function createConnection(deps: ConnectionDeps): LiveConnection {
  const { socket } = deps;
  const limits = deps.limits ?? defaultConnectionLimits;
  const now = deps.now ?? (() => new Date());
  const subscriptions = new Map<string, Promise<() => Promise<void>>>();
  // Latest progress per task held back while the client is slow; Map keeps first-held order.
  const heldProgress = new Map<string, TaskEvent>();
  let drainTimer: NodeJS.Timeout | undefined;
  let isClosed = false;

  function write(message: WsServerMessage): void {
    socket.send(JSON.stringify(message), (error) => {
      if (error && !isClosed) deps.onWarning?.('websocket send failed', { err: error });
    });
  }

  function cutOff(): void {
    deps.onWarning?.('websocket client too slow; closed', { buffered_bytes: socket.bufferedAmount });
    void close();
    socket.close(wsCloseCodes.tooSlow, 'client too slow');
    // A client that stopped reading never acknowledges the close: drop the TCP connection shortly after.
    setTimeout(() => socket.terminate(), 1_000).unref();
  }

  function flushHeld(): void {
    drainTimer = undefined;
    if (isClosed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.softLimitBytes) {
      drainTimer = setTimeout(flushHeld, limits.drainCheckMs);
      return;
    }
    const held = [...heldProgress.values()];
    heldProgress.clear();
    for (const message of held) write(message);
  }

  function send(message: WsServerMessage): void {
    if (isClosed || socket.readyState !== socket.OPEN) return;
    const buffered = socket.bufferedAmount;
    if (buffered > limits.hardLimitBytes) return cutOff();
    const taskId = taskIdOf(message);
    if (
      message.type === 'task_progress' &&
      taskId !== undefined &&
      (buffered > limits.softLimitBytes || heldProgress.size > 0)
    ) {
      heldProgress.delete(taskId);
      heldProgress.set(taskId, message);
      drainTimer ??= setTimeout(flushHeld, limits.drainCheckMs);
      return;
    }
    // Held progress of this task is older than what comes now: it goes first, keeping the order per task.
    if (taskId !== undefined) {
      const held = heldProgress.get(taskId);
      if (held) {
        heldProgress.delete(taskId);
        write(held);
      }
    }
    write(message);
  }

  function reply(
    type: 'pong' | 'subscribed' | 'unsubscribed' | 'error',
    data: Record<string, unknown>,
  ): void {
    send({ type, data, timestamp: now().toISOString() } as WsServerMessage);
  }

  async function subscribe(taskId: string): Promise<void> {
    if (subscriptions.has(taskId)) return reply('subscribed', { task_id: taskId });
    if (subscriptions.size >= limits.maxSubscriptions) {
      return reply('error', {
        code: 'too_many_subscriptions',
        message: `At most ${limits.maxSubscriptions} tasks per connection`,
        task_id: taskId,
      });
    }
    try {
      await deps.authorise(taskId);
    } catch (error) {
      const code =
        error instanceof AppError && error.status === 404
          ? 'not_found'
          : error instanceof AppError
            ? error.code
            : 'internal_error';
      const message =
        error instanceof AppError && error.expose ? error.message : 'The task cannot be followed';
      return reply('error', { code, message, task_id: taskId });
    }
    if (isClosed || subscriptions.has(taskId)) return;
    const pending = deps.events.subscribe(taskId, (event) => send(event));
    subscriptions.set(taskId, pending);
    try {
      await pending;
    } catch (error) {
      subscriptions.delete(taskId);
      deps.onWarning?.('task subscription failed', { err: error, task_id: taskId });
      return reply('error', {
        code: 'unavailable',
        message: 'Live updates are unavailable; poll the task instead',
        task_id: taskId,
      });
    }
    // Acknowledged only once the pub/sub listens: events published after this reach the client.
    reply('subscribed', { task_id: taskId });
  }

  async function unsubscribe(taskId: string): Promise<void> {
    const pending = subscriptions.get(taskId);
    subscriptions.delete(taskId);
    heldProgress.delete(taskId);
    if (pending) await (await pending.catch(() => async () => undefined))();
    reply('unsubscribed', { task_id: taskId });
  }

  async function handleText(text: string): Promise<void> {
    connection.isAlive = true;
    if (text.trim() === 'ping') return reply('pong', {});
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return reply('error', { code: 'invalid_message', message: 'Messages are JSON objects {type, data}' });
    }
    // Older clients put task_id beside type; accept it there too.
    if (raw && typeof raw === 'object' && !('data' in raw) && 'task_id' in raw)
      raw = { ...raw, data: { task_id: (raw as { task_id: unknown }).task_id } };
    const parsed = WsClientMessage.safeParse(raw);
    if (!parsed.success)
      return reply('error', { code: 'invalid_message', message: 'Expected subscribe, unsubscribe or ping' });
    const message = parsed.data;
    if (message.type === 'ping') return reply('pong', {});
    if (message.type === 'subscribe') return subscribe(message.data.task_id);
    return unsubscribe(message.data.task_id);
  }

  async function close(): Promise<void> {
    if (isClosed) return;
    isClosed = true;
    clearTimeout(drainTimer);
    heldProgress.clear();
    const pending = [...subscriptions.values()];
    subscriptions.clear();
    await Promise.all(
      pending.map(async (p) => (await p.catch(() => async () => undefined))().catch(() => undefined)),
    );
  }

  const connection: LiveConnection = {
    isAlive: true,
    subscriptions: () => [...subscriptions.keys()],
    handleText,
    send,
    close,
  };
  return connection;
}
