import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SkipReason } from '@xcr/contracts';
import type { SourceEntry } from '../ports/source-tree.ts';
import { selectFiles, type SelectionOptions, type SelectionReader } from './select-files.ts';

type FileSpec = string | Buffer | { content: string | Buffer; isSymlink?: boolean; sizeBytes?: number; isUnreadable?: boolean };

/** An in-memory tree: the entries and a reader that records what was read. */
function memoryTree(files: Record<string, FileSpec>) {
  const reads: string[] = [];
  const entries: SourceEntry[] = [];
  const contents = new Map<string, { data: Buffer; isUnreadable: boolean }>();
  for (const [path, spec] of Object.entries(files)) {
    const normalized = typeof spec === 'string' || Buffer.isBuffer(spec) ? { content: spec } : spec;
    const data = Buffer.isBuffer(normalized.content) ? normalized.content : Buffer.from(normalized.content);
    entries.push({ path, sizeBytes: normalized.sizeBytes ?? data.length, isSymlink: normalized.isSymlink ?? false });
    contents.set(path, { data, isUnreadable: normalized.isUnreadable ?? false });
  }
  const reader: SelectionReader = {
    async read(path, maxBytes) {
      reads.push(path);
      const file = contents.get(path);
      if (!file || file.isUnreadable) throw new Error(`cannot read ${path}`);
      return file.data.subarray(0, maxBytes);
    },
  };
  return { entries, reader, reads };
}

async function reasonOf(files: Record<string, FileSpec>, path: string, options: SelectionOptions = {}) {
  const { entries, reader } = memoryTree(files);
  const result = await selectFiles(entries, reader, options);
  if (result.selected.some((file) => file.path === path)) return 'selected';
  const skipped = result.skipped.find((file) => file.path === path || (file.path.endsWith('/') && path.startsWith(file.path)));
  return skipped?.reason ?? 'missing';
}

const code = 'export function add(a, b) {\n  return a + b;\n}\n';
const minifiedJs = `var a=1;${'function f(n){return n*2};'.repeat(200)}`;

const cases: ReadonlyArray<{ name: string; files: Record<string, FileSpec>; path: string; expected: SkipReason | 'selected'; options?: SelectionOptions }> = [
  { name: 'plain source file', files: { 'src/a.js': code }, path: 'src/a.js', expected: 'selected' },
  { name: 'symlink', files: { 'src/link.js': { content: '', isSymlink: true } }, path: 'src/link.js', expected: 'symlink' },
  { name: 'node_modules', files: { 'node_modules/x/index.js': code }, path: 'node_modules/x/index.js', expected: 'excluded_dir' },
  { name: 'nested dist', files: { 'packages/a/dist/a.js': code }, path: 'packages/a/dist/a.js', expected: 'excluded_dir' },
  { name: '__MACOSX', files: { '__MACOSX/src/._a.js': code }, path: '__MACOSX/src/._a.js', expected: 'excluded_dir' },
  { name: '.venv', files: { '.venv/lib/x.py': code }, path: '.venv/lib/x.py', expected: 'excluded_dir' },
  { name: '.idea', files: { '.idea/x.xml': '<x/>' }, path: '.idea/x.xml', expected: 'excluded_dir' },
  { name: 'vendor', files: { 'vendor/lib/a.php': code }, path: 'vendor/lib/a.php', expected: 'vendored' },
  { name: 'third_party', files: { 'src/third_party/zlib/a.c': code }, path: 'src/third_party/zlib/a.c', expected: 'vendored' },
  { name: 'bower_components', files: { 'bower_components/a/a.js': code }, path: 'bower_components/a/a.js', expected: 'vendored' },
  { name: 'root .gitignore', files: { '.gitignore': 'secret/\n*.gen.ts\n', 'secret/a.ts': code }, path: 'secret/a.ts', expected: 'gitignored' },
  { name: 'gitignore glob', files: { '.gitignore': '*.gen.ts\n', 'src/x.gen.ts': code }, path: 'src/x.gen.ts', expected: 'gitignored' },
  { name: 'nested .gitignore applies to its subtree', files: { 'app/.gitignore': 'local.js\n', 'app/local.js': code }, path: 'app/local.js', expected: 'gitignored' },
  { name: 'nested .gitignore does not apply outside', files: { 'app/.gitignore': 'local.js\n', 'local.js': code }, path: 'local.js', expected: 'selected' },
  { name: 'nested .gitignore anchors to its folder', files: { 'app/.gitignore': '/gen/\n', 'app/gen/a.js': code, 'gen/a.js': code }, path: 'gen/a.js', expected: 'selected' },
  { name: 'deeper .gitignore re-includes', files: { '.gitignore': '*.js\n', 'keep/.gitignore': '!a.js\n', 'keep/a.js': code }, path: 'keep/a.js', expected: 'selected' },
  { name: 'gitignore can be turned off', files: { '.gitignore': 'a.js\n', 'a.js': code }, path: 'a.js', expected: 'selected', options: { shouldUseGitignore: false } },
  { name: 'config exclusion', files: { 'legacy/a.js': code }, path: 'legacy/a.js', expected: 'config_excluded', options: { configExclude: ['legacy/'] } },
  { name: 'user exclude glob', files: { 'src/a.spec.js': code }, path: 'src/a.spec.js', expected: 'excluded_glob', options: { exclude: ['*.spec.js'] } },
  { name: 'user exclude dir glob', files: { 'src/old/a.js': code }, path: 'src/old/a.js', expected: 'excluded_glob', options: { exclude: ['src/old/**'] } },
  { name: 'include globs leave others out', files: { 'docs/a.js': code }, path: 'docs/a.js', expected: 'not_included', options: { include: ['src/'] } },
  { name: 'include globs keep matches', files: { 'src/deep/a.js': code }, path: 'src/deep/a.js', expected: 'selected', options: { include: ['src/'] } },
  { name: '.DS_Store', files: { 'src/.DS_Store': 'x' }, path: 'src/.DS_Store', expected: 'excluded_glob' },
  { name: 'AppleDouble', files: { 'src/._a.js': code }, path: 'src/._a.js', expected: 'excluded_glob' },
  { name: 'log file', files: { 'server.log': 'line\n' }, path: 'server.log', expected: 'excluded_glob' },
  { name: 'tmp file', files: { 'x.tmp': 'x' }, path: 'x.tmp', expected: 'excluded_glob' },
  { name: 'tests kept by default', files: { 'src/a.test.ts': code }, path: 'src/a.test.ts', expected: 'selected' },
  { name: 'test file when tests are off', files: { 'src/a.test.ts': code }, path: 'src/a.test.ts', expected: 'excluded_glob', options: { include_tests: false } },
  { name: 'test dir when tests are off', files: { 'tests/helpers.py': code }, path: 'tests/helpers.py', expected: 'excluded_glob', options: { include_tests: false } },
  { name: 'go test when tests are off', files: { 'pkg/a_test.go': code }, path: 'pkg/a_test.go', expected: 'excluded_glob', options: { include_tests: false } },
  { name: 'java test when tests are off', files: { 'src/LoginTest.java': code }, path: 'src/LoginTest.java', expected: 'excluded_glob', options: { include_tests: false } },
  { name: 'non-test named like one', files: { 'src/Contest.java': code }, path: 'src/Contest.java', expected: 'selected', options: { include_tests: false } },
  { name: 'package-lock.json', files: { 'package-lock.json': '{}' }, path: 'package-lock.json', expected: 'generated' },
  { name: 'yarn.lock', files: { 'yarn.lock': 'x' }, path: 'yarn.lock', expected: 'generated' },
  { name: 'go.sum', files: { 'go.sum': 'x' }, path: 'go.sum', expected: 'generated' },
  { name: 'png', files: { 'logo.png': Buffer.from([0x89, 0x50]) }, path: 'logo.png', expected: 'binary_extension' },
  { name: 'jar', files: { 'lib/x.jar': 'PK' }, path: 'lib/x.jar', expected: 'binary_extension' },
  { name: 'NUL bytes in a .js', files: { 'a.js': Buffer.from([0x61, 0x00, 0x62]) }, path: 'a.js', expected: 'binary_content' },
  { name: 'control bytes in a .py', files: { 'a.py': Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))) }, path: 'a.py', expected: 'binary_content' },
  { name: 'UTF-8 text stays text', files: { 'a.py': '# 中文注释 — ünïcödé\nprint("你好")\n' }, path: 'a.py', expected: 'selected' },
  { name: 'too large', files: { 'big.js': { content: code, sizeBytes: 2 * 1024 * 1024 } }, path: 'big.js', expected: 'too_large' },
  { name: 'size cap is configurable', files: { 'a.js': 'x'.repeat(3000) }, path: 'a.js', expected: 'too_large', options: { max_file_size_kb: 2 } },
  { name: '.min.js', files: { 'jquery.min.js': code }, path: 'jquery.min.js', expected: 'minified' },
  { name: 'long lines', files: { 'bundle.js': minifiedJs }, path: 'bundle.js', expected: 'minified' },
  { name: '@generated header', files: { 'gen.js': `// @generated by relay\n${code}` }, path: 'gen.js', expected: 'generated' },
  { name: 'Go generated header', files: { 'x.go': '// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n' }, path: 'x.go', expected: 'generated' },
  { name: 'auto-generated C#', files: { 'Ref.cs': '// <auto-generated>\nclass A {}\n' }, path: 'Ref.cs', expected: 'generated' },
  { name: 'marker in code is not a header', files: { 'check.js': `const isGen = text.includes('@generated');\n${code}` }, path: 'check.js', expected: 'selected' },
  { name: 'polite comment is not a marker', files: { 'a.js': `// please do not edit this by hand\n${code}` }, path: 'a.js', expected: 'selected' },
  { name: '_pb2.py', files: { 'api/x_pb2.py': code }, path: 'api/x_pb2.py', expected: 'generated' },
  { name: '.pb.go', files: { 'api/x.pb.go': code }, path: 'api/x.pb.go', expected: 'generated' },
  { name: 'source map', files: { 'a.js.map': '{}' }, path: 'a.js.map', expected: 'generated' },
  { name: 'unknown extension', files: { 'notes.txt': 'hello\n' }, path: 'notes.txt', expected: 'unsupported_language' },
  { name: 'Makefile', files: { Makefile: 'all:\n\techo hi\n' }, path: 'Makefile', expected: 'unsupported_language' },
  { name: 'extensionless script', files: { 'bin/deploy': '#!/usr/bin/env bash\necho hi\n' }, path: 'bin/deploy', expected: 'selected' },
  { name: 'markdown is documentation', files: { 'README.md': '# Title\n' }, path: 'README.md', expected: 'excluded_glob' },
  { name: 'markdown when docs are on', files: { 'README.md': '# Title\n' }, path: 'README.md', expected: 'selected', options: { shouldIncludeDocs: true } },
  { name: 'unreadable', files: { 'a.js': { content: code, isUnreadable: true } }, path: 'a.js', expected: 'unreadable' },
];

describe('selectFiles reasons', () => {
  for (const { name, files, path, expected, options } of cases) {
    it(`${name}: ${path} -> ${expected}`, async () => {
      assert.equal(await reasonOf(files, path, options), expected);
    });
  }
});

describe('selectFiles', () => {
  it('accounts for every entry exactly once', async () => {
    const files = Object.fromEntries(cases.flatMap((c) => Object.entries(c.files)));
    const { entries, reader } = memoryTree(files);
    const result = await selectFiles(entries, reader, {});
    const folders = result.skipped.filter((f) => f.path.endsWith('/'));
    const seen = [...result.selected.map((f) => f.path), ...result.skipped.filter((f) => !f.path.endsWith('/')).map((f) => f.path)];
    for (const entry of entries) {
      const inFolders = folders.filter((f) => entry.path.startsWith(f.path)).length;
      const listed = seen.filter((p) => p === entry.path).length;
      assert.equal(listed + inFolders, 1, entry.path);
    }
    for (const folder of folders) {
      const count = entries.filter((e) => e.path.startsWith(folder.path)).length;
      assert.equal(folder.detail, `${count} file${count === 1 ? '' : 's'}`);
    }
  });

  it('reports an excluded folder once, with its file count', async () => {
    const files: Record<string, string> = { 'app.js': code, 'node_modules/a/index.js': code, 'node_modules/b/lib/x.js': code, 'web/node_modules/c.js': code };
    const { entries, reader } = memoryTree(files);
    const result = await selectFiles(entries, reader);
    assert.deepEqual(result.skipped, [
      { path: 'node_modules/', reason: 'excluded_dir', detail: '2 files' },
      { path: 'web/node_modules/', reason: 'excluded_dir', detail: '1 file' },
    ]);
  });

  it('keeps the shortest paths under max_files and records the rest, without reading them', async () => {
    const files: Record<string, string> = { 'a/b/c/deep.js': code, 'z.js': code, 'a.js': code, 'mid/m.js': code, 'b.js': code };
    const { entries, reader, reads } = memoryTree(files);
    const result = await selectFiles(entries, reader, { max_files: 3, readConcurrency: 2 });
    assert.deepEqual(result.selected.map((f) => f.path), ['a.js', 'b.js', 'z.js']);
    assert.deepEqual(
      result.skipped.map((f) => [f.path, f.reason]),
      [['a/b/c/deep.js', 'max_files'], ['mid/m.js', 'max_files']],
    );
    assert.ok(!reads.includes('mid/m.js') && !reads.includes('a/b/c/deep.js'));
  });

  it('does not let skipped files take a max_files slot', async () => {
    const files: Record<string, FileSpec> = { 'a.js': Buffer.from([0, 1, 2]), 'bb.js': code, 'ccc.js': code };
    const { entries, reader } = memoryTree(files);
    const result = await selectFiles(entries, reader, { max_files: 2 });
    assert.deepEqual(result.selected.map((f) => f.path), ['bb.js', 'ccc.js']);
  });

  it('is deterministic whatever the input order and read concurrency', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`d${i % 7}/f${i}.ts`, i % 5 === 0 ? 'x\0' : code]));
    const first = memoryTree(files);
    const second = memoryTree(files);
    const one = await selectFiles(first.entries, first.reader, { max_files: 20, readConcurrency: 1 });
    const other = await selectFiles([...second.entries].reverse(), second.reader, { max_files: 20, readConcurrency: 7 });
    assert.deepEqual(one, other);
  });

  it('reports language and size of selected files', async () => {
    const { entries, reader } = memoryTree({ 'main.go': 'package main\n', 'bin/run': '#!/usr/bin/python3\nprint(1)\n' });
    const result = await selectFiles(entries, reader);
    assert.deepEqual(result.selected, [
      { path: 'bin/run', language: 'python', sizeBytes: 28 },
      { path: 'main.go', language: 'go', sizeBytes: 13 },
    ]);
  });

  it('stops when the signal is aborted', async () => {
    const { entries, reader } = memoryTree({ 'a.js': code });
    await assert.rejects(selectFiles(entries, reader, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });
});
