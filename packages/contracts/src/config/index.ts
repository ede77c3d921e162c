export * from './load-config.ts';
export * from './subsystems.ts';
export * from './render-docs.ts';
