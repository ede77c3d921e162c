import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryCache } from '@xcr/adapters/cache/memory/index';
import type { Repositories, StatisticsTotals } from '../ports/repositories.ts';
import { dataGenerationKey, withStatisticsCache } from './statistics-cache.ts';

/** Repositories where only what the cache touches exists: totals count their computations, writes change them. */
function fakeRepos() {
  const state = { projects: 1, computed: 0 };
  const totals = (): StatisticsTotals =>
    ({ total_projects: state.projects, average_score: null }) as unknown as StatisticsTotals;
  const base = {
    statistics: {
      async totals() {
        state.computed += 1;
        return totals();
      },
    },
    projects: {
      async create() {
        state.projects += 1;
        return { id: `p${state.projects}` };
      },
      async get() {
        return undefined;
      },
    },
    tasks: {
      async updateProgress() {
        return undefined;
      },
    },
  };
  const repos = {
    ...base,
    async transaction<T>(work: (inner: Repositories) => Promise<T>): Promise<T> {
      return work(repos as unknown as Repositories);
    },
  } as unknown as Repositories;
  return { repos, state };
}

describe('statistics cache: totals kept per scope under the data generation', () => {
  it('computes totals once per generation and scope, and again after a committed write', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const repos = withStatisticsCache(fake.repos, cache);
    assert.equal((await repos.statistics.totals({})).total_projects, 1);
    assert.equal((await repos.statistics.totals({})).total_projects, 1);
    assert.equal(fake.state.computed, 1);
    await repos.statistics.totals({ visible_to: 'u1' });
    assert.equal(fake.state.computed, 2, 'another scope is computed on its own');

    await repos.projects.create({} as never);
    assert.equal((await repos.statistics.totals({})).total_projects, 2, 'the next request sees the write');
    assert.equal(fake.state.computed, 3);
  });

  it('reports writes inside a transaction after it commits, nested ones with the outer one', async () => {
    const cache = createMemoryCache();
    const repos = withStatisticsCache(fakeRepos().repos, cache);
    await repos.statistics.totals({});
    const before = await cache.get(dataGenerationKey);
    let inside: unknown;
    await repos.transaction(async (tx) => {
      await tx.transaction(async (nested) => {
        await nested.projects.create({} as never);
      });
      inside = await cache.get(dataGenerationKey);
    });
    assert.equal(inside, before, 'not before the outer transaction commits');
    assert.notEqual(await cache.get(dataGenerationKey), before);
  });

  it('leaves the generation alone for reads and progress ticks, and expires kept totals after maxAgeMs', async () => {
    const cache = createMemoryCache();
    const fake = fakeRepos();
    const repos = withStatisticsCache(fake.repos, cache, { maxAgeMs: 50 });
    await repos.statistics.totals({});
    const generation = await cache.get(dataGenerationKey);
    await repos.projects.get('p1');
    await repos.tasks.updateProgress('t1', {} as never);
    assert.equal(await cache.get(dataGenerationKey), generation);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await repos.statistics.totals({});
    assert.equal(fake.state.computed, 2);
  });

  it('lets a write succeed when the generation cannot be replaced, and reports why', async () => {
    const cache = createMemoryCache();
    const failing = { ...cache, set: async () => Promise.reject(new Error('cache down')) };
    const fake = fakeRepos();
    const errors: unknown[] = [];
    const repos = withStatisticsCache(fake.repos, failing, { onInvalidateError: (error) => errors.push(error) });
    await repos.projects.create({} as never);
    assert.equal(fake.state.projects, 2);
    assert.equal(errors.length, 1);
  });
});
