import type { LlmUsage } from '../ports/llm-provider.ts';

/** Price of one model in US dollars per million tokens. */
export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

/** Prices by model name. A name also prices every model whose name starts with it (`gpt-4o` prices `gpt-4o-2024-08-06`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

function price(inputUsdPerMTok: number, outputUsdPerMTok: number = inputUsdPerMTok): ModelPrice {
  return { inputUsdPerMTok, outputUsdPerMTok };
}

/**
 * Default prices: the original product's tables converted to per-million-token prices (its OpenAI and Qwen
 * prices were per thousand tokens). They date from that product and are only a starting point: operators
 * override them per model in configuration. Local models cost nothing.
 */
export const defaultPriceTable: PriceTable = {
  'gpt-4': price(30, 60),
  'gpt-4-32k': price(60, 120),
  'gpt-4-turbo': price(10, 30),
  'gpt-4-turbo-preview': price(10, 30),
  'gpt-3.5-turbo': price(1.5, 2),
  'gpt-3.5-turbo-16k': price(3, 4),
  'qwen-turbo': price(2, 6),
  'qwen-plus': price(4, 12),
  'qwen-max': price(40, 120),
  'claude-3-opus': price(15, 75),
  'claude-3-sonnet': price(3, 15),
  'claude-3-haiku': price(0.25, 1.25),
  'claude-2': price(8, 24),
  'gemini-pro': price(0.5, 1.5),
  'gemini-1.5-pro': price(3.5, 10.5),
  'gemini-1.5-flash': price(0.35, 1.05),
  'deepseek-chat': price(0.14, 0.28),
  'glm-4': price(10),
  'glm-4-air': price(0.1),
  'glm-3-turbo': price(0.5),
  'moonshot-v1-8k': price(1.2),
  'moonshot-v1-32k': price(2.4),
  'moonshot-v1-128k': price(6),
};

/**
 * The price of a model: an exact entry, else the longest entry the name starts with; undefined when the table
 * does not know the model (its cost is then unknown, not zero, and a cost budget cannot be enforced for it).
 */
export function priceForModel(model: string, table: PriceTable = defaultPriceTable): ModelPrice | undefined {
  const exact = table[model];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (model.startsWith(name) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : table[best];
}

/** The cost of some usage at a price, in US dollars. */
export function costOf(usage: LlmUsage, modelPrice: ModelPrice): number {
  return (usage.promptTokens * modelPrice.inputUsdPerMTok + usage.completionTokens * modelPrice.outputUsdPerMTok) / 1_000_000;
}
