import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '@xcr/core/errors';
import type { SourceEntry, SourceTree } from '@xcr/core/ports/source-tree';
import { createDirectoryTree } from '../directory-tree.ts';
import { createBudgetedPassThrough } from './byte-budget.ts';
import { extractEntries, type PlannedEntry } from './zip-extract.ts';
import { checkEntryName, createPathClaims, defaultZipLimits, exceedsRatio, isSymlinkMode, zipError, type ZipLimits } from './zip-rules.ts';

export interface ZipSourceTreeOptions {
  /** Where the fresh working folder is created (e.g. `os.tmpdir()` or the data directory). */
  tmpDir: string;
  limits?: Partial<ZipLimits>;
  /** The label for reports (default: the archive's file name, or `upload.zip` for a stream). */
  label?: string;
  signal?: AbortSignal;
}

/**
 * Extracts an uploaded ZIP (a path, or a stream that is first saved under the size limit) into a fresh
 * folder and serves it as a `SourceTree`. Every refusal has its own code (see `ZipRejection`) and leaves
 * nothing on disk. The central directory is checked in full before any byte is inflated (names, symlinks,
 * entry count, declared sizes, ratios), so bombs are refused without being inflated; while extracting, the
 * bytes actually written are counted too, and entries that inflate past their declared size are stopped.
 */
export async function extractZipToSourceTree(source: string | Readable, options: ZipSourceTreeOptions): Promise<SourceTree> {
  const limits: ZipLimits = { ...defaultZipLimits, ...options.limits };
  const workDir = await mkdtemp(join(options.tmpDir, 'xcr-zip-'));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  try {
    let archivePath: string;
    if (typeof source === 'string') {
      archivePath = source;
      if ((await stat(archivePath)).size > limits.maxArchiveBytes) throw zipError('zip_too_large', 'The archive is larger than allowed');
    } else {
      archivePath = join(workDir, 'upload.zip');
      await saveStream(source, archivePath, limits.maxArchiveBytes, options.signal);
    }
    const treeDir = join(workDir, 'tree');
    await mkdir(treeDir);
    const entries = await extractArchive(archivePath, treeDir, limits, options.signal);
    if (typeof source !== 'string') await rm(archivePath, { force: true });
    const label = options.label ?? (typeof source === 'string' ? basename(source) : 'upload.zip');
    return createDirectoryTree({ rootDir: await realpath(treeDir), label, entries, onDispose: removeWorkDir });
  } catch (error) {
    await removeWorkDir();
    throw asZipError(error);
  }
}

/** Extracts the archive and returns its listing, known from the checked directory (sizes verified while writing). */
async function extractArchive(archivePath: string, treeDir: string, limits: ZipLimits, signal?: AbortSignal): Promise<SourceEntry[]> {
  let zipfile: ZipFile;
  try {
    zipfile = await yauzl.openPromise(archivePath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw zipError('zip_invalid', 'The file is not a readable ZIP archive', error);
  }
  // yauzl reports late problems as 'error' events; without a listener they would crash the process.
  zipfile.on('error', () => {});
  try {
    // The end-of-central-directory record holds the count: refused before a single entry is read.
    if (zipfile.entryCount > limits.maxEntries) {
      throw zipError('zip_too_many_entries', `The archive has more than ${limits.maxEntries} entries`);
    }
    const plan = await planEntries(zipfile, limits, signal);
    await extractEntries(zipfile, plan, treeDir, limits, signal);
    return plan
      .map(({ entry, segments }) => ({ path: segments.join('/'), sizeBytes: entry.uncompressedSize, isSymlink: false }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } finally {
    zipfile.close();
  }
}

/** Reads the whole central directory (no inflating) and refuses the archive on the first problem. */
async function planEntries(zipfile: ZipFile, limits: ZipLimits, signal?: AbortSignal): Promise<PlannedEntry[]> {
  // Each path is claimed once (duplicates are refused), so parallel writers never share a file.
  const plan: PlannedEntry[] = [];
  const claim = createPathClaims();
  let declaredBytes = 0;
  let compressedBytes = 0;
  let worstEntry: Entry | undefined;
  let count = 0;
  for (let entry = await nextEntry(zipfile); entry; entry = await nextEntry(zipfile)) {
    signal?.throwIfAborted();
    count += 1;
    if (count > limits.maxEntries) throw zipError('zip_too_many_entries', `The archive has more than ${limits.maxEntries} entries`);
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    const { segments, isDirectory } = checkEntryName(name);
    if (isSymlinkMode(entry.externalFileAttributes)) throw zipError('zip_symlink', 'The archive contains a symbolic link');
    if (entry.isEncrypted()) throw zipError('zip_encrypted', 'The archive contains encrypted entries');
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw zipError('zip_invalid', 'The archive uses an unsupported compression method');
    }
    declaredBytes += entry.uncompressedSize;
    compressedBytes += entry.compressedSize;
    // Size before ratio: a bomb far over the total is reported as too large, whatever its ratio.
    if (declaredBytes > limits.maxTotalBytes) throw zipError('zip_too_large', 'The archive expands beyond the size limit');
    if (!worstEntry || ratioOf(entry) > ratioOf(worstEntry)) worstEntry = entry;
    claim(segments, isDirectory);
    if (!isDirectory && segments.length > 0) plan.push({ entry, segments });
  }
  if (worstEntry && exceedsRatio(worstEntry.uncompressedSize, worstEntry.compressedSize, limits)) {
    throw zipError('zip_ratio_exceeded', `An entry has a compression ratio above ${limits.maxRatio}`);
  }
  if (exceedsRatio(declaredBytes, compressedBytes, limits)) {
    throw zipError('zip_ratio_exceeded', `The archive has a compression ratio above ${limits.maxRatio}`);
  }
  return plan;
}

function ratioOf(entry: Entry): number {
  // Entries under the ratio floor never count, whatever their ratio.
  if (entry.uncompressedSize === 0) return 0;
  return entry.compressedSize === 0 ? Number.POSITIVE_INFINITY : entry.uncompressedSize / entry.compressedSize;
}

function nextEntry(zipfile: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(undefined));
    const onError = (error: unknown) => settle(() => reject(zipError('zip_invalid', 'The archive directory is corrupt', error)));
    function settle(action: () => void) {
      zipfile.off('entry', onEntry).off('end', onEnd).off('error', onError);
      action();
    }
    zipfile.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zipfile.readEntry();
  });
}

async function saveStream(source: Readable, path: string, maxBytes: number, signal?: AbortSignal): Promise<void> {
  const counter = createBudgetedPassThrough({ usedBytes: 0, maxBytes }, () => zipError('zip_too_large', 'The archive is larger than allowed'));
  await pipeline(source, counter, createWriteStream(path), ...(signal ? [{ signal }] : []));
}

/** Our own errors pass through; yauzl's and zlib's become `zip_invalid` or, for entries that lie about their size, `zip_too_large`. */
function asZipError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('too many bytes in the stream')) {
    return zipError('zip_too_large', 'An entry inflates beyond its declared size', error);
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && ['ENOSPC', 'EMFILE', 'ENFILE', 'EACCES'].includes(code)) return error;
  return zipError('zip_invalid', 'The archive is corrupt or cannot be extracted', error);
}
