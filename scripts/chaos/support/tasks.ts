/**
 * Tasks seen from the database and the API during a chaos run: creating many, waiting for all of them to finish
 * (with the queue state of stragglers when they do not), and what a clean run stores.
 */
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '@xcr/adapters/db/create-database';
import { oneFileRule, type ApiClient } from './chaos-stack.ts';
import { waitFor } from './poll.ts';
import type { QueueProbe } from './queue-probe.ts';

const finishedStatuses: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** Task statuses by count, and the findings stored per task (count and distinct fingerprints). */
export interface TaskCensus {
  byStatus: Record<string, number>;
  findings: Map<string, { rows: number; fingerprints: number }>;
  tasks: Map<string, { status: string; retry_count: number }>;
}

/** Reads every task and its finding counts straight from the database. */
export async function taskCensus(database: DatabaseHandle): Promise<TaskCensus> {
  const tasks = await database.db.selectFrom('audit_tasks').select(['id', 'status', 'retry_count']).execute();
  const counts = await database.db
    .selectFrom('findings')
    .select((eb) => [
      'task_id',
      eb.fn.countAll<number>().as('rows'),
      eb.fn.count<number>(eb.fn('distinct', ['fingerprint'])).as('fingerprints'),
    ])
    .groupBy('task_id')
    .execute();
  const census: TaskCensus = { byStatus: {}, findings: new Map(), tasks: new Map() };
  for (const t of tasks) {
    census.byStatus[t.status] = (census.byStatus[t.status] ?? 0) + 1;
    census.tasks.set(t.id, { status: t.status, retry_count: t.retry_count });
  }
  for (const c of counts)
    census.findings.set(c.task_id, { rows: Number(c.rows), fingerprints: Number(c.fingerprints) });
  return census;
}

/** How many tasks are in `status`. */
export async function countTasks(database: DatabaseHandle, status: string): Promise<number> {
  const row = await database.db
    .selectFrom('audit_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status as never)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates `count` tasks over `projects` in turn, 20 requests at a time; every answer must be 201. */
export async function createTasks(
  client: ApiClient,
  projects: readonly string[],
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const batch = Array.from(
      { length: Math.min(20, count - ids.length) },
      (_, i) => projects[(ids.length + i) % projects.length]!,
    );
    for (const answer of await Promise.all(batch.map((p) => client.createTask(p)))) {
      assert.equal(answer.status, 201, answer.text);
      ids.push((answer.json as { id: string }).id);
    }
  }
  return ids;
}

/** Waits until every task of `taskIds` is finished; on timeout, the error names the queue state of stragglers. */
export async function waitForTasks(
  database: DatabaseHandle,
  probe: QueueProbe,
  taskIds: readonly string[],
  timeoutMs: number,
): Promise<TaskCensus> {
  const unfinished = (census: TaskCensus) =>
    taskIds.filter((id) => !finishedStatuses.has(census.tasks.get(id)?.status ?? ''));
  try {
    return await waitFor(
      `${taskIds.length} tasks to finish`,
      async () => {
        const census = await taskCensus(database);
        return unfinished(census).length === 0 ? census : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    const census = await taskCensus(database);
    const jobs = await Promise.all(
      unfinished(census)
        .slice(0, 10)
        .map((id) => probe.jobState(id)),
    );
    throw new Error(
      `${String(error)}; tasks ${JSON.stringify(census.byStatus)}; unfinished jobs ${JSON.stringify(jobs)}`,
    );
  }
}

/** Runs one audit of `projectId` undisturbed and returns the fingerprints it stored (it must report the known rule). */
export async function cleanRunFingerprints(
  client: ApiClient,
  database: DatabaseHandle,
  probe: QueueProbe,
  projectId: string,
): Promise<string[]> {
  const [taskId] = await createTasks(client, [projectId], 1);
  const census = await waitForTasks(database, probe, [taskId!], 60_000);
  assert.equal(census.tasks.get(taskId!)?.status, 'completed');
  const findings = await database.db
    .selectFrom('findings')
    .select(['fingerprint', 'rule_id'])
    .where('task_id', '=', taskId!)
    .execute();
  assert.ok(
    findings.some((f) => f.rule_id === oneFileRule),
    `the clean run reports ${oneFileRule}`,
  );
  return findings.map((f) => f.fingerprint);
}

/** Tasks of `taskIds` whose stored findings differ in number from `expected` (or hold a fingerprint twice). */
export function wrongFindingCounts(
  census: TaskCensus,
  taskIds: readonly string[],
  expected: number,
): string[] {
  return taskIds.filter((id) => {
    const f = census.findings.get(id);
    return (f?.rows ?? 0) !== expected || (f?.fingerprints ?? 0) !== expected;
  });
}
