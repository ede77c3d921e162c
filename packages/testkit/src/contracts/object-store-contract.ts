import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AppError, NotFoundError } from '@xcr/core/errors';
import type { ObjectStore } from '@xcr/core/ports/object-store';

/** What a contract factory hands back: a ready store and how to dispose of it. */
export interface ObjectStoreFixture {
  instance: ObjectStore;
  cleanup(): Promise<void>;
}

/** Reads a stream to the end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** A stream of `chunks` chunks of `chunkBytes` random bytes, and the bytes it yields. */
function randomStream(chunks: number, chunkBytes: number): { stream: Readable; bytes: Buffer } {
  const parts = Array.from({ length: chunks }, () => randomBytes(chunkBytes));
  return { stream: Readable.from(parts), bytes: Buffer.concat(parts) };
}

/** A stream that yields some bytes and then fails, as a dropped upload does. */
function failingStream(bytesBeforeFailure: number): Readable {
  async function* generate() {
    yield randomBytes(bytesBeforeFailure);
    throw new Error('client went away');
  }
  return Readable.from(generate());
}

/**
 * The behaviour every `ObjectStore` shares: byte-exact round trips of buffers and streams, atomic puts (a failed or
 * aborted put leaves nothing, or leaves the previous object intact), NotFoundError for missing keys, prefix listing,
 * and refusal of keys that could escape the store.
 */
export function describeObjectStoreContract(label: string, factory: () => Promise<ObjectStoreFixture>): void {
  describe(`ObjectStore contract: ${label}`, () => {
    let fixture: ObjectStoreFixture;
    let store: ObjectStore;
    const base = `contract-${randomBytes(4).toString('hex')}`;

    before(async () => {
      fixture = await factory();
      store = fixture.instance;
    });
    after(async () => {
      await fixture?.cleanup();
    });

    it('stores a buffer and reads it back byte for byte', async () => {
      const key = `${base}/buffers/a.bin`;
      const bytes = randomBytes(4096);
      const info = await store.put(key, bytes, { contentType: 'application/octet-stream' });
      assert.equal(info.key, key);
      assert.equal(info.sizeBytes, bytes.length);
      assert.deepEqual(await readAll(await store.getStream(key)), bytes);
      const meta = await store.head(key);
      assert.equal(meta?.sizeBytes, bytes.length);
      assert.ok(meta?.contentType === undefined || meta.contentType === 'application/octet-stream');
    });

    it('stores a stream larger than one multipart part', async () => {
      const key = `${base}/streams/big.bin`;
      const { stream, bytes } = randomStream(13, 512 * 1024);
      const info = await store.put(key, stream);
      assert.equal(info.sizeBytes, bytes.length);
      const read = await readAll(await store.getStream(key));
      assert.equal(read.length, bytes.length);
      assert.ok(read.equals(bytes));
    });

    it('replaces an object on a second put', async () => {
      const key = `${base}/replace.txt`;
      await store.put(key, Buffer.from('first'));
      await store.put(key, Buffer.from('second, longer'));
      assert.equal((await readAll(await store.getStream(key))).toString(), 'second, longer');
    });

    it('keeps keys with spaces and non-ASCII characters', async () => {
      const key = `${base}/names/Prüfbericht 2026 (v1).pdf`;
      await store.put(key, Buffer.from('%PDF'));
      assert.equal((await readAll(await store.getStream(key))).toString(), '%PDF');
      assert.deepEqual((await store.list(`${base}/names/`)).map((o) => o.key), [key]);
    });

    it('throws NotFoundError for a missing key and returns undefined from head', async () => {
      await assert.rejects(store.getStream(`${base}/missing.bin`), NotFoundError);
      assert.equal(await store.head(`${base}/missing.bin`), undefined);
    });

    it('deletes objects, and deleting a missing key is not an error', async () => {
      const key = `${base}/delete/me.txt`;
      await store.put(key, Buffer.from('x'));
      await store.delete(key);
      assert.equal(await store.head(key), undefined);
      await store.delete(key);
      await store.delete(`${base}/never/was.txt`);
    });

    it('lists objects under a prefix, sorted, and nothing else', async () => {
      const keys = [`${base}/list/a/1.txt`, `${base}/list/a/2.txt`, `${base}/list/a/sub/3.txt`, `${base}/list/b/4.txt`, `${base}/list/ab.txt`];
      for (const key of keys) await store.put(key, Buffer.from(key));
      assert.deepEqual(
        (await store.list(`${base}/list/a/`)).map((o) => o.key),
        [`${base}/list/a/1.txt`, `${base}/list/a/2.txt`, `${base}/list/a/sub/3.txt`],
      );
      assert.deepEqual(
        (await store.list(`${base}/list/a`)).map((o) => o.key),
        [`${base}/list/a/1.txt`, `${base}/list/a/2.txt`, `${base}/list/a/sub/3.txt`, `${base}/list/ab.txt`],
      );
      const all = await store.list(`${base}/list/`);
      assert.equal(all.length, keys.length);
      assert.ok(all.every((o) => o.sizeBytes > 0));
      assert.deepEqual(await store.list(`${base}/list/nothing/`), []);
    });

    it('leaves nothing behind when the body stream fails', async () => {
      const key = `${base}/atomic/new.bin`;
      await assert.rejects(store.put(key, failingStream(64 * 1024)));
      assert.equal(await store.head(key), undefined);
      assert.deepEqual(await store.list(`${base}/atomic/`), []);
    });

    it('keeps the previous object when a replacing put fails', async () => {
      const key = `${base}/atomic/existing.txt`;
      await store.put(key, Buffer.from('intact'));
      await assert.rejects(store.put(key, failingStream(6 * 1024 * 1024)));
      assert.equal((await readAll(await store.getStream(key))).toString(), 'intact');
    });

    it('stops a put when its signal aborts and stores nothing', async () => {
      const key = `${base}/atomic/aborted.bin`;
      const controller = new AbortController();
      async function* slow() {
        yield randomBytes(1024);
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 50));
        yield randomBytes(1024);
      }
      await assert.rejects(store.put(key, Readable.from(slow()), { signal: controller.signal }));
      assert.equal(await store.head(key), undefined);
      const already = AbortSignal.abort();
      await assert.rejects(store.put(`${base}/atomic/pre-aborted.bin`, Buffer.from('x'), { signal: already }));
      assert.equal(await store.head(`${base}/atomic/pre-aborted.bin`), undefined);
    });

    const badKeys = ['', '../escape.txt', 'a/../../escape.txt', '/etc/passwd', 'a//b.txt', 'a\\b.txt', './a.txt', 'a/./b.txt', 'a/', 'nul\u0000byte'];
    for (const key of badKeys) {
      it(`refuses the key ${JSON.stringify(key)}`, async () => {
        await assert.rejects(store.put(key, Buffer.from('x')), (error: unknown) => error instanceof AppError && error.code === 'invalid_object_key');
        await assert.rejects(store.getStream(key), (error: unknown) => error instanceof AppError && error.code === 'invalid_object_key');
        await assert.rejects(store.head(key), (error: unknown) => error instanceof AppError && error.code === 'invalid_object_key');
        await assert.rejects(store.delete(key), (error: unknown) => error instanceof AppError && error.code === 'invalid_object_key');
      });
    }

    it('refuses a list prefix that climbs out', async () => {
      await assert.rejects(store.list('../'), (error: unknown) => error instanceof AppError && error.code === 'invalid_object_key');
    });

    it('hands out a working download URL when it says it can', async (t) => {
      if (!store.capabilities.signedUrls || !store.signedUrl) {
        t.skip('no signed URLs');
        return;
      }
      const key = `${base}/signed/report.json`;
      await store.put(key, Buffer.from('{"ok":true}'), { contentType: 'application/json' });
      const url = await store.signedUrl(key, { expiresInS: 60, filename: 'report.json' });
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '{"ok":true}');
    });

    it('answers ping', async () => {
      await store.ping();
    });
  });
}
