// P-OVERHEAD: what the server's plugin stack costs. `/health` of the real server (`xcr serve`: request ids,
// security headers, CORS, metrics, logging hooks, zod serialization) against a bare node:http server answering the
// same JSON, each in a process of its own, loaded in turn by the same autocannon settings from this process.
// Prints each run and the median ratio of req/s (full / bare) on the last line; the target is >= 0.5.
//   npm run bench:overhead -- [--connections 50] [--duration 10] [--runs 3] [--mode embedded|production]
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startEmbeddedServer } from '../ops/embedded-server.ts';
import { loadAverage, processCpuMs, runAutocannon, type LoadResult } from '../ops/load.ts';

// The same body the real /health sends; the version is not the point, the shape and size are.
const bareServerSource = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  if (req.url !== '/health') { res.writeHead(404).end(); return; }
  const body = JSON.stringify({ status: 'healthy', version: '0.1.0', timestamp: new Date().toISOString() });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Starts the bare server in a process of its own; resolves with its base URL. */
async function startBareServer(): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', bareServerSource], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
    void exited.then(() => reject(new Error('the bare server exited before listening')));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One load of a server, with the CPU time its process used per request. */
async function measure(
  server: { baseUrl: string; pid: number },
  options: { connections: number; durationS: number },
): Promise<LoadResult & { cpuUsPerRequest: number }> {
  const cpuBefore = processCpuMs(server.pid) ?? 0;
  const result = await runAutocannon({
    baseUrl: server.baseUrl,
    endpoints: [{ path: '/health', kind: 'detail' }],
    ...options,
  });
  return {
    ...result,
    cpuUsPerRequest: (((processCpuMs(server.pid) ?? 0) - cpuBefore) * 1000) / Math.max(1, result.requests),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Measured = LoadResult & { cpuUsPerRequest: number };

function describe(name: string, r: Measured): string {
  const rps = Math.round(r.requestsPerS).toLocaleString('en-US');
  return `${name.padEnd(10)} ${rps.padStart(7)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors, ${Math.round(r.cpuUsPerRequest)} µs CPU per request`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      runs: { type: 'string', default: '3' },
      mode: { type: 'string', default: 'embedded' },
    },
  });
  const connections = Number(values.connections);
  const durationS = Number(values.duration);
  const runs = Number(values.runs);
  const mode = values.mode;
  if (mode !== 'embedded' && mode !== 'production') {
    throw new Error(`--mode must be embedded or production, not ${mode}`);
  }
  const full = await startEmbeddedServer({ mode });
  const bare = await startBareServer();
  try {
    const servers = { bare, full: { baseUrl: full.baseUrl, pid: full.child.pid! } };
    console.log(
      `P-OVERHEAD: GET /health, ${connections} connections, ${durationS} s per server and run, ${runs} runs; full stack = xcr serve (${mode} mode)`,
    );
    // Warm both up first, so no run measures the JIT compiling the hot path or the server's start-up work.
    await measure(servers.bare, { connections, durationS: 3 });
    await measure(servers.full, { connections, durationS: 5 });
    const runsMeasured: Array<{ bare: Measured; full: Measured }> = [];
    for (let run = 1; run <= runs; run++) {
      const loadBefore = loadAverage();
      const bareResult = await measure(servers.bare, { connections, durationS });
      const fullResult = await measure(servers.full, { connections, durationS });
      runsMeasured.push({ bare: bareResult, full: fullResult });
      console.log(`run ${run} (load average ${loadBefore}):`);
      console.log(`  ${describe('bare', bareResult)}`);
      console.log(`  ${describe('full stack', fullResult)}`);
      console.log(`  ratio ${(fullResult.requestsPerS / bareResult.requestsPerS).toFixed(2)}`);
    }
    const mid = (pick: (r: { bare: Measured; full: Measured }) => number) => median(runsMeasured.map(pick));
    const rps = (value: number) => Math.round(value).toLocaleString('en-US');
    const cpuRatio = mid((r) => r.bare.cpuUsPerRequest / r.full.cpuUsPerRequest);
    console.log(
      `CPU per request: full stack ${Math.round(mid((r) => r.full.cpuUsPerRequest))} µs, bare ${Math.round(mid((r) => r.bare.cpuUsPerRequest))} µs (bare / full = ${cpuRatio.toFixed(2)}; req/s ratios also depend on how much CPU the load generator leaves)`,
    );
    console.log(
      `P-OVERHEAD: ratio ${mid((r) => r.full.requestsPerS / r.bare.requestsPerS).toFixed(2)} (full stack ${rps(mid((r) => r.full.requestsPerS))} req/s vs bare node:http ${rps(mid((r) => r.bare.requestsPerS))} req/s, median of ${runs} runs; load average ${loadAverage()})`,
    );
  } finally {
    await bare.stop();
    await full.stop();
  }
}

await main();
