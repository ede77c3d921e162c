// Starts `xcr serve` (embedded mode: PGlite, pg-boss, local storage) on a free port in a fresh data folder,
// for the tests of the operations scripts and for `npm run load` without a base URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** A running embedded server and the admin it was started with. */
export interface EmbeddedServer {
  baseUrl: string;
  port: number;
  admin: { login: string; password: string };
  child: ChildProcess;
  /** Stops the server (SIGTERM) and removes its data folder. */
  stop(): Promise<void>;
}

/** Options: extra environment, and how long to wait for /ready. */
export interface StartOptions {
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Spawns `node apps/cli/bin/xcr.js serve` with XCR_PORT=0, reads the port from the "server started" log line,
 * and waits until /ready answers 200. Rate limits are raised so load runs measure the server, not the limiter.
 */
export async function startEmbeddedServer(options: StartOptions = {}): Promise<EmbeddedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-ops-'));
  const admin = { login: 'ops-admin@example.com', password: `Ops-${randomBytes(12).toString('base64url')}-9` };
  const child = spawn(process.execPath, [join(root, 'apps/cli/bin/xcr.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      XCR_DATA_DIR: dataDir,
      XCR_PORT: '0',
      XCR_HOST: '127.0.0.1',
      XCR_LOG_LEVEL: 'info',
      XCR_ADMIN_EMAIL: admin.login,
      XCR_ADMIN_PASSWORD: admin.password,
      XCR_RATE_LIMIT_PER_MIN: '1000000',
      XCR_RATE_LIMIT_PER_HOUR: '10000000',
      XCR_RATE_LIMIT_AUTH_PER_MIN: '1000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout!.on('data', (d: Buffer) => {
        buffer += d.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            const entry = JSON.parse(line) as { msg?: string; port?: number };
            if (entry.msg === 'server started' && typeof entry.port === 'number') resolve(entry.port);
          } catch {
            // not a log line
          }
        }
      });
      void exited.then((code) => reject(new Error(`server exited (${code}) before starting: ${stderr}`)));
    });
    // Keep draining the log so the child never blocks on a full pipe.
    child.stdout!.resume();
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    for (;;) {
      const res = await fetch(`${baseUrl}/ready`).catch(() => undefined);
      if (res?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`server not ready at ${baseUrl}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    let stopped: Promise<void> | undefined;
    return {
      baseUrl,
      port,
      admin,
      child,
      stop() {
        stopped ??= (async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          cleanup();
        })();
        return stopped;
      },
    };
  } catch (err) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    cleanup();
    throw err;
  }
}
