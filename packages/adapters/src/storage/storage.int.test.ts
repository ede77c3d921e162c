import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { describeObjectStoreContract } from '@xcr/testkit/contracts/object-store-contract';
import { startS3rver } from '@xcr/testkit/services/s3-server';
import { createFsObjectStore } from './fs/index.ts';
import { createS3ObjectStore } from './s3/index.ts';

describeObjectStoreContract('fs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'xcr-fs-store-'));
  return { instance: createFsObjectStore({ root: join(root, 'objects') }), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describeObjectStoreContract('s3 (s3rver)', async () => {
  const server = await startS3rver();
  const store = createS3ObjectStore({ ...server, partSizeBytes: 5 * 1024 * 1024 });
  return {
    instance: store,
    async cleanup() {
      await store.close();
      await server.stop();
    },
  };
});

describe('fs object store specifics', () => {
  it('leaves no temporary file after a failed put', async () => {
    const root = await mkdtemp(join(tmpdir(), 'xcr-fs-store-'));
    try {
      const store = createFsObjectStore({ root });
      async function* failing() {
        yield Buffer.alloc(1024);
        throw new Error('dropped');
      }
      await assert.rejects(store.put('a/b.bin', Readable.from(failing())));
      assert.deepEqual(await readdir(join(root, '.incoming')), []);
      await assert.rejects(store.put('.incoming/x', Buffer.from('x')), /reserved/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('removes folders a delete leaves empty', async () => {
    const root = await mkdtemp(join(tmpdir(), 'xcr-fs-store-'));
    try {
      const store = createFsObjectStore({ root });
      await store.put('deep/er/file.txt', Buffer.from('x'));
      await store.delete('deep/er/file.txt');
      assert.deepEqual((await readdir(root)).sort(), ['.incoming']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('s3 object store specifics', () => {
  it('creates a missing bucket once and reports an unreachable endpoint on ping', async () => {
    const server = await startS3rver();
    const store = createS3ObjectStore(server);
    const unreachable = createS3ObjectStore({ ...server, endpoint: 'http://127.0.0.1:1', pingTimeoutMs: 500 });
    try {
      await Promise.all([store.ensureBucket(), store.ensureBucket()]);
      await store.put('x.txt', Buffer.from('x'));
      assert.equal((await store.head('x.txt'))?.sizeBytes, 1);
      await assert.rejects(unreachable.ping(), (error: unknown) => (error as { code?: string }).code === 'storage_unavailable');
    } finally {
      await store.close();
      await unreachable.close();
      await server.stop();
    }
  });
});
