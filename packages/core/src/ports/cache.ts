/** The cache port: in-process (embedded) or Redis (production). Values are JSON-serialisable. */
export interface Cache {
  readonly id: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a value; `ttlMs` bounds how long it lives. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds `by` to a counter that expires `ttlMs` after its first increment; returns the new value. */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
