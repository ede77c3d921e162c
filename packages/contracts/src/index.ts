export * from './finding.ts';
export * from './language.ts';
export * from './scan-config.ts';
export * from './jobs.ts';
export * from './config/index.ts';
