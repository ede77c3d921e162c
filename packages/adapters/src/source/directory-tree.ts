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
  /** The listing, when the intake already knows it (ZIP: from the checked central directory); else the folder is walked. */
  entries?: readonly SourceEntry[];
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
  const folders: FolderCache = new Map();
  return {
    label: options.label,
    ...(options.commit === undefined ? {} : { commit: options.commit }),
    list: async (signal) => {
      signal?.throwIfAborted();
      return options.entries ? options.entries.map((entry) => ({ ...entry })) : listDirectory(rootDir, signal);
    },
    read: (path, maxBytes) => readContained(rootDir, path, maxBytes, folders),
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

/** Resolved folders of one tree, so each folder costs one `realpath` however many files it holds. */
export type FolderCache = Map<string, Promise<string>>;

/**
 * Reads up to `maxBytes` (default: all) of a file given by its tree path. Refuses malformed paths,
 * anything inside `.git`, symlinks, and paths whose folder resolves outside the root. The folder is
 * resolved (and cached); the file itself is opened with O_NOFOLLOW, so a symlink in its place fails the
 * open instead of being followed.
 */
export async function readContained(rootDir: string, path: string, maxBytes?: number, folders: FolderCache = new Map()): Promise<Buffer> {
  const segments = path.split('/');
  if (path.length === 0 || path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new ValidationError('source_path_invalid', 'The path must be relative, without empty, "." or ".." segments');
  }
  if (segments.some((segment) => hiddenDirNames.has(segment))) throw new NotFoundError('File');

  const folder = segments.slice(0, -1).join('/');
  let resolvedFolder = folders.get(folder);
  if (!resolvedFolder) {
    resolvedFolder = realpath(join(rootDir, folder));
    folders.set(folder, resolvedFolder);
  }
  const realFolder = await resolvedFolder.catch((error: unknown) => {
    throw new NotFoundError('File', { cause: error });
  });
  if (realFolder !== rootDir && !realFolder.startsWith(rootDir.endsWith(sep) ? rootDir : rootDir + sep)) {
    throw new ValidationError('source_path_outside', 'The path leaves the source tree', { status: 422 });
  }

  // O_NONBLOCK keeps a FIFO from hanging the open (the fstat below then refuses it).
  const handle = await open(join(realFolder, segments.at(-1)!), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (error: unknown) => {
      if ((error as { code?: unknown }).code === 'ELOOP') {
        throw new ValidationError('source_path_symlink', 'Symbolic links are never read', { status: 422 });
      }
      throw new NotFoundError('File', { cause: error });
    },
  );
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotFoundError('File');
    const length = Math.min(stats.size, maxBytes ?? stats.size);
    const buffer = Buffer.allocUnsafe(length);
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
