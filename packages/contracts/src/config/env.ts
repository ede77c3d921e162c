import { z } from 'zod';

/**
 * Helpers for environment-variable schemas. Environment values are strings; these coerce them and treat an
 * empty string as "not set", so `XCR_PORT=` falls back to the default rather than failing.
 */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** An optional string; empty means unset. */
export function envString() {
  return z.preprocess(blankToUndefined, z.string().optional());
}

/** An integer within bounds, with a default. */
export function envInt(defaultValue: number, min: number, max: number) {
  return z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(defaultValue));
}

/** A boolean written as true/false/1/0/yes/no. */
export function envBool(defaultValue: boolean) {
  return z.preprocess((value) => {
    const v = blankToUndefined(value);
    if (typeof v !== 'string') return v;
    const lower = v.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    return v;
  }, z.boolean().default(defaultValue));
}

/** A comma-separated list. */
export function envList(defaultValue: string[]) {
  return z.preprocess((value) => {
    const v = blankToUndefined(value);
    return typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v;
  }, z.array(z.string()).default(defaultValue));
}

/** An optional URL whose scheme is one of `protocols`. */
export function envUrl(protocols: string[]) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
      .optional(),
  );
}
