import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, open, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { addAbortSignal, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConflictError, NotFoundError, ValidationError } from '@xcr/core/errors';
import type { ObjectInfo, ObjectStore } from '@xcr/core/ports/object-store';
import { assertObjectKey, assertObjectPrefix } from '../object-key.ts';

/** Options of the folder-backed object store. */
export interface FsObjectStoreOptions {
  /** Folder that holds the objects; created on first use. */
  root: string;
}

/**
 * Folder where puts are written before they are renamed into place. It sits inside the root so the rename stays on
 * one file system (and so is atomic); keys may not start with it.
 */
const incomingDir = '.incoming';

/**
 * An object store on a local folder (the embedded default). A put writes a temporary file, flushes it and renames it
 * over the key, so readers see the old object or the new one, never a partial one; a failed or aborted put removes
 * its temporary file.
 */
export function createFsObjectStore(options: FsObjectStoreOptions): ObjectStore {
  const root = resolve(options.root);
  let rootReady: Promise<void> | undefined;

  function ensureRoot(): Promise<void> {
    rootReady ??= mkdir(join(root, incomingDir), { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        rootReady = undefined;
        throw error;
      },
    );
    return rootReady;
  }

  function pathOf(key: string): string {
    assertObjectKey(key);
    if (key === incomingDir || key.startsWith(`${incomingDir}/`)) {
      throw new ValidationError('invalid_object_key', 'Invalid object key: reserved folder');
    }
    return join(root, ...key.split('/'));
  }

  async function put(key: string, body: Buffer | Readable, putOptions: { contentType?: string; signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    const target = pathOf(key);
    const signal = putOptions.signal;
    signal?.throwIfAborted();
    await ensureRoot();
    const temp = join(root, incomingDir, `${randomUUID()}.part`);
    try {
      if (Buffer.isBuffer(body)) {
        await writeFile(temp, body, { flag: 'wx', signal });
      } else {
        await pipeline(body, createWriteStream(temp, { flags: 'wx' }), signal ? { signal } : {});
      }
      await flushFile(temp);
      signal?.throwIfAborted();
      await moveIntoPlace(temp, target, key);
    } catch (error) {
      await rm(temp, { force: true });
      if (!Buffer.isBuffer(body)) body.destroy();
      throw error;
    }
    const info = await stat(target);
    return { key, sizeBytes: info.size, lastModified: info.mtime };
  }

  async function getStream(key: string, signal?: AbortSignal): Promise<Readable> {
    const path = pathOf(key);
    signal?.throwIfAborted();
    // Open first so a missing key fails here, as a NotFoundError, rather than later as a stream error.
    const handle = await open(path, 'r').catch((error: unknown) => {
      if (isMissing(error)) throw new NotFoundError('object');
      throw error;
    });
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new NotFoundError('object');
    }
    const stream = handle.createReadStream();
    return signal ? addAbortSignal(signal, stream) : stream;
  }

  async function head(key: string, signal?: AbortSignal): Promise<ObjectInfo | undefined> {
    const path = pathOf(key);
    signal?.throwIfAborted();
    try {
      const info = await stat(path);
      return info.isFile() ? { key, sizeBytes: info.size, lastModified: info.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function remove(key: string, signal?: AbortSignal): Promise<void> {
    const path = pathOf(key);
    signal?.throwIfAborted();
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return;
    await rm(path, { force: true });
    await pruneEmptyFolders(dirname(path));
  }

  /** Removes folders a delete left empty, up to the root; another writer may refill one at any time, so failures are fine. */
  async function pruneEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (current.startsWith(root + sep) && current !== root) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = dirname(current);
    }
  }

  async function list(prefix: string, signal?: AbortSignal): Promise<ObjectInfo[]> {
    assertObjectPrefix(prefix);
    await ensureRoot();
    // Walk only the deepest folder the prefix names completely.
    const folderKey = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const out: ObjectInfo[] = [];
    await walk(folderKey, out, prefix, signal);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async function walk(folderKey: string, out: ObjectInfo[], prefix: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const folder = folderKey ? join(root, ...folderKey.split('/')) : root;
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    for (const entry of entries) {
      const key = folderKey ? `${folderKey}/${entry.name}` : entry.name;
      if (!folderKey && entry.name === incomingDir) continue;
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(key, out, prefix, signal);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const info = await stat(join(folder, entry.name)).catch(() => undefined);
        if (info) out.push({ key, sizeBytes: info.size, lastModified: info.mtime });
      }
    }
  }

  async function ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await ensureRoot();
    await access(root, constants.R_OK | constants.W_OK);
  }

  return { id: 'fs', capabilities: { signedUrls: false }, put, getStream, head, delete: remove, list, ping };
}

/** Flushes a written file to disk before the rename publishes it, so a crash cannot leave an empty object. */
async function flushFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function moveIntoPlace(temp: string, target: string, key: string): Promise<void> {
  // A concurrent delete may prune the parent folder between mkdir and rename; one retry covers that race.
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
      return;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' && attempt < 3) continue;
      if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
        throw new ConflictError('object_key_conflict', 'An object key clashes with a folder of other keys', { details: { key }, cause: error });
      }
      throw error;
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

