import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FeatureFlagRecord } from '../ports/repositories.ts';
import { createFlagEvaluator } from './flag-evaluator.ts';
import { isFlagOnFor, rolloutBucket, type RolloutFlag } from './rollout-bucket.ts';

// 10,000 ids that do not change between runs, so the figures below are the same everywhere.
const userIds = Array.from({ length: 10_000 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);

function flag(overrides: Partial<RolloutFlag> = {}): RolloutFlag {
  return { key: 'useBackendAPI', enabled: true, rollout_percentage: 25, allowed_users: [], ...overrides };
}

function record(overrides: Partial<FeatureFlagRecord>): FeatureFlagRecord {
  const now = new Date(0);
  return { key: 'f', enabled: true, rollout_percentage: 100, allowed_users: [], description: null, updated_by: null, created_at: now, updated_at: now, ...overrides };
}

describe('percentage rollout', () => {
  it('enables 25 % +- 1.5 % of 10,000 users, for several flags and for random ids', () => {
    for (const key of ['useBackendAPI', 'USE_BACKEND_TASKS', 'SHOW_MIGRATION_UI']) {
      const on = userIds.filter((id) => isFlagOnFor(flag({ key }), id)).length;
      assert.ok(Math.abs(on / userIds.length - 0.25) <= 0.015, `${key}: ${on}`);
    }
    const random = Array.from({ length: 10_000 }, () => randomUUID());
    const on = random.filter((id) => isFlagOnFor(flag(), id)).length;
    assert.ok(Math.abs(on / random.length - 0.25) <= 0.015, `random: ${on}`);
  });

  it('grows monotonically: users on at 10 % stay on at 25 %, 50 % and 100 %', () => {
    const at = (pct: number) => new Set(userIds.filter((id) => isFlagOnFor(flag({ rollout_percentage: pct }), id)));
    const stages = [10, 25, 50, 100].map(at);
    for (let i = 1; i < stages.length; i += 1) for (const id of stages[i - 1]!) assert.ok(stages[i]!.has(id));
    assert.equal(stages[3]!.size, userIds.length);
    assert.equal(at(0).size, 0);
  });

  it('gives the same answers in another process (no per-process seed)', () => {
    const here = userIds.filter((id) => isFlagOnFor(flag(), id)).join(',');
    const moduleUrl = new URL('./rollout-bucket.ts', import.meta.url).href;
    const script = `const { isFlagOnFor } = await import(${JSON.stringify(moduleUrl)});
      const ids = Array.from({ length: 10000 }, (_, i) => '00000000-0000-4000-8000-' + i.toString(16).padStart(12, '0'));
      process.stdout.write(ids.filter((id) => isFlagOnFor({ key: 'useBackendAPI', enabled: true, rollout_percentage: 25, allowed_users: [] }, id)).join(','));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)) });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, here);
  });

  it('always enables allowed users, never a disabled flag, and keys buckets by flag', () => {
    const outside = userIds.filter((id) => !isFlagOnFor(flag({ rollout_percentage: 1 }), id)).slice(0, 50);
    for (const id of outside) assert.equal(isFlagOnFor(flag({ rollout_percentage: 1, allowed_users: [id] }), id), true);
    assert.equal(isFlagOnFor(flag({ rollout_percentage: 0, allowed_users: [outside[0]!] }), outside[0]!), true);
    for (const id of userIds.slice(0, 200)) {
      assert.equal(isFlagOnFor(flag({ enabled: false, rollout_percentage: 100, allowed_users: [id] }), id), false);
    }
    assert.equal(isFlagOnFor(flag({ rollout_percentage: 100 }), null), true);
    assert.equal(isFlagOnFor(flag({ rollout_percentage: 99 }), null), false);
    const differ = userIds.slice(0, 100).filter((id) => rolloutBucket('a', id) !== rolloutBucket('b', id)).length;
    assert.ok(differ > 90);
  });
});

describe('flag evaluator cache', () => {
  it('serves a flag table at most 5 s old and reloads after invalidate()', async () => {
    let nowMs = 0;
    let loads = 0;
    let rows = [record({ key: 'a', enabled: false })];
    const evaluator = createFlagEvaluator({ flags: { list: async () => ((loads += 1), rows) }, clock: () => new Date(nowMs) }, { ttlMs: 60_000 });

    assert.deepEqual(await evaluator.evaluateAll('u'), { a: false });
    rows = [record({ key: 'a', enabled: true })];
    nowMs = 4_999;
    assert.deepEqual(await evaluator.evaluateAll('u'), { a: false });
    nowMs = 5_000;
    assert.deepEqual(await evaluator.evaluateAll('u'), { a: true });
    rows = [record({ key: 'a', enabled: false }), record({ key: 'b' })];
    evaluator.invalidate();
    assert.equal(await evaluator.isEnabled('b', 'u'), true);
    assert.equal(await evaluator.isEnabled('missing', 'u'), false);
    assert.equal(loads, 3);
  });

  it('shares one load between concurrent callers and forgets a failed load', async () => {
    let loads = 0;
    let shouldFail = true;
    const evaluator = createFlagEvaluator({
      flags: {
        list: async () => {
          loads += 1;
          if (shouldFail) throw new Error('database down');
          return [record({ key: 'a' })];
        },
      },
      clock: () => new Date(0),
    });
    await assert.rejects(Promise.all([evaluator.evaluateAll('u'), evaluator.evaluateAll('v')]), /database down/);
    assert.equal(loads, 1);
    shouldFail = false;
    assert.deepEqual(await evaluator.evaluateAll('u'), { a: true });
  });
});
