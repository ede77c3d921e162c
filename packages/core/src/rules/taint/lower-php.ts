import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Expr, Func, Param, Program, Stmt, SwitchCase } from './ir.ts';
import {
  emptyProgram,
  kids,
  kindOf,
  lazyFunc,
  moduleFunction,
  withFields,
  named,
  other,
  parseNumber,
  unescapeC,
} from './lower-util.ts';

/** Lowers a PHP syntax tree. `echo`, `<?=`, `print`, `include` and backticks become calls of those names. */
export function lowerPhp(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new PhpLowering(p);
  p.functions.unshift(moduleFunction(lw.block(root), root));
  return p;
}

const skipKinds = new Set([
  'comment',
  'php_tag',
  'php_end_tag',
  'text',
  'namespace_definition',
  'namespace_use_declaration',
  'global_declaration',
  'interface_declaration',
  'empty_statement',
  'declare_statement',
]);

class PhpLowering {
  private tmp = 0;

  constructor(private readonly p: Program) {}

  block(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    let isShortEcho = false;
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'php_tag') {
        isShortEcho = c.text() === '<?=';
        continue;
      }
      if (k === 'text_interpolation') {
        const last = named(c).pop();
        isShortEcho = last !== undefined && kindOf(last) === 'php_tag' && last.text() === '<?=';
        continue;
      }
      if (isShortEcho && k === 'expression_statement') {
        const e = named(c)[0];
        if (e !== undefined) out.push({ k: 'emit', name: '<?=', args: [this.expr(e)], node: c });
        isShortEcho = false;
        continue;
      }
      isShortEcho = false;
      this.stmt(c, out);
    }
    return out;
  }

  body(n: SgNode | null): Stmt[] {
    if (n === null) return [];
    if (kindOf(n) === 'compound_statement') return this.block(n);
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  stmt(n: SgNode, out: Stmt[]): void {
    const kind = kindOf(n);
    if (skipKinds.has(kind)) return;
    switch (kind) {
      case 'expression_statement':
        // `throw` is an expression in PHP 8 grammars; as a statement it ends the path like any throw.
        for (const c of named(n)) {
          if (kindOf(c) === 'throw_expression') this.stmt(c, out);
          else out.push({ k: 'expr', e: this.expr(c) });
        }
        return;
      case 'echo_statement': {
        const args = named(n).flatMap((c) => (kindOf(c) === 'sequence_expression' ? named(c) : [c]));
        out.push({ k: 'emit', name: 'echo', args: args.map((a) => this.expr(a)), node: n });
        return;
      }
      case 'compound_statement':
        out.push({ k: 'block', body: this.block(n) });
        return;
      case 'function_definition':
        this.p.functions.push(this.func(n, n.field('name')?.text() ?? '<function>', undefined));
        return;
      case 'class_declaration':
      case 'trait_declaration':
      case 'enum_declaration':
        this.lowerClass(n);
        return;
      case 'if_statement': {
        const s: Extract<Stmt, { k: 'if' }> = {
          k: 'if',
          test: this.opt(n.field('condition')),
          then: this.body(n.field('body')),
        };
        let tail = s;
        for (const c of named(n)) {
          const ck = kindOf(c);
          if (ck === 'else_if_clause') {
            const next: Extract<Stmt, { k: 'if' }> = {
              k: 'if',
              test: this.opt(c.field('condition')),
              then: this.body(c.field('body')),
            };
            tail.else = [next];
            tail = next;
          } else if (ck === 'else_clause') {
            tail.else = this.body(c.field('body'));
          }
        }
        out.push(s);
        return;
      }
      case 'while_statement':
        out.push({ k: 'loop', test: this.opt(n.field('condition')), body: this.body(n.field('body')) });
        return;
      case 'do_statement':
        out.push({
          k: 'loop',
          test: this.opt(n.field('condition')),
          body: this.body(n.field('body')),
          isDoWhile: true,
        });
        return;
      case 'for_statement': {
        const init: Stmt[] = [];
        const update: Expr[] = [];
        let test: Expr | undefined;
        const body = n.field('body');
        for (const c of named(n)) {
          if (body !== null && c.id() === body.id()) continue;
          const f =
            c.id() === n.field('condition')?.id()
              ? 'condition'
              : c.id() === (n.field('update') ?? n.field('increment'))?.id()
                ? 'update'
                : 'init';
          if (f === 'condition') test = this.expr(c);
          else if (f === 'update') update.push(this.expr(c));
          else init.push({ k: 'expr', e: this.expr(c) });
        }
        const s: Extract<Stmt, { k: 'loop' }> = { k: 'loop', init, update, body: this.body(body) };
        if (test !== undefined) s.test = test;
        out.push(s);
        return;
      }
      case 'foreach_statement':
        out.push(this.foreach(n));
        return;
      case 'switch_statement':
        out.push(this.switchStmt(n));
        return;
      case 'try_statement':
        out.push(this.tryStmt(n));
        return;
      case 'return_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'return' } : { k: 'return', e: this.expr(e) });
        return;
      }
      case 'throw_expression':
        out.push({ k: 'throw' });
        return;
      case 'break_statement':
        out.push({ k: 'break' });
        return;
      case 'continue_statement':
        out.push({ k: 'continue' });
        return;
      case 'exit_statement': {
        const e = named(n)[0];
        if (e !== undefined) out.push({ k: 'emit', name: 'echo', args: [this.expr(e)], node: n });
        out.push({ k: 'return' });
        return;
      }
      case 'unset_statement':
        return;
      default:
        if (n.isNamed()) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  foreach(n: SgNode): Stmt {
    const ks = named(n);
    const body = n.field('body');
    const iter = ks[0];
    const binding = ks[1] !== undefined && (body === null || ks[1].id() !== body.id()) ? ks[1] : undefined;
    const pre: Stmt[] = [];
    const names: string[] = [];
    if (binding !== undefined) {
      if (kindOf(binding) === 'pair') {
        const [key, value] = named(binding);
        const t = `$each${this.tmp++}`;
        names.push(t);
        if (key !== undefined) pre.push({ k: 'decl', name: varName(key), init: other([]) });
        if (value !== undefined) this.assignTo(value, { k: 'name', name: t }, pre);
      } else if (kindOf(binding) === 'variable_name') {
        names.push(varName(binding));
      } else {
        const t = `$each${this.tmp++}`;
        names.push(t);
        this.assignTo(binding, { k: 'name', name: t }, pre);
      }
    }
    return {
      k: 'loop',
      each: { names, iter: iter === undefined ? other([]) : this.expr(iter) },
      body: [...pre, ...this.body(body)],
    };
  }

  switchStmt(n: SgNode): Stmt {
    const cases: SwitchCase[] = [];
    const block = n.field('body');
    for (const c of block === null ? [] : named(block)) {
      const k = kindOf(c);
      if (k !== 'case_statement' && k !== 'default_statement') continue;
      const value = c.field('value');
      const body: Stmt[] = [];
      for (const s of named(c)) if (value === null || s.id() !== value.id()) this.stmt(s, body);
      cases.push({ tests: k === 'case_statement' && value !== null ? [this.expr(value)] : [], body });
    }
    return { k: 'switch', disc: this.opt(n.field('condition')), cases };
  }

  tryStmt(n: SgNode): Stmt {
    const catches: { name?: string; body: Stmt[] }[] = [];
    let fin: Stmt[] | undefined;
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'catch_clause') {
        const name = c.field('name');
        const b = this.body(c.field('body'));
        catches.push(name === null ? { body: b } : { name: varName(name), body: b });
      } else if (k === 'finally_clause') fin = this.body(c.field('body'));
    }
    const s: Stmt = { k: 'try', body: this.body(n.field('body')), catches };
    if (fin !== undefined) s.fin = fin;
    return s;
  }

  lowerClass(n: SgNode): void {
    const name = n.field('name')?.text() ?? '<class>';
    this.p.classNames.add(name);
    const body = n.field('body');
    for (const m of body === null ? [] : named(body)) {
      const k = kindOf(m);
      if (k === 'method_declaration')
        this.p.functions.push(this.func(m, m.field('name')?.text() ?? '<method>', name));
      else if (k === 'const_declaration' || k === 'property_declaration') {
        for (const el of named(m)) {
          const ek = kindOf(el);
          if (ek !== 'const_element' && ek !== 'property_element') continue;
          const parts = named(el);
          const nm = parts[0];
          const value = parts[parts.length - 1];
          if (nm === undefined || value === undefined || parts.length < 2) continue;
          const key = ek === 'property_element' ? varName(nm) : nm.text();
          const e = this.expr(value);
          if (!this.p.fields.has(key)) this.p.fields.set(key, e);
          this.p.fields.set(`${name}.${key}`, e);
        }
      }
    }
  }

  func(n: SgNode, name: string, owner: string | undefined): Func {
    const params: Param[] = [];
    const ps = n.field('parameters');
    for (const fp of ps === null ? [] : named(ps)) {
      const nm = fp.field('name');
      if (nm === null) continue;
      const p: Param = { name: varName(nm) };
      const type = fp.field('type')?.text();
      if (type !== undefined) p.type = type;
      const dflt = fp.field('default_value');
      if (dflt !== null) p.init = this.expr(dflt);
      if (kindOf(fp) === 'variadic_parameter') p.isRest = true;
      params.push(p);
    }
    const body = n.field('body');
    const f = lazyFunc({ name, params, node: n }, () =>
      body === null
        ? []
        : kindOf(body) === 'compound_statement'
          ? this.block(body)
          : [{ k: 'return', e: this.expr(body) } as Stmt],
    );
    if (owner !== undefined) f.owner = owner;
    return f;
  }

  assignTo(target: SgNode, value: Expr, out: Stmt[]): void {
    const k = kindOf(target);
    if (k === 'variable_name') {
      out.push({ k: 'decl', name: varName(target), init: value, node: target });
      return;
    }
    if (k === 'list_literal' || k === 'array_creation_expression') {
      const t = `$tmp${this.tmp++}`;
      out.push({ k: 'decl', name: t, init: value });
      named(target).forEach((el, i) => {
        const inner = kindOf(el) === 'array_element_initializer' ? (named(el).pop() ?? el) : el;
        this.assignTo(inner, { k: 'index', obj: { k: 'name', name: t }, index: { k: 'lit', v: i } }, out);
      });
      return;
    }
    out.push({ k: 'expr', e: { k: 'assign', target: this.expr(target), op: '=', value, node: target } });
  }

  opt(n: SgNode | null): Expr {
    return n === null ? other([]) : this.expr(n);
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'variable_name': {
        const name = varName(n);
        return name === '$this' ? { k: 'this', node: n } : { k: 'name', name, node: n };
      }
      case 'name':
      case 'qualified_name':
        return { k: 'name', name: n.text(), node: n };
      case 'relative_scope':
        return { k: 'this', node: n };
      case 'string':
        return {
          k: 'lit',
          v: n.text().startsWith("'")
            ? n
                .text()
                .slice(1, -1)
                .replace(/\\(['\\])/g, '$1')
            : named(n)
                .map((c) => c.text())
                .join(''),
          node: n,
        };
      case 'encapsed_string':
      case 'heredoc':
      case 'nowdoc':
      case 'shell_command_expression':
        return this.interpolated(n);
      case 'heredoc_body':
      case 'nowdoc_body':
        return this.interpolated(n);
      case 'integer':
      case 'float': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'boolean':
        return { k: 'lit', v: n.text().toLowerCase() === 'true', node: n };
      case 'null':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_expression':
      case 'error_suppression_expression':
      case 'clone_expression':
        return this.opt(named(n)[0] ?? null);
      case 'assignment_expression':
      case 'reference_assignment_expression': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        if (kindOf(l) === 'list_literal' || kindOf(l) === 'array_creation_expression') {
          const before: Stmt[] = [];
          const value = this.expr(r);
          this.assignTo(l, value, before);
          return { k: 'seq', before, x: other([]), node: n };
        }
        return { k: 'assign', target: this.expr(l), op: '=', value: this.expr(r), node: n };
      }
      case 'augmented_assignment_expression': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        return {
          k: 'assign',
          target: this.expr(l),
          op: n.field('operator')?.text() ?? '.=',
          value: this.expr(r),
          node: n,
        };
      }
      case 'binary_expression': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        const op = n.field('operator')?.text() ?? '.';
        const mapped = op === 'and' ? '&&' : op === 'or' ? '||' : op;
        return { k: 'bin', op: mapped, l: this.expr(l), r: this.expr(r), node: n };
      }
      case 'unary_op_expression': {
        const x = named(n)[0];
        const op = kids(n)[0]?.text() ?? '!';
        return x === undefined ? other([], n) : { k: 'un', op, x: this.expr(x), node: n };
      }
      case 'update_expression': {
        const arg = n.field('argument') ?? named(n)[0] ?? null;
        if (arg === null) return other([], n);
        return {
          k: 'assign',
          target: this.expr(arg),
          op: n.text().includes('++') ? '+=' : '-=',
          value: { k: 'lit', v: 1 },
          node: n,
        };
      }
      case 'conditional_expression': {
        const test = this.opt(n.field('condition'));
        const body = n.field('body');
        return {
          k: 'cond',
          test,
          then: body === null ? test : this.expr(body),
          else: this.opt(n.field('alternative')),
          node: n,
        };
      }
      case 'cast_expression': {
        const type = n.field('type')?.text().toLowerCase() ?? '';
        const value = this.opt(n.field('value'));
        if (/^(int|integer|float|double|bool|boolean)$/.test(type))
          return { k: 'call', name: 'intval', args: [value], node: n };
        return { k: 'cast', type, x: value, node: n };
      }
      case 'function_call_expression':
        return this.call(n);
      case 'member_call_expression':
      case 'nullsafe_member_call_expression':
      case 'scoped_call_expression': {
        const obj = n.field('object') ?? n.field('scope') ?? named(n)[0] ?? null;
        const call: CallExpr = {
          k: 'call',
          name: n.field('name')?.text() ?? '?',
          args: this.args(n.field('arguments')),
          node: n,
        };
        if (obj !== null) call.recv = this.expr(obj);
        return call;
      }
      case 'object_creation_expression': {
        const typeNode = named(n).find((c) => kindOf(c) === 'name' || kindOf(c) === 'qualified_name');
        const qualified = typeNode?.text() ?? '?';
        const argsNode = named(n).find((c) => kindOf(c) === 'arguments') ?? null;
        return {
          k: 'call',
          name: qualified.slice(qualified.lastIndexOf('\\') + 1),
          qualified,
          args: this.args(argsNode),
          isNew: true,
          node: n,
        };
      }
      case 'member_access_expression':
      case 'nullsafe_member_access_expression': {
        const obj = n.field('object');
        const name = n.field('name');
        if (obj === null || name === null) return other([], n);
        return { k: 'field', obj: this.expr(obj), name: name.text(), node: n };
      }
      case 'scoped_property_access_expression':
      case 'class_constant_access_expression': {
        const [scope, member] = named(n);
        if (scope === undefined || member === undefined) return other([], n);
        const name = kindOf(member) === 'variable_name' ? varName(member) : member.text();
        return { k: 'field', obj: this.expr(scope), name, node: n };
      }
      case 'subscript_expression': {
        const [obj, idx] = named(n);
        if (obj === undefined) return other([], n);
        return {
          k: 'index',
          obj: this.expr(obj),
          index: idx === undefined ? { k: 'lit', v: null } : this.expr(idx),
          node: n,
        };
      }
      case 'array_creation_expression':
        return this.array(n);
      case 'include_expression':
      case 'include_once_expression':
      case 'require_expression':
      case 'require_once_expression':
        return {
          k: 'call',
          name: kind.replace('_expression', ''),
          args: named(n).map((c) => this.expr(c)),
          node: n,
        };
      case 'print_intrinsic':
        return { k: 'call', name: 'print', args: named(n).map((c) => this.expr(c)), node: n };
      case 'anonymous_function':
      case 'anonymous_function_creation_expression':
      case 'arrow_function':
        return { k: 'fn', fn: withFields(this.func(n, '<lambda>', undefined), { isLambda: true }), node: n };
      case 'sequence_expression': {
        const parts = named(n).map((c) => this.expr(c));
        const last = parts.pop();
        return last === undefined
          ? other([], n)
          : { k: 'seq', before: parts.map((e) => ({ k: 'expr', e }) as Stmt), x: last, node: n };
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

  interpolated(n: SgNode): Expr {
    let acc: Expr | undefined;
    for (const c of named(n)) {
      const k = kindOf(c);
      let part: Expr | undefined;
      if (k === 'string_content' || k === 'string_value') part = { k: 'lit', v: c.text() };
      else if (k === 'escape_sequence') part = { k: 'lit', v: unescapeC(c.text()) };
      else if (k === 'heredoc_start' || k === 'heredoc_end' || k === 'nowdoc_start' || k === 'nowdoc_end')
        continue;
      else if (k === 'heredoc_body' || k === 'nowdoc_body') part = this.interpolated(c);
      else part = this.expr(c);
      acc = acc === undefined ? part : { k: 'bin', op: '.', l: acc, r: part };
    }
    const value: Expr =
      acc === undefined
        ? { k: 'lit', v: '' }
        : acc.k === 'lit'
          ? acc
          : { k: 'bin', op: '.', l: { k: 'lit', v: '' }, r: acc };
    if (kindOf(n) === 'shell_command_expression')
      return { k: 'call', name: 'shell_exec', args: [value], node: n };
    return { ...value, node: n } as Expr;
  }

  array(n: SgNode): Expr {
    const items: Expr[] = [];
    const entries: { key: Expr; value: Expr }[] = [];
    let isKeyed = false;
    for (const el of named(n)) {
      if (kindOf(el) !== 'array_element_initializer') continue;
      const parts = named(el);
      if (parts.length >= 2) {
        isKeyed = true;
        entries.push({ key: this.expr(parts[0]!), value: this.expr(parts[1]!) });
      } else if (parts[0] !== undefined) {
        entries.push({ key: { k: 'lit', v: items.length }, value: this.expr(parts[0]) });
        items.push(this.expr(parts[0]));
      }
    }
    return isKeyed ? { k: 'dict', entries, node: n } : { k: 'array', items, node: n };
  }

  call(n: SgNode): Expr {
    const fn = n.field('function');
    const args = this.args(n.field('arguments'));
    if (fn === null) return other(args, n);
    const fk = kindOf(fn);
    if (fk === 'name' || fk === 'qualified_name') {
      const text = fn.text();
      return { k: 'call', name: text.slice(text.lastIndexOf('\\') + 1), args, node: n };
    }
    return { k: 'call', name: '<dynamic>', recv: this.expr(fn), args, node: n };
  }

  args(n: SgNode | null): Expr[] {
    if (n === null) return [];
    return named(n)
      .filter((a) => kindOf(a) !== 'comment')
      .map((a) => {
        const inner = kindOf(a) === 'argument' ? (named(a).pop() ?? a) : a;
        return this.expr(inner);
      });
  }
}

function varName(n: SgNode): string {
  const t = n.text();
  return t.startsWith('$') ? t : `$${t}`;
}
