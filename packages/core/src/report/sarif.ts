import type { Log, Region, ReportingDescriptor, Result } from 'sarif';
import type { Finding, ScanResult, Severity } from '@xcr/contracts';
import type { RuleMeta } from '../rules/types.ts';
import { cweUrl, safeHttpUrl } from './report-model.ts';

/** Options of the SARIF renderer. */
export interface SarifOptions {
  /** Rule metadata by id (the rules engine's `ruleById`); findings of unknown rules get a rule derived from them. */
  ruleById?: (id: string) => RuleMeta | undefined;
  /** The tool's home page. */
  informationUri?: string;
}

/** Where the tool is documented, unless the caller says otherwise. */
export const defaultInformationUri = 'https://github.com/lintsinghua/XCodeReviewer';

const levels: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

// GitHub code scanning maps security-severity to bands: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, < 4 low.
// 9.5 sits inside the critical band rather than on its edge.
const securitySeverities: Record<Severity, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '3.0', info: '1.0' };

/** SARIF precision from a 0-1 confidence. */
function precision(confidence: number): string {
  if (confidence >= 0.9) return 'very-high';
  if (confidence >= 0.75) return 'high';
  if (confidence >= 0.5) return 'medium';
  return 'low';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'finding';
}

/** The rule id a finding is reported under: its own, or one derived from analyzer, category and title. */
export function sarifRuleId(finding: Finding): string {
  if (finding.rule_id !== undefined && finding.rule_id !== '') return finding.rule_id;
  const analyzer = finding.analyzer === 'rules' ? 'rules' : 'llm';
  return `${analyzer}.${finding.category}.${slug(finding.title)}`;
}

/** `java.sqli.tainted-query` → `TaintedQuery`: SARIF wants a short identifier-like name. */
function ruleName(id: string): string {
  const last = id.split('.').pop() ?? id;
  return last.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join('') || 'Finding';
}

interface RuleView {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  category: string;
  cwe: readonly number[];
  confidence: number;
  explanation: Finding['explanation'];
  fix?: string;
  fixExample?: string;
  tags: readonly string[];
}

function viewOfRule(rule: RuleMeta): RuleView {
  return { ...rule, description: rule.message, tags: rule.tags ?? [] };
}

function viewOfFinding(finding: Finding): RuleView {
  return {
    id: sarifRuleId(finding),
    title: finding.title,
    description: finding.description,
    severity: finding.severity,
    category: finding.category,
    cwe: finding.cwe,
    confidence: finding.confidence,
    explanation: finding.explanation,
    fix: finding.suggestion,
    fixExample: finding.fix_example,
    tags: finding.analyzer === 'rules' ? [] : ['llm'],
  };
}

function helpMarkdown(rule: RuleView): string {
  const parts = [`**What:** ${rule.explanation.what}`, `**Why:** ${rule.explanation.why}`, `**How:** ${rule.explanation.how}`];
  if (rule.fix) parts.push(`**Fix:** ${rule.fix}`);
  if (rule.fixExample) parts.push(`\`\`\`\n${rule.fixExample}\n\`\`\``);
  const links = rule.cwe.map((c) => `[CWE-${c}](${cweUrl(c)})`);
  const learnMore = safeHttpUrl(rule.explanation.learn_more);
  if (learnMore) links.push(`[Learn more](${learnMore})`);
  if (links.length > 0) parts.push(links.join(' · '));
  return parts.join('\n\n');
}

function helpText(rule: RuleView): string {
  const parts = [`What: ${rule.explanation.what}`, `Why: ${rule.explanation.why}`, `How: ${rule.explanation.how}`];
  if (rule.fix) parts.push(`Fix: ${rule.fix}`);
  return parts.join('\n');
}

function descriptor(rule: RuleView): ReportingDescriptor {
  const isSecurity = rule.category === 'security';
  const tags = [...new Set([...(isSecurity ? ['security'] : []), rule.category, ...rule.tags, ...rule.cwe.map((c) => `external/cwe/cwe-${c}`)])];
  const properties: Record<string, unknown> = { tags, precision: precision(rule.confidence), 'problem.severity': levels[rule.severity] === 'note' ? 'recommendation' : levels[rule.severity] };
  if (isSecurity) properties['security-severity'] = securitySeverities[rule.severity];
  const out: ReportingDescriptor = {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: levels[rule.severity] },
    properties,
  };
  const helpUri = safeHttpUrl(rule.explanation.learn_more) ?? (rule.cwe[0] !== undefined ? cweUrl(rule.cwe[0]) : undefined);
  if (helpUri) out.helpUri = helpUri;
  return out;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function artifactUri(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.?\/+/, '').split('/').map(encodeURIComponent).join('/');
}

function resultOf(finding: Finding, ruleId: string, ruleIndex: number): Result {
  const region: Region = { startLine: finding.line_start, endLine: finding.line_end };
  if (finding.column_start !== undefined) region.startColumn = finding.column_start;
  // SARIF end columns are exclusive; ours are inclusive.
  if (finding.column_end !== undefined) region.endColumn = finding.column_end + 1;
  return {
    ruleId,
    ruleIndex,
    level: levels[finding.severity],
    message: { text: finding.description || finding.title },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(finding.file_path), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
    properties: { severity: finding.severity, category: finding.category, confidence: finding.confidence, analyzer: finding.analyzer, title: finding.title },
  };
}

/** Builds the SARIF 2.1.0 log of a scan, as GitHub code scanning reads it. */
export function buildSarif(result: ScanResult, options: SarifOptions = {}): Log {
  const rules: ReportingDescriptor[] = [];
  const indexById = new Map<string, number>();
  const results: Result[] = [];
  for (const finding of result.findings) {
    const id = sarifRuleId(finding);
    let index = indexById.get(id);
    if (index === undefined) {
      const meta = finding.rule_id !== undefined ? options.ruleById?.(finding.rule_id) : undefined;
      index = rules.length;
      rules.push(descriptor(meta ? viewOfRule(meta) : viewOfFinding(finding)));
      indexById.set(id, index);
    }
    results.push(resultOf(finding, id, index));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: options.informationUri ?? defaultInformationUri,
            rules,
            properties: { rulesVersion: result.tool.rules_version },
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: result.started_at, endTimeUtc: result.finished_at }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { root: result.root, qualityScore: result.quality_score, metrics: result.metrics, ...(result.commit ? { commit: result.commit } : {}) },
      },
    ],
  };
}

/** The SARIF 2.1.0 log of a scan as JSON text. */
export function renderSarif(result: ScanResult, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(result, options), null, 2)}\n`;
}
