/**
 * Sends fuzz cases over real HTTP (node:http, so paths go out exactly as written, `..` included) and checks each
 * answer: never 5xx, never no answer at all, and every 4xx in the standard `{error: {code, message}}` body. A token
 * that stops working (the fuzzer logged it out, for one) is replaced by logging in again, and the request resent.
 */
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Caller, FuzzCase } from './request-cases.ts';

/** A session the fuzzer can renew. */
export interface Session {
  token: string;
  /** Logs in again; returns the new access token. */
  renew(): Promise<string>;
}

/** One answer that broke a rule, with what is needed to send the request again. */
export interface FuzzFailure {
  operation: string;
  label: string;
  method: string;
  path: string;
  caller: string;
  body: string;
  status: number;
  response: string;
  problem: string;
  /** The answer's X-Request-ID, to find the server's log lines of the request. */
  requestId: string;
  /** The server's log lines of the request (filled in by the caller, which holds the log). */
  log?: string;
}

/** Counts of one run. */
export interface FuzzStats {
  operations: Set<string>;
  requests: number;
  byClass: Record<'2xx' | '3xx' | '4xx' | '5xx' | 'none', number>;
  relogins: number;
  /** 503s with Retry-After (a dependency slow for a moment) that answered when sent again. */
  unavailableRetries: number;
  /** The slowest answer: how long it took and to what. */
  slowest: { ms: number; request: string };
  failures: FuzzFailure[];
}

/** An answer, or the network error instead of one. */
export interface Answer {
  status: number;
  contentType: string;
  requestId?: string;
  /** The Retry-After header of a 503: the server says it is a passing condition. */
  retryAfter?: string;
  text: string;
  /** The network error when there was no answer. */
  error?: string;
}

const requestTimeoutMs = 30_000;
const unavailablePauseMs = 500;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function send(baseUrl: string, c: FuzzCase, authorization: string | undefined): Promise<Answer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string | number> = { ...c.headers };
  if (authorization !== undefined) headers.authorization = authorization;
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  if (c.body !== undefined) headers['content-length'] = Buffer.byteLength(c.body);
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: c.method,
        path: c.path,
        headers,
        agent,
        timeout: requestTimeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            requestId: String(res.headers['x-request-id'] ?? ''),
            ...(res.headers['retry-after'] === undefined
              ? {}
              : { retryAfter: String(res.headers['retry-after']) }),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error) => resolve({ status: 0, contentType: '', text: '', error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${requestTimeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, contentType: '', text: '', error: error.code ?? error.message }),
    );
    req.end(c.body);
  });
}

/** What is wrong with an answer, or undefined when it keeps the rules. */
export function problemOf(answer: Answer, method = 'GET'): string | undefined {
  if (answer.status === 0) return `no answer (${answer.error})`;
  if (answer.status >= 500) return 'server error';
  // A HEAD answer has no body to check.
  if (answer.status < 400 || method === 'HEAD') return undefined;
  if (!answer.contentType.includes('application/json'))
    return `4xx without a JSON body (${answer.contentType || 'no content type'})`;
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string' && typeof body.error.message === 'string') return undefined;
  } catch {
    // reported below
  }
  return '4xx without the standard error body';
}

function describeCaller(caller: Caller): string {
  return typeof caller === 'string' ? caller : `authorization: ${caller.authorization.slice(0, 40)}`;
}

function clip(value: string | Buffer | undefined, max = 600): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : value.toString('latin1');
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Counts one answer in `stats`, and records it as a failure when it breaks a rule. */
export function recordAnswer(
  stats: FuzzStats,
  c: {
    operation: string;
    label: string;
    method: string;
    path: string;
    caller: string;
    body?: string | Buffer;
    /** Text the answer must never hold (a file's content a traversal would reveal). */
    forbidden?: RegExp;
  },
  answer: Answer,
): void {
  stats.requests += 1;
  const klass =
    answer.status === 0 ? 'none' : (`${Math.floor(answer.status / 100)}xx` as keyof FuzzStats['byClass']);
  stats.byClass[klass] = (stats.byClass[klass] ?? 0) + 1;
  const problem = c.forbidden?.test(answer.text)
    ? `answer holds ${c.forbidden}`
    : problemOf(answer, c.method);
  if (!problem) return;
  const { forbidden: _forbidden, ...request } = c;
  stats.failures.push({
    ...request,
    path: clip(c.path, 300),
    body: clip(c.body),
    status: answer.status,
    response: clip(answer.text),
    problem,
    requestId: answer.requestId ?? '',
  });
}

/** Sends cases one at a time and records the results in `stats`. */
export function createFuzzSender(
  baseUrl: string,
  sessions: { admin: Session; user: Session },
  stats: FuzzStats,
) {
  function authorizationFor(caller: Caller): string | undefined {
    if (caller === 'none') return undefined;
    if (typeof caller === 'object') return caller.authorization;
    return `Bearer ${sessions[caller].token}`;
  }

  /** Whether the caller's token was revoked (then it is renewed). */
  async function renewIfRevoked(caller: 'admin' | 'user'): Promise<boolean> {
    const session = sessions[caller];
    const me = await send(
      baseUrl,
      { operation: '', label: '', method: 'GET', path: '/api/v1/auth/me', caller },
      `Bearer ${session.token}`,
    );
    if (me.status !== 401) return false;
    session.token = await session.renew();
    stats.relogins += 1;
    return true;
  }

  /** Sends `c` as its caller, keeping track of the slowest answer. */
  async function timedSend(c: FuzzCase): Promise<Answer> {
    const startedMs = Date.now();
    const answer = await send(baseUrl, c, authorizationFor(c.caller));
    const tookMs = Date.now() - startedMs;
    if (tookMs > stats.slowest.ms) stats.slowest = { ms: tookMs, request: `${c.operation} [${c.label}]` };
    return answer;
  }

  return async function sendCase(c: FuzzCase): Promise<void> {
    let answer = await timedSend(c);
    const isSession = c.caller === 'admin' || c.caller === 'user';
    if (answer.status === 401 && isSession && (await renewIfRevoked(c.caller as 'admin' | 'user'))) {
      answer = await timedSend(c);
    }
    // A 503 with Retry-After says a dependency (Redis, the database) did not answer in time, which a busy test
    // machine can cause for a moment: sent once more after a pause, as a client would; a second 503 counts.
    if (answer.status === 503 && answer.retryAfter !== undefined) {
      await sleep(unavailablePauseMs);
      answer = await timedSend(c);
      if (answer.status < 500) stats.unavailableRetries += 1;
    }
    stats.operations.add(c.operation);
    recordAnswer(stats, { ...c, caller: describeCaller(c.caller) }, answer);
  };
}

/** Empty counts. */
export function emptyStats(): FuzzStats {
  return {
    operations: new Set(),
    requests: 0,
    byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0 },
    relogins: 0,
    unavailableRetries: 0,
    slowest: { ms: 0, request: '' },
    failures: [],
  };
}

/** Frees the keep-alive sockets. */
export function closeFuzzConnections(): void {
  agent.destroy();
}
