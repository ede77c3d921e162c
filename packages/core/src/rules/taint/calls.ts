import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Const, Expr, Func } from './ir.ts';
import type { Analyzer, Frame, Summary } from './interpreter.ts';
import type { CallFacts } from './matchers.ts';
import type { State } from './state.ts';
import type { Obj, Taint, Val } from './value.ts';
import { rootName } from './expressions.ts';
import { lookup, pathConfinedBit } from './matchers.ts';
import { isValueClass } from './models.ts';
import { modelContainerCall } from './containers.ts';
import { foldStringMethod } from './strings.ts';
import { compiledPattern, constTableLookup } from './tables.ts';
import { clean, constVal, joinVal, receiverLabel, sanitizeTaint, unionTaint } from './value.ts';

/** Evaluates a call: sinks and checks first, then sources, sanitisers, same-file summaries, models, default flow. */
export function evalCall(an: Analyzer, call: CallExpr, st: State, fr: Frame): Val {
  const plain = call.recv?.k === 'call' ? an.rules.plainSanitizers.get(call.name) : undefined;
  if (plain !== undefined) an.exemptSinks.set(call.recv as CallExpr, plain);
  // `new File(base, name).getCanonicalFile()`: the object is only built to be resolved, and the resolved path is
  // what gets checked and used; its uses are the sinks (where a containment check counts).
  if (call.recv?.k === 'call' && an.model.pathNormalizers.has(call.name)) {
    const inner = call.recv;
    an.exemptSinks.set(inner, (an.exemptSinks.get(inner) ?? 0) | pathConfinedBit);
  }
  const rv = call.recv === undefined ? undefined : an.eval(call.recv, st, fr);
  // Callbacks are analysed after the other arguments, so that they see the data they will be called with.
  const args = call.args.map((a) => (a.k === 'fn' ? { fn: a.fn } : an.eval(a, st, fr)));
  const kwargs = (call.kwargs ?? []).map((kw) => ({ name: kw.name, v: an.eval(kw.value, st, fr) }));
  let callbackResult: Val | undefined;
  if (call.args.some((a) => a.k === 'fn')) {
    // A method's callback sees the receiver's data (`list.forEach`, `promise.then`); a plain function's callback
    // sees the other arguments (`map(fn, items)`). Results of I/O on tainted arguments are not input.
    let data = rv === undefined ? undefined : an.deepTaint(rv, st);
    if (rv === undefined) {
      call.args.forEach((a, i) => {
        if (a.k !== 'fn') data = unionTaint(data, an.deepTaint(args[i]!, st));
      });
    }
    for (const a of call.args) if (a.k === 'fn') callbackResult = an.closure(a.fn, st, fr, data);
  }
  for (const f of call.body ?? []) an.closure(f, st, fr);
  const facts = callFacts(an, call, rv, kwargs, args);

  checkSinks(an, call, facts, rv, args, kwargs, st, fr);

  const sourceIds = lookup(an.rules.callSources, facts);
  if (sourceIds.length > 0) {
    const t = new Map<number, number>();
    for (const id of sourceIds) t.set(id, 0);
    return { t, origin: call };
  }

  const mask = lookup(an.rules.sanitizers, facts).reduce((m, x) => m | x, 0);
  if (mask !== 0) {
    const t = sanitizeTaint(flowTaint(an, rv, args, kwargs, st), mask);
    return t === undefined ? clean : { t };
  }

  const local = resolveLocal(an, call, rv, st);
  if (local !== undefined) {
    let out: Val | undefined;
    for (const f of local) {
      const s = an.summary(f);
      out = joinVal(
        out,
        s === undefined ? passThrough(an, rv, args, kwargs, st) : applySummary(an, s, rv, args, st, fr, call),
      );
    }
    return out ?? clean;
  }

  // `items.stream().map(t -> "?")`: the mapped elements are what the callback returned.
  if (
    callbackResult !== undefined &&
    call.recv !== undefined &&
    call.args.length === 1 &&
    an.model.elementMappers.has(call.name)
  ) {
    return callbackResult.t === undefined ? { origin: call } : { t: callbackResult.t, origin: call };
  }
  const referenced = mappedByReference(an, call, rv, st);
  if (referenced !== undefined) return referenced;
  const modelled = modelCall(an, call, rv, args, st);
  if (modelled !== undefined) return modelled;
  return defaultFlow(an, call, rv, args, kwargs, st, fr);
}

/**
 * `tags.stream().map(HtmlUtils::htmlEscape)`, `.map(Integer::parseInt)`: an element mapper given a method
 * reference to a sanitiser, a parser to numbers or a value parser; undefined for any other call.
 */
function mappedByReference(an: Analyzer, call: CallExpr, rv: Val | undefined, st: State): Val | undefined {
  const arg = call.args[0];
  if (call.args.length !== 1 || rv === undefined || !an.model.elementMappers.has(call.name)) return undefined;
  const text = arg?.k === 'other' ? arg.node?.text() : undefined;
  const ref = text === undefined ? undefined : /^([\w.]+)::(\w+)$/.exec(text.replace(/\s+/g, ''));
  if (ref === undefined || ref === null) return undefined;
  const owner = ref[1]!.slice(ref[1]!.lastIndexOf('.') + 1);
  const method = ref[2]!;
  const m = an.model;
  const isValueParse = m.valueParsers.has(method) && isValueClass(ref[1]!, m, an.program);
  // `.map(THEMES::get)` on a table of constants: whatever the key, the value is one of the table's.
  const isTableLookup =
    (m.map.get.has(method) || m.list.get.has(method)) && an.fieldValue(ref[1]!)?.isConstTable === true;
  // The clean lists go by method name alone, so they only count for the platform's own classes (`Integer::parseInt`,
  // `String::length`), not for a project's `Util::read`.
  const isPlatformClean =
    /^(String|Integer|Long|Short|Byte|Double|Float|Boolean|Character|Math|Objects|Int32|Int64|Convert)$/.test(
      owner,
    ) &&
    (m.cleanFunctions.has(method) || m.cleanMethods.has(method));
  if (isPlatformClean || isValueParse || isTableLookup) return { origin: call };
  const mask = an.rules.plainSanitizers.get(method);
  if (mask === undefined) return undefined;
  const t = sanitizeTaint(an.deepTaint(rv, st), mask);
  return t === undefined ? { origin: call } : { t, origin: call };
}

function callFacts(
  an: Analyzer,
  call: CallExpr,
  rv: Val | undefined,
  kwargs: { name: string; v: Val }[],
  args: Val[] = [],
  isAssignment = false,
): CallFacts {
  let callee: string | undefined;
  let texts: string[] | undefined;
  return {
    isAssignment,
    argTexts: (i) => {
      const e = call.args[i];
      const v = args[i];
      if (e === undefined) return [];
      const out = [an.text(e)];
      if (v?.type !== undefined) out.push(v.type);
      if (v?.origin !== undefined) out.push(an.text(v.origin));
      return out;
    },
    name: call.name,
    isNew: call.isNew === true,
    hasReceiver: call.recv !== undefined,
    argCount: call.args.length,
    kwargNames: kwargs.map((k) => k.name),
    kwargConst: (name) => {
      const v = kwargs.find((k) => k.name === name)?.v;
      return v?.hasC === true ? { known: true, value: v.c } : { known: false, value: undefined };
    },
    calleeText: () => {
      callee ??=
        call.isNew === true || call.recv === undefined
          ? (call.qualified ?? call.name)
          : `${an.text(call.recv)}.${call.name}`;
      return callee;
    },
    receiverTexts: () => {
      if (texts !== undefined) return texts;
      texts = [];
      if (rv?.type !== undefined) texts.push(rv.type);
      if (rv?.origin !== undefined) texts.push(an.text(rv.origin));
      if (call.recv !== undefined) texts.push(an.text(call.recv));
      return texts;
    },
    receiverSources: () => {
      const out: string[] = [];
      const own = call.recv?.node?.text();
      if (own !== undefined) out.push(own);
      const origin = rv?.origin?.node?.text();
      if (origin !== undefined) out.push(origin);
      return out;
    },
  };
}

function checkSinks(
  an: Analyzer,
  call: CallExpr,
  facts: CallFacts,
  rv: Val | undefined,
  args: Val[],
  kwargs: { name: string; v: Val }[],
  st: State,
  fr: Frame,
): void {
  const sinks = lookup(an.rules.sinks, facts);
  const exempt = an.exemptSinks.get(call) ?? 0;
  for (const { ruleIndex, spec } of sinks) {
    const info = an.rules.infos[ruleIndex]!;
    if ((info.groupBit & exempt) !== 0 || (info.guardBits & exempt) !== 0) continue;
    if (info.check !== undefined) {
      if (failsCheck(an, info.check, info.checkRegex, args, st)) an.report(ruleIndex, call.node, '');
      continue;
    }
    const positions = spec.args ?? args.map((_, i) => i);
    for (const i of positions) {
      const v = args[i];
      if (v !== undefined) an.checkSink(ruleIndex, an.deepTaint(v, st), call.node, call.name, fr);
    }
    for (const kw of kwargs) {
      if (spec.kwargs?.includes(kw.name) === true)
        an.checkSink(ruleIndex, an.deepTaint(kw.v, st), call.node, call.name, fr);
    }
    if (spec.isReceiverSink === true && rv !== undefined) {
      an.checkSink(ruleIndex, an.deepTaint(rv, st), call.node, call.name, fr);
    }
  }
}

function failsCheck(
  an: Analyzer,
  check: NonNullable<Analyzer['rules']['infos'][number]['check']>,
  regex: RegExp | undefined,
  args: Val[],
  st: State,
): boolean {
  const v = args[check.arg];
  if (v === undefined) return false;
  if (regex !== undefined) {
    const s = an.stringish(v, st);
    return s.hasC === true && typeof s.c === 'string' && regex.test(s.c);
  }
  if (check.requires !== undefined) {
    if (v.ref === undefined) return false;
    const o = st.heap.get(v.ref);
    if (o === undefined || o.kind !== 'object') return false;
    const f = o.facts;
    return !(
      f !== undefined &&
      f.has(check.requires.method) &&
      f.get(check.requires.method) === check.requires.value
    );
  }
  return true;
}

/** Sources matching a property read (`r.Form`). */
export function memberSourceIds(an: Analyzer, e: Extract<Expr, { k: 'field' }>, obj: Val): number[] {
  const call: CallExpr = { k: 'call', recv: e.obj, name: e.name, args: [] };
  return lookup(an.rules.memberSources, callFacts(an, call, obj, []));
}

/** Checks an assignment to a property against the assignment sinks (`el.innerHTML = v`). */
export function checkAssignmentSink(
  an: Analyzer,
  obj: Expr,
  name: string,
  objVal: Val,
  v: Val,
  node: SgNode | undefined,
  st: State,
  fr: Frame,
): void {
  const call: CallExpr = { k: 'call', recv: obj, name, args: [] };
  if (node !== undefined) call.node = node;
  const facts = callFacts(an, call, objVal, [], [v], true);
  for (const { ruleIndex } of lookup(an.rules.sinks, facts)) {
    an.checkSink(ruleIndex, an.deepTaint(v, st), node, name, fr);
  }
}

/** Union of the taint of the receiver and of every argument. */
function flowTaint(
  an: Analyzer,
  rv: Val | undefined,
  args: Val[],
  kwargs: { v: Val }[],
  st: State,
): Taint | undefined {
  let t = rv === undefined ? undefined : an.deepTaint(rv, st);
  for (const a of args) t = unionTaint(t, an.deepTaint(a, st));
  for (const k of kwargs) t = unionTaint(t, an.deepTaint(k.v, st));
  return t;
}

function passThrough(an: Analyzer, rv: Val | undefined, args: Val[], kwargs: { v: Val }[], st: State): Val {
  const t = flowTaint(an, rv, args, kwargs, st);
  return t === undefined ? clean : { t };
}

function resolveLocal(an: Analyzer, call: CallExpr, rv: Val | undefined, st: State): Func[] | undefined {
  if (call.isNew === true) return undefined;
  let candidates = an.functionsNamed(call.name);
  if (call.recv === undefined) {
    const local = st.vars.get(call.name)?.fn;
    if (local !== undefined) candidates = [local];
  }
  if (candidates === undefined) return undefined;
  if (call.recv !== undefined) {
    const r = call.recv;
    const isOwn =
      r.k === 'this' ||
      (r.k === 'name' &&
        (an.model.selfNames.has(r.name) || (an.program.classNames.has(r.name) && !st.vars.has(r.name)))) ||
      (rv?.type !== undefined && an.program.classNames.has(simpleName(rv.type)));
    if (!isOwn) return undefined;
  }
  const n = call.args.length;
  const fits = candidates.filter(
    (f) =>
      f.params.length === n ||
      (f.params.some((p) => p.isRest === true) && n >= f.params.length - 1) ||
      (n < f.params.length && f.params.slice(n).every((p) => p.init !== undefined || p.isRest === true)),
  );
  return fits.length > 0 ? fits : undefined;
}

function simpleName(type: string): string {
  const i = type.lastIndexOf('.');
  return i < 0 ? type : type.slice(i + 1);
}

function applySummary(
  an: Analyzer,
  s: Summary,
  rv: Val | undefined,
  args: Val[],
  st: State,
  fr: Frame,
  call: CallExpr,
): Val {
  const argTaint = args.map((a) => an.deepTaint(a, st));
  // A method called on its own object (`helper()`, `this.helper()`) sees the caller's receiver.
  const isOwnCall = call.recv === undefined || call.recv.k === 'this';
  const receiverTaint = isOwnCall
    ? fr.func.owner === undefined
      ? undefined
      : new Map([[receiverLabel, 0]])
    : rv === undefined
      ? undefined
      : an.deepTaint(rv, st);
  const restFrom = (i: number): Taint | undefined => (i === -receiverLabel - 1 ? receiverTaint : argTaint[i]);
  let t: Map<number, number> | undefined;
  const add = (label: number, san: number): void => {
    t ??= new Map();
    const prev = t.get(label);
    t.set(label, prev === undefined ? san : prev & san);
  };
  for (const [label, san] of s.ret.t ?? []) {
    if (label >= 0) add(label, san);
    else for (const [l2, s2] of restFrom(-label - 1) ?? []) add(l2, s2 | san);
  }
  for (const rec of s.sinks) {
    const at = restFrom(-rec.label - 1);
    if (at !== undefined) an.checkSink(rec.ruleIndex, at, rec.node ?? call.node, rec.sinkName, fr, rec.san);
  }
  for (const [index, written] of s.writes) {
    const target = call.args[index];
    const targetVal = args[index];
    if (target === undefined || targetVal === undefined) continue;
    const t = substitute(written, argTaint);
    if (t !== undefined)
      absorb(an, { k: 'call', name: '<write>', args: [], recv: target }, targetVal, t, st, fr);
  }
  const out: Val = {};
  if (t !== undefined) out.t = t;
  else if (s.ret.hasC === true) {
    out.hasC = true;
    out.c = s.ret.c;
  }
  if (s.ret.type !== undefined) out.type = s.ret.type;
  return out;
}

/** Replaces parameter labels by the taint of the matching arguments. */
function substitute(t: Taint, argTaint: (Taint | undefined)[]): Taint | undefined {
  let out: Map<number, number> | undefined;
  const add = (label: number, san: number): void => {
    out ??= new Map();
    const prev = out.get(label);
    out.set(label, prev === undefined ? san : prev & san);
  };
  for (const [label, san] of t) {
    if (label >= 0) add(label, san);
    else for (const [l2, s2] of argTaint[-label - 1] ?? []) add(l2, s2 | san);
  }
  return out;
}

/** Library models: configuration lookups, constructors, containers, constant strings, clean results. */
function modelCall(
  an: Analyzer,
  call: CallExpr,
  rv: Val | undefined,
  args: Val[],
  st: State,
): Val | undefined {
  const m = an.model;
  const pattern = compiledPattern(an, call, args);
  if (pattern !== undefined) return pattern;
  if (m.propertyGetters.has(call.name) && args.length >= 1 && args.length <= 2) {
    const recvText = call.recv === undefined ? '' : an.text(call.recv);
    if (!m.nonProjectProperties.test(recvText)) {
      const key = args[0]!;
      if (key.hasC === true && typeof key.c === 'string') {
        const value = an.properties.get(key.c);
        if (value !== undefined) return constVal(value);
      }
      const def = args[1];
      if (def !== undefined) return def.hasC === true ? constVal(def.c!) : def;
      return clean;
    }
  }
  const isCtorCall =
    call.recv === undefined &&
    (m.listTypes.test(call.name) ||
      m.mapTypes.test(call.name) ||
      (m.isCapitalCallNew && /^[A-Z]/.test(call.name)));
  if (call.isNew === true || isCtorCall) return construct(an, call, args, st);
  const looked = constTableLookup(an, call, rv, args, st);
  if (looked !== undefined) return looked;
  const container = modelContainerCall(an, call, rv, args, st);
  if (container !== undefined) return container;
  if (rv !== undefined) {
    const s = an.stringish(rv, st);
    if (s.hasC === true && typeof s.c === 'string' && args.every((a) => a.hasC === true)) {
      const folded = foldStringMethod(
        call.name,
        s.c,
        args.map((a) => a.c as Const),
      );
      if (folded !== undefined) return constVal(folded.value);
    }
    if (m.cleanMethods.has(call.name)) return clean;
  } else if (m.cleanFunctions.has(call.name)) {
    return clean;
  }
  if (
    call.recv !== undefined &&
    m.cleanFunctions.has(call.name) &&
    call.recv.k === 'name' &&
    /^[A-Z]/.test(call.recv.name)
  ) {
    return clean;
  }
  if (isValueParse(an, call) || isFileRead(an, call)) return clean;
  if (
    (call.name === 'valueOf' || call.name === 'toString' || call.name === 'str' || call.name === 'String') &&
    args.length === 1
  ) {
    const s = an.stringish(args[0]!, st);
    return s.hasC === true ? constVal(String(s.c)) : s.t === undefined ? clean : { t: s.t };
  }
  return undefined;
}

/**
 * Parsing text into a value type (`UUID.fromString`, `Long.valueOf`, `LocalDate.parse`, `Theme.valueOf` of an
 * enum of the file): the result is a number, date, id or enum constant, or the call throws, so no text of the
 * input survives into it.
 */
function isValueParse(an: Analyzer, call: CallExpr): boolean {
  const r = call.recv;
  // `UUID` or `java.util.UUID`
  const type = r?.k === 'name' ? r.name : r?.k === 'field' ? an.text(r) : undefined;
  return (
    type !== undefined && an.model.valueParsers.has(call.name) && isValueClass(type, an.model, an.program)
  );
}

/** `Files.readString(path)`: a file's content (see `LangModel.fileReads`). */
function isFileRead(an: Analyzer, call: CallExpr): boolean {
  const r = call.recv;
  const owner = r?.k === 'name' || r?.k === 'field' ? r.name : undefined;
  return owner !== undefined && an.model.fileReads.has(`${owner}.${call.name}`);
}

function construct(an: Analyzer, call: CallExpr, args: Val[], st: State): Val {
  const m = an.model;
  const type = call.qualified ?? call.name;
  const first = args[0];
  if (m.listTypes.test(type)) {
    const src = first?.ref === undefined ? undefined : st.heap.get(first.ref);
    const o: Obj = { kind: 'list', items: src?.items !== undefined ? src.items.slice() : [] };
    const t = src !== undefined && src.items === undefined ? an.deepTaint(first!, st) : undefined;
    if (t !== undefined) o.t = t;
    return { ref: an.newRef(st, o), type };
  }
  if (m.mapTypes.test(type)) {
    const src = first?.ref === undefined ? undefined : st.heap.get(first.ref);
    const o: Obj = { kind: 'map', entries: src?.entries !== undefined ? new Map(src.entries) : new Map() };
    if (src !== undefined && src.entries === undefined) {
      const t = an.deepTaint(first!, st);
      if (t !== undefined) o.t = t;
    }
    return { ref: an.newRef(st, o), type };
  }
  if (m.builderTypes.test(type)) {
    let content: Val = constVal('');
    if (first !== undefined && !(first.hasC === true && typeof first.c === 'number'))
      content = an.stringish(first, st);
    return { ref: an.newRef(st, { kind: 'builder', content }), type };
  }
  if (call.name === 'String' && args.length >= 1) {
    const s = an.stringish(first!, st);
    const t = args.reduce<Taint | undefined>((acc, a) => unionTaint(acc, an.deepTaint(a, st)), undefined);
    if (s.hasC === true && args.length === 1) return constVal(s.c!);
    return t === undefined ? clean : { t };
  }
  const o: Obj = { kind: 'object' };
  let t: Taint | undefined;
  for (const a of args) t = unionTaint(t, an.deepTaint(a, st));
  if (t !== undefined) o.t = t;
  return { ref: an.newRef(st, o), type, origin: call };
}

function defaultFlow(
  an: Analyzer,
  call: CallExpr,
  rv: Val | undefined,
  args: Val[],
  kwargs: { v: Val }[],
  st: State,
  fr: Frame,
): Val {
  let argT: Taint | undefined;
  for (const a of args) argT = unionTaint(argT, an.deepTaint(a, st));
  for (const k of kwargs) argT = unionTaint(argT, an.deepTaint(k.v, st));
  if (rv !== undefined && call.recv !== undefined) {
    if (rv.ref !== undefined) {
      const o = st.heap.get(rv.ref);
      if (o !== undefined && o.kind === 'object' && /^set[A-Z]/.test(call.name) && args.length >= 1) {
        const last = args[args.length - 1]!;
        const w = st.mutable(rv.ref)!;
        w.facts ??= new Map();
        w.facts.set(call.name, last.hasC === true ? last.c : undefined);
      }
    }
    if (argT !== undefined && an.model.mutators.has(call.name)) absorb(an, call, rv, argT, st, fr);
  } else if (call.recv === undefined && an.model.argMutators.has(call.name) && args.length >= 2) {
    let rest: Taint | undefined;
    for (const a of args.slice(1)) rest = unionTaint(rest, an.deepTaint(a, st));
    const target = call.args[0]!;
    if (rest !== undefined) absorb(an, { ...call, recv: target }, args[0]!, rest, st, fr);
  }
  const t = unionTaint(argT, rv === undefined ? undefined : an.deepTaint(rv, st));
  const out: Val = { origin: call };
  if (t !== undefined) out.t = t;
  return out;
}

/** The receiver of a mutating call takes in the arguments' taint. */
export function absorb(an: Analyzer, call: CallExpr, rv: Val, t: Taint, st: State, fr: Frame): void {
  if (rv.ref !== undefined) {
    const o = st.mutable(rv.ref);
    if (o !== undefined) {
      if (o.kind === 'builder') o.content = { t: unionTaint(o.content?.t, t) };
      else o.t = unionTaint(o.t, t);
      return;
    }
  }
  const root = call.recv === undefined ? undefined : rootName(call.recv);
  if (root === undefined) return;
  const cur = st.vars.get(root);
  if (cur === undefined) return;
  st.vars.set(root, { ...cur, t: unionTaint(cur.t, t) });
  an.noteParamWrite(root, t, fr);
}
