import type { CallExpr, Expr } from './ir.ts';
import type { Analyzer, Frame } from './interpreter.ts';
import type { State } from './state.ts';
import type { Val } from './value.ts';
import { evalExpr } from './expressions.ts';
import { receiverLabel } from './value.ts';

/* What the recognisers of validating conditions share: the operands' values and the variables they refine. */

/** A variable a condition constrains: `bit` 0 makes it clean, otherwise its flows get that sanitiser bit. */
export interface Refinement {
  key: string;
  bit: number;
}

/** One analysis of a condition: where its operands are evaluated and the refinements found so far. */
export interface GuardCtx {
  an: Analyzer;
  st: State;
  fr: Frame;
  /** A copy of the state for evaluating operands that could change it (calls, literals of containers). */
  scratch?: State;
  out: Refinement[];
}

/** The two things a binary method or function compares: `a.equals(b)` or `equals(a, b)`. */
export function operands(call: CallExpr): [Expr, Expr] | undefined {
  if (call.args.length === 1 && call.recv !== undefined) return [call.recv, call.args[0]!];
  if (call.args.length >= 2) return [call.args[0]!, call.args[1]!];
  return undefined;
}

/** A collection or base directory that carries no untrusted data. */
export function isTrusted(ctx: GuardCtx, e: Expr): boolean {
  const v = operand(ctx, e);
  if (v === undefined) return false;
  const t = ctx.an.deepTaint(v, ctx.scratch ?? ctx.st);
  // The object's own fields (a base directory set by the constructor) are as trusted as the code that set them.
  return t === undefined || [...t.keys()].every((label) => label === receiverLabel);
}

/** The value of an operand; expressions that could change the state are evaluated on a copy. */
export function operand(ctx: GuardCtx, e: Expr): Val | undefined {
  if (hasFunction(e)) return undefined;
  if (isPure(e)) return evalExpr(ctx.an, e, ctx.scratch ?? ctx.st, ctx.fr);
  ctx.scratch ??= ctx.st.clone();
  return evalExpr(ctx.an, e, ctx.scratch, ctx.fr);
}

function isPure(e: Expr): boolean {
  switch (e.k) {
    case 'lit':
    case 'name':
    case 'this':
      return true;
    case 'field':
      return isPure(e.obj);
    case 'cast':
      return isPure(e.x);
    default:
      return false;
  }
}

function hasFunction(e: Expr): boolean {
  switch (e.k) {
    case 'fn':
    case 'seq':
    case 'assign':
      return true;
    case 'call':
      return (e.recv !== undefined && hasFunction(e.recv)) || e.args.some(hasFunction);
    case 'field':
      return hasFunction(e.obj);
    case 'index':
      return hasFunction(e.obj) || hasFunction(e.index);
    case 'array':
      return e.items.some(hasFunction);
    case 'cast':
      return hasFunction(e.x);
    default:
      return false;
  }
}

/** The state variable behind a variable or `this.field` expression. */
export function targetKey(an: Analyzer, e: Expr): string | undefined {
  if (e.k === 'name') return e.name;
  if (e.k === 'cast') return targetKey(an, e.x);
  if (e.k === 'field' && (e.obj.k === 'this' || (e.obj.k === 'name' && an.model.selfNames.has(e.obj.name))))
    return `an.${e.name}`;
  return undefined;
}

export function refine(ctx: GuardCtx, e: Expr, bit: number): void {
  const key = targetKey(ctx.an, e);
  if (key !== undefined) ctx.out.push({ key, bit });
}
