import { AppError } from '@xcr/core/errors';
import type { Cache, CounterWindow, WindowCount } from '@xcr/core/ports/cache';

/** Options of the in-process cache. */
export interface MemoryCacheOptions {
  /** Entries kept at most; the least recently used goes first. */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  /** JSON text, so callers never share (and mutate) a stored object, as with Redis. */
  json: string;
  expiresAt: number;
}

/**
 * An in-process cache (the embedded default): LRU by insertion order of a Map, each entry with an optional expiry.
 * Expired entries go when read or when they reach the old end of the map.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function store(key: string, entry: Entry): void {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  }

  function read<T>(key: string): T | undefined {
    const entry = live(key);
    if (!entry) return undefined;
    store(key, entry); // touch: most recently used moves to the young end
    return JSON.parse(entry.json) as T;
  }

  return {
    id: 'memory',
    async get<T>(key: string): Promise<T | undefined> {
      return read<T>(key);
    },
    async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
      return keys.map((key) => read<T>(key));
    },
    async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      const json = JSON.stringify(value);
      if (json === undefined) throw new AppError('cache_value_invalid', 'Cache values must be JSON-serialisable', { status: 500 });
      store(key, { json, expiresAt: ttlMs === undefined ? Infinity : now() + Math.max(1, ttlMs) });
    },
    async delete(key: string): Promise<void> {
      entries.delete(key);
    },
    async increment(key: string, by: number, ttlMs: number): Promise<number> {
      const entry = live(key);
      const current = entry ? (JSON.parse(entry.json) as unknown) : 0;
      if (typeof current !== 'number') throw new AppError('cache_value_not_number', 'Cannot increment a value that is not a number', { status: 500 });
      const value = current + by;
      store(key, { json: JSON.stringify(value), expiresAt: entry && entry.expiresAt !== Infinity ? entry.expiresAt : now() + Math.max(1, ttlMs) });
      return value;
    },
    async countWindows(windows: readonly CounterWindow[]): Promise<WindowCount[]> {
      const at = now();
      return windows.map(({ key, windowMs }) => {
        const entry = live(key);
        const previous = entry ? (JSON.parse(entry.json) as unknown) : 0;
        const count = (typeof previous === 'number' ? previous : 0) + 1;
        const expiresAt = entry && typeof previous === 'number' && entry.expiresAt !== Infinity ? entry.expiresAt : at + Math.max(1, windowMs);
        store(key, { json: String(count), expiresAt });
        return { count, ttlMs: expiresAt - at };
      });
    },
    async ping(): Promise<void> {},
    async close(): Promise<void> {
      entries.clear();
    },
  };
}
