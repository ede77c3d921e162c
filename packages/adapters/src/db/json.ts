/**
 * JSON text for a jsonb parameter. `pg` sends a JS array as a PostgreSQL array literal, which jsonb rejects
 * or misreads; JSON text is read the same way by PostgreSQL and PGlite.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** The same for a nullable jsonb column: null stays SQL NULL. */
export function toJsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
