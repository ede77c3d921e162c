// Protocols that take the system prompt apart from the turns (Anthropic, Gemini, ERNIE), and that want turns
// to alternate, get the port's messages reshaped here.
import type { LlmMessage } from '@xcr/core/ports/llm-provider';

/** A turn without the system role. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** The system text (all system messages joined) and the remaining turns, same-role neighbours merged. */
export function splitSystem(messages: readonly LlmMessage[]): {
  system: string | undefined;
  turns: ChatTurn[];
} {
  const systemParts: string[] = [];
  const turns: ChatTurn[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      systemParts.push(message.content);
      continue;
    }
    const last = turns.at(-1);
    if (last && last.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  // Every protocol here wants the conversation to open with the user.
  if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', content: '' });
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, turns };
}

/** Normalises the providers' stop reasons: `stop` for a complete answer, `length` for a truncated one. */
export function normaliseFinishReason(reason: unknown): string | undefined {
  if (typeof reason !== 'string' || reason === '') return undefined;
  const lower = reason.toLowerCase();
  if (lower === 'stop' || lower === 'end_turn' || lower === 'stop_sequence' || lower === 'normal')
    return 'stop';
  if (lower === 'length' || lower === 'max_tokens' || lower === 'model_length') return 'length';
  return lower;
}

/** A non-negative integer token count, or undefined. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}
