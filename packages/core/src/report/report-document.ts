/**
 * The model of a stored task's report: the task, its project and findings from the database turned into the
 * `ScanResult` every renderer reads, plus what only reports show (task and project details, statistics, the
 * chosen grouping) and the metadata that traces the file back to the analysis that made it.
 */
import {
  LlmRunSummary,
  SkippedFile,
  type Finding,
  type ScanResult,
  type Severity,
  type SeverityCounts,
} from '@xcr/contracts';
import type { ReportMetadata, ReportOptions } from '@xcr/contracts/api/index';
import type { FindingRecord, ProjectRecord, TaskRecord } from '../ports/repositories.ts';
import {
  groupFindings,
  severityOrder,
  topAffectedFiles,
  type AffectedFile,
  type FindingGroup,
} from './report-model.ts';

/** What a report is built from. */
export interface ReportSource {
  task: TaskRecord;
  project: ProjectRecord;
  /** The task's findings (any order; those marked `fixed` are left out: they are gone in this run). */
  findings: readonly FindingRecord[];
  tool: { name: string; version: string; rules_version: string };
  /** The LLM prompt version of this build, reported when the LLM stage ran. */
  promptVersion: string;
  generatedAt: Date;
}

/** A finding as reports list it: the analyzer's finding plus its stored identity and triage state. */
export interface ReportFinding extends Finding {
  id: string;
  status: FindingRecord['status'];
  lifecycle: FindingRecord['lifecycle'];
}

/** Figures of the report's statistics section. */
export interface ReportStatistics {
  severity_distribution: SeverityCounts;
  /** Categories with at least one finding. */
  category_distribution: Record<string, number>;
  files_affected: number;
  top_affected_files: AffectedFile[];
  /** Mean confidence of the findings, 0-1; null without findings. */
  average_confidence: number | null;
}

/** Everything a renderer may show. */
export interface ReportDocument {
  /** The findings (after the options) as the shared renderers read them. */
  scan: ScanResult;
  findings: ReportFinding[];
  groups: FindingGroup[];
  options: ReportOptions;
  task: {
    id: string;
    name: string;
    description: string | null;
    status: string;
    priority: string;
    branch: string | null;
    started_at: string | null;
    completed_at: string | null;
    duration_s: number | null;
  };
  project: {
    id: string;
    name: string;
    description: string | null;
    source: string;
    repository_url: string | null;
    branch: string;
  };
  statistics: ReportStatistics;
  metadata: ReportMetadata;
}

/** The original's fallback weights when a task has no score: 100 minus the weighted findings, at least 0. */
const fallbackWeights: Record<Severity, number> = { critical: 10, high: 5, medium: 2, low: 1, info: 0.5 };

/** The quality score a report shows: the task's, or the weighted fallback when the task has none. */
export function reportQualityScore(score: number | null, counts: SeverityCounts): number {
  if (score !== null) return Math.min(100, Math.max(0, score));
  const penalty = severityOrder.reduce((sum, s) => sum + fallbackWeights[s] * counts[s], 0);
  return Math.max(0, Math.round(100 - penalty));
}

function toReportFinding(f: FindingRecord, options: ReportOptions): ReportFinding {
  const line = f.line_start ?? 1;
  return {
    id: f.id,
    status: f.status,
    lifecycle: f.lifecycle,
    fingerprint: f.fingerprint,
    file_path: f.file_path,
    line_start: line,
    line_end: Math.max(line, f.line_end ?? line),
    ...(f.column_start !== null ? { column_start: f.column_start } : {}),
    ...(f.column_end !== null ? { column_end: f.column_end } : {}),
    code_snippet: options.include_code_snippets ? (f.code_snippet ?? '') : '',
    title: f.title,
    description: f.description,
    severity: f.severity,
    category: f.category,
    cwe: f.cwe,
    ...(f.rule_id !== null ? { rule_id: f.rule_id } : {}),
    analyzer: f.analyzer,
    confidence: f.confidence,
    ...(options.include_suggestions && f.suggestion ? { suggestion: f.suggestion } : {}),
    ...(options.include_suggestions && f.fix_example ? { fix_example: f.fix_example } : {}),
    explanation: f.explanation ?? {
      what: f.description,
      why: '',
      how: options.include_suggestions ? (f.suggestion ?? '') : '',
    },
  };
}

/** A finding without the report-only fields, as the `ScanResult` contract has it. */
function toFinding(f: ReportFinding): Finding {
  const { id: _id, status: _status, lifecycle: _lifecycle, ...finding } = f;
  return finding;
}

/** Severity, then path, then line: the order every format lists findings in (and stable for equal keys). */
function compareFindings(a: ReportFinding, b: ReportFinding): number {
  const bySeverity = severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity);
  if (bySeverity !== 0) return bySeverity;
  if (a.file_path !== b.file_path) return a.file_path < b.file_path ? -1 : 1;
  return (
    a.line_start - b.line_start ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}

function statisticsOf(findings: readonly ReportFinding[], counts: SeverityCounts): ReportStatistics {
  const categories: Record<string, number> = {};
  for (const f of findings) categories[f.category] = (categories[f.category] ?? 0) + 1;
  const confidence =
    findings.length === 0 ? null : findings.reduce((s, f) => s + f.confidence, 0) / findings.length;
  return {
    severity_distribution: counts,
    category_distribution: categories,
    files_affected: new Set(findings.map((f) => f.file_path)).size,
    top_affected_files: topAffectedFiles(findings, 10),
    average_confidence: confidence === null ? null : Math.round(confidence * 1000) / 1000,
  };
}

/** The provider and model that reviewed the task, when its LLM stage ran (the task's `llm_record`). */
function llmOf(record: Record<string, unknown> | null): { provider: string; model: string } | undefined {
  if (!record || (record.status !== 'ran' && record.status !== 'stopped' && record.status !== undefined))
    return undefined;
  return typeof record.provider === 'string' && typeof record.model === 'string'
    ? { provider: record.provider, model: record.model }
    : undefined;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** Builds the report model of a task with the chosen options. Pure: the caller loads the records. */
export function buildReportDocument(source: ReportSource, options: ReportOptions): ReportDocument {
  const { task, project } = source;
  const findings = source.findings
    .filter((f) => f.lifecycle !== 'fixed')
    .map((f) => toReportFinding(f, options))
    .sort(compareFindings);
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  const skipped = (Array.isArray(task.skipped) ? task.skipped : []).flatMap((s) => {
    const parsed = SkippedFile.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
  const llm = LlmRunSummary.safeParse(task.llm_record);
  const reviewer = llmOf(task.llm_record);
  const metrics = task.metrics ?? {};
  const scanFindings = findings.map(toFinding);
  const scan: ScanResult = {
    tool: source.tool,
    root: project.name,
    ...(task.commit_sha ? { commit: task.commit_sha } : {}),
    started_at: (task.started_at ?? task.created_at).toISOString(),
    finished_at: (task.completed_at ?? source.generatedAt).toISOString(),
    files_total: task.files_total,
    files_scanned: task.files_scanned,
    lines_scanned: task.lines_scanned,
    languages: project.languages,
    findings: scanFindings,
    skipped,
    summary: { ...counts, total: findings.length },
    quality_score: reportQualityScore(task.quality_score, counts),
    metrics: {
      complexity: metrics.complexity ?? 100,
      maintainability: metrics.maintainability ?? 100,
      security: metrics.security ?? 100,
      performance: metrics.performance ?? 100,
    },
    ...(llm.success ? { llm: llm.data } : {}),
  };
  const durationS =
    task.started_at && task.completed_at
      ? Math.round((task.completed_at.getTime() - task.started_at.getTime()) / 1000)
      : null;
  return {
    scan,
    findings,
    groups: groupFindings(scanFindings, options.group_by),
    options,
    task: {
      id: task.id,
      name: task.name,
      description: task.description,
      status: task.status,
      priority: task.priority,
      branch: task.branch,
      started_at: iso(task.started_at),
      completed_at: iso(task.completed_at),
      duration_s: durationS,
    },
    project: {
      id: project.id,
      name: project.name,
      description: project.description,
      source: project.source,
      repository_url: project.repository_url,
      branch: project.branch,
    },
    statistics: statisticsOf(findings, counts),
    metadata: {
      tool_version: source.tool.version,
      rules_version: source.tool.rules_version,
      prompt_version: reviewer ? source.promptVersion : null,
      provider: reviewer?.provider ?? null,
      model: reviewer?.model ?? null,
      commit: task.commit_sha,
      findings: findings.length,
      generated_at: source.generatedAt.toISOString(),
    },
  };
}

/**
 * The JSON report: the original's layout (`report_version`, task, project, summary, quality score, statistics,
 * metadata) with the findings in full, including their stored ids and triage state.
 */
export function renderReportJson(doc: ReportDocument): string {
  const body = {
    report_version: '2.0',
    metadata: doc.metadata,
    options: doc.options,
    task: doc.task,
    project: doc.project,
    summary: doc.scan.summary,
    quality_score: doc.scan.quality_score,
    metrics: doc.scan.metrics,
    statistics: doc.statistics,
    ...(doc.scan.llm
      ? { llm: { provider: doc.scan.llm.provider, model: doc.scan.llm.model, usage: doc.scan.llm.usage } }
      : {}),
    groups: doc.groups.map((g) => ({ key: g.key, label: g.label, count: g.findings.length })),
    findings: doc.findings,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
