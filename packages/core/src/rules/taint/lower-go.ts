import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Expr, Func, Param, Program, Stmt, SwitchCase } from './ir.ts';
import {
  emptyProgram,
  kindOf,
  lazyFunc,
  named,
  withFields,
  other,
  parseNumber,
  unescapeC,
} from './lower-util.ts';

/** Lowers a Go syntax tree. */
export function lowerGo(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new GoLowering(p);
  for (const c of named(root)) lw.topLevel(c);
  return p;
}

class GoLowering {
  private tmp = 0;

  constructor(private readonly p: Program) {}

  topLevel(n: SgNode): void {
    switch (kindOf(n)) {
      case 'function_declaration':
        this.p.functions.push(this.func(n, n.field('name')?.text() ?? '<func>', undefined));
        return;
      case 'method_declaration': {
        const recv = n.field('receiver');
        const decl = recv === null ? undefined : named(recv)[0];
        const owner = decl?.field('type')?.text().replace(/^\*/, '').replace(/\[.*$/, '');
        const f = this.func(n, n.field('name')?.text() ?? '<method>', owner);
        const recvName = decl?.field('name')?.text();
        const g =
          recvName === undefined
            ? f
            : lazyFunc({ name: f.name, params: f.params, ...(owner ? { owner } : {}), node: n }, () => [
                { k: 'decl', name: recvName, init: { k: 'this' } },
                ...f.body,
              ]);
        this.p.functions.push(g);
        return;
      }
      case 'const_declaration':
      case 'var_declaration': {
        const out: Stmt[] = [];
        this.varDecl(n, out);
        for (const s of out) if (s.k === 'decl' && s.init !== undefined) this.p.fields.set(s.name, s.init);
        return;
      }
      case 'type_declaration':
        for (const spec of named(n)) {
          const name = spec.field('name')?.text();
          if (name !== undefined) this.p.classNames.add(name);
        }
        return;
      default:
        return;
    }
  }

  func(n: SgNode, name: string, owner: string | undefined): Func {
    const params: Param[] = [];
    const ps = n.field('parameters');
    for (const d of ps === null ? [] : named(ps)) {
      const kind = kindOf(d);
      if (kind !== 'parameter_declaration' && kind !== 'variadic_parameter_declaration') continue;
      const type = d.field('type')?.text().replace(/^\*/, '');
      const names = d.fieldChildren('name');
      if (names.length === 0) params.push({ name: `$p${this.tmp++}` });
      for (const nm of names) {
        const p: Param = { name: nm.text() };
        if (type !== undefined) p.type = type;
        if (kind === 'variadic_parameter_declaration') p.isRest = true;
        params.push(p);
      }
    }
    const body = n.field('body');
    const f = lazyFunc({ name, params, node: n }, () => (body === null ? [] : this.block(body)));
    if (owner !== undefined) f.owner = owner;
    return f;
  }

  block(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of named(n)) {
      if (kindOf(c) === 'statement_list') for (const s of named(c)) this.stmt(s, out);
      else this.stmt(c, out);
    }
    return out;
  }

  stmt(n: SgNode, out: Stmt[]): void {
    switch (kindOf(n)) {
      case 'comment':
      case 'empty_statement':
      case 'fallthrough_statement':
        return;
      case 'block':
        out.push({ k: 'block', body: this.block(n) });
        return;
      case 'statement_list':
        for (const s of named(n)) this.stmt(s, out);
        return;
      case 'expression_statement':
      case 'go_statement':
      case 'defer_statement':
        for (const c of named(n)) out.push({ k: 'expr', e: this.expr(c) });
        return;
      case 'short_var_declaration':
      case 'assignment_statement':
        this.assign(n, out);
        return;
      case 'var_declaration':
      case 'const_declaration':
        this.varDecl(n, out);
        return;
      case 'inc_statement':
      case 'dec_statement': {
        const t = named(n)[0];
        if (t !== undefined)
          out.push({
            k: 'expr',
            e: {
              k: 'assign',
              target: this.expr(t),
              op: kindOf(n) === 'inc_statement' ? '+=' : '-=',
              value: { k: 'lit', v: 1 },
            },
          });
        return;
      }
      case 'if_statement': {
        const pre: Stmt[] = [];
        const init = n.field('initializer');
        if (init !== null) this.stmt(init, pre);
        const s: Extract<Stmt, { k: 'if' }> = {
          k: 'if',
          test: this.opt(n.field('condition')),
          then: this.body(n.field('consequence')),
        };
        const alt = n.field('alternative');
        if (alt !== null) s.else = this.body(alt);
        out.push(pre.length > 0 ? { k: 'block', body: [...pre, s] } : s);
        return;
      }
      case 'for_statement':
        out.push(this.forStmt(n));
        return;
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement':
        out.push(this.switchStmt(n));
        return;
      case 'return_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'return' } : { k: 'return', e: this.list(e) });
        return;
      }
      case 'break_statement':
        out.push({ k: 'break' });
        return;
      case 'continue_statement':
        out.push({ k: 'continue' });
        return;
      case 'labeled_statement':
        for (const c of named(n)) if (kindOf(c) !== 'label_name') this.stmt(c, out);
        return;
      case 'send_statement': {
        const ch = n.field('channel');
        const value = n.field('value');
        if (ch !== null && value !== null)
          out.push({
            k: 'expr',
            e: { k: 'assign', target: this.expr(ch), op: '+=', value: this.expr(value) },
          });
        return;
      }
      default:
        if (n.isNamed()) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  body(n: SgNode | null): Stmt[] {
    if (n === null) return [];
    if (kindOf(n) === 'block') return this.block(n);
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  /** `a, b := x, y` pairwise; `v, err := f()` gives every name the call's data. */
  assign(n: SgNode, out: Stmt[]): void {
    const left = n.field('left');
    const right = n.field('right');
    if (left === null || right === null) return;
    const targets = kindOf(left) === 'expression_list' ? named(left) : [left];
    const values = kindOf(right) === 'expression_list' ? named(right) : [right];
    const op = n.field('operator')?.text() ?? (kindOf(n) === 'short_var_declaration' ? ':=' : '=');
    const isDecl = kindOf(n) === 'short_var_declaration';
    const store = (target: SgNode, value: Expr): void => {
      if (target.text() === '_') return;
      if (isDecl && kindOf(target) === 'identifier')
        out.push({ k: 'decl', name: target.text(), init: value, node: target });
      else
        out.push({
          k: 'expr',
          e: { k: 'assign', target: this.expr(target), op: op === ':=' ? '=' : op, value, node: target },
        });
    };
    if (targets.length === values.length) {
      if (targets.length === 1) {
        store(targets[0]!, this.expr(values[0]!));
        return;
      }
      const temps = values.map((v) => {
        const t = `$tmp${this.tmp++}`;
        out.push({ k: 'decl', name: t, init: this.expr(v) });
        return t;
      });
      targets.forEach((t, i) => store(t, { k: 'name', name: temps[i]! }));
      return;
    }
    const t = `$tmp${this.tmp++}`;
    out.push({ k: 'decl', name: t, init: values.length === 1 ? this.expr(values[0]!) : this.list(right) });
    for (const target of targets) store(target, { k: 'name', name: t });
  }

  varDecl(n: SgNode, out: Stmt[]): void {
    const specs = named(n).flatMap((c) => (kindOf(c).endsWith('spec_list') ? named(c) : [c]));
    for (const spec of specs) {
      const k = kindOf(spec);
      if (k !== 'var_spec' && k !== 'const_spec') continue;
      const names = spec.fieldChildren('name');
      const type = spec.field('type')?.text();
      const value = spec.field('value');
      const values = value === null ? [] : kindOf(value) === 'expression_list' ? named(value) : [value];
      names.forEach((nm, i) => {
        const s: Extract<Stmt, { k: 'decl' }> = { k: 'decl', name: nm.text(), node: nm };
        if (type !== undefined) s.type = type;
        const v = values.length === names.length ? values[i] : values[0];
        if (v !== undefined) s.init = this.expr(v);
        out.push(s);
      });
    }
  }

  forStmt(n: SgNode): Stmt {
    const body = this.body(n.field('body'));
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'range_clause') {
        const left = c.field('left');
        const names = left === null ? [] : named(left).map((x) => x.text());
        // `for i, v := range xs`: the index is not data; the value is.
        const value = names.length === 2 ? names[1]! : names[0];
        const each = { names: value === undefined ? [] : [value], iter: this.opt(c.field('right')) };
        if (names.length === 2) body.unshift({ k: 'decl', name: names[0]!, init: other([]) });
        return { k: 'loop', each, body };
      }
      if (k === 'for_clause') {
        const init: Stmt[] = [];
        const i = c.field('initializer');
        if (i !== null) this.stmt(i, init);
        const s: Extract<Stmt, { k: 'loop' }> = { k: 'loop', init, body };
        const cond = c.field('condition');
        if (cond !== null) s.test = this.expr(cond);
        const u = c.field('update');
        if (u !== null) {
          const upd: Stmt[] = [];
          this.stmt(u, upd);
          s.body = [...body, ...upd];
        }
        return s;
      }
      if (k !== 'block') return { k: 'loop', test: this.expr(c), body };
    }
    return { k: 'loop', body };
  }

  switchStmt(n: SgNode): Stmt {
    const pre: Stmt[] = [];
    const init = n.field('initializer');
    if (init !== null) this.stmt(init, pre);
    const cases: SwitchCase[] = [];
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k !== 'expression_case' && k !== 'default_case' && k !== 'type_case' && k !== 'communication_case')
        continue;
      const body: Stmt[] = [];
      for (const s of named(c)) {
        if (
          s.id() === c.field('value')?.id() ||
          kindOf(s) === 'expression_list' ||
          s.id() === c.field('type')?.id()
        )
          continue;
        this.stmt(s, body);
      }
      const value = c.field('value');
      const tests =
        k === 'expression_case' && value !== null
          ? (kindOf(value) === 'expression_list' ? named(value) : [value]).map((v) => this.expr(v))
          : [];
      cases.push({ tests: k === 'default_case' ? [] : tests.length > 0 ? tests : [other([])], body });
    }
    const value = n.field('value');
    const sw: Stmt = {
      k: 'switch',
      disc: kindOf(n) === 'expression_switch_statement' && value !== null ? this.expr(value) : other([]),
      cases,
      isArrow: true,
    };
    return pre.length > 0 ? { k: 'block', body: [...pre, sw] } : sw;
  }

  list(n: SgNode): Expr {
    if (kindOf(n) !== 'expression_list') return this.expr(n);
    const items = named(n).map((c) => this.expr(c));
    return items.length === 1 ? items[0]! : { k: 'array', items, node: n };
  }

  opt(n: SgNode | null): Expr {
    return n === null ? other([]) : this.expr(n);
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'identifier':
      case 'package_identifier':
      case 'field_identifier':
      case 'type_identifier':
        return { k: 'name', name: n.text(), node: n };
      case 'interpreted_string_literal':
        return { k: 'lit', v: unescapeC(n.text().slice(1, -1)), node: n };
      case 'raw_string_literal':
        return { k: 'lit', v: n.text().slice(1, -1), node: n };
      case 'rune_literal':
        return { k: 'lit', v: unescapeC(n.text().slice(1, -1)), node: n };
      case 'int_literal':
      case 'float_literal': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'true':
        return { k: 'lit', v: true, node: n };
      case 'false':
        return { k: 'lit', v: false, node: n };
      case 'nil':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_expression':
        return this.opt(named(n)[0] ?? null);
      case 'selector_expression': {
        const operand = n.field('operand');
        const field = n.field('field');
        if (operand === null || field === null) return other([], n);
        return { k: 'field', obj: this.expr(operand), name: field.text(), node: n };
      }
      case 'index_expression': {
        const operand = n.field('operand');
        const index = n.field('index');
        if (operand === null || index === null) return other([], n);
        return { k: 'index', obj: this.expr(operand), index: this.expr(index), node: n };
      }
      case 'slice_expression':
      case 'type_assertion_expression':
      case 'type_conversion_expression':
        return this.opt(n.field('operand'));
      case 'call_expression':
        return this.call(n);
      case 'binary_expression': {
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
      case 'unary_expression': {
        const operand = n.field('operand');
        const op = n.field('operator')?.text() ?? '';
        if (operand === null) return other([], n);
        if (op === '&' || op === '*' || op === '<-') return this.expr(operand);
        return { k: 'un', op, x: this.expr(operand), node: n };
      }
      case 'composite_literal':
        return this.composite(n);
      case 'func_literal':
        return { k: 'fn', fn: withFields(this.func(n, '<lambda>', undefined), { isLambda: true }), node: n };
      case 'expression_list':
        return this.list(n);
      default:
        return other(
          named(n)
            .filter((c) => kindOf(c) !== 'comment')
            .map((c) => this.expr(c)),
          n,
        );
    }
  }

  composite(n: SgNode): Expr {
    const type = n.field('type');
    const body = n.field('body');
    const elements = body === null ? [] : named(body);
    const tk = type === null ? '' : kindOf(type);
    const isKeyed = elements.some((e) => kindOf(e) === 'keyed_element');
    if (!isKeyed) {
      const items = elements.map((e) => this.element(e));
      return tk === 'slice_type' || tk === 'array_type' || tk === 'implicit_length_array_type'
        ? { k: 'array', items, node: n }
        : { k: 'other', parts: items, node: n };
    }
    const entries: { key: Expr; value: Expr }[] = [];
    for (const e of elements) {
      if (kindOf(e) !== 'keyed_element') continue;
      const [k, v] = named(e);
      if (k === undefined || v === undefined) continue;
      const keyNode = kindOf(k) === 'literal_element' ? (named(k)[0] ?? k) : k;
      const key: Expr = tk === 'map_type' ? this.expr(keyNode) : { k: 'lit', v: keyNode.text() };
      entries.push({ key, value: this.element(v) });
    }
    return { k: 'dict', entries, node: n };
  }

  element(e: SgNode): Expr {
    const kind = kindOf(e);
    if (kind === 'literal_element') return this.opt(named(e)[0] ?? null);
    if (kind === 'literal_value') return { k: 'array', items: named(e).map((c) => this.element(c)) };
    return this.expr(e);
  }

  call(n: SgNode): Expr {
    const fn = n.field('function');
    const argsNode = n.field('arguments');
    const args =
      argsNode === null
        ? []
        : named(argsNode)
            .filter((a) => kindOf(a) !== 'comment' && !kindOf(a).endsWith('_type'))
            .map((a) => this.expr(a));
    if (fn === null) return other(args, n);
    const call: CallExpr = { k: 'call', name: '?', args, node: n };
    const fk = kindOf(fn);
    if (fk === 'selector_expression') {
      const operand = fn.field('operand');
      call.name = fn.field('field')?.text() ?? '?';
      if (operand !== null) call.recv = this.expr(operand);
    } else if (fk === 'identifier') {
      call.name = fn.text();
    } else if (fk.endsWith('_type') || fk === 'parenthesized_type') {
      // A conversion such as `[]byte(s)`.
      return args.length === 1 ? args[0]! : other(args, n);
    } else {
      call.name = '<dynamic>';
      call.recv = this.expr(fn);
    }
    return call;
  }
}
