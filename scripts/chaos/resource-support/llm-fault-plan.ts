/**
 * A fault plan for the fake LLM server: the first request for each distinct call (the files its prompt carries)
 * gets the next fault of the plan; every later request for that call (the retry) and every call after the plan
 * runs out gets a good answer. So each fault is served exactly once, whatever order concurrent calls arrive in,
 * and the counts a test expects follow from the plan alone.
 */
import { codeOfPromptText } from '@xcr/core/llm/testing/scripted-provider';
import type { FakeLlmReply, FakeLlmResponder, RecordedRequest } from '@xcr/testkit/llm/fake-llm-server';

/** What the provider does to a call's first request. */
export type LlmFault =
  /** A good answer, late. */
  | 'latency'
  /** A good answer, later than the provider's call timeout. */
  | 'timeout'
  /** 429 with Retry-After. */
  | 'rate_limit'
  | 'status_500'
  | 'status_503'
  /** 200 whose body is not JSON (a proxy's error page). */
  | 'invalid_json'
  /** 200 whose JSON body is cut in the middle. */
  | 'truncated_json'
  /** 400: the request is refused for good; never retried. */
  | 'bad_request'
  /** A well-formed reply whose answer is prose, not the audit JSON. */
  | 'malformed_answer'
  /** An answer in a ```json fence with a trailing comma: readable after repair. */
  | 'repairable_answer';

/** Options of {@link createLlmFaultPlan}. */
export interface LlmFaultPlanOptions {
  latencyMs: number;
  /** Delay of a `timeout` fault: more than the provider's timeout. */
  slowMs: number;
  retryAfterS: number;
  /** The audit JSON of a good answer to `request`. */
  answer(request: RecordedRequest): string;
}

/** A plan in progress. */
export interface LlmFaultPlan {
  responder: FakeLlmResponder;
  /** Faults served so far, by kind. */
  served(): Partial<Record<LlmFault, number>>;
  /** Distinct calls seen. */
  calls(): number;
  /** For each rate-limited call: milliseconds between the 429 and the retry (absent until the retry came). */
  rateLimitGapsMs(): number[];
}

/** The fault's reply; the good answer's content is only computed when the fault needs one. */
function replyOf(fault: LlmFault, content: () => string, options: LlmFaultPlanOptions): FakeLlmReply {
  switch (fault) {
    case 'latency':
      return { type: 'answer', content: content(), latencyMs: options.latencyMs };
    case 'timeout':
      return { type: 'answer', content: content(), latencyMs: options.slowMs };
    case 'rate_limit':
      return { type: 'status', status: 429, retryAfterSeconds: options.retryAfterS };
    case 'status_500':
      return { type: 'status', status: 500 };
    case 'status_503':
      return { type: 'status', status: 503 };
    case 'invalid_json':
      return { type: 'invalid_json' };
    case 'truncated_json':
      return { type: 'truncated_json' };
    case 'bad_request':
      return { type: 'status', status: 400 };
    case 'malformed_answer':
      return {
        type: 'answer',
        content: 'I looked at the code and it seems mostly fine, apart from a few things.',
      };
    case 'repairable_answer':
      return {
        type: 'answer',
        content: `Here you go:\n\`\`\`json\n${content().replace(/\}$/, ',}')}\n\`\`\``,
      };
  }
}

/** Creates the plan; install `responder` on the fake server. */
export function createLlmFaultPlan(faults: readonly LlmFault[], options: LlmFaultPlanOptions): LlmFaultPlan {
  const next = [...faults];
  const faultOfCall = new Map<string, LlmFault | undefined>();
  const served: Partial<Record<LlmFault, number>> = {};
  const rateLimitedAtMs = new Map<string, number>();
  const gapsMs: number[] = [];

  function responder(request: RecordedRequest): FakeLlmReply {
    const key = [...codeOfPromptText(request.promptText).keys()].sort().join('\n');
    const answer = () => options.answer(request);
    if (faultOfCall.has(key)) {
      const limitedAtMs = rateLimitedAtMs.get(key);
      if (limitedAtMs !== undefined) {
        gapsMs.push(request.receivedAtMs - limitedAtMs);
        rateLimitedAtMs.delete(key);
      }
      return { type: 'answer', content: answer() };
    }
    const fault = next.shift();
    faultOfCall.set(key, fault);
    if (fault === undefined) return { type: 'answer', content: answer() };
    served[fault] = (served[fault] ?? 0) + 1;
    if (fault === 'rate_limit') rateLimitedAtMs.set(key, request.receivedAtMs);
    return replyOf(fault, answer, options);
  }

  return {
    responder,
    served: () => ({ ...served }),
    calls: () => faultOfCall.size,
    rateLimitGapsMs: () => [...gapsMs],
  };
}
