import { ValidationError } from '@xcr/core/errors';

/** Longest key S3 accepts, in UTF-8 bytes; the folder store keeps the same limit so keys move between stores. */
const maxKeyBytes = 1024;

/**
 * Checks an object key: a relative path with `/` separators and no empty, `.` or `..` segment, no backslash and no
 * control character. Both stores refuse the same keys, so a key that works embedded also works on S3 and a key can
 * never leave the folder of the file-system store.
 */
export function assertObjectKey(key: string): void {
  const problem = keyProblem(key, false);
  if (problem) throw new ValidationError('invalid_object_key', `Invalid object key: ${problem}`, { details: { problem } });
}

/** Checks a list prefix: empty, or the start of a valid key (it may end inside a segment or with `/`). */
export function assertObjectPrefix(prefix: string): void {
  if (prefix === '') return;
  const problem = keyProblem(prefix, true);
  if (problem) throw new ValidationError('invalid_object_key', `Invalid object prefix: ${problem}`, { details: { problem } });
}

function keyProblem(key: string, isPrefix: boolean): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'empty';
  if (Buffer.byteLength(key, 'utf8') > maxKeyBytes) return 'too long';
  if (key.startsWith('/')) return 'absolute path';
  if (key.includes('\\')) return 'backslash';
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'control character';
  const segments = key.split('/');
  // A prefix may end with `/` (an empty last segment); a key may not.
  const checked = isPrefix && segments.at(-1) === '' ? segments.slice(0, -1) : segments;
  for (const segment of checked) {
    if (segment === '') return 'empty segment';
    if (segment === '.' || segment === '..') return 'dot segment';
  }
  return undefined;
}
