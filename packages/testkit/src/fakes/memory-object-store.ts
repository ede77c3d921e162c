import { Readable } from 'node:stream';
import { assertObjectKey, assertObjectPrefix } from '@xcr/adapters/storage/object-key';
import { NotFoundError } from '@xcr/core/errors';
import type { ObjectInfo, ObjectStore } from '@xcr/core/ports/object-store';

interface StoredObject {
  bytes: Buffer;
  contentType?: string;
  lastModified: Date;
}

/** An in-memory `ObjectStore` for unit tests, with the same key rules and atomic puts as the real stores. */
export interface MemoryObjectStore extends ObjectStore {
  /** The stored keys, sorted; for assertions. */
  keys(): string[];
}

/** Creates an empty in-memory object store. */
export function createMemoryObjectStore(): MemoryObjectStore {
  const objects = new Map<string, StoredObject>();

  async function put(key: string, body: Buffer | Readable, options: { contentType?: string; signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    assertObjectKey(key);
    options.signal?.throwIfAborted();
    let bytes: Buffer;
    if (Buffer.isBuffer(body)) {
      bytes = Buffer.from(body);
    } else {
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of body) {
          options.signal?.throwIfAborted();
          chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
        }
      } finally {
        body.destroy();
      }
      bytes = Buffer.concat(chunks);
    }
    options.signal?.throwIfAborted();
    const stored: StoredObject = { bytes, contentType: options.contentType, lastModified: new Date() };
    objects.set(key, stored);
    return info(key, stored);
  }

  async function getStream(key: string, signal?: AbortSignal): Promise<Readable> {
    assertObjectKey(key);
    signal?.throwIfAborted();
    const stored = objects.get(key);
    if (!stored) throw new NotFoundError('object');
    return Readable.from([Buffer.from(stored.bytes)]);
  }

  async function head(key: string): Promise<ObjectInfo | undefined> {
    assertObjectKey(key);
    const stored = objects.get(key);
    return stored ? info(key, stored) : undefined;
  }

  async function remove(key: string): Promise<void> {
    assertObjectKey(key);
    objects.delete(key);
  }

  async function list(prefix: string): Promise<ObjectInfo[]> {
    assertObjectPrefix(prefix);
    return [...objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, stored]) => info(key, stored))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  return {
    id: 'memory',
    capabilities: { signedUrls: false },
    put,
    getStream,
    head,
    delete: remove,
    list,
    async ping() {},
    keys: () => [...objects.keys()].sort(),
  };
}

function info(key: string, stored: StoredObject): ObjectInfo {
  return { key, sizeBytes: stored.bytes.length, contentType: stored.contentType, lastModified: stored.lastModified };
}
