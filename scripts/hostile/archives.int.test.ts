/**
 * Hostile archives through the upload API, in both run modes: each one refused with its own code before anything
 * is stored, nothing written outside the request's work folder (entries aim at marker paths under /tmp and the
 * data folder, which must never appear), no work folder left behind. An archive that slips past the API into
 * object storage is refused again by the audit's own extraction. Archives nested in archives are accepted as
 * single opaque files and never opened: source trees carry them legitimately (every Gradle project commits
 * gradle-wrapper.jar, a ZIP).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompress, type ZipFixtureEntry } from '@xcr/adapters/source/zip/zip-fixture-writer';
import { temporaryDir } from '../../apps/server/src/runtime.ts';
import {
  createTestServer,
  testModes,
  uniqueName,
  type TestServer,
} from '../../apps/server/src/test-support/test-server.ts';
import {
  createZipProject,
  isFinished,
  uploadZip,
  waitForTask,
  zipOf,
} from '../../apps/server/src/http/routes/audit-test-kit.ts';

const MiB = 1024 * 1024;
/** A marker in every path a hostile entry aims at, searched for afterwards. */
const marker = `xcr-hostile-${randomBytes(4).toString('hex')}`;
const file = (name: string, text = 'pwned'): ZipFixtureEntry => ({ name, data: Buffer.from(text) });
const ok = file('src/ok.js', 'export const ok = 1;\n');

/** [label, archive bytes, status, code]. */
type Case = readonly [string, () => Promise<Buffer>, number, string];

function hostileCases(): Case[] {
  const zeros10MiB = precompress(Buffer.alloc(10 * MiB));
  const zeros512KiB = precompress(Buffer.alloc(512 * 1024));
  const one = precompress(Buffer.from('x'));
  return [
    [
      'zip slip ../',
      () => zipOf([ok, file(`../../../../../../tmp/${marker}-slip.txt`)]),
      422,
      'zip_path_traversal',
    ],
    [
      'zip slip inside a folder',
      () => zipOf([ok, file(`src/../../${marker}-slip2.txt`)]),
      422,
      'zip_path_traversal',
    ],
    [
      'zip slip with backslashes',
      () => zipOf([ok, file(`..\\..\\${marker}-slip3.txt`)]),
      422,
      'zip_path_traversal',
    ],
    ['absolute path', () => zipOf([ok, file(`/tmp/${marker}-abs.txt`)]), 422, 'zip_absolute_path'],
    ['drive letter path', () => zipOf([ok, file(`C:/${marker}-drive.txt`)]), 422, 'zip_absolute_path'],
    ['UNC path', () => zipOf([ok, file(`\\\\server\\share\\${marker}-unc.txt`)]), 422, 'zip_absolute_path'],
    [
      'symlink entry',
      () => zipOf([ok, { name: 'etc-passwd', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]),
      422,
      'zip_symlink',
    ],
    [
      'symlink then a file through it',
      () =>
        zipOf([
          { name: 'out', data: Buffer.from('/tmp'), unixMode: 0o120777 },
          file(`out/${marker}-via-link.txt`),
        ]),
      422,
      'zip_symlink',
    ],
    [
      'duplicate names',
      () => zipOf([file('src/a.js', 'safe();\n'), file('src/a.js', 'evil();\n')]),
      422,
      'zip_duplicate_entry',
    ],
    [
      'duplicate after normalising',
      () => zipOf([file('a.js', 'safe();\n'), file('./a.js', 'evil();\n')]),
      422,
      'zip_duplicate_entry',
    ],
    [
      'file where a folder is',
      () => zipOf([file('lib', 'x'), file('lib/a.js', 'y')]),
      422,
      'zip_duplicate_entry',
    ],
    [
      'encrypted entry',
      () => zipOf([ok, { name: 'secret.js', data: Buffer.from('x'), isEncrypted: true }]),
      422,
      'zip_encrypted',
    ],
    [
      'zip bomb: one entry at ratio ~1000',
      () => zipOf([ok, { name: 'zeros.txt', compressed: precompress(Buffer.alloc(50 * MiB)) }]),
      413,
      'zip_ratio_exceeded',
    ],
    [
      'zip bomb: 100 small entries, overall ratio ~1000',
      () => zipOf(Array.from({ length: 100 }, (_, i) => ({ name: `z/${i}.txt`, compressed: zeros512KiB }))),
      413,
      'zip_ratio_exceeded',
    ],
    [
      'zip bomb: 600 MB declared',
      () => zipOf(Array.from({ length: 60 }, (_, i) => ({ name: `big/${i}.bin`, compressed: zeros10MiB }))),
      413,
      'zip_too_large',
    ],
    [
      'entry larger than it declares',
      () =>
        zipOf([
          {
            name: 'liar.txt',
            compressed: precompress(Buffer.alloc(5 * MiB, 0x61)),
            declaredUncompressedSize: 1000,
          },
        ]),
      413,
      'zip_too_large',
    ],
    [
      '10,001 entries',
      () => zipOf(Array.from({ length: 10_001 }, (_, i) => ({ name: `many/${i}.txt`, compressed: one }))),
      413,
      'zip_too_many_entries',
    ],
    ['NUL in a name', () => zipOf([ok, file('src/a\0.js')]), 400, 'zip_invalid'],
    [
      'CRC mismatch',
      async () => zipOf([{ name: 'a.js', compressed: { ...precompress(Buffer.from('a')), crc32: 1 } }]),
      400,
      'zip_invalid',
    ],
    [
      'ZIP signature then garbage',
      async () => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(512)]),
      400,
      'zip_invalid',
    ],
    [
      'truncated archive',
      async () => (await zipOf([file('a.js', 'const a = 1;\n'.repeat(200))])).subarray(0, 120),
      400,
      'zip_invalid',
    ],
    ['plain text', async () => Buffer.from('<?php system($_GET["c"]); ?>'), 400, 'upload_not_zip'],
    ['empty file', async () => Buffer.alloc(0), 400, 'upload_not_zip'],
    [
      'self-extracting: MZ header before the ZIP',
      async () => Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), await zipOf([ok])]),
      400,
      'upload_not_zip',
    ],
    [
      'gzip bytes',
      async () => Buffer.from([0x1f, 0x8b, 0x08, 0x00, ...randomBytes(64)]),
      400,
      'upload_not_zip',
    ],
    [
      'PNG bytes',
      async () =>
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]),
      400,
      'upload_not_zip',
    ],
  ];
}

/** Paths under `dir` (depth-first, bounded) whose name contains `text`. */
function findNamed(dir: string, text: string, depth = 8): string[] {
  if (depth === 0 || !existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name.includes(text)) found.push(path);
    if (entry.isDirectory()) found.push(...findNamed(path, text, depth - 1));
  }
  return found;
}

for (const mode of testModes()) {
  describe(`hostile archives through the upload API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let token: string;
    let projectId: string;
    const timings: string[] = [];

    before(async () => {
      t = await createTestServer({ mode });
      token = (await t.loginAs('user')).tokens.access_token;
      projectId = await createZipProject(t, token, uniqueName('hostile-archives'));
    });

    after(async () => {
      if (timings.length > 0) process.stdout.write(`[figure] ${mode}: refusal times ${timings.join(', ')}\n`);
      await t?.stop();
    });

    function workLeftovers(): string[] {
      const dir = temporaryDir(t.config);
      return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('xcr-')) : [];
    }

    async function assertNothingKept(): Promise<void> {
      assert.equal((await t.repos.projects.get(projectId))?.upload_object_key, null, 'no archive attached');
      assert.deepEqual(await t.running.runtime.storage.list(`uploads/${projectId}/`), [], 'nothing stored');
      assert.deepEqual(workLeftovers(), [], 'no work folder left');
      assert.deepEqual(
        [...findNamed(tmpdir(), marker, 1), ...findNamed(t.config.dataDir, marker)],
        [],
        'nothing written outside',
      );
    }

    for (const [label, build, status, code] of hostileCases()) {
      it(`refuses ${label}: ${status} ${code}`, async () => {
        const body = await build();
        const startedMs = Date.now();
        const res = await uploadZip(t.baseUrl, token, projectId, body, { fileName: `${marker}.zip` });
        if (/bomb|10,001/.test(label)) timings.push(`${label} ${Date.now() - startedMs} ms`);
        assert.equal(res.status, status, `${label}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, code);
        await assertNothingKept();
      });
    }

    it('refuses an archive that reached storage without the API check when the audit extracts it', async () => {
      const id = await createZipProject(t, token, uniqueName('smuggled'));
      const key = `uploads/${id}/smuggled.zip`;
      await t.running.runtime.storage.put(key, await zipOf([ok, file(`../../../../${marker}-worker.txt`)]), {
        contentType: 'application/zip',
      });
      await t.repos.projects.update(id, { upload_object_key: key });
      const created = await t.request('POST', '/api/v1/tasks', { token, json: { project_id: id } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const done = await waitForTask(t, token, created.body.id, isFinished);
      assert.equal(done.status, 'failed');
      assert.match(done.error_message ?? '', /^zip_path_traversal/);
      assert.deepEqual(workLeftovers(), []);
      assert.deepEqual([...findNamed(tmpdir(), marker, 1), ...findNamed(t.config.dataDir, marker)], []);
    });

    it('accepts archives nested in the upload as opaque files and never opens them', async () => {
      const id = await createZipProject(t, token, uniqueName('nested'));
      const innerBomb = await zipOf([{ name: 'zeros.txt', compressed: precompress(Buffer.alloc(50 * MiB)) }]);
      const outer = await zipOf([
        ok,
        { name: 'fixtures/inner.zip', data: innerBomb, method: 'store' },
        {
          name: 'gradle/wrapper/gradle-wrapper.jar',
          data: await zipOf([file('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\n')]),
        },
      ]);
      const uploaded = await uploadZip(t.baseUrl, token, id, outer);
      assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
      assert.equal(uploaded.body.upload.files, 3, 'the nested archives count as one file each');
      const created = await t.request('POST', '/api/v1/tasks', { token, json: { project_id: id } });
      const done = await waitForTask(t, token, created.body.id, isFinished);
      assert.equal(done.status, 'completed', JSON.stringify(done));
      const results = await t.request('GET', `/api/v1/tasks/${created.body.id}/results`, { token });
      const skipped = (results.body.skipped as Array<{ path: string; reason: string }>).filter(
        (s) => s.path.endsWith('.zip') || s.path.endsWith('.jar'),
      );
      assert.deepEqual(skipped.map((s) => s.path).sort(), [
        'fixtures/inner.zip',
        'gradle/wrapper/gradle-wrapper.jar',
      ]);
      assert.deepEqual(workLeftovers(), []);
    });
  });
}
