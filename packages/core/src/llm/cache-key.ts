import { createHash } from 'node:crypto';
import type { LlmProviderKind } from '../ports/llm-provider.ts';
import type { OutputLanguage } from './prompts/audit-v1.ts';

/** Everything that decides what a model answers about one piece of code. */
export interface LlmCacheKeyParts {
  /** Hex SHA-256 of the file content as sent (after redaction). */
  contentSha256: string;
  /** The file's language, as named in the prompt. */
  language: string;
  promptVersion: string;
  /** Hash of the prompt texts, so an edit without a version bump still misses. */
  promptTextHash: string;
  providerKind: LlmProviderKind;
  providerName: string;
  model: string;
  temperature: number;
  maxTokens: number;
  outputLanguage: OutputLanguage;
  /** The lines sent: `whole`, or `start-end` for a chunk. */
  range: string;
}

/**
 * The cache key of one piece: `llm:` and the hex SHA-256 of the parts in a fixed order. The path is not part
 * of it: identical content under another name is the same code, and findings take their path from the caller.
 */
export function llmCacheKey(parts: LlmCacheKeyParts): string {
  const ordered = [
    'xcr-llm-v1',
    parts.contentSha256,
    parts.language,
    parts.promptVersion,
    parts.promptTextHash,
    parts.providerKind,
    parts.providerName,
    parts.model,
    String(parts.temperature),
    String(parts.maxTokens),
    parts.outputLanguage,
    parts.range,
  ];
  return `llm:${createHash('sha256').update(JSON.stringify(ordered)).digest('hex')}`;
}
