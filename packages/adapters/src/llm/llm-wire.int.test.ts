// Each adapter's wire format over real HTTP against the fake LLM server: URL, headers (auth and custom), body
// (stream off, JSON mode, system placement), usage and finish reason.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { LlmProviderConfig, LlmRequest } from '@xcr/core/ports/llm-provider';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { createLlmProvider } from './registry.ts';

const key = 'sk-test-abcdef1234567890';
const request: LlmRequest = {
  messages: [
    { role: 'system', content: 'You are an auditor.' },
    { role: 'user', content: 'Review this file.' },
  ],
  isJsonMode: true,
};
const signal = (): AbortSignal => new AbortController().signal;

function configFor(
  server: FakeLlmServer,
  kind: LlmProviderConfig['kind'],
  overrides: Partial<LlmProviderConfig> = {},
): LlmProviderConfig {
  const baseUrl = {
    'openai-compatible': server.baseUrls.openai,
    anthropic: server.baseUrls.anthropic,
    gemini: server.baseUrls.gemini,
    ernie: server.baseUrls.ernie,
  }[kind];
  const model = {
    'openai-compatible': 'gpt-4o-mini',
    anthropic: 'claude-3-5-sonnet-20241022',
    gemini: 'gemini-2.5-flash',
    ernie: 'ERNIE-3.5-8K',
  }[kind];
  return {
    kind,
    name: `test-${kind}`,
    baseUrl,
    model,
    apiKey: kind === 'ernie' ? 'ernie-api-key:ernie-secret-key' : key,
    timeoutMs: 5000,
    temperature: 0.2,
    maxTokens: 1000,
    headers: { 'x-team': 'audit' },
    capabilities: { jsonMode: true },
    ...overrides,
  };
}

describe('LLM adapters on the wire', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  it('OpenAI-compatible: POST /chat/completions with Bearer, custom headers, stream off and JSON mode', async () => {
    server.script({ type: 'answer', content: '{"issues":[1]}', promptTokens: 12, completionTokens: 5 });
    const provider = createLlmProvider(configFor(server, 'openai-compatible'));
    const response = await provider.complete(request, { signal: signal() });
    assert.deepEqual(response, {
      content: '{"issues":[1]}',
      usage: { promptTokens: 12, completionTokens: 5 },
      finishReason: 'stop',
      model: 'gpt-4o-mini',
    });
    const [recorded] = server.requests;
    assert.equal(recorded?.path, '/v1/chat/completions');
    assert.equal(recorded?.headers.authorization, `Bearer ${key}`);
    assert.equal(recorded?.headers['x-team'], 'audit');
    assert.equal(recorded?.headers['content-type'], 'application/json');
    assert.deepEqual(recorded?.body, {
      model: 'gpt-4o-mini',
      messages: request.messages,
      temperature: 0.2,
      max_tokens: 1000,
      stream: false,
      response_format: { type: 'json_object' },
    });
  });

  it('OpenAI-compatible: no Authorization without a key, no response_format without the capability, overrides win', async () => {
    const provider = createLlmProvider(
      configFor(server, 'openai-compatible', {
        apiKey: undefined,
        model: 'llama3',
        capabilities: { jsonMode: false },
      }),
    );
    await provider.complete({ ...request, temperature: 0.7, maxTokens: 50 }, { signal: signal() });
    const body = server.requests[0]?.body as Record<string, unknown>;
    assert.equal(server.requests[0]?.headers.authorization, undefined);
    assert.equal(body.response_format, undefined);
    assert.equal(body.temperature, 0.7);
    assert.equal(body.max_tokens, 50);
  });

  it('OpenAI-compatible: a truncated answer reports finishReason length; missing usage stays undefined', async () => {
    server.script({ type: 'answer', content: '{"issues":[', finishReason: 'length', isUsageOmitted: true });
    const response = await createLlmProvider(configFor(server, 'openai-compatible')).complete(request, {
      signal: signal(),
    });
    assert.equal(response.finishReason, 'length');
    assert.equal(response.usage, undefined);
  });

  it('Anthropic: POST /messages with x-api-key, pinned version, system moved out of the turns', async () => {
    server.script({
      type: 'answer',
      content: 'ok',
      promptTokens: 30,
      completionTokens: 2,
      finishReason: 'length',
    });
    const provider = createLlmProvider(configFor(server, 'anthropic'));
    const response = await provider.complete(request, { signal: signal() });
    assert.deepEqual(response, {
      content: 'ok',
      usage: { promptTokens: 30, completionTokens: 2 },
      finishReason: 'length',
      model: 'claude-3-5-sonnet-20241022',
    });
    const [recorded] = server.requests;
    assert.equal(recorded?.path, '/v1/messages');
    assert.equal(recorded?.headers['x-api-key'], key);
    assert.equal(recorded?.headers['anthropic-version'], '2023-06-01');
    assert.equal(recorded?.headers['x-team'], 'audit');
    assert.equal(recorded?.headers.authorization, undefined);
    assert.deepEqual(recorded?.body, {
      model: 'claude-3-5-sonnet-20241022',
      max_tokens: 1000,
      temperature: 0.2,
      system: 'You are an auditor.',
      messages: [{ role: 'user', content: 'Review this file.' }],
      stream: false,
    });
  });

  it('Gemini: key in x-goog-api-key (never the URL), systemInstruction, generationConfig with JSON mime type', async () => {
    server.script({ type: 'answer', content: '{}', promptTokens: 8, completionTokens: 1 });
    const provider = createLlmProvider(configFor(server, 'gemini'));
    const response = await provider.complete(
      {
        messages: [
          ...request.messages,
          { role: 'assistant', content: 'Which file?' },
          { role: 'user', content: 'a.ts' },
        ],
        isJsonMode: true,
      },
      { signal: signal() },
    );
    assert.deepEqual(response, {
      content: '{}',
      usage: { promptTokens: 8, completionTokens: 1 },
      finishReason: 'stop',
      model: 'gemini-2.5-flash',
    });
    const [recorded] = server.requests;
    assert.equal(recorded?.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.deepEqual(recorded?.query, {});
    assert.equal(recorded?.headers['x-goog-api-key'], key);
    assert.equal(recorded?.headers['x-team'], 'audit');
    assert.deepEqual(recorded?.body, {
      contents: [
        { role: 'user', parts: [{ text: 'Review this file.' }] },
        { role: 'model', parts: [{ text: 'Which file?' }] },
        { role: 'user', parts: [{ text: 'a.ts' }] },
      ],
      generationConfig: { temperature: 0.2, maxOutputTokens: 1000, responseMimeType: 'application/json' },
      systemInstruction: { parts: [{ text: 'You are an auditor.' }] },
    });
  });

  it('Gemini: a blocked prompt or an empty candidate is an invalid_response', async () => {
    server.script(
      {
        type: 'json',
        body: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } },
      },
      { type: 'json', body: { candidates: [{ finishReason: 'SAFETY', content: { parts: [] } }] } },
    );
    const provider = createLlmProvider(configFor(server, 'gemini'));
    await assert.rejects(provider.complete(request, { signal: signal() }), {
      name: 'UpstreamError',
      kind: 'invalid_response',
      details: { provider: 'test-gemini', reason: 'blocked', blockReason: 'SAFETY' },
    });
    await assert.rejects(provider.complete(request, { signal: signal() }), {
      kind: 'invalid_response',
      details: { provider: 'test-gemini', reason: 'empty_candidate', finishReason: 'safety' },
    });
  });

  it('ERNIE: exchanges API key and secret for a token, then calls the model endpoint with it', async () => {
    server.script({ type: 'answer', content: 'fine', promptTokens: 4, completionTokens: 1 });
    const provider = createLlmProvider(configFor(server, 'ernie'));
    const response = await provider.complete(request, { signal: signal() });
    assert.deepEqual(response, {
      content: 'fine',
      usage: { promptTokens: 4, completionTokens: 1 },
      finishReason: 'stop',
      model: 'ERNIE-3.5-8K',
    });
    const [tokenCall, chatCall] = server.requests;
    assert.equal(tokenCall?.path, '/oauth/2.0/token');
    assert.deepEqual(tokenCall?.query, {
      grant_type: 'client_credentials',
      client_id: 'ernie-api-key',
      client_secret: 'ernie-secret-key',
    });
    assert.equal(chatCall?.path, '/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions');
    assert.match(chatCall?.query.access_token ?? '', /^fake-ernie-token-/);
    assert.equal(chatCall?.headers['x-team'], 'audit');
    assert.deepEqual(chatCall?.body, {
      messages: [{ role: 'user', content: 'Review this file.' }],
      system: 'You are an auditor.',
      temperature: 0.2,
      max_output_tokens: 1000,
      stream: false,
      response_format: 'json_object',
    });
  });

  it('ERNIE: the token is cached, and concurrent callers share one exchange', async () => {
    const provider = createLlmProvider(configFor(server, 'ernie'));
    await Promise.all(Array.from({ length: 5 }, () => provider.complete(request, { signal: signal() })));
    await provider.complete(request, { signal: signal() });
    assert.equal(server.stats().tokenExchanges, 1);
    assert.equal(server.requests.filter((r) => r.protocol === 'ernie').length, 6);
  });

  it('ERNIE: an expired token (error 111) is refreshed once and the call repeated', async () => {
    const provider = createLlmProvider(configFor(server, 'ernie'));
    await provider.complete(request, { signal: signal() });
    server.expireErnieTokens();
    const response = await provider.complete(request, { signal: signal() });
    assert.equal(response.content, '{"issues":[]}');
    assert.equal(server.stats().tokenExchanges, 2);
    assert.deepEqual(
      server.requests.map((r) => r.protocol),
      ['ernie-token', 'ernie', 'ernie', 'ernie-token', 'ernie'],
    );
  });

  it('ERNIE: the token is exchanged again once it expires (minus a margin)', async () => {
    let nowMs = 1_000_000;
    const shortLived = await startFakeLlmServer({ ernieTokenTtlSeconds: 100 });
    try {
      const provider = createLlmProvider(configFor(shortLived, 'ernie'), { now: () => nowMs });
      await provider.complete(request, { signal: signal() });
      nowMs += 85_000;
      await provider.complete(request, { signal: signal() });
      assert.equal(shortLived.stats().tokenExchanges, 1);
      nowMs += 6_000; // 91 s of 100: inside the 10 % renewal margin
      await provider.complete(request, { signal: signal() });
      assert.equal(shortLived.stats().tokenExchanges, 2);
    } finally {
      await shortLived.close();
    }
  });

  it('ERNIE: error codes in a 200 body map to kinds; bad credentials are auth', async () => {
    const provider = createLlmProvider(configFor(server, 'ernie'));
    server.script({
      type: 'json',
      body: { error_code: 18, error_msg: 'Open api qps request limit reached' },
    });
    await assert.rejects(provider.complete(request, { signal: signal() }), {
      kind: 'rate_limit',
      details: { provider: 'test-ernie', providerCode: '18' },
    });
    server.script({ type: 'json', body: { error_code: 336003, error_msg: 'invalid argument' } });
    await assert.rejects(provider.complete(request, { signal: signal() }), { kind: 'bad_request' });
    const strict = await startFakeLlmServer({ apiKey: 'right:secret' });
    try {
      const wrong = createLlmProvider(configFor(strict, 'ernie', { apiKey: 'wrong:secret' }));
      await assert.rejects(wrong.complete(request, { signal: signal() }), { kind: 'auth' });
    } finally {
      await strict.close();
    }
  });
});
