import type { LlmProvider } from './llm-provider.ts';

/** What an audit asks for: a named provider and model, or neither for the installation's default. */
export interface LlmResolveOptions {
  /** The provider's configured name; absent, the default provider. */
  provider?: string;
  /** A model other than the provider's configured one. */
  model?: string;
}

/**
 * Finds the LLM provider an audit should use, from the providers an administrator configured (keys decrypted
 * only here, for the adapter). The provider comes back ready to call: wrapped in the installation's retries,
 * pacing and circuit breaking. Undefined when nothing matching is configured and enabled: the audit then runs
 * the static rules only and records why (`llm_not_configured`).
 */
export interface LlmResolver {
  resolve(options: LlmResolveOptions): Promise<LlmProvider | undefined>;
}
