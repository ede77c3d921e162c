// `/migration/*`: validate, dry-run and import exports of the browser version (and native exports), follow and roll
// back import batches, export one's data. The file comes as the JSON body or as the multipart field `file`, up to
// 200 MB: it is parsed whole (JSON.parse of a file that size takes about a second and a few hundred MB), which the
// planner needs anyway, since it resolves parents across the whole file before writing anything.
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  ExportQuery,
  IdParams,
  ImportQuery,
  ImportResponse,
  MigrationBatchListQuery,
  MigrationBatchResponse,
  PageQuery,
  QuarantineEntryResponse,
  RollbackResponse,
  ValidationReportResponse,
  pageOf,
} from '@xcr/contracts/api/index';
import { ForbiddenError, TooLargeError, ValidationError } from '@xcr/core/errors';
import type { ImportResult } from '@xcr/core/migration/migration-service';
import type { MigrationBatchRecord, QuarantineRecord } from '@xcr/core/ports/repositories';
import type { ApiDeps } from '../api-deps.ts';
import { asMultipartError, readingMultipart } from '../multipart-errors.ts';
import { actionContext, requireUser, type RequestUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

/** Largest import file accepted. */
export const maxImportBytes = 200 * 1024 * 1024;

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429);
const common = { tags: ['migration'], security: [{ bearerAuth: [] }] };
/** Keys of the v1 backend's request envelope `{data, skip_existing}`, also accepted. */
const envelopeKeys = new Set(['data', 'skip_existing', 'dry_run', 'batch_size', 'owner_id']);

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A batch as the API shows it. */
export function toBatchResponse(batch: MigrationBatchRecord): MigrationBatchResponse {
  return {
    ...batch,
    started_at: batch.started_at.toISOString(),
    updated_at: batch.updated_at.toISOString(),
    finished_at: iso(batch.finished_at),
    rolled_back_at: iso(batch.rolled_back_at),
  };
}

function toImportResponse(result: ImportResult): ImportResponse {
  return { ...result, batch: result.batch ? toBatchResponse(result.batch) : null };
}

function toQuarantineResponse(entry: QuarantineRecord): QuarantineEntryResponse {
  const { batch_id: _batchId, ...rest } = entry;
  return { ...rest, created_at: entry.created_at.toISOString() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new ValidationError('invalid_json', 'The file is not valid JSON');
  }
}

/** The parsed file of the request, from a multipart `file` or the JSON body (bare, or as `{data: ...}`). */
async function readImportFile(request: FastifyRequest): Promise<{ data: unknown; fileName: string | null }> {
  if (request.isMultipart()) {
    const part = await readingMultipart(() => request.file());
    if (!part) throw new ValidationError('file_missing', 'Send the export in the multipart field `file`');
    let buffer: Buffer;
    try {
      buffer = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new TooLargeError('upload_too_large', `The file is larger than ${maxImportBytes} bytes`, { details: { max_bytes: maxImportBytes } });
      throw asMultipartError(error);
    }
    return { data: parseJson(buffer.toString('utf8')), fileName: part.filename || null };
  }
  const body = request.body;
  if (body === undefined || body === null) throw new ValidationError('file_missing', 'Send the export as the JSON body or the multipart field `file`');
  if (typeof body === 'object' && !Array.isArray(body) && 'data' in body && Object.keys(body).every((k) => envelopeKeys.has(k))) {
    return { data: (body as { data: unknown }).data, fileName: null };
  }
  return { data: body, fileName: null };
}

/** The owner an import or export acts for: the caller, or for admins any user named by `owner_id`. */
function ownerFor(user: RequestUser, ownerId: string | undefined): string {
  if (ownerId === undefined || ownerId === user.id) return user.id;
  if (user.role !== 'admin') throw new ForbiddenError('forbidden', 'Only admins may import or export for another user');
  return ownerId;
}

/** Registers the migration routes (and the multipart parser, for this scope only). */
export async function registerMigrationRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  await api.register(async (instance) => {
    await instance.register(multipart, { limits: { fileSize: maxImportBytes, files: 1, fields: 10, parts: 11, fieldSize: 4096 } });
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    const writers = scope.requireRole('admin', 'user');
    const log = deps.runtime.logger.child({ component: 'migration' });

    scope.post(
      '/migration/validate',
      { preHandler: scope.authenticate, bodyLimit: maxImportBytes, schema: { ...common, summary: 'Validate an export: counts, errors and warnings with the path of each record', response: { 200: ValidationReportResponse, ...errors } } },
      async (request) => deps.migration.validate((await readImportFile(request)).data),
    );

    scope.post(
      '/migration/import',
      {
        preHandler: writers,
        bodyLimit: maxImportBytes,
        schema: { ...common, summary: 'Import an export (dry run, batch size, owner for admins; wait=false answers 202 and imports in the background)', querystring: ImportQuery, response: { 200: ImportResponse, 202: MigrationBatchResponse, ...errors } },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const { data, fileName } = await readImportFile(request);
        const options = {
          ownerId: ownerFor(user, request.query.owner_id),
          ctx: actionContext(request),
          batchSize: request.query.batch_size,
          isDryRun: request.query.dry_run === true,
          fileName,
        };
        if (options.isDryRun || request.query.wait !== false) return toImportResponse(await deps.migration.import(data, options));
        let markOpened: (batch: MigrationBatchRecord) => void = () => undefined;
        const opened = new Promise<MigrationBatchRecord>((resolve) => (markOpened = resolve));
        const running = deps.migration.import(data, { ...options, onBatchOpened: markOpened });
        running.catch((err: unknown) => log.warn({ err }, 'background import failed'));
        const batch = await Promise.race([opened, running.then((r) => r.batch!)]);
        return reply.status(202).send(toBatchResponse(batch));
      },
    );

    scope.get(
      '/migration/batches',
      { preHandler: scope.authenticate, schema: { ...common, summary: 'List import batches (own ones; admins: all, or one owner)', querystring: MigrationBatchListQuery, response: { 200: pageOf(MigrationBatchResponse), ...errors } } },
      async (request) => {
        const page = await deps.migration.listBatches(requireUser(request), request.query);
        return { ...page, items: page.items.map(toBatchResponse) };
      },
    );

    scope.get(
      '/migration/batches/:id',
      { preHandler: scope.authenticate, schema: { ...common, summary: 'Get an import batch: status, progress, counts', params: IdParams, response: { 200: MigrationBatchResponse, ...errors } } },
      async (request) => toBatchResponse(await deps.migration.getBatch(requireUser(request), request.params.id)),
    );

    scope.get(
      '/migration/batches/:id/quarantine',
      {
        preHandler: scope.authenticate,
        schema: { ...common, summary: 'Records of a batch that were set aside, with reason and path', params: IdParams, querystring: PageQuery, response: { 200: pageOf(QuarantineEntryResponse), ...errors } },
      },
      async (request) => {
        const page = await deps.migration.listQuarantine(requireUser(request), request.params.id, request.query);
        return { ...page, items: page.items.map(toQuarantineResponse) };
      },
    );

    scope.post(
      '/migration/batches/:id/rollback',
      { preHandler: writers, schema: { ...common, summary: 'Remove exactly what a batch imported (409 batch_has_dependents, already_rolled_back)', params: IdParams, response: { 200: RollbackResponse, ...errors } } },
      async (request) => {
        const { batch, deleted } = await deps.migration.rollback(requireUser(request), request.params.id, actionContext(request));
        return { batch: toBatchResponse(batch), deleted };
      },
    );

    scope.get(
      '/migration/export',
      { preHandler: scope.authenticate, schema: { ...common, summary: 'Download one\'s data: native (lossless) or the v1.0 shape', querystring: ExportQuery, response: { 200: z.unknown(), ...errors } } },
      async (request, reply) => {
        const ownerId = ownerFor(requireUser(request), request.query.owner_id);
        const file = await deps.migration.export(ownerId, request.query.format, actionContext(request));
        const stamp = deps.clock().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
        reply.header('content-disposition', `attachment; filename="xcodereviewer-export-${request.query.format}-${stamp}.json"`);
        return reply.type('application/json; charset=utf-8').send(file);
      },
    );
  });
}
