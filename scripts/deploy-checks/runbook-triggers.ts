// Reads the automatic rollback triggers from the runbook (docs/operations/runbook.md), so tests compare the
// cluster's analysis and the canary monitor with the document operators read, not with a copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render.ts';

/** One trigger row: `> 1 %` for `5 min` becomes {threshold: 0.01, forS: 300}. */
export interface RunbookTrigger {
  signal: 'errorRate' | 'p95LatencyS' | 'dbConnectionFailureRatio';
  threshold: number;
  forS: number;
}

const signals: Array<[RegExp, RunbookTrigger['signal']]> = [
  [/^error rate/i, 'errorRate'],
  [/^p95 latency/i, 'p95LatencyS'],
  [/^database connection failures/i, 'dbConnectionFailureRatio'],
];

function parseAmount(text: string): number {
  const m = /^>\s*([\d.]+)\s*(%|s|ms)$/.exec(text.trim());
  if (!m) throw new Error(`cannot read threshold "${text}"`);
  const n = Number(m[1]);
  return m[2] === '%' ? n / 100 : m[2] === 'ms' ? n / 1000 : n;
}

function parseDuration(text: string): number {
  const m = /^([\d.]+)\s*(min|s|h)$/.exec(text.trim());
  if (!m) throw new Error(`cannot read duration "${text}"`);
  return Number(m[1]) * (m[2] === 'min' ? 60 : m[2] === 'h' ? 3600 : 1);
}

/** The rows of the table under the heading "Automatic rollback triggers". */
export function readRunbookTriggers(path = 'docs/operations/runbook.md'): RunbookTrigger[] {
  const text = readFileSync(join(repoRoot, path), 'utf8');
  const start = text.search(/^#+ Automatic rollback triggers/m);
  if (start < 0) throw new Error(`${path}: no "Automatic rollback triggers" section`);
  const rows = text
    .slice(start)
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').slice(1, -1).map((c) => c.trim()));
  const triggers: RunbookTrigger[] = [];
  for (const [name, when, duration] of rows) {
    const signal = signals.find(([re]) => re.test(name ?? ''))?.[1];
    if (!signal || !when || !duration) continue;
    triggers.push({ signal, threshold: parseAmount(when), forS: parseDuration(duration) });
  }
  return triggers;
}
