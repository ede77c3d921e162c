import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** A running in-process S3 server for tests, with what a client needs to reach it. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  forcePathStyle: true;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver on 127.0.0.1 and a free port, storing under a fresh temporary folder. The bucket is not created, so
 * tests also cover the store's own bucket creation; pass `createBucket: true` to have it made up front.
 */
export async function startS3rver(options: { bucket?: string; createBucket?: boolean } = {}): Promise<TestS3Server> {
  // The AWS SDK warns on Node 20 about its future releases; that is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const bucket = options.bucket ?? `xcr-test-${Math.random().toString(36).slice(2, 10)}`;
  const directory = await mkdtemp(join(tmpdir(), 'xcr-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.createBucket ? [{ name: bucket }] : [],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    region: 'us-east-1',
    forcePathStyle: true,
    async stop() {
      // Keep-alive sockets of SDK clients would hold close() open until they time out.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
