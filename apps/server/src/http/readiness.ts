/** A dependency `/ready` checks: the database, the queue, object storage, Redis. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects otherwise. */
  check(signal: AbortSignal): Promise<void>;
}

export interface ReadinessReport {
  isReady: boolean;
  checks: Record<string, { status: 'ok' | 'failed'; error?: string; latency_ms: number }>;
}

/** Runs every check at once, each bounded by `timeoutMs`, and reports which failed. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      const started = performance.now();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        await Promise.race([c.check(controller.signal), timeout]);
        return [c.name, { status: 'ok' as const, latency_ms: Math.round(performance.now() - started) }] as const;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return [c.name, { status: 'failed' as const, error: scrub(error), latency_ms: Math.round(performance.now() - started) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report: ReadinessReport = { isReady: true, checks: {} };
  for (const [name, result] of results) {
    report.checks[name] = result;
    if (result.status === 'failed') report.isReady = false;
  }
  return report;
}

/** Connection errors can carry URLs with credentials: keep the message, drop anything that looks like one. */
function scrub(message: string): string {
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s@/]*@/gi, (m) => m.replace(/\/\/[^@]*@/, '//***@')).slice(0, 300);
}
