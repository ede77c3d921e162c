/**
 * The LLM answer cache port: the analysed result of one file (or one chunk of it) under one prompt version,
 * provider, model and set of options, so that re-auditing unchanged code costs no call. Adapters: the
 * database (embedded), Redis (production) and a folder (the CLI). Keys are opaque hex strings built by core;
 * values are JSON-serialisable and validated by core when read, so an adapter stores them as they come.
 */
export interface LlmCache {
  /** `db`, `redis`, `folder`, `memory`. */
  readonly id: string;
  /** The stored value, or undefined when absent or expired. */
  get(key: string, signal?: AbortSignal): Promise<unknown>;
  /** Stores a value that expires `ttlMs` from now, replacing any value under the same key. */
  set(key: string, value: unknown, ttlMs: number, signal?: AbortSignal): Promise<void>;
  /** Releases what the adapter opened itself (a Redis connection); a no-op for borrowed resources. */
  close?(): Promise<void>;
}
