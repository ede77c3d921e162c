import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load-config.ts';

describe('contracts/config/load-config', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const result = loadConfig({});

    assert.ok(result.ok);
    assert.equal(result.config.http.port, 8000);
    assert.deepEqual(result.config.db, { kind: 'pglite', dataDir: './data/db' });
    assert.deepEqual(result.config.queue, { kind: 'pgboss' });
    assert.deepEqual(result.config.storage, { kind: 'fs', root: './data/objects' });
    assert.deepEqual(result.config.roles, ['api', 'worker', 'scheduler']);
  });

  it('switches to production adapters from DATABASE_URL, REDIS_URL and XCR_S3_*', () => {
    const result = loadConfig({
      DATABASE_URL: 'postgres://app@db:5432/xcr',
      REDIS_URL: 'redis://cache:6379/0',
      XCR_S3_ENDPOINT: 'http://minio:9000',
      XCR_S3_BUCKET: 'reports',
      XCR_S3_ACCESS_KEY: 'ak',
      XCR_S3_SECRET_KEY: 'sk',
    });

    assert.ok(result.ok);
    assert.equal(result.config.db.kind, 'postgres');
    assert.equal(result.config.queue.kind, 'bullmq');
    assert.equal(result.config.storage.kind, 's3');
  });

  it('lists every problem, not only the first', () => {
    const result = loadConfig({ DATABASE_URL: 'not-a-url', XCR_PORT: '-1' });

    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems.some((p) => p.startsWith('XCR_PORT')));
    assert.ok(!result.ok && result.problems.some((p) => p.startsWith('DATABASE_URL')));
  });

  for (const [env, expected] of [
    [{ XCR_PORT: 'abc' }, /XCR_PORT/],
    [{ XCR_ROLES: 'api,cron' }, /unknown role "cron"/],
    [{ XCR_S3_ENDPOINT: 'http://minio:9000' }, /XCR_S3_BUCKET, XCR_S3_ACCESS_KEY, XCR_S3_SECRET_KEY must be set/],
    [{ XCR_SECRET_KEY: 'short' }, /at least 32 characters/],
    [{ XCR_ENCRYPTION_KEY: 'nope' }, /32 bytes/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
  ] as const) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      const result = loadConfig({ ...env });

      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.problems.some((p) => expected.test(p)), JSON.stringify(result));
    });
  }

  it('never echoes secret values in problems', () => {
    const result = loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x', XCR_SECRET_KEY: 'hunter2' });

    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.problems.join('\n').includes('hunter2'));
  });

  it('lets the environment override values from a config file', () => {
    const result = loadConfig({ XCR_PORT: '9000' }, { XCR_PORT: '7000', XCR_HOST: '127.0.0.1' });

    assert.ok(result.ok);
    assert.equal(result.config.http.port, 9000);
    assert.equal(result.config.http.host, '127.0.0.1');
  });
});
