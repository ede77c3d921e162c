import type { SgNode } from '@ast-grep/napi';
import type { Expr, Func, Program, Stmt } from './ir.ts';

/**
 * Every node object the bindings hand out keeps a link to its tree that is released only when the tree is
 * collected, all links at once and recursively; well over 100,000 of them for one tree overflow the native
 * stack. Lowering therefore stops descending once it has asked for this many nodes of one file.
 */
const maxNodesPerFile = 40_000;
let nodeBudget = maxNodesPerFile;

/** Starts counting the node objects created for a new file. */
export function resetNodeBudget(): void {
  nodeBudget = maxNodesPerFile;
}

/** All children of a node, within the file's node budget. */
export function kids(n: SgNode): SgNode[] {
  if (nodeBudget <= 0) return [];
  const out = n.children();
  nodeBudget -= out.length;
  return out;
}

/** Named children of a node (anonymous tokens dropped). */
export function named(n: SgNode): SgNode[] {
  return kids(n).filter((c) => c.isNamed());
}

/** Decodes the escapes of a C-family string body (`\n`, `\"`, `\u00e9`, `\x41`). */
export function unescapeC(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        return String.fromCharCode(parseInt(e, 8));
      case 'u':
        return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
      case 'x':
        return e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
      default:
        return e;
    }
  });
}

/** Parses a numeric literal of the C family (`10L`, `0x1F`, `1_000`, `1.5f`). */
export function parseNumber(text: string): number | undefined {
  let t = text.replace(/_/g, '');
  if (/^0[xX]/.test(t)) return parseInt(t.replace(/[lLuU]+$/, ''), 16);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2).replace(/[lLuU]+$/, ''), 2);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  t = t.replace(/[lLuUfFdDmMjJ]+$/, '');
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** An expression whose taint is the union of its parts. */
export function other(parts: Expr[], node?: SgNode): Expr {
  return node === undefined ? { k: 'other', parts } : { k: 'other', parts, node };
}

/** A regular-expression literal, lowered as the construction of a pattern from its source and flags. */
export function regexLiteral(source: string, flags: string, node?: SgNode): Expr {
  const args: Expr[] = [
    { k: 'lit', v: source },
    { k: 'lit', v: flags },
  ];
  const call: Expr = { k: 'call', name: 'RegExp', qualified: 'RegExp', args, isNew: true };
  if (node !== undefined) call.node = node;
  return call;
}

/** A fresh, empty program. */
export function emptyProgram(): Program {
  return {
    functions: [],
    fields: new Map(),
    classNames: new Set(),
    objectFields: new Map(),
    enumNames: new Set(),
    imports: new Map(),
  };
}

/** Wraps top-level statements of a script as a function so they are analysed too. */
export function moduleFunction(body: Stmt[], node?: SgNode): Func {
  const f: Func = { name: '<module>', params: [], body };
  if (node !== undefined) f.node = node;
  return f;
}

/** Type text without generic arguments (`java.util.List<String>` -> `java.util.List`). */
export function stripGenerics(type: string): string {
  let depth = 0;
  let out = '';
  for (const ch of type) {
    if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out.replace(/\s+/g, '');
}

/** The node kind as a plain string. */
export function kindOf(n: SgNode): string {
  return n.kind() as string;
}

/**
 * A function whose body is lowered on first use: most functions of a file never need interpreting, and
 * lowering (walking the syntax tree) is the expensive part.
 */
export function lazyFunc(head: Omit<Func, 'body'>, makeBody: () => Stmt[]): Func {
  let body: Stmt[] | undefined;
  const f = head as Func;
  Object.defineProperty(f, 'body', {
    get: () => (body ??= makeBody()),
    set: (v: Stmt[]) => {
      body = v;
    },
    enumerable: true,
    configurable: true,
  });
  return f;
}

/** A copy of a function with some fields replaced, keeping its body lazy. */
export function withFields(f: Func, patch: Partial<Omit<Func, 'body'>>): Func {
  const { name, params, owner, isLambda, node } = f;
  const head: Omit<Func, 'body'> = { name, params };
  if (owner !== undefined) head.owner = owner;
  if (isLambda !== undefined) head.isLambda = isLambda;
  if (node !== undefined) head.node = node;
  return lazyFunc({ ...head, ...patch }, () => f.body);
}
