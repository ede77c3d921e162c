/**
 * Refuses NUL characters (U+0000) in path parameters, query strings and schema-validated JSON bodies with 400
 * `invalid_characters`. PostgreSQL cannot store NUL in text or jsonb, so such a value would otherwise fail deep in
 * a query as a 500; no field of the API has a use for it. Routes without a body schema (the migration routes,
 * which read whole export files and clean them record by record, and multipart uploads) have their body left to
 * them.
 */
import { ValidationError } from '@xcr/core/errors';
import type { HttpApp } from '../types.ts';

/** Where in `value` a string or key holds NUL (`body.a.0`), or undefined. Iterative: bodies may nest deeply. */
export function findNul(value: unknown, root: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (Array.isArray(item)) {
      item.forEach((inner, index) => stack.push([inner, `${path}.${index}`]));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        if (key.includes('\u0000')) return path;
        stack.push([inner, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/** Adds the check to every route registered on `app` after this call. */
export function registerNulGuard(app: HttpApp): void {
  app.addHook('preValidation', async (request) => {
    const where =
      findNul(request.params, 'params') ??
      findNul(request.query, 'query') ??
      (request.routeOptions.schema?.body ? findNul(request.body, 'body') : undefined);
    if (where !== undefined) {
      throw new ValidationError('invalid_characters', 'Text may not contain NUL characters (U+0000)', {
        details: { path: where },
      });
    }
  });
}
