import type { CallExpr } from './ir.ts';
import type { Analyzer } from './interpreter.ts';
import type { State } from './state.ts';
import type { Obj, Taint, Val } from './value.ts';
import { binaryOp } from './constants.ts';
import { clean, unionTaint } from './value.ts';

/**
 * Precise models of lists, maps and string builders: elements added, removed and read at constant positions
 * or keys are tracked one by one, so reading a safe element of a list that also holds untrusted data is not
 * reported. Any operation the model does not know turns the container imprecise (all contents merged).
 */
export function modelContainerCall(
  an: Analyzer,
  call: CallExpr,
  rv: Val | undefined,
  args: Val[],
  st: State,
): Val | undefined {
  const m = an.model;
  if (rv === undefined || rv.ref === undefined) {
    if (
      m.listFactories.has(call.name) &&
      call.recv !== undefined &&
      (call.recv.k === 'name' || call.recv.k === 'field') &&
      /^[A-Z]/.test(call.recv.name)
    ) {
      const single = args.length === 1 && args[0]!.ref !== undefined ? st.heap.get(args[0]!.ref) : undefined;
      const items = single?.items !== undefined ? single.items.slice() : args;
      return { ref: an.newRef(st, { kind: 'list', items }) };
    }
    return undefined;
  }
  const ro = st.heap.get(rv.ref);
  if (ro === undefined) return undefined;
  switch (ro.kind) {
    case 'list':
      return listCall(an, call.name, rv.ref, ro, args, st);
    case 'map':
      return mapCall(an, call.name, rv.ref, ro, args, st);
    case 'builder':
      return builderCall(an, call.name, rv, args, st);
    default:
      return undefined;
  }
}

function constIndex(v: Val | undefined): number | undefined {
  return v?.hasC === true && typeof v.c === 'number' ? v.c : undefined;
}

function listCall(an: Analyzer, name: string, ref: number, ro: Obj, args: Val[], st: State): Val | undefined {
  const m = an.model.list;
  if (m.add.has(name) && args.length === 1) {
    const o = st.mutable(ref)!;
    if (o.items !== undefined) o.items.push(args[0]!);
    else o.t = unionTaint(o.t, an.deepTaint(args[0]!, st));
    return { t: undefined } as Val;
  }
  if (m.add.has(name) && args.length === 2) {
    const o = st.mutable(ref)!;
    const i = constIndex(args[0]);
    if (o.items !== undefined && i !== undefined && i <= o.items.length) o.items.splice(i, 0, args[1]!);
    else collapse(an, o, st, an.deepTaint(args[1]!, st));
    return clean;
  }
  if (name === 'addAll' && args.length === 1) {
    const o = st.mutable(ref)!;
    const other = args[0]!.ref === undefined ? undefined : st.heap.get(args[0]!.ref);
    if (o.items !== undefined && other?.items !== undefined && other.t === undefined)
      o.items.push(...other.items);
    else collapse(an, o, st, an.deepTaint(args[0]!, st));
    return clean;
  }
  if (m.get.has(name) && args.length === 1) {
    const i = constIndex(args[0]);
    if (ro.items !== undefined && i !== undefined) {
      const item = ro.items[i];
      if (item !== undefined) return ro.t === undefined ? item : { ...item, t: unionTaint(item.t, ro.t) };
    }
    return taintOf(an.deepTaint({ ref }, st));
  }
  if (m.remove.has(name) && args.length === 1) {
    const o = st.mutable(ref)!;
    const i = constIndex(args[0]);
    if (o.items !== undefined && i !== undefined && i < o.items.length) return o.items.splice(i, 1)[0]!;
    if (o.items !== undefined && args[0]!.hasC === true) {
      const at = o.items.findIndex((v) => v.hasC === true && v.c === args[0]!.c);
      if (at >= 0) o.items.splice(at, 1);
      else if (o.items.some((v) => v.hasC !== true)) collapse(an, o, st, undefined);
      return clean;
    }
    collapse(an, o, st, undefined);
    return taintOf(o.t);
  }
  if (m.set.has(name) && args.length === 2) {
    const o = st.mutable(ref)!;
    const i = constIndex(args[0]);
    if (o.items !== undefined && i !== undefined && i < o.items.length) {
      const prev = o.items[i]!;
      o.items[i] = args[1]!;
      return prev;
    }
    collapse(an, o, st, an.deepTaint(args[1]!, st));
    return taintOf(o.t);
  }
  if (name === 'clear' && args.length === 0) {
    const o = st.mutable(ref)!;
    o.items = [];
    delete o.t;
    return clean;
  }
  if (
    name === 'pop' ||
    name === 'shift' ||
    name === 'poll' ||
    name === 'removeFirst' ||
    name === 'removeLast'
  ) {
    const o = st.mutable(ref)!;
    if (o.items !== undefined && args.length === 0 && o.t === undefined) {
      const isFirst = name === 'shift' || name === 'poll' || name === 'removeFirst';
      return (isFirst ? o.items.shift() : o.items.pop()) ?? clean;
    }
    return taintOf(an.deepTaint({ ref }, st));
  }
  return readOrCollapse(an, name, ref, ro, args, st);
}

function mapCall(an: Analyzer, name: string, ref: number, ro: Obj, args: Val[], st: State): Val | undefined {
  const m = an.model.map;
  const key = args[0];
  const k = key?.hasC === true && key.c !== null ? String(key.c) : undefined;
  if (m.put.has(name) && args.length === 2) {
    const o = st.mutable(ref)!;
    if (o.entries !== undefined && k !== undefined) {
      const prev = o.entries.get(k);
      o.entries.set(k, args[1]!);
      return prev ?? clean;
    }
    o.t = unionTaint(o.t, an.deepTaint(args[1]!, st));
    return clean;
  }
  if (m.get.has(name) && args.length >= 1 && args.length <= 2) {
    if (ro.entries !== undefined && k !== undefined) {
      const item = ro.entries.get(k) ?? args[1];
      if (item === undefined) return taintOf(ro.t);
      return ro.t === undefined ? item : { ...item, t: unionTaint(item.t, ro.t) };
    }
    return taintOf(an.deepTaint({ ref }, st));
  }
  if (m.remove.has(name) && args.length === 1) {
    const o = st.mutable(ref)!;
    if (o.entries !== undefined && k !== undefined) {
      const prev = o.entries.get(k);
      o.entries.delete(k);
      return prev ?? clean;
    }
    return taintOf(an.deepTaint({ ref }, st));
  }
  if (name === 'clear' && args.length === 0) {
    const o = st.mutable(ref)!;
    o.entries = new Map();
    delete o.t;
    return clean;
  }
  return readOrCollapse(an, name, ref, ro, args, st);
}

function builderCall(an: Analyzer, name: string, rv: Val, args: Val[], st: State): Val | undefined {
  const m = an.model.builder;
  const ref = rv.ref!;
  if (m.append.has(name) && args.length >= 1) {
    const o = st.mutable(ref)!;
    const piece =
      args.length === 1
        ? an.stringish(args[0]!, st)
        : taintOf(args.reduce<Taint | undefined>((t, a) => unionTaint(t, an.deepTaint(a, st)), undefined));
    o.content = binaryOp('+', o.content ?? clean, piece, false, (v) => v);
    return rv;
  }
  if (m.toString.has(name) && args.length === 0) {
    return st.heap.get(ref)?.content ?? clean;
  }
  if (an.model.cleanMethods.has(name)) return clean;
  // insert / replace / reverse / delete ...: the text is no longer known; arguments may add data.
  const o = st.mutable(ref)!;
  let t = o.content?.t;
  for (const a of args) t = unionTaint(t, an.deepTaint(a, st));
  o.content = taintOf(t);
  return rv;
}

function readOrCollapse(
  an: Analyzer,
  name: string,
  ref: number,
  ro: Obj,
  args: Val[],
  st: State,
): Val | undefined {
  if (an.model.cleanMethods.has(name)) return clean;
  if (an.model.readers.has(name)) return undefined;
  let t: Taint | undefined;
  for (const a of args) t = unionTaint(t, an.deepTaint(a, st));
  if (t !== undefined || ro.items !== undefined || ro.entries !== undefined)
    collapse(an, st.mutable(ref)!, st, t);
  return undefined;
}

/** Gives up precision: all contents merge into the container's own taint. */
function collapse(an: Analyzer, o: Obj, st: State, extra: Taint | undefined): void {
  let t = unionTaint(o.t, extra);
  for (const v of o.items ?? []) t = unionTaint(t, an.deepTaint(v, st));
  for (const v of o.entries?.values() ?? []) t = unionTaint(t, an.deepTaint(v, st));
  if (o.items !== undefined) o.items = undefined;
  if (o.entries !== undefined) o.entries = undefined;
  if (t !== undefined) o.t = t;
}

function taintOf(t: Taint | undefined): Val {
  return t === undefined ? clean : { t };
}
