// Where backups go besides the local disk: an S3 bucket (MinIO or AWS), addressed as s3://bucket/prefix/.
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** A bucket and key prefix parsed from s3://bucket/prefix. */
export interface S3Location {
  bucket: string;
  key: string;
}

/** Parses `s3://bucket/some/prefix/` (or a full key). */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** An S3 client from XCR_BACKUP_S3_* (falling back to the app's XCR_S3_*) variables. */
export function backupS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const pick = (name: string) => env[`XCR_BACKUP_S3_${name}`] ?? env[`XCR_S3_${name}`];
  const endpoint = pick('ENDPOINT');
  const accessKeyId = pick('ACCESS_KEY');
  const secretAccessKey = pick('SECRET_KEY');
  return new S3Client({
    region: pick('REGION') ?? 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}

/** Uploads local files under the prefix, keeping their base names; returns the keys written. */
export async function uploadFiles(client: S3Client, target: S3Location, paths: readonly string[]): Promise<string[]> {
  const prefix = target.key && !target.key.endsWith('/') ? `${target.key}/` : target.key;
  const keys: string[] = [];
  for (const path of paths) {
    const key = `${prefix}${basename(path)}`;
    await new Upload({ client, params: { Bucket: target.bucket, Key: key, Body: createReadStream(path) } }).done();
    keys.push(key);
  }
  return keys;
}

/** Downloads one object to a local path. */
export async function downloadFile(client: S3Client, source: S3Location, path: string): Promise<void> {
  const res = await client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
  await pipeline(res.Body as Readable, createWriteStream(path));
}

/** Deletes backup objects (xcr-*.dump and their manifests) under the prefix older than `keepDays`; returns their keys. */
export async function pruneOlderThan(client: S3Client, target: S3Location, keepDays: number, now = new Date()): Promise<string[]> {
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const old: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.key, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key && /xcr-[^/]*\.dump(\.manifest\.json)?$/.test(o.Key) && o.LastModified && o.LastModified.getTime() < cutoff) old.push(o.Key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (let i = 0; i < old.length; i += 1000) {
    await client.send(new DeleteObjectsCommand({ Bucket: target.bucket, Delete: { Objects: old.slice(i, i + 1000).map((Key) => ({ Key })) } }));
  }
  return old;
}
