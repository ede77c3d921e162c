// Running one audit task: intake through the caller's opener, scan, lifecycle, persistence, progress, cancellation.
export * from './audit-history.ts';
export * from './cancel-watch.ts';
export * from './lifecycle.ts';
export * from './llm-stage.ts';
export * from './progress-reporter.ts';
export * from './run-audit-task.ts';
export * from './task-results.ts';
export * from './job-ids.ts';
export * from './project-source.ts';
