import type { RuleMeta } from '../types.ts';
import type { Const } from './ir.ts';

/**
 * Matches a call. All given conditions must hold. Regexes are JavaScript regular-expression sources;
 * `receiver` and `callee` are matched case-insensitively.
 * `receiver` is tested against what is known about the receiver: its static type (simple and qualified
 * name), the text of the call that produced it (`response.getWriter()`) and its own source text.
 */
export interface CallMatcher {
  /** Method, function or (with `isNew`) class names, matched exactly against the simple name. */
  names?: readonly string[];
  /** Regex over the simple method / function / class name, when a list is impractical. */
  namePattern?: string;
  /** Regex the receiver must match (see above). A call without receiver never matches. */
  receiver?: string;
  /**
   * Regex over the receiver's full source text, arguments included, and that of the call that produced it
   * (`ResponseEntity.ok().contentType(MediaType.TEXT_HTML)` for `.body(html)`).
   */
  receiverSource?: string;
  /** Regex over the callee text (`os.system`, `ESAPI.encoder().encodeForHTML`, `java.io.File`). */
  callee?: string;
  /** `true`: constructions only (`new X(...)`); `false`: no constructions. Unset: both. */
  isNew?: boolean;
  /** Plain function calls only (no receiver). */
  isFunction?: boolean;
  /** Minimum number of positional arguments. */
  minArgs?: number;
  /** A keyword argument that must be present, optionally with a constant value (`shell=True`). */
  kwarg?: { name: string; value?: Const };
  /** An argument that must match (like `receiver`: its type, producing call or text), e.g. the writer of `Fprintf`. */
  argMatches?: { index: number; pattern: string };
  /**
   * Matches an assignment to a property instead of a call (`el.innerHTML = x`, `cmd.CommandText = q`): `names`
   * are property names, `receiver` the object, and the assigned value is argument 0.
   */
  isAssignment?: boolean;
}

/** Where untrusted data enters. */
export interface SourceSpec {
  /** A short name used in messages (`HTTP request parameter`). */
  label: string;
  /** Calls whose result is untrusted. */
  call?: CallMatcher;
  /** Property reads whose value is untrusted (`r.Form` on an `http.Request`): `names` are property names. */
  member?: CallMatcher;
  /**
   * Regex over the source text of a name, member or index expression whose value is untrusted
   * (`^\$_(GET|POST)$`, `^req\.(query|body|params)$`). The innermost matching expression is the source.
   */
  expr?: string;
  /**
   * Function parameters that carry untrusted data (framework-bound handler parameters): by annotation /
   * decorator, declared type, name, or the name of the class owning the method (constructors excluded).
   */
  param?: { annotation?: string; type?: string; name?: string; owner?: string };
}

/** A call whose arguments must not carry untrusted data. */
export interface SinkSpec extends CallMatcher {
  /** Positions of the dangerous arguments (0-based); unset: every argument. */
  args?: readonly number[];
  /** Dangerous keyword arguments. */
  kwargs?: readonly string[];
  /** The receiver itself is dangerous when tainted (`"cmd".exec` style APIs, template objects). */
  isReceiverSink?: boolean;
}

/** A check on resolved values at a call, instead of taint. */
export interface ValueCheck {
  /** Argument position whose resolved value is checked. */
  arg: number;
  /** Regex (case-insensitive) the resolved constant must match for a hit. */
  matches?: string;
  /**
   * The object at `arg` must have had `method` called with `value` before the call; a hit when the call is
   * missing or had another value. Only objects constructed in the same function are checked.
   */
  requires?: { method: string; value: Const };
}

/**
 * A data-flow rule. With `sources`, a hit is a source's data reaching a sink argument within a function
 * (through same-file helper functions too) without passing one of the `sanitizers`. With `check`, a hit is a
 * sink call whose resolved argument fails the check (weak algorithm names, cookies without the secure flag).
 */
export interface TaintRule extends RuleMeta {
  kind: 'taint';
  sources?: readonly SourceSpec[];
  sinks: readonly SinkSpec[];
  sanitizers?: readonly CallMatcher[];
  check?: ValueCheck;
  /**
   * Functions whose returned value is a sink, by a regex over their declaration up to the body (annotations,
   * modifiers, signature): handlers that answer with what they return, such as a Spring method that produces
   * text/html.
   */
  returnSinks?: readonly {
    declaration: string;
    /** A further regex the declaration of the function's class must match (`@RequestMapping(produces = ...)`). */
    classDeclaration?: string;
    label: string;
  }[];
}
