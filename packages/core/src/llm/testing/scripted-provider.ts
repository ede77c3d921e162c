import type { LlmCapabilities, LlmProvider, LlmProviderKind, LlmRequest, LlmResponse } from '../../ports/llm-provider.ts';
import type { LlmCache } from '../../ports/llm-cache.ts';

/** What a scripted provider answers for one request: text, a full response, or an error to throw. */
export type ScriptedAnswer = string | LlmResponse | Error;

/** An in-memory provider for tests: answers by script and records every request. */
export interface ScriptedProvider extends LlmProvider {
  readonly requests: LlmRequest[];
}

/** Options of {@link createScriptedProvider}. */
export interface ScriptedProviderOptions {
  answer: (request: LlmRequest, callIndex: number) => ScriptedAnswer | Promise<ScriptedAnswer>;
  kind?: LlmProviderKind;
  name?: string;
  model?: string;
  capabilities?: Partial<LlmCapabilities>;
}

/** A provider that answers from a script, with usage estimated at four characters per token. */
export function createScriptedProvider(options: ScriptedProviderOptions): ScriptedProvider {
  const requests: LlmRequest[] = [];
  return {
    kind: options.kind ?? 'openai-compatible',
    name: options.name ?? 'scripted',
    model: options.model ?? 'scripted-model',
    capabilities: { jsonMode: true, maxContextTokens: 128_000, maxOutputTokens: 4_096, ...options.capabilities },
    requests,
    async complete(request, { signal }) {
      signal.throwIfAborted();
      requests.push(request);
      const answer = await options.answer(request, requests.length - 1);
      if (answer instanceof Error) throw answer;
      if (typeof answer !== 'string') return answer;
      const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
      return { content: answer, model: options.model ?? 'scripted-model', finishReason: 'stop', usage: { promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(answer.length / 4) } };
    },
  };
}

/** The code a prompt carried: `path -> [lineNumber, text][]`, read back from the file headers and numbered lines. */
export function codeOfPromptText(text: string): Map<string, [number, string][]> {
  const files = new Map<string, [number, string][]>();
  let current: [number, string][] | undefined;
  for (const line of text.split('\n')) {
    const header = /^=== FILE: (.+?) \| language: /.exec(line);
    if (header !== null) {
      current = [];
      files.set(header[1] as string, current);
      continue;
    }
    const numbered = /^(\d+)\| (.*)$/.exec(line);
    if (numbered !== null && current !== undefined) current.push([Number(numbered[1]), numbered[2] as string]);
  }
  return files;
}

/** The code a request carried (see {@link codeOfPromptText}). */
export function codeOfRequest(request: LlmRequest): Map<string, [number, string][]> {
  return codeOfPromptText(request.messages.find((m) => m.role === 'user')?.content ?? '');
}

/** A Map-backed LlmCache for unit tests, counting reads and writes. */
export function createMapLlmCache(): LlmCache & { entries: Map<string, unknown>; reads: number; writes: number } {
  const entries = new Map<string, unknown>();
  const cache = {
    id: 'map',
    entries,
    reads: 0,
    writes: 0,
    async get(key: string) {
      cache.reads += 1;
      return structuredClone(entries.get(key));
    },
    async set(key: string, value: unknown) {
      cache.writes += 1;
      entries.set(key, structuredClone(value));
    },
  };
  return cache;
}
