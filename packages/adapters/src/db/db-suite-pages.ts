/** Test support: the paged-list and dashboard-statistics cases of the shared database suite. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, StatisticsTotals } from '@xcr/core/ports/repositories';
import { makeTask, makeUser, type SuiteContext } from './db-suite-helpers.ts';

/** Statements `work` sent to the database. */
async function statementsOf(ctx: SuiteContext, work: () => Promise<unknown>): Promise<number> {
  const before = ctx.handle.queryStats().queries;
  await work();
  return ctx.handle.queryStats().queries - before;
}

export function registerPageCases(ctx: SuiteContext) {
  describe('paged lists', () => {
    it('answer a page in one statement, keep the exact total past the end, and return rows without extra columns', async () => {
      const { repos } = ctx;
      const { owner, project, task } = await makeTask(repos);
      const second = await repos.tasks.create({
        project_id: project.id,
        created_by: owner.id,
        name: 'again',
      });
      await repos.tasks.create({ project_id: project.id, created_by: owner.id, name: 'third' });
      await repos.findings.insertMany(
        ['a', 'b', 'c'].map((fingerprint) => ({
          task_id: task.id,
          project_id: project.id,
          fingerprint,
          file_path: 'a.ts',
          title: 't',
          severity: 'low' as const,
          category: 'bug' as const,
          analyzer: 'rules',
        })),
      );
      for (const t of [task, second, task])
        await repos.reports.create({ task_id: t.id, format: 'json', options: {}, created_by: owner.id });
      for (const action of ['one', 'two', 'three'])
        await repos.auditLog.append({ actor_id: owner.id, action });

      // Each list has three rows in its filter; `own` is the row as a single-row read returns it.
      const lists: Array<{
        name: string;
        list: (page: number) => Promise<Page<{ id: string }>>;
        own: (id: string) => Promise<object | undefined>;
      }> = [
        {
          name: 'tasks',
          list: (page) => repos.tasks.list({ project_id: project.id, page, page_size: 2 }),
          own: (id) => repos.tasks.get(id),
        },
        {
          name: 'tasks visible to the owner',
          list: (page) => repos.tasks.list({ visible_to: owner.id, page, page_size: 2 }),
          own: (id) => repos.tasks.get(id),
        },
        {
          name: 'findings',
          list: (page) => repos.findings.list({ task_id: task.id, page, page_size: 2 }),
          own: (id) => repos.findings.get(id),
        },
        {
          name: 'reports',
          list: (page) => repos.reports.list({ visible_to: owner.id, page, page_size: 2 }),
          own: (id) => repos.reports.get(id),
        },
        {
          name: 'audit log',
          list: (page) => repos.auditLog.list({ actor_id: owner.id, page, page_size: 2 }),
          own: async () => undefined,
        },
      ];
      for (const { name, list, own } of lists) {
        let first: Page<{ id: string }> | undefined;
        assert.equal(
          await statementsOf(ctx, async () => (first = await list(1))),
          1,
          `${name}: one statement a page`,
        );
        assert.deepEqual([first!.total, first!.items.length], [3, 2], name);
        for (const item of first!.items) {
          assert.ok(!('__total' in item), `${name}: the total column is stripped`);
          const single = await own(item.id);
          if (single)
            assert.deepEqual(
              Object.keys(item).sort(),
              Object.keys(single).sort(),
              `${name}: same columns as a single read`,
            );
        }
        const last = await list(2);
        assert.deepEqual([last.total, last.items.length], [3, 1], name);
        let beyond: Page<{ id: string }> | undefined;
        // Past the end no row carries the total, so it is counted on its own.
        assert.equal(
          await statementsOf(ctx, async () => (beyond = await list(5))),
          2,
          `${name}: past the end`,
        );
        assert.deepEqual([beyond!.total, beyond!.items.length, beyond!.page], [3, 0, 5], name);
      }
      const nobody = await makeUser(repos);
      assert.equal(
        await statementsOf(ctx, () => repos.projects.list({ visible_to: nobody.id })),
        1,
        'an empty first page needs no count',
      );
      assert.equal((await repos.projects.list({ visible_to: nobody.id })).total, 0);
    });
  });

  describe('dashboard statistics', () => {
    it("agree between a member's view, the project asked for and the growth of the unscoped totals, one statement each", async () => {
      const { repos } = ctx;
      const before = await repos.statistics.totals({});
      const { owner, project, task } = await makeTask(repos);
      const member = await makeUser(repos);
      await repos.members.add(project.id, member.id, 'viewer');
      // A project of the same owner the member cannot see, and one in the recycle bin: neither may count.
      const hidden = await repos.projects.create({ owner_id: owner.id, name: 'hidden', source: 'git' });
      const binned = await repos.projects.create({ owner_id: owner.id, name: 'binned', source: 'git' });
      await repos.tasks.create({ project_id: hidden.id, created_by: owner.id, name: 'hidden scan' });
      await repos.tasks.create({ project_id: binned.id, created_by: owner.id, name: 'binned scan' });
      await repos.projects.softDelete(binned.id);
      await repos.tasks.transition(task.id, 'running');
      await repos.tasks.transition(task.id, 'completed', { quality_score: 72.5 });
      const failed = await repos.tasks.create({
        project_id: project.id,
        created_by: owner.id,
        name: 'broken',
      });
      await repos.tasks.transition(failed.id, 'running');
      await repos.tasks.transition(failed.id, 'failed');
      await repos.findings.insertMany(
        (['critical', 'high', 'high', 'info'] as const).map((severity, i) => ({
          task_id: task.id,
          project_id: project.id,
          fingerprint: `s${i}`,
          file_path: 'a.ts',
          title: 't',
          severity,
          category: 'security' as const,
          analyzer: 'rules',
        })),
      );
      const [one] = (await repos.findings.list({ task_id: task.id, severity: 'info' })).items;
      await repos.findings.updateStatus(one!.id, 'resolved', owner.id);

      let memberView: StatisticsTotals | undefined;
      assert.equal(
        await statementsOf(
          ctx,
          async () => (memberView = await repos.statistics.totals({ visible_to: member.id })),
        ),
        1,
      );
      assert.deepEqual(memberView, {
        total_projects: 1,
        active_projects: 1,
        total_tasks: 2,
        running_tasks: 0,
        completed_tasks: 1,
        failed_tasks: 1,
        total_issues: 4,
        critical_issues: 1,
        high_issues: 2,
        open_issues: 3,
        resolved_issues: 1,
        average_score: 72.5,
      });
      assert.deepEqual(await repos.statistics.totals({ project_id: project.id }), memberView);
      const after = await repos.statistics.totals({});
      // The whole database grew by the member's figures plus the hidden project and its task.
      const counts = Object.keys(before).filter((k) => k !== 'average_score') as Array<
        Exclude<keyof StatisticsTotals, 'average_score'>
      >;
      const grown = Object.fromEntries(counts.map((k) => [k, after[k] - before[k]]));
      const expected = Object.fromEntries(counts.map((k) => [k, memberView![k]]));
      assert.deepEqual(grown, { ...expected, total_projects: 2, active_projects: 2, total_tasks: 3 });

      const breakdown = await repos.statistics.categories({ visible_to: member.id });
      assert.deepEqual(
        [breakdown.total_issues, breakdown.by_category.security, breakdown.by_severity.high],
        [4, 4, 2],
      );
      assert.equal(await statementsOf(ctx, () => repos.statistics.categories({ visible_to: member.id })), 1);
      const daily = await repos.statistics.daily(
        { visible_to: member.id },
        new Date(Date.now() - 86_400_000),
      );
      assert.deepEqual(
        [daily.task_counts.length, daily.quality_scores[0]?.value, daily.issue_counts[0]?.value],
        [1, 72.5, 4],
      );
      assert.equal(await statementsOf(ctx, () => repos.statistics.daily({}, new Date(0))), 1);
      const figures = await repos.statistics.project(project.id);
      assert.deepEqual(
        [figures.total_tasks, figures.completed_tasks, figures.open_issues, figures.latest_score],
        [2, 1, 3, 72.5],
      );
      assert.ok(figures.last_scan_at instanceof Date);
      const fresh = await repos.statistics.project(hidden.id);
      assert.deepEqual(
        [fresh.total_tasks, fresh.latest_score, fresh.last_scan_at, fresh.average_score],
        [1, null, null, null],
      );
      assert.equal(await statementsOf(ctx, () => repos.statistics.project(project.id)), 1);
    });
  });
}
