/**
 * Requests that break HTTP itself, written byte by byte to a socket (no client library would send them): headers
 * too large, a malformed request line, a lying or doubled length, broken chunked encoding, control characters in
 * headers, methods nobody routes. Node's parser refuses most of them before Fastify sees a request; the answer must
 * still be the standard error body.
 */
import { connect } from 'node:net';
import { deepArrayText, deepObjectText } from './body-cases.ts';

/** One raw request: the bytes to write (each asks the server to close afterwards). */
export interface RawCase {
  label: string;
  request: string;
  /** Text the answer must never hold. */
  forbidden?: RegExp;
}

/** What came back: status and body of the first response, or the network error. */
export interface RawAnswer {
  status: number;
  contentType: string;
  requestId?: string;
  text: string;
  error?: string;
}

const rawTimeoutMs = 15_000;
/** What /etc/passwd starts with: an answer holding it served a file from outside the web root. */
const passwd = /root:x?:0:0:/;

/** The raw cases; `token` is a valid access token, so a request that parses gets as far as a handler. */
export function transportCases(token: string): RawCase[] {
  const deep50k = deepObjectText(50_000);
  const auth = `Authorization: Bearer ${token}\r\n`;
  const get = (path: string, headers = '') =>
    `GET ${path} HTTP/1.1\r\nHost: fuzz\r\n${auth}${headers}Connection: close\r\n\r\n`;
  const post = (headers: string, body: string) =>
    `POST /api/v1/issues/bulk-update HTTP/1.1\r\nHost: fuzz\r\n${auth}Content-Type: application/json\r\n${headers}Connection: close\r\n\r\n${body}`;
  return [
    { label: 'headers beyond 16 kB', request: get('/api/v1/auth/me', `X-Fuzz: ${'a'.repeat(20_000)}\r\n`) },
    { label: 'URL beyond 16 kB', request: get(`/api/v1/projects?search=${'b'.repeat(20_000)}`) },
    { label: 'garbage request line', request: 'FUZZ\u0001 / HTTP/9.9\r\n\r\n' },
    {
      label: 'unknown method',
      request: `BREW /api/v1/projects HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n`,
    },
    {
      label: 'unrouted method',
      request: `PROPFIND /api/v1/projects HTTP/1.1\r\nHost: fuzz\r\n${auth}Connection: close\r\n\r\n`,
    },
    { label: 'space in a header name', request: get('/api/v1/auth/me', 'X Bad: 1\r\n') },
    { label: 'control character in a header', request: get('/api/v1/auth/me', 'X-Bad: a\u0001b\r\n') },
    { label: 'absolute-form target', request: get('http://127.0.0.2:1/api/v1/auth/me') },
    { label: 'raw dot-dot path', request: get('/api/v1/projects/../../../etc/passwd'), forbidden: passwd },
    {
      label: 'encoded dot-dot in a web path',
      request: get('/assets/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd'),
      forbidden: passwd,
    },
    { label: 'dot-dot in a web path', request: get('/assets/../../../../../etc/passwd'), forbidden: passwd },
    { label: 'unknown API route', request: get('/api/v1/no-such-route') },
    {
      label: 'nested arrays 200,000 deep',
      request: post(`Content-Length: ${400_000}\r\n`, deepArrayText(200_000)),
    },
    { label: 'nested objects 50,000 deep', request: post(`Content-Length: ${deep50k.length}\r\n`, deep50k) },
    {
      label: 'unknown API route, POST',
      request: post('Content-Length: 2\r\n', '{}').replace('/issues/bulk-update', '/no/such/route'),
    },
    { label: 'double slashes', request: get('//api//v1//projects') },
    { label: 'no Host header', request: `GET /api/v1/auth/me HTTP/1.1\r\n${auth}Connection: close\r\n\r\n` },
    { label: 'HTTP/1.0', request: `GET /api/v1/auth/me HTTP/1.0\r\n${auth}\r\n` },
    { label: 'non-numeric Content-Length', request: post('Content-Length: abc\r\n', '{}') },
    { label: 'negative Content-Length', request: post('Content-Length: -1\r\n', '{}') },
    {
      label: 'two different Content-Lengths',
      request: post('Content-Length: 2\r\nContent-Length: 3\r\n', '{}'),
    },
    {
      label: 'Content-Length and chunked',
      request: post('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
    },
    { label: 'broken chunk size', request: post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n') },
    {
      label: 'chunked JSON',
      request: post('Transfer-Encoding: chunked\r\n', '5\r\n{"ids\r\n9\r\n":["x"]}\r\n0\r\n\r\n'),
    },
    { label: 'unknown transfer encoding', request: post('Transfer-Encoding: gzip, fuzz\r\n', '{}') },
    {
      label: 'gzip content encoding, not gzip',
      request: post('Content-Encoding: gzip\r\nContent-Length: 2\r\n', '{}'),
    },
  ];
}

/** Writes `c.request` to the server and reads what comes back until the server closes the connection. */
export function sendRaw(baseUrl: string, c: RawCase): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.setTimeout(rawTimeoutMs, () => socket.destroy(new Error(`no answer within ${rawTimeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer arrived is how Node ends a refused request; only no answer at all is an error.
      if (chunks.length === 0)
        resolve({ status: 0, contentType: '', text: '', error: error.code ?? error.message });
    });
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('utf8'))));
    socket.write(c.request);
  });
}

function parseResponse(raw: string): RawAnswer {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 0);
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
  const chunked = /^transfer-encoding:\s*chunked/im.test(head);
  let text = split >= 0 ? raw.slice(split + 4) : '';
  if (chunked) text = text.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/gi, '').replace(/\r\n0\r\n\r\n$/, '');
  return {
    status,
    contentType: header('content-type') ?? '',
    requestId: header('x-request-id'),
    text,
    ...(status === 0 ? { error: 'no HTTP answer' } : {}),
  };
}
