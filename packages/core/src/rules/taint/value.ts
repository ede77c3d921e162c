import type { Const, Expr, Func } from './ir.ts';

/**
 * Taint: for every origin label, the set of sanitiser groups the data went through (a bit mask). Labels >= 0
 * are source ids; labels < 0 stand for the enclosing function's parameters (-1 is the first), which is how
 * method summaries are computed; `receiverLabel` stands for the object a method is called on. Values are treated
 * as immutable.
 */
export type Taint = ReadonlyMap<number, number>;

/** The label of a method's receiver in its summary: data read from the object's own fields. */
export const receiverLabel = -1_000_000;

/** An abstract value. `hasC` says whether `c` is a known constant. */
export interface Val {
  t?: Taint;
  hasC?: boolean;
  c?: Const;
  /** Heap object (containers, builders, objects with recorded setter calls). */
  ref?: number;
  /** Static type (simple name) when declared or constructed. */
  type?: string;
  /** The call that produced the value (`response.getWriter()`), for receiver matching. */
  origin?: Expr;
  /** A function value (lambda, local function) that can be summarised when called. */
  fn?: Func;
  /** A compiled regular expression: its source, with `(?m)` in front when compiled for line anchors. */
  pattern?: string;
  /** A list, set or map whose every element and value is a known constant (kept when flattened). */
  isConstTable?: boolean;
}

/** A mutable heap object. `items` / `entries` are precise only while every operation on them was understood. */
export interface Obj {
  kind: 'list' | 'map' | 'builder' | 'object';
  /** Taint of the contents that are not tracked precisely. */
  t?: Taint;
  items?: Val[];
  entries?: Map<string, Val>;
  /** Builders: the text built so far. */
  content?: Val;
  /** Setter calls with their constant argument (`setSecure` -> true); `undefined` = called with an unknown value. */
  facts?: Map<string, Const | undefined>;
}

export const clean: Val = Object.freeze({});

/** A known constant. */
export function constVal(c: Const): Val {
  return { hasC: true, c };
}

/** Union of two taints; a label's sanitiser mask is the intersection (sanitised only if sanitised on every path). */
export function unionTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (a === undefined || a.size === 0) return b;
  if (b === undefined || b.size === 0 || a === b) return a;
  let out: Map<number, number> | undefined;
  for (const [label, mask] of b) {
    const prev = a.get(label);
    if (prev === undefined || (prev & mask) !== prev) {
      out ??= new Map(a);
      out.set(label, prev === undefined ? mask : prev & mask);
    }
  }
  return out ?? a;
}

/** Marks every flow of `t` as having gone through the sanitiser groups in `mask`. */
export function sanitizeTaint(t: Taint | undefined, mask: number): Taint | undefined {
  if (t === undefined || mask === 0) return t;
  const out = new Map<number, number>();
  for (const [label, m] of t) out.set(label, m | mask);
  return out;
}

/** Whether a value carries any taint of its own. */
export function isTainted(t: Taint | undefined): boolean {
  return t !== undefined && t.size > 0;
}

/** Joins two values from different paths. */
export function joinVal(a: Val | undefined, b: Val | undefined): Val {
  if (a === undefined) return b ?? clean;
  if (b === undefined || a === b) return a;
  const out: Val = {};
  const t = unionTaint(a.t, b.t);
  if (t !== undefined) out.t = t;
  if (a.hasC === true && b.hasC === true && a.c === b.c) {
    out.hasC = true;
    out.c = a.c;
  }
  const ref = a.ref ?? b.ref;
  if (ref !== undefined) out.ref = ref;
  if (a.type !== undefined && (b.type === undefined || a.type === b.type)) out.type = a.type;
  else if (b.type !== undefined && a.type === undefined) out.type = b.type;
  const origin = a.origin ?? b.origin;
  if (origin !== undefined) out.origin = origin;
  const fn = a.fn ?? b.fn;
  if (fn !== undefined) out.fn = fn;
  if (a.pattern !== undefined && a.pattern === b.pattern) out.pattern = a.pattern;
  if (a.isConstTable === true && b.isConstTable === true) out.isConstTable = true;
  return out;
}

/** Whether two values are equal for the fixpoint of loops. */
export function sameVal(a: Val | undefined, b: Val | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.hasC === b.hasC && a.c === b.c && a.ref === b.ref && sameTaint(a.t, b.t);
}

function sameTaint(a: Taint | undefined, b: Taint | undefined): boolean {
  const sa = a?.size ?? 0;
  const sb = b?.size ?? 0;
  if (sa !== sb) return false;
  if (sa === 0) return true;
  for (const [k, v] of a!) if (b!.get(k) !== v) return false;
  return true;
}

/**
 * A list or map known element by element, every element a constant (an allow-list, a lookup table) or, given
 * `heap`, itself such a table (`Map.of("disk", List.of("df", "-h"))`).
 */
export function isConstTable(o: Obj, heap?: (ref: number) => Obj | undefined, depth = 0): boolean {
  if (o.t !== undefined || (o.kind !== 'list' && o.kind !== 'map')) return false;
  const values = o.items ?? (o.entries === undefined ? undefined : [...o.entries.values()]);
  const isConst = (x: Val): boolean => {
    if (x.hasC === true) return true;
    if (heap === undefined || depth >= 3 || x.t !== undefined || x.ref === undefined) return false;
    const inner = heap(x.ref);
    return inner !== undefined && isConstTable(inner, heap, depth + 1);
  };
  return values !== undefined && values.every(isConst);
}

/** Copies an object (shallowly: values are immutable). */
export function cloneObj(o: Obj): Obj {
  const c: Obj = { kind: o.kind };
  if (o.t !== undefined) c.t = o.t;
  if (o.items !== undefined) c.items = o.items.slice();
  if (o.entries !== undefined) c.entries = new Map(o.entries);
  if (o.content !== undefined) c.content = o.content;
  if (o.facts !== undefined) c.facts = new Map(o.facts);
  return c;
}

/** Joins two versions of the same heap object. */
export function joinObj(a: Obj, b: Obj): Obj {
  const out: Obj = { kind: a.kind };
  let t = unionTaint(a.t, b.t);
  if (a.items !== undefined && b.items !== undefined && a.items.length === b.items.length) {
    out.items = a.items.map((v, i) => joinVal(v, b.items![i]));
  } else {
    t = unionTaint(t, unionTaint(itemsTaint(a), itemsTaint(b)));
  }
  if (a.entries !== undefined && b.entries !== undefined) {
    out.entries = new Map();
    for (const key of new Set([...a.entries.keys(), ...b.entries.keys()])) {
      out.entries.set(key, joinVal(a.entries.get(key), b.entries.get(key)));
    }
  } else {
    t = unionTaint(t, unionTaint(entriesTaint(a), entriesTaint(b)));
  }
  if (a.content !== undefined || b.content !== undefined) out.content = joinVal(a.content, b.content);
  if (a.facts !== undefined && b.facts !== undefined) {
    out.facts = new Map();
    for (const [k, v] of a.facts) if (b.facts.has(k)) out.facts.set(k, b.facts.get(k) === v ? v : undefined);
  }
  if (t !== undefined) out.t = t;
  return out;
}

function itemsTaint(o: Obj): Taint | undefined {
  let t: Taint | undefined;
  for (const v of o.items ?? []) t = unionTaint(t, v.t);
  return t;
}

function entriesTaint(o: Obj): Taint | undefined {
  let t: Taint | undefined;
  for (const v of o.entries?.values() ?? []) t = unionTaint(t, v.t);
  return t;
}

/** Whether two versions of a heap object are equal for the fixpoint of loops. */
export function sameObj(a: Obj, b: Obj): boolean {
  if (a === b) return true;
  if (!sameVal({ t: a.t }, { t: b.t })) return false;
  if ((a.items?.length ?? -1) !== (b.items?.length ?? -1)) return false;
  if (a.items !== undefined && !a.items.every((v, i) => sameVal(v, b.items![i]))) return false;
  if ((a.entries?.size ?? -1) !== (b.entries?.size ?? -1)) return false;
  if (a.entries !== undefined)
    for (const [k, v] of a.entries) if (!sameVal(v, b.entries!.get(k))) return false;
  return sameVal(a.content, b.content);
}
