import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { translateDbError } from '@xcr/adapters/db/db-errors';
import { AppError, diskFullError } from '@xcr/core/errors';
import type { HttpApp } from './types.ts';

/** The error body every endpoint answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Fastify's own error codes that are the caller's fault, with the code we answer with. */
const fastifyClientErrors: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_error',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_error',
  FST_ERR_BAD_STATUS_CODE: 'bad_request',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a malformed percent-escape, a path parameter
 * beyond `maxParamLength`) answered with the standard body instead of Fastify's (these never reach the error
 * handler: they happen before a route is found).
 */
export function answerFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof err.statusCode === 'number' && err.statusCode < 500 ? err.statusCode : 400;
  const code = fastifyClientErrors[err.code] ?? 'bad_request';
  // Fastify's message repeats the whole path, which can be kilobytes long.
  const message = code === 'uri_too_long' ? 'A path segment is too long' : 'The URL is malformed';
  reply.header('X-Request-ID', request.id).status(status).send(body(code, message));
}

/**
 * Errors that escaped their adapter untranslated but are known conditions, not bugs: a database error whose
 * SQLSTATE says what happened (busy, away, duplicate...), or a full disk. Undefined for anything else.
 */
export function knownConditionOf(err: unknown): AppError | undefined {
  const translated = translateDbError(err);
  if (translated instanceof AppError) return translated;
  return diskFullError(err);
}

/**
 * Translates every error into `{error: {code, message, details}}` once, at the edge. AppErrors keep their status;
 * validation failures are 400 with the list of problems; anything unexpected is a 500 whose message hides the
 * cause (the cause is logged with the request id).
 */
export function registerErrorHandling(app: HttpApp): void {
  app.setErrorHandler((raw: FastifyError | AppError | Error, request, reply) => {
    const err = raw instanceof AppError ? raw : (knownConditionOf(raw) ?? raw);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
        message: v.message,
      }));
      return reply.status(400).send(body('validation_error', 'Request validation failed', details));
    }
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err, code: err.code }, 'request failed');
      const message = err.expose ? err.message : 'Internal server error';
      if (err.status === 503 || err.status === 429) {
        const retryAfterS = (err.details as { retry_after_s?: number } | undefined)?.retry_after_s;
        reply.header('Retry-After', String(retryAfterS ?? 5));
      }
      return reply.status(err.status).send(body(err.code, message, err.expose ? err.details : undefined));
    }
    const fe = err as FastifyError;
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status < 500) {
      const code = (fe.code && fastifyClientErrors[fe.code]) ?? (status === 429 ? 'rate_limited' : 'bad_request');
      return reply.status(status).send(body(code, fe.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'Internal server error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

/** The refusals of Node's HTTP parser, by its error code: status, our code, message. */
const parserErrors: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request did not arrive in time'],
};

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (headers too large, a malformed request
 * line or header) answered with the standard body instead of Fastify's; the connection then closes, as Node's own
 * answer does.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = parserErrors[err.code ?? ''] ?? [400, 'bad_request', 'The request is malformed'];
  const text = JSON.stringify(body(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
