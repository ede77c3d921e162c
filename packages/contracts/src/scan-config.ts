import { z } from 'zod';

/** Options of one audit, as given to `POST /tasks` or `xcr scan`. Every field has a default. */
export const ScanConfig = z.object({
  exclude: z.array(z.string()).default([]).describe('Extra globs to leave out (gitignore syntax)'),
  include: z.array(z.string()).default([]).describe('When non-empty, only files matching one of these globs'),
  include_tests: z.boolean().default(true),
  max_files: z.number().int().positive().max(100_000).default(5_000),
  max_file_size_kb: z.number().int().positive().max(10_240).default(1_024),
  analysis_depth: z.enum(['basic', 'standard', 'deep']).default('standard'),
  analyzers: z.array(z.enum(['rules', 'llm'])).min(1).default(['rules']),
  llm_provider: z.string().optional(),
  llm_model: z.string().optional(),
  output_language: z.enum(['zh-CN', 'en-US']).default('en-US'),
});
export type ScanConfig = z.infer<typeof ScanConfig>;
