import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Expr, Func, Param, Program, Stmt, SwitchCase } from './ir.ts';
import {
  emptyProgram,
  kindOf,
  lazyFunc,
  moduleFunction,
  named,
  other,
  parseNumber,
  regexLiteral,
  unescapeC,
} from './lower-util.ts';

/**
 * Lowers a Ruby syntax tree. A bare identifier that is not a local variable is a method call (`params`), the
 * last expression of a method is its return value, and blocks of iteration methods bind their parameters to
 * the receiver's elements.
 */
export function lowerRuby(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new RubyLowering(p);
  p.functions.unshift(moduleFunction(lw.statements(named(root)), root));
  return p;
}

const iterators = new Set([
  'each',
  'map',
  'collect',
  'select',
  'filter',
  'reject',
  'each_with_index',
  'each_with_object',
  'flat_map',
  'find',
  'detect',
  'each_value',
  'each_pair',
  'each_key',
  'filter_map',
  'sum',
  'group_by',
  'partition',
  'sort_by',
  'min_by',
  'max_by',
  'any?',
  'all?',
]);

class RubyLowering {
  private tmp = 0;
  private locals = new Set<string>();

  constructor(private readonly p: Program) {}

  statements(nodes: SgNode[]): Stmt[] {
    const out: Stmt[] = [];
    for (const n of nodes) this.stmt(n, out);
    return out;
  }

  body(n: SgNode | null): Stmt[] {
    if (n === null) return [];
    const k = kindOf(n);
    if (
      k === 'body_statement' ||
      k === 'then' ||
      k === 'else' ||
      k === 'do' ||
      k === 'block_body' ||
      k === 'ensure' ||
      k === 'begin_block' ||
      k === 'parenthesized_statements'
    ) {
      return this.statements(named(n));
    }
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  stmt(n: SgNode, out: Stmt[]): void {
    const kind = kindOf(n);
    switch (kind) {
      case 'comment':
      case 'empty_statement':
        return;
      case 'method':
      case 'singleton_method':
        this.p.functions.push(this.method(n, undefined));
        return;
      case 'class':
      case 'module':
      case 'singleton_class':
        this.lowerClass(n);
        return;
      case 'if':
      case 'unless':
      case 'elsif': {
        let test = this.opt(n.field('condition'));
        if (kind === 'unless') test = { k: 'un', op: '!', x: test };
        const s: Extract<Stmt, { k: 'if' }> = { k: 'if', test, then: this.body(n.field('consequence')) };
        const alt = n.field('alternative');
        if (alt !== null) s.else = kindOf(alt) === 'elsif' ? this.stmtList(alt) : this.body(alt);
        out.push(s);
        return;
      }
      case 'if_modifier':
      case 'unless_modifier': {
        let test = this.opt(n.field('condition'));
        if (kind === 'unless_modifier') test = { k: 'un', op: '!', x: test };
        out.push({ k: 'if', test, then: this.body(n.field('body')) });
        return;
      }
      case 'while':
      case 'until':
      case 'while_modifier':
      case 'until_modifier': {
        let test = this.opt(n.field('condition'));
        if (kind.startsWith('until')) test = { k: 'un', op: '!', x: test };
        out.push({ k: 'loop', test, body: this.body(n.field('body')) });
        return;
      }
      case 'for': {
        const pattern = n.field('pattern');
        const names =
          pattern === null
            ? []
            : (kindOf(pattern) === 'identifier' ? [pattern] : named(pattern)).map((x) => x.text());
        for (const nm of names) this.locals.add(nm);
        const value = n.field('value');
        const iter = value === null ? other([]) : this.expr(named(value)[0] ?? value);
        out.push({ k: 'loop', each: { names, iter }, body: this.body(n.field('body')) });
        return;
      }
      case 'case':
        out.push(this.caseStmt(n));
        return;
      case 'begin':
        out.push(this.begin(n));
        return;
      case 'return': {
        const arg = named(n)[0];
        out.push(arg === undefined ? { k: 'return' } : { k: 'return', e: this.list(arg) });
        return;
      }
      case 'break':
        out.push({ k: 'break' });
        return;
      case 'next':
        out.push({ k: 'continue' });
        return;
      case 'body_statement':
      case 'parenthesized_statements':
        out.push({ k: 'block', body: this.body(n) });
        return;
      default:
        if (n.isNamed()) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  stmtList(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  caseStmt(n: SgNode): Stmt {
    const cases: SwitchCase[] = [];
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'when') {
        const tests = c.fieldChildren('pattern').map((p) => this.opt(named(p)[0] ?? p));
        cases.push({ tests, body: this.body(c.field('body')) });
      } else if (k === 'else') {
        cases.push({ tests: [], body: this.body(c) });
      }
    }
    return { k: 'switch', disc: this.opt(n.field('value')), cases, isArrow: true };
  }

  begin(n: SgNode): Stmt {
    const body: Stmt[] = [];
    const catches: { name?: string; body: Stmt[] }[] = [];
    let fin: Stmt[] | undefined;
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'rescue') {
        const v = named(c).find((x) => kindOf(x) === 'exception_variable');
        const name = v === undefined ? undefined : named(v)[0]?.text();
        const b = this.body(c.field('body'));
        catches.push(name === undefined ? { body: b } : { name, body: b });
      } else if (k === 'ensure') fin = this.body(c);
      else if (k === 'else') body.push(...this.body(c));
      else this.stmt(c, body);
    }
    const s: Stmt = { k: 'try', body, catches };
    if (fin !== undefined) s.fin = fin;
    return s;
  }

  lowerClass(n: SgNode): void {
    const name = n.field('name')?.text() ?? '<class>';
    this.p.classNames.add(name.slice(name.lastIndexOf(':') + 1));
    const body = n.field('body');
    for (const m of body === null ? [] : named(body)) {
      const k = kindOf(m);
      if (k === 'method' || k === 'singleton_method') this.p.functions.push(this.method(m, name));
      else if (k === 'class' || k === 'module') this.lowerClass(m);
      else if (k === 'assignment') {
        const left = m.field('left');
        const right = m.field('right');
        if (left === null || right === null || kindOf(left) !== 'constant') continue;
        const e = this.expr(right);
        this.p.fields.set(left.text(), e);
        this.p.fields.set(`${name}.${left.text()}`, e);
      }
    }
  }

  method(n: SgNode, owner: string | undefined): Func {
    const saved = this.locals;
    this.locals = new Set();
    const params = this.params(n.field('parameters'));
    const locals = this.locals;
    this.locals = saved;
    const head: Omit<Func, 'body'> = { name: n.field('name')?.text() ?? '<method>', params, node: n };
    if (owner !== undefined) head.owner = owner;
    return lazyFunc(head, () => this.withLocals(locals, () => implicitReturn(this.body(n.field('body')))));
  }

  /** Lowers with a given set of local variables (lazy bodies run after the enclosing scope moved on). */
  withLocals<T>(locals: Set<string>, run: () => T): T {
    const saved = this.locals;
    this.locals = new Set(locals);
    try {
      return run();
    } finally {
      this.locals = saved;
    }
  }

  params(ps: SgNode | null): Param[] {
    const out: Param[] = [];
    for (const fp of ps === null ? [] : named(ps)) {
      const k = kindOf(fp);
      const nameNode = k === 'identifier' ? fp : fp.field('name');
      if (nameNode === null) continue;
      const p: Param = { name: nameNode.text() };
      const value = fp.field('value');
      if (value !== null) p.init = this.expr(value);
      if (k === 'splat_parameter' || k === 'hash_splat_parameter' || k === 'block_parameter') p.isRest = true;
      if (k === 'keyword_parameter') p.init ??= { k: 'lit', v: null };
      this.locals.add(p.name);
      out.push(p);
    }
    return out;
  }

  list(n: SgNode): Expr {
    if (kindOf(n) !== 'argument_list') return this.expr(n);
    const items = named(n).map((c) => this.expr(c));
    return items.length === 1 ? items[0]! : { k: 'array', items };
  }

  opt(n: SgNode | null): Expr {
    return n === null ? other([]) : this.expr(n);
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'identifier': {
        const name = n.text();
        if (this.locals.has(name)) return { k: 'name', name, node: n };
        return { k: 'call', name, args: [], node: n };
      }
      case 'constant':
      case 'instance_variable':
      case 'class_variable':
      case 'global_variable':
        return { k: 'name', name: n.text(), node: n };
      case 'self':
        return { k: 'this', node: n };
      case 'string':
      case 'subshell':
      case 'heredoc_body': {
        const value = this.interpolated(n);
        return kind === 'subshell' ? { k: 'call', name: '`', args: [value], node: n } : value;
      }
      case 'simple_symbol':
      case 'hash_key_symbol':
        return { k: 'lit', v: n.text().replace(/^:/, ''), node: n };
      case 'delimited_symbol':
        return this.interpolated(n);
      case 'integer':
      case 'float': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'true':
        return { k: 'lit', v: true, node: n };
      case 'false':
        return { k: 'lit', v: false, node: n };
      case 'nil':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_statements': {
        const stmts = this.body(n);
        const last = stmts.pop();
        if (last === undefined) return other([], n);
        return last.k === 'expr'
          ? { k: 'seq', before: stmts, x: last.e, node: n }
          : { k: 'seq', before: [...stmts, last], x: other([]), node: n };
      }
      case 'assignment':
        return this.assignment(n);
      case 'operator_assignment': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        if (kindOf(l) === 'identifier') this.locals.add(l.text());
        const op = n.field('operator')?.text() ?? '+=';
        return {
          k: 'assign',
          target: this.target(l),
          op: op === '||=' ? '??=' : op,
          value: this.expr(r),
          node: n,
        };
      }
      case 'binary': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        const op = n.field('operator')?.text() ?? '+';
        if (op === '<<') return { k: 'call', recv: this.expr(l), name: '<<', args: [this.expr(r)], node: n };
        const mapped = op === 'and' ? '&&' : op === 'or' ? '||' : op;
        return { k: 'bin', op: mapped, l: this.expr(l), r: this.expr(r), node: n };
      }
      case 'unary': {
        const operand = n.field('operand');
        const op = n.field('operator')?.text() ?? '!';
        return operand === null
          ? other([], n)
          : { k: 'un', op: op === 'not' ? '!' : op, x: this.expr(operand), node: n };
      }
      case 'conditional':
        return {
          k: 'cond',
          test: this.opt(n.field('condition')),
          then: this.opt(n.field('consequence')),
          else: this.opt(n.field('alternative')),
          node: n,
        };
      case 'element_reference': {
        const obj = n.field('object');
        const idx = named(n).filter((c) => obj === null || c.id() !== obj.id());
        if (obj === null) return other([], n);
        return {
          k: 'index',
          obj: this.expr(obj),
          index: idx[0] === undefined ? { k: 'lit', v: null } : this.expr(idx[0]),
          node: n,
        };
      }
      case 'scope_resolution': {
        const scope = n.field('scope');
        const name = n.field('name')?.text() ?? '?';
        return scope === null
          ? { k: 'name', name, node: n }
          : { k: 'field', obj: this.expr(scope), name, node: n };
      }
      case 'call':
        return this.call(n);
      case 'array':
        return { k: 'array', items: named(n).map((c) => this.expr(c)), node: n };
      case 'hash':
        return this.hash(n);
      case 'lambda':
      case 'block':
      case 'do_block':
        return { k: 'fn', fn: this.block(n), node: n };
      case 'if':
      case 'unless':
      case 'case':
      case 'begin':
      case 'while':
      case 'until': {
        const before: Stmt[] = [];
        this.stmt(n, before);
        return { k: 'seq', before, x: other([]), node: n };
      }
      case 'splat_argument':
      case 'hash_splat_argument':
      case 'block_argument':
        return this.opt(named(n)[0] ?? null);
      case 'regex': {
        const m = /^(?:\/|%r.)([\s\S]*?).([a-z]*)$/.exec(n.text());
        if (m === null || named(n).some((c) => kindOf(c) === 'interpolation')) return other([], n);
        return regexLiteral(m[1]!, m[2]!, n);
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

  assignment(n: SgNode): Expr {
    const l = n.field('left');
    const r = n.field('right');
    if (l === null || r === null) return other([], n);
    const value =
      kindOf(r) === 'right_assignment_list'
        ? ({ k: 'array', items: named(r).map((c) => this.expr(c)) } as Expr)
        : this.expr(r);
    if (kindOf(l) === 'left_assignment_list') {
      const before: Stmt[] = [];
      const t = `$tmp${this.tmp++}`;
      before.push({ k: 'decl', name: t, init: value });
      named(l).forEach((target, i) => {
        if (kindOf(target) === 'identifier') this.locals.add(target.text());
        before.push({
          k: 'expr',
          e: {
            k: 'assign',
            target: this.target(target),
            op: '=',
            value: { k: 'index', obj: { k: 'name', name: t }, index: { k: 'lit', v: i } },
          },
        });
      });
      return { k: 'seq', before, x: { k: 'name', name: t }, node: n };
    }
    if (kindOf(l) === 'identifier') this.locals.add(l.text());
    return { k: 'assign', target: this.target(l), op: '=', value, node: n };
  }

  /** An assignment target: `obj.attr = v` is a property write, not a call. */
  target(l: SgNode): Expr {
    const k = kindOf(l);
    if (k === 'identifier') return { k: 'name', name: l.text(), node: l };
    if (k === 'call') {
      const recv = l.field('receiver');
      const method = l.field('method');
      if (recv !== null && method !== null)
        return { k: 'field', obj: this.expr(recv), name: method.text(), node: l };
    }
    return this.expr(l);
  }

  block(n: SgNode): Func {
    const saved = new Set(this.locals);
    const params = this.params(n.field('parameters'));
    const locals = this.locals;
    this.locals = saved;
    return lazyFunc({ name: '<block>', params, isLambda: true, node: n }, () =>
      this.withLocals(locals, () => implicitReturn(this.body(n.field('body')))),
    );
  }

  call(n: SgNode): Expr {
    const recvNode = n.field('receiver');
    const method = n.field('method');
    const argsNode = n.field('arguments');
    const blockNode =
      n.field('block') ?? named(n).find((c) => kindOf(c) === 'block' || kindOf(c) === 'do_block') ?? null;
    const args: Expr[] = [];
    const kwargs: { name: string; value: Expr }[] = [];
    for (const a of argsNode === null ? [] : named(argsNode)) {
      if (kindOf(a) === 'pair') {
        const key = a.field('key');
        const value = a.field('value');
        if (key !== null && value !== null)
          kwargs.push({
            name: key
              .text()
              .replace(/^:|:$/g, '')
              .replace(/^["']|["']$/g, ''),
            value: this.expr(value),
          });
      } else if (kindOf(a) !== 'comment') args.push(this.expr(a));
    }
    const call: CallExpr = { k: 'call', name: method?.text() ?? '?', args, node: n };
    if (kwargs.length > 0) call.kwargs = kwargs;
    if (recvNode !== null) call.recv = this.expr(recvNode);
    if (blockNode !== null) {
      if (recvNode !== null && iterators.has(call.name)) {
        // `xs.each { |x| ... }`: a loop over the receiver's elements.
        const saved = new Set(this.locals);
        const ps = this.params(blockNode.field('parameters'));
        const body = this.body(blockNode.field('body'));
        this.locals = saved;
        const loop: Stmt = { k: 'loop', each: { names: ps.map((p) => p.name), iter: call.recv! }, body };
        return { k: 'seq', before: [loop], x: call, node: n };
      }
      call.args.push({ k: 'fn', fn: this.block(blockNode) });
    }
    return call;
  }

  hash(n: SgNode): Expr {
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

  interpolated(n: SgNode): Expr {
    let acc: Expr | undefined;
    for (const c of named(n)) {
      const k = kindOf(c);
      let part: Expr | undefined;
      if (k === 'string_content') part = { k: 'lit', v: c.text() };
      else if (k === 'escape_sequence') part = { k: 'lit', v: unescapeC(c.text()) };
      else if (k === 'interpolation') {
        const inner = named(c);
        const last = inner[inner.length - 1];
        if (last !== undefined) part = this.expr(last);
      }
      if (part !== undefined) acc = acc === undefined ? part : { k: 'bin', op: '+', l: acc, r: part };
    }
    if (acc === undefined) return { k: 'lit', v: '', node: n };
    if (acc.k === 'lit') return { ...acc, node: n };
    return { k: 'bin', op: '+', l: { k: 'lit', v: '' }, r: acc, node: n };
  }
}

/** The value of a Ruby method or block is its last expression. */
function implicitReturn(body: Stmt[]): Stmt[] {
  const last = body[body.length - 1];
  if (last !== undefined && last.k === 'expr') body[body.length - 1] = { k: 'return', e: last.e };
  return body;
}
