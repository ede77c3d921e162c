import type { Readable } from 'node:stream';

/** The object storage port: a local folder (embedded) or S3-compatible storage (production). */
export interface ObjectStoreCapabilities {
  /** Whether `signedUrl` can hand out a direct download link. */
  readonly signedUrls: boolean;
}

/** Metadata of a stored object. */
export interface ObjectInfo {
  key: string;
  sizeBytes: number;
  contentType?: string;
  lastModified?: Date;
}

/** Keys are relative paths with `/` separators, e.g. `uploads/<project>/<id>.zip`; `..` is refused. */
export interface ObjectStore {
  readonly id: 'fs' | 's3' | 'memory';
  readonly capabilities: ObjectStoreCapabilities;
  /** Stores a body (bytes or a stream) atomically: a failed put leaves nothing under `key`. */
  put(key: string, body: Buffer | Readable, options?: { contentType?: string; signal?: AbortSignal }): Promise<ObjectInfo>;
  /** Reads an object as a stream; throws NotFoundError when absent. */
  getStream(key: string, signal?: AbortSignal): Promise<Readable>;
  /** Metadata, or undefined when absent. */
  head(key: string, signal?: AbortSignal): Promise<ObjectInfo | undefined>;
  /** Removes an object; absent keys are not an error. */
  delete(key: string, signal?: AbortSignal): Promise<void>;
  /** Lists objects under a prefix. */
  list(prefix: string, signal?: AbortSignal): Promise<ObjectInfo[]>;
  /** A time-limited download URL, when the capability says so. */
  signedUrl?(key: string, options: { expiresInS: number; filename?: string }): Promise<string>;
  /** Checks the store answers; throws when it does not. */
  ping(signal?: AbortSignal): Promise<void>;
}
