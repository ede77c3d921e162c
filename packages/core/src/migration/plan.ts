/**
 * Planning an import: read the file's collections, check every record, resolve parents, and produce the ordered
 * list of rows to write (projects, tasks, issues, comments, instant analyses) with quarantine entries where records
 * cannot be imported, plus the validation report. Pure: the same file and owner always give the same plan, which
 * is what lets a killed import resume at a committed position.
 */
import { createHash } from 'node:crypto';
import { readCollections } from './formats.ts';
import { emptyTableCounts, tableOf, type PlanItem, type QuarantineEntry } from './import-rows.ts';
import { guardImportData } from './input-guard.ts';
import type { PlanBuilder } from './plan-builder.ts';
import { planNative } from './plan-native.ts';
import { planV1 } from './plan-v1.ts';
import { reportEntryLimit, type ReportEntry, type ValidationReport } from './report.ts';

/** An import plan: the items to write in order, and the report. */
export interface ImportPlan {
  ownerId: string;
  items: PlanItem[];
  report: ValidationReport;
}

/** SHA-256 of the file's JSON as parsed (key order kept, so the same file always hashes the same). */
export function sourceHashOf(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

function idOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as Record<string, unknown>).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * Plans the import of `data` (a parsed file) for `ownerId`. Throws ValidationError (422) `unknown_format`,
 * `unsupported_version` or `invalid_format` when the file is not one of the formats at all, `too_deep` when it nests
 * beyond maxImportDepth. Removes NUL characters from the file's text in place (see guardImportData).
 */
export function planImport(file: unknown, options: { ownerId: string; sourceHash?: string }): ImportPlan {
  const data = guardImportData(file);
  const collections = readCollections(data);
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  let errorsTotal = 0;
  let warningsTotal = 0;
  const byReason: Record<string, number> = {};

  const builder: PlanBuilder = {
    ownerId: options.ownerId,
    warn(path, code, message) {
      warningsTotal += 1;
      if (warnings.length < reportEntryLimit) warnings.push({ path, code, message });
    },
    quarantine(recordType, sourceKey, reason, path, message, record) {
      errorsTotal += 1;
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      if (errors.length < reportEntryLimit) errors.push({ path, code: reason, message });
      const entry: QuarantineEntry = { record_type: recordType, source_key: sourceKey, reason, path, message, record };
      return { type: 'quarantine', entry };
    },
    eachValid(collection, recordType, schema, keyOf, accept, onRejected) {
      const seen = new Map<string, string>();
      collection.items.forEach((raw, index) => {
        const path = `${collection.path}[${index}]`;
        const parsed = schema.safeParse(raw);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          const where = first && first.path.length > 0 ? `${path}.${first.path.join('.')}` : path;
          onRejected(builder.quarantine(recordType, idOf(raw), 'invalid_record', where, first ? `${where}: ${first.message}` : 'invalid record', raw));
          return;
        }
        const keys = keyOf(parsed.data);
        const earlier = keys.map((k) => seen.get(k)).find((p) => p !== undefined);
        if (earlier !== undefined) {
          onRejected(builder.quarantine(recordType, keys[0] ?? null, 'duplicate_id', path, `Same id as ${earlier}; the first one is imported`, raw));
          return;
        }
        for (const k of keys) seen.set(k, path);
        accept(parsed.data, path, raw);
      });
    },
  };

  const items = collections.format === 'native' ? planNative(collections, builder) : planV1(collections, builder);

  const importable = emptyTableCounts();
  let quarantined = 0;
  for (const item of items) {
    if (item.type === 'quarantine') quarantined += 1;
    else importable[tableOf(item.type)] += 1;
  }
  const report: ValidationReport = {
    format: collections.format,
    source_hash: options.sourceHash ?? sourceHashOf(data),
    is_valid: quarantined === 0,
    records: {
      profiles: collections.profiles.items.length,
      project_members: collections.members.items.length,
      projects: collections.projects.items.length,
      tasks: collections.tasks.items.length,
      issues: collections.issues.items.length,
      comments: collections.comments.items.length,
      instant_analyses: collections.instantAnalyses.items.length,
    },
    importable,
    quarantined,
    quarantined_by_reason: byReason,
    errors,
    errors_total: errorsTotal,
    warnings,
    warnings_total: warningsTotal,
  };
  return { ownerId: options.ownerId, items, report };
}
