/**
 * Hostile Git URLs through the HTTP API: creating or changing a project with the URL, importing a project that
 * carries it and starting an audit of it. Every refusal is a 4xx with its own code, and no git process starts
 * for a refused URL: `git` on the server's PATH is a shim of this test that records each call (and fails, so
 * nothing leaves the machine). A URL that passes shows the shim does see the worker's clones, pinned to the
 * checked address. Host names resolve through a resolver the test controls, including one that answers a public
 * address to the API and a private one to the worker (DNS rebinding).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LookupAll } from '@xcr/adapters/source/git/git-url-guard';
import {
  createTestServer,
  uniqueName,
  type TestServer,
} from '../../apps/server/src/test-support/test-server.ts';
import { isFinished, waitForTask } from '../../apps/server/src/http/routes/audit-test-kit.ts';

/** Names the test's resolver knows; every other name fails to resolve, as offline. */
const dnsAnswers: Record<string, string[]> = {
  'public.example.com': ['93.184.216.34'],
  'internal-git.attacker.example': ['10.0.0.5'],
  'mixed.attacker.example': ['93.184.216.34', '192.168.1.10'],
  'metadata-v6.attacker.example': ['::ffff:169.254.169.254'],
  'loopback.attacker.example': ['127.0.0.1'],
};
/** Resolves public for the API's two questions (project saved, audit started), private for the worker's. */
const rebindingName = 'rebind.attacker.example';
const rebindToken = 'tok_REBIND_0123456789abcdef';

const createRefusals: ReadonlyArray<readonly [string, number, string]> = [
  ['https://127.0.0.1/r.git', 422, 'git_host_refused'],
  ['https://localhost/r.git', 422, 'git_host_refused'],
  ['https://localhost./r.git', 422, 'git_host_refused'],
  ['https://[::1]/r.git', 422, 'git_host_refused'],
  ['https://0.0.0.0/r.git', 422, 'git_host_refused'],
  ['https://127.1/r.git', 422, 'git_host_refused'],
  ['https://2130706433/r.git', 422, 'git_host_refused'],
  ['https://0x7f000001/r.git', 422, 'git_host_refused'],
  ['https://0177.0.0.1/r.git', 422, 'git_host_refused'],
  ['https://[::ffff:127.0.0.1]/r.git', 422, 'git_host_refused'],
  ['https://[::127.0.0.1]/r.git', 422, 'git_host_refused'],
  ['https://169.254.169.254/latest/meta-data/', 422, 'git_host_refused'],
  ['https://[::ffff:169.254.169.254]/latest/meta-data/', 422, 'git_host_refused'],
  ['https://[fd00:ec2::254]/latest/meta-data/', 422, 'git_host_refused'],
  ['https://10.1.2.3/r.git', 422, 'git_host_refused'],
  ['https://192.168.1.1/r.git', 422, 'git_host_refused'],
  ['https://172.16.0.1/r.git', 422, 'git_host_refused'],
  ['https://100.64.0.1/r.git', 422, 'git_host_refused'],
  ['https://metadata.google.internal/computeMetadata/v1/', 422, 'git_host_refused'],
  ['https://git.corp.internal/r.git', 422, 'git_host_refused'],
  ['https://printer.local/r.git', 422, 'git_host_refused'],
  ['https://gitlab/group/r.git', 422, 'git_host_refused'],
  ['https://internal-git.attacker.example/r.git', 422, 'git_host_refused'],
  ['https://mixed.attacker.example/r.git', 422, 'git_host_refused'],
  ['https://metadata-v6.attacker.example/r.git', 422, 'git_host_refused'],
  ['https://loopback.attacker.example/r.git', 422, 'git_host_refused'],
  ['https://oauth2:tok_SECRET_in_refused_url_123@127.0.0.1/r.git', 422, 'git_host_refused'],
  ['file:///etc/passwd', 400, 'git_scheme_refused'],
  ['file:///srv/git/repo.git', 400, 'git_scheme_refused'],
  ['ext::sh -c touch% /tmp/xcr-pwned', 400, 'git_scheme_refused'],
  ['fd::17/repo', 400, 'git_scheme_refused'],
  ['git://github.com/o/r.git', 400, 'git_scheme_refused'],
  ['ssh://git@github.com/o/r.git', 400, 'git_scheme_refused'],
  ['git@github.com:o/r.git', 400, 'git_scheme_refused'],
  ['http://github.com/o/r.git', 400, 'git_scheme_refused'],
  ['https://alice:hunter2@github.com/o/r.git', 400, 'git_url_invalid'],
  ['https://bob@github.com/o/r.git', 400, 'git_url_invalid'],
  ['https://', 400, 'git_url_invalid'],
];

describe('hostile Git URLs through the API', { timeout: 300_000 }, () => {
  let t: TestServer;
  let token: string;
  let userId: string;
  let shimDir: string;
  let callLog: string;
  const savedPath = process.env.PATH;
  const lookups: string[] = [];

  const lookup: LookupAll = async (hostname) => {
    lookups.push(hostname);
    const seen = lookups.filter((name) => name === hostname).length;
    const addresses =
      hostname === rebindingName ? (seen <= 2 ? ['93.184.216.34'] : ['10.9.8.7']) : dnsAnswers[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  function gitCalls(): string[] {
    return existsSync(callLog)
      ? readFileSync(callLog, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
      : [];
  }

  before(async () => {
    shimDir = mkdtempSync(join(tmpdir(), 'xcr-git-shim-'));
    callLog = join(shimDir, 'calls.log');
    // The shim prints the Authorization header it was given, as a chatty git might: the API must scrub it.
    writeFileSync(
      join(shimDir, 'git'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${callLog}'\necho "fatal: unable to access: test shim, header $GIT_CONFIG_VALUE_0" >&2\nexit 128\n`,
    );
    chmodSync(join(shimDir, 'git'), 0o755);
    process.env.PATH = `${shimDir}:${savedPath}`;
    t = await createTestServer({ mode: 'embedded', overrides: { hostLookup: lookup } });
    const login = await t.loginAs('user');
    token = login.tokens.access_token;
    userId = login.user.id;
  });

  after(async () => {
    process.env.PATH = savedPath;
    await t?.stop();
    rmSync(shimDir, { recursive: true, force: true });
  });

  for (const [url, status, code] of createRefusals) {
    it(`refuses a project with ${url}: ${status} ${code}`, async () => {
      const res = await t.request('POST', '/api/v1/projects', {
        token,
        json: { name: uniqueName('hostile'), source_url: url },
      });
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code);
      assert.doesNotMatch(JSON.stringify(res.body), /hunter2|tok_SECRET/, 'no credential is echoed');
    });
  }

  it('refuses the same URLs when a project is changed (PUT and PATCH)', async () => {
    const created = await t.request('POST', '/api/v1/projects', {
      token,
      json: { name: uniqueName('git'), source_url: 'https://public.example.com/o/r.git' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const [url, status, code] of createRefusals) {
      for (const method of ['PATCH', 'PUT']) {
        const res = await t.request(method, `/api/v1/projects/${created.body.id}`, {
          token,
          json: { source_url: url },
        });
        assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, code);
      }
    }
    assert.equal(
      (await t.repos.projects.get(created.body.id))?.repository_url,
      'https://public.example.com/o/r.git',
    );
  });

  it('refuses to start an audit of a hostile URL that reached the database by an import', async () => {
    const hostile = [
      'ext::sh -c touch% /tmp/xcr-pwned',
      'file:///etc',
      'https://169.254.169.254/latest',
      'https://internal-git.attacker.example/r.git',
    ];
    const now = new Date().toISOString();
    const projects = hostile.map((url, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      name: uniqueName(`imported-${i}`),
      repository_url: url,
      repository_type: 'other',
      default_branch: 'main',
      is_active: true,
      created_at: now,
      updated_at: now,
    }));
    const imported = await t.request('POST', '/api/v1/migration/import', {
      token,
      json: { version: '1.0', exported_at: now, projects, tasks: [], issues: [] },
    });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    const expected: Record<string, [number, string]> = {
      'ext::sh -c touch% /tmp/xcr-pwned': [400, 'git_scheme_refused'],
      'file:///etc': [400, 'git_scheme_refused'],
      'https://169.254.169.254/latest': [422, 'git_host_refused'],
      'https://internal-git.attacker.example/r.git': [422, 'git_host_refused'],
    };
    const list = await t.repos.projects.list({ owner_id: userId, page_size: 100 });
    const stored = list.items.filter((p) => p.repository_url !== null && p.repository_url in expected);
    assert.equal(stored.length, hostile.length);
    for (const project of stored) {
      const res = await t.request('POST', '/api/v1/tasks', { token, json: { project_id: project.id } });
      const [status, code] = expected[project.repository_url!]!;
      assert.equal(res.status, status, `${project.repository_url}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code);
    }
    assert.ok(!existsSync('/tmp/xcr-pwned'));
  });

  it('drops credentials from an imported repository URL instead of storing and showing them', async () => {
    const now = new Date().toISOString();
    const name = uniqueName('imported-credentials');
    const project = {
      id: '00000000-0000-4000-8000-0000000000aa',
      name,
      repository_url: 'https://oauth2:glpat-IMPORTED_SECRET_42@public.example.com/o/r.git',
      created_at: now,
      updated_at: now,
    };
    const imported = await t.request('POST', '/api/v1/migration/import', {
      token,
      json: { version: '1.0', exported_at: now, projects: [project], tasks: [], issues: [] },
    });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    const listed = await t.request('GET', `/api/v1/projects?search=${name}`, { token });
    assert.equal(listed.body.items[0]?.source_url, 'https://public.example.com/o/r.git');
    assert.doesNotMatch(JSON.stringify([imported.body, listed.body]), /IMPORTED_SECRET/);
  });

  it('has the worker refuse such URLs too, before git, when an audit job reaches it without the API (scheduler, old job)', async () => {
    const list = await t.repos.projects.list({ owner_id: userId, page_size: 100 });
    const expected: Record<string, string> = {
      'ext::sh -c touch% /tmp/xcr-pwned': 'git_scheme_refused',
      'file:///etc': 'git_scheme_refused',
      'https://169.254.169.254/latest': 'git_host_refused',
      'https://internal-git.attacker.example/r.git': 'git_host_refused',
    };
    const imported = list.items.filter((p) => p.repository_url !== null && p.repository_url in expected);
    assert.equal(imported.length, Object.keys(expected).length);
    for (const project of imported) {
      const task = await t.repos.tasks.create({
        project_id: project.id,
        created_by: userId,
        name: 'queued directly',
        scan_config: { analyzers: ['rules'] },
      });
      await t.running.runtime.queue.enqueue('audit.run', { task_id: task.id }, { jobId: task.id });
      const done = await waitForTask(t, token, task.id, isFinished);
      assert.equal(done.status, 'failed');
      assert.match(done.error_message ?? '', new RegExp(`^${expected[project.repository_url!]}`));
    }
  });

  it('started no git process for any refused URL', () => {
    assert.deepEqual(gitCalls(), []);
  });

  it('fails an audit whose host turns private between the API check and the clone (DNS rebinding), before git runs', async () => {
    const created = await t.request('POST', '/api/v1/projects', {
      token,
      json: {
        name: uniqueName('rebind'),
        source_url: `https://${rebindingName}/o/r.git`,
        git_token: rebindToken,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const task = await t.request('POST', '/api/v1/tasks', { token, json: { project_id: created.body.id } });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    const done = await waitForTask(t, token, task.body.id, isFinished);
    assert.equal(done.status, 'failed');
    assert.match(done.error_message ?? '', /^git_host_refused/);
    assert.equal(
      lookups.filter((name) => name === rebindingName).length,
      3,
      'the API (twice) and the worker resolved the name',
    );
    assert.deepEqual(gitCalls(), [], 'git never ran');
  });

  it('clones an accepted URL pinned to the checked address, and keeps the token out of argv and errors', async () => {
    const secret = 'glpat-PUBLIC_TOKEN_0123456789';
    const created = await t.request('POST', '/api/v1/projects', {
      token,
      json: { name: uniqueName('public'), source_url: `https://oauth2:${secret}@public.example.com/o/r.git` },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.source_url, 'https://public.example.com/o/r.git');
    const task = await t.request('POST', '/api/v1/tasks', { token, json: { project_id: created.body.id } });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    const done = await waitForTask(t, token, task.body.id, isFinished);
    assert.equal(done.status, 'failed', 'the shim fails every clone');
    assert.match(done.error_message ?? '', /^git_clone_failed/);
    const basic = Buffer.from(`oauth2:${secret}`).toString('base64');
    assert.ok(
      !done.error_message!.includes(secret) && !done.error_message!.includes(basic),
      done.error_message!,
    );
    const calls = gitCalls();
    assert.ok(calls.length >= 1, 'the worker ran git');
    assert.ok(
      calls.every((call) => call.includes('http.curloptResolve=public.example.com:443:93.184.216.34')),
      calls.join('\n'),
    );
    assert.ok(
      calls.every(
        (call) => call.includes('http.followRedirects=false') && call.includes('protocol.allow=never'),
      ),
    );
    assert.ok(
      calls.every((call) => !call.includes(secret) && !call.includes(basic)),
      'no token in argv',
    );
    assert.ok(!t.logText().includes(secret) && !t.logText().includes(basic), 'no token in the log');
  });
});
