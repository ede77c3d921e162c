// P-LLM: how close LLM review gets to its physical limit. N files go to the fake LLM server (fixed latency L)
// through a real adapter wrapped in the resilience policies, one file per call (B = 1), at most C at once. The
// ideal is T* = max(ceil(ceil(N/B)/C) x L, K/RPM) where K = ceil(N/B) calls; the figure is measured / ideal.
// Profile 1 (BENCH_RUNS runs, median): L = 1 s, N = 100, C = 4, no rate limit -> T* = 25 s.
// Profile 2 (one run, about 80 s): the server allows 30 requests per sliding minute and answers 429 past it;
// the client is configured with the same 30 rpm; N = 40, L = 100 ms, C = 4 -> T* = 40/30 min = 80 s. It also
// reports the 429s the server had to send, per 100 calls.
import { withResilience } from '@xcr/core/llm/resilience/with-resilience';
import type { LlmRequest } from '@xcr/core/ports/llm-provider';
import { createOpenAiCompatibleProvider } from '@xcr/adapters/llm/openai-compatible/openai-compatible-provider';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';

interface Profile {
  latencyMs: number;
  files: number;
  concurrency: number;
  batch: number;
  requestsPerMinute?: number;
}

interface RunResult {
  elapsedMs: number;
  idealMs: number;
  calls: number;
  attempts: number;
  serverRateLimited: number;
  peakInFlight: number;
  failed: number;
}

function idealMs(profile: Profile): number {
  const calls = Math.ceil(profile.files / profile.batch);
  const concurrencyBoundMs = Math.ceil(calls / profile.concurrency) * profile.latencyMs;
  const rateBoundMs = profile.requestsPerMinute ? (calls / profile.requestsPerMinute) * 60_000 : 0;
  return Math.max(concurrencyBoundMs, rateBoundMs);
}

/** A file-sized prompt (about 1,500 tokens), different per file as a real audit would send. */
function fileRequest(index: number): LlmRequest {
  const code = `export function handler${index}(input: string): string {\n  return input.trim();\n}\n`.repeat(
    60,
  );
  return {
    messages: [
      { role: 'system', content: 'You are a code auditor. Answer with a JSON object {"issues": [...]}.' },
      { role: 'user', content: `File src/module-${index}.ts:\n${code}` },
    ],
    maxTokens: 1024,
    isJsonMode: true,
  };
}

async function run(server: FakeLlmServer, profile: Profile): Promise<RunResult> {
  server.reset();
  server.setLatency(profile.latencyMs);
  server.setRateLimit(profile.requestsPerMinute ? { requests: profile.requestsPerMinute } : undefined);
  const adapter = createOpenAiCompatibleProvider({
    kind: 'openai-compatible',
    name: 'bench',
    baseUrl: server.baseUrls.openai,
    model: 'bench-model',
    apiKey: 'bench-key',
    timeoutMs: 30_000,
    temperature: 0,
    maxTokens: 1024,
    capabilities: { jsonMode: true },
  });
  const provider = withResilience(adapter, {
    pacing: { maxConcurrent: profile.concurrency, requestsPerMinute: profile.requestsPerMinute },
    timeoutMs: 30_000,
  });
  const calls = Math.ceil(profile.files / profile.batch);
  const startedMs = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: calls }, (_, i) =>
      provider.complete(fileRequest(i), { signal: new AbortController().signal }),
    ),
  );
  const elapsedMs = performance.now() - startedMs;
  const stats = provider.stats();
  const server429 = server.stats();
  return {
    elapsedMs,
    idealMs: idealMs(profile),
    calls,
    attempts: stats.attempts,
    serverRateLimited: server429.rateLimited,
    peakInFlight: server429.peakInFlight,
    failed: outcomes.filter((o) => o.status === 'rejected').length,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function describe(result: RunResult): string {
  return `${(result.elapsedMs / 1000).toFixed(2)} s vs ideal ${(result.idealMs / 1000).toFixed(2)} s = ${(result.elapsedMs / result.idealMs).toFixed(3)}x; calls ${result.calls}, attempts ${result.attempts}, failed ${result.failed}, server 429s ${result.serverRateLimited}, peak in flight ${result.peakInFlight}`;
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const server = await startFakeLlmServer();
  try {
    const main: Profile = { latencyMs: 1000, files: 100, concurrency: 4, batch: 1 };
    const ratios: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const result = await run(server, main);
      ratios.push(result.elapsedMs / result.idealMs);
      console.log(`profile L=1s N=100 C=4 B=1, run ${i + 1}/${runs}: ${describe(result)}`);
    }
    const tight: Profile = { latencyMs: 100, files: 40, concurrency: 4, batch: 1, requestsPerMinute: 30 };
    const tightResult = await run(server, tight);
    console.log(`profile tight 30 rpm (server limit 30/min) L=100ms N=40 C=4 B=1: ${describe(tightResult)}`);
    const tightRatio = tightResult.elapsedMs / tightResult.idealMs;
    const per100 = (tightResult.serverRateLimited / tightResult.calls) * 100;
    console.log(
      `P-LLM: ${median(ratios).toFixed(2)}x ideal (L=1s N=100 C=4); tight 30 rpm: ${tightRatio.toFixed(2)}x ideal, ${per100.toFixed(1)} 429s/100 calls`,
    );
  } finally {
    await server.close();
  }
}

await main();
