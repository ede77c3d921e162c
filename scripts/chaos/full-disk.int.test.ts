/**
 * Chaos: the disk fills up during a project upload. The server (embedded mode) keeps its upload work folder
 * (`XCR_DATA_DIR/tmp`) and its object store (`XCR_DATA_DIR/objects`) on two small tmpfs mounts, resized per case
 * so the disk runs out at each step of the upload path: saving the archive, extracting it for the safety check,
 * and storing it. Each time the answer must be a clean 507 in the standard error body, no partial file may be left
 * (and no space held by a file deleted but still open), the project keeps its previous state, and the server stays
 * healthy: once there is room, the same upload succeeds. Then the worker's side: an audit whose stored archive the
 * worker has no room to save and unpack fails with `insufficient_storage` (no path, nothing left behind), and the
 * same task, retried once there is room, completes. Skipped where tmpfs cannot be mounted (not root).
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestServer,
  uniqueName,
  type TestServer,
} from '../../apps/server/src/test-support/test-server.ts';
import {
  createZipProject,
  isFinished,
  uploadZip,
  vulnerableFiles,
  waitForTask,
  zipOf,
} from '../../apps/server/src/http/routes/audit-test-kit.ts';
import { reportFigures, waitFor } from './support/poll.ts';
import { filesUnder, mountTmpfs, type TmpfsMount } from './resource-support/tmpfs.ts';

const MiB = 1024 * 1024;
const roomyBytes = 8 * MiB;

/** One way the disk runs out: the sizes of the two mounts while the upload runs. */
interface FullDiskCase {
  step: 'save' | 'extract' | 'store';
  tmpBytes: number;
  objectsBytes: number;
}

// The archive is 1.5 MiB of incompressible data, stored: it needs 1.5 MiB to save, as much again to extract,
// and 1.5 MiB in the object store.
const cases: FullDiskCase[] = [
  { step: 'save', tmpBytes: 1 * MiB, objectsBytes: roomyBytes },
  { step: 'extract', tmpBytes: 2 * MiB, objectsBytes: roomyBytes },
  { step: 'store', tmpBytes: roomyBytes, objectsBytes: 1 * MiB },
];

describe('chaos: full disk during upload (embedded mode)', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-chaos-disk-'));
  const mounts: TmpfsMount[] = [];
  let skipReason: string | undefined;
  let t: TestServer | undefined;
  let token: string;
  let projectId: string;
  let archive: Buffer;

  before(async () => {
    for (const folder of ['tmp', 'objects']) {
      const mounted = await mountTmpfs(join(dataDir, folder), roomyBytes);
      if ('reason' in mounted) {
        skipReason = mounted.reason;
        return;
      }
      mounts.push(mounted);
    }
    t = await createTestServer({ mode: 'embedded', env: { XCR_DATA_DIR: dataDir } });
    token = (await t.loginAs('user')).tokens.access_token;
    projectId = await createZipProject(t, token, uniqueName('disk'));
    archive = await zipOf(
      ['a', 'b', 'c'].map((name) => ({
        name: `blobs/${name}.bin`,
        data: randomBytes(MiB / 2),
        method: 'store' as const,
      })),
    );
  });
  after(async () => {
    await t?.stop();
    for (const mount of mounts) await mount.unmount().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function mountsOf(): { tmp: TmpfsMount; objects: TmpfsMount } {
    const [tmp, objects] = mounts;
    assert.ok(tmp && objects);
    return { tmp, objects };
  }

  /** Files left under the two mounts. */
  async function leftovers(): Promise<string[]> {
    const { tmp, objects } = mountsOf();
    return [
      ...(await filesUnder(tmp.dir)).map((f) => `tmp/${f}`),
      ...(await filesUnder(objects.dir)).map((f) => `objects/${f}`),
    ];
  }

  async function expectAllSpaceFree(): Promise<void> {
    for (const mount of mounts) {
      const sizeBytes = mount.dir.endsWith('tmp') ? sizes.tmp : sizes.objects;
      // A file deleted while a stream still holds it open keeps its blocks: wait for every descriptor to close.
      await waitFor(
        `all of ${mount.dir} free again`,
        async () => (await mount.freeBytes()) === sizeBytes || undefined,
        { timeoutMs: 5_000, intervalMs: 50 },
      );
    }
  }

  const sizes = { tmp: roomyBytes, objects: roomyBytes };
  async function resize(tmpBytes: number, objectsBytes: number): Promise<void> {
    const { tmp, objects } = mountsOf();
    await tmp.resize(tmpBytes);
    await objects.resize(objectsBytes);
    Object.assign(sizes, { tmp: tmpBytes, objects: objectsBytes });
  }

  const measured: Array<Record<string, unknown>> = [];

  for (const fault of cases) {
    it(`answers 507 and leaves nothing behind when the disk fills at the ${fault.step} step`, async (ctx: TestContext) => {
      if (skipReason || !t) return ctx.skip(skipReason);
      await resize(fault.tmpBytes, fault.objectsBytes);
      const startedAt = performance.now();
      const res = await uploadZip(t.baseUrl, token, projectId, archive);
      const answeredMs = Math.round(performance.now() - startedAt);

      assert.equal(res.status, 507, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body), ['error']);
      assert.equal(res.body.error.code, 'insufficient_storage');
      assert.equal(typeof res.body.error.message, 'string');
      assert.doesNotMatch(res.body.error.message, /ENOSPC|\/tmp\//, 'no system detail or path in the answer');
      assert.deepEqual(await leftovers(), []);
      await expectAllSpaceFree();
      const project = await t.request('GET', `/api/v1/projects/${projectId}`, { token });
      assert.equal(project.body.upload, null, 'the project did not take a half-stored archive');
      assert.equal((await t.request('GET', '/health')).status, 200);
      assert.equal((await t.request('GET', '/ready')).status, 200);
      measured.push({
        step: fault.step,
        tmpMiB: fault.tmpBytes / MiB,
        objectsMiB: fault.objectsBytes / MiB,
        status: res.status,
        answeredMs,
      });
    });
  }

  it('takes the same upload once there is room again', async (ctx: TestContext) => {
    if (skipReason || !t) return ctx.skip(skipReason);
    await resize(roomyBytes, roomyBytes);
    const res = await uploadZip(t.baseUrl, token, projectId, archive);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.upload.files, 3);
    assert.deepEqual(await filesUnder(mountsOf().tmp.dir), []);
    const stored = await filesUnder(mountsOf().objects.dir);
    assert.equal(stored.length, 1);
    assert.match(stored[0] ?? '', new RegExp(`^uploads/${projectId}/[0-9a-f-]+\\.zip$`));
    // And an audit can still run on a small archive afterwards (no space is left pinned by the failures).
    assert.equal((await uploadZip(t.baseUrl, token, projectId, await zipOf(vulnerableFiles))).status, 200);
  });

  it('fails an audit whose archive the worker cannot unpack for lack of disk, cleanly, and audits it once there is room', async (ctx: TestContext) => {
    if (skipReason || !t) return ctx.skip(skipReason);
    assert.equal((await uploadZip(t.baseUrl, token, projectId, archive)).status, 200);
    // The stored archive is fine; the worker's folder has no room to save and unpack it.
    await resize(1 * MiB, roomyBytes);
    const startedAt = performance.now();
    const created = await t.request('POST', '/api/v1/tasks', {
      token,
      json: { project_id: projectId, name: 'disk full audit' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const failed = await waitForTask(t, token, created.body.id as string, isFinished, 90_000);
    const failedAfterMs = Math.round(performance.now() - startedAt);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error_message ?? '', /^insufficient_storage: /);
    assert.doesNotMatch(failed.error_message ?? '', /ENOSPC|\//, 'no system detail or path in the message');
    assert.deepEqual(await filesUnder(mountsOf().tmp.dir), []);
    await waitFor(
      'the worker folder free again',
      async () => (await mountsOf().tmp.freeBytes()) === 1 * MiB || undefined,
      {
        timeoutMs: 5_000,
        intervalMs: 50,
      },
    );

    await resize(roomyBytes, roomyBytes);
    const retried = await t.request('POST', `/api/v1/tasks/${created.body.id}/retry`, { token });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    const completed = await waitForTask(t, token, created.body.id as string, isFinished, 90_000);
    assert.equal(completed.status, 'completed', completed.error_message ?? '');
    assert.deepEqual(await filesUnder(mountsOf().tmp.dir), []);
    reportFigures({
      test: 'full-disk',
      mode: 'embedded',
      archiveBytes: archive.length,
      cases: measured,
      workerUnpack: {
        status: failed.status,
        message: failed.error_message,
        failedAfterMs,
        afterRoom: completed.status,
      },
    });
  });
});
