import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Metrics } from '@xcr/contracts';
import {
  errorResponses,
  InstantAnalysisBody,
  InstantAnalysisFindingSummary,
  InstantAnalysisListQuery,
  InstantAnalysisLlm,
  InstantAnalysisRecordResponse,
  InstantAnalysisResponse,
  pageOf,
} from '@xcr/contracts/api/index';
import { runInstantAnalysis } from '@xcr/core/instant-analysis/instant-analysis';
import type { InstantAnalysisRecord } from '@xcr/core/ports/repositories';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

function countsOf(record: InstantAnalysisRecord) {
  return {
    critical: record.critical_issues,
    high: record.high_issues,
    medium: record.medium_issues,
    low: record.low_issues,
    info: record.info_issues,
    total: record.total_issues,
  };
}

/** A stored analysis as the API shows it; summaries of imported records may lack parts, which then read empty. */
export function toInstantAnalysisRecordResponse(record: InstantAnalysisRecord): InstantAnalysisRecordResponse {
  const summary = record.summary ?? {};
  const metrics = Metrics.safeParse(summary.metrics);
  const llm = InstantAnalysisLlm.safeParse(summary.llm);
  const findings = Array.isArray(summary.findings) ? summary.findings : [];
  const linesScanned = typeof summary.lines_scanned === 'number' ? summary.lines_scanned : null;
  return {
    id: record.id,
    language: record.language,
    quality_score: record.quality_score,
    counts: countsOf(record),
    duration_ms: record.duration_ms,
    metrics: metrics.success ? metrics.data : null,
    lines_scanned: linesScanned,
    findings: findings.flatMap((f: unknown) => {
      const parsed = InstantAnalysisFindingSummary.safeParse(f);
      return parsed.success ? [parsed.data] : [];
    }),
    llm: llm.success ? llm.data : null,
    created_at: record.created_at.toISOString(),
  };
}

const errors = errorResponses(400, 401, 403, 413, 422, 429);
const common = { tags: ['instant-analysis'], security: [{ bearerAuth: [] }] };

/**
 * `/instant-analysis`: analyse a pasted snippet now (rules, and the default LLM provider when one is configured)
 * and read one's own history. The code is never stored or logged: only a summary row is kept.
 */
export async function registerInstantAnalysisRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const useCaseDeps = { repos: deps.repos, llmResolver: deps.runtime.llmResolver };
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.post(
      '/instant-analysis',
      {
        schema: {
          ...common,
          summary: 'Analyse a snippet (at most 200 KB); the code is not kept',
          body: InstantAnalysisBody,
          response: { 200: InstantAnalysisResponse, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { code, language, filename, output_language, use_llm } = request.body;
        const result = await runInstantAnalysis(useCaseDeps, user.id, { code, language, filename, outputLanguage: output_language, useLlm: use_llm });
        return {
          id: result.record.id,
          language: result.language,
          findings: result.findings,
          quality_score: result.qualityScore,
          metrics: result.metrics,
          counts: countsOf(result.record),
          lines_scanned: result.linesScanned,
          duration_ms: result.durationMs,
          llm: result.llm,
          created_at: result.record.created_at.toISOString(),
        };
      },
    );

    scope.get(
      '/instant-analysis',
      {
        schema: { ...common, summary: 'Your past instant analyses, newest first', querystring: InstantAnalysisListQuery, response: { 200: pageOf(InstantAnalysisRecordResponse), ...errors } },
      },
      async (request) => {
        const page = await deps.repos.instantAnalyses.listByUser(requireUser(request).id, request.query);
        return { ...page, items: page.items.map(toInstantAnalysisRecordResponse) };
      },
    );
  });
}
