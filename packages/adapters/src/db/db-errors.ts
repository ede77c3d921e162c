/**
 * Turns PostgreSQL errors (same shape from `pg` and PGlite: SQLSTATE in `code`, the constraint's name in
 * `constraint`) into the domain's errors, so callers never look at SQLSTATE codes.
 */
import { AppError, ConflictError, UnavailableError, ValidationError } from '@xcr/core/errors';

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

/** Seconds a caller is asked to wait after the database was too busy or away (see `unavailableCodes`). */
const busyRetryAfterS = 2;

/**
 * SQLSTATEs that say "not now" rather than "never": the statement ran out of time (statement_timeout) or a lock
 * was not granted, the server has no session free, or it is shutting down or starting up, or the connection broke.
 */
const unavailableCodes: Record<string, 'database_timeout' | 'database_unavailable'> = {
  '57014': 'database_timeout',
  '55P03': 'database_timeout',
  '53300': 'database_unavailable',
  '57P01': 'database_unavailable',
  '57P02': 'database_unavailable',
  '57P03': 'database_unavailable',
};

function unavailableCodeOf(sqlState: string): 'database_timeout' | 'database_unavailable' | undefined {
  if (!/^[0-9A-Z]{5}$/.test(sqlState)) return undefined;
  // Class 08: connection exceptions.
  return unavailableCodes[sqlState] ?? (sqlState.startsWith('08') ? 'database_unavailable' : undefined);
}

/**
 * The domain error for a database error: unique violation -> ConflictError (code from `conflictCodes` by
 * constraint name, else `conflict`), foreign key -> ConflictError `reference_violation`, check or not-null
 * violation -> ValidationError `invalid_value`, a timeout or an unavailable server -> UnavailableError (503,
 * retryable). Anything else is returned unchanged.
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
    default: {
      const unavailable = unavailableCodeOf(pg.code);
      if (!unavailable) return error;
      const message =
        unavailable === 'database_timeout' ? 'The database did not answer in time; try again shortly' : 'The database is not available; try again shortly';
      return new UnavailableError(unavailable, message, { cause: error, details: { retry_after_s: busyRetryAfterS } });
    }
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
