import { pino, type Logger, type LoggerOptions } from 'pino';
import { logContext } from './context.ts';

/**
 * Paths whose values never reach a log line: credentials, tokens, keys, and source code. pino replaces them with
 * "[redacted]".
 */
export const redactedPaths = [
  'password',
  '*.password',
  'new_password',
  '*.new_password',
  'token',
  '*.token',
  'access_token',
  'refresh_token',
  '*.access_token',
  '*.refresh_token',
  'api_key',
  '*.api_key',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'code',
  'content',
  'code_snippet',
  '*.code_snippet',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Creates the process logger: JSON lines with a `component` label and the ids of the current request or job. */
export function createLogger(level: LoggerOptions['level'], options: { destination?: NodeJS.WritableStream } = {}): Logger {
  const base: LoggerOptions = {
    level,
    base: { service: 'xcodereviewer' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const ctx = logContext.getStore();
      if (!ctx) return {};
      return {
        ...(ctx.requestId ? { request_id: ctx.requestId } : {}),
        ...(ctx.taskId ? { task_id: ctx.taskId } : {}),
        ...(ctx.jobId ? { job_id: ctx.jobId } : {}),
      };
    },
  };
  return options.destination ? pino(base, options.destination as never) : pino(base);
}
