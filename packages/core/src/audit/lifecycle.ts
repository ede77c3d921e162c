/**
 * Where each finding of a run stands against the previous completed run of the same project and branch:
 *
 * - `new`: not in the previous run (or there is none);
 * - `persisting`: in the previous run too; a triage decision that still holds (in progress, ignored, false
 *   positive) is carried over, anything else starts `open` again;
 * - `regressed`: recorded as fixed by an earlier run, and back;
 * - `fixed`: in the previous run, gone now. Such findings are stored with this run as copies of the previous
 *   record with `lifecycle: fixed` and `status: resolved` (a false positive or ignored finding keeps its status),
 *   so a run's issue list shows what it fixed and a later reappearance is known to be a regression. They are not
 *   counted in the run's severity counters, which describe the code as it is.
 */
import type { Finding, FindingStatus } from '@xcr/contracts';
import type { FindingRecord, NewFinding } from '../ports/repositories.ts';

/** What the plan needs to know about earlier runs. */
export interface LifecycleHistory {
  /** Findings of the previous completed run of the project and branch, if there is one. */
  previous: readonly FindingRecord[];
  /** Fingerprints some earlier run of the project and branch recorded as fixed. */
  everFixed: ReadonlySet<string>;
}

/** Triage states that survive into the next run while the finding persists. */
const carriedStatuses: ReadonlySet<FindingStatus> = new Set<FindingStatus>([
  'in_progress',
  'ignored',
  'false_positive',
]);
/** Triage states a fixed finding keeps (a person's judgement); any other becomes `resolved`. */
const keptWhenFixed: ReadonlySet<FindingStatus> = new Set<FindingStatus>(['ignored', 'false_positive']);

/** A finding of this run as stored, with its lifecycle and status. */
export function toNewFinding(
  finding: Finding,
  ids: { taskId: string; projectId: string },
  lifecycle: NewFinding['lifecycle'],
  status: FindingStatus,
): NewFinding {
  const evidence = (finding as { evidence?: unknown }).evidence;
  return {
    task_id: ids.taskId,
    project_id: ids.projectId,
    fingerprint: finding.fingerprint,
    file_path: finding.file_path,
    line_start: finding.line_start,
    line_end: finding.line_end,
    column_start: finding.column_start ?? null,
    column_end: finding.column_end ?? null,
    code_snippet: finding.code_snippet,
    title: finding.title,
    description: finding.description,
    severity: finding.severity,
    category: finding.category,
    cwe: finding.cwe,
    rule_id: finding.rule_id ?? null,
    analyzer: finding.analyzer,
    confidence: finding.confidence,
    suggestion: finding.suggestion ?? null,
    fix_example: finding.fix_example ?? null,
    explanation: finding.explanation,
    status,
    lifecycle,
    evidence: Array.isArray(evidence) && evidence.length > 0 ? { analyzers: evidence } : null,
  };
}

/** A previous run's finding, copied into this run as fixed. */
function fixedCopy(record: FindingRecord, ids: { taskId: string; projectId: string }): NewFinding {
  return {
    task_id: ids.taskId,
    project_id: ids.projectId,
    fingerprint: record.fingerprint,
    file_path: record.file_path,
    line_start: record.line_start,
    line_end: record.line_end,
    column_start: record.column_start,
    column_end: record.column_end,
    code_snippet: record.code_snippet,
    title: record.title,
    description: record.description,
    severity: record.severity,
    category: record.category,
    cwe: record.cwe,
    rule_id: record.rule_id,
    analyzer: record.analyzer,
    confidence: record.confidence,
    suggestion: record.suggestion,
    fix_example: record.fix_example,
    explanation: record.explanation,
    status: keptWhenFixed.has(record.status) ? record.status : 'resolved',
    lifecycle: 'fixed',
    evidence: record.evidence,
  };
}

/**
 * The rows a run stores: its findings with their lifecycle (in the order given), then the previous run's findings
 * that are gone, as fixed. Deterministic for the same inputs, so a retried job plans the same rows.
 */
export function planFindings(
  current: readonly Finding[],
  history: LifecycleHistory,
  ids: { taskId: string; projectId: string },
): NewFinding[] {
  const previousLive = new Map<string, FindingRecord>();
  const previousFixed = new Set<string>();
  for (const record of history.previous) {
    if (record.lifecycle === 'fixed') previousFixed.add(record.fingerprint);
    else previousLive.set(record.fingerprint, record);
  }
  const seen = new Set<string>();
  const rows: NewFinding[] = [];
  for (const finding of current) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    const before = previousLive.get(finding.fingerprint);
    if (before)
      rows.push(
        toNewFinding(finding, ids, 'persisting', carriedStatuses.has(before.status) ? before.status : 'open'),
      );
    else if (previousFixed.has(finding.fingerprint) || history.everFixed.has(finding.fingerprint))
      rows.push(toNewFinding(finding, ids, 'regressed', 'open'));
    else rows.push(toNewFinding(finding, ids, 'new', 'open'));
  }
  for (const record of previousLive.values()) {
    if (!seen.has(record.fingerprint)) rows.push(fixedCopy(record, ids));
  }
  return rows;
}
