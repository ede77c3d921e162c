// Canary monitor: reads the canary's error rate, P95 latency and database connection failures from Prometheus
// over the last window, and prints promote / hold / rollback with the reasons and the command to run.
//   kubectl port-forward svc/xcr-prometheus 9090:9090 -n production &
//   node --import tsx scripts/ops/canary-monitor.ts --canary-hash "$(kubectl argo rollouts status ...)" --window 15m
// Exit code: 0 promote, 10 hold, 20 rollback, 1 when Prometheus cannot be read.
import { parseArgs } from 'node:util';
import { decideCanary, type CanaryDecision, type CanarySignal, type Sample } from './canary-decision.ts';
import { isMain } from './is-main.ts';
import { queryInstant, queryRange } from './prometheus-api.ts';

/** The PromQL the monitor runs, per signal, for the pods that `selector` (label matchers) picks. */
export function canaryQueries(selector: string): Record<CanarySignal, string> & { criticalAlerts: string } {
  const s = selector ? `${selector},` : '';
  return {
    errorRate: `sum(rate(http_requests_total{${s}status=~"5.."}[1m])) / sum(rate(http_requests_total{${selector}}[1m]))`,
    p95LatencyS: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${selector}}[1m])))`,
    dbConnectionFailureRatio: `sum(rate(xcr_db_connection_errors_total{${selector}}[1m])) / sum(rate(xcr_db_queries_total{${selector}}[1m]))`,
    criticalAlerts: 'sum(ALERTS{alertstate="firing",severity="critical",service="xcr-api"})',
  };
}

/** Reads a duration such as 15m, 90s or 1h. */
export function parseDurationS(text: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text} (use e.g. 15m, 90s, 1h)`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}

/** Options of one look at the canary. */
export interface MonitorOptions {
  prometheusUrl: string;
  selector: string;
  windowS: number;
  stepS: number;
  nowS?: number;
  minObservationS?: number;
}

/** Queries the series, decides, and returns the decision with the series it was based on. */
export async function monitorCanary(options: MonitorOptions): Promise<CanaryDecision & { series: Record<CanarySignal, Sample[]> }> {
  const endS = Math.floor(options.nowS ?? Date.now() / 1000);
  const range = { startS: endS - options.windowS, endS, stepS: options.stepS };
  const queries = canaryQueries(options.selector);
  const [errorRate, p95LatencyS, dbConnectionFailureRatio, alerts] = await Promise.all([
    queryRange(options.prometheusUrl, queries.errorRate, range),
    queryRange(options.prometheusUrl, queries.p95LatencyS, range),
    queryRange(options.prometheusUrl, queries.dbConnectionFailureRatio, range),
    queryInstant(options.prometheusUrl, queries.criticalAlerts, endS),
  ]);
  // No database failures recorded means a ratio of zero wherever there was traffic, not "no data".
  const db = dbConnectionFailureRatio.length > 0 ? dbConnectionFailureRatio : errorRate.map((s) => ({ timeS: s.timeS, value: 0 }));
  const series = { errorRate, p95LatencyS, dbConnectionFailureRatio: db };
  const decision = decideCanary(series, { isCriticalAlertFiring: (alerts ?? 0) > 0, minObservationS: options.minObservationS });
  return { ...decision, series };
}

/** Exit code per action, for scripts that gate on the monitor. */
export const exitCodes = { promote: 0, hold: 10, rollback: 20 } as const;

/** The decision as printed: reasons, the command to run, and `decision: <action>` last. */
export function formatDecision(decision: CanaryDecision, rollout = 'xcr-api', namespace = 'production'): string {
  const next = {
    promote: `next: kubectl argo rollouts promote ${rollout} -n ${namespace}`,
    hold: 'next: keep watching (run again later)',
    rollback: `next: kubectl argo rollouts abort ${rollout} -n ${namespace}   (the analysis should already have done so)`,
  }[decision.action];
  return [...decision.reasons.map((r) => `- ${r}`), next, `decision: ${decision.action}`].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'prometheus-url': { type: 'string', default: process.env.XCR_PROMETHEUS_URL ?? 'http://127.0.0.1:9090' },
      'canary-hash': { type: 'string' },
      selector: { type: 'string' },
      window: { type: 'string', default: '15m' },
      step: { type: 'string', default: '15s' },
      'min-observation': { type: 'string', default: '10m' },
      watch: { type: 'string' },
      namespace: { type: 'string', default: 'production' },
    },
  });
  const selector = values.selector ?? (values['canary-hash'] ? `rollouts_pod_template_hash="${values['canary-hash']}"` : undefined);
  if (!selector) throw new Error('give --canary-hash <pod-template-hash> or --selector \'job="xcr-api",...\'');
  const options: MonitorOptions = {
    prometheusUrl: values['prometheus-url']!,
    selector,
    windowS: parseDurationS(values.window!),
    stepS: parseDurationS(values.step!),
    minObservationS: parseDurationS(values['min-observation']!),
  };
  for (;;) {
    const decision = await monitorCanary(options);
    console.log(`${new Date().toISOString()} canary {${selector}} over the last ${values.window}`);
    console.log(formatDecision(decision, 'xcr-api', values.namespace));
    process.exitCode = exitCodes[decision.action];
    if (!values.watch || decision.action === 'rollback') return;
    await new Promise((r) => setTimeout(r, parseDurationS(values.watch!) * 1000));
  }
}

if (isMain(import.meta.url)) {
  await main().catch((err: unknown) => {
    console.error(`canary-monitor: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
