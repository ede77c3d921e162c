import type { CallExpr } from './ir.ts';
import type { Analyzer } from './interpreter.ts';
import type { State } from './state.ts';
import type { Val } from './value.ts';
import { clean, isConstTable } from './value.ts';

/*
 * Values whose contents are fixed by the program: compiled regular expressions (so that a condition matching
 * data against one can be judged) and tables of constants (a lookup in them yields one of the constants,
 * whatever the key).
 */

const compilers = new Set(['compile', 'MustCompile', 'MustCompilePOSIX']);
const constructors = new Set(['RegExp', 'Regex', 'Regexp']);

/**
 * `Pattern.compile("^[a-z]+$")`, `re.compile(...)`, `regexp.MustCompile(...)`, `new Regex(...)`, `new RegExp(...)`
 * and regex literals: the pattern source, with `(?m)` in front when a flag makes `^` and `$` match at line
 * breaks. Undefined for other calls and for patterns not known as constants.
 */
export function compiledPattern(an: Analyzer, call: CallExpr, args: Val[]): Val | undefined {
  const isCompiler =
    (compilers.has(call.name) && call.recv !== undefined) ||
    (constructors.has(call.name) && (call.isNew === true || call.recv === undefined)) ||
    (call.name === 'new' && call.recv?.k === 'name' && constructors.has(call.recv.name));
  const src = args[0];
  if (!isCompiler || src?.hasC !== true || typeof src.c !== 'string') return undefined;
  const isMultiline = call.args.slice(1).some((e, i) => {
    const flag = args[i + 1];
    if (flag?.hasC === true) return typeof flag.c === 'string' && flag.c.includes('m');
    return /multiline|\bM\b/i.test(an.text(e));
  });
  return { pattern: isMultiline ? `(?m)${src.c}` : src.c, origin: call };
}

/** Whether a value is a table of constants, tracked on the heap or kept from a flattened field value. */
export function isConstTableVal(v: Val | undefined, st: State): boolean {
  if (v === undefined) return false;
  if (v.isConstTable === true) return true;
  const o = v.ref === undefined ? undefined : st.heap.get(v.ref);
  return o !== undefined && isConstTable(o, (ref) => st.heap.get(ref));
}

/**
 * `TABLE.get(key)` / `TABLE.getOrDefault(key, "x")` on a table of constants with a key that is not a constant:
 * the result is one of the table's values or the default. Lookups with a constant key are left to the precise
 * container model.
 */
export function constTableLookup(
  an: Analyzer,
  call: CallExpr,
  rv: Val | undefined,
  args: Val[],
  st: State,
): Val | undefined {
  if (args.length < 1 || args.length > 2 || args[0]!.hasC === true) return undefined;
  const m = an.model;
  if (!m.map.get.has(call.name) && !m.list.get.has(call.name)) return undefined;
  if (!isConstTableVal(rv, st)) return undefined;
  const def = args[1];
  if (def === undefined) return clean;
  const t = an.deepTaint(def, st);
  return t === undefined ? clean : { t };
}
