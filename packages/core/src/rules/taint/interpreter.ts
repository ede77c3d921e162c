import type { SgNode } from '@ast-grep/napi';
import type { RuleHit } from '../types.ts';
import type { CallExpr, Expr, Func, Program, Stmt } from './ir.ts';
import type { CompiledRules } from './matchers.ts';
import { isValueClass, type LangModel } from './models.ts';
import type { Obj, Taint, Val } from './value.ts';
import { evalExpr, stringish } from './expressions.ts';
import { execBlock } from './statements.ts';
import { State } from './state.ts';
import { clean, isConstTable, unionTaint } from './value.ts';

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

/** Interpretation steps per file before giving up (keeps pathological files bounded). */
export const maxSteps = 400_000;

/** Abstract interpreter over one file's lowered program. */
export class Analyzer {
  readonly hits = new Map<string, RuleHit>();
  private readonly byName = new Map<string, Func[]>();
  private indexed = 0;
  private readonly summaries = new Map<Func, Summary>();
  private readonly pending = new Set<Func>();
  private readonly fieldCache = new Map<string, Val>();
  private readonly textCache = new WeakMap<Expr, string>();
  private readonly declarations = new WeakMap<Func, string>();
  /**
   * Sink calls whose result is at once passed through a sanitiser matched by name alone, with the groups it
   * cleans: `Paths.get(name).getFileName()` only reads the last segment, it is no use of the path.
   */
  readonly exemptSinks = new WeakMap<CallExpr, number>();
  private nextRef = 1;
  /** Interpretation steps so far. */
  steps = 0;

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

  /**
   * Analyses a lambda or anonymous-class method where it appears, seeing the enclosing variables. `paramTaint`
   * is given to every parameter: a callback passed to a method of tainted data receives that data. Returns
   * what the function returns, or undefined when it was not analysed.
   */
  closure(f: Func, outer: State, fr: Frame, paramTaint?: Taint): Val | undefined {
    if (this.steps > maxSteps) return undefined;
    if (paramTaint === undefined && !this.mayOriginate(f) && !hasTaintedVar(outer)) return undefined;
    const st = outer.clone();
    this.bindParams(f, st, false);
    if (paramTaint !== undefined) {
      for (const p of f.params) {
        const v = st.vars.get(p.name) ?? clean;
        st.vars.set(p.name, { ...v, t: unionTaint(v.t, paramTaint) });
      }
    }
    const inner: Frame = { func: f, sinks: fr.sinks, breaks: [], continues: [] };
    if (fr.writes !== undefined) inner.writes = fr.writes;
    this.execBlock(f.body, st, inner);
    return inner.ret ?? clean;
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

  private paramSource(
    f: Func,
    name: string,
    type?: string,
    annotations?: readonly string[],
  ): number | undefined {
    if (type !== undefined && this.isValueType(type)) return undefined;
    for (const p of this.rules.paramSources) {
      if (p.owner !== undefined && (f.owner === undefined || !p.owner.test(f.owner) || f.name === f.owner))
        continue;
      if (p.name !== undefined && !p.name.test(name)) continue;
      if (p.type !== undefined && (type === undefined || !p.type.test(type))) continue;
      if (p.annotation !== undefined && !(annotations ?? []).some((a) => p.annotation!.test(a))) continue;
      return p.id;
    }
    return undefined;
  }

  /**
   * A parameter type that cannot carry text: a number, boolean, UUID, date or enum of the file (`@PathVariable
   * long id` is bound by parsing, so the request's text never reaches the method).
   */
  private isValueType(type: string): boolean {
    return (
      /^(int|long|short|byte|double|float|boolean)$/.test(type) ||
      isValueClass(type, this.model, this.program)
    );
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
      if (o !== undefined && isConstTable(o, (ref) => st.heap.get(ref))) out.isConstTable = true;
    }
    if (v.isConstTable === true) out.isConstTable = true;
    if (v.pattern !== undefined) out.pattern = v.pattern;
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
        s = e.isNew
          ? `new ${e.qualified ?? e.name}()`
          : `${e.recv ? this.text(e.recv) + '.' : ''}${e.qualified ?? e.name}()`;
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
  checkSink(
    ruleIndex: number,
    t: Taint | undefined,
    node: SgNode | undefined,
    sinkName: string,
    fr: Frame,
    extraSan = 0,
  ): void {
    if (t === undefined) return;
    const info = this.rules.infos[ruleIndex]!;
    for (const [label, san0] of t) {
      const san = san0 | extraSan;
      if ((san & (info.groupBit | info.guardBits)) !== 0) continue;
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

  /** A value returned by a function that is a return sink of some rule (see `TaintRule.returnSinks`). */
  checkReturn(v: Val, e: Expr, st: State, fr: Frame): void {
    if (this.rules.returnSinks.length === 0 || fr.func.isLambda === true) return;
    const declaration = this.declarationText(fr.func);
    if (declaration === undefined) return;
    for (const r of this.rules.returnSinks) {
      if (!r.declaration.test(declaration)) continue;
      if (
        r.classDeclaration !== undefined &&
        !r.classDeclaration.test(this.classDeclarationText(fr.func) ?? '')
      )
        continue;
      this.checkSink(r.ruleIndex, this.deepTaint(v, st), e.node ?? fr.func.node, r.label, fr);
    }
  }

  /** The declaration (annotations, modifiers, name) of the class a method is written in. */
  private classDeclarationText(f: Func): string | undefined {
    const owner = f.node?.parent()?.parent();
    return owner === undefined || owner === null ? undefined : headerText(owner);
  }

  /** A function's source text before its body: annotations, modifiers and signature. */
  private declarationText(f: Func): string | undefined {
    const known = this.declarations.get(f);
    if (known !== undefined || f.node === undefined) return known;
    const declaration = headerText(f.node);
    this.declarations.set(f, declaration);
    return declaration;
  }

  /** Evaluates an expression. */
  eval(e: Expr, st: State, fr: Frame): Val {
    return evalExpr(this, e, st, fr);
  }

  /** Runs statements; returns the state after them. */
  execBlock(stmts: readonly Stmt[], st: State, fr: Frame): State {
    return execBlock(this, stmts, st, fr);
  }

  /** A value seen as a string (builders give their content). */
  stringish(v: Val, st: State): Val {
    return stringish(this, v, st);
  }

  /** The value of a class field / module constant initialiser, evaluated once without context. */
  fieldValue(key: string): Val | undefined {
    const cached = this.fieldCache.get(key);
    if (cached !== undefined) return cached;
    const init = this.program.fields.get(key);
    if (init === undefined) return undefined;
    this.fieldCache.set(key, clean);
    const st = new State();
    const fr: Frame = {
      func: { name: '<field>', params: [], body: [] },
      sinks: [],
      breaks: [],
      continues: [],
    };
    const v0 = evalExpr(this, init, st, fr);
    if (v0.ref !== undefined) this.runInitialisers(key, v0, st, fr);
    const v = this.flatten(v0, st);
    this.fieldCache.set(key, v);
    return v;
  }

  /**
   * Runs the initialiser blocks (`static { TABLE.put("a", "b"); }`) that mention a container field on its value,
   * so that a table filled there is known like one built in its declaration.
   */
  private runInitialisers(key: string, v: Val, st: State, fr: Frame): void {
    const name = key.slice(key.lastIndexOf('.') + 1);
    for (const f of this.functionsNamed('<init>') ?? []) {
      if (f.node === undefined || !f.node.text().includes(name)) continue;
      st.vars.set(name, v);
      const end = this.execBlock(f.body, st, { ...fr, func: f });
      st.adopt(end);
      st.isDead = false;
    }
  }

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

/** A declaration's text before its body (annotations, modifiers, name, signature). */
function headerText(node: SgNode): string {
  const body = node.field('body');
  const parts: string[] = [];
  for (const c of node.children()) {
    if (body !== null && c.id() === body.id()) break;
    parts.push(c.text());
  }
  return parts.join(' ');
}
