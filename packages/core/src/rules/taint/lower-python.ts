import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Expr, Func, Param, Program, Stmt } from './ir.ts';
import {
  emptyProgram,
  kids,
  kindOf,
  lazyFunc,
  moduleFunction,
  named,
  other,
  parseNumber,
  unescapeC,
} from './lower-util.ts';

/** Lowers a Python syntax tree. */
export function lowerPython(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new PythonLowering(p);
  p.functions.unshift(moduleFunction(lw.block(root), root));
  lw.moduleConstants(root);
  return p;
}

const skipKinds = new Set([
  'comment',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'pass_statement',
  'global_statement',
  'nonlocal_statement',
  'type_alias_statement',
]);

class PythonLowering {
  private tmp = 0;

  constructor(private readonly p: Program) {}

  block(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of named(n)) this.stmt(c, out, undefined);
    return out;
  }

  body(n: SgNode | null): Stmt[] {
    return n === null ? [] : kindOf(n) === 'block' ? this.block(n) : this.stmtList(n);
  }

  stmtList(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    this.stmt(n, out, undefined);
    return out;
  }

  stmt(n: SgNode, out: Stmt[], owner: string | undefined): void {
    const kind = kindOf(n);
    if (skipKinds.has(kind)) return;
    switch (kind) {
      case 'expression_statement':
        for (const c of named(n)) out.push(...this.exprStmt(c));
        return;
      case 'function_definition':
        this.p.functions.push(this.func(n, owner, []));
        return;
      case 'decorated_definition': {
        const decorators = named(n)
          .filter((c) => kindOf(c) === 'decorator')
          .map((d) => decoratorName(d));
        const def = n.field('definition');
        if (def === null) return;
        if (kindOf(def) === 'function_definition') this.p.functions.push(this.func(def, owner, decorators));
        else this.stmt(def, out, owner);
        return;
      }
      case 'class_definition':
        this.lowerClass(n);
        return;
      case 'if_statement': {
        const s: Extract<Stmt, { k: 'if' }> = {
          k: 'if',
          test: this.opt(n.field('condition')),
          then: this.body(n.field('consequence')),
        };
        let tail: Extract<Stmt, { k: 'if' }> = s;
        for (const alt of n.fieldChildren('alternative')) {
          if (kindOf(alt) === 'elif_clause') {
            const next: Extract<Stmt, { k: 'if' }> = {
              k: 'if',
              test: this.opt(alt.field('condition')),
              then: this.body(alt.field('consequence')),
            };
            tail.else = [next];
            tail = next;
          } else {
            tail.else = this.body(alt.field('body'));
          }
        }
        out.push(s);
        return;
      }
      case 'for_statement': {
        const left = n.field('left');
        const pre: Stmt[] = [];
        const names = this.loopNames(left, pre);
        const body = [...pre, ...this.body(n.field('body'))];
        out.push({ k: 'loop', each: { names, iter: this.opt(n.field('right')) }, body });
        return;
      }
      case 'while_statement':
        out.push({ k: 'loop', test: this.opt(n.field('condition')), body: this.body(n.field('body')) });
        return;
      case 'try_statement':
        out.push(this.tryStmt(n));
        return;
      case 'with_statement': {
        const body: Stmt[] = [];
        for (const clause of named(n)) {
          if (kindOf(clause) !== 'with_clause') continue;
          for (const item of named(clause)) {
            const value = item.field('value');
            if (value === null) continue;
            if (kindOf(value) === 'as_pattern') {
              const [inner, target] = named(value);
              const t = target === undefined ? undefined : named(target)[0];
              if (inner !== undefined && t !== undefined) this.assignPattern(t, this.expr(inner), body);
              else if (inner !== undefined) body.push({ k: 'expr', e: this.expr(inner) });
            } else body.push({ k: 'expr', e: this.expr(value) });
          }
        }
        body.push(...this.body(n.field('body')));
        out.push({ k: 'block', body });
        return;
      }
      case 'return_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'return' } : { k: 'return', e: this.expr(e) });
        return;
      }
      case 'raise_statement':
        out.push({ k: 'throw' });
        return;
      case 'break_statement':
        out.push({ k: 'break' });
        return;
      case 'continue_statement':
        out.push({ k: 'continue' });
        return;
      case 'block':
        out.push({ k: 'block', body: this.block(n) });
        return;
      case 'delete_statement':
      case 'assert_statement':
      case 'print_statement':
      case 'exec_statement':
        out.push({
          k: 'expr',
          e: other(
            named(n).map((c) => this.expr(c)),
            n,
          ),
        });
        return;
      default:
        if (n.isNamed()) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  exprStmt(n: SgNode): Stmt[] {
    const kind = kindOf(n);
    if (kind === 'assignment') {
      const out: Stmt[] = [];
      const left = n.field('left');
      const right = n.field('right');
      if (left === null || right === null) return out;
      // `a = b = value`: the right side is itself an assignment.
      const value = kindOf(right) === 'assignment' ? this.chain(right, out) : this.expr(right);
      this.assignPattern(left, value, out);
      return out;
    }
    if (kind === 'augmented_assignment') {
      const left = n.field('left');
      const right = n.field('right');
      const op = n.field('operator')?.text() ?? '+=';
      if (left === null || right === null) return [];
      return [
        { k: 'expr', e: { k: 'assign', target: this.expr(left), op, value: this.expr(right), node: n } },
      ];
    }
    return [{ k: 'expr', e: this.expr(n) }];
  }

  chain(n: SgNode, out: Stmt[]): Expr {
    const left = n.field('left');
    const right = n.field('right');
    if (left === null || right === null) return other([], n);
    const value = kindOf(right) === 'assignment' ? this.chain(right, out) : this.expr(right);
    this.assignPattern(left, value, out);
    return this.expr(left);
  }

  /** Assigns to a name, attribute, subscript or tuple pattern. */
  assignPattern(target: SgNode, value: Expr, out: Stmt[]): void {
    const kind = kindOf(target);
    if (
      kind === 'pattern_list' ||
      kind === 'tuple_pattern' ||
      kind === 'list_pattern' ||
      kind === 'tuple' ||
      kind === 'list' ||
      kind === 'expression_list'
    ) {
      const targets = named(target);
      if (value.k === 'array' && value.items.length === targets.length) {
        const temps = value.items.map((item) => {
          const t = `$tmp${this.tmp++}`;
          out.push({ k: 'decl', name: t, init: item });
          return t;
        });
        targets.forEach((t, i) => this.assignPattern(t, { k: 'name', name: temps[i]! }, out));
        return;
      }
      const t = `$tmp${this.tmp++}`;
      out.push({ k: 'decl', name: t, init: value });
      targets.forEach((tg, i) => {
        const inner = kindOf(tg) === 'list_splat_pattern' ? (named(tg)[0] ?? tg) : tg;
        this.assignPattern(
          inner,
          { k: 'index', obj: { k: 'name', name: t }, index: { k: 'lit', v: i } },
          out,
        );
      });
      return;
    }
    if (kind === 'identifier') {
      out.push({ k: 'decl', name: target.text(), init: value, node: target });
      return;
    }
    out.push({ k: 'expr', e: { k: 'assign', target: this.expr(target), op: '=', value, node: target } });
  }

  loopNames(left: SgNode | null, pre: Stmt[]): string[] {
    if (left === null) return [];
    if (kindOf(left) === 'identifier') return [left.text()];
    const t = `$each${this.tmp++}`;
    const targets = named(left);
    // `for k, v in pairs`: every name gets the element's data.
    for (const tg of targets)
      if (kindOf(tg) === 'identifier') pre.push({ k: 'decl', name: tg.text(), init: { k: 'name', name: t } });
    return [t];
  }

  tryStmt(n: SgNode): Stmt {
    let body: Stmt[] = [];
    const catches: { name?: string; body: Stmt[] }[] = [];
    let fin: Stmt[] | undefined;
    const elseBody: Stmt[] = [];
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'block') body = this.block(c);
      else if (k === 'except_clause' || k === 'except_group_clause') {
        let name: string | undefined;
        const value = c.field('value') ?? named(c).find((x) => kindOf(x) === 'as_pattern') ?? null;
        if (value !== null && kindOf(value) === 'as_pattern')
          name = named(named(value)[1] ?? value)[0]?.text();
        const b = named(c).find((x) => kindOf(x) === 'block');
        const stmts = b === undefined ? [] : this.block(b);
        catches.push(name === undefined ? { body: stmts } : { name, body: stmts });
      } else if (k === 'finally_clause') {
        const b = named(c).find((x) => kindOf(x) === 'block');
        fin = b === undefined ? [] : this.block(b);
      } else if (k === 'else_clause') {
        elseBody.push(...this.body(c.field('body')));
      }
    }
    const s: Stmt = { k: 'try', body: [...body, ...elseBody], catches };
    if (fin !== undefined) s.fin = fin;
    return s;
  }

  /**
   * Module constants (upper-case names bound once at the top level, `ALLOWED = {...}`,
   * `PATTERN = re.compile(...)`) are visible in every function, like class fields.
   */
  moduleConstants(root: SgNode): void {
    const bound = new Map<string, SgNode | undefined>();
    for (const m of named(root)) {
      const a = kindOf(m) === 'expression_statement' ? named(m)[0] : undefined;
      if (a === undefined || kindOf(a) !== 'assignment') continue;
      const left = a.field('left');
      const right = a.field('right');
      if (left === null || kindOf(left) !== 'identifier' || !/^[A-Z][A-Z0-9_]*$/.test(left.text())) continue;
      bound.set(left.text(), bound.has(left.text()) || right === null ? undefined : right);
    }
    for (const [name, right] of bound) {
      if (right !== undefined && !this.p.fields.has(name)) this.p.fields.set(name, this.expr(right));
    }
  }

  lowerClass(n: SgNode): void {
    const name = n.field('name')?.text() ?? '<class>';
    this.p.classNames.add(name);
    const body = n.field('body');
    for (const m of body === null ? [] : named(body)) {
      const k = kindOf(m);
      if (k === 'function_definition') this.p.functions.push(this.func(m, name, []));
      else if (k === 'decorated_definition') this.stmt(m, [], name);
      else if (k === 'class_definition') this.lowerClass(m);
      else if (k === 'expression_statement') {
        const a = named(m)[0];
        if (a === undefined || kindOf(a) !== 'assignment') continue;
        const left = a.field('left');
        const right = a.field('right');
        if (left === null || right === null || kindOf(left) !== 'identifier') continue;
        const e = this.expr(right);
        if (!this.p.fields.has(left.text())) this.p.fields.set(left.text(), e);
        this.p.fields.set(`${name}.${left.text()}`, e);
      }
    }
  }

  func(n: SgNode, owner: string | undefined, decorators: string[]): Func {
    const params: Param[] = [];
    const ps = n.field('parameters');
    for (const fp of ps === null ? [] : named(ps)) {
      const p = this.param(fp);
      if (p !== undefined) params.push(p);
    }
    const isStatic = decorators.includes('staticmethod');
    if (
      owner !== undefined &&
      !isStatic &&
      params.length > 0 &&
      (params[0]!.name === 'self' || params[0]!.name === 'cls')
    )
      params.shift();
    if (decorators.length > 0) for (const p of params) p.annotations = decorators;
    const bodyNode = n.field('body');
    const f = lazyFunc({ name: n.field('name')?.text() ?? '<function>', params, node: n }, () =>
      this.body(bodyNode),
    );
    if (owner !== undefined) f.owner = owner;
    return f;
  }

  param(fp: SgNode): Param | undefined {
    const kind = kindOf(fp);
    if (kind === 'identifier') return { name: fp.text() };
    if (kind === 'typed_parameter') {
      const id = named(fp).find((c) => kindOf(c) === 'identifier' || kindOf(c).endsWith('splat_pattern'));
      const type = fp.field('type')?.text();
      if (id === undefined) return undefined;
      const name = kindOf(id) === 'identifier' ? id.text() : (named(id)[0]?.text() ?? '_');
      return type === undefined ? { name } : { name, type };
    }
    if (kind === 'default_parameter' || kind === 'typed_default_parameter') {
      const name = fp.field('name')?.text();
      const value = fp.field('value');
      if (name === undefined) return undefined;
      const p: Param = { name };
      const type = fp.field('type')?.text();
      if (type !== undefined) p.type = type;
      if (value !== null) {
        p.init = this.expr(value);
        // FastAPI style: `q: str = Query(...)` marks a request-bound parameter.
        if (kindOf(value) === 'call') p.annotations = [value.field('function')?.text() ?? ''];
      }
      return p;
    }
    if (kind === 'list_splat_pattern' || kind === 'dictionary_splat_pattern') {
      const id = named(fp)[0];
      return id === undefined ? undefined : { name: id.text(), isRest: true };
    }
    return undefined;
  }

  opt(n: SgNode | null): Expr {
    return n === null ? other([]) : this.expr(n);
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'identifier':
        return { k: 'name', name: n.text(), node: n };
      case 'string':
        return this.string(n);
      case 'concatenated_string': {
        const parts = named(n).map((c) => this.string(c));
        return parts.reduce((a, b) => ({ k: 'bin', op: '+', l: a, r: b }), { k: 'lit', v: '' } as Expr);
      }
      case 'integer':
      case 'float': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'true':
        return { k: 'lit', v: true, node: n };
      case 'false':
        return { k: 'lit', v: false, node: n };
      case 'none':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_expression':
      case 'await': {
        const inner = named(n)[0];
        return inner === undefined ? other([], n) : this.expr(inner);
      }
      case 'attribute': {
        const obj = n.field('object');
        const attr = n.field('attribute');
        if (obj === null || attr === null) return other([], n);
        return { k: 'field', obj: this.expr(obj), name: attr.text(), node: n };
      }
      case 'subscript': {
        const value = n.field('value');
        const sub = n.field('subscript');
        if (value === null || sub === null) return other([], n);
        return { k: 'index', obj: this.expr(value), index: this.expr(sub), node: n };
      }
      case 'call':
        return this.call(n);
      case 'binary_operator': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        return {
          k: 'bin',
          op: n.field('operator')?.text() ?? '+',
          l: this.expr(l),
          r: this.expr(r),
          node: n,
        };
      }
      case 'boolean_operator': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        const op = n.field('operator')?.text() === 'and' ? '&&' : '||';
        return { k: 'bin', op, l: this.expr(l), r: this.expr(r), node: n };
      }
      case 'comparison_operator': {
        const ks = kids(n);
        const l = ks[0];
        const r = ks[ks.length - 1];
        if (l === undefined || r === undefined || ks.length < 3) return other([], n);
        const op = ks
          .slice(1, -1)
          .map((c) => c.text())
          .join(' ');
        return {
          k: 'bin',
          op: op === 'is' ? '===' : op === 'is not' ? '!==' : op,
          l: this.expr(l),
          r: this.expr(r),
          node: n,
        };
      }
      case 'not_operator': {
        const arg = n.field('argument');
        return arg === null ? other([], n) : { k: 'un', op: '!', x: this.expr(arg), node: n };
      }
      case 'unary_operator': {
        const arg = n.field('argument');
        return arg === null
          ? other([], n)
          : { k: 'un', op: n.field('operator')?.text() ?? '-', x: this.expr(arg), node: n };
      }
      case 'conditional_expression': {
        const [then, test, els] = named(n);
        if (then === undefined || test === undefined || els === undefined) return other([], n);
        return { k: 'cond', test: this.expr(test), then: this.expr(then), else: this.expr(els), node: n };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return { k: 'array', items: named(n).map((c) => this.expr(c)), node: n };
      case 'dictionary':
        return this.dict(n);
      case 'lambda': {
        const params: Param[] = [];
        const ps = n.field('parameters');
        for (const fp of ps === null ? [] : named(ps)) {
          const p = this.param(fp);
          if (p !== undefined) params.push(p);
        }
        const body = n.field('body');
        return {
          k: 'fn',
          fn: {
            name: '<lambda>',
            params,
            body: body === null ? [] : [{ k: 'return', e: this.expr(body) }],
            isLambda: true,
          },
          node: n,
        };
      }
      case 'named_expression': {
        const name = n.field('name');
        const value = n.field('value');
        if (name === null || value === null) return other([], n);
        return {
          k: 'assign',
          target: { k: 'name', name: name.text() },
          op: '=',
          value: this.expr(value),
          node: n,
        };
      }
      case 'list_splat':
      case 'dictionary_splat':
      case 'keyword_argument': {
        const inner = n.field('value') ?? named(n)[0] ?? null;
        return this.opt(inner);
      }
      default:
        return other(
          named(n)
            .filter((c) => kindOf(c) !== 'comment')
            .map((c) => this.expr(c)),
          n,
        );
    }
  }

  string(n: SgNode): Expr {
    let prefix = '';
    let acc: Expr | undefined;
    for (const c of kids(n)) {
      const k = kindOf(c);
      let part: Expr | undefined;
      if (k === 'string_start') prefix = c.text().toLowerCase();
      else if (k === 'string_content')
        part = { k: 'lit', v: prefix.includes('r') ? c.text() : unescapeC(c.text()) };
      else if (k === 'escape_sequence') part = { k: 'lit', v: unescapeC(c.text()) };
      else if (k === 'interpolation') {
        const inner = c.field('expression') ?? named(c)[0] ?? null;
        if (inner !== null) part = this.expr(inner);
      }
      if (part !== undefined) acc = acc === undefined ? part : { k: 'bin', op: '+', l: acc, r: part };
    }
    if (acc === undefined) return { k: 'lit', v: '', node: n };
    if (acc.k === 'lit') return { ...acc, node: n };
    return { k: 'bin', op: '+', l: { k: 'lit', v: '' }, r: acc, node: n };
  }

  dict(n: SgNode): Expr {
    const entries: { key: Expr; value: Expr }[] = [];
    const spread: Expr[] = [];
    for (const c of named(n)) {
      if (kindOf(c) === 'pair') {
        const key = c.field('key');
        const value = c.field('value');
        if (key !== null && value !== null) entries.push({ key: this.expr(key), value: this.expr(value) });
      } else spread.push(this.expr(c));
    }
    const d: Expr = { k: 'dict', entries, node: n };
    return spread.length === 0 ? d : { k: 'other', parts: [d, ...spread], node: n };
  }

  call(n: SgNode): Expr {
    const fn = n.field('function');
    const argsNode = n.field('arguments');
    const args: Expr[] = [];
    const kwargs: { name: string; value: Expr }[] = [];
    for (const a of argsNode === null ? [] : named(argsNode)) {
      const k = kindOf(a);
      if (k === 'keyword_argument') {
        const name = a.field('name')?.text();
        const value = a.field('value');
        if (name !== undefined && value !== null) kwargs.push({ name, value: this.expr(value) });
      } else if (k !== 'comment') args.push(this.expr(a));
    }
    const call: CallExpr = { k: 'call', name: '?', args, node: n };
    if (kwargs.length > 0) call.kwargs = kwargs;
    if (fn === null) return other(args, n);
    const fk = kindOf(fn);
    if (fk === 'attribute') {
      const obj = fn.field('object');
      call.name = fn.field('attribute')?.text() ?? '?';
      if (obj !== null) call.recv = this.expr(obj);
    } else if (fk === 'identifier') {
      call.name = fn.text();
    } else {
      call.name = '<dynamic>';
      call.recv = this.expr(fn);
    }
    return call;
  }
}

function decoratorName(d: SgNode): string {
  const inner = named(d)[0];
  if (inner === undefined) return '';
  const target = kindOf(inner) === 'call' ? inner.field('function') : inner;
  return target?.text() ?? '';
}
