/** Small pieces every repository uses: pagination, UUID checks, LIKE escaping, filter lists. */
import type { Page, PageQuery } from '@xcr/core/ports/repositories';

/** The largest page a list call returns. */
export const maxPageSize = 100;

/** Page number and size with defaults (1 and 10) and bounds applied, plus the row offset. */
export function pageWindow(query: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(maxPageSize, Math.max(1, Math.floor(query.page_size ?? 10)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Assembles a page from its rows and the total. */
export function toPage<T>(items: T[], total: number | bigint | string | undefined, window: { page: number; pageSize: number }): Page<T> {
  return { items, total: Number(total ?? 0), page: window.page, page_size: window.pageSize };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a row id; lookups of anything else answer "not found" without asking the database. */
export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

/** `%text%` for ILIKE with the user's `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A single value or a list as a list; undefined or empty stays undefined (no filter). */
export function asList<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 ? list : undefined;
}
