// The Grafana dashboards (API, queue, LLM, database) as data. `npm run gen:dashboards` writes them to
// deploy/monitoring/grafana/dashboards/*.json, where Grafana's file provisioning loads them; a test checks the
// files match this module and that every query uses contract metrics only.

const prometheus = { type: 'prometheus', uid: 'xcr-prometheus' } as const;
const loki = { type: 'loki', uid: 'xcr-loki' } as const;

/** A panel before layout: what it shows and how wide it is (of 24 columns). */
interface PanelSpec {
  title: string;
  kind: 'timeseries' | 'stat' | 'logs';
  unit?: string;
  width?: number;
  targets: Array<{ expr: string; legend?: string }>;
  thresholds?: Array<{ value: number; color: string }>;
  mappings?: Array<{ value: string; text: string; color: string }>;
  description?: string;
}

/** One dashboard before layout. */
interface DashboardSpec {
  uid: string;
  file: string;
  title: string;
  panels: PanelSpec[];
}

const api = 'job="xcr-api"';

/** The four dashboards, in file order. */
export const dashboardSpecs: readonly DashboardSpec[] = [
  {
    uid: 'xcr-api',
    file: 'xcr-api.json',
    title: 'XCodeReviewer / API',
    panels: [
      { title: 'Requests per second by route', kind: 'timeseries', unit: 'reqps', targets: [{ expr: `sum by (route) (rate(http_requests_total{${api}}[5m]))`, legend: '{{route}}' }] },
      {
        title: '5xx error ratio',
        kind: 'timeseries',
        unit: 'percentunit',
        description: 'Canary gate < 0.1 %; alert and automatic rollback above 1 % for 5 min.',
        targets: [{ expr: `sum(rate(http_requests_total{${api},status=~"5.."}[5m])) / sum(rate(http_requests_total{${api}}[5m]))`, legend: 'error ratio' }],
        thresholds: [{ value: 0.001, color: 'orange' }, { value: 0.01, color: 'red' }],
      },
      {
        title: 'Latency P50 / P95 / P99',
        kind: 'timeseries',
        unit: 's',
        description: 'Canary gate P95 < 0.5 s; alert above 1 s for 10 min; automatic rollback above 2 s for 10 min.',
        targets: [0.5, 0.95, 0.99].map((q) => ({
          expr: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{${api}}[5m])))`,
          legend: `p${Math.round(q * 100)}`,
        })),
        thresholds: [{ value: 0.5, color: 'orange' }, { value: 2, color: 'red' }],
      },
      { title: 'P95 latency by route', kind: 'timeseries', unit: 's', targets: [{ expr: `histogram_quantile(0.95, sum by (route, le) (rate(http_request_duration_seconds_bucket{${api}}[5m])))`, legend: '{{route}}' }] },
      { title: 'Responses by status', kind: 'timeseries', unit: 'reqps', targets: [{ expr: `sum by (status) (rate(http_requests_total{${api}}[5m]))`, legend: '{{status}}' }] },
      {
        title: 'Canary vs stable: 5xx ratio',
        kind: 'timeseries',
        unit: 'percentunit',
        description: 'One line per ReplicaSet (rollouts_pod_template_hash) while a canary runs.',
        targets: [
          {
            expr: `sum by (rollouts_pod_template_hash) (rate(http_requests_total{${api},status=~"5.."}[5m])) / sum by (rollouts_pod_template_hash) (rate(http_requests_total{${api}}[5m]))`,
            legend: '{{rollouts_pod_template_hash}}',
          },
        ],
      },
      { title: 'Open connections', kind: 'stat', width: 6, targets: [{ expr: `sum(backend_active_connections{${api}})`, legend: 'TCP' }] },
      { title: 'WebSocket connections', kind: 'stat', width: 6, targets: [{ expr: `sum(xcr_ws_connections{${api}})`, legend: 'WebSocket' }] },
      { title: 'Targets up', kind: 'stat', width: 6, targets: [{ expr: `count(up{${api}} == 1)`, legend: 'api pods' }] },
      { title: 'Event loop lag P99', kind: 'stat', width: 6, unit: 's', targets: [{ expr: `max(nodejs_eventloop_lag_p99_seconds{${api}})`, legend: 'lag' }] },
      { title: 'Resident memory per process', kind: 'timeseries', unit: 'bytes', targets: [{ expr: 'process_resident_memory_bytes{job=~"xcr-.*"}', legend: '{{job}} {{instance}}' }] },
      { title: 'CPU per process', kind: 'timeseries', unit: 'percentunit', targets: [{ expr: 'rate(process_cpu_seconds_total{job=~"xcr-.*"}[5m])', legend: '{{job}} {{instance}}' }] },
      { title: 'API errors in the logs', kind: 'logs', width: 24, targets: [{ expr: '{component="api"} | json | level >= 50' }] },
    ],
  },
  {
    uid: 'xcr-queue',
    file: 'xcr-queue.json',
    title: 'XCodeReviewer / Queue',
    panels: [
      {
        title: 'Jobs waiting',
        kind: 'timeseries',
        description: 'Alert QueueBacklog above 1000 for 15 min (the runbook\'s celery_queue_length).',
        targets: [{ expr: 'max by (queue) (xcr_queue_jobs_waiting)', legend: '{{queue}}' }],
        thresholds: [{ value: 1000, color: 'red' }],
      },
      { title: 'Jobs running', kind: 'timeseries', targets: [{ expr: 'max by (queue) (xcr_queue_jobs_active)', legend: '{{queue}}' }] },
      {
        title: 'Jobs finished per minute',
        kind: 'timeseries',
        targets: [
          { expr: 'sum by (queue) (rate(xcr_queue_jobs_completed_total[5m])) * 60', legend: '{{queue}} completed' },
          { expr: 'sum by (queue) (rate(xcr_queue_jobs_failed_total[5m])) * 60', legend: '{{queue}} failed' },
        ],
      },
      {
        title: 'Job success ratio',
        kind: 'timeseries',
        unit: 'percentunit',
        targets: [
          {
            expr: 'sum by (queue) (rate(xcr_queue_jobs_completed_total[15m])) / (sum by (queue) (rate(xcr_queue_jobs_completed_total[15m])) + sum by (queue) (rate(xcr_queue_jobs_failed_total[15m])))',
            legend: '{{queue}}',
          },
        ],
      },
      {
        title: 'Job duration P50 / P95',
        kind: 'timeseries',
        unit: 's',
        targets: [0.5, 0.95].map((q) => ({
          expr: `histogram_quantile(${q}, sum by (queue, le) (rate(xcr_queue_job_duration_seconds_bucket[15m])))`,
          legend: `{{queue}} p${Math.round(q * 100)}`,
        })),
      },
      { title: 'Workers up', kind: 'stat', width: 6, targets: [{ expr: 'count(up{job="xcr-worker"} == 1)', legend: 'workers' }] },
      { title: 'Schedulers up', kind: 'stat', width: 6, targets: [{ expr: 'count(up{job="xcr-scheduler"} == 1)', legend: 'schedulers' }] },
      { title: 'Worker logs', kind: 'logs', width: 24, targets: [{ expr: '{component="worker"} | json' }] },
    ],
  },
  {
    uid: 'xcr-llm',
    file: 'xcr-llm.json',
    title: 'XCodeReviewer / LLM',
    panels: [
      { title: 'Calls per minute by provider and outcome', kind: 'timeseries', targets: [{ expr: 'sum by (provider, outcome) (rate(xcr_llm_calls_total[5m])) * 60', legend: '{{provider}} {{outcome}}' }] },
      {
        title: 'Failure ratio by provider',
        kind: 'timeseries',
        unit: 'percentunit',
        targets: [
          {
            expr: 'sum by (provider) (rate(xcr_llm_calls_total{outcome=~"error|timeout|rate_limited|circuit_open"}[5m])) / sum by (provider) (rate(xcr_llm_calls_total{outcome=~"success|error|timeout|rate_limited|circuit_open"}[5m]))',
            legend: '{{provider}}',
          },
        ],
        thresholds: [{ value: 0.15, color: 'red' }],
      },
      { title: 'Tokens per minute', kind: 'timeseries', targets: [{ expr: 'sum by (provider, direction) (rate(xcr_llm_tokens_total[5m])) * 60', legend: '{{provider}} {{direction}}' }] },
      {
        title: 'Spend in the last hour (USD)',
        kind: 'timeseries',
        unit: 'currencyUSD',
        targets: [{ expr: 'sum by (provider) (increase(xcr_llm_cost_usd_total[1h]))', legend: '{{provider}}' }],
        thresholds: [{ value: 10, color: 'orange' }, { value: 50, color: 'red' }],
      },
      { title: 'Spend today (USD)', kind: 'stat', width: 6, unit: 'currencyUSD', targets: [{ expr: 'sum(increase(xcr_llm_cost_usd_total[1d]))', legend: 'USD' }] },
      {
        title: 'Circuit breakers',
        kind: 'stat',
        width: 6,
        targets: [{ expr: 'max by (provider) (xcr_llm_circuit_state)', legend: '{{provider}}' }],
        mappings: [
          { value: '0', text: 'closed', color: 'green' },
          { value: '1', text: 'half-open', color: 'orange' },
          { value: '2', text: 'open', color: 'red' },
        ],
      },
      {
        title: 'Call latency P95 by provider',
        kind: 'timeseries',
        unit: 's',
        width: 12,
        targets: [{ expr: 'histogram_quantile(0.95, sum by (provider, le) (rate(xcr_llm_call_duration_seconds_bucket[5m])))', legend: '{{provider}}' }],
      },
      {
        title: 'Cache hit ratio',
        kind: 'timeseries',
        unit: 'percentunit',
        description: 'LLM answer cache and the other caches: unchanged files should cost nothing on re-audit.',
        targets: [{ expr: 'sum by (cache) (rate(xcr_cache_requests_total{result="hit"}[15m])) / sum by (cache) (rate(xcr_cache_requests_total[15m]))', legend: '{{cache}}' }],
      },
    ],
  },
  {
    uid: 'xcr-database',
    file: 'xcr-database.json',
    title: 'XCodeReviewer / Database',
    panels: [
      { title: 'Pool connections by state', kind: 'timeseries', targets: [{ expr: 'sum by (job, state) (xcr_db_pool_connections)', legend: '{{job}} {{state}}' }] },
      {
        title: 'Queries waiting for a connection',
        kind: 'timeseries',
        description: 'Waiting with no idle connection for 5 min fires DatabaseConnectionPoolExhausted.',
        targets: [{ expr: 'max by (job, instance) (xcr_db_pool_connections{state="waiting"})', legend: '{{job}} {{instance}}' }],
      },
      { title: 'Queries per second', kind: 'timeseries', unit: 'ops', targets: [{ expr: 'sum by (job) (rate(xcr_db_queries_total[5m]))', legend: '{{job}}' }] },
      {
        title: 'Connection failure ratio',
        kind: 'timeseries',
        unit: 'percentunit',
        description: 'Alert and automatic rollback above 10 % for 5 min.',
        targets: [{ expr: 'sum by (job) (rate(xcr_db_connection_errors_total[5m])) / sum by (job) (rate(xcr_db_queries_total[5m]))', legend: '{{job}}' }],
        thresholds: [{ value: 0.1, color: 'red' }],
      },
      { title: 'Connection errors per minute', kind: 'stat', width: 12, targets: [{ expr: 'sum(rate(xcr_db_connection_errors_total[5m])) * 60', legend: 'errors/min' }] },
      { title: 'Database errors in the logs', kind: 'logs', width: 24, targets: [{ expr: '{component=~"api|worker|scheduler"} |= "database"' }] },
    ],
  },
];

function panelJson(panel: PanelSpec, id: number, x: number, y: number): Record<string, unknown> {
  const width = panel.width ?? 12;
  const height = panel.kind === 'stat' ? 5 : panel.kind === 'logs' ? 10 : 8;
  const datasource = panel.kind === 'logs' ? loki : prometheus;
  const steps = [{ color: 'green', value: null as number | null }, ...(panel.thresholds ?? []).map((t) => ({ color: t.color, value: t.value }))];
  return {
    id,
    type: panel.kind,
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    datasource,
    gridPos: { h: height, w: width, x, y },
    targets: panel.targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource,
      expr: t.expr,
      ...(t.legend ? { legendFormat: t.legend } : {}),
    })),
    fieldConfig: {
      defaults: {
        ...(panel.unit ? { unit: panel.unit } : {}),
        thresholds: { mode: 'absolute', steps },
        ...(panel.mappings
          ? { mappings: [{ type: 'value', options: Object.fromEntries(panel.mappings.map((m, i) => [m.value, { text: m.text, color: m.color, index: i }])) }] }
          : {}),
      },
      overrides: [],
    },
    options: panel.kind === 'logs' ? { showTime: true, wrapLogMessage: true, sortOrder: 'Descending' } : {},
  };
}

/** Lays out one dashboard on Grafana's 24-column grid and returns its provisioning JSON. */
export function dashboardJson(spec: DashboardSpec): Record<string, unknown> {
  const panels: Array<Record<string, unknown>> = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  spec.panels.forEach((panel, index) => {
    const width = panel.width ?? 12;
    const height = panel.kind === 'stat' ? 5 : panel.kind === 'logs' ? 10 : 8;
    if (x + width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    panels.push(panelJson(panel, index + 1, x, y));
    x += width;
    rowHeight = Math.max(rowHeight, height);
  });
  return {
    uid: spec.uid,
    title: spec.title,
    tags: ['xcodereviewer'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: {
      list: [
        {
          name: 'Alerts',
          datasource: prometheus,
          enable: true,
          iconColor: 'red',
          expr: 'ALERTS{alertstate="firing"}',
          titleFormat: '{{alertname}}',
        },
      ],
    },
    links: spec.uid === 'xcr-api' ? [] : [{ title: 'API', type: 'link', url: '/d/xcr-api' }],
    panels,
  };
}

/** File name to pretty-printed JSON text for every dashboard. */
export function renderDashboards(): Map<string, string> {
  return new Map(dashboardSpecs.map((spec) => [spec.file, `${JSON.stringify(dashboardJson(spec), null, 2)}\n`]));
}
