// P-INGEST: ZIP intake and file selection on a ~50 MB archive of 5,000 files, then the time to refuse zip
// bombs. Each measured run is a fresh child process (so RSS growth is not flattered by a warm heap); the
// median of the runs is reported. Prints each figure; the last line is the one-line summary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectFiles } from '@xcr/core/selection/select-files';
import { extractZipToSourceTree } from '@xcr/adapters/source/zip/zip-source-tree';
import { precompress, writeZipFixture, type ZipFixtureEntry } from '@xcr/adapters/source/zip/zip-fixture-writer';

const fileCount = 5_000;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const archivePath = join(tmpdir(), `xcr-bench-ingest-${fileCount}-v3.zip`);
const bombPaths = { size: join(tmpdir(), 'xcr-bench-bomb-size-v1.zip'), ratio: join(tmpdir(), 'xcr-bench-bomb-ratio-v1.zip') };
const MB = 1024 * 1024;

/** A small deterministic generator, so the archive is the same on every machine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Source-like text with embedded data, compressing about 1.3 to 1 so the archive itself is ~50 MB. */
function sourceText(random: () => number, sizeBytes: number): Buffer {
  const lines: string[] = [];
  let length = 0;
  while (length < sizeBytes) {
    const id = Math.floor(random() * 1e9).toString(36);
    const blob = Buffer.from(Array.from({ length: 60 }, () => Math.floor(random() * 256))).toString('base64');
    const line = random() < 0.85 ? `export const v_${id} = '${blob}';` : `function f_${id}(x) { return x * ${Math.floor(random() * 1000)}; }`;
    lines.push(line);
    length += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function buildArchive(): Promise<void> {
  if (existsSync(archivePath)) return;
  const random = prng(42);
  const extensions = ['js', 'ts', 'py', 'java', 'go', 'rb', 'php', 'cs'];
  function* entries(): Generator<ZipFixtureEntry> {
    for (let i = 0; i < fileCount; i += 1) {
      const dir = i % 50 === 0 ? 'node_modules/pkg' : `src/module${i % 40}/part${i % 7}`;
      const extension = i % 97 === 0 ? 'png' : extensions[i % extensions.length]!;
      yield { name: `${dir}/file${i}.${extension}`, data: sourceText(random, 9_000 + Math.floor(random() * 13_000)) };
    }
  }
  await writeZipFixture(archivePath, entries());
}

async function buildBombs(): Promise<void> {
  if (!existsSync(bombPaths.size)) {
    // 4 GB of zeros declared over 400 entries, about 4 MB on disk.
    const block = precompress(Buffer.alloc(10 * MB));
    await writeZipFixture(bombPaths.size, Array.from({ length: 400 }, (_, i) => ({ name: `zeros/${i}.bin`, compressed: block })));
  }
  if (!existsSync(bombPaths.ratio)) {
    // One 400 MB entry of zeros: under the size limit, ratio about 1,000.
    await writeZipFixture(bombPaths.ratio, [{ name: 'zeros.txt', compressed: precompress(Buffer.alloc(400 * MB)) }]);
  }
}

function rssMb(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** One measured run, in this (child) process: extraction, listing and selection. */
async function childRun(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'xcr-bench-ingest-'));
  const baseline = rssMb('VmRSS');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const tree = await extractZipToSourceTree(archivePath, { tmpDir: workDir });
  const extractedMs = performance.now() - started;
  const entries = await tree.list();
  const result = await selectFiles(entries, tree, {});
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const systemMs = cpu.system / 1000;
  const peak = rssMb('VmHWM');
  const uncompressedBytes = entries.reduce((sum, entry) => sum + entry.sizeBytes, 0);
  await tree.dispose();
  rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ extractedMs, totalMs, cpuMs, systemMs, rssGrowthMb: peak - baseline, files: entries.length, uncompressedBytes, selected: result.selected.length, skipped: result.skipped.length })}\n`,
  );
}

async function timeBomb(path: string): Promise<{ ms: number; code: string }> {
  const workDir = mkdtempSync(join(tmpdir(), 'xcr-bench-bomb-'));
  const started = performance.now();
  try {
    await extractZipToSourceTree(path, { tmpDir: workDir });
    throw new Error('the bomb was accepted');
  } catch (error) {
    const ms = performance.now() - started;
    const code = (error as { code?: string }).code ?? String(error);
    rmSync(workDir, { recursive: true, force: true });
    return { ms, code };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const buildStarted = performance.now();
  await buildArchive();
  await buildBombs();
  const archiveMb = statSync(archivePath).size / MB;
  console.log(`archive ${archivePath}: ${archiveMb.toFixed(1)} MB, ${fileCount} files (ready in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s)`);

  const results: Array<{ extractedMs: number; totalMs: number; cpuMs: number; systemMs: number; rssGrowthMb: number; files: number; uncompressedBytes: number; selected: number; skipped: number }> = [];
  for (let i = 0; i < runs; i += 1) {
    const output = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child'], { encoding: 'utf8' });
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as (typeof results)[number];
    results.push(result);
    console.log(
      `run ${i + 1}: extract ${(result.extractedMs / 1000).toFixed(2)} s, extract+list+select ${(result.totalMs / 1000).toFixed(2)} s (CPU ${(result.cpuMs / 1000).toFixed(2)} s, of which kernel ${(result.systemMs / 1000).toFixed(2)} s), ` +
        `RSS +${result.rssGrowthMb.toFixed(0)} MB, ${result.files} files (${(result.uncompressedBytes / MB).toFixed(1)} MB), ${result.selected} selected, ${result.skipped} skipped`,
    );
  }
  const seconds = median(results.map((r) => r.totalMs)) / 1000;
  const rss = median(results.map((r) => r.rssGrowthMb));
  const cpuSeconds = median(results.map((r) => r.cpuMs)) / 1000;
  const uncompressedMb = results[0]!.uncompressedBytes / MB;

  const sizeBomb = await timeBomb(bombPaths.size);
  const ratioBomb = await timeBomb(bombPaths.ratio);
  console.log(`size bomb (4 GB declared, ${(statSync(bombPaths.size).size / MB).toFixed(1)} MB zip): ${sizeBomb.code} in ${(sizeBomb.ms / 1000).toFixed(3)} s`);
  console.log(`ratio bomb (400 MB entry, ${(statSync(bombPaths.ratio).size / MB).toFixed(1)} MB zip): ${ratioBomb.code} in ${(ratioBomb.ms / 1000).toFixed(3)} s`);
  const bombSeconds = Math.max(sizeBomb.ms, ratioBomb.ms) / 1000;
  console.log(
    `P-INGEST: ${fileCount} files ${archiveMb.toFixed(1)} MB zip (${uncompressedMb.toFixed(1)} MB unpacked) in ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), ` +
      `RSS +${rss.toFixed(0)} MB; bomb rejected in ${bombSeconds.toFixed(3)} s`,
  );
}

if (process.argv.includes('--child')) await childRun();
else await main();
