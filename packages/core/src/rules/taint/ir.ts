import type { SgNode } from '@ast-grep/napi';

/**
 * A small, language-neutral intermediate form of the code the taint engine interprets. Each language's
 * lowering turns its syntax tree into these shapes; anything a lowering does not understand becomes an
 * `other` expression whose taint is the union of its parts, so unknown syntax never loses a flow.
 */
export type Const = string | number | boolean | null;

/** An expression. `node` is kept for reporting locations. */
export type Expr =
  | { k: 'lit'; v: Const; node?: SgNode }
  | { k: 'name'; name: string; node?: SgNode }
  | { k: 'this'; node?: SgNode }
  | { k: 'field'; obj: Expr; name: string; node?: SgNode }
  | { k: 'index'; obj: Expr; index: Expr; node?: SgNode }
  | CallExpr
  | { k: 'bin'; op: string; l: Expr; r: Expr; node?: SgNode }
  | { k: 'un'; op: string; x: Expr; node?: SgNode }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; node?: SgNode }
  | { k: 'assign'; target: Expr; op: string; value: Expr; node?: SgNode }
  | { k: 'array'; items: Expr[]; node?: SgNode }
  | { k: 'dict'; entries: { key: Expr; value: Expr }[]; node?: SgNode }
  | { k: 'cast'; type: string; x: Expr; node?: SgNode }
  | { k: 'fn'; fn: Func; node?: SgNode }
  | { k: 'seq'; before: Stmt[]; x: Expr; node?: SgNode }
  | { k: 'other'; parts: Expr[]; node?: SgNode };

/** A call, a method call (`recv` set) or an object construction (`isNew`). */
export interface CallExpr {
  k: 'call';
  /** The receiver of a method call; undefined for plain function calls. */
  recv?: Expr;
  /** Method, function or (for `isNew`) simple class name. */
  name: string;
  /**
   * Full callee text when it is not `receiver.name`: the written type for `isNew` (`java.io.File`), the
   * dotted path of a function reference. Otherwise computed from the receiver's text on demand.
   */
  qualified?: string;
  args: Expr[];
  /** Keyword arguments (Python, Ruby hash arguments, C# named arguments). */
  kwargs?: { name: string; value: Expr }[];
  isNew?: boolean;
  /** Class body of an anonymous class. */
  body?: Func[];
  node?: SgNode;
}

/** A statement. */
export type Stmt =
  | { k: 'expr'; e: Expr }
  | { k: 'decl'; name: string; type?: string; init?: Expr; node?: SgNode }
  | { k: 'if'; test: Expr; then: Stmt[]; else?: Stmt[] }
  | {
      k: 'loop';
      init?: Stmt[];
      test?: Expr;
      update?: Expr[];
      body: Stmt[];
      /** For-each: the loop variable(s) take elements of `iter`. */
      each?: { names: string[]; type?: string; iter: Expr; isKeys?: boolean };
      isDoWhile?: boolean;
    }
  | { k: 'switch'; disc: Expr; cases: SwitchCase[]; isArrow?: boolean }
  | { k: 'return'; e?: Expr }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'throw'; e?: Expr }
  | { k: 'try'; body: Stmt[]; catches: { name?: string; body: Stmt[] }[]; fin?: Stmt[] }
  | { k: 'block'; body: Stmt[] }
  /** A sink-like statement without a call (PHP `echo`, `include`). */
  | { k: 'emit'; name: string; args: Expr[]; node?: SgNode };

/** One `case` group; empty `tests` is the default case. */
export interface SwitchCase {
  tests: Expr[];
  body: Stmt[];
}

/** A function, method, constructor or lambda. */
export interface Func {
  name: string;
  params: Param[];
  body: Stmt[];
  /** Simple name of the class or module the function belongs to. */
  owner?: string;
  /** For expression-bodied lambdas. */
  isLambda?: boolean;
  node?: SgNode;
}

/** A formal parameter. */
export interface Param {
  name: string;
  type?: string;
  /** Annotation / decorator names (`RequestParam`, `FromQuery`). */
  annotations?: string[];
  /** Default value expression (Python, PHP, JS). */
  init?: Expr;
  isRest?: boolean;
}

/** The lowered file. Top-level statements (scripts) become a function named `<module>`. */
export interface Program {
  /** Every named function and method of the file, nested ones included. */
  functions: Func[];
  /** Field / module-level initialisers by name, and by `Class.name`. */
  fields: Map<string, Expr>;
  /** Names of the classes declared in the file. */
  classNames: Set<string>;
  /**
   * Instance fields declared without a value, by class: what they hold is the object's own data (set by its
   * constructor, its setters or a framework binding a request to it), so a method reading one returns part of
   * its receiver. Each maps to its declared type (simple name), when given.
   */
  objectFields: Map<string, Map<string, string | undefined>>;
  /** Names of the enums declared in the file: `Kind.valueOf(text)` yields one of their constants or throws. */
  enumNames: Set<string>;
  /** Single-type imports by simple name (`Period` -> `com.acme.billing.Period`). */
  imports: Map<string, string>;
}
