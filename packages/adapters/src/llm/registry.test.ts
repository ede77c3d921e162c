import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@xcr/core/errors';
import {
  createLlmProvider,
  findLlmProviderPreset,
  llmProviderConfigFromPreset,
  llmProviderPresets,
} from './registry.ts';

describe('LLM provider registry', () => {
  it('names the default base URL and model of every provider', () => {
    const expected: Record<string, [string, string]> = {
      openai: ['https://api.openai.com/v1', 'gpt-4o-mini'],
      deepseek: ['https://api.deepseek.com/v1', 'deepseek-chat'],
      qwen: ['https://dashscope.aliyuncs.com/compatible-mode/v1', 'qwen-turbo'],
      zhipu: ['https://open.bigmodel.cn/api/paas/v4', 'glm-4-flash'],
      moonshot: ['https://api.moonshot.cn/v1', 'moonshot-v1-8k'],
      doubao: ['https://ark.cn-beijing.volces.com/api/v3', 'doubao-pro-32k'],
      minimax: ['https://api.minimax.chat/v1', 'abab6.5-chat'],
      ollama: ['http://localhost:11434/v1', 'llama3'],
      anthropic: ['https://api.anthropic.com/v1', 'claude-3-5-sonnet-20241022'],
      gemini: ['https://generativelanguage.googleapis.com/v1beta', 'gemini-2.5-flash'],
      ernie: ['https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/chat', 'ERNIE-3.5-8K'],
    };
    for (const [name, [baseUrl, model]] of Object.entries(expected)) {
      assert.equal(llmProviderPresets.get(name)?.baseUrl, baseUrl, name);
      assert.equal(llmProviderPresets.get(name)?.model, model, name);
    }
    assert.equal(findLlmProviderPreset('Claude')?.kind, 'anthropic');
    assert.equal(findLlmProviderPreset('baidu')?.kind, 'ernie');
  });

  it('builds a config from a preset, the admin settings winning', () => {
    const config = llmProviderConfigFromPreset(
      'deepseek',
      { apiKey: 'k', temperature: 0.5, capabilities: { maxContextTokens: 32_000 } },
      'team-deepseek',
    );
    assert.equal(config.kind, 'openai-compatible');
    assert.equal(config.name, 'team-deepseek');
    assert.equal(config.baseUrl, 'https://api.deepseek.com/v1');
    assert.equal(config.temperature, 0.5);
    assert.equal(config.timeoutMs, 150_000);
    assert.deepEqual(config.capabilities, {
      jsonMode: true,
      maxContextTokens: 32_000,
      maxOutputTokens: 8192,
    });
  });

  it('refuses presets that cannot work: unknown name, missing model or key', () => {
    assert.throws(() => llmProviderConfigFromPreset('nope'), ConfigError);
    assert.throws(() => llmProviderConfigFromPreset('vllm'), ConfigError);
    assert.doesNotThrow(() => llmProviderConfigFromPreset('vllm', { model: 'qwen2.5-coder' }));
    assert.throws(() => llmProviderConfigFromPreset('openai'), ConfigError);
    assert.doesNotThrow(() => llmProviderConfigFromPreset('ollama'));
  });

  it('dispatches on kind and validates the config before any call', () => {
    for (const preset of ['openai', 'anthropic', 'gemini', 'ernie'] as const) {
      const provider = createLlmProvider(llmProviderConfigFromPreset(preset, { apiKey: 'a:b' }));
      assert.equal(provider.kind, findLlmProviderPreset(preset)?.kind);
    }
    assert.throws(
      () => createLlmProvider({ ...llmProviderConfigFromPreset('ernie', { apiKey: 'no-colon' }) }),
      ConfigError,
    );
    assert.throws(
      () => createLlmProvider({ ...llmProviderConfigFromPreset('ollama'), baseUrl: 'ftp://x' }),
      ConfigError,
    );
  });
});
