import { open } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer for tests and benchmarks: it builds archives no well-behaved tool would make
 * (traversal names, symlink entries, lying sizes, bombs that reuse one compressed block many times).
 * Not for production use: no ZIP64, so under 4 GB and 65,535 entries.
 */
export interface ZipFixtureEntry {
  /** The raw entry name, written as is (it may be hostile). Names ending in `/` are folders. */
  name: string;
  /** Content; ignored when `compressed` is given. */
  data?: Buffer;
  /** Default `deflate`. */
  method?: 'store' | 'deflate';
  /** Unix mode stored in the external attributes, e.g. `0o120777` for a symlink. Default `0o100644`. */
  unixMode?: number;
  /** Already-deflated content, so one block can be reused by many entries. */
  compressed?: PrecompressedData;
  /** A false uncompressed size for the central directory (lying archives). */
  declaredUncompressedSize?: number;
  /** Sets the "encrypted" flag (the data stays plain; readers must refuse it anyway). */
  isEncrypted?: boolean;
}

/** Deflated bytes with the facts about the data they inflate to. */
export interface PrecompressedData {
  data: Buffer;
  crc32: number;
  uncompressedSize: number;
}

/** Deflates a buffer once, for reuse across entries. */
export function precompress(data: Buffer): PrecompressedData {
  return { data: deflateRawSync(data), crc32: crc32(data), uncompressedSize: data.length };
}

/** Writes the archive to `path`, streaming entry by entry. */
export async function writeZipFixture(path: string, entries: Iterable<ZipFixtureEntry>): Promise<void> {
  const file = await open(path, 'w');
  const central: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // Small entries are many: batch them into large writes.
  async function write(chunk: Buffer, shouldFlush = false) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (shouldFlush || pendingBytes >= 1024 * 1024) {
      await file.write(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
  }
  let offset = 0;
  let count = 0;
  try {
    for (const entry of entries) {
      const name = Buffer.from(entry.name, 'utf8');
      const isFolder = entry.name.endsWith('/');
      const payload = payloadOf(entry, isFolder);
      const declaredSize = entry.declaredUncompressedSize ?? payload.uncompressedSize;
      const mode = entry.unixMode ?? (isFolder ? 0o40755 : 0o100644);
      const flags = 0x0800 | (entry.isEncrypted ? 1 : 0); // UTF-8 names

      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(payload.method, 8);
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(0x21, 12); // 1980-01-01
      local.writeUInt32LE(payload.crc32, 14);
      local.writeUInt32LE(payload.data.length, 18);
      local.writeUInt32LE(declaredSize, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      await write(local);
      await write(name);
      await write(payload.data);

      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode bits count
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(flags, 8);
      record.writeUInt16LE(payload.method, 10);
      record.writeUInt16LE(0, 12);
      record.writeUInt16LE(0x21, 14);
      record.writeUInt32LE(payload.crc32, 16);
      record.writeUInt32LE(payload.data.length, 20);
      record.writeUInt32LE(declaredSize, 24);
      record.writeUInt16LE(name.length, 28);
      record.writeUInt32LE(((mode << 16) | (isFolder ? 0x10 : 0)) >>> 0, 38);
      record.writeUInt32LE(offset, 42);
      central.push(record, name);

      offset += local.length + name.length + payload.data.length;
      count += 1;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await write(directory);
    await write(end, true);
  } finally {
    await file.close();
  }
}

function payloadOf(entry: ZipFixtureEntry, isFolder: boolean): { data: Buffer; crc32: number; uncompressedSize: number; method: number } {
  if (entry.compressed) return { ...entry.compressed, method: 8 };
  const data = isFolder ? Buffer.alloc(0) : (entry.data ?? Buffer.alloc(0));
  if (entry.method === 'store' || isFolder) return { data, crc32: crc32(data), uncompressedSize: data.length, method: 0 };
  return { ...precompress(data), method: 8 };
}
