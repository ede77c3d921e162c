import type { Finding, ScanResult, Severity } from '@xcr/contracts';
import { cweUrl, fenceLanguage, groupFindings, languagesLabel, locationLabel, safeHttpUrl, scoreBand, severityOrder, skippedByReason, topAffectedFiles, type FindingGrouping } from './report-model.ts';
import type { DocumentRenderOptions } from './markdown.ts';

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const severityColours: Record<Severity, string> = { critical: '#b71c1c', high: '#e65100', medium: '#f9a825', low: '#1565c0', info: '#607d8b' };

// Everything inline: the report is one file that opens offline and loads nothing.
const css = `
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:28px 0 12px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;background:#fff;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left;vertical-align:top}td.num{text-align:right}
.score{display:flex;gap:24px;align-items:center;flex-wrap:wrap}.score .value{font-size:40px;font-weight:700}
.bar{width:240px;height:12px;background:#d0d7de;border-radius:6px;overflow:hidden}.bar span{display:block;height:100%}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase}
.finding{background:#fff;border:1px solid #d0d7de;border-left-width:4px;border-radius:6px;padding:12px 16px;margin:12px 0}
.finding h3{font-size:15px;margin:0 0 6px}.meta{color:#57606a;font-size:13px}.meta code{color:#1f2328}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;overflow:auto;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{font-weight:600}dd{margin:0}
footer{color:#57606a;font-size:12px;margin-top:32px}
`;

function badge(severity: Severity): string {
  return `<span class="badge" style="background:${severityColours[severity]}">${severity}</span>`;
}

function anchor(label: string, url: string): string {
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

function summary(result: ScanResult): string {
  const rows: [string, string][] = [
    ['Scanned', `<code>${escapeHtml(result.root)}</code>`],
    ...(result.commit ? ([['Commit', `<code>${escapeHtml(result.commit)}</code>`]] as [string, string][]) : []),
    ['Started', escapeHtml(result.started_at)],
    ['Finished', escapeHtml(result.finished_at)],
    ['Files', `${result.files_scanned} scanned of ${result.files_total} (${result.skipped.length} skipped)`],
    ['Lines scanned', String(result.lines_scanned)],
    ['Languages', escapeHtml(languagesLabel(result.languages)) || '—'],
    ['Tool', escapeHtml(`${result.tool.name} ${result.tool.version} (rules ${result.tool.rules_version})`)],
  ];
  return `<h2>Summary</h2><table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function score(result: ScanResult): string {
  const band = scoreBand(result.quality_score);
  const m = result.metrics;
  const metrics = (
    [
      ['Security', m.security],
      ['Maintainability', m.maintainability],
      ['Complexity', m.complexity],
      ['Performance', m.performance],
    ] as const
  )
    .map(([k, v]) => `<tr><th>${k}</th><td class="num">${v}</td></tr>`)
    .join('');
  return (
    `<h2>Quality score</h2><div class="score"><div class="value" style="color:${band.colour}">${result.quality_score}<small>/100</small></div>` +
    `<div><div>${band.emoji} ${band.label}</div><div class="bar"><span style="width:${result.quality_score}%;background:${band.colour}"></span></div></div>` +
    `<table>${metrics}</table></div>`
  );
}

function distribution(result: ScanResult): string {
  const rows = severityOrder.map((s) => `<tr><td>${badge(s)}</td><td class="num">${result.summary[s]}</td></tr>`).join('');
  return `<h2>Severity distribution</h2><table><tr><th>Severity</th><th>Findings</th></tr>${rows}<tr><th>Total</th><td class="num">${result.summary.total}</td></tr></table>`;
}

function files(result: ScanResult): string {
  const top = topAffectedFiles(result.findings);
  if (top.length === 0) return '';
  const rows = top.map((r) => `<tr><td><code>${escapeHtml(r.path)}</code></td><td class="num">${r.count}</td><td>${badge(r.worst)}</td></tr>`).join('');
  return `<h2>Most affected files</h2><table><tr><th>File</th><th>Findings</th><th>Worst</th></tr>${rows}</table>`;
}

function skippedTable(result: ScanResult): string {
  const rows = skippedByReason(result.skipped);
  if (rows.length === 0) return '';
  return `<h2>Skipped files</h2><table><tr><th>Reason</th><th>Files</th></tr>${rows.map((r) => `<tr><td>${escapeHtml(r.reason)}</td><td class="num">${r.count}</td></tr>`).join('')}</table>`;
}

function paragraphs(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function findingCard(f: Finding, n: number): string {
  const cwe = f.cwe.map((c) => anchor(`CWE-${c}`, cweUrl(c))).join(', ');
  const meta = [`<code>${escapeHtml(locationLabel(f))}</code>`, escapeHtml(f.category)];
  if (f.rule_id) meta.push(`rule <code>${escapeHtml(f.rule_id)}</code>`);
  if (cwe) meta.push(cwe);
  meta.push(`confidence ${Math.round(f.confidence * 100)}%`);
  const e = f.explanation;
  const learnMore = safeHttpUrl(e.learn_more);
  const language = fenceLanguage(f.file_path);
  const codeClass = language ? ` class="language-${escapeHtml(language)}"` : '';
  const parts = [
    `<h3>${n}. ${badge(f.severity)} ${escapeHtml(f.title)}</h3>`,
    `<div class="meta">${meta.join(' · ')}</div>`,
    `<p>${paragraphs(f.description)}</p>`,
    `<dl><dt>What</dt><dd>${paragraphs(e.what)}</dd><dt>Why</dt><dd>${paragraphs(e.why)}</dd><dt>How</dt><dd>${paragraphs(e.how)}</dd>` +
      (learnMore ? `<dt>Learn more</dt><dd>${anchor(learnMore, learnMore)}</dd>` : '') +
      '</dl>',
  ];
  if (f.code_snippet) parts.push(`<pre><code${codeClass}>${escapeHtml(f.code_snippet)}</code></pre>`);
  if (f.suggestion) parts.push(`<p><strong>Suggestion:</strong> ${paragraphs(f.suggestion)}</p>`);
  if (f.fix_example) parts.push(`<pre><code${codeClass}>${escapeHtml(f.fix_example)}</code></pre>`);
  return `<section class="finding" style="border-left-color:${severityColours[f.severity]}">${parts.join('')}</section>`;
}

function findingsHtml(result: ScanResult, groupBy: FindingGrouping): string {
  if (result.findings.length === 0) return '<h2>Findings</h2><p>No findings.</p>';
  let n = 0;
  return groupFindings(result.findings, groupBy)
    .map((g) => `<h2>${escapeHtml(g.label)} (${g.findings.length})</h2>${g.findings.map((f) => findingCard(f, ++n)).join('')}`)
    .join('');
}

/** The scan as one self-contained HTML page (inline CSS, no scripts, no external resources); all text escaped. */
export function renderHtml(result: ScanResult, options: DocumentRenderOptions = {}): string {
  const title = escapeHtml(`${result.tool.name} audit report — ${result.root}`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing may load: the CSP forbids every fetch and any script, even if some text escaped escaping.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title><style>${css}</style></head><body><main>`,
    `<h1>${escapeHtml(result.tool.name)} audit report</h1>`,
    summary(result),
    score(result),
    distribution(result),
    files(result),
    skippedTable(result),
    findingsHtml(result, options.groupBy ?? 'severity'),
    `<footer>Generated by ${escapeHtml(result.tool.name)} ${escapeHtml(result.tool.version)} at ${escapeHtml(result.finished_at)}.</footer>`,
    '</main></body></html>',
    '',
  ].join('\n');
}
