import type { Finding, ScanResult } from '@xcr/contracts';
import { cweUrl, fenceLanguage, groupFindings, languagesLabel, locationLabel, safeHttpUrl, scoreBand, scoreBar, severityOrder, skippedByReason, topAffectedFiles, type FindingGrouping } from './report-model.ts';

/**
 * Text from findings (file names, LLM output) goes into Markdown that some viewers render with HTML enabled:
 * angle brackets and ampersands become entities, Markdown punctuation is backslash-escaped, and a line may
 * not start a heading, list, quote or table.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^(\s*)([#+=-]|\d+\.)/gm, '$1\\$2');
}

/** A one-line, escaped table cell. */
function cell(text: string): string {
  return escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

/** An inline code span that survives backticks inside the text. */
export function inlineCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fencedCode(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}

function link(label: string, url: string): string {
  return `[${escapeMarkdown(label)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

function summarySection(result: ScanResult): string[] {
  const rows: [string, string][] = [
    ['Scanned', inlineCode(result.root)],
    ...(result.commit ? ([['Commit', inlineCode(result.commit)]] as [string, string][]) : []),
    ['Started', cell(result.started_at)],
    ['Finished', cell(result.finished_at)],
    ['Files', `${result.files_scanned} scanned of ${result.files_total} (${result.skipped.length} skipped)`],
    ['Lines scanned', String(result.lines_scanned)],
    ['Languages', cell(languagesLabel(result.languages)) || '—'],
    ['Tool', cell(`${result.tool.name} ${result.tool.version} (rules ${result.tool.rules_version})`)],
  ];
  return ['## Summary', '', '| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''];
}

function scoreSection(result: ScanResult): string[] {
  const band = scoreBand(result.quality_score);
  const m = result.metrics;
  return [
    '## Quality score',
    '',
    `**${result.quality_score} / 100** ${band.emoji} ${band.label} \`${scoreBar(result.quality_score)}\``,
    '',
    '| Metric | Score |',
    '| --- | ---: |',
    `| Security | ${m.security} |`,
    `| Maintainability | ${m.maintainability} |`,
    `| Complexity | ${m.complexity} |`,
    `| Performance | ${m.performance} |`,
    '',
  ];
}

function distributionSection(result: ScanResult): string[] {
  const total = result.summary.total;
  const rows = severityOrder.map((s) => {
    const count = result.summary[s];
    const share = total === 0 ? 0 : Math.round((100 * count) / total);
    return `| ${s} | ${count} | ${share}% |`;
  });
  return ['## Severity distribution', '', '| Severity | Findings | Share |', '| --- | ---: | ---: |', ...rows, `| **total** | **${total}** | |`, ''];
}

function filesSection(result: ScanResult): string[] {
  const top = topAffectedFiles(result.findings);
  if (top.length === 0) return [];
  return ['## Most affected files', '', '| File | Findings | Worst |', '| --- | ---: | --- |', ...top.map((r) => `| ${inlineCode(r.path)} | ${r.count} | ${r.worst} |`), ''];
}

function skippedSection(result: ScanResult): string[] {
  const rows = skippedByReason(result.skipped);
  if (rows.length === 0) return [];
  return ['## Skipped files', '', '| Reason | Files |', '| --- | ---: |', ...rows.map((r) => `| ${inlineCode(r.reason)} | ${r.count} |`), ''];
}

function findingBlock(f: Finding, n: number): string[] {
  const cwe = f.cwe.map((c) => link(`CWE-${c}`, cweUrl(c))).join(', ');
  const meta = [`**Location:** ${inlineCode(locationLabel(f))}${f.column_start ? ` (column ${f.column_start})` : ''}`, `**Category:** ${f.category}`];
  if (f.rule_id) meta.push(`**Rule:** ${inlineCode(f.rule_id)}`);
  if (cwe) meta.push(`**CWE:** ${cwe}`);
  meta.push(`**Confidence:** ${Math.round(f.confidence * 100)}%`);
  const out = [`#### ${n}. ${cell(f.title)}`, '', meta.map((m) => `- ${m}`).join('\n'), '', escapeMarkdown(f.description), ''];
  const e = f.explanation;
  const explained = [e.what && `**What:** ${escapeMarkdown(e.what)}`, e.why && `**Why:** ${escapeMarkdown(e.why)}`, e.how && `**How:** ${escapeMarkdown(e.how)}`].filter(Boolean);
  if (explained.length > 0) out.push(explained.join('<br>\n'), '');
  const learnMore = safeHttpUrl(e.learn_more);
  if (learnMore) out.push(`Learn more: ${link(learnMore, learnMore)}`, '');
  if (f.code_snippet) out.push(fencedCode(f.code_snippet, fenceLanguage(f.file_path)), '');
  if (f.suggestion) out.push(`**Suggestion:** ${escapeMarkdown(f.suggestion)}`, '');
  if (f.fix_example) out.push(fencedCode(f.fix_example, fenceLanguage(f.file_path)), '');
  return out;
}

function findingsSection(result: ScanResult, groupBy: FindingGrouping): string[] {
  if (result.findings.length === 0) return ['## Findings', '', 'No findings. 🎉', ''];
  const out = ['## Findings', ''];
  let n = 0;
  for (const group of groupFindings(result.findings, groupBy)) {
    out.push(`### ${cell(group.label)} (${group.findings.length})`, '');
    for (const f of group.findings) out.push(...findingBlock(f, ++n));
  }
  return out;
}

/** Options of the Markdown and HTML renderers. */
export interface DocumentRenderOptions {
  /** Sections of the findings list; by severity unless said otherwise. */
  groupBy?: FindingGrouping;
}

/** The scan as a Markdown report: summary, score, distribution, most affected files, findings by severity. */
export function renderMarkdown(result: ScanResult, options: DocumentRenderOptions = {}): string {
  const lines = [
    `# ${cell(result.tool.name)} audit report`,
    '',
    ...summarySection(result),
    ...scoreSection(result),
    ...distributionSection(result),
    ...filesSection(result),
    ...skippedSection(result),
    ...findingsSection(result, options.groupBy ?? 'severity'),
    '---',
    cell(`Generated by ${result.tool.name} ${result.tool.version} at ${result.finished_at}.`),
    '',
  ];
  return lines.join('\n');
}
