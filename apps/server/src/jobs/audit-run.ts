import { jobCatalog, type JobPayload } from '@xcr/contracts';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { createDbLlmCache } from '@xcr/adapters/llm-cache/db/index';
import { runAuditTask, type AuditEvent, type AuditOutcome } from '@xcr/core/audit/run-audit-task';
import { taskEventChannel } from '@xcr/core/audit/job-ids';
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
  const publish = (event: AuditEvent) => {
    const { type, ...data } = event;
    runtime.pubsub
      .publish(taskEventChannel(taskId), { type, data, timestamp: new Date().toISOString() })
      .catch((err: unknown) => log.warn({ err }, 'task event not published'));
  };
  const outcome = await runAuditTask(
    {
      repos: createRepositories(runtime.database.db),
      openSource: createSourceOpener({
        storage: runtime.storage,
        secretBox: runtime.secretBox,
        tmpDir: temporaryDir(runtime.config),
        isPrivateGitAllowed: isPrivateGitAllowed(runtime),
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
