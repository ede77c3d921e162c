/**
 * Turns PostgreSQL errors (same shape from `pg` and PGlite: SQLSTATE in `code`, the constraint's name in
 * `constraint`) into the domain's errors, so callers never look at SQLSTATE codes.
 */
import { AppError, ConflictError, ValidationError } from '@xcr/core/errors';

interface PgErrorShape {
  code?: unknown;
  constraint?: unknown;
}

function pgError(error: unknown): PgErrorShape | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as PgErrorShape) : undefined;
}

/** Whether `error` is a unique violation (optionally of the named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** Whether `error` is a foreign key violation (including ON DELETE RESTRICT, SQLSTATE 23001). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = pgError(error)?.code;
  return code === '23503' || code === '23001';
}

/**
 * The domain error for a database error: unique violation -> ConflictError (code from `conflictCodes` by
 * constraint name, else `conflict`), foreign key -> ConflictError `reference_violation`, check or not-null
 * violation -> ValidationError `invalid_value`. Anything else is returned unchanged.
 */
export function translateDbError(error: unknown, conflictCodes: Record<string, string> = {}): unknown {
  if (error instanceof AppError) return error;
  const pg = pgError(error);
  if (!pg || typeof pg.code !== 'string') return error;
  const constraint = typeof pg.constraint === 'string' ? pg.constraint : undefined;
  switch (pg.code) {
    case '23505': {
      const code = (constraint ? conflictCodes[constraint] : undefined) ?? 'conflict';
      return new ConflictError(code, 'A record with the same unique value already exists', { cause: error, details: { constraint } });
    }
    case '23503':
    case '23001':
      return new ConflictError('reference_violation', 'The record is referenced by, or refers to, a missing record', {
        cause: error,
        details: { constraint },
      });
    case '23514':
    case '23502':
    case '22P02':
    case '22001':
      return new ValidationError('invalid_value', 'A value is outside what the database accepts', { cause: error, details: { constraint } });
    default:
      return error;
  }
}

/** Runs `work` and rethrows its database error as a domain error (see translateDbError). */
export async function withDbErrors<T>(work: () => Promise<T>, conflictCodes: Record<string, string> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDbError(error, conflictCodes);
  }
}
