/** Test support: the findings, feature flag, audit log and settings cases of the shared database suite. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '@xcr/core/errors';
import type { NewFinding } from '@xcr/core/ports/repositories';
import { makeTask, makeUser, rejectsWith, unique, type SuiteContext } from './db-suite-helpers.ts';

function finding(base: { task_id: string; project_id: string }, fingerprint: string, extra: Partial<NewFinding> = {}): NewFinding {
  return {
    ...base,
    fingerprint,
    file_path: 'src/app.ts',
    line_start: 10,
    line_end: 12,
    title: `finding ${fingerprint}`,
    severity: 'medium',
    category: 'security',
    analyzer: 'rules',
    ...extra,
  };
}

export function registerFindingCases(ctx: SuiteContext) {
  describe('findings', () => {
    it('inserts idempotently on (task, fingerprint), also within one batch', async () => {
      const { findings } = ctx.repos;
      const { project, task } = await makeTask(ctx.repos);
      const base = { task_id: task.id, project_id: project.id };
      const first = await findings.insertMany([finding(base, 'a'), finding(base, 'b'), finding(base, 'a')]);
      assert.equal(first.inserted, 2);
      const again = await findings.insertMany([finding(base, 'a'), finding(base, 'b'), finding(base, 'c')]);
      assert.equal(again.inserted, 1);
      assert.equal((await findings.list({ task_id: task.id })).total, 3);
      assert.deepEqual([...(await findings.fingerprints(task.id)).keys()].sort(), ['a', 'b', 'c']);
      assert.equal((await findings.insertMany([])).inserted, 0);
    });

    it('stores CWE lists and explanations as given', async () => {
      const { project, task } = await makeTask(ctx.repos);
      const explanation = { what: 'SQL built from input', why: 'injection', how: 'bind parameters', learn_more: 'https://cwe.mitre.org/data/definitions/89.html' };
      await ctx.repos.findings.insertMany([finding({ task_id: task.id, project_id: project.id }, 'x', { cwe: [89, 564], explanation, evidence: { sink: 'query' } })]);
      const [stored] = (await ctx.repos.findings.list({ task_id: task.id })).items;
      assert.deepEqual(stored?.cwe, [89, 564]);
      assert.deepEqual(stored?.explanation, explanation);
      assert.deepEqual(stored?.evidence, { sink: 'query' });
      assert.equal(stored?.status, 'open');
      assert.equal(stored?.lifecycle, 'new');
    });

    it('orders by true severity rank, not by name, and filters', async () => {
      const { findings } = ctx.repos;
      const { project, task } = await makeTask(ctx.repos);
      const base = { task_id: task.id, project_id: project.id };
      const order = ['low', 'critical', 'info', 'high', 'medium'] as const;
      await findings.insertMany(order.map((severity, i) => finding(base, `s${i}`, { severity, file_path: `dir/f${i}.py` })));
      const listed = await findings.list({ task_id: task.id });
      assert.deepEqual(listed.items.map((f) => f.severity), ['critical', 'high', 'medium', 'low', 'info']);
      const high = await findings.list({ task_id: task.id, severity: ['critical', 'high'] });
      assert.deepEqual(high.items.map((f) => f.severity), ['critical', 'high']);
      assert.equal((await findings.list({ task_id: task.id, file_path: 'F3.PY' })).total, 1);
      const page2 = await findings.list({ task_id: task.id, page: 2, page_size: 2 });
      assert.equal(page2.total, 5);
      assert.deepEqual(page2.items.map((f) => f.severity), ['medium', 'low']);
    });

    it('stamps and clears resolution on status changes, one or many', async () => {
      const { findings } = ctx.repos;
      const { owner, project, task } = await makeTask(ctx.repos);
      const base = { task_id: task.id, project_id: project.id };
      await findings.insertMany([finding(base, '1'), finding(base, '2', { severity: 'critical' }), finding(base, '3', { category: 'style' })]);
      const [one, two, three] = (await findings.list({ task_id: task.id })).items;
      const resolved = await findings.updateStatus(one!.id, 'resolved', owner.id);
      assert.equal(resolved?.resolved_by, owner.id);
      assert.ok(resolved?.resolved_at instanceof Date);
      const reopened = await findings.updateStatus(one!.id, 'open', owner.id);
      assert.equal(reopened?.resolved_by, null);
      assert.equal(reopened?.resolved_at, null);
      assert.equal(await findings.updateStatus('nope', 'open', null), undefined);
      await rejectsWith(findings.updateStatus(one!.id, 'done' as never, null), ValidationError);
      assert.equal(await findings.bulkUpdateStatus([two!.id, three!.id, 'bad-id'], 'false_positive', owner.id), 2);
      const stats = await findings.statistics({ task_id: task.id });
      assert.equal(stats.total, 3);
      assert.deepEqual(stats.by_severity, { critical: 1, high: 0, medium: 2, low: 0, info: 0 });
      assert.equal(stats.by_category.security, 2);
      assert.equal(stats.by_category.style, 1);
      assert.equal(stats.by_status.false_positive, 2);
      assert.equal(stats.by_status.open, 1);
      assert.equal((await findings.list({ task_id: task.id, status: 'false_positive' })).total, 2);
    });

    it('keeps comments per finding and deletes a task\'s findings', async () => {
      const { findings } = ctx.repos;
      const { owner, project, task } = await makeTask(ctx.repos);
      await findings.insertMany([finding({ task_id: task.id, project_id: project.id }, 'c')]);
      const [stored] = (await findings.list({ task_id: task.id })).items;
      await findings.addComment(stored!.id, owner.id, 'first');
      await findings.addComment(stored!.id, null, 'second');
      assert.deepEqual((await findings.listComments(stored!.id)).map((c) => c.body), ['first', 'second']);
      assert.equal(await findings.deleteByTask(task.id), 1);
      assert.deepEqual(await findings.listComments(stored!.id), []);
    });
  });
}

export function registerSmallRepositoryCases(ctx: SuiteContext) {
  describe('feature flags, audit log, settings', () => {
    it('upserts flags field by field and validates them', async () => {
      const { featureFlags } = ctx.repos;
      const admin = await makeUser(ctx.repos, 'admin');
      // Keys of the test's own: the migrations seed the runbook's flags.
      const created = await featureFlags.upsert({ key: 'TEST_LIVE_UPDATES', enabled: true, allowed_users: [admin.id] }, admin.id);
      assert.equal(created.rollout_percentage, 100);
      assert.deepEqual(created.allowed_users, [admin.id]);
      const changed = await featureFlags.upsert({ key: 'TEST_LIVE_UPDATES', rollout_percentage: 25 }, null);
      assert.equal(changed.enabled, true);
      assert.equal(changed.rollout_percentage, 25);
      assert.deepEqual(changed.allowed_users, [admin.id]);
      assert.equal(changed.updated_by, null);
      await featureFlags.upsert({ key: 'A_FIRST' }, null);
      const keys = (await featureFlags.list()).map((f) => f.key);
      assert.deepEqual(keys.filter((k) => k === 'A_FIRST' || k === 'TEST_LIVE_UPDATES'), ['A_FIRST', 'TEST_LIVE_UPDATES']);
      assert.deepEqual(keys, [...keys].sort(), 'listed by key');
      await rejectsWith(featureFlags.upsert({ key: 'x', rollout_percentage: 101 }, null), ValidationError);
      await rejectsWith(featureFlags.upsert({ key: 'bad key!' }, null), ValidationError);
      assert.equal(await featureFlags.delete('A_FIRST'), true);
      assert.equal(await featureFlags.get('A_FIRST'), undefined);
    });

    it('appends to the audit log and lists newest first with filters', async () => {
      const { auditLog } = ctx.repos;
      const actor = await makeUser(ctx.repos, 'admin');
      const resource = unique('res-');
      await auditLog.append({ actor_id: actor.id, action: 'user.login', ip: '127.0.0.1' });
      await auditLog.append({ actor_id: actor.id, action: 'flag.update', resource_type: 'feature_flag', resource_id: resource, details: { enabled: true } });
      const mine = await auditLog.list({ actor_id: actor.id });
      assert.equal(mine.total, 2);
      assert.deepEqual(mine.items.map((e) => e.action), ['flag.update', 'user.login']);
      const byResource = await auditLog.list({ resource_type: 'feature_flag', resource_id: resource });
      assert.deepEqual(byResource.items[0]?.details, { enabled: true });
      assert.equal((await auditLog.list({ actor_id: actor.id, since: new Date(Date.now() + 60_000) })).total, 0);
    });

    it('stores any JSON value as a setting', async () => {
      const { settings } = ctx.repos;
      const key = unique('setting-');
      await settings.set(key, ['a', 'b'], null);
      assert.deepEqual((await settings.get(key))?.value, ['a', 'b']);
      const replaced = await settings.set(key, { nested: { n: 1 } }, null);
      assert.deepEqual(replaced.value, { nested: { n: 1 } });
      await settings.set(`${key}-text`, 'plain', null);
      assert.equal((await settings.get(`${key}-text`))?.value, 'plain');
      assert.ok((await settings.list()).some((s) => s.key === key));
      assert.equal(await settings.delete(key), true);
      assert.equal(await settings.get(key), undefined);
    });
  });
}
