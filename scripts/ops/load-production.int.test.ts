import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import pg from 'pg';

const root = new URL('../../', import.meta.url).pathname;

function runLoad(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ops/load.ts', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function loadDatabases(): Promise<string[]> {
  const client = new pg.Client({
    connectionString: process.env.XCR_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'xcr_load_%'",
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe(
  'load runner in production mode (PostgreSQL, Redis, roles api and worker)',
  { timeout: 240_000 },
  () => {
    it('seeds projects, audits and issues, loads list and detail endpoints, prints the P-API production line last and drops its database', async () => {
      const before = await loadDatabases();
      const res = await runLoad([
        '--mode',
        'production',
        '--connections',
        '5',
        '--duration',
        '3',
        '--max-error-ratio',
        '0',
      ]);
      console.log(res.stdout);
      assert.equal(res.code, 0, res.stdout + res.stderr);
      const lines = res.stdout.trim().split('\n');
      assert.match(
        lines.at(-1)!,
        /^P-API production: p95 [\d.]+ ms, p99 [\d.]+ ms, [\d,]+ req\/s, 0 errors \(5 connections, 3 s\)$/,
      );
      assert.match(
        res.stdout,
        /^seeded in the database: \d+ users, 12 projects, 48 completed audits, 2880 issues/m,
      );
      for (const resource of ['projects', 'tasks', 'issues']) {
        assert.match(
          res.stdout,
          new RegExp(`^endpoints: .*/api/v1/${resource}/[0-9a-f-]{36}`, 'm'),
          `a ${resource} detail endpoint is loaded`,
        );
      }
      assert.match(res.stdout, /^status codes: 200 x \d+$/m);
      assert.match(res.stdout, /^load average \(1, 5, 15 min\): [\d. ]+ before, [\d. ]+ after$/m);
    assert.match(res.stdout, /^server process CPU: \d+ µs per request, [\d.]+ % of one core$/m);
      const leftOver = (await loadDatabases()).filter((name) => !before.includes(name));
      assert.deepEqual(leftOver, [], 'the fresh database is dropped when the run ends');
    });
  },
);
