import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { createBudgetedPassThrough, type ByteBudget } from './byte-budget.ts';
import { zipError, type ZipLimits } from './zip-rules.ts';

/** An entry that passed the central-directory checks, with its safe path segments. */
export interface PlannedEntry {
  entry: Entry;
  segments: string[];
}

/** Files written at once; the archive is read through one descriptor, so a few suffice. */
const extractConcurrency = 4;
/**
 * Entries up to this size are inflated in one call rather than streamed: a zlib stream per entry costs
 * more than the data in a typical source file, and source archives are thousands of small files.
 */
const inMemoryMaxBytes = 4 * 1024 * 1024;

/**
 * Writes the planned entries under `treeDir`. Sizes are enforced three ways: no entry may produce more
 * or fewer bytes than it declared, the CRC must match, and the bytes written across the archive count
 * against `maxTotalBytes`. The first failure stops the other writers.
 */
export async function extractEntries(zipfile: ZipFile, plan: readonly PlannedEntry[], treeDir: string, limits: ZipLimits, signal?: AbortSignal) {
  const stop = new AbortController();
  const abort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  const createdDirs = new Set<string>();
  // Defence in depth: each entry is already held to its declared size, and the declared total to the limit.
  const written: ByteBudget = { usedBytes: 0, maxBytes: limits.maxTotalBytes };
  let next = 0;
  let firstError: unknown;

  async function extractOne({ entry, segments }: PlannedEntry): Promise<void> {
    const dir = join(treeDir, ...segments.slice(0, -1));
    if (!createdDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      createdDirs.add(dir);
    }
    const target = join(dir, segments.at(-1)!);
    if (entry.uncompressedSize <= inMemoryMaxBytes && entry.compressedSize <= inMemoryMaxBytes) {
      await writeFile(target, await inflateInMemory(zipfile, entry, written), { signal: stop.signal });
    } else {
      const counter = createBudgetedPassThrough(written, () => zipError('zip_too_large', 'The archive expands beyond the size limit'));
      await pipeline(await zipfile.openReadStreamPromise(entry), counter, createWriteStream(target), { signal: stop.signal });
    }
  }

  async function worker(): Promise<void> {
    while (next < plan.length && !stop.signal.aborted) {
      const item = plan[next++]!;
      try {
        await extractOne(item);
      } catch (error) {
        firstError ??= error;
        stop.abort(error);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(extractConcurrency, plan.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  signal?.throwIfAborted();
  if (firstError !== undefined) throw firstError;
}

/** Reads an entry's stored bytes and inflates them in one call, never past the declared size. */
async function inflateInMemory(zipfile: ZipFile, entry: Entry, written: ByteBudget): Promise<Buffer> {
  const raw = await readAll(await zipfile.openReadStreamPromise(entry, { decodeFileData: false }));
  let data: Buffer;
  if (entry.compressionMethod === 0) data = raw;
  else {
    try {
      // One byte of headroom tells "exactly the declared size" from "more than declared".
      data = inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (error) {
      if (error instanceof RangeError) throw zipError('zip_too_large', 'An entry inflates beyond its declared size', error);
      throw zipError('zip_invalid', 'An entry holds corrupt compressed data', error);
    }
  }
  if (data.length > entry.uncompressedSize) throw zipError('zip_too_large', 'An entry inflates beyond its declared size');
  if (data.length < entry.uncompressedSize) throw zipError('zip_invalid', 'An entry is shorter than it declares');
  if (crc32(data) !== entry.crc32) throw zipError('zip_invalid', 'An entry fails its CRC check');
  written.usedBytes += data.length;
  if (written.usedBytes > written.maxBytes) throw zipError('zip_too_large', 'The archive expands beyond the size limit');
  return data;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
