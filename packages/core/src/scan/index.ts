// The scan: one source tree in, one ScanResult out.
export * from './run-scan.ts';
export * from './load-project-config.ts';
