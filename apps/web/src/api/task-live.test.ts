import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTaskLive, liveUrl, type LiveState } from './task-live.ts';

/** Lets the channel's asynchronous connect (it awaits the URL) run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

class FakeSocket {
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(code = 1006): void {
    this.readyState = 3;
    (this.onclose as ((e: { code: number }) => void) | null)?.({ code });
  }
}

describe('task live channel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    vi.stubGlobal('WebSocket', { OPEN: 1 });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function make(states: LiveState[] = [], events: unknown[] = [], urls: string[] = []) {
    return createTaskLive({
      url: async () => {
        const url = `ws://h/api/v1/ws?token=t${urls.length}`;
        urls.push(url);
        return url;
      },
      onEvent: (e) => events.push(e),
      onStateChange: (s) => states.push(s),
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      minBackoffMs: 100,
      maxBackoffMs: 1_000,
      idleCloseMs: 50,
    });
  }

  it('connects on the first subscription, subscribes once per task, and passes task events on', async () => {
    const states: LiveState[] = [];
    const events: unknown[] = [];
    const live = make(states, events);
    expect(FakeSocket.instances).toHaveLength(0);
    const stopA = live.subscribe('task-a');
    live.subscribe('task-a');
    await flush();
    const socket = FakeSocket.instances[0]!;
    socket.open();
    expect(socket.sent.filter((m) => (m as { type: string }).type === 'subscribe')).toEqual([{ type: 'subscribe', data: { task_id: 'task-a' }, timestamp: expect.any(String) }]);
    socket.onmessage?.({ data: JSON.stringify({ type: 'task_progress', data: { task_id: 'task-a', progress: 50 }, timestamp: 'now' }) });
    socket.onmessage?.({ data: JSON.stringify({ type: 'pong', data: {}, timestamp: 'now' }) });
    socket.onmessage?.({ data: 'not json' });
    expect(events).toEqual([{ type: 'task_progress', data: { task_id: 'task-a', progress: 50 }, timestamp: 'now' }]);
    stopA();
    expect(socket.sent.some((m) => (m as { type: string }).type === 'unsubscribe')).toBe(false);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('reconnects with growing pauses and subscribes again after a drop', async () => {
    const states: LiveState[] = [];
    const live = make(states);
    live.subscribe('task-a');
    await flush();
    FakeSocket.instances[0]!.drop();
    expect(states.at(-1)).toBe('closed');
    await vi.advanceTimersByTimeAsync(50);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1]!.drop();
    await vi.advanceTimersByTimeAsync(120);
    expect(FakeSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(FakeSocket.instances).toHaveLength(3);
    FakeSocket.instances[2]!.open();
    expect(FakeSocket.instances[2]!.sent).toContainEqual({ type: 'subscribe', data: { task_id: 'task-a' }, timestamp: expect.any(String) });
    expect(live.state()).toBe('open');
  });

  it('reconnects at once with a new URL (a fresh token) when the server says the token expired', async () => {
    const urls: string[] = [];
    const live = make([], [], urls);
    live.subscribe('task-a');
    await flush();
    FakeSocket.instances[0]!.open();
    FakeSocket.instances[0]!.drop(4401);
    await vi.advanceTimersByTimeAsync(130);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(FakeSocket.instances.map((s) => s.url)).toEqual(urls);
    expect(new Set(urls).size).toBe(2);
    live.close();
  });

  it('pings while open, unsubscribes, and closes when nothing is followed any more', async () => {
    const live = make();
    const stop = live.subscribe('task-a');
    await flush();
    const socket = FakeSocket.instances[0]!;
    socket.open();
    vi.advanceTimersByTime(25_000);
    expect(socket.sent).toContainEqual({ type: 'ping', timestamp: expect.any(String) });
    stop();
    expect(socket.sent).toContainEqual({ type: 'unsubscribe', data: { task_id: 'task-a' }, timestamp: expect.any(String) });
    vi.advanceTimersByTime(60);
    expect(socket.readyState).toBe(3);
    expect(live.state()).toBe('idle');
  });

  it('builds the socket URL on the page origin with the token', () => {
    expect(liveUrl('a b', { protocol: 'https:', host: 'x.example' })).toBe('wss://x.example/api/v1/ws?token=a%20b');
    expect(liveUrl('t', { protocol: 'http:', host: '127.0.0.1:8000' })).toBe('ws://127.0.0.1:8000/api/v1/ws?token=t');
  });
});
