import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneGitSourceTree } from './git-source-tree.ts';

/** Runs git for fixture setup, isolated from the machine's configuration. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('cloneGitSourceTree', () => {
  let base: string;
  let workDir: string;
  let bareUrl: string;
  let bigUrl: string;
  let firstCommit: string;
  let mainCommit: string;
  let featureCommit: string;
  const fileOnly = { allowedSchemes: ['file'] as const };

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'xcr-git-test-'));
    workDir = join(base, 'work');
    await mkdir(workDir);
    const source = join(base, 'source');
    await mkdir(source);
    git(source, 'init', '--quiet', '--initial-branch=main');
    await writeFile(join(source, 'a.js'), 'const a = 1;\n');
    git(source, 'add', '.');
    git(source, 'commit', '--quiet', '-m', 'first');
    firstCommit = git(source, 'rev-parse', 'HEAD');
    git(source, 'checkout', '--quiet', '-b', 'feature');
    await writeFile(join(source, 'feature.py'), 'print("feature")\n');
    git(source, 'add', '.');
    git(source, 'commit', '--quiet', '-m', 'feature');
    featureCommit = git(source, 'rev-parse', 'HEAD');
    git(source, 'checkout', '--quiet', 'main');
    await mkdir(join(source, 'src'));
    await writeFile(join(source, 'src/b.ts'), 'export const b = 2;\n');
    await symlink('../a.js', join(source, 'src/link.js'));
    git(source, 'add', '.');
    git(source, 'commit', '--quiet', '-m', 'second');
    mainCommit = git(source, 'rev-parse', 'HEAD');
    git(base, 'clone', '--quiet', '--bare', source, join(base, 'repo.git'));
    bareUrl = `file://${join(base, 'repo.git')}`;

    const big = join(base, 'big');
    await mkdir(big);
    git(big, 'init', '--quiet', '--initial-branch=main');
    await writeFile(join(big, 'blob.bin'), randomBytes(400 * 1024));
    git(big, 'add', '.');
    git(big, 'commit', '--quiet', '-m', 'big');
    git(base, 'clone', '--quiet', '--bare', big, join(base, 'big.git'));
    bigUrl = `file://${join(base, 'big.git')}`;
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function assertWorkDirEmpty() {
    assert.deepEqual(await readdir(workDir), [], 'nothing may be left on disk');
  }

  it('clones the default branch shallowly and records the commit', async () => {
    const tree = await cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, timeoutMs: 30_000, maxBytes: 10 * 1024 * 1024 });
    assert.equal(tree.commit, mainCommit);
    assert.equal(tree.label, bareUrl);
    assert.deepEqual(await tree.list(), [
      { path: 'a.js', sizeBytes: 13, isSymlink: false },
      { path: 'src/b.ts', sizeBytes: 20, isSymlink: false },
      { path: 'src/link.js', sizeBytes: 0, isSymlink: true },
    ]);
    assert.equal((await tree.read('src/b.ts')).toString(), 'export const b = 2;\n');
    await assert.rejects(tree.read('src/link.js'), { code: 'source_path_symlink' });
    await tree.dispose();
    await assertWorkDirEmpty();
  });

  it('clones a branch', async () => {
    const tree = await cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, branch: 'feature' });
    assert.equal(tree.commit, featureCommit);
    assert.deepEqual((await tree.list()).map((entry) => entry.path), ['a.js', 'feature.py']);
    await tree.dispose();
  });

  it('fetches a single commit', async () => {
    const tree = await cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, commit: firstCommit });
    assert.equal(tree.commit, firstCommit);
    assert.deepEqual((await tree.list()).map((entry) => entry.path), ['a.js']);
    await tree.dispose();
    await assertWorkDirEmpty();
  });

  it('fails cleanly on a branch or commit that does not exist', async () => {
    await assert.rejects(cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, branch: 'nope' }), { code: 'git_clone_failed' });
    await assert.rejects(cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, commit: 'f'.repeat(40) }), { code: 'git_clone_failed' });
    await assertWorkDirEmpty();
  });

  it('refuses option-like or malformed refs before running git', async () => {
    for (const branch of ['--upload-pack=touch /tmp/pwned', 'a..b', '-x']) {
      await assert.rejects(cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, branch }), { code: 'git_ref_invalid' });
    }
    await assert.rejects(cloneGitSourceTree(bareUrl, { tmpDir: workDir, ...fileOnly, commit: 'abc123' }), { code: 'git_ref_invalid' });
    await assertWorkDirEmpty();
  });

  it('refuses a repository larger than the limit', async () => {
    await assert.rejects(cloneGitSourceTree(bigUrl, { tmpDir: workDir, ...fileOnly, maxBytes: 100 * 1024 }), { code: 'git_too_large' });
    await assertWorkDirEmpty();
  });

  const schemeRefusals = [
    bareUrlPlaceholder(),
    'ext::sh -c touch% /tmp/xcr-pwned',
    'ssh://git@example.com/o/r.git',
    'git@example.com:o/r.git',
    'http://example.com/o/r.git',
  ];
  for (const url of schemeRefusals) {
    it(`refuses ${url === '<file>' ? 'a file:// URL' : url} under the default https-only policy`, async () => {
      const target = url === '<file>' ? bareUrl : url;
      await assert.rejects(cloneGitSourceTree(target, { tmpDir: workDir }), { code: 'git_scheme_refused' });
      await assertWorkDirEmpty();
    });
  }

  for (const url of ['https://127.0.0.1/r.git', 'https://localhost/r.git', 'https://10.0.0.1/r.git', 'https://169.254.169.254/r.git', 'https://[::1]/r.git']) {
    it(`refuses ${url} (SSRF) without any network`, async () => {
      const lookup = async () => {
        throw new Error('no DNS in this test');
      };
      await assert.rejects(cloneGitSourceTree(url, { tmpDir: workDir, lookup }), { code: 'git_host_refused' });
      await assertWorkDirEmpty();
    });
  }

  describe('over HTTP (a local fake server)', () => {
    const token = 'tok_VERY_SECRET_abcdef123456';
    let seen: IncomingHttpHeaders[] = [];
    let server: Server;
    let port: number;

    before(async () => {
      ({ server, port } = await listen((request, response) => {
        seen.push(request.headers);
        if (request.url?.startsWith('/hang')) return; // never answers: the clone must time out
        response.statusCode = 500;
        response.end(`upstream echo: ${String(request.headers.authorization)}`);
      }));
    });

    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    const httpOptions = () => ({ tmpDir: workDir, allowedSchemes: ['http'] as const, allowPrivate: true, timeoutMs: 20_000 });

    it('sends the token as a header and never shows it in the error', async () => {
      seen = [];
      const error = await cloneGitSourceTree(`http://127.0.0.1:${port}/o/r.git`, { ...httpOptions(), token }).then(
        () => assert.fail('the clone should fail'),
        (caught: unknown) => caught as Error & { code?: string },
      );
      assert.equal(error.code, 'git_clone_failed');
      const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
      assert.ok(seen.some((headers) => headers.authorization === `Basic ${basic}`), 'the server received the token');
      for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
        assert.ok(!text.includes(token) && !text.includes(basic), `token leaked: ${text}`);
      }
      await assertWorkDirEmpty();
    });

    it('takes a token from the URL, keeps it out of the label and errors', async () => {
      seen = [];
      const error = await cloneGitSourceTree(`http://oauth2:${token}@127.0.0.1:${port}/o/r.git`, httpOptions()).then(
        () => assert.fail('the clone should fail'),
        (caught: unknown) => caught as Error,
      );
      const basic = Buffer.from(`oauth2:${token}`).toString('base64');
      assert.ok(seen.some((headers) => headers.authorization === `Basic ${basic}`));
      assert.ok(!error.message.includes(token) && !error.message.includes(basic));
    });

    it('kills git and its transport helper when the time limit is reached', async () => {
      await assert.rejects(cloneGitSourceTree(`http://127.0.0.1:${port}/hang/r.git`, { ...httpOptions(), timeoutMs: 500 }), { code: 'git_timeout' });
      await assertWorkDirEmpty();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(processesMentioning(`127.0.0.1:${port}/hang`), [], 'no git process may outlive the clone');
    });

    it('still refuses the loopback server when private hosts are not allowed', async () => {
      await assert.rejects(
        cloneGitSourceTree(`http://127.0.0.1:${port}/o/r.git`, { tmpDir: workDir, allowedSchemes: ['http'] }),
        { code: 'git_host_refused' },
      );
    });
  });
});

/** Command lines of running processes that contain `text` (Linux /proc). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(cmdline);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** The file:// URL is only known after setup; the table uses a marker. */
function bareUrlPlaceholder(): string {
  return '<file>';
}
