/**
 * The pub/sub port: in-process (embedded) or Redis (production), so that any API process can relay events of a
 * task a worker in another process runs. Messages on one channel arrive in the order they were published.
 */
export interface PubSub {
  readonly id: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /** Subscribes; returns a function that unsubscribes. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>>;
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
