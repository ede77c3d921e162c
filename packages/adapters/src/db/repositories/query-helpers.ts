/** Small pieces every repository uses: pagination, UUID checks, LIKE escaping, filter lists. */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Page, PageQuery } from '@xcr/core/ports/repositories';

/** The largest page a list call returns. */
export const maxPageSize = 100;

/** Page number and size with defaults (1 and 10) and bounds applied, plus the row offset. */
export function pageWindow(query: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(maxPageSize, Math.max(1, Math.floor(query.page_size ?? 10)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** A `count(*)` as a driver returns it: `pg` gives bigint as text, PGlite may give a number. */
type CountValue = number | bigint | string;

/** Assembles a page from its rows and the total. */
export function toPage<T>(items: T[], total: CountValue | null | undefined, window: { page: number; pageSize: number }): Page<T> {
  return { items, total: Number(total ?? 0), page: window.page, page_size: window.pageSize };
}

/**
 * One page of `rows(filtered)` and the total of `filtered` in ONE statement, so a list costs one round trip instead
 * of two: `SELECT page.*, (SELECT count(*) ...) AS __total FROM (<rows ... LIMIT ... OFFSET ...>) AS page`.
 * PostgreSQL evaluates the uncorrelated count once (an InitPlan), and only for the rows of the page: a computed
 * column next to `SELECT *` of the inner query would make it project every matching row before sorting (about four
 * times the CPU on a table of wide rows). The outer query adds no join or sort, so the page keeps the inner order.
 * The extra column is stripped before the rows are returned. A page past the end has no row to carry the total;
 * only then is the count asked for on its own, so `total` stays exact. `rows` selects and orders; this applies the
 * window's limit and offset.
 */
export async function fetchPage<DB, TB extends keyof DB, F, O>(
  db: Kysely<DB>,
  filtered: SelectQueryBuilder<DB, TB, F>,
  rows: (filtered: SelectQueryBuilder<DB, TB, F>) => SelectQueryBuilder<DB, TB, O>,
  window: { page: number; pageSize: number; offset: number },
): Promise<Page<O>> {
  const count = filtered.clearSelect().select((eb) => eb.fn.countAll<CountValue>().as('total'));
  const paged = rows(filtered).limit(window.pageSize).offset(window.offset);
  const { rows: found } = await sql<O & { __total: CountValue | null }>`select page.*, (${count}) as __total from (${paged}) as page`.execute(db);
  const items = found.map(({ __total: _total, ...row }) => row as unknown as O);
  if (found.length > 0) return toPage(items, found[0]!.__total, window);
  if (window.offset === 0) return toPage(items, 0, window);
  // Kysely cannot resolve selections over a generic database type; the cast names what the SQL returns.
  const alone = (await count.executeTakeFirst()) as { total: CountValue } | undefined;
  return toPage(items, alone?.total, window);
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
