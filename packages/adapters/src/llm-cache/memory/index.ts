import type { LlmCache } from '@xcr/core/ports/llm-cache';

/** Options of the in-memory LLM cache. */
export interface MemoryLlmCacheOptions {
  /** Entries kept at most; the oldest written goes first. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

/** An in-process LLM cache (a CLI run with `--no-cache` semantics across one process, tests, benchmarks). */
export function createMemoryLlmCache(options: MemoryLlmCacheOptions = {}): LlmCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { expiresAtMs: number; json: string }>();
  return {
    id: 'memory',
    async get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAtMs <= now()) {
        entries.delete(key);
        return undefined;
      }
      // Stored as JSON so callers never share (and mutate) one object, as with the other adapters.
      return JSON.parse(entry.json) as unknown;
    },
    async set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, { expiresAtMs: now() + ttlMs, json: JSON.stringify(value) });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    async close() {
      entries.clear();
    },
  };
}
