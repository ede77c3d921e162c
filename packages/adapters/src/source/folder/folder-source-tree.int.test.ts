import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { SourceTree } from '@xcr/core/ports/source-tree';
import { createFolderSourceTree } from './folder-source-tree.ts';

describe('createFolderSourceTree', () => {
  let base: string;
  let root: string;
  let tree: SourceTree;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'xcr-folder-'));
    root = join(base, 'project');
    await mkdir(join(root, 'src/nested'), { recursive: true });
    await mkdir(join(root, '.git/objects'), { recursive: true });
    await writeFile(join(base, 'outside-secret.txt'), 'secret');
    await mkdir(join(base, 'outside-dir'));
    await writeFile(join(base, 'outside-dir/leak.js'), 'leak');
    await writeFile(join(root, 'src/a.js'), 'const a = 1;\n');
    await writeFile(join(root, 'src/nested/b.py'), 'print("b")\n');
    await writeFile(join(root, 'README.md'), '# readme\n');
    await writeFile(join(root, '.git/config'), '[core]\n');
    await writeFile(join(root, '.git/objects/x'), 'blob');
    await symlink(join(base, 'outside-secret.txt'), join(root, 'src/secret-link.txt'));
    await symlink('a.js', join(root, 'src/inner-link.js'));
    await symlink(join(base, 'outside-dir'), join(root, 'linked-dir'));
    execFileSync('mkfifo', [join(root, 'src/pipe')]);
    tree = await createFolderSourceTree(root);
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('lists files and symlinks in path order, skipping .git and special files', async () => {
    assert.deepEqual(await tree.list(), [
      { path: 'README.md', sizeBytes: 9, isSymlink: false },
      { path: 'linked-dir', sizeBytes: 0, isSymlink: true },
      { path: 'src/a.js', sizeBytes: 13, isSymlink: false },
      { path: 'src/inner-link.js', sizeBytes: 0, isSymlink: true },
      { path: 'src/nested/b.py', sizeBytes: 11, isSymlink: false },
      { path: 'src/secret-link.txt', sizeBytes: 0, isSymlink: true },
    ]);
  });

  it('reads files, whole or up to maxBytes', async () => {
    assert.equal((await tree.read('src/a.js')).toString(), 'const a = 1;\n');
    assert.equal((await tree.read('src/a.js', 5)).toString(), 'const');
    assert.equal((await tree.read('src/nested/b.py', 1000)).toString(), 'print("b")\n');
  });

  const refusals: ReadonlyArray<readonly [string, string]> = [
    ['src/secret-link.txt', 'source_path_symlink'],
    ['src/inner-link.js', 'source_path_symlink'],
    ['linked-dir/leak.js', 'source_path_outside'],
    ['../outside-secret.txt', 'source_path_invalid'],
    ['src/../../outside-secret.txt', 'source_path_invalid'],
    ['/etc/passwd', 'source_path_invalid'],
    ['src//a.js', 'source_path_invalid'],
    ['.git/config', 'not_found'],
    ['src/missing.js', 'not_found'],
    ['src/pipe', 'not_found'],
    ['src', 'not_found'],
  ];
  for (const [path, code] of refusals) {
    it(`refuses to read ${path} (${code})`, async () => {
      await assert.rejects(tree.read(path), { code });
    });
  }

  it('rejects a folder that does not exist', async () => {
    await assert.rejects(createFolderSourceTree(join(base, 'nope')), { code: 'source_folder_invalid' });
  });

  it('leaves the folder in place on dispose', async () => {
    await tree.dispose();
    assert.equal((await tree.read('src/a.js')).length, 13);
  });
});
