import type { Const } from './ir.ts';
import type { Val } from './value.ts';
import { clean, constVal, unionTaint } from './value.ts';

const comparisons = new Set(['==', '!=', '===', '!==', '<', '>', '<=', '>=', '<>', '<=>']);
const cleanOps = new Set(['instanceof', 'in', 'not in', 'is', 'is not', 'and', 'or', '=~', '!~']);

/** The boolean value of a constant, when known. */
export function truthiness(v: Val): boolean | undefined {
  if (v.hasC !== true) return undefined;
  const c = v.c;
  if (c === null) return false;
  if (typeof c === 'boolean') return c;
  if (typeof c === 'number') return c !== 0;
  return c !== '';
}

/** Evaluates a binary operator: constants fold, taint flows through everything but comparisons. */
export function binaryOp(
  op: string,
  l0: Val,
  r0: Val,
  isIntDivision: boolean,
  stringish: (v: Val) => Val,
): Val {
  if (comparisons.has(op)) {
    if (l0.hasC === true && r0.hasC === true) return constVal(compare(op, l0.c!, r0.c!));
    return clean;
  }
  if (cleanOps.has(op)) return clean;
  const l = stringish(l0);
  const r = stringish(r0);
  const t = unionTaint(l.t, r.t);
  const out: Val = t === undefined ? {} : { t };
  if (l.hasC === true && r.hasC === true) {
    const c = fold(op, l.c!, r.c!, isIntDivision);
    if (c !== undefined) {
      out.hasC = true;
      out.c = c;
    }
  }
  return out;
}

function fold(op: string, a: Const, b: Const, isIntDivision: boolean): Const | undefined {
  if (op === '.' || (op === '+' && (typeof a === 'string' || typeof b === 'string'))) return str(a) + str(b);
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) return undefined;
      return isIntDivision && Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : a % b;
    case '**':
      return a ** b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    default:
      return undefined;
  }
}

function str(c: Const): string {
  return c === null ? 'null' : String(c);
}

function compare(op: string, a: Const, b: Const): boolean {
  switch (op) {
    case '==':
    case '===':
      return a === b;
    case '!=':
    case '!==':
    case '<>':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>=':
      return (a as number) >= (b as number);
    default:
      return false;
  }
}

/** Evaluates a unary operator. */
export function unaryOp(op: string, v: Val): Val {
  switch (op) {
    case '!':
    case 'not': {
      const k = truthiness(v);
      return k === undefined ? clean : constVal(!k);
    }
    case '-':
      return v.hasC === true && typeof v.c === 'number'
        ? constVal(-v.c)
        : v.t === undefined
          ? clean
          : { t: v.t };
    case '+':
      return v.hasC === true && typeof v.c === 'number'
        ? constVal(v.c)
        : v.t === undefined
          ? clean
          : { t: v.t };
    case '~':
      return v.hasC === true && typeof v.c === 'number' ? constVal(~v.c) : clean;
    case 'typeof':
    case 'sizeof':
    case 'delete':
    case 'void':
      return clean;
    default:
      return v.t === undefined ? clean : { t: v.t };
  }
}
