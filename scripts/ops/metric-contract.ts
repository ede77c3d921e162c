// The metric names the server exposes and every alert rule, dashboard, canary analysis and script queries.
// docs/operations/metrics.md documents the same list; a test keeps the two, and every PromQL expression under
// deploy/, in step with it.

/** A Prometheus metric type as prom-client declares it. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One series family of the contract. */
export interface MetricSpec {
  name: string;
  type: MetricType;
  labels: readonly string[];
  /** Which processes expose it. */
  roles: string;
  help: string;
}

/** Every application metric, in the order docs/operations/metrics.md lists them. */
export const metricContract: readonly MetricSpec[] = [
  { name: 'http_requests_total', type: 'counter', labels: ['method', 'route', 'status'], roles: 'api', help: 'HTTP requests by method, route template and status code' },
  { name: 'http_request_duration_seconds', type: 'histogram', labels: ['method', 'route', 'status'], roles: 'api', help: 'HTTP request latency; buckets include 0.5 s and 2 s (SLO and canary thresholds)' },
  { name: 'backend_active_connections', type: 'gauge', labels: [], roles: 'api', help: 'Open TCP connections to the API' },
  { name: 'xcr_ws_connections', type: 'gauge', labels: [], roles: 'api', help: 'Open WebSocket connections' },
  { name: 'xcr_queue_jobs_waiting', type: 'gauge', labels: ['queue'], roles: 'api, worker', help: 'Jobs waiting (delayed included) in the queue (the shared depth: aggregate with max, not sum)' },
  { name: 'xcr_queue_jobs_active', type: 'gauge', labels: ['queue'], roles: 'api, worker', help: 'Jobs running in the queue (shared, like waiting: aggregate with max)' },
  { name: 'xcr_queue_jobs_completed_total', type: 'counter', labels: ['queue'], roles: 'worker', help: 'Jobs that finished successfully' },
  { name: 'xcr_queue_jobs_failed_total', type: 'counter', labels: ['queue'], roles: 'worker', help: 'Job attempts that failed (each retry counts)' },
  { name: 'xcr_queue_job_duration_seconds', type: 'histogram', labels: ['queue'], roles: 'worker', help: 'Job run time, completed or failed (may carry an outcome label too)' },
  { name: 'xcr_llm_calls_total', type: 'counter', labels: ['provider', 'model', 'outcome'], roles: 'worker, api', help: 'LLM calls; outcome is success, error, timeout, rate_limited or circuit_open' },
  { name: 'xcr_llm_tokens_total', type: 'counter', labels: ['provider', 'model', 'direction'], roles: 'worker, api', help: 'Tokens sent (direction=in) and received (direction=out)' },
  { name: 'xcr_llm_cost_usd_total', type: 'counter', labels: ['provider', 'model'], roles: 'worker, api', help: 'Estimated spend in US dollars' },
  { name: 'xcr_llm_call_duration_seconds', type: 'histogram', labels: ['provider', 'model'], roles: 'worker, api', help: 'LLM call latency, retries excluded' },
  { name: 'xcr_llm_circuit_state', type: 'gauge', labels: ['provider'], roles: 'worker, api', help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open' },
  { name: 'xcr_db_pool_connections', type: 'gauge', labels: ['state'], roles: 'all', help: 'Database pool connections; state is total, idle or waiting (queries waiting for a connection)' },
  { name: 'xcr_db_connection_errors_total', type: 'counter', labels: [], roles: 'all', help: 'Queries that could not get a database connection (refused, timed out, reset)' },
  { name: 'xcr_db_queries_total', type: 'counter', labels: [], roles: 'all', help: 'Queries attempted, including those that failed to get a connection' },
  { name: 'xcr_cache_requests_total', type: 'counter', labels: ['cache', 'result'], roles: 'all', help: 'Cache lookups; result is hit or miss' },
];

/** Series from outside the application that queries may use: scrape health, alert state, process metrics. */
export const externalMetricPatterns: readonly RegExp[] = [/^up$/, /^ALERTS$/, /^process_/, /^nodejs_/, /^minio_/];

/** The label values the contract fixes, for the metrics that have a closed set. */
export const contractLabelValues = {
  xcr_llm_calls_total: { outcome: ['success', 'error', 'timeout', 'rate_limited', 'circuit_open'] },
  xcr_llm_tokens_total: { direction: ['in', 'out'] },
  xcr_db_pool_connections: { state: ['total', 'idle', 'waiting'] },
  xcr_cache_requests_total: { result: ['hit', 'miss'] },
} as const;

/** The runbook's Celery series and what replaces each here. */
export const celeryMapping: ReadonlyArray<{ runbook: string; here: string }> = [
  { runbook: 'celery_queue_length{queue}', here: 'max by (queue) (xcr_queue_jobs_waiting)' },
  { runbook: 'celery_task_success_total', here: 'xcr_queue_jobs_completed_total' },
  { runbook: 'celery_task_total', here: 'xcr_queue_jobs_completed_total + xcr_queue_jobs_failed_total' },
  { runbook: 'celery_task_duration_seconds', here: 'xcr_queue_job_duration_seconds' },
  { runbook: 'pg_stat_database_numbackends > 90', here: 'xcr_db_pool_connections{state="waiting"} > 0 with no idle connection' },
];

/** The family a series name belongs to (a histogram's _bucket, _count and _sum belong to the histogram). */
export function metricFamily(series: string): string {
  const histogram = metricContract.find((m) => m.type === 'histogram' && /_(bucket|count|sum)$/.test(series) && series.replace(/_(bucket|count|sum)$/, '') === m.name);
  return histogram ? histogram.name : series;
}

/** True when `series` is a contract metric (or one of its histogram series) or an allowed external one. */
export function isKnownSeries(series: string): boolean {
  const family = metricFamily(series);
  return metricContract.some((m) => m.name === family) || externalMetricPatterns.some((p) => p.test(series));
}
