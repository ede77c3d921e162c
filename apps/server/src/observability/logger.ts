import { pino, type Logger, type LoggerOptions } from 'pino';
import { productVersion } from '../version.ts';
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

/** Fixed fields of every line, low-cardinality so a log shipper can turn them into Loki labels. */
export interface LoggerLabels {
  /** The roles of this process, joined as `role` (`api,worker,scheduler`). */
  roles?: readonly string[];
  /** Deployment environment (`production`, `staging`), as `env`. */
  environment?: string;
}

/**
 * Creates the process logger: JSON lines with `service`, `version`, `role` and `env` on every line, a
 * `component` label per module, and the ids of the current request or job.
 */
export function createLogger(
  level: LoggerOptions['level'],
  options: { destination?: NodeJS.WritableStream } & LoggerLabels = {},
): Logger {
  const base: LoggerOptions = {
    level,
    base: {
      service: 'xcodereviewer',
      version: productVersion,
      ...(options.roles ? { role: [...options.roles].join(',') } : {}),
      ...(options.environment ? { env: options.environment } : {}),
    },
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
