import type { CallMatcher, SinkSpec, SourceSpec, TaintRule, ValueCheck } from './spec.ts';

/** What the matcher needs to know about one call; the text parts are computed on demand. */
export interface CallFacts {
  name: string;
  isNew: boolean;
  hasReceiver: boolean;
  argCount: number;
  kwargNames: readonly string[];
  kwargConst: (name: string) => { known: boolean; value: unknown };
  calleeText: () => string;
  receiverTexts: () => readonly string[];
  receiverSources: () => readonly string[];
  argTexts: (index: number) => readonly string[];
  isAssignment: boolean;
}

/** A matcher with its regexes compiled. */
export interface CompiledMatcher {
  names?: ReadonlySet<string>;
  namePattern?: RegExp;
  receiver?: RegExp;
  receiverSource?: RegExp;
  callee?: RegExp;
  isNew?: boolean;
  isFunction?: boolean;
  minArgs?: number;
  kwarg?: CallMatcher['kwarg'];
  argMatches?: { index: number; regex: RegExp };
  isAssignment: boolean;
}

/** A compiled rule: which sources count, which sanitiser group it belongs to. */
export interface RuleInfo {
  rule: TaintRule;
  sourceIds: ReadonlySet<number>;
  /** Bit of the rule's sanitiser group (0 when it has none). */
  groupBit: number;
  /** Bits set by the checks the interpreter recognises in conditions that make the data harmless for this rule. */
  guardBits: number;
  check?: ValueCheck;
  checkRegex?: RegExp;
}

/**
 * Set on data that passed a containment check of a normalised path against a base directory
 * (`if (!p.normalize().startsWith(base)) return;`): harmless for path traversal rules only.
 */
export const pathConfinedBit = 1 << 30;
const pathCwes = new Set([22, 23, 36, 73]);

/** Rule tables for one rule list, indexed by call name for speed. */
export interface CompiledRules {
  infos: RuleInfo[];
  sources: { id: number; spec: SourceSpec; matcher?: CompiledMatcher }[];
  callSources: Indexed<number>;
  memberSources: Indexed<number>;
  exprSources: { id: number; regex: RegExp }[];
  paramSources: { id: number; annotation?: RegExp; type?: RegExp; name?: RegExp; owner?: RegExp }[];
  sinks: Indexed<{ ruleIndex: number; spec: SinkSpec }>;
  /** Sanitisers with the mask of the groups they clean. */
  sanitizers: Indexed<number>;
  /** Masks of the sanitisers matched by their name alone (`getFileName`), by name. */
  plainSanitizers: Map<string, number>;
  hasAssignmentSinks: boolean;
  /** Return sinks: functions whose declaration matches `declaration` send their result to `label`. */
  returnSinks: { ruleIndex: number; declaration: RegExp; classDeclaration?: RegExp; label: string }[];
}

/** Entries indexed by exact name, plus the ones that need a pattern test. */
export interface Indexed<T> {
  byName: Map<string, { matcher: CompiledMatcher; value: T }[]>;
  other: { matcher: CompiledMatcher; value: T }[];
}

const cache = new WeakMap<readonly TaintRule[], CompiledRules>();

/** Compiles (once per rule array) the rule tables. */
export function compileRules(rules: readonly TaintRule[]): CompiledRules {
  const hit = cache.get(rules);
  if (hit !== undefined) return hit;
  const out: CompiledRules = {
    infos: [],
    sources: [],
    callSources: emptyIndex(),
    memberSources: emptyIndex(),
    exprSources: [],
    paramSources: [],
    sinks: emptyIndex(),
    sanitizers: emptyIndex(),
    plainSanitizers: new Map(),
    hasAssignmentSinks: rules.some((r) => r.sinks.some((s) => s.isAssignment === true)),
    returnSinks: [],
  };
  const sourceIds = new Map<string, number>();
  const groupBits = new Map<string, number>();
  const sanitizerMasks = new Map<string, { matcher: CallMatcher; mask: number }>();
  rules.forEach((rule, ruleIndex) => {
    const ids = new Set<number>();
    for (const spec of rule.sources ?? []) ids.add(sourceId(spec, sourceIds, out));
    let groupBit = 0;
    if (rule.sanitizers !== undefined && rule.sanitizers.length > 0) {
      const key = JSON.stringify(rule.sanitizers);
      let bit = groupBits.get(key);
      if (bit === undefined && groupBits.size < 30) {
        bit = 1 << groupBits.size;
        groupBits.set(key, bit);
      }
      groupBit = bit ?? 0;
      for (const s of rule.sanitizers) {
        const sKey = JSON.stringify(s);
        const entry = sanitizerMasks.get(sKey) ?? { matcher: s, mask: 0 };
        entry.mask |= groupBit;
        sanitizerMasks.set(sKey, entry);
      }
    }
    const guardBits = rule.cwe.some((c) => pathCwes.has(c)) ? pathConfinedBit : 0;
    const info: RuleInfo = { rule, sourceIds: ids, groupBit, guardBits };
    if (rule.check !== undefined) {
      info.check = rule.check;
      if (rule.check.matches !== undefined) info.checkRegex = new RegExp(rule.check.matches, 'i');
    }
    out.infos.push(info);
    for (const spec of rule.sinks) addIndexed(out.sinks, spec, { ruleIndex, spec });
    for (const r of rule.returnSinks ?? []) {
      const sink: CompiledRules['returnSinks'][number] = {
        ruleIndex,
        declaration: new RegExp(r.declaration),
        label: r.label,
      };
      if (r.classDeclaration !== undefined) sink.classDeclaration = new RegExp(r.classDeclaration);
      out.returnSinks.push(sink);
    }
  });
  for (const { matcher, mask } of sanitizerMasks.values()) {
    addIndexed(out.sanitizers, matcher, mask);
    if (Object.keys(matcher).every((k) => k === 'names'))
      for (const name of matcher.names ?? [])
        out.plainSanitizers.set(name, (out.plainSanitizers.get(name) ?? 0) | mask);
  }
  cache.set(rules, out);
  return out;
}

function sourceId(spec: SourceSpec, ids: Map<string, number>, out: CompiledRules): number {
  const key = JSON.stringify(spec);
  const known = ids.get(key);
  if (known !== undefined) return known;
  const id = ids.size;
  ids.set(key, id);
  out.sources.push({ id, spec });
  if (spec.call !== undefined) addIndexed(out.callSources, spec.call, id);
  if (spec.member !== undefined) addIndexed(out.memberSources, spec.member, id);
  if (spec.expr !== undefined) out.exprSources.push({ id, regex: new RegExp(spec.expr) });
  if (spec.param !== undefined) {
    const p: CompiledRules['paramSources'][number] = { id };
    if (spec.param.annotation !== undefined) p.annotation = new RegExp(spec.param.annotation);
    if (spec.param.type !== undefined) p.type = new RegExp(spec.param.type);
    if (spec.param.name !== undefined) p.name = new RegExp(spec.param.name);
    if (spec.param.owner !== undefined) p.owner = new RegExp(spec.param.owner);
    out.paramSources.push(p);
  }
  return id;
}

function emptyIndex<T>(): Indexed<T> {
  return { byName: new Map(), other: [] };
}

function addIndexed<T>(index: Indexed<T>, m: CallMatcher, value: T): void {
  const matcher = compileMatcher(m);
  if (m.names !== undefined && m.names.length > 0) {
    for (const name of m.names) {
      const list = index.byName.get(name) ?? [];
      list.push({ matcher, value });
      index.byName.set(name, list);
    }
  } else {
    index.other.push({ matcher, value });
  }
}

function compileMatcher(m: CallMatcher): CompiledMatcher {
  const c: CompiledMatcher = { isAssignment: m.isAssignment === true };
  if (m.argMatches !== undefined)
    c.argMatches = { index: m.argMatches.index, regex: new RegExp(m.argMatches.pattern, 'i') };
  if (m.names !== undefined && m.names.length > 0) c.names = new Set(m.names);
  if (m.namePattern !== undefined) c.namePattern = new RegExp(m.namePattern);
  if (m.receiver !== undefined) c.receiver = new RegExp(m.receiver, 'i');
  if (m.receiverSource !== undefined) c.receiverSource = new RegExp(m.receiverSource);
  if (m.callee !== undefined) c.callee = new RegExp(m.callee, 'i');
  if (m.isNew !== undefined) c.isNew = m.isNew;
  if (m.isFunction !== undefined) c.isFunction = m.isFunction;
  if (m.minArgs !== undefined) c.minArgs = m.minArgs;
  if (m.kwarg !== undefined) c.kwarg = m.kwarg;
  return c;
}

/** Whether a compiled matcher accepts the call. */
export function matches(m: CompiledMatcher, call: CallFacts): boolean {
  if (m.isAssignment !== call.isAssignment) return false;
  if (m.names !== undefined && !m.names.has(call.name)) return false;
  if (m.namePattern !== undefined && !m.namePattern.test(call.name)) return false;
  if (m.isNew !== undefined && m.isNew !== call.isNew) return false;
  if (m.isFunction === true && call.hasReceiver) return false;
  if (m.minArgs !== undefined && call.argCount < m.minArgs) return false;
  if (m.kwarg !== undefined) {
    if (!call.kwargNames.includes(m.kwarg.name)) return false;
    if (m.kwarg.value !== undefined) {
      const v = call.kwargConst(m.kwarg.name);
      if (!v.known || v.value !== m.kwarg.value) return false;
    }
  }
  if (m.callee !== undefined && !m.callee.test(call.calleeText())) return false;
  if (m.receiver !== undefined) {
    if (!call.hasReceiver) return false;
    const re = m.receiver;
    if (!call.receiverTexts().some((t) => re.test(t))) return false;
  }
  if (m.receiverSource !== undefined) {
    const re = m.receiverSource;
    if (!call.hasReceiver || !call.receiverSources().some((t) => re.test(t))) return false;
  }
  if (m.argMatches !== undefined) {
    const { index, regex } = m.argMatches;
    if (!call.argTexts(index).some((t) => regex.test(t))) return false;
  }
  return true;
}

/** Every entry of an index whose matcher accepts the call. */
export function lookup<T>(index: Indexed<T>, call: CallFacts): T[] {
  const out: T[] = [];
  const named = index.byName.get(call.name);
  if (named !== undefined) for (const e of named) if (matches(e.matcher, call)) out.push(e.value);
  for (const e of index.other) if (matches(e.matcher, call)) out.push(e.value);
  return out;
}
