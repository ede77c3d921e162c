/** Shapes every API resource shares: the error body, pagination, id parameters. */
import { z } from 'zod';

/** The body of every error response: a stable snake_case code, a message for people, optional details. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** OpenAPI `response` entries for the given error statuses, each answered with the standard error body. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<S, typeof ErrorBody>;
}

/** Pagination query: `page` from 1 (default 1), `page_size` 1-100 (default 10). */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(10),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** One page of a list: `{items, total, page, page_size}`, `total` counting every page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    page_size: z.number().int().min(1),
  });
}

/** A path with a resource id. Any string is accepted: an id that is not a UUID is simply not found (404). */
export const IdParams = z.object({ id: z.string().min(1).max(100) });
export type IdParams = z.infer<typeof IdParams>;

/** A response that only says what happened. */
export const MessageResponse = z.object({ message: z.string() });
export type MessageResponse = z.infer<typeof MessageResponse>;

/** A timestamp in responses: ISO 8601 in UTC. */
export const Timestamp = z.iso.datetime();
export type Timestamp = z.infer<typeof Timestamp>;

/** A boolean in a query string, written `true` or `false`. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
