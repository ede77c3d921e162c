// P-REAUDIT: what a re-audit costs after a small change. A generated 100-file project (80 to 240 lines per
// file, deterministic) is audited through the LLM stage against the fake LLM server (a real OpenAI-compatible
// adapter with the resilience policies) with the answer cache on; one file then gets a new function and the
// project is audited again by a fresh analyzer over a fresh cache handle, as a later run would be. The figures
// are the calls and tokens of the re-audit relative to the first audit; the target is at most 2 %.
// BENCH_CACHE=folder (default, a temporary folder) | db (PGlite in memory) | memory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmAnalyzer, type LlmAnalysisResult, type LlmSourceFile } from '@xcr/core/llm/analyze-files';
import { withResilience } from '@xcr/core/llm/resilience/with-resilience';
import { redactForPrompt } from '@xcr/core/llm/secret-redaction';
import { codeOfPromptText } from '@xcr/core/llm/testing/scripted-provider';
import type { LlmCache } from '@xcr/core/ports/llm-cache';
import { createLlmProvider } from '@xcr/adapters/llm/registry';
import { createFolderLlmCache } from '@xcr/adapters/llm-cache/folder/index';
import { createMemoryLlmCache } from '@xcr/adapters/llm-cache/memory/index';
import { createDbLlmCache } from '@xcr/adapters/llm-cache/db/index';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { startFakeLlmServer, type RecordedRequest } from '@xcr/testkit/llm/fake-llm-server';

const fileCount = 100;
const cacheKind = process.env.BENCH_CACHE ?? 'folder';

/** A small deterministic PRNG, so every run audits the same project. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function moduleFunction(name: string, index: number, next: () => number): string[] {
  const risky = next() < 0.15;
  return [
    `export async function ${name}(req, res, db) {`,
    `  const id = Number(req.params.id ?? ${index});`,
    `  if (!Number.isFinite(id)) return res.status(400).json({ error: 'bad id' });`,
    risky ? `  const row = await db.query("SELECT * FROM items WHERE name = '" + req.query.name + "'");` : `  const row = await db.query('SELECT * FROM items WHERE id = $1', [id]);`,
    `  const total = row.items.reduce((sum, item) => sum + item.price * item.quantity, 0);`,
    `  logger.info({ id, total }, 'computed total');`,
    `  return res.json({ id, total, at: new Date().toISOString() });`,
    `}`,
    ``,
  ];
}

function generateProject(): LlmSourceFile[] {
  const next = random(20_240_611);
  return Array.from({ length: fileCount }, (_, f) => {
    const lines = [`// Module ${f}: request handlers for resource ${f}.`, `import { logger } from '../logger.js';`, ''];
    const target = 80 + Math.floor(next() * 160);
    for (let i = 0; lines.length < target; i++) lines.push(...moduleFunction(`handle${f}x${i}`, i, next));
    return { path: `src/modules/module-${String(f).padStart(3, '0')}.js`, language: 'javascript', content: `${lines.join('\n')}\n` };
  });
}

/** The fake model: reports every query built by concatenation, quoting the line. */
function answer(request: RecordedRequest): string {
  const issues = [];
  for (const [path, lines] of codeOfPromptText(request.promptText)) {
    for (const [line, text] of lines) {
      if (text.includes('" + req.query')) issues.push({ file: path, type: 'security', severity: 'high', title: 'SQL built from request input', cwe: 89, line, code_snippet: text.trim(), description: 'The query concatenates req.query.name.', suggestion: 'Use a bound parameter.' });
    }
  }
  return JSON.stringify({ issues, quality_score: issues.length === 0 ? 90 : 70, metrics: { complexity: 85, maintainability: 80, security: issues.length === 0 ? 95 : 60, performance: 90 } });
}

async function openCache(dir: string): Promise<{ cache: () => LlmCache; close: () => Promise<void> }> {
  if (cacheKind === 'memory') {
    const cache = createMemoryLlmCache();
    return { cache: () => cache, close: async () => {} };
  }
  if (cacheKind === 'db') {
    const database = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrateToLatest(database);
    return { cache: () => createDbLlmCache({}, { db: database.db }), close: () => database.close() };
  }
  return { cache: () => createFolderLlmCache({ dir }), close: async () => {} };
}

function tokens(result: LlmAnalysisResult): number {
  return result.usage.promptTokens + result.usage.completionTokens;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
}

const server = await startFakeLlmServer();
const dir = await mkdtemp(join(tmpdir(), 'xcr-bench-reaudit-'));
const caches = await openCache(dir);
try {
  server.setResponder((request) => ({ type: 'answer', content: answer(request) }));
  const provider = () =>
    withResilience(
      createLlmProvider({
        kind: 'openai-compatible', name: 'fake', baseUrl: server.baseUrls.openai, model: 'fake-model', apiKey: 'sk-bench', timeoutMs: 10_000, temperature: 0.2, maxTokens: 4_096,
        capabilities: { jsonMode: true, maxContextTokens: 128_000, maxOutputTokens: 4_096 },
      }),
    );
  const audit = async (files: LlmSourceFile[]) => {
    const analyzer = createLlmAnalyzer({ provider: provider(), cache: caches.cache(), outputLanguage: 'en-US', redact: redactForPrompt });
    const startedMs = performance.now();
    const result = await analyzer.analyze(files, [], { concurrency: 4 });
    return { result, elapsedMs: performance.now() - startedMs };
  };

  const project = generateProject();
  const lines = project.reduce((sum, f) => sum + f.content.split('\n').length - 1, 0);
  const first = await audit(project);
  const changedIndex = 42;
  const changed = project.map((file, i) => (i === changedIndex ? { ...file, content: `${file.content}\nexport function added(x) {\n  return x * 2;\n}\n` } : file));
  const second = await audit(changed);

  const row = (label: string, run: typeof first) =>
    `${label.padEnd(10)} calls ${String(run.result.usage.calls).padStart(4)}  cache hits ${String(run.result.usage.cacheHits).padStart(4)}  prompt tokens ${String(run.result.usage.promptTokens).padStart(8)}  completion tokens ${String(run.result.usage.completionTokens).padStart(6)}  findings ${String(run.result.findings.length).padStart(3)}  ${(run.elapsedMs / 1000).toFixed(2)} s`;
  console.log(`P-REAUDIT: ${fileCount} files, ${lines} lines, cache ${cacheKind}, fake LLM server over HTTP`);
  console.log(row('first', first));
  console.log(row('re-audit', second));
  console.log(`sent on re-audit: ${second.result.sentRecord.files.map((f) => f.path).join(', ') || 'nothing'}`);
  if (second.result.findings.length !== first.result.findings.length) console.log(`note: findings differ (${first.result.findings.length} then ${second.result.findings.length})`);
  const calls = second.result.usage.calls;
  console.log(`P-REAUDIT: ${calls} call${calls === 1 ? '' : 's'} of ${first.result.usage.calls} (${percent(calls, first.result.usage.calls)}), tokens ${percent(tokens(second.result), tokens(first.result))} of the first audit`);
} finally {
  await caches.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
