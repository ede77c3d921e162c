import { jobCatalog, type JobPayload } from '@xcr/contracts';
import { createDbLlmCache } from '@xcr/adapters/llm-cache/db/index';
import { runAuditTask, type AuditEvent, type AuditOutcome } from '@xcr/core/audit/run-audit-task';
import { createTaskEvents, type TaskEventPublisher } from '@xcr/core/events/task-events';
import type { JobContext } from '@xcr/core/ports/job-queue';
import { temporaryDir, type Runtime } from '../runtime.ts';
import { productName, productVersion } from '../version.ts';
import { createSourceOpener } from './audit-source.ts';

/** Git hosts on private addresses are refused unless the configuration says `git.allowPrivateHosts`. */
function isPrivateGitAllowed(runtime: Runtime): boolean {
  return runtime.config.git.allowPrivateHosts;
}

/**
 * `audit.run`: runs one attempt of an audit task (see `runAuditTask`). Its live events go to the task's pub/sub
 * channel as `{type, data, timestamp}`. A failure worth retrying is rethrown for the queue; anything else ends the
 * task (`failed`, `cancelled`) and the job completes.
 */
export async function runAuditJob(
  runtime: Runtime,
  job: JobContext<JobPayload<'audit.run'>>,
): Promise<AuditOutcome> {
  const taskId = job.payload.task_id;
  const log = runtime.logger.child({ component: 'audit', task_id: taskId });
  const events = createTaskEvents({ pubsub: runtime.pubsub, onError: (err) => log.warn({ err }, 'task event not published') });
  const publish = (event: AuditEvent) => void publishAuditEvent(events, event);
  const outcome = await runAuditTask(
    {
      repos: runtime.repos,
      openSource: createSourceOpener({
        storage: runtime.storage,
        secretBox: runtime.secretBox,
        tmpDir: temporaryDir(runtime.config),
        isPrivateGitAllowed: isPrivateGitAllowed(runtime),
        hostLookup: runtime.hostLookup,
      }),
      llmResolver: runtime.llmResolver,
      llmCache: createDbLlmCache({}, { db: runtime.database.db }),
      tool: { name: productName, version: productVersion },
      onEvent: publish,
      onWarning: (message, data) => log.warn(data ?? {}, message),
    },
    { taskId, signal: job.signal, attempt: job.attempt, maxAttempts: jobCatalog['audit.run'].retry.attempts },
  );
  log.info(
    {
      outcome: outcome.status,
      ...(outcome.status === 'skipped' ? { reason: outcome.reason } : {}),
      attempt: job.attempt,
    },
    'audit attempt finished',
  );
  return outcome;
}

/**
 * An audit's event in the live channel's format (`@xcr/contracts` TaskEvent): a cancellation is a `task_failed`
 * with status `cancelled`. Published in order per task; a pub/sub failure is logged and never fails the audit.
 */
export function publishAuditEvent(events: TaskEventPublisher, event: AuditEvent): Promise<void> {
  switch (event.type) {
    case 'task_progress': {
      const { type: _type, ...data } = event;
      return events.progress(data);
    }
    case 'finding': {
      const { type: _type, ...data } = event;
      return events.finding(data);
    }
    case 'task_completed': {
      const { type: _type, ...data } = event;
      return events.completed({ ...data, status: 'completed' });
    }
    case 'task_failed':
      return events.failed({ task_id: event.task_id, status: 'failed', error: event.error });
    case 'task_cancelled':
      return events.failed({ task_id: event.task_id, status: 'cancelled', error: 'cancelled' });
  }
}
