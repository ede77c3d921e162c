// System status from the monitoring endpoints: liveness and readiness, queues, workers, database, Redis, LLM calls.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/session.tsx';
import { Badge, ErrorMessage, Panel, Spinner, formatBytes } from '../../components/ui/misc.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

const refreshMs = 10_000;

/** The system panel. */
export function SystemPanel() {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const ready = useQuery({ queryKey: ['system', 'ready'], queryFn: () => api.system.ready(), refetchInterval: refreshMs });
  const queues = useQuery({ queryKey: ['monitoring', 'queues'], queryFn: () => api.monitoring.queues(), refetchInterval: refreshMs });
  const workers = useQuery({ queryKey: ['monitoring', 'workers'], queryFn: () => api.monitoring.workers(), refetchInterval: refreshMs });
  const database = useQuery({ queryKey: ['monitoring', 'database'], queryFn: () => api.monitoring.database(), refetchInterval: refreshMs });
  const redis = useQuery({ queryKey: ['monitoring', 'redis'], queryFn: () => api.monitoring.redis(), refetchInterval: refreshMs });
  const llm = useQuery({ queryKey: ['monitoring', 'llm'], queryFn: () => api.monitoring.llm(), refetchInterval: refreshMs });

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel title={t('system.readiness')} headingLevel={3}>
        {ready.isPending ? <Spinner /> : ready.data ? (
          <div className="flex flex-col gap-2 text-sm">
            <div className="flex items-center gap-2">
              <Badge tone={ready.data.status === 'ready' ? 'green' : 'red'}>{ready.data.status}</Badge>
              <span className="text-muted">{t('system.version', { version: ready.data.version })}</span>
            </div>
            <ul>
              {Object.entries(ready.data.checks).map(([name, check]) => (
                <li key={name} className="flex justify-between gap-2 border-b border-line py-1">
                  <span>{name}</span>
                  <span className="flex items-center gap-2"><span className="text-muted tabular-nums">{check.latency_ms} ms</span><Badge tone={check.status === 'ok' ? 'green' : 'red'}>{check.status}</Badge></span>
                </li>
              ))}
            </ul>
          </div>
        ) : <ErrorMessage error={ready.error} />}
      </Panel>
      <Panel title={t('system.queues')} headingLevel={3}>
        <ErrorMessage error={queues.error} />
        {queues.data && (
          <table className="w-full text-sm">
            <caption className="mb-2 text-left text-xs text-muted">{t('system.backend', { backend: queues.data.backend })}</caption>
            <thead className="text-left text-xs text-muted"><tr><th scope="col">{t('system.job')}</th><th scope="col" className="text-right">{t('system.waiting')}</th><th scope="col" className="text-right">{t('system.active')}</th><th scope="col" className="text-right">{t('system.failed')}</th><th scope="col" className="text-right">{t('system.completed')}</th></tr></thead>
            <tbody>
              {queues.data.queues.map((q) => (
                <tr key={q.name} className="border-t border-line"><td className="py-1 font-mono text-xs">{q.name}</td><td className="text-right tabular-nums">{q.waiting}</td><td className="text-right tabular-nums">{q.active}</td><td className="text-right tabular-nums">{q.failed}</td><td className="text-right tabular-nums">{q.completed}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title={t('system.workers')} headingLevel={3}>
        <ErrorMessage error={workers.error} />
        {workers.data && (
          <ul className="text-sm">
            {workers.data.workers.map((w) => (
              <li key={w.worker_id} className="flex flex-wrap justify-between gap-2 border-b border-line py-1">
                <span className="font-mono text-xs">{w.worker_id}</span>
                <span className="text-muted">{w.roles.join(', ')}</span>
                <span className="text-muted">{formatDateTime(w.last_seen_at)}</span>
                <Badge tone={w.is_alive ? 'green' : 'red'}>{w.is_alive ? t('system.alive') : t('system.silent')}</Badge>
              </li>
            ))}
            {workers.data.workers.length === 0 && <li className="text-muted">{t('system.noWorkers')}</li>}
          </ul>
        )}
      </Panel>
      <Panel title={t('system.database')} headingLevel={3}>
        <ErrorMessage error={database.error} />
        {database.data && (
          <dl className="grid grid-cols-2 gap-1 text-sm">
            <dt className="text-muted">{t('system.kind')}</dt><dd>{database.data.kind}</dd>
            <dt className="text-muted">{t('system.ping')}</dt><dd className="tabular-nums">{database.data.ping_ms.toFixed(1)} ms</dd>
            <dt className="text-muted">{t('system.size')}</dt><dd>{formatBytes(database.data.size_bytes)}</dd>
            {database.data.pool && (<><dt className="text-muted">{t('system.pool')}</dt><dd className="tabular-nums">{database.data.pool.total} / {database.data.pool.max} · {t('system.idle', { count: database.data.pool.idle })} · {t('system.waitingCount', { count: database.data.pool.waiting })}</dd></>)}
          </dl>
        )}
        <h4 className="mt-4 mb-1 text-sm font-semibold">Redis</h4>
        <ErrorMessage error={redis.error} />
        {redis.data && (redis.data.is_configured ? (
          <p className="text-sm">{t('system.redisPing', { ms: redis.data.ping_ms?.toFixed(1) ?? '—', clients: redis.data.connected_clients ?? 0 })}</p>
        ) : <p className="text-sm text-muted">{t('system.redisNone')}</p>)}
      </Panel>
      <Panel title={t('system.llm')} headingLevel={3} className="lg:col-span-2">
        <ErrorMessage error={llm.error} />
        {llm.data && (llm.data.providers.length === 0 ? <p className="text-sm text-muted">{t('system.llmNone')}</p> : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-muted"><tr><th scope="col">{t('providers.name')}</th><th scope="col">{t('system.process')}</th><th scope="col" className="text-right">{t('system.calls')}</th><th scope="col" className="text-right">{t('system.failed')}</th><th scope="col" className="text-right">{t('system.retries')}</th><th scope="col">{t('system.circuit')}</th></tr></thead>
              <tbody>
                {llm.data.providers.map((p) => (
                  <tr key={`${p.process}-${p.name}`} className="border-t border-line"><td className="py-1">{p.name} <span className="text-xs text-muted">{p.model}</span></td><td className="font-mono text-xs">{p.process}</td><td className="text-right tabular-nums">{p.calls}</td><td className="text-right tabular-nums">{p.failed}</td><td className="text-right tabular-nums">{p.retries}</td><td><Badge tone={p.circuit_state === 'closed' ? 'green' : 'red'}>{p.circuit_state}</Badge></td></tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </Panel>
    </div>
  );
}
