/**
 * The requests the fuzzer sends for one operation: path parameters filled with stored ids and with garbage, query
 * strings valid and hostile, the body cases, and the same request without a token, with a forged one and as a
 * plain user.
 */
import { genericBodyCases, jsonBodyCases, type BodyCase } from './body-cases.ts';
import type { Operation } from './operations.ts';
import { sampleValue, type SampleContext } from './schema-values.ts';

/** Who a request is sent as: the admin, the plain user, nobody, or a bad Authorization header. */
export type Caller = 'admin' | 'user' | 'none' | { authorization: string };

/** One request to send. */
export interface FuzzCase {
  /** `METHOD /template` of the operation. */
  operation: string;
  label: string;
  method: string;
  /** Path and query as sent (already encoded; may hold raw `..` segments). */
  path: string;
  caller: Caller;
  body?: string | Buffer;
  contentType?: string;
  /** Headers besides Authorization and Content-Type. */
  headers?: Record<string, string>;
  isOversized?: boolean;
}

/** Ids of stored records for an operation's path parameters. */
export type PathIds = (template: string, param: string) => string | undefined;

/** Path parameter values no route should stumble on. */
const garbageSegments: ReadonlyArray<[string, string]> = [
  ['not a uuid', 'not-a-uuid'],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['300 characters', 'a'.repeat(300)],
  ['5,000 characters', 'b'.repeat(5_000)],
  ['unicode', encodeURIComponent('名前💥ü\u202e')],
  ['dot-dot', '..'],
  ['encoded traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['encoded NUL', 'a%00b'],
  ['broken escape', '%E0%A4%A'],
  ['bad escape', '%zz'],
  ['SQL', encodeURIComponent("1' OR '1'='1")],
  ['number', '-1'],
  ['__proto__', '__proto__'],
];

/** Hostile query values, for every query parameter. */
const hostileQueryValues = [
  '-1',
  '0',
  '1e9',
  '1e400',
  'NaN',
  '1.5',
  '9007199254740991',
  '99999999999999999999',
  '',
  'abc',
  encodeURIComponent('name; DROP TABLE users--'),
  encodeURIComponent("' OR 1=1--"),
  '%00',
  '%E0%A4%A',
  'x'.repeat(4_000),
];

const extraQueries = [
  'page=-1&page_size=1000000000',
  'page=9007199254740991&page_size=100',
  'sort=name%3B%20DROP%20TABLE%20users&order=asc%27--&sort_by=__proto__',
  '__proto__[x]=1&constructor[prototype][x]=1',
  'page=1&page=2&page_size=a&page_size=10',
];

function fillPath(op: Operation, ids: PathIds, override?: { param: string; value: string }): string {
  return op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (override?.param === name) return override.value;
    return encodeURIComponent(ids(op.template, name) ?? 'missing-id');
  });
}

function queryString(op: Operation, ctx: SampleContext): string {
  return op.queryParams
    .filter((p) => p.required || ctx.random.chance(0.7))
    .map((p) => `${p.name}=${encodeURIComponent(String(sampleValue(p.schema, ctx, p.name)))}`)
    .join('&');
}

function withQuery(path: string, query: string): string {
  return query ? `${path}?${query}` : path;
}

function pathCases(op: Operation, ids: PathIds, base: Omit<FuzzCase, 'label' | 'path'>): FuzzCase[] {
  return op.pathParams.flatMap((p) =>
    garbageSegments.map(([label, value]) => ({
      ...base,
      label: `path ${p.name}: ${label}`,
      path: fillPath(op, ids, { param: p.name, value }),
    })),
  );
}

function queryCases(
  op: Operation,
  path: string,
  ctx: SampleContext,
  base: Omit<FuzzCase, 'label' | 'path'>,
): FuzzCase[] {
  const cases: FuzzCase[] = [0, 1].map((i) => ({
    ...base,
    label: `valid query ${i + 1}`,
    path: withQuery(path, queryString(op, ctx)),
  }));
  for (const p of op.queryParams) {
    for (const value of hostileQueryValues) {
      cases.push({
        ...base,
        label: `query ${p.name}=${value.slice(0, 20)}`,
        path: `${path}?${p.name}=${value}`,
      });
    }
    cases.push({ ...base, label: `query ${p.name} twice`, path: `${path}?${p.name}=a&${p.name}=1` });
  }
  extraQueries.forEach((q, i) =>
    cases.push({ ...base, label: `extra query ${i + 1}`, path: `${path}?${q}` }),
  );
  return cases;
}

function bodyCasesFor(op: Operation, ctx: SampleContext): BodyCase[] {
  if (op.body) return jsonBodyCases(op.body.schema, ctx);
  // GET and DELETE carry no body in practice, but a client may still send one: a few shapes are enough.
  if (op.method === 'GET' || op.method === 'DELETE')
    return genericBodyCases(ctx).filter((_c, i) => i % 5 === 0);
  return genericBodyCases(ctx);
}

/**
 * Every request for `op`; the first is a valid request by the admin. `fileBodies` are bodies for routes that read
 * files (see file-cases.ts), sent on top of the generated ones.
 */
export function casesFor(
  op: Operation,
  ids: PathIds,
  ctx: SampleContext,
  fileBodies: BodyCase[] = [],
): FuzzCase[] {
  const operation = `${op.method} ${op.template}`;
  const path = fillPath(op, ids);
  const base = { operation, method: op.method, caller: 'admin' as Caller };
  const validBody = op.body ? jsonBodyCases(op.body.schema, ctx)[0] : undefined;
  const valid = {
    ...base,
    path: withQuery(path, queryString(op, ctx)),
    body: validBody?.body,
    contentType: validBody?.contentType,
  };
  const cases: FuzzCase[] = [
    { ...valid, label: 'valid' },
    ...[...bodyCasesFor(op, ctx), ...fileBodies].map((c) => ({
      ...base,
      ...c,
      path: withQuery(path, queryString(op, ctx)),
    })),
    ...queryCases(op, path, ctx, { ...valid }),
    ...pathCases(op, ids, { ...valid }),
    { ...valid, label: 'plain user', caller: 'user' },
    { ...valid, label: 'plain user, no body', caller: 'user', body: undefined, contentType: undefined },
    { ...valid, label: 'no token', caller: 'none' },
    {
      ...valid,
      label: 'CORS preflight',
      method: 'OPTIONS',
      body: undefined,
      contentType: undefined,
      headers: { origin: 'https://evil.example', 'access-control-request-method': op.method },
    },
  ];
  if (op.method === 'GET')
    cases.push({ ...valid, label: 'HEAD', method: 'HEAD', body: undefined, contentType: undefined });
  for (const authorization of forgedAuthorizations(ctx)) {
    cases.push({ ...valid, label: `authorization ${authorization.slice(0, 24)}`, caller: { authorization } });
  }
  return cases;
}

function forgedAuthorizations(ctx: SampleContext): string[] {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: ctx.random.uuid(), role: 'admin', exp: 4_102_444_800 })}.`;
  const hs = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: ctx.random.uuid(), role: 'admin' })}.${ctx.random.string(43)}`;
  return [
    'Bearer',
    'Bearer ',
    'Bearer x',
    `Bearer ${none}`,
    `Bearer ${hs}`,
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${'a.'.repeat(3_000)}`,
  ];
}
