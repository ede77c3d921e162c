import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llmCacheKey, type LlmCacheKeyParts } from './cache-key.ts';
import { costOf, defaultPriceTable, priceForModel } from './price-table.ts';
import { createBudgetTracker } from './task-budget.ts';

describe('price table', () => {
  it('converts the original prices to per-million-token prices', () => {
    assert.deepEqual(defaultPriceTable['gpt-4'], { inputUsdPerMTok: 30, outputUsdPerMTok: 60 });
    assert.deepEqual(defaultPriceTable['gpt-3.5-turbo'], { inputUsdPerMTok: 1.5, outputUsdPerMTok: 2 });
    assert.deepEqual(defaultPriceTable['claude-3-haiku'], { inputUsdPerMTok: 0.25, outputUsdPerMTok: 1.25 });
  });

  it('finds exact names, then the longest prefix, and nothing for unknown models', () => {
    assert.equal(priceForModel('gpt-4-32k')?.inputUsdPerMTok, 60);
    assert.equal(priceForModel('gpt-4-0613')?.inputUsdPerMTok, 30);
    assert.equal(priceForModel('claude-3-sonnet-20240229')?.outputUsdPerMTok, 15);
    assert.equal(priceForModel('llama3'), undefined);
    assert.deepEqual(priceForModel('llama3', { llama3: { inputUsdPerMTok: 0, outputUsdPerMTok: 0 } }), { inputUsdPerMTok: 0, outputUsdPerMTok: 0 });
  });

  it('prices usage', () => {
    assert.equal(costOf({ promptTokens: 1_000_000, completionTokens: 500_000 }, { inputUsdPerMTok: 3, outputUsdPerMTok: 15 }), 10.5);
  });
});

describe('createBudgetTracker', () => {
  it('admits calls while the expected tokens fit, counting reservations in flight', () => {
    const budget = createBudgetTracker({ maxTokens: 1_000 });
    const a = budget.reserve(300, 100);
    const b = budget.reserve(300, 100);
    assert.ok(a && b);
    assert.equal(budget.reserve(300, 100), undefined); // 400 + 400 reserved + 400 > 1,000
    a({ promptTokens: 250, completionTokens: 20 });
    assert.ok(budget.reserve(200, 100)); // 270 spent + 400 reserved + 300 = 970
    assert.deepEqual(budget.spent(), { promptTokens: 250, completionTokens: 20, costUsd: 0 });
  });

  it('frees a reservation for a call that did not happen, and enforces a cost limit', () => {
    const budget = createBudgetTracker({ maxCostUsd: 1 }, { inputUsdPerMTok: 1_000_000, outputUsdPerMTok: 1_000_000 });
    const a = budget.reserve(1, 0);
    assert.ok(a);
    assert.equal(budget.reserve(1, 0), undefined);
    a(undefined);
    const b = budget.reserve(1, 0);
    assert.ok(b);
    b({ promptTokens: 1, completionTokens: 0 });
    assert.equal(budget.spent().costUsd, 1);
    assert.equal(budget.reserve(1, 0), undefined);
  });

  it('admits everything without limits', () => {
    const budget = createBudgetTracker();
    for (let i = 0; i < 100; i++) assert.ok(budget.reserve(1e6, 1e6));
  });
});

describe('llmCacheKey', () => {
  const parts: LlmCacheKeyParts = {
    contentSha256: 'a'.repeat(64), language: 'javascript', promptVersion: 'audit-v1', promptTextHash: '0123', providerKind: 'openai-compatible',
    providerName: 'openai', model: 'gpt-4o-mini', temperature: 0.2, maxTokens: 4096, outputLanguage: 'en-US', range: 'whole',
  };
  it('is stable and changes with every part', () => {
    const key = llmCacheKey(parts);
    assert.match(key, /^llm:[0-9a-f]{64}$/);
    assert.equal(llmCacheKey({ ...parts }), key);
    const variants: Partial<LlmCacheKeyParts>[] = [
      { contentSha256: 'b'.repeat(64) }, { language: 'typescript' }, { promptVersion: 'audit-v2' }, { promptTextHash: '4567' }, { providerKind: 'anthropic' },
      { providerName: 'deepseek' }, { model: 'gpt-4o' }, { temperature: 0 }, { maxTokens: 2048 }, { outputLanguage: 'zh-CN' }, { range: '1-400' },
    ];
    const keys = new Set(variants.map((v) => llmCacheKey({ ...parts, ...v })));
    assert.equal(keys.size, variants.length);
    assert.ok(!keys.has(key));
  });
});
