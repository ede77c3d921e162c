import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LlmProviderRecord } from '@xcr/core/ports/repositories';
import { secretBoxFromKeys } from '../crypto/secret-box.ts';
import { llmSecretContexts, providerConfigOf, resiliencePolicyOf } from './stored-options.ts';

const box = secretBoxFromKeys('a'.repeat(64));

function row(patch: Partial<LlmProviderRecord> = {}): LlmProviderRecord {
  const now = new Date();
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'main',
    kind: 'openai-compatible',
    base_url: null,
    model: 'gpt-4o-mini',
    api_key_encrypted: null,
    key_version: 1,
    options: {},
    is_default: true,
    is_enabled: true,
    created_at: now,
    updated_at: now,
    ...patch,
  };
}

describe('stored LLM provider options', () => {
  it('paces with the original defaults (10 connections, 60 requests/min, 150 s) unless the admin says otherwise', () => {
    assert.deepEqual(resiliencePolicyOf(row()), { pacing: { maxConcurrent: 10, requestsPerMinute: 60 }, timeoutMs: 150_000 });
    assert.deepEqual(resiliencePolicyOf(row({ options: { concurrency: 2, rpm: 500, tpm: 90_000, timeout_ms: 30_000 } })), {
      pacing: { maxConcurrent: 2, requestsPerMinute: 500, tokensPerMinute: 90_000 },
      timeoutMs: 30_000,
    });
  });

  it('builds the adapter config: preset defaults under the options, secrets opened, overrides applied', () => {
    const config = providerConfigOf(
      row({
        api_key_encrypted: box.encrypt('sk-1', { context: llmSecretContexts.apiKey }),
        options: {
          preset: 'deepseek',
          temperature: 0.5,
          json_mode: false,
          headers: { 'X-Title': 'XCR' },
          headers_encrypted: box.encrypt(JSON.stringify({ Authorization: 'Bearer t' }), { context: llmSecretContexts.headers }),
        },
      }),
      box,
      { model: 'deepseek-coder', timeoutMs: 5_000 },
    );
    assert.deepEqual(config, {
      kind: 'openai-compatible',
      name: 'main',
      baseUrl: 'https://api.deepseek.com/v1',
      model: 'deepseek-coder',
      timeoutMs: 5_000,
      temperature: 0.5,
      maxTokens: 4096,
      capabilities: { jsonMode: false, maxContextTokens: 64_000, maxOutputTokens: 8192 },
      apiKey: 'sk-1',
      headers: { 'X-Title': 'XCR', Authorization: 'Bearer t' },
    });
  });

  it('refuses a row without a base URL, and a key sealed for another use', () => {
    assert.throws(() => providerConfigOf(row(), box), { code: 'config_invalid' });
    const misplaced = row({ base_url: 'http://127.0.0.1:1/v1', api_key_encrypted: box.encrypt('sk-1', { context: 'project.git_token' }) });
    assert.throws(() => providerConfigOf(misplaced, box), { code: 'secret_undecryptable' });
  });
});
