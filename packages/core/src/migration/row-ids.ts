/**
 * Row ids derived from the owner, the table and the record's key in the file. Importing the same record for the
 * same owner always yields the same id, which is what makes an import idempotent and resumable without looking
 * anything up: a child finds its parent's id by computing it, whether the parent was written in this chunk, an
 * earlier chunk, or an earlier run. Two owners importing one file get disjoint ids.
 */
import { createHash } from 'node:crypto';
import type { ImportedTable } from './import-rows.ts';

/** A UUID (version 8, "custom") from SHA-256 of owner, table and source key. */
export function importRowId(ownerId: string, table: ImportedTable, sourceKey: string): string {
  const bytes = createHash('sha256').update(`xcr-import\u0000${ownerId}\u0000${table}\u0000${sourceKey}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
