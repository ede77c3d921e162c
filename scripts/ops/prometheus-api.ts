// Reads from Prometheus's HTTP API (instant and range queries).
import type { Sample } from './canary-decision.ts';

interface ApiAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }> };
}

async function call(baseUrl: string, path: string, params: Record<string, string>, timeoutMs: number): Promise<NonNullable<ApiAnswer['data']>> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}?${new URLSearchParams(params)}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.json().catch(() => ({ status: 'error', error: `HTTP ${res.status}` }))) as ApiAnswer;
  if (body.status !== 'success' || !body.data) throw new Error(`prometheus ${path}: ${body.error ?? `HTTP ${res.status}`}`);
  return body.data;
}

/** The first series of a range query as samples (an empty list when the query matched nothing). */
export async function queryRange(baseUrl: string, query: string, range: { startS: number; endS: number; stepS: number }, timeoutMs = 15_000): Promise<Sample[]> {
  const data = await call(baseUrl, '/api/v1/query_range', { query, start: String(range.startS), end: String(range.endS), step: `${range.stepS}s` }, timeoutMs);
  const series = data.result[0];
  return (series?.values ?? []).map(([t, v]) => ({ timeS: Number(t), value: Number(v) }));
}

/** The value of the first series of an instant query, or undefined when it matched nothing. */
export async function queryInstant(baseUrl: string, query: string, timeS?: number, timeoutMs = 15_000): Promise<number | undefined> {
  const data = await call(baseUrl, '/api/v1/query', { query, ...(timeS === undefined ? {} : { time: String(timeS) }) }, timeoutMs);
  const value = data.result[0]?.value?.[1];
  return value === undefined ? undefined : Number(value);
}
