// How provider secrets look in API responses: an API key as `sk-…abcd`, credential-like header values the same
// way. Masking keeps enough to recognise which key is configured and never enough to use it.

/** The masked form of a secret: the first 3 and last 4 characters of a long one, less of a short one. */
export function maskSecret(secret: string): string {
  const text = secret.trim();
  if (text.length >= 16) return `${text.slice(0, 3)}…${text.slice(-4)}`;
  if (text.length >= 8) return `…${text.slice(-2)}`;
  return '…';
}

const credentialName = /auth|key|token|secret|passw|cookie|session|signature|credential/i;
const credentialScheme = /^(?:bearer|basic|token|digest|apikey)\s+\S/i;

/**
 * Whether a header carries a credential, by its name (`Authorization`, `X-Api-Key`, `Cookie`...) or its value (an
 * auth scheme, or a long unbroken string mixing letters and digits, which is what keys look like). Erring towards
 * "yes" only costs a masked value in the response.
 */
export function isCredentialHeader(name: string, value: string): boolean {
  if (credentialName.test(name) || credentialScheme.test(value.trim())) return true;
  return /^[A-Za-z0-9._~+/=-]{20,}$/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value);
}

/** Headers split into those that may be shown and those to seal and mask. */
export interface SplitHeaders {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

/** Splits headers by {@link isCredentialHeader}. */
export function splitHeaders(headers: Readonly<Record<string, string>>): SplitHeaders {
  const split: SplitHeaders = { plain: {}, secret: {} };
  for (const [name, value] of Object.entries(headers)) {
    (isCredentialHeader(name, value) ? split.secret : split.plain)[name] = value;
  }
  return split;
}

/**
 * The headers to store after an update: a credential header sent back with its masked value (as a client that
 * read the provider and saves it again does) keeps the stored value; anything else is taken as given.
 */
export function mergeMaskedHeaders(incoming: Readonly<Record<string, string>>, storedSecret: Readonly<Record<string, string>>): Record<string, string> {
  const storedByName = new Map(Object.entries(storedSecret).map(([name, value]) => [name.toLowerCase(), value]));
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    const stored = storedByName.get(name.toLowerCase());
    merged[name] = stored !== undefined && value === maskSecret(stored) ? stored : value;
  }
  return merged;
}
