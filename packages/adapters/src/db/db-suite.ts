/**
 * Test support: the integration suite every database backend must pass (PGlite and PostgreSQL run the very
 * same cases). `describeDatabaseSuite` takes a factory for a handle on an EMPTY database.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError, NotFoundError, ValidationError } from '@xcr/core/errors';
import type { DatabaseHandle } from './create-database.ts';
import { migrateToLatest, migrationStatus } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { createRepositories } from './repositories/index.ts';
import { registerFindingCases, registerSmallRepositoryCases } from './db-suite-more.ts';
import { registerPageCases } from './db-suite-pages.ts';
import { makeTask, makeUser, rejectsWith, unique, type SuiteContext } from './db-suite-helpers.ts';

/** Registers the whole suite under `name`. `open` returns a handle on an empty database; `close` ends it. */
export function describeDatabaseSuite(
  name: string,
  open: () => Promise<DatabaseHandle>,
  close: (h: DatabaseHandle) => Promise<void>,
) {
  describe(name, () => {
    const ctx = {} as SuiteContext;
    before(async () => {
      ctx.handle = await open();
    });
    after(async () => {
      if (ctx.handle) await close(ctx.handle);
    });

    it('applies every migration to an empty database, and a second run applies nothing', async () => {
      const first = await migrateToLatest(ctx.handle);
      assert.deepEqual(first.applied, Object.keys(migrations));
      assert.deepEqual(await migrateToLatest(ctx.handle), { applied: [] });
      const status = await migrationStatus(ctx.handle);
      assert.deepEqual(
        status.map((s) => s.name),
        Object.keys(migrations),
      );
      assert.ok(status.every((s) => s.executedAt instanceof Date));
      ctx.repos = createRepositories(ctx.handle.db);
    });

    it('answers ping, pool stats and raw SQL (several statements without parameters)', async () => {
      const counted = ctx.handle.queryStats();
      await ctx.handle.ping();
      const stats = ctx.handle.poolStats();
      assert.ok(stats.total >= stats.idle && stats.waiting >= 0);
      const multi = await ctx.handle.executeSql('SELECT 1 AS a; SELECT 2 AS b');
      assert.deepEqual(multi.rows, [{ b: 2 }]);
      const withValues = await ctx.handle.executeSql('SELECT $1::int + 1 AS n', [41]);
      assert.deepEqual(withValues.rows, [{ n: 42 }]);
      await assert.rejects(ctx.handle.executeSql('SELECT * FROM no_such_table'));
      // Ping, three raw statements and the failed one are all queries; none lacked a connection.
      assert.deepEqual(ctx.handle.queryStats(), {
        queries: counted.queries + 4,
        connectionErrors: counted.connectionErrors,
      });
      assert.deepEqual((await ctx.handle.executeSql('SELECT 3 AS c')).rows, [{ c: 3 }]);
    });

    registerUserCases(ctx);
    registerProjectCases(ctx);
    registerTaskCases(ctx);
    registerFindingCases(ctx);
    registerSmallRepositoryCases(ctx);
    registerPageCases(ctx);
    registerTransactionCases(ctx);
  });
}

function registerUserCases(ctx: SuiteContext) {
  describe('users', () => {
    it('finds users by email or username ignoring case, and refuses duplicates in any case', async () => {
      const { users } = ctx.repos;
      const alice = await users.create({
        email: 'Alice@Example.test',
        username: 'Alice',
        password_hash: 'h',
      });
      assert.equal(alice.role, 'user');
      assert.equal(alice.is_active, true);
      assert.ok(alice.created_at instanceof Date);
      assert.equal((await users.findByEmailOrUsername('alice@example.TEST'))?.id, alice.id);
      assert.equal((await users.findByEmailOrUsername('  ALICE '))?.id, alice.id);
      assert.equal(await users.findByEmailOrUsername('nobody'), undefined);
      await rejectsWith(
        users.create({ email: 'alice@example.test', username: 'other' }),
        ConflictError,
        'user_exists',
      );
      await rejectsWith(
        users.create({ email: 'other@example.test', username: 'aLiCe' }),
        ConflictError,
        'user_exists',
      );
      assert.equal(await users.findById('not-a-uuid'), undefined);
      assert.equal(await users.findById('00000000-0000-4000-8000-000000000000'), undefined);
    });

    it('returns the oldest active admin first', async () => {
      const { users } = ctx.repos;
      const first = await makeUser(ctx.repos, 'admin');
      await makeUser(ctx.repos, 'admin');
      assert.equal((await users.findFirstAdmin())?.id, first.id);
      await users.update(first.id, { is_active: false });
      assert.notEqual((await users.findFirstAdmin())?.id, first.id);
    });

    it('locks after repeated failures and clears the lock on login', async () => {
      const { users } = ctx.repos;
      const user = await makeUser(ctx.repos);
      const policy = { maxAttempts: 3, lockMs: 60_000 };
      assert.equal((await users.recordFailure(user.id, policy))?.locked_until, null);
      await users.recordFailure(user.id, policy);
      const locked = await users.recordFailure(user.id, policy);
      assert.equal(locked?.failed_login_attempts, 3);
      assert.ok(locked?.locked_until instanceof Date && locked.locked_until.getTime() > Date.now() + 30_000);
      await users.recordLogin(user.id);
      const after = await users.findById(user.id);
      assert.equal(after?.failed_login_attempts, 0);
      assert.equal(after?.locked_until, null);
      assert.ok(after?.last_login_at instanceof Date);
    });

    it('updates fields, rejects a taken email and refuses to delete a project owner', async () => {
      const { users, projects } = ctx.repos;
      const a = await makeUser(ctx.repos);
      const b = await makeUser(ctx.repos);
      const updated = await users.update(a.id, { full_name: 'A Person', role: 'viewer' });
      assert.equal(updated?.full_name, 'A Person');
      assert.equal(updated?.role, 'viewer');
      assert.ok(updated && updated.updated_at.getTime() >= a.updated_at.getTime());
      await rejectsWith(users.update(a.id, { email: b.email.toUpperCase() }), ConflictError, 'user_exists');
      await rejectsWith(users.update(a.id, { role: 'root' as never }), ValidationError, 'invalid_value');
      await projects.create({ owner_id: b.id, name: 'owned', source: 'zip' });
      await rejectsWith(users.delete(b.id), ConflictError, 'in_use');
      assert.equal(await users.delete(a.id), true);
      assert.equal(await users.findById(a.id), undefined);
    });

    it('lists with search and pagination totals', async () => {
      const tag = unique('searchable');
      for (let i = 0; i < 5; i += 1)
        await ctx.repos.users.create({ email: `${tag}-${i}@x.test`, username: `${tag}_${i}` });
      const page = await ctx.repos.users.list({ search: tag, page: 2, page_size: 2 });
      assert.equal(page.total, 5);
      assert.equal(page.items.length, 2);
      assert.equal(page.page, 2);
      assert.equal(page.page_size, 2);
      const beyond = await ctx.repos.users.list({ search: tag, page: 9, page_size: 2 });
      assert.equal(beyond.total, 5);
      assert.equal(beyond.items.length, 0);
    });
  });
}

function registerProjectCases(ctx: SuiteContext) {
  describe('projects and members', () => {
    it('creates with defaults and round-trips JSON fields', async () => {
      const owner = await makeUser(ctx.repos);
      const project = await ctx.repos.projects.create({
        owner_id: owner.id,
        name: 'demo',
        source: 'github',
        repository_url: 'https://example.test/a/b.git',
        settings: { exclude: ['dist/**', 'vendor/**'], schedule: '0 3 * * *' },
      });
      assert.equal(project.branch, 'main');
      assert.equal(project.status, 'active');
      assert.deepEqual(project.languages, {});
      assert.deepEqual(project.settings, { exclude: ['dist/**', 'vendor/**'], schedule: '0 3 * * *' });
      const updated = await ctx.repos.projects.update(project.id, {
        languages: { TypeScript: 12, Python: 3 },
        total_files: 15,
      });
      assert.deepEqual(updated?.languages, { TypeScript: 12, Python: 3 });
      assert.equal(updated?.total_files, 15);
    });

    it('paginates with a true total, searches names literally and filters by visibility', async () => {
      const owner = await makeUser(ctx.repos);
      const other = await makeUser(ctx.repos);
      for (let i = 0; i < 7; i += 1)
        await ctx.repos.projects.create({ owner_id: owner.id, name: `list-${i}`, source: 'git' });
      await ctx.repos.projects.create({ owner_id: owner.id, name: '100%_done', source: 'git' });
      const page3 = await ctx.repos.projects.list({ owner_id: owner.id, page: 3, page_size: 3 });
      assert.equal(page3.total, 8);
      assert.equal(page3.items.length, 2);
      const literal = await ctx.repos.projects.list({ owner_id: owner.id, search: '0%_' });
      assert.deepEqual(
        literal.items.map((p) => p.name),
        ['100%_done'],
      );
      assert.equal((await ctx.repos.projects.list({ visible_to: other.id })).total, 0);
      const shared = page3.items[0]!;
      await ctx.repos.members.add(shared.id, other.id, 'viewer');
      const visible = await ctx.repos.projects.list({ visible_to: other.id });
      assert.deepEqual(
        visible.items.map((p) => p.id),
        [shared.id],
      );
    });

    it('moves to the recycle bin, restores and purges with everything below', async () => {
      const { projects, tasks, findings } = ctx.repos;
      const { owner, project, task } = await makeTask(ctx.repos);
      await findings.insertMany([
        {
          task_id: task.id,
          project_id: project.id,
          fingerprint: 'f',
          file_path: 'a.ts',
          title: 't',
          severity: 'low',
          category: 'bug',
          analyzer: 'rules',
        },
      ]);
      const deleted = await projects.softDelete(project.id);
      assert.equal(deleted?.status, 'deleted');
      assert.ok(deleted?.deleted_at instanceof Date);
      assert.equal(await projects.softDelete(project.id), undefined);
      assert.equal(await projects.update(project.id, { name: 'x' }), undefined);
      assert.equal((await projects.list({ owner_id: owner.id })).total, 0);
      assert.equal((await projects.list({ owner_id: owner.id, status: 'deleted' })).total, 1);
      const restored = await projects.restore(project.id);
      assert.equal(restored?.status, 'active');
      assert.equal(restored?.deleted_at, null);
      assert.equal(await projects.restore(project.id), undefined);
      await projects.softDelete(project.id);
      assert.deepEqual(await projects.purgeDeletedBefore(new Date(Date.now() - 3_600_000)), []);
      assert.deepEqual(await projects.purgeDeletedBefore(new Date(Date.now() + 3_600_000)), [project.id]);
      assert.equal(await projects.get(project.id), undefined);
      assert.equal(await tasks.get(task.id), undefined);
      assert.equal((await findings.list({ task_id: task.id })).total, 0);
      assert.equal(await projects.purge(project.id), false);
    });

    it('keeps one membership per user and project', async () => {
      const { members } = ctx.repos;
      const { project } = await makeTask(ctx.repos);
      const user = await makeUser(ctx.repos);
      const added = await members.add(project.id, user.id, 'member');
      assert.equal(added.username, user.username);
      await rejectsWith(members.add(project.id, user.id, 'admin'), ConflictError, 'member_exists');
      assert.equal(await members.roleOf(project.id, user.id), 'member');
      assert.equal((await members.updateRole(project.id, user.id, 'admin'))?.role, 'admin');
      assert.equal((await members.list(project.id)).length, 1);
      assert.equal(await members.remove(project.id, user.id), true);
      assert.equal(await members.roleOf(project.id, user.id), undefined);
    });
  });
}

function registerTaskCases(ctx: SuiteContext) {
  describe('audit tasks', () => {
    it('creates with defaults and round-trips numbers and JSON arrays', async () => {
      const { task } = await makeTask(ctx.repos);
      assert.equal(task.status, 'pending');
      assert.equal(task.progress, 0);
      assert.equal(task.cost_usd, 0);
      assert.deepEqual(task.skipped, []);
      const skipped = [{ path: 'a.min.js', reason: 'minified' }];
      const updated = await ctx.repos.tasks.update(task.id, {
        skipped,
        cost_usd: 0.012345,
        metrics: { complexity: 80 },
        tokens_in: 1200,
      });
      assert.deepEqual(updated?.skipped, skipped);
      assert.equal(updated?.cost_usd, 0.012345);
      assert.deepEqual(updated?.metrics, { complexity: 80 });
    });

    it('moves through the allowed states only, stamping times', async () => {
      const { tasks } = ctx.repos;
      const { task } = await makeTask(ctx.repos);
      const running = await tasks.transition(task.id, 'running', { current_step: 'cloning' });
      assert.ok(running.started_at instanceof Date);
      assert.equal(running.current_step, 'cloning');
      const again = await tasks.transition(task.id, 'running');
      assert.equal(again.started_at?.getTime(), running.started_at.getTime());
      assert.equal(await tasks.updateProgress(task.id, { progress: 40, files_scanned: 4 }), true);
      assert.equal(await tasks.updateProgress(task.id, { progress: 30 }), true);
      assert.equal((await tasks.get(task.id))?.progress, 40);
      const done = await tasks.transition(task.id, 'completed', { quality_score: 87.5, total_issues: 2 });
      assert.equal(done.progress, 100);
      assert.ok(done.completed_at instanceof Date);
      assert.equal(await tasks.updateProgress(task.id, { progress: 50 }), false);
      await rejectsWith(tasks.transition(task.id, 'running'), ConflictError, 'task_state_conflict');
      await rejectsWith(tasks.transition('00000000-0000-4000-8000-000000000000', 'running'), NotFoundError);
      await rejectsWith(tasks.update(task.id, { progress: 101 }), ValidationError);
    });

    it('retries a failed task and cancels pending and running ones', async () => {
      const { tasks } = ctx.repos;
      const { task } = await makeTask(ctx.repos);
      await tasks.transition(task.id, 'running');
      await tasks.transition(task.id, 'failed', { error_message: 'boom' });
      const retried = await tasks.transition(task.id, 'pending');
      assert.equal(retried.retry_count, 1);
      assert.equal(retried.error_message, null);
      assert.equal(retried.started_at, null);
      const cancelled = await tasks.requestCancel(task.id);
      assert.equal(cancelled?.status, 'cancelled');
      const { task: second } = await makeTask(ctx.repos);
      await tasks.transition(second.id, 'running');
      const flagged = await tasks.requestCancel(second.id);
      assert.equal(flagged?.status, 'running');
      assert.ok(flagged?.cancel_requested_at instanceof Date);
    });

    it('lists with filters and finds the previous completed run of a branch', async () => {
      const { tasks } = ctx.repos;
      const { owner, project, task: first } = await makeTask(ctx.repos);
      await tasks.update(first.id, { branch: 'main' });
      await tasks.transition(first.id, 'running');
      await tasks.transition(first.id, 'completed');
      const second = await tasks.create({
        project_id: project.id,
        created_by: owner.id,
        name: 'again',
        branch: 'main',
        priority: 'high',
      });
      assert.equal((await tasks.list({ project_id: project.id })).total, 2);
      assert.deepEqual(
        (await tasks.list({ project_id: project.id, status: 'pending' })).items.map((t) => t.id),
        [second.id],
      );
      assert.equal((await tasks.list({ project_id: project.id, priority: 'high' })).total, 1);
      assert.equal((await tasks.list({ visible_to: owner.id })).total, 2);
      const previous = await tasks.findPreviousCompleted(project.id, 'main', new Date(Date.now() + 60_000));
      assert.equal(previous?.id, first.id);
      assert.equal(
        await tasks.findPreviousCompleted(project.id, 'develop', new Date(Date.now() + 60_000)),
        undefined,
      );
    });
  });
}

function registerTransactionCases(ctx: SuiteContext) {
  describe('transactions', () => {
    it('commits all writes together or none', async () => {
      const key = unique('tx-');
      await ctx.repos.transaction(async (repos) => {
        await repos.settings.set(`${key}-a`, 1, null);
        await repos.settings.set(`${key}-b`, 2, null);
      });
      assert.equal((await ctx.repos.settings.get(`${key}-b`))?.value, 2);
      await assert.rejects(
        ctx.repos.transaction(async (repos) => {
          await repos.settings.set(`${key}-c`, 3, null);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await ctx.repos.settings.get(`${key}-c`), undefined);
    });

    it('keeps concurrent transactions apart', async () => {
      const key = unique('iso-');
      let markStarted = () => {};
      const started = new Promise<void>((resolve) => (markStarted = resolve));
      const failing = ctx.repos.transaction(async (repos) => {
        await repos.settings.set(`${key}-a`, 'a', null);
        markStarted();
        await sleep(50);
        const mine = await repos.settings.list();
        assert.ok(mine.some((s) => s.key === `${key}-a`));
        assert.ok(!mine.some((s) => s.key === `${key}-b`), 'saw the other transaction');
        throw new Error('roll back a');
      });
      const committing = (async () => {
        // On PostgreSQL this runs while `a` is open; on PGlite it waits until `a` has ended.
        await started;
        return ctx.repos.transaction(async (repos) => {
          await repos.settings.set(`${key}-b`, 'b', null);
          const mine = await repos.settings.list();
          assert.ok(!mine.some((s) => s.key === `${key}-a`), 'saw uncommitted data of the other transaction');
          return mine.some((s) => s.key === `${key}-b`);
        });
      })();
      const [a, b] = await Promise.allSettled([failing, committing]);
      assert.equal(a.status, 'rejected');
      assert.deepEqual(b, { status: 'fulfilled', value: true });
      assert.equal(await ctx.repos.settings.get(`${key}-a`), undefined);
      assert.equal((await ctx.repos.settings.get(`${key}-b`))?.value, 'b');
    });
  });
}
