// Verifies a system after a rollback (runbook levels 1-4): the API answers and is ready, runs the expected
// version, the smoke checks pass, the schema is at the expected migration, and (optionally) Prometheus shows
// the error rate back under 1 % with no critical alert firing.
//   node --import tsx scripts/ops/rollback-check.ts --base-url https://api.xcr.example.com --expect-version 0.1.0 \
//     [--database-url postgres://... --expect-migration 0003-platform] [--prometheus-url http://127.0.0.1:9090]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { credentialsFromEnv, normalizeBaseUrl, request, type Credentials } from './api-client.ts';
import { isMain } from './is-main.ts';
import { queryInstant } from './prometheus-api.ts';
import { runSmoke } from './smoke.ts';

/** One verification's outcome. */
export interface RollbackCheck {
  name: string;
  isOk: boolean;
  detail: string;
}

/** What to verify; every check beyond the API's is optional. */
export interface RollbackCheckOptions {
  baseUrl: string;
  credentials?: Credentials;
  expectVersion?: string;
  databaseUrl?: string;
  expectMigration?: string;
  prometheusUrl?: string;
}

/** The last applied migration, by the migrator's own bookkeeping table. */
export async function latestMigration(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const res = await client.query<{ name: string }>('SELECT name FROM xcr_schema_migration ORDER BY name DESC LIMIT 1');
    return res.rows[0]?.name;
  } finally {
    await client.end();
  }
}

/** Runs the checks; never throws. */
export async function checkRollback(options: RollbackCheckOptions): Promise<RollbackCheck[]> {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const checks: RollbackCheck[] = [];
  const attempt = async (name: string, run: () => Promise<string>) => {
    try {
      checks.push({ name, isOk: true, detail: await run() });
    } catch (err) {
      checks.push({ name, isOk: false, detail: (err as Error).message });
    }
  };

  await attempt('version', async () => {
    const res = await request(baseUrl, '/health');
    const version = (res.json as { version?: string } | undefined)?.version;
    if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
    if (options.expectVersion && version !== options.expectVersion) throw new Error(`running ${version}, expected ${options.expectVersion}`);
    return `running ${version}`;
  });
  for (const c of await runSmoke({ baseUrl, credentials: options.credentials })) {
    checks.push({ name: `smoke ${c.name}`, isOk: c.status !== 'fail', detail: c.status === 'skip' ? `skipped: ${c.detail}` : c.detail });
  }
  if (options.databaseUrl) {
    await attempt('schema', async () => {
      const latest = await latestMigration(options.databaseUrl!);
      if (options.expectMigration && latest !== options.expectMigration) throw new Error(`schema at ${latest}, expected ${options.expectMigration}`);
      return `schema at ${latest}`;
    });
  }
  if (options.prometheusUrl) {
    await attempt('error rate', async () => {
      const ratio = await queryInstant(options.prometheusUrl!, 'sum(rate(http_requests_total{job="xcr-api",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="xcr-api"}[5m]))');
      if (ratio !== undefined && ratio > 0.01) throw new Error(`5xx ratio ${(ratio * 100).toFixed(2)} % over 5 min`);
      return ratio === undefined || Number.isNaN(ratio) ? 'no 5xx recorded' : `5xx ratio ${(ratio * 100).toFixed(3)} % over 5 min`;
    });
    await attempt('alerts', async () => {
      const firing = (await queryInstant(options.prometheusUrl!, 'sum(ALERTS{alertstate="firing",severity="critical"})')) ?? 0;
      if (firing > 0) throw new Error(`${firing} critical alert(s) firing`);
      return 'no critical alert firing';
    });
  }
  return checks;
}

/** One line per check; the verdict last. */
export function formatRollbackChecks(checks: readonly RollbackCheck[]): string {
  const failed = checks.filter((c) => !c.isOk).length;
  return [...checks.map((c) => `${c.isOk ? 'PASS' : 'FAIL'}  ${c.name.padEnd(20)} ${c.detail}`), failed === 0 ? 'rollback verified' : `rollback NOT verified: ${failed} check(s) failed`].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string', default: process.env.XCR_BASE_URL ?? 'http://127.0.0.1:8000' },
      'expect-version': { type: 'string' },
      'database-url': { type: 'string' },
      'expect-migration': { type: 'string' },
      'prometheus-url': { type: 'string' },
    },
  });
  const checks = await checkRollback({
    baseUrl: values['base-url']!,
    credentials: credentialsFromEnv(),
    expectVersion: values['expect-version'],
    databaseUrl: values['database-url'],
    expectMigration: values['expect-migration'],
    prometheusUrl: values['prometheus-url'],
  });
  console.log(formatRollbackChecks(checks));
  process.exitCode = checks.every((c) => c.isOk) ? 0 : 1;
}

if (isMain(import.meta.url)) await main();
