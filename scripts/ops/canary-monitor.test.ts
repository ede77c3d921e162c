import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canaryQueries, exitCodes, formatDecision, monitorCanary, parseDurationS } from './canary-monitor.ts';

const root = new URL('../../', import.meta.url).pathname;
const nowS = 1_800_000_000;

type Scenario = { errorRate: (t: number) => number; p95: (t: number) => number; db?: (t: number) => number; alerts?: number };

/** A fake Prometheus: answers query_range for the three canary signals and the instant ALERTS query. */
function fakePrometheus(scenario: () => Scenario): Promise<{ url: string; server: Server; queries: string[] }> {
  const queries: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const query = url.searchParams.get('query') ?? '';
    queries.push(query);
    const s = scenario();
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/query') {
      const result = s.alerts ? [{ metric: {}, value: [nowS, String(s.alerts)] }] : [];
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
      return;
    }
    if (url.pathname !== '/api/v1/query_range') {
      res.writeHead(404).end();
      return;
    }
    const fn = query.includes('status=~"5.."') ? s.errorRate : query.includes('histogram_quantile') ? s.p95 : s.db;
    const start = Number(url.searchParams.get('start'));
    const end = Number(url.searchParams.get('end'));
    const step = parseDurationS(url.searchParams.get('step')!);
    const values: Array<[number, string]> = [];
    if (fn) for (let t = start; t <= end; t += step) values.push([t, String(fn(t))]);
    const result = fn ? [{ metric: {}, values }] : [];
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, queries })));
}

describe('canary monitor against a Prometheus HTTP API', () => {
  let current: Scenario = { errorRate: () => 0, p95: () => 0.1 };
  let prom: Awaited<ReturnType<typeof fakePrometheus>>;
  before(async () => {
    prom = await fakePrometheus(() => current);
  });
  after(() => prom.server.close());

  const options = () => ({ prometheusUrl: prom.url, selector: 'rollouts_pod_template_hash="abc123"', windowS: 900, stepS: 15, nowS });

  it('queries the canary pods only, with contract metrics', () => {
    const q = canaryQueries('rollouts_pod_template_hash="abc123"');
    assert.match(q.errorRate, /http_requests_total\{rollouts_pod_template_hash="abc123",status=~"5.."\}/);
    assert.match(q.p95LatencyS, /http_request_duration_seconds_bucket\{rollouts_pod_template_hash="abc123"\}/);
    assert.match(q.dbConnectionFailureRatio, /xcr_db_connection_errors_total\{rollouts_pod_template_hash="abc123"\}/);
  });

  it('says rollback for 1.2 % errors over the last 6 minutes', async () => {
    current = { errorRate: (t) => (t >= nowS - 360 ? 0.012 : 0.0002), p95: () => 0.12 };
    const decision = await monitorCanary(options());
    assert.equal(decision.action, 'rollback');
    assert.match(formatDecision(decision), /next: kubectl argo rollouts abort xcr-api -n production.*\ndecision: rollback$/);
  });

  it('says hold for 0.9 % errors, and promote for a clean canary (no database failure series at all)', async () => {
    current = { errorRate: () => 0.009, p95: () => 0.12 };
    assert.equal((await monitorCanary(options())).action, 'hold');
    current = { errorRate: () => 0.0002, p95: () => 0.12 };
    const clean = await monitorCanary(options());
    assert.equal(clean.action, 'promote');
    assert.ok(clean.series.dbConnectionFailureRatio.length > 0 && clean.series.dbConnectionFailureRatio.every((s) => s.value === 0));
  });

  it('says rollback when a critical API alert fires', async () => {
    current = { errorRate: () => 0, p95: () => 0.1, alerts: 1 };
    assert.equal((await monitorCanary(options())).action, 'rollback');
    assert.ok(prom.queries.some((q) => q.includes('ALERTS{alertstate="firing",severity="critical",service="xcr-api"}')));
  });

  it('exits 20 with "decision: rollback" last from the command line, and 1 when Prometheus cannot be read', async () => {
    current = { errorRate: () => 0.05, p95: () => 3, db: () => 0 };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ops/canary-monitor.ts', ...args], { cwd: root });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => resolve({ code, out }));
      });
    const bad = await run(['--prometheus-url', prom.url, '--canary-hash', 'abc123', '--window', '15m']);
    assert.equal(bad.code, exitCodes.rollback, bad.out);
    assert.match(bad.out.trim().split('\n').pop()!, /^decision: rollback$/);
    const down = await run(['--prometheus-url', 'http://127.0.0.1:9', '--canary-hash', 'abc123']);
    assert.equal(down.code, 1, down.out);
  });
});
