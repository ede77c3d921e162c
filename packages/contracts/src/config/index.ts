export * from './load-config.ts';
export * from './subsystems.ts';
