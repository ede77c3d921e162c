// What the hardened git invocation does on the wire, against local HTTP servers: a redirect is never followed
// (neither to another host nor on the same one), http-alternates naming another host are ignored, and the host is
// pinned to the checked addresses, so git never asks DNS again. Control runs with git's defaults (or redirects on)
// show the servers would see the followed redirect or alternate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGitInvocation } from './git-invocation.ts';
import { cloneGitSourceTree } from './git-source-tree.ts';

interface RecordingServer {
  server: Server;
  port: number;
  seen: Array<{ url: string; headers: IncomingHttpHeaders }>;
}

type Answer = { status: number; location?: string; body?: Buffer };

async function recordingServer(answer: (url: string) => Answer): Promise<RecordingServer> {
  const seen: RecordingServer['seen'] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const { status, location, body } = answer(request.url ?? '');
    response.writeHead(status, location ? { location } : {});
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

async function close(recording: RecordingServer): Promise<void> {
  recording.server.closeAllConnections();
  await new Promise((resolve) => recording.server.close(resolve));
}

/** Serves the files under `root` as they are: git's "dumb" HTTP transport. */
function staticFiles(root: string): (url: string) => Answer {
  return (url) => {
    const path = join(root, decodeURIComponent(new URL(url, 'http://x').pathname));
    return path.startsWith(root) && existsSync(path) && statSync(path).isFile()
      ? { status: 200, body: readFileSync(path) }
      : { status: 404 };
  };
}

/** Runs git for fixture setup, isolated from the machine's configuration. */
function gitSync(cwd: string, ...args: string[]): void {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin',
    HOME: cwd,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    env,
    stdio: 'ignore',
  });
}

/** Runs `git ls-remote url` with the given `-c` settings and environment; resolves with the exit code. */
function lsRemote(url: string, config: readonly string[], env: Record<string, string>): Promise<number> {
  const args = [...config.flatMap((setting) => ['-c', setting]), 'ls-remote', '--', url];
  return new Promise((resolve) => {
    execFile('git', args, { env, timeout: 20_000 }, (error) =>
      resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

describe('git over HTTP with the hardened invocation', () => {
  let base: string;
  let workDir: string;
  let target: RecordingServer;
  let redirecting: RecordingServer;
  const token = 'tok_REDIRECT_SECRET_0123456789';

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'xcr-git-transport-'));
    workDir = join(base, 'work');
    await mkdir(join(base, 'home'), { recursive: true });
    await mkdir(workDir);
    target = await recordingServer(() => ({ status: 404 }));
    redirecting = await recordingServer((url) =>
      url.startsWith('/same/')
        ? { status: 302, location: url.replace('/same/', '/moved/') }
        : { status: 301, location: `http://127.0.0.1:${target.port}${url}` },
    );
  });

  after(async () => {
    await close(target);
    await close(redirecting);
    await rm(base, { recursive: true, force: true });
  });

  const httpOptions = () => ({
    tmpDir: workDir,
    allowedSchemes: ['http'] as const,
    allowPrivate: true,
    timeoutMs: 20_000,
    token,
  });

  it('a control run with git defaults follows the redirect to the other host', async () => {
    target.seen.length = 0;
    const env = {
      PATH: process.env.PATH ?? '/usr/bin',
      HOME: join(base, 'home'),
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    await lsRemote(`http://127.0.0.1:${redirecting.port}/o/r.git`, [], env);
    assert.ok(target.seen.length >= 1, 'with its defaults git follows the first redirect');
  });

  it('refuses a redirect to another host: the clone fails and the other host sees nothing', async () => {
    target.seen.length = 0;
    redirecting.seen.length = 0;
    await assert.rejects(cloneGitSourceTree(`http://127.0.0.1:${redirecting.port}/o/r.git`, httpOptions()), {
      code: 'git_clone_failed',
    });
    assert.ok(redirecting.seen.length >= 1, 'git asked the first host');
    assert.deepEqual(target.seen, [], 'the redirect target received no request (and so no token)');
    assert.deepEqual(await readdir(workDir), []);
  });

  it('refuses a redirect on the same host too', async () => {
    redirecting.seen.length = 0;
    await assert.rejects(
      cloneGitSourceTree(`http://127.0.0.1:${redirecting.port}/same/r.git`, httpOptions()),
      { code: 'git_clone_failed' },
    );
    assert.ok(
      redirecting.seen.every((request) => !request.url.startsWith('/moved/')),
      'the moved URL was never requested',
    );
    assert.deepEqual(await readdir(workDir), []);
  });

  it('connects to the pinned address for the checked name, without asking DNS', async () => {
    target.seen.length = 0;
    // `.invalid` never resolves (RFC 6761): a request arriving at all proves git used the pin.
    const hostname = 'repo.pinned.invalid';
    const invocation = buildGitInvocation({
      scheme: 'http',
      homeDir: join(base, 'home'),
      path: process.env.PATH ?? '/usr/bin',
      pin: { hostname, port: target.port, addresses: ['127.0.0.1'] },
    });
    await lsRemote(`http://${hostname}:${target.port}/o/r.git`, invocation.config, invocation.env);
    assert.ok(target.seen.length >= 1, 'git reached the pinned address');
    assert.equal(target.seen[0]?.headers.host, `${hostname}:${target.port}`);
  });
});

describe('git over dumb HTTP with http-alternates pointing elsewhere', () => {
  let base: string;
  let elsewhere: RecordingServer;
  let origin: RecordingServer;

  before(async () => {
    // "elsewhere" holds the objects; "origin" has the refs only and names elsewhere in objects/info/http-alternates.
    base = await mkdtemp(join(tmpdir(), 'xcr-git-alternates-'));
    await mkdir(join(base, 'work'));
    await mkdir(join(base, 'source'));
    gitSync(join(base, 'source'), 'init', '--quiet', '--initial-branch=main');
    await writeFile(join(base, 'source', 'a.js'), 'const a = 1;\n');
    gitSync(join(base, 'source'), 'add', '.');
    gitSync(join(base, 'source'), 'commit', '--quiet', '-m', 'one');
    gitSync(base, 'clone', '--quiet', '--bare', join(base, 'source'), join(base, 'elsewhere'));
    gitSync(join(base, 'elsewhere'), 'update-server-info');
    elsewhere = await recordingServer(staticFiles(join(base, 'elsewhere')));
    await mkdir(join(base, 'origin', 'objects', 'info'), { recursive: true });
    for (const file of ['HEAD', 'info'])
      await cp(join(base, 'elsewhere', file), join(base, 'origin', file), { recursive: true });
    await writeFile(
      join(base, 'origin', 'objects', 'info', 'http-alternates'),
      `http://127.0.0.1:${elsewhere.port}/objects\n`,
    );
    origin = await recordingServer(staticFiles(join(base, 'origin')));
  });

  after(async () => {
    await close(origin);
    await close(elsewhere);
    await rm(base, { recursive: true, force: true });
  });

  it('a control clone that follows redirects fetches the objects from the other host', async () => {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin',
      HOME: base,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    const code = await new Promise<number>((resolve) =>
      execFile(
        'git',
        [
          '-c',
          'http.followRedirects=true',
          'clone',
          '--quiet',
          `http://127.0.0.1:${origin.port}/`,
          join(base, 'control'),
        ],
        { env, timeout: 20_000 },
        (error) => resolve(error ? 1 : 0),
      ),
    );
    assert.equal(code, 0);
    assert.ok(
      elsewhere.seen.some((request) => request.url.startsWith('/objects/')),
      'the alternate host served objects',
    );
  });

  it('the hardened clone never asks the alternate host', async () => {
    elsewhere.seen.length = 0;
    await assert.rejects(
      cloneGitSourceTree(`http://127.0.0.1:${origin.port}/`, {
        tmpDir: join(base, 'work'),
        allowedSchemes: ['http'],
        allowPrivate: true,
        timeoutMs: 20_000,
      }),
      { code: 'git_clone_failed' },
    );
    assert.ok(origin.seen.length >= 1);
    assert.deepEqual(elsewhere.seen, [], 'no request reached the alternate host');
    assert.deepEqual(await readdir(join(base, 'work')), []);
  });
});
