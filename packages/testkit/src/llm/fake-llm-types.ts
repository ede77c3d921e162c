// The vocabulary of the fake LLM server: what it records, the replies a test can script, its options and its
// handle. Kept apart from the server so the server file reads as behaviour.
import type { FakeLlmProtocol } from './fake-llm-wire.ts';

/** One request as the server saw it. */
export interface RecordedRequest {
  protocol: FakeLlmProtocol | 'unknown';
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** All prompt text of the request, joined. */
  promptText: string;
  receivedAtMs: number;
}

/** What the server does with one request. */
export type FakeLlmReply =
  | {
      type: 'answer';
      content: string;
      promptTokens?: number;
      completionTokens?: number;
      finishReason?: 'stop' | 'length';
      isUsageOmitted?: boolean;
      latencyMs?: number;
    }
  | {
      type: 'status';
      status: number;
      body?: unknown;
      headers?: Record<string, string>;
      retryAfterSeconds?: number;
      latencyMs?: number;
    }
  /** 200 with a JSON body cut in the middle. */
  | { type: 'truncated_json'; latencyMs?: number }
  /** 200 with a body that is not JSON at all. */
  | { type: 'invalid_json'; latencyMs?: number }
  /** 200 with any JSON body (protocol-specific oddities: blocked prompts, ERNIE error codes). */
  | { type: 'json'; body: unknown; latencyMs?: number }
  /** Never answer; the connection stays open until the client aborts or the server closes. */
  | { type: 'hang' }
  /** Close the connection without an answer. */
  | { type: 'drop' };

/** A reply computed from the request. */
export type FakeLlmResponder = (request: RecordedRequest) => FakeLlmReply;

/** Options of the fake server. */
export interface FakeLlmServerOptions {
  /** Latency added before every answer (not before error statuses unless they say so). */
  latencyMs?: number;
  /** Content of the default answer. */
  defaultContent?: string;
  /** When set, requests without this key (Bearer, x-api-key, x-goog-api-key, ERNIE client_id) get 401. */
  apiKey?: string;
  /** ERNIE access tokens live this long. */
  ernieTokenTtlSeconds?: number;
  /** Enforce at most `requests` chat calls per sliding `windowMs` (default one minute); past it, 429. */
  rateLimit?: { requests: number; windowMs?: number };
}

/** Counters of what the server did. */
export interface FakeLlmServerStats {
  requests: number;
  answered: number;
  /** 429s sent by the rate-limit mode (scripted 429s are not counted here). */
  rateLimited: number;
  inFlight: number;
  peakInFlight: number;
  tokenExchanges: number;
}

/** A running fake server. */
export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly port: number;
  /** Base URLs each adapter should be configured with. */
  readonly baseUrls: { openai: string; anthropic: string; gemini: string; ernie: string };
  readonly requests: RecordedRequest[];
  /** Queues replies for the next chat requests, in order. */
  script(...replies: Array<FakeLlmReply | FakeLlmResponder>): void;
  /** Queues replies for the next ERNIE token requests. */
  scriptToken(...replies: FakeLlmReply[]): void;
  /** Answers requests the script does not cover. */
  setResponder(responder: FakeLlmResponder | undefined): void;
  setLatency(latencyMs: number): void;
  setRateLimit(limit: { requests: number; windowMs?: number } | undefined): void;
  /** Makes every ERNIE token issued so far expired (the next chat call gets error 111). */
  expireErnieTokens(): void;
  stats(): FakeLlmServerStats;
  /** Clears recordings, script and counters. */
  reset(): void;
  close(): Promise<void>;
}
