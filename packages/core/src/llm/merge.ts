import { severityRank, type Evidence, type Finding } from '@xcr/contracts';

/**
 * Merging rule and LLM findings: one finding per location and weakness. A rule finding is never removed or
 * weakened by the model; an LLM finding at the same place about the same weakness becomes evidence on it.
 */

/** The outcome of {@link mergeFindings}. */
export interface MergeResult {
  findings: Finding[];
  /** Rule findings that gained LLM evidence. */
  annotated: number;
  /** LLM findings folded into another finding (a rule finding or an LLM duplicate). */
  folded: number;
}

function overlaps(a: Finding, b: Finding): boolean {
  return a.file_path === b.file_path && a.line_start <= b.line_end && b.line_start <= a.line_end;
}

/** Same weakness: a shared CWE when both name CWEs, otherwise the same category. */
export function isSameWeakness(a: Finding, b: Finding): boolean {
  if (a.cwe.length > 0 && b.cwe.length > 0) return a.cwe.some((c) => b.cwe.includes(c));
  return a.category === b.category;
}

const maxEvidenceChars = 600;

function cap(text: string): string {
  return text.length > maxEvidenceChars ? `${text.slice(0, maxEvidenceChars)}…` : text;
}

/** What `other` said, as evidence on the finding it is merged into. */
function evidenceOf(other: Finding): Evidence {
  return {
    analyzer: other.analyzer,
    ...(other.rule_id !== undefined ? { rule_id: other.rule_id } : {}),
    title: cap(other.title),
    description: cap(other.description),
    confidence: other.confidence,
  };
}

/**
 * `kept` enriched with `other`: kept's identity (fingerprint, rule id, analyzer, lines), the higher severity
 * and confidence, both CWE lists, the other's text as `evidence`, and the other's suggestion and reading link
 * where kept has none.
 */
export function annotate(kept: Finding, other: Finding): Finding {
  const evidence = evidenceOf(other);
  const existing = kept.evidence ?? [];
  const isKnown = existing.some((e) => e.analyzer === evidence.analyzer && e.title === evidence.title && e.description === evidence.description);
  const merged: Finding = {
    ...kept,
    severity: severityRank[other.severity] > severityRank[kept.severity] ? other.severity : kept.severity,
    confidence: Math.max(kept.confidence, other.confidence),
    cwe: [...new Set([...kept.cwe, ...other.cwe])].sort((x, y) => x - y),
    evidence: isKnown ? existing : [...existing, evidence],
    explanation: { ...kept.explanation },
  };
  if (merged.suggestion === undefined && other.suggestion !== undefined) merged.suggestion = other.suggestion;
  if (merged.explanation.learn_more === undefined && other.explanation.learn_more !== undefined) merged.explanation.learn_more = other.explanation.learn_more;
  return merged;
}

/**
 * Merges LLM findings into rule findings. Every rule finding survives, in order. Each LLM finding either
 * annotates the first rule finding on overlapping lines of the same file with the same weakness, or folds into
 * an earlier LLM finding with the same rule id on overlapping lines (the overlap of two chunks), or is added.
 */
export function mergeFindings(ruleFindings: readonly Finding[], llmFindings: readonly Finding[]): MergeResult {
  const rules = [...ruleFindings];
  const added: Finding[] = [];
  let annotated = 0;
  let folded = 0;
  const touched = new Set<number>();
  for (const finding of llmFindings) {
    const ruleIndex = rules.findIndex((r) => overlaps(r, finding) && isSameWeakness(r, finding));
    if (ruleIndex >= 0) {
      rules[ruleIndex] = annotate(rules[ruleIndex] as Finding, finding);
      touched.add(ruleIndex);
      folded += 1;
      continue;
    }
    const twin = added.findIndex((a) => overlaps(a, finding) && a.rule_id === finding.rule_id);
    if (twin >= 0) {
      const existing = added[twin] as Finding;
      added[twin] = severityRank[finding.severity] > severityRank[existing.severity] ? { ...existing, severity: finding.severity } : existing;
      folded += 1;
      continue;
    }
    added.push(finding);
  }
  annotated = touched.size;
  return { findings: [...rules, ...added], annotated, folded };
}
