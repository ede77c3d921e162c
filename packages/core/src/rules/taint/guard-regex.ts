import type { CallExpr, Expr } from './ir.ts';
import type { GuardCtx } from './guard-context.ts';
import { operand, operands, refine, targetKey } from './guard-context.ts';
import { isStrictPattern, undelimit } from './regex-strictness.ts';

/*
 * Regular-expression checks in conditions: `PATTERN.matcher(x).matches()`, `x.matches("...")`,
 * `re.fullmatch(p, x)`, `/^...$/.test(x)`, `preg_match('/^...$/', $x)`, `re.MatchString(x)`,
 * `Regex.IsMatch(x, "...")`, `x =~ /\A...\z/`. A strict pattern (regex-strictness.ts) makes the value clean.
 */

/** Calls whose match covers the whole text. */
const wholeMatchCalls = new Set(['matches', 'fullmatch']);
/** Where the pattern and the value are when the pattern is given as a string: [pattern, value], -1 = receiver. */
const stringPatternAt: Record<string, Record<number, [number, number]>> = {
  matches: { 1: [0, -1], 2: [0, 1] },
  fullmatch: { 2: [0, 1], 3: [0, 1] },
  match: { 1: [0, -1], 2: [0, 1], 3: [0, 1] },
  search: { 1: [0, -1], 2: [0, 1], 3: [0, 1] },
  'match?': { 1: [0, -1] },
  preg_match: { 2: [0, 1], 3: [0, 1], 4: [0, 1], 5: [0, 1] },
  MatchString: { 2: [0, 1] },
  IsMatch: { 2: [1, 0], 3: [1, 0] },
};
const compiledMatchCalls = new Set([
  'test',
  'fullmatch',
  'match',
  'search',
  'match?',
  'matches',
  'MatchString',
  'IsMatch',
]);

export function regexCall(ctx: GuardCtx, call: CallExpr): void {
  const { name, args, recv } = call;
  // `PATTERN.matcher(x).matches()` / `.find()`
  if ((name === 'matches' || name === 'find') && args.length === 0 && recv?.k === 'call') {
    const m = recv;
    if (m.name === 'matcher' && m.recv !== undefined && m.args.length === 1)
      regexMatch(ctx, [m.recv, m.args[0]!], name === 'matches');
    return;
  }
  const isWhole = wholeMatchCalls.has(name);
  const parts = [...(recv === undefined ? [] : [recv]), ...args];
  if (compiledMatchCalls.has(name) && parts.some((p) => operand(ctx, p)?.pattern !== undefined)) {
    const pair = operands(call);
    if (pair !== undefined) regexMatch(ctx, pair, isWhole);
    return;
  }
  const at = stringPatternAt[name]?.[args.length];
  if (at === undefined) return;
  const pick = (i: number): Expr | undefined => (i < 0 ? recv : args[i]);
  const pattern = pick(at[0]);
  const value = pick(at[1]);
  if (pattern === undefined || value === undefined) return;
  const v = operand(ctx, pattern);
  if (v?.hasC !== true || typeof v.c !== 'string') return;
  const src = name.startsWith('preg_') ? undelimit(v.c) : v.c;
  if (src !== undefined && isStrictPattern(src, isWhole, ctx.an.model.hasLineAnchors)) refine(ctx, value, 0);
}

/** One of two operands is a compiled pattern, the other the checked value. */
export function regexMatch(ctx: GuardCtx, pair: readonly [Expr, Expr], isWhole: boolean): void {
  for (const [p, x] of [pair, [pair[1], pair[0]] as const]) {
    const src = operand(ctx, p)?.pattern;
    if (src === undefined || targetKey(ctx.an, x) === undefined) continue;
    if (isStrictPattern(src, isWhole, ctx.an.model.hasLineAnchors)) refine(ctx, x, 0);
    return;
  }
}
