/**
 * Small tmpfs mounts for full-disk tests: a folder of the server's data directory becomes a file system of a few
 * megabytes, so writes past that fail with ENOSPC exactly as on a full disk. Needs root (mount(8)); callers skip
 * when `mountTmpfs` reports why it could not mount.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A mounted tmpfs. */
export interface TmpfsMount {
  dir: string;
  /** Changes the size (tmpfs allows it while mounted, as long as the files fit). */
  resize(sizeBytes: number): Promise<void>;
  /** Bytes free, as statfs reports them. */
  freeBytes(): Promise<number>;
  unmount(): Promise<void>;
}

function sizeOption(sizeBytes: number): string {
  return `size=${Math.ceil(sizeBytes / 1024)}k`;
}

/** Mounts a tmpfs of `sizeBytes` on `dir` (created if missing); `{ reason }` when mounting is not possible here. */
export async function mountTmpfs(dir: string, sizeBytes: number): Promise<TmpfsMount | { reason: string }> {
  await mkdir(dir, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', sizeOption(sizeBytes), 'tmpfs', dir], { timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return { reason: `cannot mount a tmpfs on ${dir} (needs root): ${stderr || String(error)}` };
  }
  let isMounted = true;
  return {
    dir,
    async resize(size) {
      await run('mount', ['-o', `remount,${sizeOption(size)}`, dir], { timeout: 10_000 });
    },
    async freeBytes() {
      const { stdout } = await run('df', ['--output=avail', '-B1', dir], { timeout: 10_000 });
      return Number(stdout.trim().split('\n').at(-1));
    },
    async unmount() {
      if (!isMounted) return;
      await run('umount', [dir], { timeout: 10_000 });
      isMounted = false;
    },
  };
}

/** Every file under `dir` (not folders), relative to it, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(relative(dir, path));
    }
  }
  if (await stat(dir).catch(() => undefined)) await walk(dir);
  return out.sort();
}
