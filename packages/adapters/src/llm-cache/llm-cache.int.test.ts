import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LlmCache } from '@xcr/core/ports/llm-cache';
import { createLlmAnalyzer } from '@xcr/core/llm/analyze-files';
import { redactForPrompt } from '@xcr/core/llm/secret-redaction';
import { createScriptedProvider } from '@xcr/core/llm/testing/scripted-provider';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from '@xcr/testkit/services/redis';
import { createDatabase, type DatabaseHandle } from '../db/create-database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createDbLlmCache } from './db/index.ts';
import { createFolderLlmCache, defaultLlmCacheDir } from './folder/index.ts';
import { createMemoryLlmCache } from './memory/index.ts';
import { createRedisLlmCache } from './redis/index.ts';

/** The behaviour every LlmCache adapter shares. */
function describeLlmCacheContract(name: string, open: () => Promise<{ cache: LlmCache; cleanup: () => Promise<void> }>): void {
  describe(`LlmCache contract: ${name}`, () => {
    let cache: LlmCache;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ cache, cleanup } = await open());
    });
    after(async () => {
      await cleanup();
    });

    it('misses an absent key', async () => {
      assert.equal(await cache.get('llm:absent'), undefined);
    });

    it('returns what was stored, as JSON', async () => {
      const value = { v: 1, issues: [{ title: '密码以明文存储', line: 3, cwe: [256] }], qualityScore: 72.5, nested: { ok: true, none: null } };
      await cache.set('llm:a', value, 60_000);
      assert.deepEqual(await cache.get('llm:a'), value);
    });

    it('replaces a value and keeps keys apart', async () => {
      await cache.set('llm:b', { n: 1 }, 60_000);
      await cache.set('llm:c', { n: 2 }, 60_000);
      await cache.set('llm:b', { n: 3 }, 60_000);
      assert.deepEqual(await cache.get('llm:b'), { n: 3 });
      assert.deepEqual(await cache.get('llm:c'), { n: 2 });
    });

    it('stores large values', async () => {
      const value = { text: 'x'.repeat(200_000) };
      await cache.set('llm:large', value, 60_000);
      assert.deepEqual(await cache.get('llm:large'), value);
    });

    it('forgets a value after its time to live', async () => {
      await cache.set('llm:short', { n: 1 }, 30);
      await sleep(120);
      assert.equal(await cache.get('llm:short'), undefined);
    });
  });
}

let database: DatabaseHandle;
describeLlmCacheContract('db (PGlite)', async () => {
  database = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrateToLatest(database);
  return { cache: createDbLlmCache({}, { db: database.db }), cleanup: () => database.close() };
});

const redisPrefix = uniqueRedisPrefix('xcr-test-llm-cache');
describeLlmCacheContract('redis', async () => {
  const cache = createRedisLlmCache({ redisUrl: testRedisUrl(), prefix: redisPrefix });
  return {
    cache,
    cleanup: async () => {
      await cache.close?.();
      await deleteRedisKeys(redisPrefix);
    },
  };
});

let folder: string;
describeLlmCacheContract('folder', async () => {
  folder = await mkdtemp(join(tmpdir(), 'xcr-llm-cache-'));
  return { cache: createFolderLlmCache({ dir: folder }), cleanup: () => rm(folder, { recursive: true, force: true }) };
});

describeLlmCacheContract('memory', async () => ({ cache: createMemoryLlmCache(), cleanup: async () => {} }));

describe('db LLM cache', () => {
  it('prunes expired rows only', async () => {
    const handle = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrateToLatest(handle);
      const cache = createDbLlmCache({}, { db: handle.db });
      await cache.set('llm:old', { n: 1 }, -1_000);
      await cache.set('llm:new', { n: 2 }, 60_000);
      assert.equal(await cache.get('llm:old'), undefined);
      assert.equal(await cache.pruneExpired(), 1);
      assert.deepEqual(await cache.get('llm:new'), { n: 2 });
      const rows = await handle.db.selectFrom('llm_cache').select('key').execute();
      assert.deepEqual(rows.map((r) => r.key), ['llm:new']);
    } finally {
      await handle.close();
    }
  });
});

describe('redis LLM cache', () => {
  it('stores under its prefix with an expiry', async () => {
    const prefix = uniqueRedisPrefix('xcr-test-llm-cache');
    const cache = createRedisLlmCache({ redisUrl: testRedisUrl(), prefix });
    try {
      await cache.set('llm:k', { n: 1 }, 60_000);
      assert.equal(await deleteRedisKeys(prefix), 1);
    } finally {
      await cache.close?.();
    }
  });
});

describe('folder LLM cache', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xcr-llm-cache-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one whole file per key and leaves no temporary files', async () => {
    const cache = createFolderLlmCache({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.set('llm:same', { i }, 60_000)));
    const value = (await cache.get('llm:same')) as { i: number };
    assert.ok(value.i >= 0 && value.i < 20);
    const buckets = await readdir(dir);
    const files = (await Promise.all(buckets.map((b) => readdir(join(dir, b))))).flat();
    assert.deepEqual(files, ['llm_same.json']);
  });

  it('treats a damaged file as a miss and expires by its own clock', async () => {
    let nowMs = 1_000;
    const cache = createFolderLlmCache({ dir, now: () => nowMs });
    await cache.set('llm:clock', { n: 1 }, 500);
    nowMs = 1_499;
    assert.deepEqual(await cache.get('llm:clock'), { n: 1 });
    nowMs = 1_500;
    assert.equal(await cache.get('llm:clock'), undefined);
    await cache.set('llm:bad', { n: 1 }, 500);
    const buckets = await readdir(dir);
    for (const bucket of buckets) for (const name of await readdir(join(dir, bucket))) if (name.startsWith('llm_bad')) await writeFile(join(dir, bucket, name), '{"expiresAt');
    assert.equal(await cache.get('llm:bad'), undefined);
  });

  it('defaults under XDG_CACHE_HOME or the home cache folder', () => {
    assert.equal(defaultLlmCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u'), join('/x/cache', 'xcodereviewer', 'llm'));
    if (process.platform !== 'win32') assert.equal(defaultLlmCacheDir({}, '/home/u'), join('/home/u', '.cache', 'xcodereviewer', 'llm'));
  });

  it('lets a new process re-audit unchanged files without a call', async () => {
    const files = [{ path: 'a.js', language: 'javascript', content: 'eval(x);\n' }];
    const answer = () => JSON.stringify({ issues: [{ type: 'security', severity: 'high', title: 'eval', line: 1, code_snippet: 'eval(x);' }] });
    const first = createScriptedProvider({ answer });
    await createLlmAnalyzer({ provider: first, cache: createFolderLlmCache({ dir }), outputLanguage: 'en-US', redact: redactForPrompt }).analyze(files, []);
    const second = createScriptedProvider({ answer });
    const result = await createLlmAnalyzer({ provider: second, cache: createFolderLlmCache({ dir }), outputLanguage: 'en-US', redact: redactForPrompt }).analyze(files, []);
    assert.equal(first.requests.length, 1);
    assert.equal(second.requests.length, 0);
    assert.equal(result.usage.cacheHits, 1);
    assert.deepEqual(result.findings.map((f) => [f.title, f.line_start]), [['eval', 1]]);
  });
});
