/**
 * Fixtures of the LLM chaos test: source files big enough for a call each, the model's answer to them, and typed
 * access to a task's `llm` record.
 */
import type { TaskResponse } from '@xcr/contracts/api/index';
import { codeOfPromptText } from '@xcr/core/llm/testing/scripted-provider';
import type { RecordedRequest } from '@xcr/testkit/llm/fake-llm-server';

/** A file of about 100 lines, each function with a TODO the model reports. */
export function bigFile(tag: string): string {
  const lines: string[] = [];
  for (let n = 0; n < 25; n += 1) {
    lines.push(
      `export function compute_${tag}_${n}(value) {`,
      `  // TODO handle negative values in step ${n}`,
      `  return value * ${n + 2} + ${n};`,
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The model's answer: the first TODO line of each file, as a bug. */
export function todoAnswer(request: RecordedRequest): string {
  const issues = [];
  for (const [path, lines] of codeOfPromptText(request.promptText)) {
    const hit = lines.find(([, text]) => text.includes('TODO'));
    if (hit)
      issues.push({
        file: path,
        type: 'bug',
        severity: 'low',
        title: 'Negative values are not handled',
        line: hit[0],
        code_snippet: hit[1],
      });
  }
  return JSON.stringify({ issues, quality_score: 80 });
}

/** The model a chat request names. */
export function modelOf(request: RecordedRequest): string | undefined {
  return (request.body as { model?: string } | undefined)?.model;
}

/** The parts of a task's `llm` record the test reads (the API types it as an open record). */
export interface LlmRecord {
  status: string;
  usage: { calls: number };
  counters: Record<string, number>;
  skipped: Array<{ path: string; reason: string }>;
}

/** The `llm` record of a task. */
export function llmRecordOf(task: TaskResponse | undefined): LlmRecord {
  return task?.llm as unknown as LlmRecord;
}

/** The sum over the tasks of one figure of their `llm` records. */
export function sumOfRecords(tasks: TaskResponse[], pick: (llm: LlmRecord) => number | undefined): number {
  return tasks.reduce((total, task) => total + (pick(llmRecordOf(task)) ?? 0), 0);
}
