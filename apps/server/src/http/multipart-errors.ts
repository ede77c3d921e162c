// Reading a multipart body can fail because the body is malformed: no boundary in the Content-Type, a boundary
// that never comes, a body cut off mid-part. busboy reports those as plain Errors, which would answer 500; they are
// the client's, so they become 400 `multipart_invalid`. What is not a parser error keeps its meaning: AppErrors,
// @fastify/multipart's own errors (which carry a status) and system errors such as a full disk (which carry a code).
import { AppError, ValidationError } from '@xcr/core/errors';

/** `error` as the client's `multipart_invalid` when it is a multipart parser error, else unchanged. */
export function asMultipartError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number' || typeof code === 'string') return error;
  return new ValidationError('multipart_invalid', 'The multipart body is malformed or cut off', {
    cause: error,
  });
}

/** Runs `read` (which reads the multipart body) and rethrows a parser error as `multipart_invalid`. */
export async function readingMultipart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw asMultipartError(error);
  }
}
