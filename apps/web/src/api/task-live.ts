// The live channel to `/api/v1/ws`: one socket for the whole app, subscriptions counted per task, pings to keep
// it open, reconnection with growing pauses. Callers learn whether it is up so they can poll while it is not.
import type { TaskEvent, WsServerMessage } from '@xcr/contracts/api/index';

/** The close code of a connection whose token expired (see `wsCloseCodes` in the contracts). */
const wsUnauthorizedCode = 4401;

/** How the channel stands. */
export type LiveState = 'idle' | 'connecting' | 'open' | 'closed';

/** Options of the live channel. */
export interface TaskLiveOptions {
  /** The socket URL with a fresh token, or null without a session. */
  url: () => string | null | Promise<string | null>;
  onEvent: (event: TaskEvent) => void;
  onStateChange?: (state: LiveState) => void;
  /** Injected by tests. */
  createSocket?: (url: string) => WebSocket;
  pingIntervalMs?: number;
  /** First pause before reconnecting; doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long the socket stays open without subscriptions. */
  idleCloseMs?: number;
}

/** The live channel. */
export interface TaskLive {
  /** Subscribes to a task's events until the returned function is called. */
  subscribe(taskId: string): () => void;
  state(): LiveState;
  close(): void;
}

/** The URL of the socket on this page's origin. */
export function liveUrl(token: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/ws?token=${encodeURIComponent(token)}`;
}

/** Creates the channel; it connects on the first subscription. */
export function createTaskLive(options: TaskLiveOptions): TaskLive {
  const pingIntervalMs = options.pingIntervalMs ?? 25_000;
  const minBackoffMs = options.minBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const idleCloseMs = options.idleCloseMs ?? 15_000;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const counts = new Map<string, number>();
  let socket: WebSocket | null = null;
  let current: LiveState = 'idle';
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let isClosedForGood = false;

  function setState(next: LiveState): void {
    if (next === current) return;
    current = next;
    options.onStateChange?.(next);
  }

  function send(message: unknown): void {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function subscribeMessage(type: 'subscribe' | 'unsubscribe', taskId: string) {
    return { type, data: { task_id: taskId }, timestamp: new Date().toISOString() };
  }

  function scheduleReconnect(): void {
    if (isClosedForGood || counts.size === 0 || reconnectTimer) return;
    const pauseMs = Math.min(maxBackoffMs, minBackoffMs * 2 ** attempts) * (0.75 + Math.random() * 0.5);
    attempts++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, pauseMs);
  }

  let isConnecting = false;

  function connect(): void {
    if (socket || isConnecting || isClosedForGood || counts.size === 0) return;
    isConnecting = true;
    setState('connecting');
    void Promise.resolve()
      .then(() => options.url())
      .catch(() => null)
      .then((url) => {
        isConnecting = false;
        if (!url) {
          setState('closed');
          return;
        }
        if (!socket && !isClosedForGood && counts.size > 0) open(url);
      });
  }

  function open(url: string): void {
    let opened: WebSocket;
    try {
      opened = createSocket(url);
    } catch {
      setState('closed');
      scheduleReconnect();
      return;
    }
    socket = opened;
    opened.onopen = () => {
      attempts = 0;
      setState('open');
      for (const taskId of counts.keys()) send(subscribeMessage('subscribe', taskId));
      pingTimer = setInterval(() => send({ type: 'ping', timestamp: new Date().toISOString() }), pingIntervalMs);
    };
    opened.onmessage = (event: MessageEvent) => {
      let message: WsServerMessage;
      try {
        message = JSON.parse(String(event.data)) as WsServerMessage;
      } catch {
        return;
      }
      if (message.type === 'task_progress' || message.type === 'finding' || message.type === 'task_completed' || message.type === 'task_failed') {
        options.onEvent(message as TaskEvent);
      }
    };
    opened.onclose = (event: CloseEvent) => {
      if (socket !== opened) return;
      socket = null;
      clearInterval(pingTimer);
      setState('closed');
      // 4401: the token expired while connected; the next URL carries a refreshed one, so there is no need to wait.
      if (event?.code === wsUnauthorizedCode) attempts = 0;
      scheduleReconnect();
    };
    // An error is always followed by close, which does the bookkeeping.
    opened.onerror = () => undefined;
  }

  function disconnect(): void {
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    clearInterval(pingTimer);
    const closing = socket;
    socket = null;
    closing?.close(1000);
    setState('idle');
  }

  return {
    subscribe(taskId: string) {
      clearTimeout(idleTimer);
      const count = counts.get(taskId) ?? 0;
      counts.set(taskId, count + 1);
      if (count === 0) send(subscribeMessage('subscribe', taskId));
      connect();
      let isDone = false;
      return () => {
        if (isDone) return;
        isDone = true;
        const left = (counts.get(taskId) ?? 1) - 1;
        if (left > 0) {
          counts.set(taskId, left);
          return;
        }
        counts.delete(taskId);
        send(subscribeMessage('unsubscribe', taskId));
        if (counts.size === 0) {
          clearTimeout(idleTimer);
          idleTimer = setTimeout(() => {
            if (counts.size === 0) disconnect();
          }, idleCloseMs);
        }
      };
    },
    state: () => current,
    close() {
      isClosedForGood = true;
      clearTimeout(idleTimer);
      disconnect();
    },
  };
}
