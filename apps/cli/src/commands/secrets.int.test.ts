import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretBoxFromKeys } from '@xcr/adapters/crypto/secret-box';
import { createDatabase, type DatabaseHandle } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { llmSecretContexts } from '@xcr/adapters/llm-settings/stored-options';
import { projectGitTokenContext } from '@xcr/adapters/llm-settings/rotate-secrets';
import { createTestDatabaseUrl } from '@xcr/testkit/services/test-database';

// End to end: the real `xcr` binary re-encrypts what a server stored under an old key.
const repoRoot = new URL('../../../../', import.meta.url).pathname;
const cli = join(repoRoot, 'apps/cli/bin/xcr.js');

const oldKey = randomBytes(32).toString('hex');
const newKey = randomBytes(32).toString('base64');
const secrets = { apiKey: 'sk-rotate-0123456789abcdef', headers: { Authorization: 'Bearer hdr-0123456789abcdef' }, gitToken: 'ghp_rotate0123456789abcdef' };

/** Runs `xcr secrets rotate` with the given environment (async: PGlite must not be blocked by a sync spawn). */
function rotate(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'secrets', 'rotate', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Stores a project Git token and an LLM provider (key and credential header) sealed with `key`. */
async function seed(handle: DatabaseHandle, key: string) {
  const box = secretBoxFromKeys(key);
  const repos = createRepositories(handle.db);
  const owner = await repos.users.create({ email: `o${Date.now()}@example.test`, username: `o${Date.now()}`, password_hash: 'x' });
  const project = await repos.projects.create({
    owner_id: owner.id,
    name: 'p',
    source: 'git',
    git_token_encrypted: box.encrypt(secrets.gitToken, { context: projectGitTokenContext }),
  });
  const provider = await repos.llmProviders.create({
    name: 'openai',
    kind: 'openai-compatible',
    model: 'gpt-4o-mini',
    base_url: 'https://api.openai.com/v1',
    api_key_encrypted: box.encrypt(secrets.apiKey, { context: llmSecretContexts.apiKey }),
    options: { rpm: 30, headers_encrypted: box.encrypt(JSON.stringify(secrets.headers), { context: llmSecretContexts.headers }) },
  });
  return { projectId: project.id, providerId: provider.id };
}

/** Opens every stored secret with a box holding only `key`. */
async function readAll(handle: DatabaseHandle, key: string, ids: { projectId: string; providerId: string }) {
  const box = secretBoxFromKeys(key);
  const repos = createRepositories(handle.db);
  const project = await repos.projects.get(ids.projectId);
  const provider = await repos.llmProviders.get(ids.providerId);
  return {
    gitToken: box.decrypt(project?.git_token_encrypted ?? '', { context: projectGitTokenContext }),
    apiKey: box.decrypt(provider?.api_key_encrypted ?? '', { context: llmSecretContexts.apiKey }),
    headers: JSON.parse(box.decrypt(String(provider?.options.headers_encrypted), { context: llmSecretContexts.headers })) as unknown,
    rpm: provider?.options.rpm,
  };
}

describe('xcr secrets rotate', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('re-encrypts an embedded installation with the new key, which the data folder then keeps', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xcr-rotate-'));
    dirs.push(dataDir);
    // What a first start wrote: the generated keys in the data folder.
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ secretKey: 's'.repeat(48), encryptionKey: oldKey }), { mode: 0o600 });
    let handle = await createDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
    await migrateToLatest(handle);
    const ids = await seed(handle, oldKey);
    await handle.close();

    const dry = await rotate({ XCR_DATA_DIR: dataDir, XCR_ENCRYPTION_KEY: newKey }, '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(JSON.parse(dry.stdout), { llm_api_keys: 1, llm_headers: 1, project_git_tokens: 1, already_current: 0, failed: [], is_dry_run: true });
    const run = await rotate({ XCR_DATA_DIR: dataDir, XCR_ENCRYPTION_KEY: newKey }, '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { llm_api_keys: 1, llm_headers: 1, project_git_tokens: 1, already_current: 0, failed: [], is_dry_run: false });
    for (const output of [run.stdout, run.stderr]) assert.ok(!output.includes(secrets.apiKey) && !output.includes(secrets.gitToken));
    assert.equal(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).encryptionKey, newKey);

    handle = await createDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
    try {
      assert.deepEqual(await readAll(handle, newKey, ids), { ...secrets, rpm: 30 });
      await assert.rejects(readAll(handle, oldKey, ids), { code: 'secret_undecryptable' });
      const audit = await createRepositories(handle.db).auditLog.list({ action: 'secrets.rotated' });
      assert.equal(audit.total, 1);
    } finally {
      await handle.close();
    }

    // Without any key in the environment the data folder's (now new) key applies: nothing left to do.
    const again = await rotate({ XCR_DATA_DIR: dataDir }, '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout), { llm_api_keys: 0, llm_headers: 0, project_git_tokens: 0, already_current: 3, failed: [], is_dry_run: false });
  });

  it('on PostgreSQL, takes old keys from XCR_ENCRYPTION_KEYS_OLD and changes nothing when a secret does not open', async () => {
    const database = await createTestDatabaseUrl();
    const handle = await createDatabase({ kind: 'postgres', url: database.url, poolMax: 2, statementTimeoutMs: 30_000 });
    try {
      await migrateToLatest(handle);
      const ids = await seed(handle, oldKey);
      const env = { DATABASE_URL: database.url, XCR_ENCRYPTION_KEY: newKey };

      const missingOldKey = await rotate(env);
      assert.equal(missingOldKey.code, 1);
      assert.match(missingOldKey.stderr, /cannot open git_token_encrypted of project/);
      assert.deepEqual(await readAll(handle, oldKey, ids), { ...secrets, rpm: 30 });

      const run = await rotate({ ...env, XCR_ENCRYPTION_KEYS_OLD: `${randomBytes(32).toString('hex')},${oldKey}` });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /re-encrypted: 1 LLM provider keys, 1 LLM provider header sets, 1 project Git tokens; 0 already current/);
      assert.deepEqual(await readAll(handle, newKey, ids), { ...secrets, rpm: 30 });

      const badConfig = await rotate({ DATABASE_URL: database.url, XCR_ENCRYPTION_KEY: newKey, XCR_ENCRYPTION_KEYS_OLD: 'short' });
      assert.equal(badConfig.code, 78);
      assert.match(badConfig.stderr, /XCR_ENCRYPTION_KEYS_OLD/);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});
