// An in-memory LlmProvider that plays a script, for unit tests of code above the port (no HTTP).
import type { LlmCapabilities, LlmProvider, LlmRequest, LlmResponse } from '@xcr/core/ports/llm-provider';

/** One scripted outcome: an answer, an error to throw, a hang until the signal aborts, or a function. */
export type ScriptedLlmStep =
  | LlmResponse
  | Error
  | 'hang'
  | ((request: LlmRequest, callIndex: number) => LlmResponse | Error | 'hang' | Promise<LlmResponse>);

/** A scripted provider with the requests it received. */
export interface ScriptedLlmProvider extends LlmProvider {
  readonly requests: LlmRequest[];
  /** Calls currently running. */
  inFlight(): number;
  peakInFlight(): number;
  /** Appends steps; when the script is empty, `fallback` answers. */
  script(...steps: ScriptedLlmStep[]): void;
}

/** Creates a scripted provider. */
export function createScriptedLlmProvider(
  options: { name?: string; capabilities?: Partial<LlmCapabilities>; fallback?: ScriptedLlmStep } = {},
): ScriptedLlmProvider {
  const steps: ScriptedLlmStep[] = [];
  const requests: LlmRequest[] = [];
  const fallback = options.fallback ?? {
    content: '{"issues":[]}',
    model: 'scripted',
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 5 },
  };
  let active = 0;
  let peak = 0;

  async function run(
    step: ScriptedLlmStep,
    request: LlmRequest,
    index: number,
    signal: AbortSignal,
  ): Promise<LlmResponse> {
    const outcome = typeof step === 'function' ? await step(request, index) : step;
    if (outcome === 'hang') {
      return await new Promise<LlmResponse>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  return {
    kind: 'openai-compatible',
    name: options.name ?? 'scripted',
    model: 'scripted',
    capabilities: { jsonMode: true, maxContextTokens: 8192, maxOutputTokens: 1024, ...options.capabilities },
    requests,
    inFlight: () => active,
    peakInFlight: () => peak,
    script: (...more) => void steps.push(...more),
    async complete(request, { signal }) {
      const index = requests.length;
      requests.push(request);
      active += 1;
      peak = Math.max(peak, active);
      try {
        return await run(steps.shift() ?? fallback, request, index, signal);
      } finally {
        active -= 1;
      }
    },
  };
}
