import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** How many distinct Host headers keep their computed headers; past that the set starts over. */
const maxHosts = 64;

/**
 * The security headers helmet sends with `options`, computed once per Host header instead of on every request
 * (running helmet's middleware costs about as much as the rest of a `/health` answer). The directives may only
 * depend on the Host header: it is the key. Unknown hosts cost one middleware run each, as before.
 */
export function createSecurityHeaders(
  options: HelmetOptions,
): (host: string | undefined) => Readonly<Record<string, string>> {
  const middleware = helmet(options);
  const byHost = new Map<string, Readonly<Record<string, string>>>();
  return (host) => {
    const key = host ?? '';
    const known = byHost.get(key);
    if (known) return known;
    const headers: Record<string, string> = {};
    const request = { headers: host === undefined ? {} : { host } } as IncomingMessage;
    const response = {
      setHeader(name: string, value: string | number | readonly string[]) {
        headers[name] = String(value);
        return response;
      },
      // helmet removes X-Powered-By, which this server never sends.
      removeHeader() {},
    } as unknown as ServerResponse;
    middleware(request, response, (error?: unknown) => {
      if (error) throw error;
    });
    if (byHost.size >= maxHosts) byHost.clear();
    byHost.set(key, headers);
    return headers;
  };
}
