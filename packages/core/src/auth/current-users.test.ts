import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryCache } from '@xcr/adapters/cache/memory/index';
import type { Repositories, UserRecord, UserRepository } from '../ports/repositories.ts';
import { createCurrentUsers, userRevisionKey, withUserRevisions } from './current-users.ts';

function userRow(id: string, role: UserRecord['role']): UserRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    email: `${id}@example.test`,
    username: id,
    password_hash: null,
    role,
    is_active: true,
    force_password_change: false,
    failed_login_attempts: 0,
    locked_until: null,
    last_login_at: null,
    created_at: at,
    updated_at: at,
  } as UserRecord;
}

/** A users table in memory that counts its reads; transactions apply their writes only when `work` succeeds. */
function fakeRepos() {
  const rows = new Map<string, UserRecord>([['u1', userRow('u1', 'user')]]);
  let reads = 0;
  function usersOver(table: Map<string, UserRecord>): UserRepository {
    return {
      async findById(id) {
        reads += 1;
        const row = table.get(id);
        return row && structuredClone(row);
      },
      async update(id, patch) {
        const row = table.get(id);
        if (!row) return undefined;
        const updated = { ...row, ...patch } as UserRecord;
        table.set(id, updated);
        return structuredClone(updated);
      },
      async recordLogin(id) {
        const row = table.get(id);
        if (row) table.set(id, { ...row, last_login_at: new Date() });
      },
      async recordFailure() {
        return undefined;
      },
      async delete(id) {
        return table.delete(id);
      },
    } as Partial<UserRepository> as UserRepository;
  }
  const repos = {
    users: usersOver(rows),
    async transaction<T>(work: (inner: Repositories) => Promise<T>): Promise<T> {
      const scratch = new Map(rows);
      const result = await work({ ...repos, users: usersOver(scratch) } as Repositories);
      rows.clear();
      for (const [k, v] of scratch) rows.set(k, v);
      return result;
    },
  } as Partial<Repositories> as Repositories;
  return { repos, reads: () => reads };
}

describe('current users: kept rows checked against a revision', () => {
  it('reads a user once per revision, and again after a write replaced it', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const repos = withUserRevisions(fake.repos, cache);
    const users = createCurrentUsers({ users: repos.users, cache });
    const revision = () => cache.get(userRevisionKey('u1'));

    assert.equal((await users.get('u1', await revision()))?.role, 'user');
    assert.equal((await users.get('u1', await revision()))?.role, 'user');
    assert.equal((await users.get('u1', await revision()))?.role, 'user');
    assert.equal(fake.reads(), 1, 'one read while the revision stays');

    await repos.users.update('u1', { role: 'admin' });
    assert.equal((await users.get('u1', await revision()))?.role, 'admin', 'the write is seen on the very next request');
    assert.equal(fake.reads(), 2);
  });

  it('writes a revision before reading when none exists, and serves later requests under it', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const users = createCurrentUsers({ users: fake.repos.users, cache });
    assert.equal(await cache.get(userRevisionKey('u1')), undefined);
    await users.get('u1', undefined);
    const written = await cache.get(userRevisionKey('u1'));
    assert.equal(typeof written, 'string');
    await users.get('u1', written);
    assert.equal(fake.reads(), 1);
  });

  it('sees a write that committed between reading the revision and reading the row, on the next request', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const repos = withUserRevisions(fake.repos, cache);
    await createCurrentUsers({ users: repos.users, cache }).get('u1', undefined);
    const staleRevision = await cache.get(userRevisionKey('u1'));
    // Another replica: it read the revision, then a write commits and replaces it, then it reads the row.
    const other = createCurrentUsers({ users: repos.users, cache });
    await repos.users.update('u1', { is_active: false });
    assert.equal((await other.get('u1', staleRevision))?.is_active, false, 'the row read after the commit has it');
    assert.equal((await other.get('u1', await cache.get(userRevisionKey('u1'))))?.is_active, false);
  });

  it('each replica keeps its own rows, and a write through one is seen by the other at once', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const replicaA = withUserRevisions(fake.repos, cache);
    const usersA = createCurrentUsers({ users: replicaA.users, cache });
    const usersB = createCurrentUsers({ users: fake.repos.users, cache });
    const revision = () => cache.get(userRevisionKey('u1'));
    await usersA.get('u1', await revision());
    await usersB.get('u1', await revision());
    await replicaA.users.update('u1', { role: 'viewer' });
    assert.equal((await usersB.get('u1', await revision()))?.role, 'viewer');
  });

  it('inside a transaction, replaces the revision only once the transaction committed', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const repos = withUserRevisions(fake.repos, cache);
    await createCurrentUsers({ users: repos.users, cache }).get('u1', undefined);
    const before = await cache.get(userRevisionKey('u1'));
    let inside: unknown;
    await repos.transaction(async (tx) => {
      await tx.users.update('u1', { role: 'admin' });
      inside = await cache.get(userRevisionKey('u1'));
    });
    assert.equal(inside, before, 'not while the write is uncommitted');
    assert.notEqual(await cache.get(userRevisionKey('u1')), before, 'replaced after the commit');

    const afterCommit = await cache.get(userRevisionKey('u1'));
    await assert.rejects(
      repos.transaction(async (tx) => {
        await tx.users.update('u1', { role: 'viewer' });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.equal(await cache.get(userRevisionKey('u1')), afterCommit, 'a rolled-back write leaves the revision');
  });

  it('reads a kept row again after maxAgeMs, and hands out copies', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    let now = 0;
    const users = createCurrentUsers({ users: fake.repos.users, cache }, { maxAgeMs: 1000, now: () => now });
    const first = await users.get('u1', undefined);
    const revision = await cache.get(userRevisionKey('u1'));
    first!.role = 'admin';
    assert.equal((await users.get('u1', revision))?.role, 'user', 'a caller changing its copy changes nothing kept');
    now = 1500;
    await users.get('u1', revision);
    assert.equal(fake.reads(), 2);
  });

  it('forgets deleted users', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const repos = withUserRevisions(fake.repos, cache);
    const users = createCurrentUsers({ users: repos.users, cache });
    await users.get('u1', undefined);
    await repos.users.delete('u1');
    assert.equal(await users.get('u1', await cache.get(userRevisionKey('u1'))), undefined);
  });
});
