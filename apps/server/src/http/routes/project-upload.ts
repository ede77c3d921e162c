// `POST /projects/{id}/upload`: a ZIP archive in the multipart field `file`, saved under the size limit to a
// temporary folder, checked the way the audit will extract it (so a hostile archive is refused now, with its own
// code), then stored. Nothing reaches the object store unless every check passed; the temporary folder always goes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  IdParams,
  UploadResponse,
  type ProjectRole,
  type ProjectUpload,
  type UploadResponse as UploadAnswer,
} from '@xcr/contracts/api/index';
import { extractZipToSourceTree } from '@xcr/adapters/source/zip/zip-source-tree';
import { NotFoundError, TooLargeError, ValidationError, type AppError } from '@xcr/core/errors';
import type { ProjectRecord } from '@xcr/core/ports/repositories';
import { temporaryDir } from '../../runtime.ts';
import { requireProjectAccess } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { readingMultipart } from '../multipart-errors.ts';
import { requireUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { toProjectResponse } from './project-views.ts';

/** Local file header, or the end record of an empty archive: what every ZIP starts with. */
const zipSignatures = [Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from([0x50, 0x4b, 0x05, 0x06])];

function tooLarge(maxBytes: number): AppError {
  return new TooLargeError('upload_too_large', `The archive is larger than ${maxBytes} bytes`, {
    details: { max_bytes: maxBytes },
  });
}

/** Counts bytes against the limit and checks the first four against the ZIP signatures. */
function createUploadGuard(maxBytes: number): Transform & { sizeBytes(): number } {
  let sizeBytes = 0;
  let head = Buffer.alloc(0);
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) return done(tooLarge(maxBytes));
      if (head.length < 4) {
        head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
        if (head.length === 4 && !zipSignatures.some((s) => s.equals(head))) return done(notZip());
      }
      done(null, chunk);
    },
    flush(done) {
      done(head.length < 4 ? notZip() : null);
    },
  });
  return Object.assign(guard, { sizeBytes: () => sizeBytes });
}

function notZip(): AppError {
  return new ValidationError('upload_not_zip', 'The file is not a ZIP archive');
}

/** Saves the upload stream to `path`; returns its size. Throws `upload_too_large` or `upload_not_zip`. */
async function saveUpload(
  stream: Readable & { truncated?: boolean },
  path: string,
  maxBytes: number,
): Promise<number> {
  const guard = createUploadGuard(maxBytes);
  await pipeline(stream, guard, createWriteStream(path));
  // The multipart limit sits one byte above ours, so a cut-off stream means the archive was too large.
  if (stream.truncated) throw tooLarge(maxBytes);
  return guard.sizeBytes();
}

/** Extracts the archive once with the audit's own intake and limits, to refuse what the audit would refuse. */
async function checkArchive(path: string, workDir: string, maxBytes: number): Promise<number> {
  const tree = await extractZipToSourceTree(path, { tmpDir: workDir, limits: { maxArchiveBytes: maxBytes } });
  try {
    return (await tree.list()).length;
  } finally {
    await tree.dispose();
  }
}

/** A file name safe to show: the last path segment, printable, at most 255 characters. */
function displayName(filename: string | undefined): string {
  const name = basename((filename ?? '').replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(0, 255);
  return name === '' ? 'upload.zip' : name;
}

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 507);

/** Registers the upload route (and the multipart parser, for this scope only). */
export async function registerProjectUploadRoute(scope: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos, runtime } = deps;
  const maxBytes = deps.uploads.maxBytes;
  await scope.register(multipart, {
    limits: { fileSize: maxBytes + 1, files: 1, fields: 10, parts: 11, fieldSize: 4096 },
    throwFileSizeLimit: false,
  });

  /** Points the project at the stored archive; the project becomes a `zip` project. */
  async function attachUpload(
    project: ProjectRecord,
    key: string,
    upload: ProjectUpload,
  ): Promise<ProjectRecord | undefined> {
    const updated = await repos.projects.update(project.id, {
      upload_object_key: key,
      settings: { ...project.settings, upload },
    });
    if (!updated || updated.source === 'zip') return updated;
    // The repository port has no way to change the source, so this one column is set here directly.
    return runtime.database.db
      .updateTable('projects')
      .set({ source: 'zip' })
      .where('id', '=', project.id)
      .where('status', '!=', 'deleted')
      .returningAll()
      .executeTakeFirst() as Promise<ProjectRecord | undefined>;
  }

  scope.withTypeProvider<ZodTypeProvider>().post(
    '/projects/:id/upload',
    {
      schema: {
        tags: ['projects'],
        security: [{ bearerAuth: [] }],
        summary:
          'Upload the ZIP archive to audit (multipart field "file"); the project becomes a zip project',
        description: `The archive is checked before it is kept: at most ${maxBytes} bytes (413 upload_too_large), a ZIP (400 upload_not_zip), and safe to extract (zip_path_traversal, zip_absolute_path, zip_symlink, zip_encrypted, zip_duplicate_entry: 422; zip_too_many_entries, zip_too_large, zip_ratio_exceeded: 413; zip_invalid: 400). A disk that fills up on the way answers 507 insufficient_storage and keeps nothing of the upload.`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: UploadResponse, ...errors },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { project, role } = await requireProjectAccess(repos, user, request.params.id, 'write');
      if (!request.isMultipart())
        throw new ValidationError(
          'upload_not_multipart',
          'Send the archive as multipart/form-data in the field "file"',
          { status: 415 },
        );
      const part = await readingMultipart(() => request.file());
      if (!part || part.fieldname !== 'file') {
        part?.file.resume();
        throw new ValidationError(
          'upload_file_missing',
          'The multipart field "file" with the archive is missing',
        );
      }
      const tmpRoot = temporaryDir(deps.config);
      await mkdir(tmpRoot, { recursive: true });
      const workDir = await mkdtemp(join(tmpRoot, 'xcr-upload-'));
      try {
        return await storeUpload(project, role, part, workDir);
      } catch (error) {
        drainRequest(request.raw, maxBytes);
        throw error;
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
  );

  async function storeUpload(
    project: ProjectRecord,
    role: ProjectRole,
    part: MultipartFile,
    workDir: string,
  ): Promise<UploadAnswer> {
    const archivePath = join(workDir, 'upload.zip');
    const sizeBytes = await readingMultipart(() => saveUpload(part.file, archivePath, maxBytes));
    const files = await checkArchive(archivePath, workDir, maxBytes);
    const key = `uploads/${project.id}/${randomUUID()}.zip`;
    await runtime.storage.put(key, createReadStream(archivePath), { contentType: 'application/zip' });
    const upload: ProjectUpload = {
      file_name: displayName(part.filename),
      size_bytes: sizeBytes,
      files,
      uploaded_at: new Date().toISOString(),
    };
    let updated: ProjectRecord | undefined;
    try {
      updated = await attachUpload(project, key, upload);
    } catch (error) {
      await runtime.storage.delete(key).catch(() => undefined);
      throw error;
    }
    if (!updated) {
      // Deleted (or moved to the recycle bin) while the archive was on its way.
      await runtime.storage.delete(key).catch(() => undefined);
      throw new NotFoundError('Project');
    }
    if (project.upload_object_key && project.upload_object_key !== key) {
      await runtime.storage.delete(project.upload_object_key).catch(() => undefined);
    }
    return { project: toProjectResponse(updated, role), upload };
  }
}

/** Bytes of a refused upload read and dropped at most, beyond which the connection is cut. */
const minDrainBytes = 64 * 1024 * 1024;

/**
 * Reads and drops the rest of a refused upload so the client, still sending, gets the error answer instead of a
 * reset connection; a client that keeps sending far past the limit is cut off.
 */
function drainRequest(raw: IncomingMessage, maxBytes: number): void {
  if (raw.complete || raw.destroyed) return;
  const limitBytes = Math.max(maxBytes, minDrainBytes);
  let drainedBytes = 0;
  raw.on('data', (chunk: Buffer) => {
    drainedBytes += chunk.length;
    if (drainedBytes > limitBytes) raw.destroy();
  });
  raw.resume();
}
