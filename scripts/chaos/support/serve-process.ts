/**
 * `xcr serve --roles ...` as a child process of the test, so that a fault (SIGKILL, a database restart) hits a
 * real process the way it would in production. Every role listens (api routes only with `api`), so each process
 * has a base URL for /health and /ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

/** One running `xcr serve` process. */
export interface ServeProcess {
  roles: string;
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  logTail(): string;
  /** Every log line it wrote whose `msg` is `msg`, parsed. */
  logEntries(msg: string): Array<Record<string, unknown>>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), and wait for the exit; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Options of `startServe`. */
export interface ServeOptions {
  roles: string;
  env: Record<string, string>;
  startTimeoutMs?: number;
}

/**
 * Spawns `node apps/cli/bin/xcr.js serve --roles <roles>` with XCR_PORT=0 and resolves once it logged
 * "server started" (its roles are running and it listens). Logs are JSON at `info`; only lines with a
 * message the test may look for are kept, besides a short tail.
 */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(root, 'apps/cli/bin/xcr.js'), 'serve', '--roles', options.roles],
    {
      cwd: root,
      env: { ...process.env, XCR_LOG_LEVEL: 'info', ...options.env, XCR_PORT: '0', XCR_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let tail = '';
  const entries: Array<Record<string, unknown>> = [];
  let onStarted: ((port: number) => void) | undefined;
  let buffer = '';
  child.stdout!.on('data', (data: Buffer) => {
    buffer += data.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      tail = (tail + line + '\n').slice(-8000);
      const entry = parseLine(line);
      if (!entry) continue;
      entries.push(entry);
      if (entries.length > 20_000) entries.splice(0, 10_000);
      if (entry.msg === 'server started' && typeof entry.port === 'number') onStarted?.(entry.port);
    }
  });
  child.stderr!.on('data', (data: Buffer) => (tail = (tail + data.toString()).slice(-8000)));
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      onStarted = resolve;
      timer = setTimeout(
        () =>
          reject(new Error(`xcr serve --roles ${options.roles} did not start in ${timeoutMs} ms: ${tail}`)),
        timeoutMs,
      );
      void exited.then((code) =>
        reject(new Error(`xcr serve --roles ${options.roles} exited (${code}) before starting: ${tail}`)),
      );
    });
    return handle(options.roles, child, port, exited, () => tail, entries);
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function handle(
  roles: string,
  child: ChildProcess,
  port: number,
  exited: Promise<number | null>,
  logTail: () => string,
  entries: Array<Record<string, unknown>>,
): ServeProcess {
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    roles,
    child,
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    exited,
    logTail,
    logEntries: (msg) => entries.filter((e) => e.msg === msg),
    async kill() {
      if (isRunning()) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 30_000) {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
