import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/queue.ts', ...args], {
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('P-QUEUE benchmark command', { timeout: 240_000 }, () => {
  it('runs no-op jobs through BullMQ, pg-boss on PostgreSQL and on PGlite and prints every timed job as done', async () => {
    const res = await runBench(['--duration', '2', '--rate', '50', '--concurrency', '4']);
    console.log(res.stdout);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    const lines = res.stdout.trim().split('\n');
    for (const label of ['BullMQ \\(Redis\\)', 'pg-boss \\(PostgreSQL\\)', 'pg-boss \\(PGlite\\)']) {
      assert.match(
        res.stdout,
        new RegExp(
          `^${label} +[\\d,]+ +[\\d,]+ +[\\d.,]+ ms +[\\d.,]+ ms +[\\d.,]+ ms +[\\d.,]+ ms +100/100 `,
          'm',
        ),
      );
    }
    assert.match(
      lines.at(-1)!,
      /^P-QUEUE: BullMQ \(Redis\) [\d,]+ jobs\/s, p95 [\d.,]+ ms; pg-boss \(PostgreSQL\) [\d,]+ jobs\/s, p95 [\d.,]+ ms; pg-boss \(PGlite\) [\d,]+ jobs\/s, p95 [\d.,]+ ms \(load average [\d. ]+\)$/,
    );
  });

  it('refuses an unknown queue', async () => {
    const res = await runBench(['--queues', 'kafka']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /--queues: unknown kafka/);
  });
});
