import type { Logger } from 'pino';
import type { PubSub } from '@xcr/core/ports/pub-sub';

type Handler = (message: unknown) => void;

/**
 * In-process pub/sub (the embedded default, one process). Messages are copied through JSON, as over Redis, and
 * delivered on a later tick in publish order, so a handler never runs inside `publish`.
 */
export function createMemoryPubSub(deps: { logger?: Logger } = {}): PubSub {
  const channels = new Map<string, Set<Handler>>();
  const logger = deps.logger?.child({ component: 'pubsub' });
  let isClosed = false;
  // One queue for all channels keeps per-channel order and costs a single microtask chain.
  let tail = Promise.resolve();

  function deliver(channel: string, json: string): void {
    for (const handler of [...(channels.get(channel) ?? [])]) {
      try {
        handler(JSON.parse(json));
      } catch (error) {
        logger?.warn({ channel, err: error }, 'pubsub handler failed');
      }
    }
  }

  return {
    id: 'memory',
    async publish(channel: string, message: unknown): Promise<void> {
      if (isClosed) return;
      const json = JSON.stringify(message) ?? 'null';
      tail = tail.then(() => deliver(channel, json));
    },
    async subscribe(channel: string, handler: Handler): Promise<() => Promise<void>> {
      // Wrap so that subscribing the same function twice yields two independent subscriptions.
      const own: Handler = (message) => handler(message);
      let handlers = channels.get(channel);
      if (!handlers) {
        handlers = new Set();
        channels.set(channel, handlers);
      }
      handlers.add(own);
      return async () => {
        const current = channels.get(channel);
        current?.delete(own);
        if (current?.size === 0) channels.delete(channel);
      };
    },
    async ping(): Promise<void> {},
    async close(): Promise<void> {
      isClosed = true;
      channels.clear();
    },
  };
}
