/**
 * BullMQ refuses custom job ids that are whole numbers or contain `:` (both clash with its own ids). Such caller ids
 * are escaped reversibly: `%` starts an escape, so no escaped id equals a plain one. Ids BullMQ makes itself for
 * scheduled runs (`repeat:<scheduler>:<time>`) pass through untouched.
 */
export function toBullId(id: string): string {
  if (id.startsWith('repeat:')) return id;
  if (/^\d+$/.test(id)) return `%${id}`;
  return id.replaceAll('%', '%25').replaceAll(':', '%3A');
}

/** The caller's id of a BullMQ job id. */
export function fromBullId(id: string): string {
  if (id.startsWith('repeat:')) return id;
  if (/^%\d+$/.test(id)) return id.slice(1);
  return id.replaceAll('%3A', ':').replaceAll('%25', '%');
}

/** BullMQ runs priority 1 first and 0 means "none" (ahead of every prioritised job), so every job gets one. */
const priorityBase = 2 ** 20;

/** Maps "higher runs first" onto BullMQ's 1 (first) to 2^21 - 1 (last). */
export function toBullPriority(priority: number): number {
  return Math.min(2 ** 21 - 1, Math.max(1, priorityBase - Math.trunc(priority)));
}
