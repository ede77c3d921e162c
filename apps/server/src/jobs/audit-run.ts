import { jobCatalog, type JobPayload } from '@xcr/contracts';
import { secretBoxFromKeys, type SecretBox } from '@xcr/adapters/crypto/secret-box';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { createDbLlmCache } from '@xcr/adapters/llm-cache/db/index';
import { runAuditTask, type AuditEvent, type AuditOutcome } from '@xcr/core/audit/run-audit-task';
import { taskEventChannel } from '@xcr/core/audit/job-ids';
import type { JobContext } from '@xcr/core/ports/job-queue';
import type { LlmResolver } from '@xcr/core/ports/llm-resolver';
import { temporaryDir, type Runtime } from '../runtime.ts';
import { productName, productVersion } from '../version.ts';
import { createSourceOpener } from './audit-source.ts';

/** Parts of the runtime other modules add; read defensively so this job runs with or without them. */
interface OptionalRuntimeParts {
  secretBox?: SecretBox;
  llmResolver?: LlmResolver;
}

/** Git hosts on private addresses are refused unless the configuration says `git.allowPrivateHosts`. */
function isPrivateGitAllowed(runtime: Runtime): boolean {
  return (runtime.config as { git?: { allowPrivateHosts?: boolean } }).git?.allowPrivateHosts === true;
}

function secretBoxOf(runtime: Runtime): SecretBox {
  const given = (runtime as Runtime & OptionalRuntimeParts).secretBox;
  if (given) return given;
  // startServer fills the key in embedded mode and checkRoles demands it with PostgreSQL.
  if (!runtime.config.auth.encryptionKey)
    throw new Error('XCR_ENCRYPTION_KEY is not set: cannot open secrets at rest');
  return secretBoxFromKeys(runtime.config.auth.encryptionKey);
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
  const llmResolver = (runtime as Runtime & OptionalRuntimeParts).llmResolver;
  const outcome = await runAuditTask(
    {
      repos: createRepositories(runtime.database.db),
      openSource: createSourceOpener({
        storage: runtime.storage,
        secretBox: secretBoxOf(runtime),
        tmpDir: temporaryDir(runtime.config),
        isPrivateGitAllowed: isPrivateGitAllowed(runtime),
      }),
      ...(llmResolver ? { llmResolver } : {}),
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
