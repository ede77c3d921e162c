import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompress, writeZipFixture, type ZipFixtureEntry } from './zip-fixture-writer.ts';
import { extractZipToSourceTree } from './zip-source-tree.ts';
import type { ZipLimits } from './zip-rules.ts';

const MiB = 1024 * 1024;

describe('extractZipToSourceTree', () => {
  let base: string;
  let extractDir: string;
  let counter = 0;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'xcr-zip-test-'));
    extractDir = join(base, 'work');
    await mkdir(extractDir);
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function archive(entries: Iterable<ZipFixtureEntry>): Promise<string> {
    counter += 1;
    const path = join(base, `fixture-${counter}.zip`);
    await writeZipFixture(path, entries);
    return path;
  }

  async function expectRejected(path: string, code: string, limits?: Partial<ZipLimits>) {
    await assert.rejects(extractZipToSourceTree(path, { tmpDir: extractDir, ...(limits ? { limits } : {}) }), { code });
    assert.deepEqual(await readdir(extractDir), [], 'nothing may be left on disk');
    assert.ok(!(await readdir(base)).includes('evil.txt'));
  }

  it('extracts a good archive and serves it as a tree', async () => {
    const path = await archive([
      { name: 'src/' },
      { name: 'src/app.js', data: Buffer.from('console.log("hi");\n') },
      { name: 'src/deep/util.py', data: Buffer.from('def f():\n    return 1\n'), method: 'store' },
      { name: './README.md', data: Buffer.from('# readme\n') },
      { name: 'docs/中文.md', data: Buffer.from('你好\n') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'big.txt', data: Buffer.from('abc'.repeat(200_000)) },
    ]);
    const tree = await extractZipToSourceTree(path, { tmpDir: extractDir });
    assert.equal(tree.label, `fixture-${counter}.zip`);
    assert.deepEqual(await tree.list(), [
      { path: 'README.md', sizeBytes: 9, isSymlink: false },
      { path: 'big.txt', sizeBytes: 600_000, isSymlink: false },
      { path: 'docs/中文.md', sizeBytes: 7, isSymlink: false },
      { path: 'empty.txt', sizeBytes: 0, isSymlink: false },
      { path: 'src/app.js', sizeBytes: 19, isSymlink: false },
      { path: 'src/deep/util.py', sizeBytes: 22, isSymlink: false },
    ]);
    assert.equal((await tree.read('src/deep/util.py')).toString(), 'def f():\n    return 1\n');
    assert.equal((await tree.read('docs/中文.md')).toString(), '你好\n');
    assert.equal((await tree.read('big.txt', 6)).toString(), 'abcabc');
    assert.equal((await readdir(extractDir)).length, 1);
    await tree.dispose();
    assert.deepEqual(await readdir(extractDir), []);
  });

  const duplicates: ReadonlyArray<readonly [string, ZipFixtureEntry[]]> = [
    ['the same name twice', [{ name: 'a.js', data: Buffer.from('first\n') }, { name: 'a.js', data: Buffer.from('second\n') }]],
    ['a name and its ./ form', [{ name: 'src/a.js', data: Buffer.from('first\n') }, { name: './src//a.js', data: Buffer.from('second\n') }]],
    ['a file where a folder is needed', [{ name: 'lib', data: Buffer.from('x') }, { name: 'lib/b.js', data: Buffer.from('y') }]],
    ['a folder where a file follows', [{ name: 'lib/b.js', data: Buffer.from('y') }, { name: 'lib', data: Buffer.from('x') }]],
    ['a folder entry named like a file', [{ name: 'c.js', data: Buffer.from('x') }, { name: 'c.js/' }]],
  ];
  for (const [label, entries] of duplicates) {
    it(`rejects ${label} with zip_duplicate_entry`, async () => {
      await expectRejected(await archive(entries), 'zip_duplicate_entry');
    });
  }

  it('accepts repeated folder entries', async () => {
    const tree = await extractZipToSourceTree(await archive([{ name: 'src/' }, { name: 'src/' }, { name: 'src/a.js', data: Buffer.from('1') }]), { tmpDir: extractDir });
    assert.deepEqual(await tree.list(), [{ path: 'src/a.js', sizeBytes: 1, isSymlink: false }]);
    await tree.dispose();
  });

  it('streams entries too large to inflate in one go', async () => {
    const noise = (await import('node:crypto')).randomBytes(5 * MiB);
    const path = await archive([{ name: 'assets/blob.bin', data: noise }]);
    const tree = await extractZipToSourceTree(path, { tmpDir: extractDir });
    assert.ok((await tree.read('assets/blob.bin')).equals(noise));
    await tree.dispose();
  });

  it('accepts a stream, saving it first', async () => {
    const path = await archive([{ name: 'a.ts', data: Buffer.from('export const a = 1;\n') }]);
    const tree = await extractZipToSourceTree(createReadStream(path), { tmpDir: extractDir, label: 'project.zip' });
    assert.equal(tree.label, 'project.zip');
    assert.deepEqual(await tree.list(), [{ path: 'a.ts', sizeBytes: 20, isSymlink: false }]);
    await tree.dispose();
    assert.deepEqual(await readdir(extractDir), []);
  });

  const hostileNames: ReadonlyArray<readonly [string, string]> = [
    ['../evil.txt', 'zip_path_traversal'],
    ['src/../../evil.txt', 'zip_path_traversal'],
    ['..\\evil.txt', 'zip_path_traversal'],
    ['src/..', 'zip_path_traversal'],
    ['/tmp/evil.txt', 'zip_absolute_path'],
    ['C:/evil.txt', 'zip_absolute_path'],
    ['\\\\server\\share\\evil.txt', 'zip_absolute_path'],
    ['src/a\0.js', 'zip_invalid'],
  ];
  for (const [name, code] of hostileNames) {
    it(`rejects the entry name ${JSON.stringify(name)} with ${code}`, async () => {
      const path = await archive([
        { name: 'ok/first.js', data: Buffer.from('1') },
        { name, data: Buffer.from('pwned') },
      ]);
      await expectRejected(path, code);
    });
  }

  it('rejects symlink entries', async () => {
    const path = await archive([
      { name: 'a.js', data: Buffer.from('1') },
      { name: 'link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
    ]);
    await expectRejected(path, 'zip_symlink');
  });

  it('rejects more than 10,000 entries (20,000 here) from the directory count', async () => {
    const one = precompress(Buffer.from('x'));
    const path = await archive(Array.from({ length: 20_000 }, (_, i) => ({ name: `f/${i}.txt`, compressed: one })));
    await expectRejected(path, 'zip_too_many_entries');
  });

  it('rejects a size bomb (600 MB of zeros declared) without inflating it', async () => {
    const block = precompress(Buffer.alloc(10 * MiB));
    const path = await archive(Array.from({ length: 60 }, (_, i) => ({ name: `zeros-${i}.bin`, compressed: block })));
    await expectRejected(path, 'zip_too_large');
  });

  it('rejects an entry with a compression ratio above 100', async () => {
    const path = await archive([
      { name: 'a.js', data: Buffer.from('1') },
      { name: 'zeros.txt', compressed: precompress(Buffer.alloc(50 * MiB)) },
    ]);
    await expectRejected(path, 'zip_ratio_exceeded');
  });

  it('rejects an archive whose overall ratio is above 100 even when each entry is small', async () => {
    const block = precompress(Buffer.alloc(512 * 1024));
    const path = await archive(Array.from({ length: 100 }, (_, i) => ({ name: `z/${i}.txt`, compressed: block })));
    await expectRejected(path, 'zip_ratio_exceeded');
  });

  it('stops an entry that inflates beyond its declared size', async () => {
    const path = await archive([{ name: 'liar.txt', compressed: precompress(Buffer.alloc(5 * MiB, 0x61)), declaredUncompressedSize: 1000 }]);
    await expectRejected(path, 'zip_too_large', { maxRatio: 10_000 });
  });

  it('stops a large streamed entry that inflates beyond its declared size', async () => {
    const noise = (await import('node:crypto')).randomBytes(6 * MiB);
    const path = await archive([{ name: 'liar.bin', compressed: precompress(noise), declaredUncompressedSize: 1000 }]);
    await expectRejected(path, 'zip_too_large', { maxRatio: 10_000 });
  });

  it('rejects an entry whose CRC does not match', async () => {
    const data = Buffer.from('const a = 1;\n');
    const good = precompress(data);
    const path = await archive([{ name: 'a.js', compressed: { ...good, crc32: (good.crc32 + 1) >>> 0 } }]);
    await expectRejected(path, 'zip_invalid');
  });

  it('refuses honest entries whose declared total crosses a tight limit', async () => {
    const data = Buffer.alloc(256 * 1024, 0x62);
    const path = await archive(Array.from({ length: 8 }, (_, i) => ({ name: `b${i}.txt`, data, method: 'store' as const })));
    await expectRejected(path, 'zip_too_large', { maxTotalBytes: 1 * MiB });
  });

  it('rejects encrypted entries', async () => {
    const path = await archive([{ name: 'secret.js', data: Buffer.from('x'), isEncrypted: true }]);
    await expectRejected(path, 'zip_encrypted');
  });

  it('rejects files that are not ZIP archives', async () => {
    const path = join(base, 'not-a.zip');
    await writeFile(path, Buffer.from('this is not a zip file at all, just text'.repeat(10)));
    await expectRejected(path, 'zip_invalid');
  });

  it('rejects a truncated archive', async () => {
    const good = await archive([{ name: 'a.js', data: Buffer.from('const a = 1;\n'.repeat(100)) }]);
    const bytes = await import('node:fs/promises').then((fs) => fs.readFile(good));
    const path = join(base, 'truncated.zip');
    await writeFile(path, bytes.subarray(0, bytes.length - 30));
    await expectRejected(path, 'zip_invalid');
  });

  it('rejects corrupt compressed data', async () => {
    const garbage = { data: Buffer.from('\xff\xff\xff\xff not deflate', 'latin1'), crc32: 0, uncompressedSize: 100 };
    const path = await archive([
      { name: 'a.js', data: Buffer.from('1') },
      { name: 'b.js', compressed: garbage },
    ]);
    await expectRejected(path, 'zip_invalid');
  });

  it('applies configurable limits', async () => {
    const path = await archive(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.js`, data: Buffer.from('1') })));
    await expectRejected(path, 'zip_too_many_entries', { maxEntries: 4 });
    await expectRejected(path, 'zip_too_large', { maxArchiveBytes: 100 });
    await assert.rejects(extractZipToSourceTree(createReadStream(path), { tmpDir: extractDir, limits: { maxArchiveBytes: 100 } }), { code: 'zip_too_large' });
    assert.deepEqual(await readdir(extractDir), []);
  });
});
