/**
 * Redaction of secrets in text that leaves the rules engine: finding snippets, reports and LLM prompts.
 * Contract: every code snippet built from a file must pass through `redactSecrets` before it is stored, shown
 * or sent to a model. The secret rules decide what a secret is, so a hit's secret is always redacted here.
 */
import { compileRegexRule, isAccepted, secretOf } from '../pattern/regex-matcher.ts';
import type { CompiledRegexRule } from '../pattern/regex-matcher.ts';
import { secretRules } from './catalog.ts';

const keptPrefixLength = 4;
const pemBlock = /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)([\s\S]*?)(-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g;

let compiledRules: CompiledRegexRule[] | undefined;

function rules(): CompiledRegexRule[] {
  compiledRules ??= secretRules.map((rule) => compileRegexRule(rule));
  return compiledRules;
}

/** Masks a secret, keeping its first characters so people can tell which key it was: `AKIA****************`. */
export function maskSecret(secret: string): string {
  const kept = secret.length > 8 ? secret.slice(0, keptPrefixLength) : '';
  return `${kept}${'*'.repeat(Math.max(secret.length - kept.length, 4))}`;
}

function redactLine(line: string): string {
  let result = line;
  for (const compiled of rules()) {
    const group = compiled.rule.secretGroup ?? 0;
    // The PEM header is not secret; its body is handled as a block below.
    if (group === 0 || !compiled.fileTest.test(result)) continue;
    const pieces: string[] = [];
    let copiedUpTo = 0;
    for (const match of result.matchAll(compiled.lineRegex)) {
      const secret = secretOf(match as RegExpExecArray, group);
      if (!isAccepted(compiled, secret)) continue;
      const at = match.index + match[0].lastIndexOf(secret);
      pieces.push(result.slice(copiedUpTo, at), maskSecret(secret));
      copiedUpTo = at + secret.length;
    }
    if (copiedUpTo > 0) result = `${pieces.join('')}${result.slice(copiedUpTo)}`;
  }
  return result;
}

/**
 * Returns `text` with every secret the secret rules recognise masked (known key formats, secret-named
 * assignments with random values, passwords in URLs) and the bodies of PEM private keys replaced.
 */
export function redactSecrets(text: string): string {
  const withoutKeys = text.replace(pemBlock, (_all, begin: string, _body: string, end: string) => `${begin}[redacted]${end}`);
  return withoutKeys.split('\n').map(redactLine).join('\n');
}
