/** Shannon entropy and placeholder tests that tell a real secret from an example value. */

/** Shannon entropy of `text` in bits per character (0 for an empty string). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  const length = [...text].length;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// Values that document where a secret goes rather than being one.
const placeholderPatterns: readonly RegExp[] = [
  /^<[^>]*>$/, // <your-token>
  /\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|%s/, // ${ENV}, {{var}}, %(name)s, %s
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^(?:x+|X+|\*+|\.+|-+|_+|0+|#+)$/,
  /(?:change[_-]?me|replace[_-]?me|your[_-]|my[_-]?(?:secret|password|token|key)|placeholder|example|sample|dummy|fake|redacted|insert[_-]|todo|fixme|not[_-]?a[_-]?real)/i,
  /^(?:password|secret|token|test|testing|admin|root|default|null|none|undefined|true|false)\d*$/i,
  // Words that mark test and development values: `test-admin-passphrase-42`, `dev_secret_key`.
  /(?:^|[-_.])(?:test|testing|dev|local|demo|sample)(?:[-_.]|$)/i,
  /(?:x{4,}|X{4,}|\*{4,}|0{6,}|1234567|abcdef(?:gh)?$)/,
];

/** Whether `value` looks like a placeholder, template variable or documentation example. */
export function isPlaceholder(value: string): boolean {
  return placeholderPatterns.some((pattern) => pattern.test(value));
}

/** Whether a candidate value has enough length and randomness to be a generated secret. */
export function looksRandom(value: string, minLength: number, minEntropyBitsPerChar: number): boolean {
  if (value.length < minLength) return false;
  if (isPlaceholder(value)) return false;
  // Real generated secrets mix character classes; words with spaces are prose.
  if (/\s/.test(value)) return false;
  return shannonEntropy(value) >= minEntropyBitsPerChar;
}
