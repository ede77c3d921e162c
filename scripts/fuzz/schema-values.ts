/**
 * Values from the JSON Schemas of the OpenAPI document: a valid-ish sample of a schema (what a well-behaved client
 * would send, so requests get past validation and reach the handlers), and the hostile values the mutations put in
 * its place. URLs always point at the loopback address: a fuzzed provider or repository must never reach out.
 */
import type { Random } from './random.ts';

/** The subset of JSON Schema (2020-12, as @fastify/swagger writes it) the fuzzer reads. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

/** What a sample may depend on besides the schema: ids of stored records, by field or parameter name. */
export interface SampleContext {
  random: Random;
  /** A stored record's id for a field such as `project_id` (`ids` items ask for `ids`); undefined if none. */
  idFor(name: string): string | undefined;
}

/** Strings that matched the schemas' patterns in the past; the first that matches a pattern is used. */
const patternCandidates = ['fuzz-key_1', 'main', 'fuzz.key:1', 'X-Fuzz', 'fuzz_flag.x', 'release/1.0'];

/** Strings that break naive code: NUL, lone surrogates, control characters, markup, SQL, paths, templates. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '💥名前-ü-\u202e',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%2e%2e%2f',
  '${jndi:ldap://127.0.0.1:1/a}',
  '{{7*7}}',
  '\r\nX-Injected: 1',
  'file:///etc/passwd',
  'ext::sh -c id',
  'http://127.0.0.1:1/',
  '__proto__',
  'null',
  '-1',
  '1e309',
  'NaN',
  '  padded  ',
  'x'.repeat(10_000),
];

/** Numbers at and beyond the edges: negative, zero, fractions, the largest doubles, past the safe integers. */
export const hostileNumbers: readonly number[] = [
  -1,
  0,
  -0,
  0.5,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

/** The schema without a JSON null branch, or undefined when null is all it allows. */
function nonNullBranches(schema: JsonSchema): JsonSchema[] {
  const branches = schema.anyOf ?? schema.oneOf ?? [];
  return branches.filter((b) => b.type !== 'null');
}

/** The one type a sample of `schema` has (the first non-null one of a type list). */
export function primaryType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'null';
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.enum) return typeof schema.enum[0];
  const branches = nonNullBranches(schema);
  return branches[0] ? primaryType(branches[0]) : undefined;
}

function sampleString(schema: JsonSchema, name: string, ctx: SampleContext): string {
  const { random } = ctx;
  if (schema.format === 'uuid') return ctx.idFor(name) ?? random.uuid();
  if (schema.format === 'email' || name === 'email') return `fuzz${random.string(8)}@example.test`;
  if (schema.format === 'date-time') return new Date(Date.UTC(2024, 0, random.int(1, 28))).toISOString();
  if (schema.format === 'uri' || /(^|_)url$/.test(name)) return `https://127.0.0.1/${random.string(6)}.git`;
  const id = ctx.idFor(name);
  if (id !== undefined) return id;
  if (/password/.test(name)) return `Fuzz-${random.string(12)}-Pass9!`;
  if (name === 'schedule_cron') return random.pick(['0 3 * * *', '*/15 * * * *', '']);
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    const match = patternCandidates.find((c) => pattern.test(c));
    if (match) return match;
  }
  const min = schema.minLength ?? 1;
  const max = Math.max(min, Math.min(schema.maxLength ?? 24, min + 16));
  return `fz${random.string(Math.max(0, random.int(min, max) - 2))}`.slice(0, Math.max(min, max));
}

function sampleNumber(schema: JsonSchema, isInteger: boolean, random: Random): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum === undefined ? 0 : schema.exclusiveMinimum + 1);
  const high = Math.min(schema.maximum ?? low + 100, low + 100);
  if (isInteger) return random.int(Math.ceil(low), Math.floor(high));
  return Math.round((low + random.next() * (high - low)) * 100) / 100;
}

function sampleObject(schema: JsonSchema, ctx: SampleContext, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (required.has(key) || ctx.random.chance(0.6)) out[key] = sampleValue(property, ctx, key, depth + 1);
  }
  const extra = schema.additionalProperties;
  if (!schema.properties && extra && typeof extra === 'object' && depth < 4) {
    const count = ctx.random.int(0, 2);
    for (let i = 0; i < count; i += 1) {
      const key = schema.propertyNames ? sampleString(schema.propertyNames, 'key', ctx) : `k${i}`;
      out[`${key}${i}`] = sampleValue(extra, ctx, key, depth + 1);
    }
  }
  return out;
}

/** A value `schema` accepts, as a client would send it; `name` is the field or parameter it is for. */
export function sampleValue(schema: JsonSchema, ctx: SampleContext, name = '', depth = 0): unknown {
  const { random } = ctx;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return random.pick(schema.enum);
  if (schema.default !== undefined && random.chance(0.2)) return schema.default;
  if (schema.allOf?.[0]) return sampleValue(schema.allOf[0], ctx, name, depth);
  const branches = nonNullBranches(schema);
  if (!schema.type && branches.length > 0) return sampleValue(random.pick(branches), ctx, name, depth);
  switch (primaryType(schema)) {
    case 'string':
      return sampleString(schema, name, ctx);
    case 'integer':
      return sampleNumber(schema, true, random);
    case 'number':
      return sampleNumber(schema, false, random);
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const min = schema.minItems ?? 0;
      const length = random.int(min, Math.max(min, Math.min(schema.maxItems ?? 3, min + 3)));
      const itemName = name === 'ids' ? 'ids' : name.replace(/s$/, '');
      return Array.from({ length }, () => sampleValue(schema.items ?? {}, ctx, itemName, depth + 1));
    }
    case 'object':
      return sampleObject(schema, ctx, depth);
    default:
      // No type (z.unknown()): any small JSON value will do.
      return { fuzz: random.string(6) };
  }
}

/** A value of the wrong JSON type for `schema` (a number for a string, a string for a number, ...). */
export function wrongTypeValue(schema: JsonSchema, random: Random): unknown {
  switch (primaryType(schema)) {
    case 'string':
      return random.pick([42, true, { a: 1 }, ['x']]);
    case 'integer':
    case 'number':
      return random.pick(['12', 'abc', true, [1], { n: 1 }]);
    case 'boolean':
      return random.pick(['true', 1, 'yes', null]);
    case 'array':
      return random.pick([{ 0: 'a' }, 'a,b', 3]);
    case 'object':
      return random.pick([['a'], 'object', 7]);
    default:
      // Anything is allowed here (z.unknown()): nesting is the hostile part.
      return [[[{ a: [[[]]] }]]];
  }
}
