/**
 * Chaos: the LLM provider misbehaves while audits run. The fake LLM server answers the first request of some
 * calls with a fault (see resource-support/llm-fault-plan.ts): latency (within and past the call timeout), 429 with
 * Retry-After, 500 and 503, a body that is not JSON, a 400 that is never retried, prose instead of the audit JSON, and an answer
 * that needs repair. Every task must still complete with its rule findings, and every fault must be counted where
 * an operator looks: the task's `llm` record (counters and skipped files), `xcr_llm_calls_total` on /metrics, and
 * the per-provider figures of /monitoring/llm. Fewer than five outage signals are planned in all, so the circuit
 * breaker (5 in a row) never opens and the counts do not depend on the order calls arrive in.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskResponse } from '@xcr/contracts/api/index';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import {
  createTestServer,
  uniqueName,
  type TestServer,
} from '../../apps/server/src/test-support/test-server.ts';
import {
  createZipProject,
  isFinished,
  uploadZip,
  vulnerableFiles,
  waitForTask,
  zipOf,
} from '../../apps/server/src/http/routes/audit-test-kit.ts';
import { reportFigures } from './support/poll.ts';
import {
  bigFile,
  llmRecordOf,
  modelOf,
  sumOfRecords,
  todoAnswer,
} from './resource-support/llm-audit-fixtures.ts';
import { createLlmFaultPlan, type LlmFault, type LlmFaultPlan } from './resource-support/llm-fault-plan.ts';
import { metricValue } from './resource-support/prometheus-text.ts';

const llmKey = 'sk-chaos-0123456789abcdef';
const model = 'fake-model';
/** The model of a provider that answers every call with 503. */
const downModel = 'fake-model-down';
const projectCount = 3;
/** Files big enough for a call of their own (more than 600 tokens each), per project. */
const bigFilesPerProject = 4;

const faults: LlmFault[] = [
  'latency',
  'rate_limit',
  'status_503',
  'invalid_json',
  'malformed_answer',
  'rate_limit',
  'status_500',
  'bad_request',
  'timeout',
  'repairable_answer',
  'latency',
];
/** Faults the resilience layer retries once each (then the call gets a good answer). */
const retriedFaults: LlmFault[] = ['rate_limit', 'status_500', 'status_503', 'invalid_json', 'timeout'];
/** The provider's call timeout; a `timeout` fault answers later than that. */
const callTimeoutMs = 3_000;

describe('chaos: LLM provider faults during audits (production mode)', { timeout: 120_000 }, () => {
  let t: TestServer;
  let llm: FakeLlmServer;
  let plan: LlmFaultPlan;
  let adminToken: string;
  let token: string;
  let providerName: string;
  let projectSequence = 0;

  /** A provider of the fake server named by `name`, with a 3 s call timeout and no pacing worth speaking of. */
  async function addProvider(name: string, providerModel: string): Promise<void> {
    const provider = await t.request('POST', '/api/v1/llm-providers', {
      token: adminToken,
      json: {
        name,
        preset: 'openai',
        model: providerModel,
        base_url: llm.baseUrls.openai,
        api_key: llmKey,
        options: { concurrency: 4, rpm: 100_000, timeout_ms: callTimeoutMs },
      },
    });
    assert.equal(provider.status, 201, JSON.stringify(provider.body));
  }

  /** A project of one vulnerable file and `bigFilesPerProject` big ones, all unique: no cache hit between projects. */
  async function uploadProject(): Promise<string> {
    const p = projectSequence++;
    const id = await createZipProject(t, token, uniqueName('llm-chaos'));
    const files: Record<string, string> = {
      [`p${p}/server.js`]: `${vulnerableFiles['src/server.js']!}// project ${p}\n`,
    };
    for (let f = 0; f < bigFilesPerProject; f += 1) files[`p${p}/big${f}.js`] = bigFile(`p${p}f${f}`);
    const uploaded = await uploadZip(t.baseUrl, token, id, await zipOf(files));
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    return id;
  }

  /** Audits the projects at once with `provider`; each task must complete with its rule finding. */
  async function auditAll(projectIds: string[], provider: string): Promise<TaskResponse[]> {
    const created = await Promise.all(
      projectIds.map((projectId) =>
        t.request('POST', '/api/v1/tasks', {
          token,
          json: {
            project_id: projectId,
            scan_config: { analyzers: ['rules', 'llm'], llm_provider: provider },
          },
        }),
      ),
    );
    const tasks = await Promise.all(
      created.map((c) => waitForTask(t, token, c.body.id, isFinished, 90_000, 200)),
    );
    for (const task of tasks) {
      assert.equal(task.status, 'completed', JSON.stringify(task));
      const findings = await t.repos.findings.list({ task_id: task.id, page_size: 100 });
      assert.ok(
        findings.items.some(
          (f) => f.analyzer === 'rules' && f.rule_id === 'javascript.code-injection.tainted-eval',
        ),
        'the rule finding survives whatever the model did',
      );
    }
    return tasks;
  }

  before(async () => {
    [t, llm] = await Promise.all([
      createTestServer({ mode: 'production' }),
      startFakeLlmServer({ apiKey: llmKey }),
    ]);
    plan = createLlmFaultPlan(faults, {
      latencyMs: 1_500,
      slowMs: callTimeoutMs + 3_000,
      retryAfterS: 1,
      answer: todoAnswer,
    });
    // The model of the second provider is down for good; the first one's calls follow the plan.
    llm.setResponder((request) =>
      modelOf(request) === downModel ? { type: 'status', status: 503 } : plan.responder(request),
    );
    adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
    token = (await t.loginAs('user')).tokens.access_token;
    providerName = uniqueName('chaos');
    await addProvider(providerName, model);
  });
  after(async () => {
    await llm?.close();
    await t?.stop();
  });

  it('completes every task with its rule findings and counts every fault the provider made', async () => {
    const projectIds = [];
    for (let p = 0; p < projectCount; p += 1) projectIds.push(await uploadProject());
    const startedAt = performance.now();
    const tasks = await auditAll(projectIds, providerName);
    const elapsedMs = Math.round(performance.now() - startedAt);
    for (const task of tasks) {
      assert.equal(task.llm?.status, 'ran', JSON.stringify(task.llm));
      const findings = await t.repos.findings.list({ task_id: task.id, page_size: 100 });
      assert.ok(
        findings.items.some((f) => f.analyzer.endsWith(`:${model}`)),
        "the model's findings of the answered calls are kept",
      );
    }

    const served = plan.served();
    assert.deepEqual(
      faults.reduce<Record<string, number>>((out, f) => ({ ...out, [f]: (out[f] ?? 0) + 1 }), {}),
      served,
      'every planned fault was served (enough calls)',
    );
    const calls = plan.calls();
    const retries = retriedFaults.reduce((n, f) => n + (served[f] ?? 0), 0);
    assert.equal(calls, projectCount * (bigFilesPerProject + 1));
    assert.equal(llm.stats().requests, calls + retries, 'one retry per retried fault, none for the others');

    // The tasks' own record.
    assert.equal(
      sumOfRecords(tasks, (l) => l.usage.calls),
      calls,
    );
    assert.equal(
      sumOfRecords(tasks, (l) => l.counters.failed_calls),
      served.bad_request,
    );
    assert.equal(
      sumOfRecords(tasks, (l) => l.counters.malformed_answers),
      served.malformed_answer,
    );
    assert.equal(
      sumOfRecords(tasks, (l) => l.counters.repaired_answers),
      served.repairable_answer,
    );
    const skipped = tasks.flatMap((task) => llmRecordOf(task).skipped);
    assert.deepEqual(skipped.map((s) => s.reason).sort(), ['llm_answer_malformed', 'llm_call_failed']);

    // The provider's figures: /metrics and /monitoring/llm.
    const metrics = String((await t.request('GET', '/metrics')).body);
    const callsOf = (outcome: string) =>
      metricValue(metrics, 'xcr_llm_calls_total', { provider: providerName, model, outcome }) ?? 0;
    // Calls by final outcome: the retried faults (429s included) ended in success, only the 400 failed; the
    // attempts behind them are in errors_by_kind below.
    assert.equal(callsOf('rate_limited'), 0);
    assert.equal(callsOf('timeout'), 0);
    assert.equal(callsOf('error'), served.bad_request);
    assert.equal(callsOf('success'), calls - (served.bad_request ?? 0));
    assert.equal(
      metricValue(metrics, 'xcr_llm_circuit_state', { provider: providerName }),
      0,
      'the circuit stayed closed',
    );
    const monitoring = await t.request('GET', '/api/v1/monitoring/llm', { token: adminToken });
    const figures = monitoring.body.providers.find(
      (p: { process: string; name: string }) => p.process === 'api' && p.name === providerName,
    );
    assert.deepEqual(figures.errors_by_kind, {
      rate_limit: served.rate_limit,
      timeout: served.timeout,
      auth: 0,
      bad_request: served.bad_request,
      unavailable: (served.status_500 ?? 0) + (served.status_503 ?? 0),
      invalid_response: served.invalid_json,
    });

    // A 429's Retry-After (1 s) is honoured before the call is tried again.
    const gapsMs = plan.rateLimitGapsMs();
    assert.equal(gapsMs.length, served.rate_limit);
    for (const gapMs of gapsMs)
      assert.ok(gapMs >= 950, `retried ${gapMs} ms after a 429 with Retry-After: 1`);

    reportFigures({
      test: 'llm-chaos',
      tasks: tasks.length,
      completed: tasks.filter((task) => task.status === 'completed').length,
      calls,
      requests: llm.stats().requests,
      served,
      retries,
      failedCalls: sumOfRecords(tasks, (l) => l.counters.failed_calls),
      malformedAnswers: sumOfRecords(tasks, (l) => l.counters.malformed_answers),
      repairedAnswers: sumOfRecords(tasks, (l) => l.counters.repaired_answers),
      metrics: {
        success: callsOf('success'),
        error: callsOf('error'),
        rate_limited: callsOf('rate_limited'),
      },
      rateLimitGapsMs: gapsMs,
      elapsedMs,
    });
  });

  it('completes a task when the provider is down for good: the circuit opens, every file is skipped and counted', async () => {
    const downProvider = uniqueName('down');
    await addProvider(downProvider, downModel);
    const [task] = await auditAll([await uploadProject()], downProvider);
    const record = llmRecordOf(task);
    assert.ok(record.status === 'ran' || record.status === 'stopped', record.status);
    assert.equal(record.skipped.length, bigFilesPerProject + 1, 'every file is listed as skipped');
    const failedFiles = record.skipped.filter((s) => s.reason === 'llm_call_failed').length;
    assert.equal(
      failedFiles + record.skipped.filter((s) => s.reason === 'llm_failure_guard').length,
      record.skipped.length,
    );
    assert.equal(record.counters.failed_calls, failedFiles);

    const metrics = String((await t.request('GET', '/metrics')).body);
    assert.equal(
      metricValue(metrics, 'xcr_llm_circuit_state', { provider: downProvider }),
      2,
      'the circuit is open',
    );
    const downCalls = (outcome: string) =>
      metricValue(metrics, 'xcr_llm_calls_total', { provider: downProvider, model: downModel, outcome }) ?? 0;
    // Each failed file is one call, ending in error, or in circuit_open once the retries of the first opened the
    // circuit.
    assert.ok(downCalls('circuit_open') > 0, 'the open circuit refused calls');
    assert.equal(downCalls('error') + downCalls('circuit_open'), failedFiles);
    const monitoring = await t.request('GET', '/api/v1/monitoring/llm', { token: adminToken });
    const figures = monitoring.body.providers.find(
      (p: { process: string; name: string }) => p.process === 'api' && p.name === downProvider,
    );
    const sent = llm.requests.filter((r) => modelOf(r) === downModel).length;
    assert.equal(figures.errors_by_kind.unavailable, sent, 'every 503 is counted');
    assert.ok(
      sent >= 5 && sent < failedFiles * 4,
      `${sent} requests: the breaker opened after 5 failures in a row`,
    );
    assert.ok(
      figures.circuit_rejections >= 1,
      'calls after the circuit opened were refused without a request',
    );
    reportFigures({
      test: 'llm-provider-down',
      status: task?.status,
      llmStatus: record.status,
      files: record.skipped.length,
      failedCalls: failedFiles,
      requests: sent,
      circuitRejections: figures.circuit_rejections,
      circuitState: figures.circuit_state,
    });
  });
});
