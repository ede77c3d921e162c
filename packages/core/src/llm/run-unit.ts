import type { LlmProvider, LlmUsage } from '../ports/llm-provider.ts';
import { anchorIssue } from './anchor.ts';
import type { JsonRepairStage } from './json-repair.ts';
import type { LlmIssue } from './llm-finding.ts';
import { parseAuditAnswer, type AuditIssue } from './parse-answer.ts';
import type { PieceResult } from './piece-result.ts';
import type { OutputLanguage } from './prompts/audit-v1.ts';
import { newDataBoundary, renderAuditMessages } from './prompts/render-audit-prompt.ts';
import { estimateTokens } from './token-estimate.ts';
import type { FilePiece, WorkUnit } from './work-units.ts';

/** What one call needs besides its pieces. */
export interface UnitContext {
  provider: LlmProvider;
  outputLanguage: OutputLanguage;
  temperature: number;
  maxOutputTokens: number;
  randomBoundary?: () => string;
}

/** Counts of what anchoring and parsing did to one answer. */
export interface AnswerCounts {
  /** Issues whose line could not be placed in the code shown. */
  droppedUnanchored: number;
  /** Issues whose line was moved to where their snippet is. */
  correctedLines: number;
  /** Issues with neither title nor description. */
  droppedInvalid: number;
}

/** The outcome of one call. Only `failed` means the provider did not answer; a bad answer is `malformed`. */
export type UnitOutcome =
  | { kind: 'answered'; results: PieceResult[]; usage: LlmUsage; isUsageEstimated: boolean; stage: JsonRepairStage; isTruncated: boolean; counts: AnswerCounts }
  | { kind: 'malformed'; usage: LlmUsage; isUsageEstimated: boolean; reason: string }
  | { kind: 'failed'; error: unknown };

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The piece an issue of a batched answer belongs to: by the path it names, else by where its snippet is. */
function pieceOf(issue: AuditIssue, pieces: readonly FilePiece[]): FilePiece | undefined {
  if (pieces.length === 1) return pieces[0];
  const named = issue.file?.replace(/^\.?\//, '');
  if (named !== undefined) {
    const exact = pieces.find((p) => p.file.path === named) ?? pieces.find((p) => p.file.path.endsWith(`/${named}`) || named.endsWith(`/${p.file.path}`));
    if (exact !== undefined) return exact;
    const byName = pieces.filter((p) => baseName(p.file.path) === baseName(named));
    if (byName.length === 1) return byName[0];
  }
  if (issue.codeSnippet.trim() === '') return undefined;
  return pieces.find((p) => anchorIssue({ codeSnippet: issue.codeSnippet }, { lines: p.file.sentLines, startLine: p.startLine, endLine: p.endLine }).kind === 'corrected');
}

/** Places one issue in its piece; undefined when it cannot be placed. */
function placeIssue(issue: AuditIssue, piece: FilePiece, counts: AnswerCounts): LlmIssue | undefined {
  const outcome = anchorIssue(issue, { lines: piece.file.sentLines, startLine: piece.startLine, endLine: piece.endLine });
  if (outcome.kind === 'dropped') {
    counts.droppedUnanchored += 1;
    return undefined;
  }
  if (outcome.kind === 'corrected' && issue.line !== undefined) counts.correctedLines += 1;
  const isKept = outcome.kind === 'kept';
  const span = issue.lineEnd !== undefined && issue.line !== undefined ? issue.lineEnd - issue.line : 0;
  const placed: LlmIssue = {
    category: issue.category,
    severity: issue.severity,
    title: issue.title,
    description: issue.description,
    suggestion: issue.suggestion,
    line: outcome.line,
    lineEnd: Math.min(piece.endLine, outcome.line + Math.max(0, span)),
    cwe: issue.cwe,
    xai: issue.xai,
  };
  // A column is only meaningful on the line the model named.
  if (isKept && issue.column !== undefined && issue.column <= (piece.file.lines[outcome.line - 1]?.length ?? 0) + 1) placed.column = issue.column;
  return placed;
}

function splitUsage(usage: LlmUsage, pieces: readonly FilePiece[], piece: FilePiece): LlmUsage {
  const total = pieces.reduce((sum, p) => sum + p.estimatedTokens, 0) || 1;
  const share = piece.estimatedTokens / total;
  return { promptTokens: Math.round(usage.promptTokens * share), completionTokens: Math.round(usage.completionTokens * share) };
}

/**
 * Runs one call: renders the prompt with a fresh data boundary, asks the provider, reads the answer
 * tolerantly, attributes each issue to its file and anchors its line. Aborts propagate; every other failure
 * is returned as an outcome so that one bad call never fails the task.
 */
export async function runUnit(unit: WorkUnit, context: UnitContext, signal?: AbortSignal): Promise<UnitOutcome> {
  const pieces = unit.pieces;
  let boundary = newDataBoundary(context.randomBoundary);
  // Practically impossible with a random marker, but cheap to rule out: code must not contain the boundary.
  while (pieces.some((p) => p.file.sentLines.some((line) => line.includes(boundary)))) boundary = newDataBoundary();
  const messages = renderAuditMessages(
    pieces.map((p) => ({ path: p.file.path, language: p.file.language, lines: p.file.sentLines, startLine: p.startLine, endLine: p.endLine })),
    { outputLanguage: context.outputLanguage, boundary, isRedacted: pieces.some((p) => p.file.isRedacted) },
  );
  let response;
  try {
    response = await context.provider.complete(
      { messages, temperature: context.temperature, maxTokens: context.maxOutputTokens, isJsonMode: context.provider.capabilities.jsonMode },
      { signal: signal ?? new AbortController().signal },
    );
  } catch (error) {
    if (signal?.aborted === true) throw signal.reason;
    return { kind: 'failed', error };
  }
  const isUsageEstimated = response.usage === undefined;
  const usage = response.usage ?? {
    promptTokens: messages.reduce((sum, m) => sum + estimateTokens(m.content), 0),
    completionTokens: estimateTokens(response.content),
  };
  const parsed = parseAuditAnswer(response.content);
  if (!parsed.isOk) return { kind: 'malformed', usage, isUsageEstimated, reason: parsed.reason };

  const counts: AnswerCounts = { droppedUnanchored: 0, correctedLines: 0, droppedInvalid: parsed.answer.droppedIssues };
  const byPiece = new Map<FilePiece, LlmIssue[]>(pieces.map((p) => [p, []]));
  for (const issue of parsed.answer.issues) {
    const piece = pieceOf(issue, pieces);
    const placed = piece === undefined ? undefined : placeIssue(issue, piece, counts);
    if (piece === undefined) counts.droppedUnanchored += 1;
    else if (placed !== undefined) byPiece.get(piece)?.push(placed);
  }
  const results = pieces.map((piece): PieceResult => {
    const share = splitUsage(usage, pieces, piece);
    return { v: 1, issues: byPiece.get(piece) ?? [], qualityScore: parsed.answer.qualityScore, metrics: parsed.answer.metrics, promptTokens: share.promptTokens, completionTokens: share.completionTokens };
  });
  return { kind: 'answered', results, usage, isUsageEstimated, stage: parsed.stage, isTruncated: response.finishReason === 'length', counts };
}
