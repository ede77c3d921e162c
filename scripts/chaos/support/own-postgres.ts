/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl from the machine's PostgreSQL, run as the `postgres`
 * user) in a temporary folder on a free port, so a test may stop and restart it without touching the shared
 * server other tests use. Durability is switched off: the cluster lives for one test file.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.ts';

const run = promisify(execFile);

/** A running cluster and the ways to disturb it. */
export interface OwnPostgres {
  port: number;
  /** A database URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast`: ends every session, then starts again on the same port. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m fast`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (immediately) and removes its folder; safe to call twice. */
  destroy(): Promise<void>;
}

/** Where the machine's PostgreSQL server programs are: XCR_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
function binDir(): string {
  if (process.env.XCR_PG_BIN) return process.env.XCR_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server programs under ${root}; set XCR_PG_BIN`);
  return join(root, newest, 'bin');
}

/** Runs a PostgreSQL program as the `postgres` user (they refuse to run as root). */
async function asPostgres(program: string, args: string[]): Promise<string> {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', join(binDir(), program), ...args]]
    : [join(binDir(), program), args];
  const { stdout } = await run(file, argv, { timeout: 60_000 });
  return stdout;
}

/** Creates a cluster in a fresh temporary folder and starts it. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'xcr-chaos-pg-'));
  const dataDir = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  const ctl = (args: string[]) => asPostgres('pg_ctl', ['-D', dataDir, '-w', '-t', '60', ...args]);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  let isDestroyed = false;
  try {
    await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await ctl(['-l', join(dir, 'server.log'), '-o', options, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name: ${name}`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        // xcr-ignore-next-line javascript.sqli.string-built-query
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    restart: async () =>
      void (await ctl(['-m', 'fast', '-l', join(dir, 'server.log'), '-o', options, 'restart'])),
    stop: async () => void (await ctl(['-m', 'fast', 'stop'])),
    start: async () => void (await ctl(['-l', join(dir, 'server.log'), '-o', options, 'start'])),
    async destroy() {
      if (isDestroyed) return;
      isDestroyed = true;
      await ctl(['-m', 'immediate', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
