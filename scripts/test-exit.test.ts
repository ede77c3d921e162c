import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const guard = new URL('./test-exit.mjs', import.meta.url).pathname;

/** This process's environment without the marker node's runner gives to the files it runs. */
function outerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Runs node's test runner as scripts/run-tests.mjs does (force exit, 2 files at a time) on `files`. */
function runTests(files: Record<string, string>): { tests: number; fail: number; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'xcr-test-exit-'));
  try {
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        guard,
        '--test',
        '--test-force-exit',
        '--test-concurrency=2',
        '--test-reporter=tap',
        ...Object.keys(files).map((f) => join(dir, f)),
      ],
      { encoding: 'utf8', env: outerEnv(), timeout: 120_000 },
    );
    const count = (name: string): number =>
      Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? NaN);
    return { tests: count('tests'), fail: count('fail'), status: run.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('test runner exit guard', () => {
  it('hands over every result of files ended by --test-force-exit', () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 20; f++) {
      const tests = Array.from(
        { length: 50 },
        (_, t) => `test('file ${f} test ${t} with a name of some length', () => {});`,
      );
      files[`f${f}.test.mjs`] = [`import { test } from 'node:test';`, ...tests].join('\n');
    }
    const run = runTests(files);
    assert.equal(run.tests, 1000);
    assert.equal(run.status, 0);
  });

  it('still ends a file that leaves a timer running, after its after hooks, and keeps its failures', () => {
    const run = runTests({
      'leak.test.mjs': `import { test, after } from 'node:test';
        after(async () => { await new Promise((r) => setTimeout(r, 300)); });
        test('leaves an interval', () => { setInterval(() => {}, 1000); });
        test('fails', () => { throw new Error('expected failure'); });`,
    });
    assert.deepEqual([run.tests, run.fail, run.status], [2, 1, 1]);
  });
});
