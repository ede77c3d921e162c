import { estimateTokens } from './token-estimate.ts';
import { numberedLine, pieceHeader } from './prompts/render-audit-prompt.ts';

/** A file ready for the LLM stage. */
export interface PreparedFile {
  path: string;
  language: string;
  /** The file's lines as read (findings quote these, redacted). */
  lines: readonly string[];
  /** The lines as sent: secrets redacted, same count as `lines`. */
  sentLines: readonly string[];
  sizeBytes: number;
  /** Hex SHA-256 of the content as read (for the record of what was sent). */
  sha256: string;
  /** Hex SHA-256 of the content as sent (for the cache key). */
  sentSha256: string;
  /** Whether redaction changed anything. */
  isRedacted: boolean;
}

/** A range of one file that goes into one call: the whole file, or a chunk of a big one. */
export interface FilePiece {
  file: PreparedFile;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Tokens of the piece's header and numbered lines. */
  estimatedTokens: number;
}

/** The pieces of one call. */
export interface WorkUnit {
  pieces: FilePiece[];
  estimatedTokens: number;
}

/** Whether the piece is a whole file. */
export function isWholeFile(piece: FilePiece): boolean {
  return piece.startLine === 1 && piece.endLine === piece.file.sentLines.length;
}

function lineTokens(file: PreparedFile, n: number): number {
  return estimateTokens(numberedLine(n, file.sentLines[n - 1] ?? '')) + 1;
}

function headerTokens(file: PreparedFile, startLine: number, endLine: number): number {
  return estimateTokens(pieceHeader({ path: file.path, language: file.language, startLine, endLine, totalLines: file.sentLines.length })) + 2;
}

/** Limits of {@link splitIntoPieces}. */
export interface ChunkOptions {
  /** Tokens one piece may take (header included). */
  maxPieceTokens: number;
  /**
   * Lines repeated at the start of the next chunk, so an issue spanning a chunk border is seen whole by one
   * call. Capped at a quarter of the chunk so chunks always advance.
   */
  overlapLines: number;
}

/**
 * The pieces of one file: the whole file when it fits in `maxPieceTokens`, otherwise consecutive chunks that
 * overlap by `overlapLines` and together cover every line. A single line too long for a chunk still forms a
 * chunk (the prompt caps its length), so nothing is left out.
 */
export function splitIntoPieces(file: PreparedFile, options: ChunkOptions): FilePiece[] {
  const total = file.sentLines.length;
  if (total === 0) return [];
  const costs = Array.from({ length: total }, (_, i) => lineTokens(file, i + 1));
  const wholeTokens = headerTokens(file, 1, total) + costs.reduce((a, b) => a + b, 0);
  if (wholeTokens <= options.maxPieceTokens) return [{ file, startLine: 1, endLine: total, estimatedTokens: wholeTokens }];

  const pieces: FilePiece[] = [];
  let start = 1;
  for (;;) {
    let tokens = headerTokens(file, start, total);
    let end = start - 1;
    while (end < total && (end < start || tokens + (costs[end] as number) <= options.maxPieceTokens)) {
      tokens += costs[end] as number;
      end += 1;
    }
    pieces.push({ file, startLine: start, endLine: end, estimatedTokens: tokens });
    if (end >= total) return pieces;
    const overlap = Math.min(options.overlapLines, Math.floor((end - start + 1) / 4));
    start = end + 1 - overlap;
  }
}

/** Limits of {@link batchPieces}. */
export interface BatchOptions {
  /** Tokens of code one call may carry. */
  maxUnitTokens: number;
  /** Files one call may carry (1 = never batch). */
  maxFilesPerBatch: number;
  /** Only whole files up to this many tokens are batched; bigger ones get a call of their own. */
  smallPieceTokens: number;
}

/**
 * Groups pieces into calls: small whole files together (in the order given) up to the file and token limits,
 * every other piece alone. Findings are attributed back per file, and the cache stays per piece, so a batch
 * never makes a later re-audit resend an unchanged file.
 */
export function batchPieces(pieces: readonly FilePiece[], options: BatchOptions): WorkUnit[] {
  const units: WorkUnit[] = [];
  let open: WorkUnit | undefined;
  for (const piece of pieces) {
    const isSmall = isWholeFile(piece) && piece.estimatedTokens <= options.smallPieceTokens && options.maxFilesPerBatch > 1;
    if (!isSmall) {
      units.push({ pieces: [piece], estimatedTokens: piece.estimatedTokens });
      continue;
    }
    if (open === undefined || open.pieces.length >= options.maxFilesPerBatch || open.estimatedTokens + piece.estimatedTokens > options.maxUnitTokens) {
      open = { pieces: [], estimatedTokens: 0 };
      units.push(open);
    }
    open.pieces.push(piece);
    open.estimatedTokens += piece.estimatedTokens;
  }
  return units;
}
