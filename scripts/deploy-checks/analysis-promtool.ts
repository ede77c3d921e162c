// Turns the Argo AnalysisTemplate's Prometheus queries into a promtool unit test: synthetic canary series at
// and around the runbook thresholds, and for each the expected verdict (1 = the measurement fails, i.e. the
// rollout aborts; 0 = it passes).
import { stringify } from 'yaml';

/** The template's metric as the test reads it. */
export interface AnalysisMetric {
  name: string;
  successCondition: string;
  provider: { prometheus: { query: string } };
}

const hash = 'c4n4ry';
const sel = `rollouts_pod_template_hash="${hash}"`;

/** The PromQL that is 1 exactly when the measurement fails its success condition. */
export function failureExpr(metric: AnalysisMetric): string {
  const query = metric.provider.prometheus.query.replaceAll('{{args.canary-hash}}', hash).trim();
  const le = /result\[0\] <= ([\d.]+)$/.exec(metric.successCondition);
  if (le) return `(${query}) > bool ${le[1]}`;
  if (/^result\[0\] == 0$/.test(metric.successCondition)) return `(${query}) != bool 0`;
  throw new Error(`${metric.name}: unsupported successCondition ${metric.successCondition}`);
}

interface Scenario {
  metric: string;
  name: string;
  series: Array<[string, string]>;
  checks: Array<[string, 0 | 1]>;
}

const buckets = (fast: string, slow: string) => [
  [`http_request_duration_seconds_bucket{${sel},le="0.5"}`, fast],
  [`http_request_duration_seconds_bucket{${sel},le="1"}`, fast],
  [`http_request_duration_seconds_bucket{${sel},le="2"}`, fast],
  [`http_request_duration_seconds_bucket{${sel},le="5"}`, slow],
  [`http_request_duration_seconds_bucket{${sel},le="+Inf"}`, slow],
  [`http_request_duration_seconds_count{${sel}}`, slow],
] as Array<[string, string]>;

/** Scenarios per metric, sampled every 15 s. */
export const scenarios: readonly Scenario[] = [
  {
    metric: 'error-rate',
    name: '1.2 % errors from the start: fails once 5 min are observed, not while the canary is younger',
    series: [[`http_requests_total{${sel},status="500"}`, '0+3x80'], [`http_requests_total{${sel},status="200"}`, '0+247x80']],
    checks: [['3m', 0], ['6m', 1], ['15m', 1]],
  },
  {
    metric: 'error-rate',
    name: '0.05 % for 10 min, then 1.2 %: fails only after 5 min at 1.2 %',
    series: [[`http_requests_total{${sel},status="500"}`, '0+1x40 64+24x40'], [`http_requests_total{${sel},status="200"}`, '0+1999x40 81936+1976x40']],
    checks: [['9m', 0], ['14m', 0], ['16m', 1]],
  },
  {
    metric: 'error-rate',
    name: '0.9 % errors for 20 min: passes',
    series: [[`http_requests_total{${sel},status="503"}`, '0+9x80'], [`http_requests_total{${sel},status="200"}`, '0+991x80']],
    checks: [['15m', 0], ['20m', 0]],
  },
  {
    metric: 'error-rate',
    name: 'errors on other pods (stable) do not count against the canary',
    series: [[`http_requests_total{rollouts_pod_template_hash="stable1",status="500"}`, '0+50x80'], [`http_requests_total{${sel},status="200"}`, '0+100x80']],
    checks: [['15m', 0]],
  },
  {
    metric: 'p95-latency',
    name: 'every request 2-5 s: fails after 10 min, not before',
    series: buckets('0x80', '0+100x80'),
    checks: [['9m', 0], ['11m', 1]],
  },
  {
    metric: 'p95-latency',
    name: 'fast for 10 min, then slow: fails only after 10 min of slowness',
    series: buckets('0+100x40 4000x40', '0+100x80'),
    checks: [['18m', 0], ['21m', 1]],
  },
  {
    metric: 'p95-latency',
    name: 'every request under 0.5 s: passes',
    series: buckets('0+100x80', '0+100x80'),
    checks: [['15m', 0]],
  },
  {
    metric: 'db-connection-failures',
    name: '20 % of queries fail to connect for 6 min: fails',
    series: [[`xcr_db_connection_errors_total{${sel}}`, '0+20x80'], [`xcr_db_queries_total{${sel}}`, '0+100x80']],
    checks: [['4m', 0], ['6m', 1]],
  },
  {
    metric: 'db-connection-failures',
    name: '5 % of queries fail to connect: passes',
    series: [[`xcr_db_connection_errors_total{${sel}}`, '0+5x80'], [`xcr_db_queries_total{${sel}}`, '0+100x80']],
    checks: [['15m', 0]],
  },
  {
    metric: 'critical-alerts',
    name: 'a critical API alert firing fails the analysis; a warning does not',
    series: [
      ['ALERTS{alertname="HighErrorRate",alertstate="firing",severity="critical",service="xcr-api"}', '_x8 1x20'],
      ['ALERTS{alertname="HighLatency",alertstate="firing",severity="warning",service="xcr-api"}', '1x40'],
    ],
    checks: [['1m', 0], ['4m', 1]],
  },
];

/** The promtool test file (YAML text) for `metrics`; every scenario's metric must be among them. */
export function analysisPromtoolTest(metrics: readonly AnalysisMetric[]): string {
  const tests = scenarios.map((s) => {
    const metric = metrics.find((m) => m.name === s.metric);
    if (!metric) throw new Error(`the template has no metric ${s.metric}`);
    return {
      name: `${s.metric}: ${s.name}`,
      interval: '15s',
      input_series: s.series.map(([series, values]) => ({ series, values })),
      promql_expr_test: s.checks.map(([evalTime, value]) => ({ expr: failureExpr(metric), eval_time: evalTime, exp_samples: [{ labels: '{}', value }] })),
    };
  });
  return stringify({ rule_files: [], evaluation_interval: '15s', tests });
}
