import { Readable, Transform } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Logger } from 'pino';
import { AppError, NotFoundError, UnavailableError } from '@xcr/core/errors';
import type { ObjectInfo, ObjectStore } from '@xcr/core/ports/object-store';
import { assertObjectKey, assertObjectPrefix } from '../object-key.ts';

/** Options of the S3-compatible object store (AWS S3, MinIO, ...). */
export interface S3ObjectStoreOptions {
  endpoint?: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and most self-hosted servers need. */
  forcePathStyle?: boolean;
  /** Size of each part of a multipart upload; S3 refuses parts under 5 MiB. */
  partSizeBytes?: number;
  /** How long `ping` waits for an answer. */
  pingTimeoutMs?: number;
}

/** The S3 store plus what the composition root needs beyond the port. */
export interface S3ObjectStore extends ObjectStore {
  /** Creates the bucket when it does not exist yet (every call does this lazily on first use). */
  ensureBucket(signal?: AbortSignal): Promise<void>;
  /** Closes the HTTP connections of the client. */
  close(): Promise<void>;
}

const minPartSizeBytes = 5 * 1024 * 1024;

/**
 * An object store on an S3-compatible service. Streams go up as multipart uploads (a part at a time, so memory stays
 * bounded); S3 makes an object visible only when its upload completes, and a failed or aborted upload is aborted on
 * the server, so a failed put leaves nothing under the key.
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions, deps: { logger?: Logger } = {}): S3ObjectStore {
  silenceNodeVersionWarning();
  const bucket = options.bucket;
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });
  const partSizeBytes = Math.max(minPartSizeBytes, options.partSizeBytes ?? 8 * 1024 * 1024);
  const logger = deps.logger?.child({ component: 'object-store' });
  let bucketReady: Promise<void> | undefined;

  function ensureBucket(signal?: AbortSignal): Promise<void> {
    bucketReady ??= createBucketIfMissing(signal).catch((error: unknown) => {
      bucketReady = undefined;
      throw translate(error, 'bucket');
    });
    return bucketReady;
  }

  async function createBucketIfMissing(signal?: AbortSignal): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
      return;
    } catch (error) {
      if (httpStatus(error) !== 404 && errorName(error) !== 'NotFound' && errorName(error) !== 'NoSuchBucket') throw error;
    }
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal });
      logger?.info({ bucket }, 'bucket created');
    } catch (error) {
      // Another process may have created it in between.
      if (errorName(error) !== 'BucketAlreadyOwnedByYou' && errorName(error) !== 'BucketAlreadyExists') throw error;
    }
  }

  async function put(key: string, body: Buffer | Readable, putOptions: { contentType?: string; signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    assertObjectKey(key);
    const { contentType, signal } = putOptions;
    try {
      signal?.throwIfAborted();
      await ensureBucket(signal);
      if (Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }), { abortSignal: signal });
        return { key, sizeBytes: body.length, contentType, lastModified: new Date() };
      }
      let sizeBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          sizeBytes += chunk.length;
          callback(null, chunk);
        },
      });
      body.on('error', (error) => counter.destroy(error));
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const upload = new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: body.pipe(counter), ContentType: contentType },
          partSize: partSizeBytes,
          queueSize: 2,
          leavePartsOnError: false,
          abortController: controller,
        });
        await upload.done();
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      signal?.throwIfAborted();
      return { key, sizeBytes, contentType, lastModified: new Date() };
    } catch (error) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw translate(error, 'object', signal);
    }
  }

  async function getStream(key: string, signal?: AbortSignal): Promise<Readable> {
    assertObjectKey(key);
    try {
      await ensureBucket(signal);
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      if (!(result.Body instanceof Readable)) throw new UnavailableError('storage_unavailable', 'Object storage returned no stream');
      return result.Body;
    } catch (error) {
      throw translate(error, 'object', signal);
    }
  }

  async function head(key: string, signal?: AbortSignal): Promise<ObjectInfo | undefined> {
    assertObjectKey(key);
    try {
      await ensureBucket(signal);
      const result = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      return { key, sizeBytes: result.ContentLength ?? 0, contentType: result.ContentType, lastModified: result.LastModified };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translate(error, 'object', signal);
    }
  }

  async function remove(key: string, signal?: AbortSignal): Promise<void> {
    assertObjectKey(key);
    try {
      await ensureBucket(signal);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    } catch (error) {
      if (isNotFound(error)) return;
      throw translate(error, 'object', signal);
    }
  }

  async function list(prefix: string, signal?: AbortSignal): Promise<ObjectInfo[]> {
    assertObjectPrefix(prefix);
    const out: ObjectInfo[] = [];
    try {
      await ensureBucket(signal);
      const pages = paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix || undefined });
      for await (const page of pages) {
        signal?.throwIfAborted();
        for (const item of page.Contents ?? []) {
          if (item.Key) out.push({ key: item.Key, sizeBytes: item.Size ?? 0, lastModified: item.LastModified });
        }
      }
    } catch (error) {
      throw translate(error, 'object', signal);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async function signedUrl(key: string, urlOptions: { expiresInS: number; filename?: string }): Promise<string> {
    assertObjectKey(key);
    await ensureBucket();
    const disposition = urlOptions.filename ? `attachment; filename*=UTF-8''${encodeURIComponent(urlOptions.filename)}` : undefined;
    const command = new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition });
    return getSignedUrl(client, command, { expiresIn: Math.max(1, Math.round(urlOptions.expiresInS)) });
  }

  async function ping(signal?: AbortSignal): Promise<void> {
    const timeout = AbortSignal.timeout(options.pingTimeoutMs ?? 2000);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: combined });
    } catch (error) {
      if (isNotFound(error)) return ensureBucket(combined);
      if (signal?.aborted) throw signal.reason;
      throw new UnavailableError('storage_unavailable', 'Object storage does not answer', { cause: error });
    }
  }

  async function close(): Promise<void> {
    client.destroy();
  }

  return {
    id: 's3',
    capabilities: { signedUrls: true },
    put,
    getStream,
    head,
    delete: remove,
    list,
    signedUrl,
    ping,
    ensureBucket,
    close,
  };
}

/**
 * The SDK warns on Node 20 that its releases after January 2027 need Node 22. The version here is pinned, so the
 * warning asks nothing of an operator; it stays silent unless the operator set the variable themselves.
 */
function silenceNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatus(error) === 404;
}

/** Turns SDK errors into the errors of the port: missing keys, refused credentials, and an unavailable service. */
function translate(error: unknown, resource: string, signal?: AbortSignal): unknown {
  if (error instanceof AppError) return error;
  if (signal?.aborted) return signal.reason;
  if (errorName(error) === 'AbortError') return error;
  if (isNotFound(error)) return new NotFoundError(resource, { cause: error });
  const status = httpStatus(error);
  if (status === 403 || errorName(error) === 'InvalidAccessKeyId' || errorName(error) === 'SignatureDoesNotMatch') {
    return new AppError('storage_access_denied', 'Object storage refused the credentials', { status: 500, cause: error });
  }
  return new UnavailableError('storage_unavailable', 'Object storage failed', { cause: error });
}
