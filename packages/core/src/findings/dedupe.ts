import { severityRank, type Finding } from '@xcr/contracts';

function sharesCwe(a: Finding, b: Finding): boolean {
  return a.cwe.some((c) => b.cwe.includes(c));
}

function isStronger(a: Finding, b: Finding): boolean {
  const bySeverity = severityRank[a.severity] - severityRank[b.severity];
  if (bySeverity !== 0) return bySeverity > 0;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return (a.rule_id ?? '') < (b.rule_id ?? '');
}

/** Keeps the stronger finding and adds what the other one knew: its CWEs, confidence, and itself as evidence. */
function merge(kept: Finding, other: Finding): Finding {
  const cwe = [...new Set([...kept.cwe, ...other.cwe])].sort((x, y) => x - y);
  const isSameRule = other.rule_id !== undefined && other.rule_id === kept.rule_id;
  const evidence = [...(kept.evidence ?? []), ...(other.evidence ?? [])];
  if (!isSameRule && !evidence.some((e) => e.rule_id === other.rule_id && e.analyzer === other.analyzer)) {
    evidence.push({
      analyzer: other.analyzer,
      ...(other.rule_id !== undefined ? { rule_id: other.rule_id } : {}),
      title: other.title,
      description: other.description,
      confidence: other.confidence,
    });
  }
  return { ...kept, cwe, confidence: Math.max(kept.confidence, other.confidence), ...(evidence.length > 0 ? { evidence } : {}) };
}

/**
 * Removes double reports: two findings on the same file and start line that share a CWE (two rules seeing the
 * same flaw, e.g. a structural and a taint rule) become one, keeping the higher severity (then confidence) and
 * merging the other's evidence into it. Exact repeats of the same rule at the same place collapse too.
 * Order of the input is kept for the survivors.
 */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const out: (Finding | undefined)[] = [];
  const byLocation = new Map<string, number[]>();
  for (const finding of findings) {
    const key = `${finding.file_path}\u0000${finding.line_start}`;
    const indexes = byLocation.get(key) ?? [];
    const twin = indexes.find((i) => {
      const other = out[i];
      return other !== undefined && (sharesCwe(other, finding) || (other.rule_id !== undefined && other.rule_id === finding.rule_id && other.line_end === finding.line_end));
    });
    if (twin === undefined) {
      indexes.push(out.length);
      byLocation.set(key, indexes);
      out.push(finding);
      continue;
    }
    const existing = out[twin] as Finding;
    out[twin] = isStronger(finding, existing) ? merge(finding, existing) : merge(existing, finding);
  }
  return out.filter((f): f is Finding => f !== undefined);
}

/** Report order: most severe first, then path, then line, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank[b.severity] - severityRank[a.severity] ||
    (a.file_path < b.file_path ? -1 : a.file_path > b.file_path ? 1 : 0) ||
    a.line_start - b.line_start ||
    (a.column_start ?? 0) - (b.column_start ?? 0) ||
    (a.rule_id ?? '').localeCompare(b.rule_id ?? '')
  );
}
