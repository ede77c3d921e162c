/**
 * The v1.0 export shape (`{version: "1.0", exported_at, projects, tasks, issues}`, v1 field names, JSON-text
 * fields), for going back to the browser version or to tools that read its files. Ids are the import keys, so a
 * file exported here and imported again by the same owner maps onto the same rows. Values v1 cannot express are
 * narrowed: categories `documentation`/`other` become `maintainability`, severity `info` becomes `low`, status
 * `in_progress` becomes `open` and `ignored` becomes `false_positive`; instant analyses are not part of this shape.
 */
import type { Category, FindingStatus, Severity } from '@xcr/contracts';
import type { OwnerSnapshot } from '../ports/repositories.ts';

/** The v1.0 export file. */
export interface V1ExportFile {
  version: '1.0';
  exported_at: string;
  projects: Array<Record<string, unknown>>;
  tasks: Array<Record<string, unknown>>;
  issues: Array<Record<string, unknown>>;
}

const v1Categories: Record<Category, string> = {
  security: 'security',
  bug: 'bug',
  performance: 'performance',
  style: 'style',
  maintainability: 'maintainability',
  documentation: 'maintainability',
  other: 'maintainability',
};
const v1Severities: Record<Severity, string> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'low' };
const v1Statuses: Record<FindingStatus, string> = { open: 'open', in_progress: 'open', resolved: 'resolved', ignored: 'false_positive', false_positive: 'false_positive' };

function iso(date: Date | null): string | undefined {
  return date ? date.toISOString() : undefined;
}

/** Builds the v1.0 export of `snapshot`; `ownerId` fills v1's owner and creator fields. */
export function toV1Export(snapshot: OwnerSnapshot, ownerId: string, exportedAt: Date): V1ExportFile {
  const projectKeys = new Map(snapshot.projects.map((p) => [p.id, p.source_key ?? p.id]));
  const taskKeys = new Map(snapshot.tasks.map((t) => [t.id, t.source_key ?? t.id]));
  const projects = snapshot.projects.map((p) => {
    const languages = Object.keys(p.languages);
    if (p.primary_language && languages.includes(p.primary_language)) languages.sort((a, b) => (a === p.primary_language ? -1 : b === p.primary_language ? 1 : 0));
    return {
      id: projectKeys.get(p.id),
      name: p.name,
      description: p.description ?? undefined,
      repository_url: p.repository_url ?? undefined,
      repository_type: p.source === 'github' || p.source === 'gitlab' ? p.source : 'other',
      default_branch: p.branch,
      programming_languages: JSON.stringify(languages),
      owner_id: ownerId,
      is_active: p.status !== 'deleted',
      created_at: p.created_at.toISOString(),
      updated_at: p.updated_at.toISOString(),
    };
  });
  const tasks = snapshot.tasks.map((t) => {
    const { exclude, v1, ...options } = t.scan_config as { exclude?: unknown; v1?: unknown } & Record<string, unknown>;
    return {
      id: taskKeys.get(t.id),
      project_id: projectKeys.get(t.project_id),
      task_type: t.kind,
      status: t.status,
      branch_name: t.branch ?? undefined,
      exclude_patterns: JSON.stringify(Array.isArray(exclude) ? exclude : []),
      scan_config: JSON.stringify(typeof v1 === 'object' && v1 !== null ? v1 : options),
      total_files: t.files_total,
      scanned_files: t.files_scanned,
      total_lines: t.lines_scanned,
      issues_count: t.total_issues,
      quality_score: t.quality_score ?? 0,
      started_at: iso(t.started_at),
      completed_at: iso(t.completed_at),
      created_by: ownerId,
      created_at: t.created_at.toISOString(),
    };
  });
  const issues = snapshot.findings.map((f) => ({
    id: f.source_key ?? f.id,
    task_id: taskKeys.get(f.task_id),
    file_path: f.file_path,
    line_number: f.line_start ?? undefined,
    column_number: f.column_start ?? undefined,
    issue_type: v1Categories[f.category],
    severity: v1Severities[f.severity],
    title: f.title,
    description: f.description,
    suggestion: f.suggestion ?? undefined,
    code_snippet: f.code_snippet ?? undefined,
    ai_explanation: f.explanation ? JSON.stringify(f.explanation) : undefined,
    status: v1Statuses[f.status],
    resolved_by: f.resolved_by ? ownerId : undefined,
    resolved_at: iso(f.resolved_at),
    created_at: f.created_at.toISOString(),
  }));
  return { version: '1.0', exported_at: exportedAt.toISOString(), projects, tasks, issues };
}
