import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadConfig, type LoadConfigResult } from '@xcr/contracts';

/**
 * Reads configuration for a composition root: the environment, plus the file named by `XCR_CONFIG_FILE` (JSON or
 * YAML, with the same variable names as keys) when set. The environment wins over the file.
 */
export function readConfig(env: NodeJS.ProcessEnv): LoadConfigResult {
  const path = env.XCR_CONFIG_FILE;
  if (!path) return loadConfig(env);
  let values: Record<string, string | undefined>;
  try {
    values = parseConfigFile(readFileSync(path, 'utf8'));
  } catch (err) {
    return { ok: false, problems: [`XCR_CONFIG_FILE: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return loadConfig(env, values);
}

/** Parses a config file's text into variable values; nested objects are refused so typos cannot hide. */
export function parseConfigFile(text: string): Record<string, string | undefined> {
  const data: unknown = parseYaml(text);
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error('the file must hold a map of VARIABLE: value');
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) out[key] = value.map(String).join(',');
    else if (typeof value === 'object') throw new Error(`${key}: nested values are not allowed`);
    else out[key] = String(value);
  }
  return out;
}

/** Prints every configuration problem to stderr and exits non-zero. */
export function exitOnConfigProblems(problems: readonly string[]): never {
  process.stderr.write(`xcr: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n`);
  for (const p of problems) process.stderr.write(`  - ${p}\n`);
  process.exit(78);
}
