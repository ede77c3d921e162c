export * from './common.ts';
export * from './auth.ts';
export * from './users.ts';
export * from './audit-log.ts';
export * from './projects.ts';
export * from './tasks.ts';
