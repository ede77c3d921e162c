import { createHash, randomBytes } from 'node:crypto';
import type { LlmMessage } from '../../ports/llm-provider.ts';
import { auditSystemPrompts, auditUserTexts, PROMPT_VERSION, type OutputLanguage } from './audit-v1.ts';

/** One file, or a range of one, as it goes into the user message. */
export interface PromptPiece {
  path: string;
  language: string;
  /** Every line of the file as sent (secrets already redacted). */
  lines: readonly string[];
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/** Lines longer than this are cut in the prompt: a line is context, not a payload. */
export const promptMaxLineChars = 1_000;

/** A SHA-256 over every fixed text of the prompt (first 16 hex): any wording change changes the cache key. */
export const promptTextHash: string = createHash('sha256')
  .update(JSON.stringify([PROMPT_VERSION, auditSystemPrompts, auditUserTexts]))
  .digest('hex')
  .slice(0, 16);

/**
 * A fresh data boundary marker. It is random per call, so code under audit cannot contain the closing line
 * and "end" the data early to smuggle text that reads as part of the request.
 */
export function newDataBoundary(random: () => string = () => randomBytes(12).toString('hex')): string {
  return `XCR-DATA-${random()}`;
}

/**
 * Characters a reader of the prompt may not see, or may take for a line break: controls other than tab, format
 * characters (bidirectional overrides as in Trojan Source, zero-width characters, tag characters that spell text
 * invisibly) and the line and paragraph separators. Passed on as they are, they could hide instructions or start a
 * line without its `N| ` prefix; shown as `<U+XXXX>`, they are plain data the model can report.
 */
const hiddenCharacter = /(?!\t)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Whether `text` holds a character {@link showHidden} would replace. */
export function hasHiddenCharacters(text: string): boolean {
  return new RegExp(hiddenCharacter.source, 'u').test(text);
}

/** `text` with every hidden character written as `<U+XXXX>`. */
export function showHidden(text: string): string {
  return text.replace(hiddenCharacter, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

function capLine(line: string): string {
  return line.length > promptMaxLineChars ? `${line.slice(0, promptMaxLineChars)}…[line cut]` : line;
}

/** The prompt form of one code line: `N| ` and the (capped) text, hidden characters shown. */
export function numberedLine(lineNumber: number, line: string): string {
  return `${lineNumber}| ${capLine(showHidden(line))}`;
}

/** The header line that opens a file inside the data block (the path is text from the archive or repository too). */
export function pieceHeader(piece: Omit<PromptPiece, 'lines'> & { totalLines: number }): string {
  return `=== FILE: ${showHidden(piece.path)} | language: ${piece.language} | lines ${piece.startLine}-${piece.endLine} of ${piece.totalLines} ===`;
}

function hasHiddenInPiece(piece: PromptPiece): boolean {
  if (hasHiddenCharacters(piece.path)) return true;
  for (let n = piece.startLine; n <= piece.endLine; n++) if (hasHiddenCharacters(piece.lines[n - 1] ?? '')) return true;
  return false;
}

/** The header and numbered lines of one piece, as they appear in the data block. */
export function renderPiece(piece: PromptPiece): string {
  const out = [pieceHeader({ ...piece, totalLines: piece.lines.length })];
  for (let n = piece.startLine; n <= piece.endLine; n++) out.push(numberedLine(n, piece.lines[n - 1] ?? ''));
  return out.join('\n');
}

/** Options of {@link renderAuditMessages}. */
export interface RenderAuditOptions {
  outputLanguage: OutputLanguage;
  /** From {@link newDataBoundary}; must not occur in the code. */
  boundary: string;
  /** Whether secrets were replaced in any piece (adds a note so the model still reports the spot). */
  isRedacted?: boolean;
}

/**
 * The `[system, user]` messages of one audit call. The user message states that the code is data, then
 * carries every piece between two boundary lines built from the random marker.
 */
export function renderAuditMessages(pieces: readonly PromptPiece[], options: RenderAuditOptions): LlmMessage[] {
  const texts = auditUserTexts[options.outputLanguage];
  const open = `<<<BEGIN ${options.boundary}>>>`;
  const close = `<<<END ${options.boundary}>>>`;
  const notes: string[] = [texts.intro.replace('{open}', open).replace('{close}', close)];
  if (pieces.length > 1) notes.push(texts.severalFiles);
  if (pieces.some((p) => p.startLine !== 1 || p.endLine !== p.lines.length)) notes.push(texts.partOfFile);
  if (options.isRedacted === true) notes.push(texts.redactionNote);
  if (pieces.some(hasHiddenInPiece)) notes.push(texts.hiddenCharactersNote);
  const user = [notes.join('\n'), '', open, pieces.map(renderPiece).join('\n\n'), close, '', texts.outro].join('\n');
  return [
    { role: 'system', content: auditSystemPrompts[options.outputLanguage] },
    { role: 'user', content: user },
  ];
}
