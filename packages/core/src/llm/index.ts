// The LLM stage: prompts, tolerant answer reading, anchoring, budgets, caching, merging with rule findings.
export * from './analyze-files.ts';
export * from './analyze-snippet.ts';
export * from './anchor.ts';
export * from './cache-key.ts';
export * from './json-repair.ts';
export * from './llm-finding.ts';
export * from './merge.ts';
export * from './parse-answer.ts';
export * from './price-table.ts';
export * from './prompts/audit-v1.ts';
export * from './prompts/render-audit-prompt.ts';
export * from './secret-redaction.ts';
export * from './task-budget.ts';
export * from './token-estimate.ts';
export * from './work-units.ts';
