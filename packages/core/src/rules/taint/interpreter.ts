import type { SgNode } from '@ast-grep/napi';
import type { RuleHit } from '../types.ts';
import type { Const, Expr, Func, Program, Stmt, SwitchCase } from './ir.ts';
import type { CompiledRules } from './matchers.ts';
import type { LangModel } from './models.ts';
import type { Obj, Taint, Val } from './value.ts';
import { checkAssignmentSink, evalCall, memberSourceIds } from './calls.ts';
import { binaryOp, truthiness, unaryOp } from './constants.ts';
import { State, joinStates, sameState } from './state.ts';
import { clean, constVal, joinVal, unionTaint } from './value.ts';

/** A sink reached by a parameter of the function being analysed, applied again at each call site. */
export interface SinkRecord {
  label: number;
  san: number;
  ruleIndex: number;
  node?: SgNode;
  sinkName: string;
}

/**
 * What a function does with its parameters: the taint of its result, the sinks they reach, and the data it
 * stores into them (a helper appending to a builder or list it was given).
 */
export interface Summary {
  ret: Val;
  sinks: SinkRecord[];
  writes: Map<number, Taint>;
}

/** Per-function analysis context. */
export interface Frame {
  func: Func;
  ret?: Val;
  sinks: SinkRecord[];
  /** Parameter index -> taint stored into that parameter's object. */
  writes?: Map<number, Taint>;
  breaks: State[][];
  continues: State[][];
}

const maxSteps = 400_000;

/** Abstract interpreter over one file's lowered program. */
export class Analyzer {
  readonly hits = new Map<string, RuleHit>();
  private readonly byName = new Map<string, Func[]>();
  private indexed = 0;
  private readonly summaries = new Map<Func, Summary>();
  private readonly pending = new Set<Func>();
  private readonly fieldCache = new Map<string, Val>();
  private readonly textCache = new WeakMap<Expr, string>();
  private nextRef = 1;
  private steps = 0;

  constructor(
    readonly program: Program,
    readonly model: LangModel,
    readonly rules: CompiledRules,
    readonly properties: ReadonlyMap<string, string>,
    private readonly originHint?: RegExp,
  ) {}

  /** Same-file functions by name (the list grows while lazily lowered bodies reveal nested functions). */
  functionsNamed(name: string): Func[] | undefined {
    const all = this.program.functions;
    for (; this.indexed < all.length; this.indexed++) {
      const f = all[this.indexed]!;
      const list = this.byName.get(f.name) ?? [];
      list.push(f);
      this.byName.set(f.name, list);
    }
    return this.byName.get(name);
  }

  /** Analyses the functions where data can start flowing; others are summarised when called. */
  run(): void {
    for (let i = 0; i < this.program.functions.length; i++) {
      if (this.steps > maxSteps) return;
      const f = this.program.functions[i]!;
      if (this.mayOriginate(f)) this.summary(f);
    }
  }

  private mayOriginate(f: Func): boolean {
    if (this.originHint === undefined || f.node === undefined) return true;
    if (f.params.some((p) => this.paramSource(f, p.name, p.type, p.annotations) !== undefined)) return true;
    return this.originHint.test(f.node.text());
  }

  /** The summary of a same-file function, computing it on first use (recursion yields a pass-through). */
  summary(f: Func): Summary | undefined {
    const known = this.summaries.get(f);
    if (known !== undefined) return known;
    if (this.pending.has(f) || this.steps > maxSteps) return undefined;
    this.pending.add(f);
    const st = new State();
    this.bindParams(f, st, true);
    const fr: Frame = { func: f, sinks: [], breaks: [], continues: [], writes: new Map() };
    this.execBlock(f.body, st, fr);
    const ret = fr.ret === undefined ? clean : this.flatten(fr.ret, st);
    const s: Summary = { ret, sinks: fr.sinks, writes: fr.writes ?? new Map() };
    this.pending.delete(f);
    this.summaries.set(f, s);
    return s;
  }

  /** Analyses a lambda or anonymous-class method where it appears, seeing the enclosing variables. */
  closure(f: Func, outer: State, fr: Frame): void {
    if (this.steps > maxSteps) return;
    if (!this.mayOriginate(f) && !hasTaintedVar(outer)) return;
    const st = outer.clone();
    this.bindParams(f, st, false);
    const inner: Frame = { func: f, sinks: fr.sinks, breaks: [], continues: [] };
    if (fr.writes !== undefined) inner.writes = fr.writes;
    this.execBlock(f.body, st, inner);
  }

  private bindParams(f: Func, st: State, isLabelled: boolean): void {
    f.params.forEach((p, i) => {
      let t: Taint | undefined = isLabelled ? new Map([[-(i + 1), 0]]) : undefined;
      const src = this.paramSource(f, p.name, p.type, p.annotations);
      if (src !== undefined) t = unionTaint(t, new Map([[src, 0]]));
      const v: Val = {};
      if (t !== undefined) v.t = t;
      if (p.type !== undefined) v.type = p.type;
      st.vars.set(p.name, v);
    });
  }

  private paramSource(f: Func, name: string, type?: string, annotations?: readonly string[]): number | undefined {
    for (const p of this.rules.paramSources) {
      if (p.owner !== undefined && (f.owner === undefined || !p.owner.test(f.owner) || f.name === f.owner)) continue;
      if (p.name !== undefined && !p.name.test(name)) continue;
      if (p.type !== undefined && (type === undefined || !p.type.test(type))) continue;
      if (p.annotation !== undefined && !(annotations ?? []).some((a) => p.annotation!.test(a))) continue;
      return p.id;
    }
    return undefined;
  }

  newRef(st: State, o: Obj): number {
    const ref = this.nextRef++;
    st.add(ref, o);
    return ref;
  }

  /** All taint a value carries, including the contents of the objects it refers to. */
  deepTaint(v: Val, st: State, seen?: Set<number>): Taint | undefined {
    let t = v.t;
    if (v.ref === undefined) return t;
    const o = st.heap.get(v.ref);
    if (o === undefined) return t;
    const visited = seen ?? new Set<number>();
    if (visited.has(v.ref)) return t;
    visited.add(v.ref);
    t = unionTaint(t, o.t);
    for (const item of o.items ?? []) t = unionTaint(t, this.deepTaint(item, st, visited));
    for (const item of o.entries?.values() ?? []) t = unionTaint(t, this.deepTaint(item, st, visited));
    if (o.content !== undefined) t = unionTaint(t, o.content.t);
    return t;
  }

  /** A value without heap references (for results that leave a function). */
  flatten(v: Val, st: State): Val {
    const out: Val = {};
    const t = this.deepTaint(v, st);
    if (t !== undefined && t.size > 0) out.t = t;
    if (v.hasC === true) {
      out.hasC = true;
      out.c = v.c;
    }
    if (v.ref !== undefined) {
      const o = st.heap.get(v.ref);
      if (o?.kind === 'builder' && o.content?.hasC === true) {
        out.hasC = true;
        out.c = o.content.c;
      }
    }
    if (v.type !== undefined) out.type = v.type;
    return out;
  }

  /** Text of a name / member / call chain, built from the IR (dotted, `()` for calls). */
  text(e: Expr): string {
    const cached = this.textCache.get(e);
    if (cached !== undefined) return cached;
    let s: string;
    switch (e.k) {
      case 'name':
        s = e.name;
        break;
      case 'this':
        s = 'this';
        break;
      case 'lit':
        s = typeof e.v === 'string' ? JSON.stringify(e.v) : String(e.v);
        break;
      case 'field':
        s = `${this.text(e.obj)}.${e.name}`;
        break;
      case 'index':
        s = `${this.text(e.obj)}[${this.text(e.index)}]`;
        break;
      case 'call':
        s = e.isNew ? `new ${e.qualified ?? e.name}()` : `${e.recv ? this.text(e.recv) + '.' : ''}${e.qualified ?? e.name}()`;
        break;
      case 'cast':
        s = this.text(e.x);
        break;
      default:
        s = '?';
    }
    this.textCache.set(e, s);
    return s;
  }

  /** Records a hit of a rule at a node. */
  report(ruleIndex: number, node: SgNode | undefined, detail: string): void {
    if (node === undefined) return;
    const info = this.rules.infos[ruleIndex];
    if (info === undefined) return;
    const r = node.range();
    const key = `${info.rule.id}:${r.start.index}:${r.end.index}`;
    if (this.hits.has(key)) return;
    const hit: RuleHit = {
      ruleId: info.rule.id,
      lineStart: r.start.line + 1,
      lineEnd: r.end.line + 1,
      columnStart: r.start.column + 1,
      columnEnd: Math.max(1, r.end.column),
    };
    if (detail !== '') hit.message = `${info.rule.message} (${detail})`;
    this.hits.set(key, hit);
  }

  /** Checks a tainted value arriving at a sink of a rule. */
  checkSink(ruleIndex: number, t: Taint | undefined, node: SgNode | undefined, sinkName: string, fr: Frame, extraSan = 0): void {
    if (t === undefined) return;
    const info = this.rules.infos[ruleIndex]!;
    for (const [label, san0] of t) {
      const san = san0 | extraSan;
      if ((san & info.groupBit) !== 0) continue;
      if (label >= 0) {
        if (info.sourceIds.has(label)) {
          const src = this.rules.sources[label]?.spec.label ?? 'untrusted input';
          this.report(ruleIndex, node, `${src} reaches ${sinkName}`);
        }
      } else {
        const rec: SinkRecord = { label, san, ruleIndex, sinkName };
        if (node !== undefined) rec.node = node;
        fr.sinks.push(rec);
      }
    }
  }

  // ---- statements ----

  execBlock(stmts: readonly Stmt[], st: State, fr: Frame): State {
    let cur = st;
    for (const s of stmts) {
      if (cur.isDead) break;
      cur = this.exec(s, cur, fr);
    }
    return cur;
  }

  private exec(s: Stmt, st: State, fr: Frame): State {
    if (++this.steps > maxSteps) {
      st.isDead = true;
      return st;
    }
    switch (s.k) {
      case 'expr':
        this.eval(s.e, st, fr);
        return st;
      case 'decl': {
        let v: Val = s.init === undefined ? clean : this.eval(s.init, st, fr);
        if (s.type !== undefined && v.type === undefined && s.type !== 'var') v = { ...v, type: s.type };
        st.vars.set(s.name, v);
        return st;
      }
      case 'if':
        return this.execIf(s.test, s.then, s.else, st, fr);
      case 'loop':
        return this.execLoop(s, st, fr);
      case 'switch':
        return this.execSwitch(s.disc, s.cases, s.isArrow === true, st, fr);
      case 'return': {
        const v = s.e === undefined ? clean : this.eval(s.e, st, fr);
        fr.ret = joinVal(fr.ret, this.flatten(v, st));
        st.isDead = true;
        return st;
      }
      case 'throw':
        if (s.e !== undefined) this.eval(s.e, st, fr);
        st.isDead = true;
        return st;
      case 'break':
        fr.breaks[fr.breaks.length - 1]?.push(st.clone());
        st.isDead = true;
        return st;
      case 'continue':
        fr.continues[fr.continues.length - 1]?.push(st.clone());
        st.isDead = true;
        return st;
      case 'try':
        return this.execTry(s.body, s.catches, s.fin, st, fr);
      case 'block':
        return this.execBlock(s.body, st, fr);
      case 'emit':
        evalCall(this, { k: 'call', name: s.name, args: s.args, ...(s.node ? { node: s.node } : {}) }, st, fr);
        return st;
    }
  }

  private execIf(test: Expr, then: Stmt[], els: Stmt[] | undefined, st: State, fr: Frame): State {
    const known = truthiness(this.eval(test, st, fr));
    if (known === true) return this.execBlock(then, st, fr);
    if (known === false) return els === undefined ? st : this.execBlock(els, st, fr);
    const other = st.clone();
    const a = this.execBlock(then, st, fr);
    const b = els === undefined ? other : this.execBlock(els, other, fr);
    return joinStates([a, b]);
  }

  private execLoop(s: Extract<Stmt, { k: 'loop' }>, st0: State, fr: Frame): State {
    const st = s.init === undefined ? st0 : this.execBlock(s.init, st0, fr);
    const exits: State[] = [];
    const breaks: State[] = [];
    fr.breaks.push(breaks);
    // The state at the loop head; two rounds reach the usual fixpoint (a value assigned late in the body
    // flowing to an earlier statement on the next iteration).
    let cur: State | undefined = st;
    for (let iter = 0; iter < 2 && cur !== undefined; iter++) {
      const exit = this.loopExit(s, cur, fr, iter === 0 && s.isDoWhile === true);
      if (exit === 'must') {
        exits.push(cur);
        cur = undefined;
        break;
      }
      if (exit === 'may') exits.push(cur.clone());
      const body = cur.clone();
      if (s.each !== undefined) this.bindEach(s.each, body, fr);
      const continues: State[] = [];
      fr.continues.push(continues);
      let end = this.execBlock(s.body, body, fr);
      fr.continues.pop();
      end = joinStates([end, ...continues]);
      if (!end.isDead) for (const u of s.update ?? []) this.eval(u, end, fr);
      const next = joinStates([cur, end]);
      const isStable = sameState(next, cur);
      cur = next;
      if (isStable) break;
    }
    if (cur !== undefined && !cur.isDead && this.loopExit(s, cur, fr, false) !== 'never') exits.push(cur);
    fr.breaks.pop();
    return joinStates([...exits, ...breaks]);
  }

  /** Whether the loop can leave at its head: a constant test decides, a for-each may always end. */
  private loopExit(s: Extract<Stmt, { k: 'loop' }>, st: State, fr: Frame, isFirstDo: boolean): 'must' | 'may' | 'never' {
    if (isFirstDo) return 'never';
    if (s.each !== undefined) return 'may';
    if (s.test === undefined) return 'never';
    const known = truthiness(this.eval(s.test, st, fr));
    return known === false ? 'must' : known === true ? 'never' : 'may';
  }

  private bindEach(each: { names: string[]; type?: string; iter: Expr; isKeys?: boolean }, st: State, fr: Frame): void {
    const it = this.eval(each.iter, st, fr);
    let elem: Val = it.t === undefined ? clean : { t: it.t };
    const o = it.ref === undefined ? undefined : st.heap.get(it.ref);
    if (o !== undefined) {
      let v: Val | undefined = o.t === undefined ? undefined : { t: o.t };
      if (each.isKeys === true && o.entries !== undefined) {
        for (const k of o.entries.keys()) v = joinVal(v, constVal(k));
      } else {
        for (const item of o.items ?? []) v = joinVal(v, item);
        for (const item of o.entries?.values() ?? []) v = joinVal(v, item);
        if (o.content !== undefined) v = joinVal(v, { ...(o.content.t ? { t: o.content.t } : {}) });
      }
      elem = v ?? clean;
    } else if (it.hasC === true && typeof it.c === 'string' && each.isKeys !== true) {
      elem = clean;
    }
    if (each.type !== undefined && elem.type === undefined) elem = { ...elem, type: each.type };
    for (const name of each.names) st.vars.set(name, elem);
  }

  private execSwitch(disc: Expr, cases: SwitchCase[], isArrow: boolean, st: State, fr: Frame): State {
    const d = this.eval(disc, st, fr);
    const breaks: State[] = [];
    fr.breaks.push(breaks);
    const ends: State[] = [];
    const runFrom = (start: number, s: State): void => {
      let cur = s;
      for (let i = start; i < cases.length && !cur.isDead; i++) {
        cur = this.execBlock(cases[i]!.body, cur, fr);
        if (isArrow) break;
      }
      ends.push(cur);
    };
    let chosen: number | undefined;
    if (d.hasC === true) {
      const def = cases.findIndex((c) => c.tests.length === 0);
      let allKnown = true;
      for (let i = 0; i < cases.length && chosen === undefined; i++) {
        for (const t of cases[i]!.tests) {
          const tv = this.eval(t, st, fr);
          if (tv.hasC !== true) allKnown = false;
          else if (looseEquals(tv.c!, d.c!)) chosen = i;
        }
      }
      if (chosen === undefined && allKnown) chosen = def >= 0 ? def : -1;
    }
    if (chosen === -1) {
      fr.breaks.pop();
      return st;
    }
    if (chosen !== undefined) {
      runFrom(chosen, st);
    } else {
      cases.forEach((_, i) => runFrom(i, st.clone()));
      if (!cases.some((c) => c.tests.length === 0)) ends.push(st);
    }
    fr.breaks.pop();
    return joinStates([...ends, ...breaks]);
  }

  private execTry(body: Stmt[], catches: { name?: string; body: Stmt[] }[], fin: Stmt[] | undefined, st: State, fr: Frame): State {
    const before = st.clone();
    const after = this.execBlock(body, st, fr);
    const outs: State[] = [after];
    if (catches.length > 0) {
      const start = joinStates([before, after.isDead ? before : after]);
      for (const c of catches) {
        const s = start.clone();
        s.isDead = false;
        if (c.name !== undefined) s.vars.set(c.name, clean);
        outs.push(this.execBlock(c.body, s, fr));
      }
    }
    let end = joinStates(outs);
    if (fin !== undefined) {
      const wasDead = end.isDead;
      end.isDead = false;
      end = this.execBlock(fin, end, fr);
      if (wasDead) end.isDead = true;
    }
    return end;
  }

  // ---- expressions ----

  eval(e: Expr, st: State, fr: Frame): Val {
    this.steps++;
    switch (e.k) {
      case 'lit':
        return constVal(e.v);
      case 'name':
        return this.evalName(e, st);
      case 'this':
        return fr.func.owner === undefined ? clean : { type: fr.func.owner };
      case 'field':
        return this.evalField(e, st, fr);
      case 'index':
        return this.evalIndex(e, st, fr);
      case 'call':
        return evalCall(this, e, st, fr);
      case 'bin': {
        const l = this.eval(e.l, st, fr);
        if (e.op === '&&' || e.op === '||' || e.op === '??') return this.evalLogical(e.op, l, e.r, st, fr);
        const r = this.eval(e.r, st, fr);
        return binaryOp(e.op, l, r, this.model.isIntDivision, (v) => this.stringish(v, st));
      }
      case 'un':
        return unaryOp(e.op, this.eval(e.x, st, fr));
      case 'cond': {
        const known = truthiness(this.eval(e.test, st, fr));
        if (known === true) return this.eval(e.then, st, fr);
        if (known === false) return this.eval(e.else, st, fr);
        return joinVal(this.eval(e.then, st, fr), this.eval(e.else, st, fr));
      }
      case 'assign':
        return this.evalAssign(e, st, fr);
      case 'array': {
        const items = e.items.map((x) => this.eval(x, st, fr));
        return { ref: this.newRef(st, { kind: 'list', items }) };
      }
      case 'dict': {
        const entries = new Map<string, Val>();
        let t: Taint | undefined;
        for (const en of e.entries) {
          const k = this.eval(en.key, st, fr);
          const v = this.eval(en.value, st, fr);
          if (k.hasC === true) entries.set(String(k.c), v);
          else t = unionTaint(t, this.deepTaint(v, st));
        }
        const o: Obj = { kind: 'map', entries };
        if (t !== undefined) o.t = t;
        return { ref: this.newRef(st, o) };
      }
      case 'cast': {
        const v = this.eval(e.x, st, fr);
        return v.type === e.type ? v : { ...v, type: e.type };
      }
      case 'fn':
        this.closure(e.fn, st, fr);
        return { fn: e.fn };
      case 'seq': {
        const after = this.execBlock(e.before, st, fr);
        const wasDead = after.isDead;
        st.adopt(after);
        // An expression is evaluated even when its statements ended every path (e.g. all cases break).
        if (wasDead) st.isDead = false;
        return this.eval(e.x, st, fr);
      }
      case 'other': {
        let t: Taint | undefined;
        for (const p of e.parts) t = unionTaint(t, this.deepTaint(this.eval(p, st, fr), st));
        return t === undefined ? clean : { t };
      }
    }
  }

  /** A value seen as a string (builders give their content). */
  stringish(v: Val, st: State): Val {
    if (v.ref === undefined) return v;
    const o = st.heap.get(v.ref);
    if (o?.kind === 'builder' && o.content !== undefined) return o.content;
    const t = this.deepTaint(v, st);
    return t === undefined ? clean : { t };
  }

  private evalLogical(op: string, l: Val, rightExpr: Expr, st: State, fr: Frame): Val {
    const lk = op === '??' ? (l.hasC === true ? l.c !== null : undefined) : truthiness(l);
    if (op === '&&' && lk === false) return this.model.isLogicalValue ? l : constVal(false);
    if (op === '||' && lk === true) return this.model.isLogicalValue ? l : constVal(true);
    if (op === '??' && lk === true) return l;
    const r = this.eval(rightExpr, st, fr);
    if (!this.model.isLogicalValue && op !== '??') {
      const rk = truthiness(r);
      if (lk !== undefined && rk !== undefined) return constVal(op === '&&' ? lk && rk : lk || rk);
      return clean;
    }
    if (lk !== undefined) return r;
    return joinVal(l, r);
  }

  private evalName(e: { name: string; node?: SgNode }, st: State): Val {
    const v = st.vars.get(e.name);
    if (v !== undefined) return v;
    const src = this.exprSource(e.name);
    if (src !== undefined) return src;
    const field = this.fieldValue(e.name);
    if (field !== undefined) return field;
    const fns = this.functionsNamed(e.name);
    if (fns !== undefined && fns.length === 1) return { fn: fns[0]! };
    return clean;
  }

  exprSource(text: string): Val | undefined {
    for (const s of this.rules.exprSources) if (s.regex.test(text)) return { t: new Map([[s.id, 0]]) };
    return undefined;
  }

  /** The value of a class field / module constant initialiser, evaluated once without context. */
  fieldValue(key: string): Val | undefined {
    const cached = this.fieldCache.get(key);
    if (cached !== undefined) return cached;
    const init = this.program.fields.get(key);
    if (init === undefined) return undefined;
    this.fieldCache.set(key, clean);
    const st = new State();
    const fr: Frame = { func: { name: '<field>', params: [], body: [] }, sinks: [], breaks: [], continues: [] };
    const v = this.flatten(this.eval(init, st, fr), st);
    this.fieldCache.set(key, v);
    return v;
  }

  private evalField(e: Extract<Expr, { k: 'field' }>, st: State, fr: Frame): Val {
    if (this.rules.exprSources.length > 0) {
      const src = this.exprSource(this.text(e));
      if (src !== undefined) return src;
    }
    if (e.obj.k === 'this' || (e.obj.k === 'name' && this.model.selfNames.has(e.obj.name))) {
      const v = st.vars.get(`this.${e.name}`);
      if (v !== undefined) return v;
      return this.fieldValue(e.name) ?? clean;
    }
    if (e.obj.k === 'name' && this.program.classNames.has(e.obj.name) && !st.vars.has(e.obj.name)) {
      return this.fieldValue(`${e.obj.name}.${e.name}`) ?? clean;
    }
    const obj = this.eval(e.obj, st, fr);
    if (this.model.cleanFields.has(e.name)) return clean;
    if (this.rules.memberSources.other.length > 0 || this.rules.memberSources.byName.has(e.name)) {
      const ids = memberSourceIds(this, e, obj);
      if (ids.length > 0) return { t: new Map(ids.map((id) => [id, 0])) };
    }
    if (obj.ref !== undefined) {
      const o = st.heap.get(obj.ref);
      const en = o?.entries?.get(e.name);
      if (en !== undefined) return en;
      if (o?.entries !== undefined && o.t === undefined) return clean;
    }
    const t = this.deepTaint(obj, st);
    return t === undefined ? clean : { t };
  }

  private evalIndex(e: Extract<Expr, { k: 'index' }>, st: State, fr: Frame): Val {
    if (this.rules.exprSources.length > 0) {
      const src = this.exprSource(this.text(e));
      if (src !== undefined) return src;
    }
    const obj = this.eval(e.obj, st, fr);
    const idx = this.eval(e.index, st, fr);
    return this.elementAt(obj, idx, st);
  }

  /** Reads element `idx` of a list / map / string value. */
  elementAt(obj: Val, idx: Val, st: State): Val {
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
    const t = this.deepTaint(obj, st);
    return t === undefined ? clean : { t };
  }

  private evalAssign(e: Extract<Expr, { k: 'assign' }>, st: State, fr: Frame): Val {
    let v = this.eval(e.value, st, fr);
    if (e.op !== '=' && e.op !== ':=') {
      const op = e.op.slice(0, -1);
      const cur = this.eval(e.target, st, fr);
      if (cur.ref !== undefined && (op === '+' || op === '.')) {
        const o = st.mutable(cur.ref);
        if (o?.kind === 'list' && v.ref !== undefined) {
          const other = st.heap.get(v.ref);
          if (o.items !== undefined && other?.items !== undefined) o.items.push(...other.items);
          else o.t = unionTaint(o.t, this.deepTaint(v, st));
          return cur;
        }
      }
      v = op === '??' || op === '||' ? joinVal(cur, v) : binaryOp(op, cur, v, this.model.isIntDivision, (x) => this.stringish(x, st));
    }
    this.assignTo(e.target, v, st, fr);
    return v;
  }

  /** Stores a value into a target expression (variables strongly, containers and fields where tracked). */
  assignTo(target: Expr, v: Val, st: State, fr: Frame): void {
    switch (target.k) {
      case 'name':
        st.vars.set(target.name, v);
        return;
      case 'field': {
        if (target.obj.k === 'this' || (target.obj.k === 'name' && this.model.selfNames.has(target.obj.name))) {
          st.vars.set(`this.${target.name}`, v);
          return;
        }
        const obj = this.eval(target.obj, st, fr);
        if (this.rules.hasAssignmentSinks) checkAssignmentSink(this, target.obj, target.name, obj, v, target.node, st, fr);
        this.storeInto(target.obj, obj, constVal(target.name), v, st, fr);
        return;
      }
      case 'index': {
        const obj = this.eval(target.obj, st, fr);
        const idx = this.eval(target.index, st, fr);
        this.storeInto(target.obj, obj, idx, v, st, fr);
        return;
      }
      case 'array': {
        // Destructuring: each target gets the whole value's taint.
        const t = this.deepTaint(v, st);
        for (const item of target.items) this.assignTo(item, t === undefined ? clean : { t }, st, fr);
        return;
      }
      case 'cast':
        this.assignTo(target.x, v, st, fr);
        return;
      default:
        return;
    }
  }

  /** `obj[idx] = v`: precise on tracked containers, otherwise the container absorbs the taint. */
  storeInto(objExpr: Expr, obj: Val, idx: Val, v: Val, st: State, fr: Frame): void {
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
        o.t = unionTaint(o.t, this.deepTaint(v, st));
        return;
      }
    }
    const t = this.deepTaint(v, st);
    if (t === undefined) return;
    const root = rootName(objExpr);
    if (root === undefined) return;
    const cur = st.vars.get(root) ?? clean;
    st.vars.set(root, { ...cur, t: unionTaint(cur.t, t) });
    this.noteParamWrite(root, t, fr);
  }

  /** Remembers data stored into an object the function received as a parameter. */
  noteParamWrite(name: string, t: Taint, fr: Frame): void {
    if (fr.writes === undefined) return;
    const i = fr.func.params.findIndex((p) => p.name === name);
    if (i < 0) return;
    fr.writes.set(i, unionTaint(fr.writes.get(i), t) ?? t);
  }
}

function hasTaintedVar(st: State): boolean {
  for (const v of st.vars.values()) if (v.t !== undefined && v.t.size > 0) return true;
  for (const o of st.heap.values()) {
    if (o.t !== undefined || o.content?.t !== undefined) return true;
    for (const v of o.items ?? []) if (v.t !== undefined && v.t.size > 0) return true;
    for (const v of o.entries?.values() ?? []) if (v.t !== undefined && v.t.size > 0) return true;
  }
  return false;
}

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

function looseEquals(a: Const, b: Const): boolean {
  return a === b || String(a) === String(b);
}
