// P-MEM: resident memory of the embedded server, idle after start, reopening an existing data folder.
// Prints each run and the median on the last line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 5_000);
const dataDir = mkdtempSync(join(tmpdir(), 'xcr-bench-mem-'));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function once(): Promise<{ rssMb: number; readyMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'apps/cli/bin/xcr.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, XCR_DATA_DIR: dataDir, XCR_PORT: '0', XCR_HOST: '127.0.0.1', XCR_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /"msg":"server started"/.test(buf) ? /"port":(\d+)/.exec(buf.slice(buf.indexOf('server started') - 400)) : null;
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, idleMs));
  const rss = rssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { rssMb: rss, readyMs };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

try {
  const first = await once();
  console.log(`first start (creates the data folder): ready in ${first.readyMs} ms, idle RSS ${first.rssMb.toFixed(0)} MB`);
  const results: Array<{ rssMb: number; readyMs: number }> = [];
  for (let i = 0; i < runs; i++) {
    const r = await once();
    results.push(r);
    console.log(`reopen ${i + 1}: ready in ${r.readyMs} ms, idle RSS ${r.rssMb.toFixed(0)} MB`);
  }
  console.log(
    `P-MEM: idle RSS ${median(results.map((r) => r.rssMb)).toFixed(0)} MB (median of ${runs}, reopening an existing data folder; ready in ${median(results.map((r) => r.readyMs))} ms)`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
