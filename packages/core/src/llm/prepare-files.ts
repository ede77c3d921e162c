import { createHash } from 'node:crypto';
import { splitLines } from '../findings/snippet.ts';
import { maskPrivateKeyBlocks } from './secret-redaction.ts';
import type { PreparedFile } from './work-units.ts';

/** A file handed to the LLM stage. */
export interface LlmSourceFile {
  /** Relative to the scanned root, forward slashes. */
  path: string;
  language: string;
  content: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Splits, hashes and redacts one file. Private key bodies are masked line for line first. A redactor that
 * changes the number of lines (one that collapses a key block, say) would shift every line number after it,
 * so it is then applied line by line instead; the masking before it keeps key bodies out either way.
 */
export function prepareFile(file: LlmSourceFile, redact: (text: string) => string): PreparedFile {
  const lines = splitLines(file.content);
  const masked = maskPrivateKeyBlocks(file.content);
  let sentLines = splitLines(redact(masked));
  if (sentLines.length !== lines.length) sentLines = splitLines(masked).map((line) => redact(line).replace(/\r\n|\r|\n/g, ' '));
  const isRedacted = sentLines.some((line, i) => line !== lines[i]);
  return {
    path: file.path,
    language: file.language,
    lines,
    sentLines,
    sizeBytes: Buffer.byteLength(file.content, 'utf8'),
    sha256: sha256(file.content),
    sentSha256: isRedacted ? sha256(sentLines.join('\n')) : sha256(file.content),
    isRedacted,
  };
}
