// A fake LLM server on 127.0.0.1 speaking OpenAI chat completions, Anthropic messages, Gemini generateContent
// and ERNIE (token exchange + chat), for adapter tests over real HTTP and for bench:llm. Answers come from a
// script (a queue of replies or functions of the request), then from a responder, then a default answer.
// It can add latency, answer 429 with Retry-After or any status, hang until the client gives up, send
// truncated or invalid JSON, and enforce N requests per sliding window. Every request is recorded with its
// headers so tests can assert them; the recording is never printed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  answerBody,
  errorBody,
  estimateTokens,
  modelOfRequest,
  promptTextOf,
  protocolOfPath,
  type FakeLlmProtocol,
} from './fake-llm-wire.ts';
import type {
  FakeLlmReply,
  FakeLlmResponder,
  FakeLlmServer,
  FakeLlmServerOptions,
  FakeLlmServerStats,
  RecordedRequest,
} from './fake-llm-types.ts';

export type { FakeLlmProtocol } from './fake-llm-wire.ts';
export type {
  FakeLlmReply,
  FakeLlmResponder,
  FakeLlmServer,
  FakeLlmServerOptions,
  FakeLlmServerStats,
  RecordedRequest,
} from './fake-llm-types.ts';

/** Starts the fake server on an ephemeral port of 127.0.0.1. */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  let latencyMs = options.latencyMs ?? 0;
  let rateLimit = options.rateLimit;
  let responder: FakeLlmResponder | undefined;
  const queue: Array<FakeLlmReply | FakeLlmResponder> = [];
  const tokenQueue: FakeLlmReply[] = [];
  const requests: RecordedRequest[] = [];
  const acceptedAtMs: number[] = [];
  const validTokens = new Set<string>();
  const sockets = new Set<Socket>();
  const stats: FakeLlmServerStats = {
    requests: 0,
    answered: 0,
    rateLimited: 0,
    inFlight: 0,
    peakInFlight: 0,
    tokenExchanges: 0,
  };
  let sequence = 0;

  function isRateLimited(nowMs: number): number | undefined {
    if (!rateLimit) return undefined;
    const windowMs = rateLimit.windowMs ?? 60_000;
    while (acceptedAtMs.length > 0 && (acceptedAtMs[0] ?? 0) <= nowMs - windowMs) acceptedAtMs.shift();
    if (acceptedAtMs.length < rateLimit.requests) {
      acceptedAtMs.push(nowMs);
      return undefined;
    }
    return Math.max(1, Math.ceil(((acceptedAtMs[0] ?? nowMs) + windowMs - nowMs) / 1000));
  }

  function isAuthorised(protocol: FakeLlmProtocol, recorded: RecordedRequest): boolean {
    const key = options.apiKey;
    if (key === undefined || protocol === 'ernie') return true;
    if (protocol === 'ernie-token')
      return `${recorded.query.client_id}:${recorded.query.client_secret}` === key;
    if (protocol === 'anthropic') return recorded.headers['x-api-key'] === key;
    if (protocol === 'gemini') return recorded.headers['x-goog-api-key'] === key;
    return recorded.headers.authorization === `Bearer ${key}`;
  }

  function nextReply(protocol: FakeLlmProtocol, recorded: RecordedRequest): FakeLlmReply {
    if (protocol === 'ernie-token') {
      const scripted = tokenQueue.shift();
      if (scripted) return scripted;
      const token = `fake-ernie-token-${++sequence}`;
      validTokens.add(token);
      stats.tokenExchanges += 1;
      return {
        type: 'json',
        body: { access_token: token, expires_in: options.ernieTokenTtlSeconds ?? 2_592_000, scope: 'public' },
      };
    }
    if (protocol === 'ernie' && !validTokens.has(recorded.query.access_token ?? '')) {
      return { type: 'json', body: { error_code: 111, error_msg: 'Access token expired' } };
    }
    const scripted = queue.shift();
    if (scripted) return typeof scripted === 'function' ? scripted(recorded) : scripted;
    if (responder) return responder(recorded);
    return { type: 'answer', content: options.defaultContent ?? '{"issues":[]}' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const protocol = protocolOfPath(url.pathname);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const recorded: RecordedRequest = {
      protocol: protocol ?? 'unknown',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      promptText: protocol ? promptTextOf(protocol, body) : '',
      receivedAtMs: Date.now(),
    };
    requests.push(recorded);
    stats.requests += 1;
    if (!protocol || req.method !== 'POST') return send(res, 404, { error: { message: 'no such endpoint' } });
    if (!isAuthorised(protocol, recorded)) return send(res, 401, errorBody(protocol, 401, 'invalid api key'));
    if (protocol !== 'ernie-token') {
      const retryAfterSeconds = isRateLimited(Date.now());
      if (retryAfterSeconds !== undefined) {
        stats.rateLimited += 1;
        return send(res, 429, errorBody(protocol, 429, 'rate limit reached', retryAfterSeconds), {
          'retry-after': String(retryAfterSeconds),
        });
      }
    }
    const reply = nextReply(protocol, recorded);
    await play(reply, protocol, recorded, res);
  }

  async function play(
    reply: FakeLlmReply,
    protocol: FakeLlmProtocol,
    recorded: RecordedRequest,
    res: ServerResponse,
  ): Promise<void> {
    if (reply.type === 'hang') return;
    if (reply.type === 'drop') {
      res.socket?.destroy();
      return;
    }
    const isAnswerLike = reply.type !== 'status';
    const delayMs = reply.latencyMs ?? (isAnswerLike ? latencyMs : 0);
    if (delayMs > 0) await waitUnlessClosed(delayMs, res);
    if (res.destroyed || res.writableEnded) return;
    switch (reply.type) {
      case 'answer': {
        const model = modelOfRequest(protocol, recorded.path, recorded.body);
        const answer = {
          content: reply.content,
          promptTokens: reply.promptTokens ?? estimateTokens(recorded.promptText),
          completionTokens: reply.completionTokens ?? estimateTokens(reply.content),
          finishReason: reply.finishReason ?? 'stop',
          model,
        };
        const shaped = answerBody(protocol, answer, ++sequence) as Record<string, unknown>;
        if (reply.isUsageOmitted) {
          delete shaped.usage;
          delete shaped.usageMetadata;
        }
        return send(res, 200, shaped);
      }
      case 'status': {
        const extra: Record<string, string> = { ...reply.headers };
        if (reply.retryAfterSeconds !== undefined) extra['retry-after'] = String(reply.retryAfterSeconds);
        return send(
          res,
          reply.status,
          reply.body ??
            errorBody(protocol, reply.status, `scripted ${reply.status}`, reply.retryAfterSeconds),
          extra,
        );
      }
      case 'truncated_json': {
        const full = JSON.stringify(
          answerBody(
            protocol,
            {
              content: '{"issues":[]}',
              promptTokens: 1,
              completionTokens: 1,
              finishReason: 'stop',
              model: 'fake',
            },
            ++sequence,
          ),
        );
        return sendRaw(res, 200, full.slice(0, Math.floor(full.length / 2)));
      }
      case 'invalid_json':
        return sendRaw(res, 200, '<html>upstream proxy error</html>');
      case 'json':
        return send(res, 200, reply.body);
    }
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    sendRaw(res, status, JSON.stringify(body), headers);
  }

  function sendRaw(
    res: ServerResponse,
    status: number,
    text: string,
    headers: Record<string, string> = {},
  ): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
    stats.answered += 1;
  }

  const server = createServer((req, res) => {
    stats.inFlight += 1;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    let isCounted = true;
    const done = (): void => {
      if (!isCounted) return;
      isCounted = false;
      stats.inFlight -= 1;
    };
    res.on('close', done);
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: { message: 'fake server failure' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    port,
    baseUrls: {
      openai: `${baseUrl}/v1`,
      anthropic: `${baseUrl}/v1`,
      gemini: `${baseUrl}/v1beta`,
      ernie: `${baseUrl}/rpc/2.0/ai_custom/v1/wenxinworkshop/chat`,
    },
    requests,
    script: (...replies) => void queue.push(...replies),
    scriptToken: (...replies) => void tokenQueue.push(...replies),
    setResponder: (next) => void (responder = next),
    setLatency: (ms) => void (latencyMs = ms),
    setRateLimit: (limit) => {
      rateLimit = limit;
      acceptedAtMs.length = 0;
    },
    expireErnieTokens: () => validTokens.clear(),
    stats: () => ({ ...stats }),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      tokenQueue.length = 0;
      acceptedAtMs.length = 0;
      Object.assign(stats, {
        requests: 0,
        answered: 0,
        rateLimited: 0,
        peakInFlight: stats.inFlight,
        tokenExchanges: 0,
      });
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits, but stops early when the client goes away (so hung or slow answers do not pile up timers). */
function waitUnlessClosed(delayMs: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, delayMs);
    function finish(): void {
      clearTimeout(timer);
      res.off('close', finish);
      resolve();
    }
    res.on('close', finish);
  });
}
