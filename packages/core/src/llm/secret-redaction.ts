import { isPlaceholder, looksRandom } from '../rules/secrets/entropy.ts';
import { redactSecrets } from '../rules/secrets/redact.ts';

/**
 * Redaction of code before it leaves the machine in a prompt: what the secret rules recognise (see
 * rules/secrets/redact.ts), plus values a prompt should not carry even when the rules would not report them
 * (any non-placeholder value of a secret-named key, random-looking literals). It errs on the side of
 * redacting: a constant that was not a secret costs the model a little context, a leaked key costs much more.
 * Line breaks are kept exactly, so line numbers in the prompt stay those of the file.
 */

/** What replaces a secret value. */
export const redactionMarker = '[REDACTED]';

// Token formats whose prefix alone identifies them.
const knownTokens: readonly RegExp[] = [
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g,
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

const secretName = String.raw`[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|bearer)[\w.-]*`;
// `password = "..."`, `"apiKey": '...'`, `token => "..."`, `secret := "..."`.
const quotedAssignment = new RegExp(String.raw`(\b${secretName}["']?\s*(?::=|=>|[:=])\s*)(["'\`])([^"'\`\n]{4,}?)\2`, 'gi');
// `.env` and properties files: `DB_PASSWORD=hunter2`.
const bareAssignment = new RegExp(String.raw`^(\s*(?:export\s+)?${secretName}\s*[=:]\s*)([^\s'"\`#$][^\s#]{3,})`, 'i');
const urlCredentials = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)([^\s@/]+)(@)/gi;
const quotedRandom = /(["'`])([A-Za-z0-9+/=_-]{32,})\1/g;
const pemBegin = /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/;
const pemEnd = /-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----/;
const pemInline = /(-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----)[\s\S]*?(-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----)/g;

function keepUnlessSecret(value: string): boolean {
  return isPlaceholder(value) || value === redactionMarker;
}

function redactLine(line: string): string {
  let out = redactSecrets(line.replace(pemInline, `$1${redactionMarker}$3`));
  for (const pattern of knownTokens) out = out.replace(pattern, redactionMarker);
  out = out.replace(urlCredentials, (match, head: string, password: string, at: string) => (keepUnlessSecret(password) ? match : `${head}${redactionMarker}${at}`));
  out = out.replace(quotedAssignment, (match, head: string, quote: string, value: string) => (keepUnlessSecret(value) ? match : `${head}${quote}${redactionMarker}${quote}`));
  out = out.replace(bareAssignment, (match, head: string, value: string) => (keepUnlessSecret(value) ? match : `${head}${redactionMarker}`));
  out = out.replace(quotedRandom, (match, quote: string, value: string) => (looksRandom(value, 32, 4.2) ? `${quote}${redactionMarker}${quote}` : match));
  return out;
}

function mapLines(text: string, mapLine: (line: string) => string): string {
  const parts = text.split(/(\r\n|\r|\n)/);
  let isInKey = false;
  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i] as string;
    if (isInKey) {
      if (pemEnd.test(line)) isInKey = false;
      else parts[i] = line.trim() === '' ? line : redactionMarker;
      continue;
    }
    // The opening line of a block is a header, not a secret; its body follows on the next lines.
    if (pemBegin.test(line) && !pemEnd.test(line)) isInKey = true;
    else parts[i] = mapLine(line);
  }
  return parts.join('');
}

/**
 * Replaces the body lines of PEM private key blocks by {@link redactionMarker}, line for line. Applied before
 * any other redactor, so that one which collapses a block (changing the line count, which the caller then
 * undoes by redacting line by line) can never let a key body through.
 */
export function maskPrivateKeyBlocks(text: string): string {
  return mapLines(text, (line) => line);
}

/**
 * `text` as it may go into a prompt: private key bodies, everything the secret rules recognise (masked as
 * they mask it) and the further values above replaced; the number and position of lines is unchanged.
 */
export function redactForPrompt(text: string): string {
  return mapLines(text, redactLine);
}
