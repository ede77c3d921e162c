import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanResult } from '@xcr/contracts';
import { writeZipFixture } from '@xcr/adapters/source/zip/zip-fixture-writer';

// End to end: the real `xcr` binary on small temporary folders.
const repoRoot = new URL('../../../../', import.meta.url).pathname;
const cli = join(repoRoot, 'apps/cli/bin/xcr.js');

function xcr(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, 'scan', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, XCR_GIT_TOKEN: '' }, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('xcr scan', () => {
  let dir: string;
  let clean: string;
  let vulnerable: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xcr-cli-scan-'));
    clean = join(dir, 'clean');
    vulnerable = join(dir, 'vulnerable');
    mkdirSync(join(clean, 'src'), { recursive: true });
    mkdirSync(join(vulnerable, 'src'), { recursive: true });
    writeFileSync(join(clean, 'src', 'sum.js'), 'export function sum(a, b) {\n  return a + b;\n}\n');
    writeFileSync(join(vulnerable, 'src', 'run.js'), 'export function run(input) {\n  return eval(input);\n}\n');
    writeFileSync(join(vulnerable, 'src', '页面 <b>.js'), 'export const x = (s) => eval(s);\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a valid JSON result and exits 0 on a clean folder', () => {
    const { code, stdout, stderr } = xcr(clean);
    assert.equal(code, 0, stderr);
    const result = ScanResult.parse(JSON.parse(stdout));
    assert.equal(result.files_scanned, 1);
    assert.equal(result.findings.length, 0);
    assert.equal(result.quality_score, 100);
    assert.match(stderr, /xcr: files 1\/1/);
  });

  it('exits 1 when the gate fails and 0 when findings stay under it', () => {
    const high = xcr(vulnerable, '--fail-on', 'high', '--quiet');
    assert.equal(high.code, 1);
    assert.equal(high.stderr, '');
    const result = ScanResult.parse(JSON.parse(high.stdout));
    assert.ok(result.findings.some((f) => f.rule_id === 'javascript.code-injection.eval' && f.file_path === 'src/run.js' && f.line_start === 2));
    assert.equal(xcr(vulnerable, '--fail-on', 'critical', '--quiet').code, 0);
  });

  it('honours --exclude and --include', () => {
    assert.equal(xcr(vulnerable, '--fail-on', 'low', '--exclude', 'src/run.js', '--exclude', 'src/页面*', '--quiet').code, 0);
    const included = JSON.parse(xcr(vulnerable, '--include', 'src/run.js', '--quiet').stdout) as ScanResult;
    assert.equal(included.files_scanned, 1);
    assert.ok(included.skipped.some((s) => s.reason === 'not_included'));
  });

  it('writes SARIF to --output and nothing to stdout', () => {
    const out = join(dir, 'report.sarif');
    const { code, stdout } = xcr(vulnerable, '--format', 'sarif', '--output', out, '--quiet');
    assert.equal(code, 0);
    assert.equal(stdout, '');
    const log = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(log.version, '2.1.0');
    const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'javascript.code-injection.eval');
    assert.ok(rule.properties.tags.includes('security'));
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-95'));
    const uris = log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('src/run.js'));
    assert.ok(uris.includes('src/%E9%A1%B5%E9%9D%A2%20%3Cb%3E.js'));
  });

  it('renders Markdown and HTML with file names escaped', () => {
    const md = xcr(vulnerable, '--format', 'markdown', '--quiet');
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^# XCodeReviewer audit report/);
    assert.match(md.stdout, /```javascript\n/);
    const html = xcr(vulnerable, '--format', 'html', '--quiet');
    assert.equal(html.code, 0);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html.stdout, /<b>/);
    assert.match(html.stdout, /src\/页面 &lt;b&gt;\.js/);
  });

  it('exits 2 with a one-line reason on input and usage errors', () => {
    const missing = xcr(join(dir, 'nope'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^xcr: source_not_found: .+\n$/);
    assert.equal(xcr(clean, '--format', 'pdf').code, 2);
    const badConfig = xcr(clean, '--config', join(dir, 'missing.yml'));
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /^xcr: config_not_found: /);
  });

  it('scans a .zip file and removes what it extracted', async () => {
    const zip = join(dir, 'upload.zip');
    await writeZipFixture(zip, [{ name: 'app/run.js', data: Buffer.from('export const f = (s) => eval(s);\n') }]);
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('xcr-zip-')).length;
    const { code, stdout, stderr } = xcr(zip, '--fail-on', 'high', '--quiet');
    assert.equal(code, 1, stderr);
    const result = ScanResult.parse(JSON.parse(stdout));
    assert.equal(result.root, 'upload.zip');
    assert.ok(result.findings.some((f) => f.file_path === 'app/run.js'));
    assert.equal(readdirSync(tmpdir()).filter((n) => n.startsWith('xcr-zip-')).length, before);
  });

  it('refuses a .zip with path traversal with its reason on one line', async () => {
    const zip = join(dir, 'evil.zip');
    await writeZipFixture(zip, [{ name: '../evil.js', data: Buffer.from('x\n') }]);
    const { code, stderr } = xcr(zip);
    assert.equal(code, 2);
    assert.match(stderr, /^xcr: zip_path_traversal: [^\n]+\n$/);
  });

  it('refuses plain-http Git URLs without contacting them', () => {
    const run = xcr('http://127.0.0.1:9/repo.git', '--quiet');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^xcr: [a-z_]+: /);
  });
});
