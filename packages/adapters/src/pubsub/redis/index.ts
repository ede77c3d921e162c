import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { UnavailableError } from '@xcr/core/errors';
import type { PubSub } from '@xcr/core/ports/pub-sub';
import { attachErrorLogging, closeRedis, createRedisClient, pingRedis } from '../../cache/redis/redis-client.ts';

/** Options of the Redis pub/sub. */
export interface RedisPubSubOptions {
  redisUrl: string;
  /** Prefix of every channel name. */
  prefix?: string;
}

type Handler = (message: unknown) => void;

interface ChannelState {
  handlers: Set<Handler>;
  /** SUBSCRIBE/UNSUBSCRIBE of this channel run one after another, so they never race. */
  pending: Promise<void>;
  isSubscribed: boolean;
}

/**
 * Pub/sub on Redis: one connection publishes, one (opened on first subscribe) listens for every channel of this
 * process. Messages are JSON. Redis delivers a connection's messages in order, and handlers run synchronously in
 * arrival order, so order holds per channel.
 */
export function createRedisPubSub(options: RedisPubSubOptions, deps: { logger?: Logger } = {}): PubSub {
  const prefix = options.prefix ?? 'xcr:events:';
  const logger = deps.logger?.child({ component: 'pubsub' });
  const publisher = createRedisClient(options.redisUrl, { purpose: 'pubsub', logger, redisOptions: { commandTimeout: 2000 } });
  const channels = new Map<string, ChannelState>();
  let subscriber: Redis | undefined;

  function listener(): Redis {
    if (subscriber) return subscriber;
    // No commandTimeout here: ioredis would apply it to the subscribe-mode connection itself.
    const sub = publisher.duplicate({ connectionName: 'xcr-pubsub-sub', commandTimeout: undefined });
    attachErrorLogging(sub, 'pubsub-subscriber', logger);
    sub.on('message', (fullChannel: string, raw: string) => {
      const state = channels.get(fullChannel.slice(prefix.length));
      if (!state || !fullChannel.startsWith(prefix)) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        logger?.warn({ channel: fullChannel }, 'pubsub message is not JSON');
        return;
      }
      for (const handler of [...state.handlers]) {
        try {
          handler(message);
        } catch (error) {
          logger?.warn({ channel: fullChannel, err: error }, 'pubsub handler failed');
        }
      }
    });
    subscriber = sub;
    return sub;
  }

  /** Brings the Redis subscription of a channel in line with whether it has handlers. */
  function sync(channel: string, state: ChannelState): Promise<void> {
    const step = async () => {
      const wanted = state.handlers.size > 0;
      if (wanted && !state.isSubscribed) {
        await listener().subscribe(prefix + channel);
        state.isSubscribed = true;
      } else if (!wanted && state.isSubscribed) {
        await listener().unsubscribe(prefix + channel);
        state.isSubscribed = false;
        if (channels.get(channel) === state && state.handlers.size === 0) channels.delete(channel);
      }
    };
    state.pending = state.pending.then(step, step);
    return state.pending;
  }

  return {
    id: 'redis',
    async publish(channel: string, message: unknown): Promise<void> {
      try {
        await publisher.publish(prefix + channel, JSON.stringify(message) ?? 'null');
      } catch (error) {
        throw new UnavailableError('pubsub_unavailable', 'Could not publish an event', { cause: error });
      }
    },
    async subscribe(channel: string, handler: Handler): Promise<() => Promise<void>> {
      let state = channels.get(channel);
      if (!state) {
        state = { handlers: new Set(), pending: Promise.resolve(), isSubscribed: false };
        channels.set(channel, state);
      }
      const own: Handler = (message) => handler(message);
      state.handlers.add(own);
      const current = state;
      try {
        await sync(channel, current);
      } catch (error) {
        current.handlers.delete(own);
        throw new UnavailableError('pubsub_unavailable', 'Could not subscribe', { cause: error });
      }
      let isDone = false;
      return async () => {
        if (isDone) return;
        isDone = true;
        current.handlers.delete(own);
        await sync(channel, current).catch((error: unknown) => {
          logger?.warn({ channel, err: error }, 'pubsub unsubscribe failed');
        });
      };
    },
    ping: (signal?: AbortSignal) => pingRedis(publisher, 'pubsub_unavailable', { signal }),
    async close(): Promise<void> {
      channels.clear();
      await Promise.all([closeRedis(publisher), subscriber ? closeRedis(subscriber) : Promise.resolve()]);
    },
  };
}
