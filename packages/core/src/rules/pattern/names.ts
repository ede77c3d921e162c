/**
 * Identifier tests shared by rules that only fire when a value looks security-relevant (weak random, weak
 * hashes of passwords). Names are split into words by case and separators, so `sessionToken`, `SESSION_TOKEN`
 * and `session_token` match while `keyboard` or `monkey` do not.
 */

/**
 * Words that mark a variable, field or function as holding or making a security value. Left out on purpose:
 * `key`, `id`, `uuid` (random cache keys, list keys and correlation ids are the common, harmless use) and
 * `auth`, `credentials`, `reset` (functions such as getCredentials add random jitter to refresh times).
 */
export const securityWords = [
  'token', 'tokens', 'secret', 'password', 'passwd', 'pwd', 'passphrase', 'apikey', 'nonce', 'salt', 'iv',
  'session', 'sid', 'otp', 'totp', 'csrf', 'xsrf', 'captcha', 'pin', 'hmac', 'activation', 'invite',
] as const;

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A regular expression (Rust and JavaScript compatible: no look-around) that matches an identifier containing
 * one of `words` as a whole word: `lower` at the start, `Capitalized` after a lower-case letter or digit
 * (camelCase), or either case after a separator (`_`, `-`, `.`, `->`, `::`). Optional `$`/`@` sigils (PHP, Ruby) are allowed.
 */
export function identifierWordRegex(words: readonly string[]): string {
  const lower = words.join('|');
  const upper = words.map((w) => w.toUpperCase()).join('|');
  const capital = words.map(capitalize).join('|');
  const end = '(?:[A-Z_\\-0-9]|$)';
  return [
    `(?:^[$@]{0,2}|[_\\-.>:])(?:${lower})(?:[A-Z_\\-.0-9]|$)`,
    `[a-z0-9](?:${capital})${end}`,
    `(?:^[$@]{0,2}|[_\\-.>:])(?:${capital})${end}`,
    `(?:^[$@]{0,2}|[_\\-.>:])(?:${upper})(?:[_\\-.0-9]|$)`,
  ].join('|');
}

/** Regex source matching identifiers that name a security value (see {@link securityWords}). */
export const securityNameRegex = identifierWordRegex(securityWords);
