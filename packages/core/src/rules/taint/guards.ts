import type { CallExpr, Expr } from './ir.ts';
import type { Analyzer, Frame } from './interpreter.ts';
import type { State } from './state.ts';
import type { Val } from './value.ts';
import type { GuardCtx, Refinement } from './guard-context.ts';
import { isTrusted, operand, operands, refine, targetKey } from './guard-context.ts';
import { regexCall, regexMatch } from './guard-regex.ts';
import { pathConfinedBit } from './matchers.ts';
import { sanitizeTaint } from './value.ts';

export type { Refinement } from './guard-context.ts';

/*
 * Conditions that validate data. Where a branch is only taken when a condition holds (the `then` branch, or
 * the code after `if (!valid(x)) return;`), the variables it checked are known to be harmless there:
 * - a whole-text match of a strict regular expression (see regex-strictness.ts);
 * - membership in a collection that carries no untrusted data (an allow-list);
 * - equality with a constant, or a predicate that holds only for digits and letters (`str.isdigit()`);
 * - for path traversal only: a normalised path that starts with a trusted base directory.
 * Checks that do not constrain the text (`x != null`, `x.length() < 100`) are not validations.
 */

/** The variables `test` constrains when it evaluates to `isTrue`. */
export function guardRefinements(
  an: Analyzer,
  test: Expr,
  isTrue: boolean,
  st: State,
  fr: Frame,
): Refinement[] {
  const ctx: GuardCtx = { an, st, fr, out: [] };
  collect(ctx, test, isTrue);
  return ctx.out;
}

/**
 * Applies refinements to a state; returns the new values by variable. With `withObjects`, a checked object
 * (`new File(base, name)` before `getCanonicalPath().startsWith(...)`) loses the taint it holds as well.
 */
export function applyRefinements(
  st: State,
  refs: readonly Refinement[],
  withObjects = false,
): Map<string, Val> {
  const applied = new Map<string, Val>();
  for (const r of refs) {
    const v = st.vars.get(r.key);
    if (v === undefined) continue;
    if (v.ref !== undefined) {
      const o = withObjects && st.heap.get(v.ref)?.kind === 'object' ? st.mutable(v.ref) : undefined;
      if (o?.t === undefined) continue;
      const t = r.bit === 0 ? undefined : sanitizeTaint(o.t, r.bit);
      if (t === undefined) delete o.t;
      else o.t = t;
    }
    if (v.t === undefined) continue;
    const next: Val = { ...v };
    const t = r.bit === 0 ? undefined : sanitizeTaint(v.t, r.bit);
    if (t === undefined) delete next.t;
    else next.t = t;
    st.vars.set(r.key, next);
    applied.set(r.key, next);
  }
  return applied;
}

/**
 * Evaluates `run` with the refinements of `test` (being `isTrue`) in force, then takes them back for the
 * variables `run` did not assign (the operand of a ternary or of `&&` is only evaluated in that case).
 */
export function withGuard<T>(
  an: Analyzer,
  test: Expr,
  isTrue: boolean,
  st: State,
  fr: Frame,
  run: () => T,
): T {
  const refs = guardRefinements(an, test, isTrue, st, fr);
  if (refs.length === 0) return run();
  const before = new Map(refs.map((r) => [r.key, st.vars.get(r.key)]));
  const applied = applyRefinements(st, refs);
  const out = run();
  for (const [key, v] of applied) {
    if (st.vars.get(key) === v) st.vars.set(key, before.get(key)!);
  }
  return out;
}

const equalityOps = new Set(['==', '===', 'eq']);
const inequalityOps = new Set(['!=', '!==', '<>', 'ne']);

function collect(ctx: GuardCtx, e: Expr, isTrue: boolean): void {
  switch (e.k) {
    case 'un':
      if (e.op === '!' || e.op === 'not') collect(ctx, e.x, !isTrue);
      return;
    case 'cast':
      collect(ctx, e.x, isTrue);
      return;
    case 'bin':
      collectBinary(ctx, e, isTrue);
      return;
    case 'call':
      if (isTrue) collectCall(ctx, e);
      return;
    default:
      return;
  }
}

function collectBinary(ctx: GuardCtx, e: Extract<Expr, { k: 'bin' }>, isTrue: boolean): void {
  const { op, l, r } = e;
  // `!a || !b` being false means both a and b hold; `a && b` being true likewise.
  if ((op === '&&' && isTrue) || (op === '||' && !isTrue)) {
    collect(ctx, l, isTrue);
    collect(ctx, r, isTrue);
    return;
  }
  // `x.equals("asc") || x.equals("desc")` being true: what both alternatives prove.
  if ((op === '||' && isTrue) || (op === '&&' && !isTrue)) {
    const left: GuardCtx = { ...ctx, out: [] };
    collect(left, l, isTrue);
    if (left.out.length === 0) return;
    const right: GuardCtx = { ...ctx, out: [] };
    if (left.scratch !== undefined) right.scratch = left.scratch;
    collect(right, r, isTrue);
    if (right.scratch !== undefined) ctx.scratch = right.scratch;
    for (const a of left.out) if (right.out.some((b) => b.key === a.key && b.bit === a.bit)) ctx.out.push(a);
    return;
  }
  if (equalityOps.has(op) || inequalityOps.has(op)) {
    const isEqual = equalityOps.has(op) === isTrue;
    // `preg_match(...) === 1`, `re.test(x) == false`: the truth of the call compared with a constant.
    for (const [x, c] of [
      [l, r],
      [r, l],
    ] as const) {
      if (x.k !== 'call' || c.k !== 'lit' || (typeof c.v !== 'boolean' && typeof c.v !== 'number')) continue;
      const truthy = c.v !== false && c.v !== 0;
      if (isEqual) collect(ctx, x, truthy);
      else if (!truthy || c.v === true) collect(ctx, x, !truthy);
      return;
    }
    if (isEqual) equality(ctx, l, r);
    return;
  }
  if ((op === 'in' && isTrue) || (op === 'not in' && !isTrue)) containment(ctx, l, r);
  else if ((op === '=~' && isTrue) || (op === '!~' && !isTrue)) regexMatch(ctx, [l, r], false);
}

const equalityCalls = new Set(['equals', 'equalsIgnoreCase', 'Equals', 'EqualFold', 'eql?', 'equal?']);
const containmentCalls = new Set([
  'contains',
  'containsKey',
  'has',
  'includes',
  'include?',
  'member?',
  'key?',
  'has_key?',
  'Contains',
  'ContainsKey',
  'hasOwnProperty',
  'hasOwn',
  'in_array',
  'array_key_exists',
  'key_exists',
]);
/** Function forms that take the value first and the collection second. */
const needleFirst = new Set(['in_array', 'array_key_exists', 'key_exists']);
const prefixCalls = new Set([
  'startsWith',
  'StartsWith',
  'startswith',
  'start_with?',
  'HasPrefix',
  'str_starts_with',
  'is_relative_to',
]);
/** Predicates that hold only for digits / letters (`str.isdigit()`, `StringUtils.isNumeric(s)`, `ctype_digit`). */
const charPredicates = new Set([
  'isdigit',
  'isdecimal',
  'isnumeric',
  'isalnum',
  'isalpha',
  'isNumeric',
  'isAlphanumeric',
  'isAlpha',
  'isDigits',
  'isInteger',
  'isSafeInteger',
  'ctype_digit',
  'ctype_alnum',
  'ctype_alpha',
  'is_numeric',
]);

function collectCall(ctx: GuardCtx, call: CallExpr): void {
  const { name, args, recv } = call;
  const pair = operands(call);
  if (equalityCalls.has(name) && pair !== undefined) equality(ctx, pair[0], pair[1]);
  else if (containmentCalls.has(name) && pair !== undefined) {
    if (args.length === 1) containment(ctx, args[0]!, recv!);
    else if (needleFirst.has(name)) containment(ctx, args[0]!, args[1]!);
    else containment(ctx, args[1]!, args[0]!);
  } else if (prefixCalls.has(name) && pair !== undefined) pathPrefix(ctx, pair[0], pair[1]);
  else if (charPredicates.has(name)) {
    const subject = args.length === 0 ? recv : args.length === 1 ? args[0] : undefined;
    if (subject !== undefined) refine(ctx, subject, 0);
  } else regexCall(ctx, call);
}

function equality(ctx: GuardCtx, a: Expr, b: Expr): void {
  const isConst = (e: Expr): boolean => {
    const v = operand(ctx, e);
    return v?.hasC === true && v.c !== null;
  };
  if (targetKey(ctx.an, a) !== undefined && isConst(b)) refine(ctx, a, 0);
  else if (targetKey(ctx.an, b) !== undefined && isConst(a)) refine(ctx, b, 0);
}

function containment(ctx: GuardCtx, value: Expr, collection: Expr): void {
  if (targetKey(ctx.an, value) === undefined) return;
  if (isTrusted(ctx, collection)) refine(ctx, value, 0);
}

/** `p.normalize().startsWith(base)`, `strings.HasPrefix(filepath.Clean(p), base)`, or a normalised variable. */
function pathPrefix(ctx: GuardCtx, value: Expr, base: Expr): void {
  const normalizers = ctx.an.model.pathNormalizers;
  let cur = value;
  let isNormalised = false;
  for (let depth = 0; depth < 8 && (cur.k === 'call' || cur.k === 'cast'); depth++) {
    if (cur.k === 'cast') {
      cur = cur.x;
      continue;
    }
    if (normalizers.has(cur.name)) isNormalised = true;
    // The path a call works on: its last argument (`join(base, p)`, `realpath(p)`), or its receiver.
    const next: Expr | undefined = cur.args[cur.args.length - 1] ?? cur.recv;
    if (next === undefined) return;
    cur = next;
  }
  const key = targetKey(ctx.an, cur);
  if (key === undefined || !isTrusted(ctx, base)) return;
  if (!isNormalised) {
    const origin = ctx.st.vars.get(key)?.origin;
    if (origin?.k !== 'call' || !normalizers.has(origin.name)) return;
  }
  refine(ctx, cur, pathConfinedBit);
}
