/** The bookkeeping the format planners share (implemented by planImport). */
import type { z } from 'zod';
import type { SourceCollection } from './formats.ts';
import type { PlanItem, QuarantineReason } from './import-rows.ts';

/** Warnings, quarantine and duplicate detection for the format planners. */
export interface PlanBuilder {
  ownerId: string;
  warn(path: string, code: string, message: string): void;
  /** A quarantine item (also counted as an error of the report). */
  quarantine(recordType: string, sourceKey: string | null, reason: QuarantineReason, path: string, message: string, record: unknown): PlanItem;
  /**
   * Parses each record of `collection` with `schema`; invalid records and second records with an id already seen
   * become quarantine items. Calls `accept` for the others, in file order.
   */
  eachValid<S extends z.ZodType>(
    collection: SourceCollection,
    recordType: string,
    schema: S,
    keyOf: (record: z.infer<S>) => string[],
    accept: (record: z.infer<S>, path: string, raw: unknown) => void,
    onRejected: (item: PlanItem) => void,
  ): void;
}

