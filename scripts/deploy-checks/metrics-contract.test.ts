import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { canaryQueries } from '../ops/canary-monitor.ts';
import { renderDashboards } from '../ops/grafana-dashboards.ts';
import { contractLabelValues, isKnownSeries, metricContract } from '../ops/metric-contract.ts';
import { seriesNames } from '../ops/promql-names.ts';
import { readYamlFile, repoRoot } from './render.ts';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const dashboardsDir = 'deploy/monitoring/grafana/dashboards';

interface Panel {
  type: string;
  title: string;
  datasource: { uid: string };
  targets: Array<{ expr: string; datasource: { uid: string } }>;
}

/** Every PromQL expression under deploy/ and in the operations scripts, with where it comes from. */
function allPromql(): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  const rules = parse(read('deploy/monitoring/prometheus/rules/xcr-alerts.yml')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  for (const r of rules.groups.flatMap((g) => g.rules)) out.push({ where: `rule ${r.alert}`, expr: r.expr });
  const template = readYamlFile('deploy/k8s/overlays/production/argo/analysis-template.yaml')[0]!;
  for (const m of (template.spec as { metrics: Array<{ name: string; provider: { prometheus: { query: string } } }> }).metrics) {
    out.push({ where: `analysis ${m.name}`, expr: m.provider.prometheus.query });
  }
  for (const file of readdirSync(join(repoRoot, dashboardsDir))) {
    const dashboard = JSON.parse(read(`${dashboardsDir}/${file}`)) as { panels: Panel[] };
    for (const p of dashboard.panels) {
      if (p.datasource.uid !== 'xcr-prometheus') continue;
      for (const t of p.targets) out.push({ where: `${file} "${p.title}"`, expr: t.expr });
    }
  }
  for (const [signal, expr] of Object.entries(canaryQueries('rollouts_pod_template_hash="abc"'))) out.push({ where: `canary monitor ${signal}`, expr });
  return out;
}

describe('metric contract', () => {
  it('docs/operations/metrics.md lists exactly the contract metrics, with their labels', () => {
    const doc = read('docs/operations/metrics.md');
    const documented = [...doc.matchAll(/^\| `([a-z_]+)` \| (counter|gauge|histogram) \| ([^|]*) \|/gm)].map((m) => ({ name: m[1]!, type: m[2]!, labels: m[3]!.trim() }));
    assert.deepEqual(
      documented.map((d) => d.name),
      metricContract.map((m) => m.name),
    );
    for (const m of metricContract) {
      const d = documented.find((x) => x.name === m.name)!;
      assert.equal(d.type, m.type, `${m.name}: type`);
      assert.equal(d.labels, m.labels.length ? m.labels.map((l) => `\`${l}\``).join(', ') : '-', `${m.name}: labels`);
    }
  });

  it('every rule, analysis query, dashboard panel and monitor query uses contract series only', () => {
    const expressions = allPromql();
    assert.ok(expressions.length > 40, `${expressions.length} expressions checked`);
    for (const { where, expr } of expressions) {
      const names = seriesNames(expr);
      assert.ok(names.length > 0, `${where}: reads a series`);
      for (const name of names) assert.ok(isKnownSeries(name), `${where}: ${name} is not in the metric contract`);
    }
  });

  it('uses only the label values the contract fixes (outcome, state, result, direction)', () => {
    const allowed = new Map<string, Set<string>>();
    for (const labels of Object.values(contractLabelValues)) {
      for (const [label, values] of Object.entries(labels)) allowed.set(label, new Set([...(allowed.get(label) ?? []), ...(values as readonly string[])]));
    }
    for (const { where, expr } of allPromql()) {
      for (const m of expr.matchAll(/\b(outcome|state|result|direction)\s*!?=\s*"([^"]*)"/g)) {
        assert.ok(allowed.get(m[1]!)?.has(m[2]!), `${where}: ${m[1]}="${m[2]}" is not a contract value`);
      }
    }
  });

  it('maps the runbook Celery series in the rules file header and the metrics document', () => {
    assert.match(read('deploy/monitoring/prometheus/rules/xcr-alerts.yml'), /celery_queue_length -> xcr_queue_jobs_waiting/);
    const doc = read('docs/operations/metrics.md');
    for (const celery of ['celery_queue_length', 'celery_task_success_total', 'celery_task_total']) assert.ok(doc.includes(celery), `metrics.md maps ${celery}`);
  });
});

describe('Grafana provisioning', () => {
  it('the dashboard files are what scripts/ops/grafana-dashboards.ts renders (npm run gen:dashboards)', () => {
    const rendered = renderDashboards();
    assert.deepEqual(readdirSync(join(repoRoot, dashboardsDir)).sort(), [...rendered.keys()].sort());
    for (const [file, text] of rendered) assert.equal(read(`${dashboardsDir}/${file}`), text, `${file} is up to date`);
  });

  it('has API, queue, LLM and database dashboards whose panels use provisioned data sources and fit the grid', () => {
    const datasources = parse(read('deploy/monitoring/grafana/provisioning/datasources/datasources.yml')) as { datasources: Array<{ uid: string }> };
    const uids = new Set(datasources.datasources.map((d) => d.uid));
    const titles: string[] = [];
    const dashboardUids = new Set<string>();
    for (const file of readdirSync(join(repoRoot, dashboardsDir))) {
      const d = JSON.parse(read(`${dashboardsDir}/${file}`)) as { uid: string; title: string; panels: Array<Panel & { id: number; gridPos: { x: number; w: number } }> };
      titles.push(d.title);
      assert.ok(!dashboardUids.has(d.uid), `${file}: unique uid`);
      dashboardUids.add(d.uid);
      assert.ok(d.panels.length >= 5, `${file}: panels`);
      assert.equal(new Set(d.panels.map((p) => p.id)).size, d.panels.length, `${file}: panel ids unique`);
      for (const p of d.panels) {
        assert.ok(uids.has(p.datasource.uid), `${file} "${p.title}": data source ${p.datasource.uid} is provisioned`);
        assert.ok(p.gridPos.x + p.gridPos.w <= 24, `${file} "${p.title}": inside the 24-column grid`);
        assert.ok(p.targets.length > 0 && p.targets.every((t) => t.expr.trim()), `${file} "${p.title}": queries`);
      }
    }
    assert.deepEqual(titles.map((t) => t.split(' / ')[1]).sort(), ['API', 'Database', 'LLM', 'Queue']);
  });

  it('mounts the dashboards where the provider looks, in compose and on Kubernetes', () => {
    const provider = parse(read('deploy/monitoring/grafana/provisioning/dashboards/dashboards.yml')) as { providers: Array<{ options: { path: string } }> };
    const path = provider.providers[0]!.options.path;
    assert.ok(read('deploy/compose/docker-compose.yml').includes(`../monitoring/grafana/dashboards:${path}:ro`), 'compose mount');
    assert.ok(read('deploy/monitoring/k8s/grafana.yaml').includes(`mountPath: ${path}`), 'Kubernetes mount');
  });
});
