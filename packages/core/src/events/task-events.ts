/**
 * Live events of audit tasks over the pub/sub port: the worker running a task publishes to `task:<id>`, and any
 * API process relays them to the WebSocket clients subscribed to that task. Messages are `{type, data, timestamp}`
 * with the publisher's wall-clock time in ISO 8601.
 *
 * Order per task holds end to end: the publisher sends one task's events one after another (a chain per task, so a
 * caller that does not await still keeps order), the pub/sub port keeps per-channel order, and the subscriber
 * side delivers in arrival order. Publishing is best-effort: a pub/sub failure is reported to `onError` and never
 * fails the audit (clients fall back to polling the task).
 */
import type {
  FindingEventData,
  TaskCompletedData,
  TaskEvent,
  TaskEventType,
  TaskFailedData,
  TaskProgressData,
} from '@xcr/contracts/api/index';
import { systemClock, type Clock } from '../ports/clock.ts';
import type { PubSub } from '../ports/pub-sub.ts';

/** The channel of a task's events. */
export function taskChannel(taskId: string): string {
  return `task:${taskId}`;
}

const eventTypes: ReadonlySet<string> = new Set<TaskEventType>([
  'task_progress',
  'finding',
  'task_completed',
  'task_failed',
]);

/** Whether a message from the pub/sub is a task event (shape of the envelope only; data is the publisher's). */
export function isTaskEvent(message: unknown): message is TaskEvent {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return (
    typeof m.type === 'string' &&
    eventTypes.has(m.type) &&
    typeof m.timestamp === 'string' &&
    typeof m.data === 'object' &&
    m.data !== null
  );
}

/** Publishes the events of tasks. Each method resolves once the event is handed to the pub/sub (or failed). */
export interface TaskEventPublisher {
  progress(data: TaskProgressData): Promise<void>;
  finding(data: FindingEventData): Promise<void>;
  completed(data: TaskCompletedData): Promise<void>;
  failed(data: TaskFailedData): Promise<void>;
  /** Resolves when every event published so far has been handed over (tests, shutdown). */
  flush(): Promise<void>;
}

/** Receives the events of one task. */
export interface TaskEventSubscriber {
  /** Calls `handler` for each event of the task, in order; resolves to a function that stops it. */
  subscribe(taskId: string, handler: (event: TaskEvent) => void): Promise<() => Promise<void>>;
}

/** Both sides. */
export interface TaskEvents extends TaskEventPublisher, TaskEventSubscriber {}

/** Dependencies of {@link createTaskEvents}. */
export interface TaskEventsDeps {
  pubsub: PubSub;
  clock?: Clock;
  /** Called when an event could not be published (the caller logs it). */
  onError?: (error: unknown, context: { task_id: string; type: TaskEventType }) => void;
}

/** Creates the task events publisher and subscriber over `pubsub`. */
export function createTaskEvents(deps: TaskEventsDeps): TaskEvents {
  const clock = deps.clock ?? systemClock;
  // One chain per task with events in flight; removed when it drains, so finished tasks hold no memory.
  const chains = new Map<string, Promise<void>>();

  function publish(type: TaskEventType, data: { task_id: string }): Promise<void> {
    const taskId = data.task_id;
    // The timestamp is taken now, at the call, so it reflects when the event happened, not when it was sent.
    const event = { type, data, timestamp: clock().toISOString() };
    const send = async () => {
      try {
        await deps.pubsub.publish(taskChannel(taskId), event);
      } catch (error) {
        deps.onError?.(error, { task_id: taskId, type });
      }
    };
    const next = (chains.get(taskId) ?? Promise.resolve()).then(send);
    chains.set(taskId, next);
    void next.then(() => {
      if (chains.get(taskId) === next) chains.delete(taskId);
    });
    return next;
  }

  return {
    progress: (data) => publish('task_progress', data),
    finding: (data) => publish('finding', data),
    completed: (data) => publish('task_completed', data),
    failed: (data) => publish('task_failed', data),
    async flush() {
      await Promise.all([...chains.values()]);
    },
    subscribe(taskId, handler) {
      return deps.pubsub.subscribe(taskChannel(taskId), (message) => {
        if (isTaskEvent(message)) handler(message);
      });
    },
  };
}
