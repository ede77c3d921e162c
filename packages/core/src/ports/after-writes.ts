/**
 * Repositories that report their writes once the writes are committed: right after a write outside a transaction,
 * after the whole transaction commits inside one (a rolled-back transaction reports nothing). Caches kept next to
 * the database (current-users.ts, statistics-cache.ts) use it to replace what the writes made stale, so each
 * lists its writes in one place instead of every caller remembering to.
 */
import type { Repositories } from './repositories.ts';

/** The repositories with methods that write, by name. */
export type WriteMethods = { readonly [K in keyof Repositories]?: ReadonlyArray<keyof Repositories[K] & string> };

/** One committed write: which repository method, with which arguments, and what it returned. */
export interface CommittedWrite {
  repository: string;
  method: string;
  args: readonly unknown[];
  result: unknown;
}

/** `repos` whose `writes` call `onCommit` once committed. */
export function afterWrites(
  repos: Repositories,
  writes: WriteMethods,
  onCommit: (committed: readonly CommittedWrite[]) => Promise<void>,
): Repositories {
  return track(repos, writes, (write) => onCommit([write]), onCommit);
}

function track(
  repos: Repositories,
  writes: WriteMethods,
  onWrite: (write: CommittedWrite) => Promise<void>,
  onCommit: (committed: readonly CommittedWrite[]) => Promise<void>,
): Repositories {
  const tracked: Record<string, unknown> = { ...repos };
  for (const [repository, methods] of Object.entries(writes) as Array<[keyof Repositories, readonly string[]]>) {
    const original = repos[repository] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>> | undefined;
    if (!original) continue;
    const wrapped: Record<string, unknown> = { ...original };
    for (const method of methods) {
      const write = original[method];
      if (!write) continue;
      wrapped[method] = async (...args: unknown[]) => {
        const result = await write(...args);
        await onWrite({ repository, method, args, result });
        return result;
      };
    }
    tracked[repository] = wrapped;
  }
  tracked.transaction = async <T>(work: (inner: Repositories) => Promise<T>): Promise<T> => {
    const committed: CommittedWrite[] = [];
    const collect = async (write: CommittedWrite) => {
      committed.push(write);
    };
    // A nested transaction joins this one: its writes are reported when this one commits.
    const joinThis = async (list: readonly CommittedWrite[]) => {
      committed.push(...list);
    };
    const result = await repos.transaction((inner) => work(track(inner, writes, collect, joinThis)));
    if (committed.length > 0) await onCommit(committed);
    return result;
  };
  return tracked as unknown as Repositories;
}
