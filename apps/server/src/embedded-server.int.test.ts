import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@xcr/adapters/db/create-database';

const root = new URL('../../../', import.meta.url).pathname;
const cli = join(root, 'apps/cli/bin/xcr.js');

interface Started {
  child: ChildProcess;
  port: number;
  logs: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `xcr serve` as the README does, on a free port, and waits for the "server started" log line. */
function startServe(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [cli, 'serve'], {
    cwd: root,
    env: { ...process.env, XCR_PORT: '0', XCR_HOST: '127.0.0.1', XCR_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'server started') resolve({ child, port: entry.port as number, logs, exited });
        } catch {
          // not a log line
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`server exited early (${code}): ${stderr.slice(-2000)}`)));
  });
}

async function waitReady(port: number, deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > deadlineMs) throw new Error('not ready in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('xcr serve (embedded mode)', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-embedded-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  // Timings are reported as diagnostics, not asserted: `npm run bench:mem` measures start-up on a quiet machine.
  it('starts on a fresh data folder, is ready, stops on SIGTERM, and keeps its data across a restart', async (t) => {
    const startedAt = Date.now();
    const first = await startServe({ XCR_DATA_DIR: dataDir });
    await waitReady(first.port, 120_000);
    const readyAfterMs = Date.now() - startedAt;

    const health = await fetch(`http://127.0.0.1:${first.port}/health`);
    const created = first.logs.find((l) => l.msg?.toString().startsWith('admin account created'));
    first.child.kill('SIGTERM');
    const firstExit = await first.exited;

    assert.equal(health.status, 200);
    t.diagnostic(`first start: ready after ${readyAfterMs} ms`);
    assert.ok(created, 'the first start creates an admin');
    assert.equal(typeof created.initial_password, 'string', 'a generated password is printed once');
    assert.equal(firstExit.code, 0);
    assert.ok(existsSync(join(dataDir, 'secrets.json')), 'embedded keys are kept in the data folder');

    const second = await startServe({ XCR_DATA_DIR: dataDir });
    await waitReady(second.port, 120_000);
    const stopAt = Date.now();
    second.child.kill('SIGTERM');
    const secondExit = await second.exited;
    const stopMs = Date.now() - stopAt;

    assert.equal(secondExit.code, 0, 'a graceful stop (the 10 s budget exits with 1)');
    t.diagnostic(`SIGTERM to exit: ${stopMs} ms`);
    assert.ok(!second.logs.some((l) => l.msg?.toString().startsWith('admin account created')), 'no second admin');
    const handle = await createDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
    try {
      const admins = await handle.db.selectFrom('users').select(['email', 'force_password_change']).where('role', '=', 'admin').execute();
      assert.equal(admins.length, 1);
      assert.equal(admins[0]!.force_password_change, true);
    } finally {
      await handle.close();
    }
  });

  it('exits non-zero on a bad configuration, naming every problem', async () => {
    const child = spawn(process.execPath, [cli, 'serve'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: 'not-a-url', XCR_PORT: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    assert.notEqual(code, 0);
    assert.match(stderr, /XCR_PORT/);
    assert.match(stderr, /DATABASE_URL/);
  });
});
