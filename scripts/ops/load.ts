// Load test with autocannon against any base URL, or against a server it starts itself when none is given:
// embedded (PGlite, pg-boss) by default, or production mode (a fresh PostgreSQL database and Redis, roles api and
// worker, seeded with projects, audits and findings). Logs in, probes which authenticated list and detail
// endpoints this server has, and spreads the load over them. Prints p50/p95/p99, req/s, errors and status
// counts; the last line is the P-API figure.
//   npm run load                                   # 50 connections, 60 s, embedded server
//   npm run bench:api -- --mode production --connections 50 --duration 300
//   npm run load -- --base-url https://staging-api.xcr.example.com --connections 50 --duration 300
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { credentialsFromEnv, login, normalizeBaseUrl, request, type Credentials } from './api-client.ts';
import { seedSampleData } from './e2e.ts';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.ts';
import { isMain } from './is-main.ts';
import { seedLoadData } from './load-seed.ts';

/** One endpoint of the load mix. */
export interface LoadEndpoint {
  path: string;
  kind: 'list' | 'detail';
}

/** A list endpoint, and how to find a detail path from its answer. */
interface Candidate {
  list: string;
  detail?: (item: { id?: string }) => string;
}

/** Authenticated read endpoints of the API, listed as the REST API names them; missing ones are skipped. */
const candidates: readonly Candidate[] = [
  { list: '/api/v1/auth/me' },
  { list: '/api/v1/users?page=1&page_size=20', detail: (item) => `/api/v1/users/${item.id}` },
  { list: '/api/v1/projects?page=1&page_size=20', detail: (item) => `/api/v1/projects/${item.id}` },
  { list: '/api/v1/tasks?page=1&page_size=20', detail: (item) => `/api/v1/tasks/${item.id}` },
  { list: '/api/v1/issues?page=1&page_size=20', detail: (item) => `/api/v1/issues/${item.id}` },
  { list: '/api/v1/reports?page=1&page_size=20', detail: (item) => `/api/v1/reports/${item.id}` },
  { list: '/api/v1/statistics/overview' },
];

/** The list endpoints the runner probes, in order (scripts/ops/load.k6.js probes the same). */
export const loadCandidatePaths: readonly string[] = candidates.map((c) => c.list);

/** Asks each candidate once and keeps those that answer 200 (and one detail path per non-empty list). */
export async function discoverEndpoints(
  baseUrl: string,
  token: string,
): Promise<{ endpoints: LoadEndpoint[]; skipped: string[] }> {
  const endpoints: LoadEndpoint[] = [];
  const skipped: string[] = [];
  for (const candidate of candidates) {
    const res = await request(baseUrl, candidate.list, { token });
    if (res.status !== 200) {
      skipped.push(`${candidate.list.split('?')[0]} (HTTP ${res.status})`);
      continue;
    }
    endpoints.push({ path: candidate.list, kind: candidate.detail ? 'list' : 'detail' });
    const items = (res.json as { items?: Array<{ id?: string }> } | undefined)?.items;
    const first = items?.[0];
    if (candidate.detail && first?.id) {
      const detail = candidate.detail(first);
      const check = await request(baseUrl, detail, { token });
      if (check.status === 200) endpoints.push({ path: detail, kind: 'detail' });
      else skipped.push(`${detail} (HTTP ${check.status})`);
    }
  }
  return { endpoints, skipped };
}

/** What one load run measured. */
export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerS: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  statusCounts: Record<string, number>;
  endpoints: LoadEndpoint[];
}

/** The value at quantile `q` (0-1) of ascending `sorted`, nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs autocannon over `endpoints` (with the token, when given); every response's latency is kept for exact percentiles. */
export function runAutocannon(options: {
  baseUrl: string;
  token?: string;
  endpoints: LoadEndpoint[];
  connections: number;
  durationS: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          accept: 'application/json',
        },
        requests: options.endpoints.map((e) => ({ method: 'GET', path: e.path })),
      },
      (err, result) => {
        if (err) return reject(err);
        const sorted = Float64Array.from(latencies).sort();
        const statusCounts = Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]),
        );
        const completed = latencies.length;
        resolve({
          connections: options.connections,
          durationS: result.duration,
          requests: completed,
          requestsPerS: completed / result.duration,
          p50Ms: quantile(sorted, 0.5),
          p95Ms: quantile(sorted, 0.95),
          p99Ms: quantile(sorted, 0.99),
          maxMs: sorted.length ? sorted[sorted.length - 1]! : 0,
          errors: result.errors + result.timeouts + result.non2xx,
          statusCounts,
          endpoints: options.endpoints,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) =>
      latencies.push(responseTimeMs),
    );
  });
}

/** Logs in, discovers endpoints and runs the load. */
export async function runLoad(options: {
  baseUrl: string;
  credentials: Credentials;
  connections: number;
  durationS: number;
}): Promise<LoadResult & { skipped: string[] }> {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const token = await login(baseUrl, options.credentials);
  const { endpoints, skipped } = await discoverEndpoints(baseUrl, token);
  if (endpoints.length === 0) throw new Error('no authenticated endpoint answered 200');
  const result = await runAutocannon({
    baseUrl,
    token,
    endpoints,
    connections: options.connections,
    durationS: options.durationS,
  });
  return { ...result, skipped };
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : Math.round(value).toString();
}

/**
 * The headline: `P-API production: p95 12 ms, p99 30 ms, 1,234 req/s, 0 errors (50 connections, 60 s)`; the
 * label names the run mode of a server the runner started, and is left out against a base URL.
 */
export function formatPApiLine(result: LoadResult, label?: string): string {
  const rps = Math.round(result.requestsPerS).toLocaleString('en-US');
  return `P-API${label ? ` ${label}` : ''}: p95 ${ms(result.p95Ms)} ms, p99 ${ms(result.p99Ms)} ms, ${rps} req/s, ${result.errors.toLocaleString('en-US')} errors (${result.connections} connections, ${Math.round(result.durationS)} s)`;
}

/** The full report, P-API line last. */
export function formatLoadReport(result: LoadResult & { skipped?: string[] }, label?: string): string {
  const lines = [
    `endpoints: ${result.endpoints.map((e) => e.path.split('?')[0]).join(', ')}`,
    ...(result.skipped?.length ? [`not available here: ${result.skipped.join(', ')}`] : []),
    `requests: ${result.requests.toLocaleString('en-US')} in ${result.durationS.toFixed(1)} s = ${result.requestsPerS.toFixed(0)} req/s`,
    `latency: p50 ${ms(result.p50Ms)} ms, p95 ${ms(result.p95Ms)} ms, p99 ${ms(result.p99Ms)} ms, max ${ms(result.maxMs)} ms`,
    `status codes: ${
      Object.entries(result.statusCounts)
        .map(([code, n]) => `${code} x ${n}`)
        .join(', ') || 'none'
    }`,
    `errors: ${result.errors} (socket errors, timeouts and non-2xx answers)`,
    formatPApiLine(result, label),
  ];
  return lines.join('\n');
}

/** The 1-minute load average, 5- and 15-minute too: the machine may be shared, so each figure states it. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/**
 * CPU time (user + system) a process has used, in ms, from /proc (Linux); undefined elsewhere. Per request it is
 * steadier than latency on a shared machine: other processes delay a server but do not make its requests cost more.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerS = 100;
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerS) * 1000;
  } catch {
    return undefined;
  }
}

/** Gives a server this runner started something to list: projects through the API (one audited), and in production mode bulk rows. */
async function seed(server: EmbeddedServer): Promise<void> {
  const seeded = await seedSampleData(server.baseUrl, await login(server.baseUrl, server.admin));
  console.log(
    `seeded through the API: ${seeded.projects} projects${seeded.audited ? ', one audited (tasks and issues)' : ''}`,
  );
  if (!server.databaseUrl) return;
  const started = performance.now();
  const bulk = await seedLoadData(server.databaseUrl, server.admin.login);
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `seeded in the database: ${bulk.users} users, ${bulk.projects} projects, ${bulk.tasks} completed audits, ${bulk.findings} issues (${took} s)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      mode: { type: 'string', default: 'embedded' },
      'redis-url': { type: 'string' },
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '60' },
      'max-error-ratio': { type: 'string' },
      'max-p95-ms': { type: 'string' },
    },
  });
  const connections = Number(values.connections);
  const durationS = Number(values.duration);
  const mode = values.mode;
  if (mode !== 'embedded' && mode !== 'production')
    throw new Error(`--mode must be embedded or production, not ${mode}`);
  const server = values['base-url']
    ? undefined
    : await startEmbeddedServer({ mode, redisUrl: values['redis-url'] });
  try {
    const credentials = server ? server.admin : credentialsFromEnv();
    if (!credentials) throw new Error('set XCR_OPS_LOGIN and XCR_OPS_PASSWORD for the target server');
    const baseUrl = server?.baseUrl ?? values['base-url']!;
    const target = server
      ? `a ${mode}-mode server (${baseUrl}${mode === 'production' ? ', PostgreSQL and Redis, roles api and worker' : ''})`
      : baseUrl;
    console.log(`load: ${connections} connections for ${durationS} s against ${target}`);
    if (server) await seed(server);
    const loadBefore = loadAverage();
    const cpuBefore = server ? processCpuMs(server.child.pid!) : undefined;
    const result = await runLoad({ baseUrl, credentials, connections, durationS });
    console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${loadAverage()} after`);
    if (server && cpuBefore !== undefined) {
      const cpuMs = (processCpuMs(server.child.pid!) ?? cpuBefore) - cpuBefore;
      const perRequestUs = Math.round((cpuMs * 1000) / Math.max(1, result.requests));
      console.log(
        `server process CPU: ${perRequestUs} µs per request, ${Math.round((cpuMs / 10 / result.durationS) * 10) / 10} % of one core`,
      );
    }
    console.log(formatLoadReport(result, server ? mode : undefined));
    const errorRatio = result.requests === 0 ? 1 : result.errors / result.requests;
    const maxErrorRatio =
      values['max-error-ratio'] === undefined ? undefined : Number(values['max-error-ratio']);
    const maxP95 = values['max-p95-ms'] === undefined ? undefined : Number(values['max-p95-ms']);
    if (
      (maxErrorRatio !== undefined && errorRatio > maxErrorRatio) ||
      (maxP95 !== undefined && result.p95Ms > maxP95)
    )
      process.exitCode = 1;
  } finally {
    await server?.stop();
  }
}

if (isMain(import.meta.url)) await main();
