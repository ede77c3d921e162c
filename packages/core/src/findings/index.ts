// Findings: from rule hits to stable, deduplicated, scored findings.
export * from './fingerprint.ts';
export * from './snippet.ts';
export * from './hit-to-finding.ts';
export * from './dedupe.ts';
export * from './score.ts';
