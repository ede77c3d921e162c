// Report renderers: one ScanResult in, one document out.
export * from './json.ts';
export * from './sarif.ts';
export * from './markdown.ts';
export * from './html.ts';
export * from './report-model.ts';
