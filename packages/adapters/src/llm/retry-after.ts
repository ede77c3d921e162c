// How long an upstream asked us to wait. Providers say it in different ways: the standard `Retry-After`
// (seconds or an HTTP date), OpenAI's `retry-after-ms` and `x-ratelimit-reset-*` durations ("1s", "6m0s",
// "20ms"), Anthropic's RFC 3339 reset times, and Gemini's `RetryInfo.retryDelay` ("37s") in the error body.

/** Parses `Retry-After`: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterHeader(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/** Parses a Go-style duration as OpenAI sends it (`1s`, `6m0s`, `250ms`, `1h2m3.5s`). */
export function parseDurationMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let totalMs = 0;
  let matchedLength = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    totalMs += Number(match[1]) * (unitMs[match[2] ?? 's'] ?? 1000);
    matchedLength += match[0].length;
  }
  return matchedLength === trimmed.length ? Math.round(totalMs) : undefined;
}

/**
 * The wait an error response asks for, from its headers; `bodyHintMs` is a protocol-specific hint read from the
 * body (Gemini). The standard header wins; provider headers fill in when it is missing.
 */
export function retryAfterFromResponse(
  headers: Headers,
  nowMs: number,
  bodyHintMs?: number,
): number | undefined {
  const standard = parseRetryAfterHeader(headers.get('retry-after'), nowMs);
  if (standard !== undefined) return standard;
  const explicitMs = headers.get('retry-after-ms');
  if (explicitMs !== null && /^\d+(\.\d+)?$/.test(explicitMs.trim())) return Math.round(Number(explicitMs));
  if (bodyHintMs !== undefined) return bodyHintMs;
  // Only the limit that is exhausted tells when calls may resume.
  const resets: number[] = [];
  for (const limit of ['requests', 'tokens']) {
    if (headers.get(`x-ratelimit-remaining-${limit}`) === '0') {
      const resetMs = parseDurationMs(headers.get(`x-ratelimit-reset-${limit}`));
      if (resetMs !== undefined) resets.push(resetMs);
    }
    if (headers.get(`anthropic-ratelimit-${limit}-remaining`) === '0') {
      const resetAtMs = Date.parse(headers.get(`anthropic-ratelimit-${limit}-reset`) ?? '');
      if (!Number.isNaN(resetAtMs)) resets.push(Math.max(0, resetAtMs - nowMs));
    }
  }
  return resets.length > 0 ? Math.max(...resets) : undefined;
}
