/**
 * Value clean-up shared by the mappers: every value an import writes must fit the column and its CHECK, so a bad
 * value becomes a usable one plus a warning instead of failing a whole chunk.
 */

/** Receives a warning about the record at `path`. */
export type WarnFn = (path: string, code: string, message: string) => void;

/**
 * Text PostgreSQL accepts: no NUL characters, no lone surrogates (jsonb refuses both, text refuses NUL).
 */
export function cleanText(value: string): string {
  const withoutNul = value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
  return loneSurrogate.test(withoutNul) ? withoutNul.replace(loneSurrogateAll, '\uFFFD') : withoutNul;
}

const loneSurrogateSource = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const loneSurrogate = new RegExp(loneSurrogateSource);
const loneSurrogateAll = new RegExp(loneSurrogateSource, 'g');

/** Optional text: trimmed of nothing, cleaned, empty kept; null for null/undefined. Numbers become text. */
export function optionalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * A repository URL without the user name and password of its userinfo. Tokens are stored sealed, never inside the
 * URL (which the API shows and logs may carry); an imported URL that holds credentials loses them, and the caller
 * warns so the owner can set a token on the project. Text that is not a URL is returned as it is.
 */
export function withoutUrlCredentials(url: string): { url: string; hadCredentials: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, hadCredentials: false };
  }
  if (parsed.username === '' && parsed.password === '') return { url, hadCredentials: false };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, hadCredentials: true };
}

/** The repository URL of an imported project, credentials removed (with a warning at `path`). */
export function importedRepositoryUrl(url: string | null, path: string, warn: WarnFn): string | null {
  if (url === null) return null;
  const cleaned = withoutUrlCredentials(url);
  if (cleaned.hadCredentials) warn(path, 'repository_url_credentials_removed', 'The repository URL held credentials; they were removed (set a Git token on the project instead)');
  return cleaned.url;
}

/** A JSON value with every string cleaned (for jsonb columns). */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[cleanText(k)] = cleanJson(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** A timestamp, or null (with a warning when a value was there but unreadable). */
export function toDate(value: unknown, path: string, warn: WarnFn): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const date = typeof value === 'number' ? new Date(value) : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  const time = date.getTime();
  // Outside what timestamptz stores comfortably (years 1..9999).
  if (Number.isNaN(time) || time < -62_135_596_800_000 || time > 253_402_300_799_999) {
    warn(path, 'invalid_timestamp', `Unreadable timestamp ${JSON.stringify(value).slice(0, 60)}; left empty`);
    return null;
  }
  return date;
}

/** A non-negative integer (counts, sizes); null/undefined become `fallback`. */
export function count(value: unknown, fallback = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(2_147_483_647, Math.max(0, Math.round(value)));
}

/** A 1-based position, or null when missing or not positive. */
export function position(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const n = Math.round(value);
  return n >= 1 && n <= 2_147_483_647 ? n : null;
}

/** A 0-100 score, or null. */
export function score(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(100, Math.max(0, value));
}

/**
 * A field v1 stored as JSON text. Returns the parsed value, `undefined` when missing or empty, and warns when the
 * text is not JSON (the caller decides what to do with the raw text).
 */
export function parseJsonText(value: unknown, path: string, warn: WarnFn): { value: unknown; isRawText: boolean } | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return { value, isRawText: false };
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  try {
    return { value: JSON.parse(trimmed), isRawText: false };
  } catch {
    warn(path, 'invalid_json_text', 'Not JSON text; read as plain text');
    return { value, isRawText: true };
  }
}

/** A list of strings from JSON text, an array, or comma-separated text. */
export function stringList(value: unknown, path: string, warn: WarnFn): string[] {
  const parsed = parseJsonText(value, path, warn);
  if (!parsed) return [];
  const raw = parsed.isRawText && typeof parsed.value === 'string' ? parsed.value.split(',') : parsed.value;
  if (!Array.isArray(raw)) {
    warn(path, 'invalid_list', 'Expected a list of strings; left empty');
    return [];
  }
  return raw.filter((x): x is string => typeof x === 'string').map((x) => cleanText(x.trim())).filter((x) => x !== '');
}
