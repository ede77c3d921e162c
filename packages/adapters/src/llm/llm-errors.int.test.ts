// Error mapping of every adapter over real HTTP: statuses to kinds, Retry-After in its forms, bodies that are not
// JSON, dropped connections, hangs, cancellation, and secrecy of keys.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UpstreamError } from '@xcr/core/errors';
import type { LlmProviderConfig, LlmRequest } from '@xcr/core/ports/llm-provider';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { createLlmProvider } from './registry.ts';

const key = 'sk-secret-0123456789abcdef';
const request: LlmRequest = { messages: [{ role: 'user', content: 'hi' }] };
const kinds = ['openai-compatible', 'anthropic', 'gemini', 'ernie'] as const;
const signal = (): AbortSignal => new AbortController().signal;

function providerFor(
  server: FakeLlmServer,
  kind: LlmProviderConfig['kind'],
  overrides: Partial<LlmProviderConfig> = {},
) {
  const baseUrl = {
    'openai-compatible': server.baseUrls.openai,
    anthropic: server.baseUrls.anthropic,
    gemini: server.baseUrls.gemini,
    ernie: server.baseUrls.ernie,
  }[kind];
  return createLlmProvider({
    kind,
    name: kind,
    baseUrl,
    model: kind === 'ernie' ? 'ERNIE-3.5-8K' : 'm',
    apiKey: kind === 'ernie' ? `${key}:ernie-secret-value` : key,
    timeoutMs: 5000,
    temperature: 0,
    maxTokens: 100,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UpstreamError, `expected an UpstreamError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const statusTable = [
  [400, 'bad_request'],
  [401, 'auth'],
  [403, 'auth'],
  [404, 'bad_request'],
  [408, 'timeout'],
  [413, 'bad_request'],
  [422, 'bad_request'],
  [429, 'rate_limit'],
  [500, 'unavailable'],
  [502, 'unavailable'],
  [503, 'unavailable'],
  [529, 'unavailable'],
] as const;

describe('LLM adapter error mapping', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  for (const kind of kinds) {
    it(`${kind}: maps every HTTP status to its kind`, async () => {
      const provider = providerFor(server, kind);
      for (const [status, expected] of statusTable) {
        server.script({ type: 'status', status });
        const error = await failure(provider.complete(request, { signal: signal() }));
        assert.equal(error.kind, expected, `status ${status}`);
        assert.equal((error.details as { status?: number }).status, status);
      }
    });

    it(`${kind}: 429 carries Retry-After in seconds, or as an HTTP date`, async () => {
      const provider = providerFor(server, kind);
      server.script({ type: 'status', status: 429, retryAfterSeconds: 7 });
      assert.equal((await failure(provider.complete(request, { signal: signal() }))).retryAfterMs, 7000);
      const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
      server.script({ type: 'status', status: 429, headers: { 'retry-after': inTwentySeconds } });
      const retryAfterMs =
        (await failure(provider.complete(request, { signal: signal() }))).retryAfterMs ?? 0;
      assert.ok(retryAfterMs > 15_000 && retryAfterMs <= 20_000, `got ${retryAfterMs}`);
    });

    it(`${kind}: a truncated or non-JSON body is an invalid_response, a dropped connection is unavailable`, async () => {
      const provider = providerFor(server, kind);
      server.script({ type: 'truncated_json' }, { type: 'invalid_json' }, { type: 'drop' });
      assert.equal(
        (await failure(provider.complete(request, { signal: signal() }))).kind,
        'invalid_response',
      );
      assert.equal(
        (await failure(provider.complete(request, { signal: signal() }))).kind,
        'invalid_response',
      );
      assert.equal((await failure(provider.complete(request, { signal: signal() }))).kind, 'unavailable');
    });

    it(`${kind}: a hanging server is a timeout after timeoutMs`, async () => {
      const provider = providerFor(server, kind, { timeoutMs: 150 });
      if (kind === 'ernie') await provider.complete(request, { signal: signal() }); // token first
      server.script({ type: 'hang' });
      const error = await failure(provider.complete(request, { signal: signal() }));
      assert.equal(error.kind, 'timeout');
    });

    it(`${kind}: never puts the key into an error, even when the provider echoes it`, async () => {
      const provider = providerFor(server, kind);
      server.script({
        type: 'status',
        status: 401,
        body: { error: { message: `Incorrect API key provided: ${key}` }, error_msg: `bad key ${key}` },
      });
      const error = await failure(provider.complete(request, { signal: signal() }));
      assert.equal(error.kind, 'auth');
      const everything = `${error.message} ${JSON.stringify(error.details)} ${error.stack ?? ''}`;
      assert.ok(!everything.includes(key), everything);
      assert.ok(!everything.includes(key.slice(0, 8)), everything);
    });
  }

  it('OpenAI hints: retry-after-ms, and the reset of the exhausted limit', async () => {
    const provider = providerFor(server, 'openai-compatible');
    server.script(
      { type: 'status', status: 429, headers: { 'retry-after-ms': '1500' } },
      {
        type: 'status',
        status: 429,
        headers: {
          'x-ratelimit-remaining-requests': '5',
          'x-ratelimit-remaining-tokens': '0',
          'x-ratelimit-reset-tokens': '6m0s',
          'x-ratelimit-reset-requests': '1s',
        },
      },
    );
    assert.equal((await failure(provider.complete(request, { signal: signal() }))).retryAfterMs, 1500);
    assert.equal((await failure(provider.complete(request, { signal: signal() }))).retryAfterMs, 360_000);
  });

  it('Gemini hint: RetryInfo.retryDelay in the error body', async () => {
    const provider = providerFor(server, 'gemini');
    server.script({
      type: 'status',
      status: 429,
      body: {
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }],
        },
      },
    });
    assert.equal((await failure(provider.complete(request, { signal: signal() }))).retryAfterMs, 37_000);
  });

  it("the caller's cancellation propagates as the caller's reason; a wrapper's TimeoutError abort is a timeout", async () => {
    const provider = providerFor(server, 'openai-compatible');
    server.script({ type: 'hang' }, { type: 'hang' });
    const controller = new AbortController();
    const cancelled = provider.complete(request, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 30);
    await assert.rejects(cancelled, { message: 'user cancelled' });
    const timedOut = await failure(provider.complete(request, { signal: AbortSignal.timeout(50) }));
    assert.equal(timedOut.kind, 'timeout');
  });

  it('a server that is not listening is unavailable', async () => {
    const closed = await startFakeLlmServer();
    await closed.close();
    const provider = createLlmProvider({
      kind: 'openai-compatible',
      name: 'gone',
      baseUrl: closed.baseUrls.openai,
      model: 'm',
      timeoutMs: 2000,
      temperature: 0,
      maxTokens: 10,
    });
    assert.equal((await failure(provider.complete(request, { signal: signal() }))).kind, 'unavailable');
  });
});
