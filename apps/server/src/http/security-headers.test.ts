import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import { createSecurityHeaders } from './security-headers.ts';

const options: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      connectSrc: ["'self'", (req) => `ws://${(req as IncomingMessage).headers.host ?? 'none'}`],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  frameguard: { action: 'deny' },
  crossOriginOpenerPolicy: false,
};

/** What helmet's own middleware sets on a response for a request with `host`. */
function helmetHeaders(host: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name] = value),
    removeHeader: () => undefined,
  };
  helmet(options)(
    { headers: host === undefined ? {} : { host } } as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return headers;
}

describe('http/security-headers', () => {
  it("sends exactly helmet's headers, per Host header", () => {
    const headersFor = createSecurityHeaders(options);
    for (const host of ['app.example.com', 'localhost:8000', undefined]) {
      assert.deepEqual(headersFor(host), helmetHeaders(host));
    }
    assert.match(
      headersFor('app.example.com')['Content-Security-Policy']!,
      /connect-src 'self' ws:\/\/app\.example\.com/,
    );
    assert.equal(headersFor('localhost:8000')['X-Frame-Options'], 'DENY');
  });

  it('computes the headers of a host once and keeps answering right past its bound of hosts', () => {
    const headersFor = createSecurityHeaders(options);
    const first = headersFor('a.example.com');
    assert.equal(headersFor('a.example.com'), first, 'the same object: computed once');
    for (let i = 0; i < 200; i++) headersFor(`host-${i}.example.com`);
    assert.deepEqual(headersFor('a.example.com'), helmetHeaders('a.example.com'));
    assert.match(headersFor('host-7.example.com')['Content-Security-Policy']!, /ws:\/\/host-7\.example\.com/);
  });
});
