// Every metric the operations contract names (scripts/ops/metric-contract.ts: alerts, dashboards and the canary
// analysis query them) is exposed on /metrics with the declared type, so no alert watches a series that is
// never scraped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { metricContract } from '../../../../scripts/ops/metric-contract.ts';
import { createTestServer, type TestServer } from '../test-support/test-server.ts';

describe('/metrics against the metric contract (every role in one process)', { timeout: 120_000 }, () => {
  let t: TestServer;
  before(async () => {
    t = await createTestServer({ mode: 'embedded' });
  });
  after(() => t?.stop());

  it('declares every contract metric with its type', async () => {
    // One API call first, so the HTTP series have a sample as well as a declaration.
    await t.request('GET', '/api/v1/auth/me');
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    const declared = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]] as const));
    const problems = metricContract
      .filter((m) => declared.get(m.name) !== m.type)
      .map((m) => `${m.name}: contract ${m.type}, exposed ${declared.get(m.name) ?? 'missing'}`);
    assert.deepEqual(problems, []);
  });
});
