/** The cache port: in-process (embedded) or Redis (production). Values are JSON-serialisable. */
export interface Cache {
  readonly id: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  /** Several values in one round trip, in the order of `keys`. */
  getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>>;
  /** Stores a value; `ttlMs` bounds how long it lives. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds `by` to a counter that expires `ttlMs` after its first increment; returns the new value. */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /**
   * Fixed-window counters, all in one round trip: adds 1 to each key and returns its count and the milliseconds left
   * of its window. A window starts at its key's first count and lasts `windowMs`; later counts do not stretch it.
   */
  countWindows(windows: readonly CounterWindow[]): Promise<WindowCount[]>;
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** One fixed-window counter to count. */
export interface CounterWindow {
  key: string;
  windowMs: number;
}

/** A counter's value after counting, and what is left of its window. */
export interface WindowCount {
  count: number;
  ttlMs: number;
}
