import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { llmSecretContexts } from '@xcr/adapters/llm-settings/stored-options';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

const apiKey = 'sk-test-0123456789abcdef';
const headerSecret = 'hdr-secret-0123456789abcdef';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const mode of testModes()) {
  describe(`LLM provider settings API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let llm: FakeLlmServer;
    let adminToken: string;
    let userToken: string;
    let providerId: string;
    const name = uniqueName('fake');

    before(async () => {
      [t, llm] = await Promise.all([createTestServer({ mode }), startFakeLlmServer({ apiKey })]);
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      userToken = (await t.loginAs('user')).tokens.access_token;
    });
    after(async () => {
      await llm?.close();
      await t?.stop();
    });

    const call = (method: string, path: string, json?: unknown, token = adminToken) => t.request(method, `/api/v1${path}`, { token, json });

    it('is for admins only, and lists the presets', async () => {
      assert.equal((await t.request('GET', '/api/v1/llm-providers')).status, 401);
      assert.equal((await call('GET', '/llm-providers', undefined, userToken)).status, 403);
      assert.equal((await call('POST', '/llm-providers', { name: 'x', preset: 'ollama' }, userToken)).status, 403);
      const presets = await call('GET', '/llm-providers/presets');
      assert.equal(presets.status, 200);
      const openai = presets.body.items.find((p: { name: string }) => p.name === 'openai');
      assert.deepEqual([openai.kind, openai.model, openai.needs_api_key], ['openai-compatible', 'gpt-4o-mini', true]);
      assert.equal(presets.body.items.find((p: { name: string }) => p.name === 'ollama').needs_api_key, false);
    });

    it('creates a provider with its key sealed at rest and masked in every answer', async () => {
      const created = await call('POST', '/llm-providers', {
        name,
        preset: 'openai',
        base_url: llm.baseUrls.openai,
        api_key: apiKey,
        options: { timeout_ms: 5_000, rpm: 120, concurrency: 2, headers: { 'X-Title': 'XCR', 'X-Upstream-Token': headerSecret } },
      });
      assert.equal(created.status, 201);
      providerId = created.body.id;
      assert.deepEqual(
        [created.body.kind, created.body.model, created.body.preset, created.body.has_api_key, created.body.api_key_masked, created.body.is_default],
        ['openai-compatible', 'gpt-4o-mini', 'openai', true, 'sk-…cdef', true],
      );
      assert.deepEqual(created.body.options, { timeout_ms: 5_000, rpm: 120, concurrency: 2, headers: { 'X-Title': 'XCR', 'X-Upstream-Token': 'hdr…cdef' } });
      const list = await call('GET', '/llm-providers');
      const one = await call('GET', `/llm-providers/${providerId}`);
      for (const answer of [created, list, one]) {
        const text = JSON.stringify(answer.body);
        assert.ok(!text.includes(apiKey) && !text.includes(headerSecret) && !text.includes('"api_key"'), 'no secret in the answer');
      }
      assert.equal(list.body.items.find((p: { id: string }) => p.id === providerId).api_key_masked, 'sk-…cdef');

      const row = await t.repos.llmProviders.get(providerId);
      const sealed = row?.api_key_encrypted ?? '';
      assert.ok(sealed.startsWith('v1:'));
      assert.ok(!sealed.includes(apiKey) && !JSON.stringify(row?.options).includes(headerSecret));
      assert.equal(t.running.runtime.secretBox.decrypt(sealed, { context: llmSecretContexts.apiKey }), apiKey);

      const audit = await t.repos.auditLog.list({ action: 'llm_provider.created', resource_id: providerId });
      assert.equal(audit.total, 1);
      assert.ok(!JSON.stringify(audit.items).includes(apiKey));
      assert.ok(!t.logText().includes(apiKey) && !t.logText().includes(headerSecret));
    });

    it('refuses incomplete, unknown, duplicate and malformed providers', async () => {
      const cases: Array<[unknown, number, string?]> = [
        [{ name: uniqueName('p'), model: 'm', base_url: 'http://127.0.0.1:1/v1' }, 422, 'kind_required'],
        [{ name: uniqueName('p'), preset: 'nope' }, 422, 'unknown_preset'],
        [{ name: uniqueName('p'), preset: 'deepseek' }, 422, 'api_key_required'],
        [{ name: uniqueName('p'), preset: 'vllm' }, 422, 'model_required'],
        [{ name, preset: 'ollama' }, 409, 'llm_provider_exists'],
        [{ name: uniqueName('p'), preset: 'ollama', base_url: 'file:///etc/passwd' }, 400],
        [{ name: uniqueName('p'), preset: 'ollama', options: { rpm: 0 } }, 400],
        [{ name: uniqueName('p'), preset: 'ollama', api_key_encrypted: 'x' }, 400],
      ];
      for (const [body, status, code] of cases) {
        const res = await call('POST', '/llm-providers', body);
        assert.equal(res.status, status, JSON.stringify(body));
        if (code) assert.equal(res.body.error.code, code);
      }
    });

    it('changes keys with an audit entry (never the key), keeping keys and headers sent back masked', async () => {
      const versionBefore = (await call('GET', `/llm-providers/${providerId}`)).body.key_version;
      const echoed = await call('PUT', `/llm-providers/${providerId}`, {
        api_key: 'sk-…cdef',
        options: { timeout_ms: 5_000, rpm: 120, concurrency: 2, headers: { 'X-Title': 'XCR', 'X-Upstream-Token': 'hdr…cdef' } },
      });
      assert.equal(echoed.status, 200);
      assert.equal(echoed.body.key_version, versionBefore);
      const row = await t.repos.llmProviders.get(providerId);
      assert.equal(t.running.runtime.secretBox.decrypt(row!.api_key_encrypted!, { context: llmSecretContexts.apiKey }), apiKey);
      assert.equal((await t.repos.auditLog.list({ action: 'llm_provider.key_changed', resource_id: providerId })).total, 0);
      const recorded = llm.requests.length;
      assert.equal((await call('POST', `/llm-providers/${providerId}/test`)).body.ok, true);
      assert.equal(llm.requests[recorded]?.headers['x-upstream-token'], headerSecret);

      const newKey = 'sk-new-key-9876543210zyxw';
      const changed = await call('PUT', `/llm-providers/${providerId}`, { api_key: newKey, model: 'gpt-4o' });
      assert.deepEqual([changed.body.key_version, changed.body.api_key_masked, changed.body.model], [versionBefore + 1, 'sk-…zyxw', 'gpt-4o']);
      const keyAudit = await t.repos.auditLog.list({ action: 'llm_provider.key_changed', resource_id: providerId });
      assert.equal(keyAudit.total, 1);
      assert.deepEqual(keyAudit.items[0]?.details, { name, key_version: versionBefore + 1, is_removed: false });
      const updateAudit = await t.repos.auditLog.list({ action: 'llm_provider.updated', resource_id: providerId });
      assert.deepEqual(updateAudit.items[0]?.details, { name, changed: ['model'] });
      assert.ok(!JSON.stringify((await t.repos.auditLog.list({ resource_type: 'llm_provider', page_size: 100 })).items).includes(newKey));
      assert.ok(!t.logText().includes(newKey));

      const back = await call('PUT', `/llm-providers/${providerId}`, { api_key: apiKey, model: 'gpt-4o-mini' });
      assert.equal(back.body.key_version, versionBefore + 2);
      assert.equal((await call('PUT', `/llm-providers/${randomUUID()}`, { model: 'x' })).status, 404);
      assert.equal((await call('PUT', `/llm-providers/${providerId}`, { api_key_masked: 'x' })).status, 400);
    });

    it('answers a change that changes nothing (empty, or only the key sent back masked) with the provider as it is', async () => {
      const before = (await call('GET', `/llm-providers/${providerId}`)).body;
      const empty = await call('PUT', `/llm-providers/${providerId}`, {});
      const maskedOnly = await call('PUT', `/llm-providers/${providerId}`, { api_key: before.api_key_masked });
      assert.equal(empty.status, 200, JSON.stringify(empty.body));
      assert.equal(maskedOnly.status, 200, JSON.stringify(maskedOnly.body));
      assert.deepEqual(maskedOnly.body, before);
      assert.equal((await call('PUT', `/llm-providers/${randomUUID()}`, {})).status, 404);
    });

    it('tests the connection: ok against the provider, an error kind when it fails', async () => {
      const ok = await call('POST', `/llm-providers/${providerId}/test`);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.ok, true);
      assert.equal(ok.body.model, 'gpt-4o-mini');
      assert.equal(typeof ok.body.latency_ms, 'number');
      assert.equal(llm.requests.at(-1)?.headers.authorization, `Bearer ${apiKey}`);

      const wrongKey = await call('POST', '/llm-providers', { name: uniqueName('wrong'), preset: 'openai', base_url: llm.baseUrls.openai, api_key: 'sk-wrong-0000000000000000' });
      const auth = await call('POST', `/llm-providers/${wrongKey.body.id}/test`);
      assert.deepEqual([auth.body.ok, auth.body.error.kind], [false, 'auth']);
      assert.ok(!JSON.stringify(auth.body).includes('sk-wrong-0000000000000000'));

      const down = await call('POST', '/llm-providers', { name: uniqueName('down'), kind: 'openai-compatible', model: 'm', base_url: `http://127.0.0.1:${await closedPort()}/v1` });
      const unavailable = await call('POST', `/llm-providers/${down.body.id}/test`);
      assert.deepEqual([unavailable.body.ok, unavailable.body.error.kind], [false, 'unavailable']);

      llm.script({ type: 'status', status: 429, retryAfterSeconds: 30 });
      const limited = await call('POST', `/llm-providers/${providerId}/test`);
      assert.deepEqual([limited.body.ok, limited.body.error.kind], [false, 'rate_limit']);
      assert.equal((await call('POST', `/llm-providers/${randomUUID()}/test`)).status, 404);
    });

    it('hands the default over and resolves providers for tasks, rebuilding after a change', async () => {
      const resolver = t.running.runtime.llmResolver;
      const first = await resolver.resolve({});
      assert.equal(first?.name, name);
      assert.equal(await resolver.resolve({}), first, 'the same wrapped provider (pacing and breaker state kept)');
      assert.equal((await resolver.resolve({ provider: name, model: 'gpt-4o' }))?.model, 'gpt-4o');

      const second = await call('POST', '/llm-providers', { name: uniqueName('second'), preset: 'ollama', base_url: llm.baseUrls.openai, model: 'llama3', is_default: true });
      assert.equal(second.body.is_default, true);
      assert.equal((await call('GET', `/llm-providers/${providerId}`)).body.is_default, false);
      assert.equal((await resolver.resolve({}))?.name, second.body.name);
      const viaName = await resolver.resolve({ provider: name });
      assert.equal(viaName, first);

      await call('PUT', `/llm-providers/${providerId}`, { options: { rpm: 30 } });
      const rebuilt = await resolver.resolve({ provider: name });
      assert.notEqual(rebuilt, first);
      const answer = await rebuilt!.complete({ messages: [{ role: 'user', content: 'hi' }] }, { signal: AbortSignal.timeout(5_000) });
      assert.equal(typeof answer.content, 'string');

      await call('PUT', `/llm-providers/${providerId}`, { is_enabled: false });
      assert.equal(await resolver.resolve({ provider: name }), undefined);
      assert.equal(await resolver.resolve({ provider: 'no-such-provider' }), undefined);
    });

    it('deletes a provider with an audit entry', async () => {
      assert.equal((await call('DELETE', `/llm-providers/${providerId}`)).status, 204);
      assert.equal((await call('GET', `/llm-providers/${providerId}`)).status, 404);
      assert.equal((await call('DELETE', `/llm-providers/${providerId}`)).status, 404);
      const audit = await t.repos.auditLog.list({ action: 'llm_provider.deleted', resource_id: providerId });
      assert.deepEqual(audit.items[0]?.details, { name });
    });
  });
}
