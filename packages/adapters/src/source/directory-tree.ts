import { constants } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { NotFoundError, ValidationError } from '@xcr/core/errors';
import type { SourceEntry, SourceTree } from '@xcr/core/ports/source-tree';

/** Folder names whose content is never listed nor read: Git's own database. */
const hiddenDirNames: ReadonlySet<string> = new Set(['.git']);

export interface DirectoryTreeOptions {
  /** An existing folder, already resolved with `realpath`. */
  rootDir: string;
  label: string;
  commit?: string;
  /** Called once by `dispose()`: removes temporary folders (never set for a user's own folder). */
  onDispose?: () => Promise<void>;
}

/**
 * A `SourceTree` over a folder on disk, shared by the folder, ZIP and Git intakes. Symlinks are listed
 * (flagged) but never followed nor read, and a read can never leave the root, even through a symlinked
 * folder, because the resolved path is checked against the resolved root.
 */
export function createDirectoryTree(options: DirectoryTreeOptions): SourceTree {
  const { rootDir } = options;
  let disposal: Promise<void> | undefined;
  return {
    label: options.label,
    ...(options.commit === undefined ? {} : { commit: options.commit }),
    list: (signal) => listDirectory(rootDir, signal),
    read: (path, maxBytes) => readContained(rootDir, path, maxBytes),
    dispose() {
      disposal ??= options.onDispose?.() ?? Promise.resolve();
      return disposal;
    },
  };
}

/** Every regular file and symlink under `rootDir`, sorted by path in code-unit order. */
export async function listDirectory(rootDir: string, signal?: AbortSignal): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const relativeDir = pending.pop()!;
    const dirents = await readdir(join(rootDir, relativeDir), { withFileTypes: true });
    const files: Promise<SourceEntry>[] = [];
    for (const dirent of dirents) {
      const path = relativeDir === '' ? dirent.name : `${relativeDir}/${dirent.name}`;
      if (dirent.isSymbolicLink()) entries.push({ path, sizeBytes: 0, isSymlink: true });
      else if (dirent.isDirectory()) {
        if (!hiddenDirNames.has(dirent.name)) pending.push(path);
      } else if (dirent.isFile()) {
        files.push(lstat(join(rootDir, path)).then((stats) => ({ path, sizeBytes: stats.size, isSymlink: false })));
      }
      // Sockets, FIFOs and devices are not source: left out.
    }
    entries.push(...(await Promise.all(files)));
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Reads up to `maxBytes` (default: all) of a file given by its tree path. Refuses malformed paths,
 * anything inside `.git`, symlinks, and paths that resolve outside the root.
 */
export async function readContained(rootDir: string, path: string, maxBytes?: number): Promise<Buffer> {
  const segments = path.split('/');
  if (path.length === 0 || path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new ValidationError('source_path_invalid', 'The path must be relative, without empty, "." or ".." segments');
  }
  if (segments.some((segment) => hiddenDirNames.has(segment))) throw new NotFoundError('File');

  const fullPath = join(rootDir, ...segments);
  let resolved: string;
  try {
    const stats = await lstat(fullPath);
    if (stats.isSymbolicLink()) throw new ValidationError('source_path_symlink', 'Symbolic links are never read', { status: 422 });
    if (!stats.isFile()) throw new NotFoundError('File');
    resolved = await realpath(fullPath);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof NotFoundError) throw error;
    throw new NotFoundError('File', { cause: error });
  }
  if (!resolved.startsWith(rootDir.endsWith(sep) ? rootDir : rootDir + sep)) {
    throw new ValidationError('source_path_outside', 'The path leaves the source tree', { status: 422 });
  }

  // O_NOFOLLOW closes the gap between the checks above and the open, should the file become a link;
  // O_NONBLOCK keeps a file swapped for a FIFO from hanging the open (the fstat below then refuses it).
  const handle = await open(resolved, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: unknown) => {
    throw new NotFoundError('File', { cause: error });
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotFoundError('File');
    const length = Math.min(stats.size, maxBytes ?? stats.size);
    const buffer = Buffer.alloc(length);
    let offset = 0;
    while (offset < length) {
      const { bytesRead } = await handle.read(buffer, offset, length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === length ? buffer : buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}
