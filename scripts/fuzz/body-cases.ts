/**
 * Request bodies for one operation: valid-ish samples of its JSON schema, then mutations of them (a field missing,
 * null, of the wrong type, hostile, huge; nesting; extra fields), then bodies that are not what the route reads at
 * all (malformed JSON, other media types, empty, beyond the body limit, broken multipart).
 */
import type { Random } from './random.ts';
import {
  hostileNumbers,
  hostileStrings,
  primaryType,
  sampleValue,
  wrongTypeValue,
  type JsonSchema,
  type SampleContext,
} from './schema-values.ts';

/** A body to send, with the headers that describe it. */
export interface BodyCase {
  label: string;
  body?: string | Buffer;
  contentType?: string;
  /** Set when the case only exists to send a huge body; answers may come with the connection closed. */
  isOversized?: boolean;
}

const json = 'application/json';
const placeholder = '\u0001fuzz-placeholder\u0001';

function jsonCase(label: string, value: unknown): BodyCase {
  return { label, body: JSON.stringify(value), contentType: json };
}

/** `[[[...]]]` nested `depth` deep, as text (JSON.stringify would recurse as deep). */
export function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `{"a":{"a":...}}` nested `depth` deep, as text. */
export function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Objects among the schema's branches (a nullable body is `anyOf: [object, null]`). */
function objectSchemaOf(schema: JsonSchema): JsonSchema | undefined {
  if (primaryType(schema) === 'object' && schema.properties) return schema;
  return (schema.anyOf ?? schema.oneOf ?? []).find((b) => b.properties);
}

/** Mutations of one field of a valid object: missing, null, wrong type, hostile values, huge, nested, ... */
function fieldCases(
  base: Record<string, unknown>,
  key: string,
  field: JsonSchema,
  random: Random,
): BodyCase[] {
  const withValue = (label: string, value: unknown) =>
    jsonCase(`${key}: ${label}`, { ...base, [key]: value });
  // JSON text JSON.stringify cannot write (NaN, very deep nesting) goes in through a placeholder.
  const withText = (label: string, text: string): BodyCase => ({
    label: `${key}: ${label}`,
    body: JSON.stringify({ ...base, [key]: placeholder }).replace(JSON.stringify(placeholder), text),
    contentType: json,
  });
  const without = { ...base };
  delete without[key];
  const cases = [
    jsonCase(`${key}: missing`, without),
    withValue('null', null),
    withValue('wrong type', wrongTypeValue(field, random)),
    withValue('wrong type', wrongTypeValue(field, random)),
    {
      label: `${key}: 900 kB string`,
      body: JSON.stringify({ ...base, [key]: 'x'.repeat(900_000) }),
      contentType: json,
    },
    withText('nested 5,000 deep', deepObjectText(5_000)),
  ];
  const type = primaryType(field);
  if (type === 'string' || field.enum) {
    cases.push(withValue('NUL', 'a\u0000b'), withValue('lone surrogate', '\ud800'));
    for (let i = 0; i < 4; i += 1) cases.push(withValue('hostile string', random.pick(hostileStrings)));
  }
  if (type === 'integer' || type === 'number') {
    for (const n of [-1, 2 ** 53 + 2, 1e308, random.pick(hostileNumbers)])
      cases.push(withValue(`number ${n}`, n));
    cases.push(withText('NaN literal', 'NaN'), withText('exponent literal', '1e999'));
  }
  if (type === 'array') {
    cases.push(
      withValue('empty array', []),
      withValue(
        '10,000 items',
        Array.from({ length: 10_000 }, (_, i) => `i${i}`),
      ),
    );
  }
  if (type === 'object')
    cases.push(withValue('array for object', [base[key]]), withValue('empty object', {}));
  return cases;
}

/** The mutations of each field of an object-valued field (`options.timeout_ms: null`), inside the whole body. */
function nestedCases(
  base: Record<string, unknown>,
  key: string,
  field: JsonSchema,
  ctx: SampleContext,
): BodyCase[] {
  const inner = objectSchemaOf(field);
  if (!inner) return [];
  const current = base[key];
  const innerBase = (
    current !== null && typeof current === 'object' && !Array.isArray(current)
      ? current
      : sampleValue(inner, ctx, key)
  ) as Record<string, unknown>;
  return Object.entries(inner.properties ?? {}).flatMap(([innerKey, innerField]) => {
    const withField =
      innerKey in innerBase
        ? innerBase
        : { ...innerBase, [innerKey]: sampleValue(innerField, ctx, innerKey) };
    return fieldCases(withField, innerKey, innerField, ctx.random).map((c) => ({
      label: `${key}.${c.label}`,
      body: JSON.stringify({ ...base, [key]: placeholder }).replace(
        JSON.stringify(placeholder),
        String(c.body),
      ),
      contentType: json,
    }));
  });
}

/** Bodies for an operation whose document gives a JSON body schema. */
export function jsonBodyCases(schema: JsonSchema, ctx: SampleContext): BodyCase[] {
  const { random } = ctx;
  const cases: BodyCase[] = [];
  const samples = [0, 1, 2].map(() => sampleValue(schema, ctx));
  samples.forEach((s, i) => cases.push(jsonCase(`valid sample ${i + 1}`, s)));
  const objectSchema = objectSchemaOf(schema);
  const base = samples.find((s) => s !== null && typeof s === 'object' && !Array.isArray(s)) as
    Record<string, unknown> | undefined;
  if (objectSchema && base) {
    for (const [key, field] of Object.entries(objectSchema.properties ?? {})) {
      const withField = key in base ? base : { ...base, [key]: sampleValue(field, ctx, key) };
      cases.push(...fieldCases(withField, key, field, random), ...nestedCases(withField, key, field, ctx));
    }
    cases.push(
      jsonCase('extra fields', { ...base, is_admin: true, role: 'admin', id: random.uuid(), __fuzz: 'x' }),
      jsonCase('array of the body', [base, base]),
      {
        label: 'duplicate keys',
        body: `${JSON.stringify(base).slice(0, -1)}${Object.keys(base).length ? ',' : ''}"${Object.keys(base)[0] ?? 'a'}":{"x":[1]}}`,
        contentType: json,
      },
      {
        label: '__proto__ key',
        body: `{"__proto__":{"is_admin":true},${JSON.stringify(base).slice(1)}`,
        contentType: json,
      },
      jsonCase('constructor.prototype', { ...base, constructor: { prototype: { is_admin: true } } }),
    );
  }
  return [...cases, ...genericBodyCases(ctx)];
}

/** A multipart body with one part; `boundary` is what the body uses. */
function multipart(field: string, fileName: string, data: Buffer, boundary = 'fuzzboundary'): Buffer {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}

/** A well-formed multipart body with `data` as the file of `field`, and its content type. */
export function multipartFile(
  field: string,
  fileName: string,
  data: Buffer,
): { body: Buffer; contentType: string } {
  return {
    body: multipart(field, fileName, data),
    contentType: 'multipart/form-data; boundary=fuzzboundary',
  };
}

/** Bodies every operation gets, whatever it reads: wrong shapes, wrong media types, broken encodings, too large. */
export function genericBodyCases(ctx: SampleContext): BodyCase[] {
  const mp = 'multipart/form-data; boundary=fuzzboundary';
  const junk = Buffer.from(ctx.random.string(512, 'abcdef0123456789\u0000\u00ff'), 'latin1');
  return [
    { label: 'no body' },
    { label: 'empty JSON body', body: '', contentType: json },
    jsonCase('null', null),
    jsonCase('empty object', {}),
    jsonCase('array', []),
    jsonCase('string', 'text'),
    jsonCase('number', 12),
    { label: 'malformed JSON', body: '{"a":', contentType: json },
    { label: 'trailing comma', body: '{"a":1,}', contentType: json },
    { label: 'BOM and JSON', body: '\ufeff{"a":1}', contentType: json },
    {
      label: 'invalid UTF-8',
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]),
      contentType: json,
    },
    // Deeper still (200,000 levels) once, in the transport cases: parsing that costs ~0.2 s, too much for every route.
    { label: 'nested arrays 20,000 deep', body: deepArrayText(20_000), contentType: json },
    { label: 'nested objects 10,000 deep', body: deepObjectText(10_000), contentType: json },
    { label: 'JSON as text/plain', body: '{"a":1}', contentType: 'text/plain' },
    { label: 'XML', body: '<?xml version="1.0"?><a>1</a>', contentType: 'application/xml' },
    { label: 'form', body: 'a=1&b=%00&c[d]=2', contentType: 'application/x-www-form-urlencoded' },
    { label: 'JSON in UTF-16 charset', body: '{"a":1}', contentType: 'application/json; charset=utf-16' },
    { label: 'unknown media type', body: 'x', contentType: 'application/x-fuzz' },
    { label: 'broken media type', body: '{}', contentType: 'application/json;;;=' },
    { label: 'multipart, junk file', body: multipart('file', 'a.zip', junk), contentType: mp },
    {
      label: 'multipart, zip header only',
      body: multipart('file', '../../x.zip', Buffer.from('PK\u0003\u0004fuzz', 'latin1')),
      contentType: mp,
    },
    { label: 'multipart, empty file', body: multipart('file', '', Buffer.alloc(0)), contentType: mp },
    {
      label: 'multipart, other field',
      body: multipart('other', 'a.json', Buffer.from('{}')),
      contentType: mp,
    },
    {
      label: 'multipart, boundary mismatch',
      body: multipart('file', 'a.zip', junk, 'otherboundary'),
      contentType: mp,
    },
    {
      label: 'multipart, no boundary',
      body: multipart('file', 'a.zip', junk),
      contentType: 'multipart/form-data',
    },
    { label: 'multipart, cut off', body: multipart('file', 'a.zip', junk).subarray(0, 200), contentType: mp },
    {
      label: 'JSON beyond the body limit',
      body: JSON.stringify({ a: 'x'.repeat(2_200_000) }),
      contentType: json,
      isOversized: true,
    },
  ];
}
