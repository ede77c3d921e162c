/**
 * Stored records for the fuzzer to aim at: a project owned by the plain user with a finished task, findings, a
 * comment and a report; a project in the recycle bin; a user to change and delete; an LLM provider on a closed
 * loopback port (so testing it reaches nothing); a flag; an import batch; a job. Path parameters are filled with
 * these ids, so the requests reach the handlers' real work instead of stopping at "not found".
 */
import { readFileSync } from 'node:fs';
import { migrationFixtures } from '@xcr/core/migration/fixtures/index';
import type { TestServer } from '@xcr/server/test-support/test-server';
import type { PathIds } from './request-cases.ts';

/** The seeded ids, and how the fuzzer maps path parameters and body fields onto them. */
export interface SeededData {
  plainUser: { id: string; username: string; password: string };
  ids: Record<string, string>;
  /** The stored id for a path parameter of an operation. */
  pathIds: PathIds;
  /** The stored id for a body or query field (`project_id`, `task_id`, `ids`, ...). */
  fieldId(name: string): string | undefined;
}

async function expectStatus(
  t: TestServer,
  method: string,
  path: string,
  token: string,
  json: unknown,
  status: number,
) {
  const res = await t.request(method, path, { token, json });
  if (res.status !== status)
    throw new Error(`seeding ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function seedAudit(t: TestServer, ownerId: string) {
  const project = await t.repos.projects.create({ owner_id: ownerId, name: 'fuzz project', source: 'zip' });
  await t.repos.members.add(project.id, ownerId, 'owner');
  const deleted = await t.repos.projects.create({ owner_id: ownerId, name: 'fuzz deleted', source: 'zip' });
  await t.repos.members.add(deleted.id, ownerId, 'owner');
  await t.repos.projects.softDelete(deleted.id);
  const task = await t.repos.tasks.create({ project_id: project.id, created_by: ownerId, name: 'fuzz task' });
  await t.repos.tasks.transition(task.id, 'running');
  await t.repos.findings.insertMany(
    [0, 1, 2].map((i) => ({
      task_id: task.id,
      project_id: project.id,
      fingerprint: `fuzz-${i}`,
      file_path: `src/f${i}.js`,
      line_start: 3 + i,
      title: `finding ${i}`,
      severity: 'high' as const,
      category: 'security' as const,
      analyzer: 'rules',
    })),
  );
  await t.repos.tasks.transition(task.id, 'completed', { total_issues: 3, quality_score: 70 });
  return { project: project.id, deletedProject: deleted.id, task: task.id };
}

/** Seeds the records; `adminToken` is the admin's access token. */
export async function seedData(t: TestServer, adminToken: string): Promise<SeededData> {
  const plain = await t.createUser({ role: 'user' });
  const victim = await t.createUser({ role: 'user' });
  const audit = await seedAudit(t, plain.user.id);
  const issues = await t.request('GET', `/api/v1/issues?task_id=${audit.task}`, { token: adminToken });
  const issue = issues.body.items[0].id as string;
  const comment = await expectStatus(
    t,
    'POST',
    `/api/v1/issues/${issue}/comments`,
    adminToken,
    { content: 'seed' },
    201,
  );
  const report = await expectStatus(
    t,
    'POST',
    '/api/v1/reports',
    adminToken,
    { task_id: audit.task, format: 'json' },
    201,
  );
  const provider = await expectStatus(
    t,
    'POST',
    '/api/v1/llm-providers',
    adminToken,
    {
      name: 'fuzz-seed',
      kind: 'openai-compatible',
      base_url: 'http://127.0.0.1:9/v1',
      model: 'fuzz-model',
    },
    201,
  );
  const flag = await expectStatus(
    t,
    'POST',
    '/api/v1/admin/flags',
    adminToken,
    { key: 'fuzz_seed_flag' },
    201,
  );
  const fixture = migrationFixtures.find((f) => f.path.endsWith('v1-export.json')) ?? migrationFixtures[0]!;
  const imported = await expectStatus(
    t,
    'POST',
    '/api/v1/migration/import',
    adminToken,
    JSON.parse(readFileSync(fixture.path, 'utf8')),
    200,
  );
  const jobs = await t.request('GET', '/api/v1/monitoring/jobs', { token: adminToken });
  const job = (jobs.body.items ?? jobs.body.jobs ?? [])[0] as { name?: string; id?: string } | undefined;

  const ids: Record<string, string> = {
    ...audit,
    issue,
    comment: comment.id,
    report: report.id,
    provider: provider.id,
    flag: flag.key,
    batch: imported.batch?.id ?? 'no-batch',
    jobName: job?.name ?? 'audit.run',
    jobId: job?.id ?? audit.task,
    victim: victim.user.id,
    plainUser: plain.user.id,
  };
  /** The resource a path names, by its first segment after /api/v1. */
  const byResource: Record<string, string | undefined> = {
    projects: ids.project,
    'recycle-bin': ids.deletedProject,
    users: ids.victim,
    issues: ids.issue,
    tasks: ids.task,
    reports: ids.report,
    'llm-providers': ids.provider,
    migration: ids.batch,
    monitoring: ids.jobId,
    admin: ids.flag,
    statistics: ids.project,
  };
  // A body's user_id adds a member: the victim is not one yet. A path's user_id names a member: the plain user.
  const byField: Record<string, string | undefined> = {
    project_id: ids.project,
    task_id: ids.task,
    user_id: ids.victim,
    owner_id: ids.plainUser,
    ids: ids.issue,
  };
  const byPathParam: Record<string, string | undefined> = {
    ...byField,
    user_id: ids.plainUser,
    comment_id: ids.comment,
    name: ids.jobName,
  };
  return {
    plainUser: { id: plain.user.id, username: plain.user.username, password: plain.password },
    ids,
    pathIds: (template, param) =>
      param === 'id' || param === 'key' ? byResource[template.split('/')[3] ?? ''] : byPathParam[param],
    fieldId: (name) => byField[name],
  };
}
