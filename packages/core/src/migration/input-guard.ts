/**
 * The parsed import file, checked and cleaned once before anything else reads it. Planning recurses over records
 * (schemas, JSON cleaning, hashing), so a file nested thousands of levels deep would exhaust the stack: it is
 * refused here instead. And PostgreSQL refuses NUL characters in text and jsonb, which reach more than the rows
 * (the report's messages, quarantined records, the batch record): they are removed from every string and key here,
 * once, so nothing downstream can carry one.
 */
import { ValidationError } from '../errors.ts';
import { cleanText } from './normalise.ts';

/** Deepest nesting an import file may have; real exports are a handful of levels deep. */
export const maxImportDepth = 64;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function tooDeep(): ValidationError {
  return new ValidationError('too_deep', `The file nests values deeper than ${maxImportDepth} levels`, {
    status: 422,
  });
}

/** Cleans the strings and keys of one object or array in place; returns the containers found inside it. */
function cleanLevel(value: Container): Container[] {
  const inner: Container[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (typeof item === 'string') value[index] = cleanText(item);
      else if (isContainer(item)) inner.push(item);
    });
    return inner;
  }
  for (const key of Object.keys(value)) {
    let item = value[key];
    if (typeof item === 'string') item = value[key] = cleanText(item);
    else if (isContainer(item)) inner.push(item);
    const cleanKey = cleanText(key);
    if (cleanKey !== key) {
      delete value[key];
      // defineProperty: a key that cleans to `__proto__` stays a plain key instead of replacing the prototype.
      Object.defineProperty(value, cleanKey, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return inner;
}

/**
 * Checks the nesting of `data` (ValidationError 422 `too_deep` beyond maxImportDepth) and removes NUL characters
 * and lone surrogates from its strings and keys, in place. Iterative, so no input can exhaust the stack here.
 */
export function guardImportData(data: unknown): unknown {
  if (typeof data === 'string') return cleanText(data);
  if (!isContainer(data)) return data;
  let level: Container[] = [data];
  for (let depth = 1; level.length > 0; depth += 1) {
    if (depth > maxImportDepth) throw tooDeep();
    const next: Container[] = [];
    for (const value of level) for (const inner of cleanLevel(value)) next.push(inner);
    level = next;
  }
  return data;
}
