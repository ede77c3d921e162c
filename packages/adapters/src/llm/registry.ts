// The LLM adapters by wire protocol, and the named providers an admin picks from with their default base URL,
// model and capabilities. A plain Map: adding a provider that speaks a known protocol is one entry here.
import { ConfigError } from '@xcr/core/errors';
import type {
  LlmCapabilities,
  LlmProvider,
  LlmProviderConfig,
  LlmProviderKind,
} from '@xcr/core/ports/llm-provider';
import { createAnthropicProvider } from './anthropic/anthropic-provider.ts';
import { createErnieProvider, type ErnieProviderOptions } from './ernie/ernie-provider.ts';
import { createGeminiProvider } from './gemini/gemini-provider.ts';
import type { LlmAdapterDeps } from './llm-http.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';

/** A named provider's defaults. `baseUrl` is the usual local address for self-hosted servers. */
export interface LlmProviderPreset {
  kind: LlmProviderKind;
  baseUrl: string;
  /** Empty when the admin must name the model (vLLM, LM Studio serve whatever was loaded). */
  model: string;
  capabilities: LlmCapabilities;
  /** Whether calls need a key (local servers do not). */
  needsApiKey: boolean;
}

function preset(
  kind: LlmProviderKind,
  baseUrl: string,
  model: string,
  capabilities: LlmCapabilities,
  needsApiKey = true,
): LlmProviderPreset {
  return { kind, baseUrl, model, capabilities, needsApiKey };
}

/** Named providers → defaults (the defaults the original product shipped, updated where an endpoint moved). */
export const llmProviderPresets: ReadonlyMap<string, LlmProviderPreset> = new Map([
  [
    'openai',
    preset('openai-compatible', 'https://api.openai.com/v1', 'gpt-4o-mini', {
      jsonMode: true,
      maxContextTokens: 128_000,
      maxOutputTokens: 16_384,
    }),
  ],
  [
    'deepseek',
    preset('openai-compatible', 'https://api.deepseek.com/v1', 'deepseek-chat', {
      jsonMode: true,
      maxContextTokens: 64_000,
      maxOutputTokens: 8192,
    }),
  ],
  [
    'qwen',
    preset('openai-compatible', 'https://dashscope.aliyuncs.com/compatible-mode/v1', 'qwen-turbo', {
      jsonMode: true,
      maxContextTokens: 131_072,
      maxOutputTokens: 8192,
    }),
  ],
  [
    'zhipu',
    preset('openai-compatible', 'https://open.bigmodel.cn/api/paas/v4', 'glm-4-flash', {
      jsonMode: true,
      maxContextTokens: 128_000,
      maxOutputTokens: 4095,
    }),
  ],
  [
    'moonshot',
    preset('openai-compatible', 'https://api.moonshot.cn/v1', 'moonshot-v1-8k', {
      jsonMode: true,
      maxContextTokens: 8192,
      maxOutputTokens: 4096,
    }),
  ],
  [
    'doubao',
    preset('openai-compatible', 'https://ark.cn-beijing.volces.com/api/v3', 'doubao-pro-32k', {
      jsonMode: false,
      maxContextTokens: 32_768,
      maxOutputTokens: 4096,
    }),
  ],
  [
    'minimax',
    preset('openai-compatible', 'https://api.minimax.chat/v1', 'abab6.5-chat', {
      jsonMode: false,
      maxContextTokens: 8192,
      maxOutputTokens: 4096,
    }),
  ],
  [
    'ollama',
    preset(
      'openai-compatible',
      'http://localhost:11434/v1',
      'llama3',
      { jsonMode: true, maxContextTokens: 8192, maxOutputTokens: 4096 },
      false,
    ),
  ],
  [
    'vllm',
    preset(
      'openai-compatible',
      'http://localhost:8000/v1',
      '',
      { jsonMode: true, maxContextTokens: 8192, maxOutputTokens: 4096 },
      false,
    ),
  ],
  [
    'lmstudio',
    preset(
      'openai-compatible',
      'http://localhost:1234/v1',
      '',
      { jsonMode: false, maxContextTokens: 8192, maxOutputTokens: 4096 },
      false,
    ),
  ],
  [
    'anthropic',
    preset('anthropic', 'https://api.anthropic.com/v1', 'claude-3-5-sonnet-20241022', {
      jsonMode: false,
      maxContextTokens: 200_000,
      maxOutputTokens: 8192,
    }),
  ],
  [
    'gemini',
    preset('gemini', 'https://generativelanguage.googleapis.com/v1beta', 'gemini-2.5-flash', {
      jsonMode: true,
      maxContextTokens: 1_048_576,
      maxOutputTokens: 65_536,
    }),
  ],
  [
    'ernie',
    preset('ernie', 'https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/chat', 'ERNIE-3.5-8K', {
      jsonMode: false,
      maxContextTokens: 8192,
      maxOutputTokens: 2048,
    }),
  ],
]);

/** Other names admins use for the same providers. */
const presetAliases: ReadonlyMap<string, string> = new Map([
  ['claude', 'anthropic'],
  ['baidu', 'ernie'],
  ['dashscope', 'qwen'],
  ['glm', 'zhipu'],
  ['kimi', 'moonshot'],
  ['lm-studio', 'lmstudio'],
]);

/** The preset of a name or alias, or undefined. */
export function findLlmProviderPreset(name: string): LlmProviderPreset | undefined {
  const key = name.toLowerCase();
  return llmProviderPresets.get(presetAliases.get(key) ?? key);
}

/** What an admin may leave out when naming a preset. */
export type LlmProviderSettings = Partial<Omit<LlmProviderConfig, 'kind' | 'name'>> & { tokenUrl?: string };

/** Defaults of every provider when neither the admin nor a preset says (the original's browser defaults). */
export const llmCallDefaults = { timeoutMs: 150_000, temperature: 0.2, maxTokens: 4096 } as const;

/** A full config from a preset name and the admin's settings (which win). */
export function llmProviderConfigFromPreset(
  presetName: string,
  settings: LlmProviderSettings = {},
  name = presetName,
): LlmProviderConfig & { tokenUrl?: string } {
  const found = findLlmProviderPreset(presetName);
  if (!found)
    throw new ConfigError(`Unknown LLM provider preset ${presetName}`, {
      details: { preset: presetName, known: [...llmProviderPresets.keys()] },
    });
  const model = settings.model ?? found.model;
  if (model === '')
    throw new ConfigError(`LLM provider ${name}: a model is required for ${presetName}`, {
      details: { provider: name },
    });
  if (found.needsApiKey && !settings.apiKey)
    throw new ConfigError(`LLM provider ${name}: an API key is required for ${presetName}`, {
      details: { provider: name },
    });
  return {
    ...llmCallDefaults,
    ...settings,
    kind: found.kind,
    name,
    baseUrl: settings.baseUrl ?? found.baseUrl,
    model,
    capabilities: { ...found.capabilities, ...settings.capabilities },
  };
}

type Factory = (config: LlmProviderConfig & { tokenUrl?: string }, deps: LlmAdapterDeps) => LlmProvider;

/** The adapter of each wire protocol. */
export const llmProviderFactories: ReadonlyMap<LlmProviderKind, Factory> = new Map<LlmProviderKind, Factory>([
  ['openai-compatible', createOpenAiCompatibleProvider],
  ['anthropic', createAnthropicProvider],
  ['gemini', createGeminiProvider],
  ['ernie', (config, deps) => createErnieProvider(config as ErnieProviderOptions, deps)],
]);

/** Builds the adapter for a config, dispatching on its kind. */
export function createLlmProvider(
  config: LlmProviderConfig & { tokenUrl?: string },
  deps: LlmAdapterDeps = {},
): LlmProvider {
  const factory = llmProviderFactories.get(config.kind);
  if (!factory)
    throw new ConfigError(`Unknown LLM provider kind ${String(config.kind)}`, {
      details: { provider: config.name },
    });
  return factory(config, deps);
}
