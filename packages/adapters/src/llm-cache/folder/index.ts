import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@xcr/core/errors';
import type { LlmCache } from '@xcr/core/ports/llm-cache';

/** Options of the folder LLM cache. */
export interface FolderLlmCacheOptions {
  /** The cache folder; created when missing. */
  dir: string;
  /** The clock (tests move it). */
  now?: () => number;
}

/**
 * The CLI's default cache folder: `$XDG_CACHE_HOME/xcodereviewer/llm`, else `~/.cache/xcodereviewer/llm`
 * (`%LOCALAPPDATA%\xcodereviewer\llm` on Windows).
 */
export function defaultLlmCacheDir(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'xcodereviewer', 'llm');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'xcodereviewer', 'llm');
  return join(home, '.cache', 'xcodereviewer', 'llm');
}

interface Entry {
  expiresAtMs: number;
  value: unknown;
}

/**
 * The LLM cache as a folder of JSON files, one per key, for the CLI: re-running `xcr scan` on a changed tree
 * only calls the model for what changed. Keys are hashed by core, so file names are safe; they are spread
 * over 256 sub-folders. Writes go to a temporary file then rename, so a reader never sees half an entry and
 * concurrent writers of one key leave one whole value.
 */
export function createFolderLlmCache(options: FolderLlmCacheOptions): LlmCache {
  const now = options.now ?? Date.now;
  function pathOf(key: string): { dir: string; file: string } {
    const name = key.replace(/[^A-Za-z0-9_-]/g, '_');
    const bucket = name.slice(-2).padStart(2, '_');
    const dir = join(options.dir, bucket);
    return { dir, file: join(dir, `${name}.json`) };
  }
  return {
    id: 'folder',
    async get(key) {
      const { file } = pathOf(key);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new AppError('llm_cache_unreadable', 'The LLM cache folder cannot be read', { cause: error });
      }
      try {
        const entry = JSON.parse(text) as Entry;
        if (typeof entry.expiresAtMs !== 'number' || entry.expiresAtMs <= now()) {
          await rm(file, { force: true });
          return undefined;
        }
        return entry.value;
      } catch {
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      const { dir, file } = pathOf(key);
      const text = JSON.stringify({ expiresAtMs: now() + ttlMs, value } satisfies Entry);
      if (text === undefined) throw new AppError('cache_value_invalid', 'Cache values must be JSON-serialisable', { status: 500 });
      await mkdir(dir, { recursive: true });
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temp, text, { encoding: 'utf8', mode: 0o600 });
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw new AppError('llm_cache_unwritable', 'The LLM cache folder cannot be written', { cause: error });
      }
    },
    async close() {},
  };
}
