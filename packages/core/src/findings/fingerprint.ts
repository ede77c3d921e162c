import { createHash } from 'node:crypto';

/** What makes a finding the same finding from one run to the next. */
export interface FingerprintParts {
  /** Rule id, or for an LLM finding an id derived from it. */
  ruleId: string;
  /** Path relative to the scanned root, forward slashes. */
  filePath: string;
  /** The text of the flagged lines (normalised here, so raw text is fine). */
  flaggedText: string;
  /** 0-based index among findings of the same rule with identical normalised text in the same file. */
  occurrence: number;
}

/**
 * Collapses whitespace so that re-indenting or re-wrapping a line does not change a finding's identity.
 * Line numbers are deliberately not part of the identity: code moving up or down keeps its findings.
 */
export function normaliseFlaggedText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A stable fingerprint: hex SHA-256 (first 32 characters) over rule id, file path, normalised flagged text and
 * occurrence index. Two identical flagged lines in one file stay distinct through the occurrence index.
 */
export function computeFingerprint(parts: FingerprintParts): string {
  const hash = createHash('sha256');
  hash.update(['xcr-fp-v1', parts.ruleId, parts.filePath, normaliseFlaggedText(parts.flaggedText), String(parts.occurrence)].join('\u0000'));
  return hash.digest('hex').slice(0, 32);
}

/**
 * Counts occurrences of identical (rule, normalised text) pairs, in the order given. Call with one file's hits
 * sorted by position; it returns a function giving the next occurrence index for a key.
 */
export function createOccurrenceCounter(): (ruleId: string, flaggedText: string) => number {
  const seen = new Map<string, number>();
  return (ruleId, flaggedText) => {
    const key = `${ruleId}\u0000${normaliseFlaggedText(flaggedText)}`;
    const next = seen.get(key) ?? 0;
    seen.set(key, next + 1);
    return next;
  };
}
