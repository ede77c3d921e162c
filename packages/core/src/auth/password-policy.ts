/**
 * The password policy. Decision: length and a deny list, no character-class rules.
 *
 * - At least 12 characters (code points), at most 128 (argon2 hashes anything, the cap bounds the work per login).
 * - Not a common password, in any letter case, and not a common password with only digits or symbols added
 *   before or after it ("Password2024!" is "password" with decoration).
 * - Not the username, the email or the email's local part, with or without such decoration.
 * - At least 5 different characters ("aaaaaaaaaaaa", "123123123123" are refused).
 *
 * The original system also demanded an upper-case letter, a lower-case letter, a digit and a symbol. We dropped
 * that on purpose: composition rules push people to the predictable "Summer2024!" pattern, which the deny list
 * catches, while a long passphrase without a digit is stronger than most passwords that satisfy them (the
 * reasoning of NIST SP 800-63B, 5.1.1.2). Generated passwords (first admin) still contain every class, so they
 * pass either policy.
 *
 * The list in ./common-passwords.ts was generated from @zxcvbn-ts/language-common 4.1.3 (`npm pack`, then
 * src/passwords.json: the first 5,000 entries plus every entry of 12 characters or more, lower-cased).
 */
import { commonPasswordsText } from './common-passwords.ts';

/** Shortest password accepted. */
export const minPasswordLength = 12;
/** Longest password accepted. */
export const maxPasswordLength = 128;
const minDistinctCharacters = 5;
/** Decorations stripped before comparing with the deny list or the user's identity: digits and symbols, or symbols only. */
const decorations = [/^[\d\W_]+|[\d\W_]+$/g, /^[\W_]+|[\W_]+$/g];

/** Why a password is refused. */
export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_identity' | 'too_few_distinct_characters';

let commonPasswords: Set<string> | undefined;

function isCommon(candidate: string): boolean {
  commonPasswords ??= new Set(commonPasswordsText.split('\n').filter(Boolean));
  return commonPasswords.has(candidate);
}

/** Whether `password` is `name` with nothing but digits and symbols around it. */
function isDecorated(password: string, name: string): boolean {
  const at = password.indexOf(name);
  if (at < 0) return false;
  return /^[\d\W_]*$/.test(password.slice(0, at) + password.slice(at + name.length));
}

/** Lists what is wrong with `password` for the user with this identity; empty when it is acceptable. */
export function checkPassword(password: string, identity: { username?: string; email?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < minPasswordLength) problems.push('too_short');
  if (length > maxPasswordLength) problems.push('too_long');
  const lower = password.toLowerCase();
  const cores = decorations.map((pattern) => lower.replace(pattern, ''));
  if (isCommon(lower) || cores.some((core) => core.length >= 4 && isCommon(core))) problems.push('common');
  const email = identity.email?.toLowerCase();
  const names = [identity.username?.toLowerCase(), email, email?.split('@')[0]].filter((n): n is string => !!n && n.length > 0);
  if (names.some((name) => isDecorated(lower, name))) problems.push('contains_identity');
  if (new Set(password).size < minDistinctCharacters) problems.push('too_few_distinct_characters');
  return problems;
}

/** Human-readable reasons, for error details. */
export const passwordProblemMessages: Readonly<Record<PasswordProblem, string>> = {
  too_short: `must be at least ${minPasswordLength} characters`,
  too_long: `must be at most ${maxPasswordLength} characters`,
  common: 'is too common (a well-known password, perhaps with digits or symbols added)',
  contains_identity: 'must not be your username or email',
  too_few_distinct_characters: `must contain at least ${minDistinctCharacters} different characters`,
};
