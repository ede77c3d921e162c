import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretBoxFromKeys } from '@xcr/adapters/crypto/secret-box';
import { createLogger } from '../../observability/logger.ts';
import { createHttpMetrics } from '../../observability/metrics.ts';
import { temporaryDir } from '../../runtime.ts';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';
import { createApiDeps } from '../api-deps.ts';
import { buildHttpApp } from '../app.ts';
import { registerAuthPlugin } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { createZipProject, uploadZip, vulnerableFiles, zipOf } from './audit-test-kit.ts';
import { registerProjectRoutes } from './projects.ts';

for (const mode of testModes()) {
  describe(`projects, members, recycle bin and uploads (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let dataDir: string | undefined;
    let adminToken: string;
    let alice: Awaited<ReturnType<TestServer['loginAs']>>;
    let bob: Awaited<ReturnType<TestServer['loginAs']>>;

    before(async () => {
      // Production mode keeps no data folder of its own: give its temporary files one under the system's.
      dataDir = mode === 'production' ? mkdtempSync(join(tmpdir(), 'xcr-projects-test-')) : undefined;
      t = await createTestServer({ mode, ...(dataDir ? { env: { XCR_DATA_DIR: dataDir } } : {}) });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      alice = await t.loginAs('user');
      bob = await t.loginAs('user');
    });
    after(async () => {
      await t?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const api = (method: string, path: string, token: string, json?: unknown) =>
      t.request(method, `/api/v1${path}`, { token, ...(json === undefined ? {} : { json }) });

    it('creates zip and Git projects; the token is sealed at rest and never shown', async () => {
      const token = 'glpat-0123456789abcdefghij';
      const zip = await api('POST', '/projects', alice.tokens.access_token, {
        name: 'Zip one',
        description: 'code drop',
      });
      const git = await api('POST', '/projects', alice.tokens.access_token, {
        name: 'Git one',
        source_type: 'gitlab',
        source_url: `https://oauth2:${token}@gitlab.example.com/group/sub/repo.git`,
        branch: 'develop',
      });
      assert.equal(zip.status, 201, JSON.stringify(zip.body));
      assert.equal(zip.body.source_type, 'zip');
      assert.equal(zip.body.role, 'owner');
      assert.equal(zip.body.branch, 'main');
      assert.equal(zip.body.has_upload, false);
      assert.equal(git.status, 201, JSON.stringify(git.body));
      assert.equal(git.body.source_url, 'https://gitlab.example.com/group/sub/repo.git');
      assert.equal(git.body.repository_name, 'group/sub/repo');
      assert.equal(git.body.has_git_token, true);
      assert.ok(!JSON.stringify(git.body).includes(token));

      const sealed = (await t.repos.projects.get(git.body.id))?.git_token_encrypted ?? '';
      assert.ok(sealed.startsWith('v1:'));
      assert.ok(!sealed.includes(token));
      assert.equal(
        secretBoxFromKeys(t.config.auth.encryptionKey!).decrypt(sealed, {
          context: 'project.git_token',
        }),
        token,
      );

      const read = await api('GET', `/projects/${git.body.id}`, alice.tokens.access_token);
      assert.equal(read.status, 200);
      assert.ok(!JSON.stringify(read.body).includes(token));
      const cleared = await api('PATCH', `/projects/${git.body.id}`, alice.tokens.access_token, {
        git_token: null,
        name: 'Git renamed',
        status: 'archived',
      });
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body.has_git_token, false);
      assert.equal(cleared.body.name, 'Git renamed');
      assert.equal(cleared.body.status, 'archived');
      const log = await t.repos.auditLog.list({
        resource_id: git.body.id,
        action: 'project.git_token_removed',
      });
      assert.equal(log.total, 1);
    });

    it('refuses bad project input', async () => {
      const token = alice.tokens.access_token;
      const cases: Array<[unknown, number, string]> = [
        [
          { name: 'x', source_type: 'git', source_url: 'http://example.com/repo.git' },
          400,
          'git_scheme_refused',
        ],
        [{ name: 'x', source_type: 'git', source_url: 'git@example.com:a/b.git' }, 400, 'git_scheme_refused'],
        [{ name: 'x', source_type: 'github' }, 400, 'source_url_required'],
        [
          { name: 'x', source_type: 'zip', source_url: 'https://example.com/a.git' },
          400,
          'source_url_unexpected',
        ],
        [{ name: 'x', source_type: 'local' }, 400, 'validation_error'],
        [{ name: '' }, 400, 'validation_error'],
        [{ name: 'x', branch: '../etc' }, 400, 'validation_error'],
      ];
      for (const [body, status, code] of cases) {
        const res = await api('POST', '/projects', token, body);
        assert.equal(res.status, status, JSON.stringify(body));
        assert.equal(res.body.error.code, code, JSON.stringify(body));
      }
      const viewer = await t.loginAs('viewer');
      const denied = await api('POST', '/projects', viewer.tokens.access_token, { name: 'nope' });
      assert.equal(denied.status, 403);
    });

    it('sets, shows and removes a re-audit schedule, refusing expressions the scheduler cannot run', async () => {
      const token = alice.tokens.access_token;
      const created = await api('POST', '/projects', token, { name: 'scheduled' });
      const id = created.body.id as string;

      const set = await api('PATCH', `/projects/${id}`, token, { schedule_cron: '30 2 * * 1-5' });
      const shown = await api('GET', `/projects/${id}`, token);
      const bad = await api('PATCH', `/projects/${id}`, token, { schedule_cron: '61 * * * *' });
      const removed = await api('PATCH', `/projects/${id}`, token, { schedule_cron: null });

      assert.equal(created.body.schedule_cron, null);
      assert.equal(set.status, 200);
      assert.equal(shown.body.schedule_cron, '30 2 * * 1-5');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_cron');
      assert.equal(removed.body.schedule_cron, null);
    });

    it('lists with pagination, search and status filters, newest change first', async () => {
      const tag = uniqueName('list');
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1)
        ids.push(await createZipProject(t, alice.tokens.access_token, `${tag} ${i}`));
      await api('PUT', `/projects/${ids[0]}`, alice.tokens.access_token, { status: 'archived' });
      const page1 = await api(
        'GET',
        `/projects?search=${encodeURIComponent(tag)}&page_size=2`,
        alice.tokens.access_token,
      );
      const page2 = await api(
        'GET',
        `/projects?search=${encodeURIComponent(tag)}&page_size=2&page=2`,
        alice.tokens.access_token,
      );
      const archived = await api(
        'GET',
        `/projects?search=${encodeURIComponent(tag)}&status=archived`,
        alice.tokens.access_token,
      );
      const legacy = await api(
        'GET',
        `/projects?search=${encodeURIComponent(tag)}&status_filter=active`,
        alice.tokens.access_token,
      );
      assert.equal(page1.body.total, 3);
      assert.deepEqual([page1.body.page, page1.body.page_size, page1.body.items.length], [1, 2, 2]);
      assert.equal(page1.body.items[0].id, ids[0], 'the archived one changed last');
      assert.equal(page2.body.items.length, 1);
      assert.deepEqual(
        archived.body.items.map((p: { id: string }) => p.id),
        [ids[0]],
      );
      assert.equal(legacy.body.total, 2);
      const bad = await api('GET', '/projects?page_size=101', alice.tokens.access_token);
      assert.equal(bad.status, 400);
    });

    it('keeps projects private: 404 to others, never listed or counted; admins see everything', async () => {
      const tag = uniqueName('private');
      const id = await createZipProject(t, alice.tokens.access_token, tag);
      const bobToken = bob.tokens.access_token;
      for (const [method, path, body] of [
        ['GET', `/projects/${id}`, undefined],
        ['PUT', `/projects/${id}`, { name: 'mine now' }],
        ['PATCH', `/projects/${id}`, { name: 'mine now' }],
        ['DELETE', `/projects/${id}`, undefined],
        ['GET', `/projects/${id}/members`, undefined],
        ['POST', `/projects/${id}/members`, { login: bob.user.username }],
        ['POST', `/recycle-bin/projects/${id}/restore`, undefined],
        ['DELETE', `/recycle-bin/projects/${id}`, undefined],
      ] as const) {
        const res = await api(method, path, bobToken, body);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      const upload = await uploadZip(t.baseUrl, bobToken, id, await zipOf({ 'a.py': 'x = 1\n' }));
      assert.equal(upload.status, 404);
      const bobList = await api('GET', `/projects?search=${tag}`, bobToken);
      assert.equal(bobList.body.total, 0);
      const aliceList = await api('GET', `/projects?search=${tag}`, alice.tokens.access_token);
      assert.equal(aliceList.body.total, 1);
      const adminRead = await api('GET', `/projects/${id}`, adminToken);
      assert.equal(adminRead.status, 200);
      assert.equal(adminRead.body.role, 'admin');
      const adminList = await api('GET', `/projects?search=${tag}`, adminToken);
      assert.equal(adminList.body.total, 1);
    });

    it('manages members, and access follows the membership', async () => {
      const id = await createZipProject(t, alice.tokens.access_token, uniqueName('team'));
      const owner = alice.tokens.access_token;
      const bobToken = bob.tokens.access_token;
      const carol = await t.loginAs('user');
      const globalViewer = await t.loginAs('viewer');

      const addBob = await api('POST', `/projects/${id}/members`, owner, {
        login: bob.user.username,
        role: 'viewer',
      });
      assert.equal(addBob.status, 201, JSON.stringify(addBob.body));
      assert.equal(addBob.body.role, 'viewer');
      assert.equal(
        (await api('POST', `/projects/${id}/members`, owner, { login: bob.user.email })).body.error.code,
        'member_exists',
      );
      assert.equal(
        (await api('POST', `/projects/${id}/members`, owner, { login: 'nobody-here' })).status,
        404,
      );
      assert.equal(
        (await api('POST', `/projects/${id}/members`, owner, { user_id: carol.user.id, login: 'x' })).status,
        400,
      );

      // A viewer member reads but does not write.
      assert.equal((await api('GET', `/projects/${id}`, bobToken)).body.role, 'viewer');
      assert.equal((await api('GET', `/projects/${id}/members`, bobToken)).status, 200);
      assert.equal((await api('PUT', `/projects/${id}`, bobToken, { name: 'x' })).status, 403);
      assert.equal(
        (await uploadZip(t.baseUrl, bobToken, id, await zipOf({ 'a.py': 'x = 1\n' }))).status,
        403,
      );
      assert.equal(
        (await api('POST', `/projects/${id}/members`, bobToken, { user_id: carol.user.id })).status,
        403,
      );

      // As member: writes; as project admin: manages, but cannot make co-owners.
      const promote = await api('PUT', `/projects/${id}/members/${bob.user.id}`, owner, { role: 'member' });
      assert.equal(promote.status, 200);
      assert.equal((await api('PUT', `/projects/${id}`, bobToken, { description: 'by bob' })).status, 200);
      assert.equal((await api('DELETE', `/projects/${id}`, bobToken)).status, 403);
      await api('PATCH', `/projects/${id}/members/${bob.user.id}`, owner, { role: 'admin' });
      const addCarol = await api('POST', `/projects/${id}/members`, bobToken, {
        user_id: carol.user.id,
        role: 'member',
      });
      assert.equal(addCarol.status, 201);
      const coOwner = await api('PUT', `/projects/${id}/members/${carol.user.id}`, bobToken, {
        role: 'owner',
      });
      assert.equal(coOwner.status, 403);
      assert.equal(
        (await api('DELETE', `/projects/${id}/members/${alice.user.id}`, bobToken)).body.error.code,
        'owner_membership_fixed',
      );

      // A global viewer stays a reader whatever the membership says.
      await api('POST', `/projects/${id}/members`, owner, { user_id: globalViewer.user.id, role: 'member' });
      assert.equal(
        (await api('GET', `/projects/${id}`, globalViewer.tokens.access_token)).body.role,
        'viewer',
      );
      assert.equal(
        (await api('PUT', `/projects/${id}`, globalViewer.tokens.access_token, { name: 'x' })).status,
        403,
      );

      const members = await api('GET', `/projects/${id}/members`, owner);
      assert.deepEqual(
        members.body.map((m: { user_id: string; role: string }) => [m.user_id, m.role]),
        [
          [alice.user.id, 'owner'],
          [bob.user.id, 'admin'],
          [carol.user.id, 'member'],
          [globalViewer.user.id, 'member'],
        ],
      );

      // Leaving and removal take access away again.
      assert.equal(
        (await api('DELETE', `/projects/${id}/members/${carol.user.id}`, carol.tokens.access_token)).status,
        204,
      );
      assert.equal((await api('GET', `/projects/${id}`, carol.tokens.access_token)).status, 404);
      assert.equal((await api('DELETE', `/projects/${id}/members/${bob.user.id}`, owner)).status, 204);
      assert.equal((await api('GET', `/projects/${id}`, bobToken)).status, 404);
      const log = await t.repos.auditLog.list({ resource_id: id });
      assert.deepEqual(
        new Set(log.items.map((e) => e.action)),
        new Set(['project.member_added', 'project.member_role_changed', 'project.member_removed']),
      );
    });

    it('moves projects through the recycle bin: delete, list, restore, purge (with the archive)', async () => {
      const owner = alice.tokens.access_token;
      const tag = uniqueName('bin');
      const id = await createZipProject(t, owner, tag);
      const uploaded = await uploadZip(t.baseUrl, owner, id, await zipOf({ 'a.py': 'x = 1\n' }));
      assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
      const key = (await t.repos.projects.get(id))!.upload_object_key!;
      assert.ok(await t.running.runtime.storage.head(key));

      assert.equal((await api('DELETE', `/projects/${id}`, owner)).status, 204);
      assert.equal((await api('GET', `/projects?search=${tag}`, owner)).body.total, 0);
      const inBin = await api('GET', `/recycle-bin/projects?search=${tag}`, owner);
      assert.deepEqual(
        inBin.body.items.map((p: { id: string }) => p.id),
        [id],
      );
      assert.equal(inBin.body.items[0].status, 'deleted');
      assert.ok(inBin.body.items[0].deleted_at);
      assert.equal(
        (await api('GET', `/recycle-bin/projects?search=${tag}`, bob.tokens.access_token)).body.total,
        0,
      );
      assert.equal((await api('GET', `/projects/${id}`, owner)).body.status, 'deleted');
      const edit = await api('PUT', `/projects/${id}`, owner, { name: 'x' });
      assert.equal(edit.status, 409);
      assert.equal(edit.body.error.code, 'project_deleted');
      assert.equal((await api('DELETE', `/projects/${id}`, owner)).status, 409);

      const restored = await api('POST', `/recycle-bin/projects/${id}/restore`, owner);
      assert.equal(restored.status, 200);
      assert.equal(restored.body.status, 'active');
      assert.equal(
        (await api('POST', `/recycle-bin/projects/${id}/restore`, owner)).body.error.code,
        'project_not_deleted',
      );
      assert.equal(
        (await api('DELETE', `/recycle-bin/projects/${id}`, owner)).body.error.code,
        'project_not_deleted',
      );

      await api('DELETE', `/projects/${id}`, owner);
      assert.equal((await api('DELETE', `/recycle-bin/projects/${id}`, owner)).status, 204);
      assert.equal((await api('GET', `/projects/${id}`, owner)).status, 404);
      assert.equal(await t.running.runtime.storage.head(key), undefined);
      assert.deepEqual(await t.running.runtime.storage.list(`uploads/${id}/`), []);
      const actions = (await t.repos.auditLog.list({ resource_id: id })).items.map((e) => e.action);
      for (const action of ['project.deleted', 'project.restored', 'project.purged'])
        assert.ok(actions.includes(action), action);
    });

    it('accepts a ZIP upload, replaces the previous one, and turns a Git project into a zip project', async () => {
      const owner = alice.tokens.access_token;
      const id = await createZipProject(t, owner, uniqueName('upload'));
      const first = await uploadZip(t.baseUrl, owner, id, await zipOf(vulnerableFiles), {
        fileName: '../../evil\u0001name.zip',
      });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.project.has_upload, true);
      assert.equal(first.body.upload.files, 3);
      assert.equal(first.body.upload.file_name, 'evilname.zip');
      assert.ok(first.body.upload.size_bytes > 0);
      assert.ok(!JSON.stringify(first.body).includes('uploads/'), 'storage keys stay inside');
      const firstKey = (await t.repos.projects.get(id))!.upload_object_key!;

      const second = await uploadZip(t.baseUrl, owner, id, await zipOf({ 'b.js': 'let a = 1;\n' }));
      assert.equal(second.status, 200);
      assert.equal(second.body.upload.files, 1);
      const secondKey = (await t.repos.projects.get(id))!.upload_object_key!;
      assert.notEqual(secondKey, firstKey);
      assert.equal(await t.running.runtime.storage.head(firstKey), undefined);
      assert.ok(await t.running.runtime.storage.head(secondKey));

      const git = await api('POST', '/projects', owner, {
        name: uniqueName('was-git'),
        source_url: 'https://example.com/a/b.git',
      });
      assert.equal(git.body.source_type, 'git');
      const switched = await uploadZip(t.baseUrl, owner, git.body.id, await zipOf({ 'c.py': 'y = 2\n' }));
      assert.equal(switched.status, 200);
      assert.equal(switched.body.project.source_type, 'zip');
    });

    it('refuses uploads that are not ZIPs, hostile archives and missing fields, keeping nothing', async () => {
      const owner = alice.tokens.access_token;
      const id = await createZipProject(t, owner, uniqueName('hostile'));
      const cases: Array<[string, Promise<Buffer>, number, string, string?]> = [
        ['not a zip', Promise.resolve(Buffer.from('just some text, not an archive')), 400, 'upload_not_zip'],
        ['empty', Promise.resolve(Buffer.alloc(0)), 400, 'upload_not_zip'],
        [
          'traversal',
          zipOf([{ name: '../../etc/passwd', data: Buffer.from('root') }]),
          422,
          'zip_path_traversal',
        ],
        ['absolute', zipOf([{ name: '/etc/passwd', data: Buffer.from('root') }]), 422, 'zip_absolute_path'],
        [
          'symlink',
          zipOf([{ name: 'link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]),
          422,
          'zip_symlink',
        ],
        [
          'corrupt',
          Promise.resolve(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)])),
          400,
          'zip_invalid',
        ],
        ['wrong field', zipOf({ 'a.py': 'x = 1\n' }), 400, 'upload_file_missing', 'archive'],
      ];
      for (const [label, body, status, code, field] of cases) {
        const res = await uploadZip(t.baseUrl, owner, id, await body, field ? { field } : {});
        assert.equal(res.status, status, `${label}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, code, label);
      }
      const notMultipart = await api('POST', `/projects/${id}/upload`, owner, { file: 'x' });
      assert.equal(notMultipart.status, 415);
      assert.equal((await t.repos.projects.get(id))!.upload_object_key, null);
      assert.deepEqual(await t.running.runtime.storage.list(`uploads/${id}/`), []);
      assert.deepEqual(leftoverUploads(t), []);
    });

    it('refuses an archive over the size limit with 413 upload_too_large, keeping nothing', async () => {
      // A second API over the same runtime, with a small limit, so the test need not send 100 MB.
      const deps = { ...createApiDeps(t.running.runtime), uploads: { maxBytes: 64 * 1024 } };
      const app = await buildHttpApp({
        logger: createLogger('silent'),
        metrics: createHttpMetrics(undefined, { collectProcess: false }),
        readiness: [],
        corsOrigins: [],
        trustProxy: false,
        bodyLimitBytes: 1024 * 1024,
        registerApi: async (scope: HttpApp) => {
          registerAuthPlugin(scope, deps);
          await registerProjectRoutes(scope, deps);
        },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const address = app.server.address();
        const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        const owner = alice.tokens.access_token;
        const id = await createZipProject(t, owner, uniqueName('big'));
        const random = (n: number) =>
          Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
        const big = await zipOf([{ name: 'big.bin', data: random(200 * 1024), method: 'store' }]);
        const res = await uploadZip(baseUrl, owner, id, big);
        assert.equal(res.status, 413, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'upload_too_large');
        const small = await uploadZip(baseUrl, owner, id, await zipOf({ 'a.py': 'x = 1\n' }));
        assert.equal(small.status, 200);
        const keys = await t.running.runtime.storage.list(`uploads/${id}/`);
        assert.equal(keys.length, 1, 'only the accepted archive is stored');
        assert.deepEqual(leftoverUploads(t), []);
      } finally {
        await app.close();
      }
    });
  });
}

/** Upload work folders still on disk (each request removes its own). */
function leftoverUploads(t: TestServer): string[] {
  try {
    return readdirSync(temporaryDir(t.config)).filter((name) => name.startsWith('xcr-upload-'));
  } catch {
    return [];
  }
}
