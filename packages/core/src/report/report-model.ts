import { severityRank, type Finding, type Language, type Severity } from '@xcr/contracts';
import { detectLanguage } from '../languages/detect-language.ts';

/** Severities, most severe first, as the reports list them. */
export const severityOrder: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The band a quality score falls in (thresholds of the original reports). */
export interface ScoreBand {
  label: 'excellent' | 'good' | 'fair' | 'poor';
  emoji: string;
  colour: string;
}

/** Excellent ≥ 90, good ≥ 75, fair ≥ 60, poor below. */
export function scoreBand(score: number): ScoreBand {
  if (score >= 90) return { label: 'excellent', emoji: '🌟', colour: '#27ae60' };
  if (score >= 75) return { label: 'good', emoji: '✅', colour: '#f39c12' };
  if (score >= 60) return { label: 'fair', emoji: '⚠️', colour: '#e67e22' };
  return { label: 'poor', emoji: '❌', colour: '#e74c3c' };
}

/** A ten-cell text bar, e.g. `████████░░` for 80. */
export function scoreBar(score: number, cells = 10): string {
  const filled = Math.round((Math.min(100, Math.max(0, score)) / 100) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** One row of the "top affected files" table. */
export interface AffectedFile {
  path: string;
  count: number;
  worst: Severity;
}

/** Files with the most findings (ties: worst severity, then path), at most `limit`. */
export function topAffectedFiles(findings: readonly Finding[], limit = 10): AffectedFile[] {
  const byPath = new Map<string, AffectedFile>();
  for (const f of findings) {
    const row = byPath.get(f.file_path) ?? { path: f.file_path, count: 0, worst: f.severity };
    row.count += 1;
    if (severityRank[f.severity] > severityRank[row.worst]) row.worst = f.severity;
    byPath.set(f.file_path, row);
  }
  return [...byPath.values()]
    .sort((a, b) => b.count - a.count || severityRank[b.worst] - severityRank[a.worst] || (a.path < b.path ? -1 : 1))
    .slice(0, limit);
}

/** Findings grouped by severity, most severe first; empty groups left out. Order within a group is kept. */
export function groupBySeverity(findings: readonly Finding[]): { severity: Severity; findings: Finding[] }[] {
  return severityOrder
    .map((severity) => ({ severity, findings: findings.filter((f) => f.severity === severity) }))
    .filter((g) => g.findings.length > 0);
}

/** The MITRE page of a CWE. */
export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/** The URL if it is plain http(s), else undefined: links from findings (LLM text) must never be `javascript:`. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

// Highlighter names (as Markdown fences and most highlighters spell them) where they differ from ours.
const fenceNames: Partial<Record<Language, string>> = {
  'objective-c': 'objectivec',
  shell: 'bash',
  'visual-basic': 'vbnet',
  terraform: 'hcl',
  dockerfile: 'dockerfile',
};

/** The code fence info string for a file's snippet (`ts` files → `typescript`); empty when unknown. */
export function fenceLanguage(path: string): string {
  const language = detectLanguage(path);
  if (language === undefined) return '';
  return fenceNames[language] ?? language;
}

/** "path:line" or "path:start-end" for display. */
export function locationLabel(f: Finding): string {
  const lines = f.line_end > f.line_start ? `${f.line_start}-${f.line_end}` : `${f.line_start}`;
  return `${f.file_path}:${lines}`;
}

/** Languages as "typescript 3, javascript 1", most files first. */
export function languagesLabel(languages: Record<string, number>): string {
  return Object.entries(languages)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

/** Skipped files counted by reason, most common first. */
export function skippedByReason(skipped: readonly { reason: string }[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
}

/** How findings are split into report sections. */
export type FindingGrouping = 'severity' | 'category' | 'file';

/** One report section: a heading label and its findings (in the order given). */
export interface FindingGroup {
  key: string;
  label: string;
  findings: Finding[];
}

const categoryOrder = ['security', 'bug', 'performance', 'maintainability', 'style', 'documentation', 'other'] as const;

function capitalised(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/**
 * Findings in sections: by severity (most severe first), by category (security first), or by file (files with the
 * worst finding first, then by path). Empty sections are left out; order within a section is kept.
 */
export function groupFindings(findings: readonly Finding[], by: FindingGrouping = 'severity'): FindingGroup[] {
  if (by === 'severity') return groupBySeverity(findings).map((g) => ({ key: g.severity, label: capitalised(g.severity), findings: g.findings }));
  if (by === 'category') {
    return categoryOrder
      .map((category) => ({ key: category, label: capitalised(category), findings: findings.filter((f) => f.category === category) }))
      .filter((g) => g.findings.length > 0);
  }
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byPath.get(f.file_path);
    if (list) list.push(f);
    else byPath.set(f.file_path, [f]);
  }
  const worst = (list: readonly Finding[]) => Math.max(...list.map((f) => severityRank[f.severity]));
  return [...byPath]
    .sort(([pa, a], [pb, b]) => worst(b) - worst(a) || (pa < pb ? -1 : pa > pb ? 1 : 0))
    .map(([path, list]) => ({ key: path, label: path, findings: list }));
}
