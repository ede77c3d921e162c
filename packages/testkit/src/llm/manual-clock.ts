// A clock that moves only when a test says so, for pacing, backoff and breaker tests without waiting.
import type { Clock } from '@xcr/core/llm/resilience/clock';

/** A clock driven by `advance`. */
export interface ManualClock extends Clock {
  /** Moves time forward, firing due sleeps in order and letting promise chains settle after each. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise chains settle without moving time. */
  settle(): Promise<void>;
  /** Sleeps not yet due. */
  pendingSleeps(): number;
}

interface Sleeper {
  atMs: number;
  sequence: number;
  resolve(): void;
}

/** Creates a manual clock starting at `startMs`. */
export function createManualClock(startMs = 0): ManualClock {
  let nowMs = startMs;
  let sequence = 0;
  const sleepers: Sleeper[] = [];

  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  return {
    now: () => nowMs,
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper: Sleeper = { atMs: nowMs + Math.max(0, ms), sequence: sequence++, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            const index = sleepers.indexOf(sleeper);
            if (index >= 0) sleepers.splice(index, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    async advance(ms: number): Promise<void> {
      const targetMs = nowMs + ms;
      await settle();
      for (;;) {
        sleepers.sort((a, b) => a.atMs - b.atMs || a.sequence - b.sequence);
        const next = sleepers[0];
        if (!next || next.atMs > targetMs) break;
        sleepers.shift();
        nowMs = Math.max(nowMs, next.atMs);
        next.resolve();
        await settle();
      }
      nowMs = targetMs;
      await settle();
    },
    settle,
    pendingSleeps: () => sleepers.length,
  };
}
