// Finds promtool (and amtool) through scripts/ops/ensure-promtool.sh, which fetches Debian's packages into a
// cache folder when the machine has none, and runs them on temporary copies of the configuration.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './render.ts';

/** A tool's path, or why it is unavailable (apt unreachable: the caller skips). */
export type ToolLookup = { path: string } | { unavailable: string };

/** Locates promtool (`--amtool`: amtool), downloading it once if needed. */
export function ensureTool(tool: 'promtool' | 'amtool'): ToolLookup {
  const res = spawnSync('bash', [join(repoRoot, 'scripts/ops/ensure-promtool.sh'), ...(tool === 'amtool' ? ['--amtool'] : [])], { encoding: 'utf8', timeout: 180_000 });
  if (res.status === 0 && res.stdout.trim()) return { path: res.stdout.trim().split('\n').pop()! };
  if (res.status === 3) return { unavailable: res.stderr.trim() || `${tool} unavailable` };
  throw new Error(`ensure-promtool.sh failed (${res.status}): ${res.stderr}`);
}

/** Runs a tool; returns exit code and combined output. */
export function runTool(path: string, args: readonly string[], cwd = repoRoot): { code: number | null; output: string } {
  const res = spawnSync(path, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, output: `${res.stdout}${res.stderr}` };
}
