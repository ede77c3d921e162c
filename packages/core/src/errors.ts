/**
 * Errors of the domain. Identity is the class or the `code`, never the message text. Core throws these; each
 * edge (HTTP, job runner, CLI) translates them once.
 */
export interface AppErrorOptions {
  /** HTTP status the API answers with. */
  status?: number;
  /** Whether trying again later may succeed. */
  retryable?: boolean;
  /** Whether the message may be shown to the caller as is. */
  expose?: boolean;
  details?: unknown;
  cause?: unknown;
}

/** The base error: a stable snake_case code, an HTTP status, and whether it is retryable and exposable. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly expose: boolean;
  readonly details: unknown;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.expose = options.expose ?? this.status < 500;
    this.details = options.details;
  }
}

/** Input that fails validation (400 by default, 422 for well-formed but unprocessable input). */
export class ValidationError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { status: 400, ...options });
  }
}

/** A resource that does not exist or that the caller may not see (always 404, so existence never leaks). */
export class NotFoundError extends AppError {
  constructor(resource: string, options: AppErrorOptions = {}) {
    super('not_found', `${resource} not found`, { status: 404, ...options });
  }
}

/** A state conflict (duplicate, wrong state for the operation). */
export class ConflictError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { status: 409, ...options });
  }
}

/** Missing or bad credentials. */
export class AuthError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { status: 401, ...options });
  }
}

/** Authenticated but not allowed. */
export class ForbiddenError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { status: 403, ...options });
  }
}

/** Input bigger than a limit allows. */
export class TooLargeError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { status: 413, ...options });
  }
}

/** A dependency (database, queue, storage) is not available right now. */
export class UnavailableError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { status: 503, retryable: true, expose: true, ...options });
  }
}

/** Node's error codes of a full disk or an exhausted quota. */
const diskFullCodes = new Set(['ENOSPC', 'EDQUOT']);

/**
 * A full disk (or exhausted quota) met by a file write, as the `insufficient_storage` condition (507, worth trying
 * again later) without the path or system detail; undefined for any other error.
 */
export function diskFullError(error: unknown, message = 'The server has no disk space left for this request; try again later'): AppError | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (typeof code !== 'string' || !diskFullCodes.has(code)) return undefined;
  return new AppError('insufficient_storage', message, { status: 507, retryable: true, expose: true, cause: error });
}

/**
 * Whether a failure is a dependency that cannot be reached (`database_unavailable`, `cache_unavailable`...), as
 * opposed to one that answered slowly or refused this work (`database_timeout`, `queue_stopped`): work that met an
 * outage is not at fault and is tried again later without counting the attempt.
 */
export function isDependencyOutage(error: unknown): error is UnavailableError {
  return error instanceof UnavailableError && error.code.endsWith('_unavailable');
}

/** What went wrong with an upstream service (LLM provider, Git host). */
export type UpstreamErrorKind = 'rate_limit' | 'timeout' | 'auth' | 'bad_request' | 'unavailable' | 'invalid_response';

/** A failure of an outside service, normalised by its adapter. */
export class UpstreamError extends AppError {
  readonly kind: UpstreamErrorKind;
  /** Milliseconds the upstream asked us to wait, from `Retry-After`. */
  readonly retryAfterMs?: number;

  constructor(kind: UpstreamErrorKind, message: string, options: AppErrorOptions & { retryAfterMs?: number } = {}) {
    const retryable = kind === 'rate_limit' || kind === 'timeout' || kind === 'unavailable' || kind === 'invalid_response';
    super(`upstream_${kind}`, message, { status: 502, retryable, ...options });
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Configuration that cannot be used. */
export class ConfigError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('config_invalid', message, { status: 500, expose: false, ...options });
  }
}
