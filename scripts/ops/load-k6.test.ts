import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { formatPApiLine, loadCandidatePaths, quantile } from './load.ts';

const k6Script = new URL('./load.k6.js', import.meta.url).pathname;

describe('load test scripts', () => {
  it('the k6 script parses, keeps the runbook targets and probes the same endpoints as the autocannon runner', () => {
    const check = spawnSync(process.execPath, ['--check', k6Script], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    const text = readFileSync(k6Script, 'utf8');
    assert.match(text, /http_req_duration: \['p\(95\)<500', 'p\(99\)<1000'\]/);
    assert.match(text, /http_req_failed: \['rate<0\.01'\]/);
    const k6Lists = [...text.matchAll(/^\s+\['(\/api\/v1\/[^']+)', /gm)].map((m) => m[1]);
    assert.deepEqual(k6Lists, loadCandidatePaths);
  });

  it('computes nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(quantile(sorted, 0.5), 50);
    assert.equal(quantile(sorted, 0.95), 95);
    assert.equal(quantile(sorted, 0.99), 99);
    assert.equal(quantile(new Float64Array(0), 0.95), 0);
    assert.equal(quantile(Float64Array.from([7]), 0.99), 7);
  });

  it('prints the P-API line in the agreed shape', () => {
    const line = formatPApiLine({
      connections: 50,
      durationS: 60.02,
      requests: 74_040,
      requestsPerS: 1_234.4,
      p50Ms: 5,
      p95Ms: 12.4,
      p99Ms: 30.2,
      maxMs: 80,
      errors: 0,
      statusCounts: { 200: 74_040 },
      endpoints: [],
    });
    assert.equal(line, 'P-API: p95 12 ms, p99 30 ms, 1,234 req/s, 0 errors (50 connections, 60 s)');
    assert.equal(
      formatPApiLine(
        {
          connections: 50,
          durationS: 300,
          requests: 9,
          requestsPerS: 880,
          p50Ms: 4,
          p95Ms: 8.25,
          p99Ms: 51,
          maxMs: 90,
          errors: 2,
          statusCounts: {},
          endpoints: [],
        },
        'production',
      ),
      'P-API production: p95 8.3 ms, p99 51 ms, 880 req/s, 2 errors (50 connections, 300 s)',
    );
  });
});
