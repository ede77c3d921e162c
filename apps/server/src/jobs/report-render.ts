import { createHash } from 'node:crypto';
import { jobCatalog, type JobPayload } from '@xcr/contracts';
import {
  ReportOptions,
  reportContentTypes,
  reportExtensions,
  type ReportFormat,
} from '@xcr/contracts/api/index';
import { AppError } from '@xcr/core/errors';
import { PROMPT_VERSION } from '@xcr/core/llm/prompts/audit-v1';
import type { JobContext } from '@xcr/core/ports/job-queue';
import type { FindingRecord, Repositories } from '@xcr/core/ports/repositories';
import { renderHtml } from '@xcr/core/report/html';
import { renderMarkdown } from '@xcr/core/report/markdown';
import { renderPdf, type PdfFonts } from '@xcr/core/report/pdf';
import { buildReportDocument, renderReportJson, type ReportDocument } from '@xcr/core/report/report-document';
import { renderSarif } from '@xcr/core/report/sarif';
import { allRules, rulesVersion } from '@xcr/core/rules/registry';
import type { Runtime } from '../runtime.ts';
import { productName, productVersion } from '../version.ts';
import { loadReportFonts } from './report-fonts.ts';

/** The object key of a report's file: under its project, so a purge can list them. */
export function reportObjectKey(projectId: string, reportId: string, format: ReportFormat): string {
  return `reports/${projectId}/${reportId}.${reportExtensions[format]}`;
}

/** Every finding of a task, page by page (the repository caps pages at 100 rows). */
export async function loadTaskFindings(
  repos: Repositories,
  taskId: string,
  signal?: AbortSignal,
): Promise<FindingRecord[]> {
  const out: FindingRecord[] = [];
  for (let page = 1; ; page += 1) {
    signal?.throwIfAborted();
    const batch = await repos.findings.list({ task_id: taskId, page, page_size: 100 });
    out.push(...batch.items);
    if (batch.items.length === 0 || out.length >= batch.total) return out;
  }
}

const rulesById = new Map(allRules.map((rule) => [rule.id, rule]));

/** Renders a report model in one format. */
export async function renderReport(
  doc: ReportDocument,
  format: ReportFormat,
  fonts: () => Promise<PdfFonts>,
): Promise<Buffer> {
  const groupBy = doc.options.group_by;
  switch (format) {
    case 'json':
      return Buffer.from(renderReportJson(doc));
    case 'markdown':
      return Buffer.from(renderMarkdown(doc.scan, { groupBy }));
    case 'html':
      return Buffer.from(renderHtml(doc.scan, { groupBy }));
    case 'sarif':
      return Buffer.from(renderSarif(doc.scan, { ruleById: (id) => rulesById.get(id) }));
    case 'pdf':
      return renderPdf(doc.scan, {
        fonts: await fonts(),
        groupBy,
        details: [
          ['Project', doc.project.name],
          ['Task', doc.task.name],
          ['Branch', doc.task.branch ?? doc.project.branch],
        ],
      });
  }
}

/** What rendering needs beyond the runtime (tests swap the fonts). */
export interface ReportRenderDeps {
  fonts?: () => Promise<PdfFonts>;
  now?: () => Date;
}

/**
 * `report.render`: renders one report and stores it. The row goes generating → completed with the object key, size,
 * SHA-256 and the metadata of what it was made from; a failure on the last attempt marks it failed with the reason.
 * Idempotent: a completed or deleted report is left alone, and the file is written under the same key each time.
 */
export async function runReportRender(
  runtime: Pick<Runtime, 'database' | 'repos' | 'storage' | 'logger'>,
  job: JobContext<JobPayload<'report.render'>>,
  deps: ReportRenderDeps = {},
): Promise<void> {
  const repos = runtime.repos;
  const reportId = job.payload.report_id;
  const log = runtime.logger.child({ component: 'reports', report_id: reportId });
  const report = await repos.reports.markGenerating(reportId);
  if (!report) {
    log.info('report gone or already completed; nothing to render');
    return;
  }
  try {
    const task = await repos.tasks.get(report.task_id);
    const project = task ? await repos.projects.get(task.project_id) : undefined;
    if (!task || !project)
      throw new AppError('task_missing', 'The task of this report no longer exists', {
        status: 404,
        retryable: false,
      });
    const findings = await loadTaskFindings(repos, task.id, job.signal);
    const now = deps.now?.() ?? new Date();
    const doc = buildReportDocument(
      {
        task,
        project,
        findings,
        tool: { name: productName, version: productVersion, rules_version: rulesVersion },
        promptVersion: PROMPT_VERSION,
        generatedAt: now,
      },
      ReportOptions.parse(report.options),
    );
    const body = await renderReport(doc, report.format, deps.fonts ?? (() => loadReportFonts()));
    job.signal.throwIfAborted();
    const key = reportObjectKey(project.id, report.id, report.format);
    await runtime.storage.put(key, body, {
      contentType: reportContentTypes[report.format],
      signal: job.signal,
    });
    const contentHash = createHash('sha256').update(body).digest('hex');
    const done = await repos.reports.complete(report.id, {
      object_key: key,
      size_bytes: body.length,
      content_hash: contentHash,
      metadata: { ...doc.metadata },
    });
    // Deleted while rendering: the file has no row any more.
    if (!done) await runtime.storage.delete(key).catch(() => undefined);
    log.info(
      { format: report.format, size_bytes: body.length, findings: doc.findings.length },
      'report rendered',
    );
  } catch (error) {
    const shouldRetry =
      !(error instanceof AppError && !error.retryable) &&
      job.attempt < jobCatalog['report.render'].retry.attempts;
    if (shouldRetry) throw error;
    const message =
      error instanceof AppError && error.expose
        ? `${error.code}: ${error.message}`
        : error instanceof AppError
          ? error.code
          : 'internal_error: rendering failed';
    await repos.reports.fail(report.id, message);
    log.warn({ err: error }, 'report rendering failed');
  }
}
