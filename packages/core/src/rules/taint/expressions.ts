import type { SgNode } from '@ast-grep/napi';
import type { Expr } from './ir.ts';
import type { Analyzer, Frame } from './interpreter.ts';
import type { State } from './state.ts';
import type { Obj, Taint, Val } from './value.ts';
import { checkAssignmentSink, evalCall, memberSourceIds } from './calls.ts';
import { binaryOp, truthiness, unaryOp } from './constants.ts';
import { withGuard } from './guards.ts';
import { clean, constVal, joinVal, receiverLabel, unionTaint } from './value.ts';

/* Expression evaluation of the abstract interpreter. */

export function evalExpr(an: Analyzer, e: Expr, st: State, fr: Frame): Val {
  an.steps++;
  switch (e.k) {
    case 'lit':
      return constVal(e.v);
    case 'name':
      return evalName(an, e, st, fr);
    case 'this':
      return fr.func.owner === undefined ? clean : { type: fr.func.owner };
    case 'field':
      return evalField(an, e, st, fr);
    case 'index':
      return evalIndex(an, e, st, fr);
    case 'call':
      return evalCall(an, e, st, fr);
    case 'bin': {
      const l = evalExpr(an, e.l, st, fr);
      if (e.op === '&&' || e.op === '||' || e.op === '??') return evalLogical(an, e, l, st, fr);
      const r = evalExpr(an, e.r, st, fr);
      return binaryOp(e.op, l, r, an.model.isIntDivision, (v) => stringish(an, v, st));
    }
    case 'un':
      return unaryOp(e.op, evalExpr(an, e.x, st, fr));
    case 'cond': {
      const known = truthiness(evalExpr(an, e.test, st, fr));
      if (known === true) return evalExpr(an, e.then, st, fr);
      if (known === false) return evalExpr(an, e.else, st, fr);
      // `ALLOWED.contains(x) ? x : "default"`: each branch knows what the test proved.
      return joinVal(
        withGuard(an, e.test, true, st, fr, () => evalExpr(an, e.then, st, fr)),
        withGuard(an, e.test, false, st, fr, () => evalExpr(an, e.else, st, fr)),
      );
    }
    case 'assign':
      return evalAssign(an, e, st, fr);
    case 'array': {
      const items = e.items.map((x) => evalExpr(an, x, st, fr));
      return { ref: an.newRef(st, { kind: 'list', items }) };
    }
    case 'dict': {
      const entries = new Map<string, Val>();
      let t: Taint | undefined;
      for (const en of e.entries) {
        const k = evalExpr(an, en.key, st, fr);
        const v = evalExpr(an, en.value, st, fr);
        if (k.hasC === true) entries.set(String(k.c), v);
        else t = unionTaint(t, an.deepTaint(v, st));
      }
      const o: Obj = { kind: 'map', entries };
      if (t !== undefined) o.t = t;
      return { ref: an.newRef(st, o) };
    }
    case 'cast': {
      const v = evalExpr(an, e.x, st, fr);
      return v.type === e.type ? v : { ...v, type: e.type };
    }
    case 'fn':
      an.closure(e.fn, st, fr);
      return { fn: e.fn };
    case 'seq': {
      const after = an.execBlock(e.before, st, fr);
      const wasDead = after.isDead;
      st.adopt(after);
      // An expression is evaluated even when its statements ended every path (e.g. all cases break).
      if (wasDead) st.isDead = false;
      return evalExpr(an, e.x, st, fr);
    }
    case 'other': {
      let t: Taint | undefined;
      for (const p of e.parts) t = unionTaint(t, an.deepTaint(evalExpr(an, p, st, fr), st));
      return t === undefined ? clean : { t };
    }
  }
}

/** A value seen as a string (builders give their content). */
export function stringish(an: Analyzer, v: Val, st: State): Val {
  if (v.ref === undefined) return v;
  const o = st.heap.get(v.ref);
  if (o?.kind === 'builder' && o.content !== undefined) return o.content;
  const t = an.deepTaint(v, st);
  return t === undefined ? clean : { t };
}

function evalLogical(an: Analyzer, e: Extract<Expr, { k: 'bin' }>, l: Val, st: State, fr: Frame): Val {
  const op = e.op;
  const lk = op === '??' ? (l.hasC === true ? l.c !== null : undefined) : truthiness(l);
  if (op === '&&' && lk === false) return an.model.isLogicalValue ? l : constVal(false);
  if (op === '||' && lk === true) return an.model.isLogicalValue ? l : constVal(true);
  if (op === '??' && lk === true) return l;
  // The right operand of `&&` runs only when the left one held, that of `||` only when it did not.
  const r =
    op === '??'
      ? evalExpr(an, e.r, st, fr)
      : withGuard(an, e.l, op === '&&', st, fr, () => evalExpr(an, e.r, st, fr));
  if (!an.model.isLogicalValue && op !== '??') {
    const rk = truthiness(r);
    if (lk !== undefined && rk !== undefined) return constVal(op === '&&' ? lk && rk : lk || rk);
    return clean;
  }
  if (lk !== undefined) return r;
  return joinVal(l, r);
}

function evalName(an: Analyzer, e: { name: string; node?: SgNode }, st: State, fr: Frame): Val {
  const v = st.vars.get(e.name);
  if (v !== undefined) return v;
  const src = exprSource(an, e.name);
  if (src !== undefined) return src;
  const field = an.fieldValue(e.name) ?? receiverField(an, e.name, fr);
  if (field !== undefined) return field;
  const fns = an.functionsNamed(e.name);
  if (fns !== undefined && fns.length === 1) return { fn: fns[0]! };
  return clean;
}

/**
 * A field of the method's own object declared without a value: its data is the receiver's (a bean bound from a
 * request body, an object built from tainted arguments), so it carries the receiver label of the summary.
 */
function receiverField(an: Analyzer, name: string, fr: Frame): Val | undefined {
  const owner = fr.func.owner;
  const fields = owner === undefined ? undefined : an.program.objectFields.get(owner);
  if (fields?.has(name) !== true) return undefined;
  const type = fields.get(name);
  return type === undefined
    ? { t: new Map([[receiverLabel, 0]]) }
    : { t: new Map([[receiverLabel, 0]]), type };
}

export function exprSource(an: Analyzer, text: string): Val | undefined {
  for (const s of an.rules.exprSources) if (s.regex.test(text)) return { t: new Map([[s.id, 0]]) };
  return undefined;
}

function evalField(an: Analyzer, e: Extract<Expr, { k: 'field' }>, st: State, fr: Frame): Val {
  if (an.rules.exprSources.length > 0) {
    const src = exprSource(an, an.text(e));
    if (src !== undefined) return src;
  }
  if (e.obj.k === 'this' || (e.obj.k === 'name' && an.model.selfNames.has(e.obj.name))) {
    const v = st.vars.get(`an.${e.name}`);
    if (v !== undefined) return v;
    return an.fieldValue(e.name) ?? receiverField(an, e.name, fr) ?? clean;
  }
  if (e.obj.k === 'name' && an.program.classNames.has(e.obj.name) && !st.vars.has(e.obj.name)) {
    return an.fieldValue(`${e.obj.name}.${e.name}`) ?? clean;
  }
  const obj = evalExpr(an, e.obj, st, fr);
  if (an.model.cleanFields.has(e.name)) return clean;
  if (an.rules.memberSources.other.length > 0 || an.rules.memberSources.byName.has(e.name)) {
    const ids = memberSourceIds(an, e, obj);
    if (ids.length > 0) return { t: new Map(ids.map((id) => [id, 0])) };
  }
  if (obj.ref !== undefined) {
    const o = st.heap.get(obj.ref);
    const en = o?.entries?.get(e.name);
    if (en !== undefined) return en;
    if (o?.entries !== undefined && o.t === undefined) return clean;
  }
  const t = an.deepTaint(obj, st);
  return t === undefined ? clean : { t };
}

function evalIndex(an: Analyzer, e: Extract<Expr, { k: 'index' }>, st: State, fr: Frame): Val {
  if (an.rules.exprSources.length > 0) {
    const src = exprSource(an, an.text(e));
    if (src !== undefined) return src;
  }
  const obj = evalExpr(an, e.obj, st, fr);
  const idx = evalExpr(an, e.index, st, fr);
  return elementAt(an, obj, idx, st);
}

/** Reads element `idx` of a list / map / string value. */
export function elementAt(an: Analyzer, obj: Val, idx: Val, st: State): Val {
  if (obj.ref !== undefined) {
    const o = st.heap.get(obj.ref);
    if (o !== undefined && idx.hasC === true) {
      if (o.items !== undefined && typeof idx.c === 'number') {
        const i = idx.c < 0 ? o.items.length + idx.c : idx.c;
        const item = o.items[i];
        if (item !== undefined) return o.t === undefined ? item : joinVal(item, { t: o.t });
      }
      if (o.entries !== undefined && idx.c !== null) {
        const item = o.entries.get(String(idx.c));
        if (item !== undefined) return o.t === undefined ? item : joinVal(item, { t: o.t });
        if (o.t === undefined) return clean;
        return { t: o.t };
      }
    }
  }
  if (obj.hasC === true && typeof obj.c === 'string' && idx.hasC === true && typeof idx.c === 'number') {
    const ch = obj.c.charAt(idx.c);
    return constVal(ch);
  }
  const t = an.deepTaint(obj, st);
  return t === undefined ? clean : { t };
}

function evalAssign(an: Analyzer, e: Extract<Expr, { k: 'assign' }>, st: State, fr: Frame): Val {
  let v = evalExpr(an, e.value, st, fr);
  if (e.op !== '=' && e.op !== ':=') {
    const op = e.op.slice(0, -1);
    const cur = evalExpr(an, e.target, st, fr);
    if (cur.ref !== undefined && (op === '+' || op === '.')) {
      const o = st.mutable(cur.ref);
      if (o?.kind === 'list' && v.ref !== undefined) {
        const other = st.heap.get(v.ref);
        if (o.items !== undefined && other?.items !== undefined) o.items.push(...other.items);
        else o.t = unionTaint(o.t, an.deepTaint(v, st));
        return cur;
      }
    }
    v =
      op === '??' || op === '||'
        ? joinVal(cur, v)
        : binaryOp(op, cur, v, an.model.isIntDivision, (x) => stringish(an, x, st));
  }
  assignTo(an, e.target, v, st, fr);
  return v;
}

/** Stores a value into a target expression (variables strongly, containers and fields where tracked). */
export function assignTo(an: Analyzer, target: Expr, v: Val, st: State, fr: Frame): void {
  switch (target.k) {
    case 'name':
      st.vars.set(target.name, v);
      return;
    case 'field': {
      if (target.obj.k === 'this' || (target.obj.k === 'name' && an.model.selfNames.has(target.obj.name))) {
        st.vars.set(`an.${target.name}`, v);
        return;
      }
      const obj = evalExpr(an, target.obj, st, fr);
      if (an.rules.hasAssignmentSinks)
        checkAssignmentSink(an, target.obj, target.name, obj, v, target.node, st, fr);
      storeInto(an, target.obj, obj, constVal(target.name), v, st, fr);
      return;
    }
    case 'index': {
      const obj = evalExpr(an, target.obj, st, fr);
      const idx = evalExpr(an, target.index, st, fr);
      storeInto(an, target.obj, obj, idx, v, st, fr);
      return;
    }
    case 'array': {
      // Destructuring: each target gets the whole value's taint.
      const t = an.deepTaint(v, st);
      for (const item of target.items) assignTo(an, item, t === undefined ? clean : { t }, st, fr);
      return;
    }
    case 'cast':
      assignTo(an, target.x, v, st, fr);
      return;
    default:
      return;
  }
}

/** `obj[idx] = v`: precise on tracked containers, otherwise the container absorbs the taint. */
export function storeInto(
  an: Analyzer,
  objExpr: Expr,
  obj: Val,
  idx: Val,
  v: Val,
  st: State,
  fr: Frame,
): void {
  if (obj.ref !== undefined) {
    const o = st.mutable(obj.ref);
    if (o !== undefined) {
      if (o.items !== undefined && idx.hasC === true && typeof idx.c === 'number' && idx.c >= 0) {
        while (o.items.length < idx.c) o.items.push(clean);
        o.items[idx.c] = v;
        return;
      }
      if (o.entries !== undefined && idx.hasC === true && idx.c !== null && typeof idx.c !== 'boolean') {
        o.entries.set(String(idx.c), v);
        return;
      }
      if (o.items !== undefined && idx.hasC === true && idx.c === null) {
        o.items.push(v);
        return;
      }
      o.t = unionTaint(o.t, an.deepTaint(v, st));
      return;
    }
  }
  const t = an.deepTaint(v, st);
  if (t === undefined) return;
  const root = rootName(objExpr);
  if (root === undefined) return;
  const cur = st.vars.get(root) ?? clean;
  st.vars.set(root, { ...cur, t: unionTaint(cur.t, t) });
  an.noteParamWrite(root, t, fr);
}

/** Remembers data stored into an object the function received as a parameter. */

/** The variable at the root of a member / index / call chain. */
export function rootName(e: Expr): string | undefined {
  let cur: Expr = e;
  for (;;) {
    if (cur.k === 'name') return cur.name;
    if (cur.k === 'this') return undefined;
    if (cur.k === 'field' || cur.k === 'index') cur = cur.obj;
    else if (cur.k === 'cast') cur = cur.x;
    // Fluent chains (`sb.append(a).append(b)`) act on the object they start from.
    else if (cur.k === 'call' && cur.recv !== undefined && cur.isNew !== true) cur = cur.recv;
    else return undefined;
  }
}
