#!/usr/bin/env node
// Runs the backend test suite with node's own test runner. Node 20 does not expand globs, so the file list is
// built here. `--unit` runs *.test.ts without *.int.test.ts, `--int` only the integration tests; extra
// arguments narrow the list to files whose path contains one of them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyUnit = args.includes('--unit');
const onlyInt = args.includes('--int');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'data' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = ['apps', 'packages', 'scripts']
  .flatMap((d) => walk(join(root, d), []))
  // The web app's own tests run under vitest (npm run test:web); only its browser tests (e2e/*.int.test.ts) run here.
  .filter((f) => !f.startsWith('apps/web/') || (f.startsWith('apps/web/e2e/') && f.endsWith('.int.test.ts')))
  .filter((f) => (onlyUnit ? !f.endsWith('.int.test.ts') : onlyInt ? f.endsWith('.int.test.ts') : true))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// With no narrowing arguments this is the whole suite: the web app's component tests (vitest) run first, so
// node's runner summary for everything else closes the log.
let webFailed = false;
const isWholeSuite = filters.length === 0 && !onlyUnit && !onlyInt;
if (isWholeSuite && existsSync(join(root, 'apps/web/package.json'))) {
  const web = spawnSync('npm', ['run', '--silent', 'test:web'], { cwd: root, stdio: 'inherit' });
  webFailed = web.status !== 0;
  if (webFailed) console.error('web component tests failed');
}

const child = spawn(
  process.execPath,
  // --test-force-exit: a file whose tests are done exits even if a client library left a timer or socket open;
  // scripts/test-exit.mjs makes that exit wait until the file's results are handed over (otherwise some are lost).
  ['--import', 'tsx', '--import', './scripts/test-exit.mjs', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=900000', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1', XCR_LOG_LEVEL: process.env.XCR_LOG_LEVEL ?? 'silent' } },
);
child.on('exit', (code, signal) => process.exit(webFailed ? 1 : (code ?? (signal ? 1 : 0))));
