import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids carried through async work so every log line of a request or job names it. */
export interface LogContext {
  requestId?: string;
  taskId?: string;
  jobId?: string;
}

export const logContext = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with extra ids added to the current context. */
export function withLogContext<T>(extra: LogContext, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...extra }, fn);
}
