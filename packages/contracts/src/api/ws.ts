/**
 * The live channel `/api/v1/ws`: a client subscribes to tasks and receives their progress, findings and outcome.
 * Every message in both directions is `{type, data, timestamp}` with `timestamp` the sender's wall-clock time in
 * ISO 8601 (UTC). The access token goes in the query (`?token=`) or in `Sec-WebSocket-Protocol: bearer, <token>`.
 */
import { z } from 'zod';
import { Category, Severity } from '../finding.ts';
import { TaskStatus } from './tasks.ts';

/** `{task_id}`: the task a subscribe or unsubscribe names. */
export const WsTaskRef = z.object({ task_id: z.string().min(1).max(100) });
export type WsTaskRef = z.infer<typeof WsTaskRef>;

/**
 * What a client sends. `task_id` may also stand beside `type` instead of inside `data` (older clients); a plain
 * text frame `ping` is a ping too.
 */
export const WsClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), data: WsTaskRef, timestamp: z.string().optional() }),
  z.object({ type: z.literal('unsubscribe'), data: WsTaskRef, timestamp: z.string().optional() }),
  z.object({ type: z.literal('ping'), data: z.unknown().optional(), timestamp: z.string().optional() }),
]);
export type WsClientMessage = z.infer<typeof WsClientMessage>;

/** `task_progress`: the task moved on (progress only grows within a run). */
export const TaskProgressData = z.object({
  task_id: z.string(),
  status: TaskStatus,
  /** 0-100. */
  progress: z.number().min(0).max(100),
  current_step: z.string().nullable(),
  files_total: z.number().int().optional(),
  files_scanned: z.number().int().optional(),
  /** Findings found so far in this run. */
  findings: z.number().int().optional(),
});
export type TaskProgressData = z.infer<typeof TaskProgressData>;

/** `finding`: one finding, as soon as its file is done (the full record is at `GET /issues?task_id=`). */
export const FindingEventData = z.object({
  task_id: z.string(),
  finding: z.object({
    id: z.string().optional(),
    fingerprint: z.string(),
    file_path: z.string(),
    line_start: z.number().int().nullable(),
    line_end: z.number().int().nullable(),
    title: z.string(),
    severity: Severity,
    category: Category,
    cwe: z.array(z.number().int()),
    rule_id: z.string().nullable(),
    analyzer: z.string(),
    confidence: z.number(),
  }),
});
export type FindingEventData = z.infer<typeof FindingEventData>;

/** `task_completed`: the run ended with its results stored. */
export const TaskCompletedData = z.object({
  task_id: z.string(),
  status: z.literal('completed'),
  total_issues: z.number().int(),
  critical_issues: z.number().int(),
  high_issues: z.number().int(),
  medium_issues: z.number().int(),
  low_issues: z.number().int(),
  info_issues: z.number().int(),
  quality_score: z.number().nullable(),
  duration_ms: z.number().int().nullable(),
});
export type TaskCompletedData = z.infer<typeof TaskCompletedData>;

/** `task_failed`: the run failed or was cancelled; `error` says why (never a stack or a secret). */
export const TaskFailedData = z.object({
  task_id: z.string(),
  status: z.enum(['failed', 'cancelled']),
  error: z.string(),
  /** Whether the queue will try the task again. */
  will_retry: z.boolean().optional(),
});
export type TaskFailedData = z.infer<typeof TaskFailedData>;

/** The events of a task, as published to `task:<id>` and relayed to subscribed clients. */
export const TaskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('task_progress'), data: TaskProgressData, timestamp: z.string() }),
  z.object({ type: z.literal('finding'), data: FindingEventData, timestamp: z.string() }),
  z.object({ type: z.literal('task_completed'), data: TaskCompletedData, timestamp: z.string() }),
  z.object({ type: z.literal('task_failed'), data: TaskFailedData, timestamp: z.string() }),
]);
export type TaskEvent = z.infer<typeof TaskEvent>;

/** Names of the task events. */
export type TaskEventType = TaskEvent['type'];

/**
 * What the server sends: task events, `pong`, the acknowledgements `subscribed`/`unsubscribed` (`data.task_id`),
 * and `error` (`data: {code, message, task_id?}`) for a message it cannot act on (unknown task: `not_found`).
 */
export const WsServerMessage = z.union([
  TaskEvent,
  z.object({ type: z.literal('pong'), data: z.object({}).passthrough(), timestamp: z.string() }),
  z.object({ type: z.enum(['subscribed', 'unsubscribed']), data: WsTaskRef, timestamp: z.string() }),
  z.object({
    type: z.literal('error'),
    data: z.object({ code: z.string(), message: z.string(), task_id: z.string().optional() }),
    timestamp: z.string(),
  }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessage>;

/** Close codes the server uses besides the standard ones. */
export const wsCloseCodes = {
  /** Token missing, bad, expired or revoked (sent before the handshake completes as HTTP 401 when possible). */
  unauthorized: 4401,
  /** Origin not allowed. */
  forbiddenOrigin: 4403,
  /** The client read too slowly and its send buffer overflowed. */
  tooSlow: 4408,
  /** No pong within the heartbeat interval. */
  heartbeatTimeout: 4000,
} as const;
