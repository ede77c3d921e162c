/**
 * `project.scheduled-audit`: runs every minute (one run per tick, whatever the number of scheduler processes: the
 * queue's own scheduler enqueues it) and starts an audit of every active project whose `settings.schedule_cron`
 * matches the minute. One job for all projects rather than one schedule per project: schedules never need
 * registering or removing when a project's setting changes, and the setting is read fresh each minute.
 *
 * Each project gets at most one task per minute: the task carries `source_key = schedule:<minute>`, which is unique
 * per project, so a retried or duplicated run adds nothing. A task whose enqueue fails stays pending and the
 * reconciler enqueues it later.
 */
import { sql } from 'kysely';
import { ScanConfig } from '@xcr/contracts';
import { auditJobId, auditJobPriority } from '@xcr/core/audit/job-ids';
import { AppError } from '@xcr/core/errors';
import type { ProjectRecord } from '@xcr/core/ports/repositories';
import type { Runtime } from '../runtime.ts';
import { cronMatches, parseCron } from '@xcr/core/schedule/cron';

/** What one run did. */
export interface ScheduledAuditResult {
  minute: string;
  started: string[];
  /** Project id -> why it was not started (invalid cron, no source, already started this minute). */
  skipped: Record<string, string>;
}

/** The minute a tick belongs to, as the task's source key and name show it. */
function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

function whyNotAuditable(
  project: Pick<ProjectRecord, 'source' | 'upload_object_key' | 'repository_url'>,
): string | undefined {
  if (project.source === 'local') return 'local_source';
  if (project.source === 'zip' && !project.upload_object_key) return 'upload_missing';
  if (project.source !== 'zip' && !project.repository_url) return 'source_url_missing';
  return undefined;
}

/** Starts the audits due at `now`'s minute; see the module comment. */
export async function runScheduledAudits(
  runtime: Pick<Runtime, 'database' | 'repos' | 'queue' | 'logger'>,
  now: Date = new Date(),
): Promise<ScheduledAuditResult> {
  const minute = minuteOf(now);
  const stamp = minute.toISOString().slice(0, 16);
  const repos = runtime.repos;
  const log = runtime.logger.child({ component: 'scheduled-audit' });
  const rows = await runtime.database.db
    .selectFrom('projects')
    .select(['id'])
    .where('status', '=', 'active')
    .where(sql<boolean>`coalesce(settings->>'schedule_cron', '') <> ''`)
    .execute();
  const result: ScheduledAuditResult = { minute: minute.toISOString(), started: [], skipped: {} };
  for (const { id } of rows) {
    const project = await repos.projects.get(id);
    if (!project) continue;
    const cron = project.settings.schedule_cron;
    let isDue: boolean;
    try {
      isDue = typeof cron === 'string' && cronMatches(parseCron(cron), minute);
    } catch {
      result.skipped[id] = 'invalid_cron';
      continue;
    }
    if (!isDue) continue;
    const problem = whyNotAuditable(project);
    if (problem) {
      result.skipped[id] = problem;
      continue;
    }
    const parsedConfig = ScanConfig.safeParse(project.settings.scan_config ?? {});
    let task;
    try {
      task = await repos.tasks.create({
        project_id: project.id,
        created_by: project.owner_id,
        name: `Scheduled audit of ${project.name} (${stamp.replace('T', ' ')} UTC)`,
        kind: 'repository',
        branch: project.branch,
        scan_config: parsedConfig.success ? parsedConfig.data : ScanConfig.parse({}),
        source_key: `schedule:${stamp}`,
      });
    } catch (error) {
      if (error instanceof AppError && error.status === 409) {
        result.skipped[id] = 'already_started';
        continue;
      }
      throw error;
    }
    try {
      await runtime.queue.enqueue(
        'audit.run',
        { task_id: task.id },
        { jobId: auditJobId(task), priority: auditJobPriority[task.priority] },
      );
    } catch (err) {
      log.warn({ err, task_id: task.id }, 'scheduled audit not enqueued; the reconciler will retry');
    }
    result.started.push(task.id);
  }
  if (result.started.length > 0 || Object.keys(result.skipped).length > 0)
    log.info({ ...result }, 'scheduled audits');
  return result;
}
