/**
 * Schema-driven fuzzing of every HTTP operation of the OpenAPI document, in one run mode: valid-ish requests
 * generated from the schemas, then mutated ones (see request-cases.ts and body-cases.ts), as the admin, a plain
 * user, nobody and forged tokens. No answer may be 5xx or missing, every 4xx carries the standard error body, and
 * the server still answers /health at the end. The document itself must list every route Fastify serves. One
 * test file per mode (api-fuzz-<mode>.int.test.ts), so the two run side by side.
 *
 * Deterministic: `XCR_FUZZ_SEED` picks the sequence (printed with every failure); `XCR_FUZZ_ONLY` narrows the run
 * to operations whose `METHOD /path` contains it; `XCR_FUZZ_REPORT=<file>` writes every failure there as JSON.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import {
  createTestServer,
  testModes,
  type TestMode,
  type TestServer,
} from '@xcr/server/test-support/test-server';
import type { BodyCase } from './body-cases.ts';
import { archiveCases, migrationFileCases } from './file-cases.ts';
import {
  closeFuzzConnections,
  createFuzzSender,
  emptyStats,
  recordAnswer,
  type FuzzFailure,
  type FuzzStats,
} from './fuzz-run.ts';
import {
  operationKey,
  operationsOf,
  routesFromTree,
  type OpenApiDocument,
  type Operation,
} from './operations.ts';
import { createRandom, fuzzSeed } from './random.ts';
import { casesFor } from './request-cases.ts';
import { seedData, type SeededData } from './seed.ts';
import { sendRaw, transportCases } from './transport-cases.ts';

/** Routes deliberately left out of the document: the document itself, its viewer, the root and web app pages. */
const undocumented = new Set(['GET /', 'GET /*', 'GET /api/v1/openapi.json']);
const isUndocumented = (key: string) => undocumented.has(key) || key.startsWith('GET /api/v1/docs');

/** Operations that end or undo others' state run last, so the rest still meets the seeded records. */
function runOrder(op: Operation): number {
  if (op.method === 'DELETE') return 2;
  return /rollback|cancel|revoke/.test(op.template) ? 1 : 0;
}

function report(mode: string, seed: number, stats: FuzzStats, total: number, startedMs: number): string {
  const c = stats.byClass;
  return (
    `fuzz: mode=${mode} seed=${seed} operations=${stats.operations.size}/${total} requests=${stats.requests} ` +
    `2xx=${c['2xx']} 4xx=${c['4xx']} 5xx=${c['5xx']} no_answer=${c.none} failures=${stats.failures.length} ` +
    `relogins=${stats.relogins} retried_503=${stats.unavailableRetries} seconds=${Math.round((Date.now() - startedMs) / 1000)} ` +
    `slowest_ms=${stats.slowest.ms} (${stats.slowest.request})`
  );
}

/** Sends every case of every operation (narrowed by XCR_FUZZ_ONLY), then the transport cases. */
async function runFuzz(
  t: TestServer,
  doc: OpenApiDocument,
  seeded: SeededData,
  adminToken: string,
  seed: number,
) {
  const random = createRandom(seed);
  const only = process.env.XCR_FUZZ_ONLY;
  const operations = operationsOf(doc)
    .filter((op) => !only || operationKey(op.method, op.template).includes(only))
    .sort((a, b) => runOrder(a) - runOrder(b));
  const stats = emptyStats();
  const login = async (name: string, password: string) => (await t.login(name, password)).access_token;
  const { username, password } = seeded.plainUser;
  const sessions = {
    admin: { token: adminToken, renew: () => login(t.admin.username, t.admin.password) },
    user: { token: await login(username, password), renew: () => login(username, password) },
  };
  const sendCase = createFuzzSender(t.baseUrl, sessions, stats);
  const ctx = { random, idFor: seeded.fieldId };
  const fileBodies = new Map<string, BodyCase[]>([
    ['POST /api/v1/migration/validate', migrationFileCases(random)],
    ['POST /api/v1/migration/import', migrationFileCases(random)],
    ['POST /api/v1/projects/{id}/upload', await archiveCases()],
  ]);
  for (const op of operations) {
    const key = operationKey(op.method, op.template);
    for (const c of casesFor(op, seeded.pathIds, ctx, fileBodies.get(key))) await sendCase(c);
  }
  for (const c of only ? [] : transportCases(sessions.admin.token)) {
    const request = {
      operation: 'transport',
      label: c.label,
      method: 'RAW',
      path: c.request.split('\r\n')[0]!,
      caller: 'admin',
      forbidden: c.forbidden,
    };
    recordAnswer(stats, request, await sendRaw(t.baseUrl, c));
  }
  return { stats, operations: operations.length };
}

/** Adds the server's log lines to each failure, prints them, and writes them to XCR_FUZZ_REPORT when set. */
function explainFailures(failures: FuzzFailure[], logText: string, seed: number): void {
  const logLines = logText.split('\n');
  for (const f of failures) {
    if (f.requestId)
      f.log = logLines
        .filter((l) => l.includes(f.requestId))
        .join('\n')
        .slice(0, 2_000);
  }
  if (process.env.XCR_FUZZ_REPORT)
    writeFileSync(process.env.XCR_FUZZ_REPORT, JSON.stringify(failures, null, 1));
  if (failures.length === 0) return;
  console.log(`fuzz: failures (reproduce with XCR_FUZZ_SEED=${seed}):`);
  for (const f of failures.slice(0, 40)) console.log(JSON.stringify(f));
}

/** The fuzzing suite for `mode`, unless XCR_TEST_MODES leaves the mode out. */
export function describeApiFuzzing(mode: TestMode): void {
  if (!testModes().includes(mode)) return;
  describe(`API fuzzing (${mode})`, { timeout: 900_000 }, () => {
    let t: TestServer;
    let doc: OpenApiDocument;
    let seeded: SeededData;
    let adminToken: string;

    before(async () => {
      t = await createTestServer({ mode, logLevel: 'warn' });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      doc = (await t.request('GET', '/api/v1/openapi.json')).body as OpenApiDocument;
      seeded = await seedData(t, adminToken);
    });
    after(async () => {
      closeFuzzConnections();
      await t?.stop();
    });

    it('lists every served route in the OpenAPI document, and nothing that is not served', () => {
      const served = routesFromTree(t.running.http!.printRoutes({ commonPrefix: false }));
      const documented = operationsOf(doc).map((op) => operationKey(op.method, op.template));
      assert.deepEqual(
        served.filter((r) => !isUndocumented(r) && !documented.includes(r)),
        [],
        'served but not documented',
      );
      assert.deepEqual(
        documented.filter((d) => !served.includes(d)),
        [],
        'documented but not served',
      );
    });

    it('answers every generated request without a 5xx, with the standard body on every 4xx', async () => {
      const seed = fuzzSeed();
      const startedMs = Date.now();
      const { stats, operations } = await runFuzz(t, doc, seeded, adminToken, seed);
      const health = await t.request('GET', '/health');
      console.log(report(mode, seed, stats, operations, startedMs));
      explainFailures(stats.failures, t.logText(), seed);
      assert.equal(health.status, 200, 'the server answers /health after the run');
      assert.equal(stats.operations.size, operations, 'every operation was sent requests');
      assert.deepEqual(
        stats.failures.map(
          (f) => `${f.problem}: ${f.method} ${f.path.slice(0, 120)} [${f.label}] -> ${f.status}`,
        ),
        [],
        `seed ${seed}`,
      );
    });
  });
}
