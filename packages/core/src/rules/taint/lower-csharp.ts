import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Expr, Func, Param, Program, Stmt, SwitchCase } from './ir.ts';
import {
  emptyProgram,
  kids,
  kindOf,
  lazyFunc,
  moduleFunction,
  named,
  other,
  parseNumber,
  stripGenerics,
  unescapeC,
} from './lower-util.ts';

/** Lowers a C# syntax tree. */
export function lowerCsharp(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new CsharpLowering(p);
  const top: Stmt[] = [];
  lw.members(root, undefined, top);
  if (top.length > 0) p.functions.unshift(moduleFunction(top, root));
  return p;
}

const typeDecls = new Set([
  'class_declaration',
  'struct_declaration',
  'record_declaration',
  'interface_declaration',
  'record_struct_declaration',
]);

class CsharpLowering {
  private tmp = 0;

  constructor(private readonly p: Program) {}

  /** Namespaces, types and (top-level programs) statements. */
  members(n: SgNode, owner: string | undefined, top: Stmt[]): void {
    for (const m of named(n)) {
      const k = kindOf(m);
      if (k === 'namespace_declaration' || k === 'file_scoped_namespace_declaration') {
        const body = m.field('body');
        this.members(body ?? m, owner, top);
      } else if (k === 'declaration_list') {
        this.members(m, owner, top);
      } else if (typeDecls.has(k)) {
        const name = m.field('name')?.text() ?? '<type>';
        this.p.classNames.add(name);
        const body = m.field('body');
        if (body !== null) this.members(body, name, top);
      } else if (
        k === 'method_declaration' ||
        k === 'constructor_declaration' ||
        k === 'local_function_statement' ||
        k === 'operator_declaration'
      ) {
        this.p.functions.push(this.method(m, owner));
      } else if (k === 'field_declaration') {
        for (const d of this.declarators(m)) {
          if (d.init === undefined) continue;
          if (!this.p.fields.has(d.name)) this.p.fields.set(d.name, d.init);
          if (owner !== undefined) this.p.fields.set(`${owner}.${d.name}`, d.init);
        }
      } else if (k === 'property_declaration') {
        const value = m.field('value');
        const name = m.field('name')?.text();
        if (value !== null && name !== undefined)
          this.p.fields.set(owner === undefined ? name : `${owner}.${name}`, this.expr(value));
      } else if (k === 'global_statement') {
        for (const s of named(m)) this.stmt(s, top);
      }
    }
  }

  method(m: SgNode, owner: string | undefined): Func {
    const params: Param[] = [];
    const ps = m.field('parameters');
    for (const fp of ps === null ? [] : named(ps)) {
      if (kindOf(fp) !== 'parameter') continue;
      const name = fp.field('name')?.text();
      if (name === undefined) continue;
      const p: Param = { name };
      const type = fp.field('type')?.text();
      if (type !== undefined) p.type = stripGenerics(type);
      const annotations = named(fp)
        .filter((c) => kindOf(c) === 'attribute_list')
        .flatMap((l) => named(l).map((a) => a.field('name')?.text() ?? ''));
      if (annotations.length > 0) p.annotations = annotations;
      if (fp.text().startsWith('params ')) p.isRest = true;
      params.push(p);
    }
    const body = m.field('body') ?? named(m).find((c) => kindOf(c) === 'arrow_expression_clause') ?? null;
    const f = lazyFunc({ name: m.field('name')?.text() ?? '<ctor>', params, node: m }, () => {
      if (body === null) return [];
      if (kindOf(body) === 'block') return this.block(body);
      const e = named(body)[0];
      return e === undefined ? [] : [{ k: 'return', e: this.expr(e) }];
    });
    if (owner !== undefined) f.owner = owner;
    return f;
  }

  declarators(n: SgNode): { name: string; type?: string; init?: Expr; node: SgNode }[] {
    const decl =
      kindOf(n) === 'variable_declaration' ? n : named(n).find((c) => kindOf(c) === 'variable_declaration');
    if (decl === undefined) return [];
    const typeNode = decl.field('type');
    const type =
      typeNode === null || kindOf(typeNode) === 'implicit_type' ? undefined : stripGenerics(typeNode.text());
    const out: { name: string; type?: string; init?: Expr; node: SgNode }[] = [];
    for (const d of named(decl)) {
      if (kindOf(d) !== 'variable_declarator') continue;
      const name = d.field('name')?.text();
      if (name === undefined) continue;
      const valueNode = named(d).find(
        (c) => c.id() !== d.field('name')?.id() && kindOf(c) !== 'bracketed_argument_list',
      );
      const item: { name: string; type?: string; init?: Expr; node: SgNode } = { name, node: d };
      if (type !== undefined) item.type = type;
      if (valueNode !== undefined)
        item.init = this.expr(
          kindOf(valueNode) === 'equals_value_clause' ? (named(valueNode)[0] ?? valueNode) : valueNode,
        );
      out.push(item);
    }
    return out;
  }

  block(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of named(n)) this.stmt(c, out);
    return out;
  }

  body(n: SgNode | null): Stmt[] {
    if (n === null) return [];
    if (kindOf(n) === 'block') return this.block(n);
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  stmt(n: SgNode, out: Stmt[]): void {
    switch (kindOf(n)) {
      case 'comment':
      case 'empty_statement':
        return;
      case 'block':
        out.push({ k: 'block', body: this.block(n) });
        return;
      case 'local_declaration_statement':
      case 'variable_declaration':
        for (const d of this.declarators(n)) {
          const s: Extract<Stmt, { k: 'decl' }> = { k: 'decl', name: d.name, node: d.node };
          if (d.type !== undefined) s.type = d.type;
          if (d.init !== undefined) s.init = d.init;
          out.push(s);
        }
        return;
      case 'expression_statement':
        for (const c of named(n)) out.push({ k: 'expr', e: this.expr(c) });
        return;
      case 'local_function_statement':
        this.p.functions.push(this.method(n, undefined));
        return;
      case 'if_statement': {
        const s: Extract<Stmt, { k: 'if' }> = {
          k: 'if',
          test: this.opt(n.field('condition')),
          then: this.body(n.field('consequence')),
        };
        const alt = n.field('alternative');
        if (alt !== null) s.else = this.body(alt);
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
        const body = n.field('body');
        const cond = n.field('condition');
        const update = n.fieldChildren('update');
        for (const c of named(n)) {
          const id = c.id();
          if (id === body?.id() || id === cond?.id() || update.some((u) => u.id() === id)) continue;
          this.stmt(c, init);
        }
        const s: Extract<Stmt, { k: 'loop' }> = {
          k: 'loop',
          init,
          update: update.map((u) => this.expr(u)),
          body: this.body(body),
        };
        if (cond !== null) s.test = this.expr(cond);
        out.push(s);
        return;
      }
      case 'foreach_statement': {
        const left = n.field('left');
        const type = n.field('type');
        const each: Extract<Stmt, { k: 'loop' }>['each'] = {
          names: left === null ? [] : [left.text()],
          iter: this.opt(n.field('right')),
        };
        if (type !== null && kindOf(type) !== 'implicit_type') each.type = stripGenerics(type.text());
        out.push({ k: 'loop', each, body: this.body(n.field('body')) });
        return;
      }
      case 'switch_statement':
        out.push(this.switchStmt(n));
        return;
      case 'try_statement': {
        const catches: { name?: string; body: Stmt[] }[] = [];
        let fin: Stmt[] | undefined;
        for (const c of named(n)) {
          const k = kindOf(c);
          if (k === 'catch_clause') {
            const decl = named(c).find((x) => kindOf(x) === 'catch_declaration');
            const name = decl?.field('name')?.text();
            const b = this.body(c.field('body'));
            catches.push(name === undefined ? { body: b } : { name, body: b });
          } else if (k === 'finally_clause') fin = this.body(named(c)[0] ?? null);
        }
        const s: Stmt = { k: 'try', body: this.body(n.field('body')), catches };
        if (fin !== undefined) s.fin = fin;
        out.push(s);
        return;
      }
      case 'using_statement':
      case 'fixed_statement':
      case 'lock_statement':
      case 'checked_statement':
      case 'unsafe_statement': {
        const body: Stmt[] = [];
        const b = n.field('body');
        for (const c of named(n)) if (b === null || c.id() !== b.id()) this.stmt(c, body);
        body.push(...this.body(b));
        out.push({ k: 'block', body });
        return;
      }
      case 'return_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'return' } : { k: 'return', e: this.expr(e) });
        return;
      }
      case 'yield_statement': {
        const e = named(n)[0];
        if (e !== undefined) out.push({ k: 'return', e: this.expr(e) });
        return;
      }
      case 'throw_statement':
        out.push({ k: 'throw' });
        return;
      case 'break_statement':
        out.push({ k: 'break' });
        return;
      case 'continue_statement':
        out.push({ k: 'continue' });
        return;
      case 'labeled_statement':
        for (const c of named(n)) if (kindOf(c) !== 'identifier') this.stmt(c, out);
        return;
      default:
        if (n.isNamed()) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  switchStmt(n: SgNode): Stmt {
    const cases: SwitchCase[] = [];
    const body = n.field('body');
    for (const section of body === null ? [] : named(body)) {
      if (kindOf(section) !== 'switch_section') continue;
      const tests: Expr[] = [];
      let isDefault = false;
      const stmts: Stmt[] = [];
      for (const c of named(section)) {
        const k = kindOf(c);
        if (k === 'constant_pattern') tests.push(this.opt(named(c)[0] ?? null));
        else if (k === 'case_switch_label' || k === 'case_pattern_switch_label')
          tests.push(this.opt(named(c)[0] ?? null));
        else if (k === 'default_switch_label') isDefault = true;
        else if (k.endsWith('pattern')) tests.push(other([]));
        else this.stmt(c, stmts);
      }
      if (tests.length === 0) isDefault = true;
      cases.push({ tests: isDefault ? [] : tests, body: stmts });
    }
    return { k: 'switch', disc: this.opt(n.field('value')), cases, isArrow: true };
  }

  opt(n: SgNode | null): Expr {
    return n === null ? other([]) : this.expr(n);
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'identifier':
      case 'predefined_type':
        return { k: 'name', name: n.text(), node: n };
      case 'this_expression':
      case 'this':
      case 'base_expression':
      case 'base':
        return { k: 'this', node: n };
      case 'string_literal':
        return {
          k: 'lit',
          v: unescapeC(
            named(n)
              .map((c) => c.text())
              .join(''),
          ),
          node: n,
        };
      case 'verbatim_string_literal':
        return { k: 'lit', v: n.text().slice(2, -1).replace(/""/g, '"'), node: n };
      case 'raw_string_literal':
        return { k: 'lit', v: n.text().replace(/^"+|"+$/g, ''), node: n };
      case 'character_literal':
        return { k: 'lit', v: unescapeC(n.text().slice(1, -1)), node: n };
      case 'interpolated_string_expression':
        return this.interpolated(n);
      case 'integer_literal':
      case 'real_literal': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'boolean_literal':
        return { k: 'lit', v: n.text() === 'true', node: n };
      case 'null_literal':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_expression':
      case 'checked_expression':
      case 'await_expression':
      case 'ref_expression':
        return this.opt(named(n)[0] ?? null);
      case 'cast_expression': {
        const value = n.field('value');
        const type = n.field('type')?.text() ?? '';
        return value === null ? other([], n) : { k: 'cast', type, x: this.expr(value), node: n };
      }
      case 'as_expression':
        return this.opt(n.field('left'));
      case 'member_access_expression': {
        const obj = n.field('expression');
        const name = n.field('name')?.text();
        if (obj === null || name === undefined) return other([], n);
        return { k: 'field', obj: this.expr(obj), name: stripGenerics(name), node: n };
      }
      case 'conditional_access_expression': {
        const obj = n.field('condition');
        const binding = named(n).find(
          (c) => kindOf(c) === 'member_binding_expression' || kindOf(c) === 'element_binding_expression',
        );
        if (obj === null) return other([], n);
        if (binding !== undefined && kindOf(binding) === 'member_binding_expression') {
          return { k: 'field', obj: this.expr(obj), name: binding.field('name')?.text() ?? '?', node: n };
        }
        return other([this.expr(obj)], n);
      }
      case 'element_access_expression': {
        const obj = n.field('expression');
        const sub =
          n.field('subscript') ?? named(n).find((c) => kindOf(c) === 'bracketed_argument_list') ?? null;
        const idx = sub === null ? undefined : named(sub)[0];
        if (obj === null) return other([], n);
        return {
          k: 'index',
          obj: this.expr(obj),
          index:
            idx === undefined
              ? other([])
              : this.expr(kindOf(idx) === 'argument' ? (named(idx).pop() ?? idx) : idx),
          node: n,
        };
      }
      case 'invocation_expression':
        return this.invocation(n);
      case 'object_creation_expression':
      case 'implicit_object_creation_expression':
        return this.creation(n);
      case 'assignment_expression': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        const op = n.field('operator')?.text() ?? kids(n)[1]?.text() ?? '=';
        return { k: 'assign', target: this.expr(l), op, value: this.expr(r), node: n };
      }
      case 'binary_expression': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        const op = n.field('operator')?.text() ?? kids(n)[1]?.text() ?? '+';
        return { k: 'bin', op, l: this.expr(l), r: this.expr(r), node: n };
      }
      case 'prefix_unary_expression':
      case 'postfix_unary_expression': {
        const x = named(n)[0];
        if (x === undefined) return other([], n);
        const text = n.text();
        if (text.startsWith('++') || text.endsWith('++'))
          return { k: 'assign', target: this.expr(x), op: '+=', value: { k: 'lit', v: 1 }, node: n };
        if (text.startsWith('--') || text.endsWith('--'))
          return { k: 'assign', target: this.expr(x), op: '-=', value: { k: 'lit', v: 1 }, node: n };
        const op = kind === 'prefix_unary_expression' ? (kids(n)[0]?.text() ?? '!') : '!';
        return op === '!' && kind === 'postfix_unary_expression'
          ? this.expr(x)
          : { k: 'un', op, x: this.expr(x), node: n };
      }
      case 'conditional_expression':
        return {
          k: 'cond',
          test: this.opt(n.field('condition')),
          then: this.opt(n.field('consequence')),
          else: this.opt(n.field('alternative')),
          node: n,
        };
      case 'lambda_expression':
      case 'anonymous_method_expression':
        return { k: 'fn', fn: this.lambda(n), node: n };
      case 'array_creation_expression':
      case 'implicit_array_creation_expression':
      case 'collection_expression': {
        const init =
          kind === 'collection_expression' ? n : named(n).find((c) => kindOf(c) === 'initializer_expression');
        return { k: 'array', items: init === undefined ? [] : named(init).map((c) => this.expr(c)), node: n };
      }
      case 'initializer_expression':
        return { k: 'array', items: named(n).map((c) => this.expr(c)), node: n };
      case 'typeof_expression':
      case 'sizeof_expression':
      case 'default_expression':
        return other([], n);
      case 'is_expression':
      case 'is_pattern_expression':
        return { k: 'bin', op: 'instanceof', l: this.opt(named(n)[0] ?? null), r: other([]), node: n };
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
      if (k === 'string_content' || k === 'interpolated_string_text') part = { k: 'lit', v: c.text() };
      else if (k === 'escape_sequence') part = { k: 'lit', v: unescapeC(c.text()) };
      else if (k === 'interpolation') {
        const inner = named(c).find(
          (x) =>
            kindOf(x) !== 'interpolation_brace' &&
            kindOf(x) !== 'interpolation_format_clause' &&
            kindOf(x) !== 'interpolation_alignment_clause',
        );
        if (inner !== undefined) part = this.expr(inner);
      }
      if (part !== undefined) acc = acc === undefined ? part : { k: 'bin', op: '+', l: acc, r: part };
    }
    if (acc === undefined) return { k: 'lit', v: '', node: n };
    if (acc.k === 'lit') return { ...acc, node: n };
    return { k: 'bin', op: '+', l: { k: 'lit', v: '' }, r: acc, node: n };
  }

  invocation(n: SgNode): Expr {
    const fn = n.field('function');
    const args = this.args(n.field('arguments'));
    if (fn === null) return other(args.positional, n);
    const call: CallExpr = { k: 'call', name: '?', args: args.positional, node: n };
    if (args.named.length > 0) call.kwargs = args.named;
    const fk = kindOf(fn);
    if (fk === 'member_access_expression') {
      const obj = fn.field('expression');
      call.name = stripGenerics(fn.field('name')?.text() ?? '?');
      if (obj !== null) call.recv = this.expr(obj);
    } else if (fk === 'identifier' || fk === 'generic_name') {
      call.name = stripGenerics(fn.text());
    } else if (fk === 'conditional_access_expression') {
      const obj = fn.field('condition');
      const binding = named(fn).find((c) => kindOf(c) === 'member_binding_expression');
      call.name = binding?.field('name')?.text() ?? '?';
      if (obj !== null) call.recv = this.expr(obj);
    } else {
      call.name = '<dynamic>';
      call.recv = this.expr(fn);
    }
    return call;
  }

  creation(n: SgNode): Expr {
    const typeNode = n.field('type');
    const qualified = typeNode === null ? '?' : stripGenerics(typeNode.text());
    const args = this.args(n.field('arguments'));
    const init = named(n).find((c) => kindOf(c) === 'initializer_expression');
    const name = qualified.slice(qualified.lastIndexOf('.') + 1);
    const call: CallExpr = { k: 'call', name, qualified, args: args.positional, isNew: true, node: n };
    if (init === undefined) return call;
    const elements = named(init);
    if (elements.length > 0 && elements.every((e) => kindOf(e) === 'initializer_expression')) {
      const entries = elements.map((e) => {
        const [key, value] = named(e);
        return {
          key: key === undefined ? other([]) : this.expr(key),
          value: value === undefined ? other([]) : this.expr(value),
        };
      });
      return { k: 'dict', entries, node: n };
    }
    if (elements.length > 0 && elements.every((e) => kindOf(e) !== 'assignment_expression')) {
      return { k: 'array', items: elements.map((e) => this.expr(e)), node: n };
    }
    // Property initialisers: their values flow into the object like constructor arguments.
    for (const e of elements) {
      const value = kindOf(e) === 'assignment_expression' ? e.field('right') : e;
      if (value !== null) call.args.push(this.expr(value));
    }
    return call;
  }

  args(n: SgNode | null): { positional: Expr[]; named: { name: string; value: Expr }[] } {
    const positional: Expr[] = [];
    const namedArgs: { name: string; value: Expr }[] = [];
    for (const a of n === null ? [] : named(n)) {
      if (kindOf(a) !== 'argument') continue;
      const parts = named(a);
      const value = parts[parts.length - 1];
      if (value === undefined) continue;
      const nameColon = parts.find((p) => kindOf(p) === 'name_colon');
      if (nameColon !== undefined && parts.length > 1)
        namedArgs.push({ name: nameColon.text().replace(/:$/, '').trim(), value: this.expr(value) });
      else positional.push(this.expr(value));
    }
    return { positional, named: namedArgs };
  }

  lambda(n: SgNode): Func {
    const params: Param[] = [];
    const ps = n.field('parameters');
    if (ps !== null) {
      if (kindOf(ps) === 'implicit_parameter' || kindOf(ps) === 'identifier')
        params.push({ name: ps.text() });
      else for (const fp of named(ps)) params.push({ name: fp.field('name')?.text() ?? fp.text() });
    }
    const body = n.field('body');
    return lazyFunc({ name: `<lambda${this.tmp++}>`, params, isLambda: true, node: n }, () => {
      if (body === null) return [];
      return kindOf(body) === 'block' ? this.block(body) : [{ k: 'return', e: this.expr(body) }];
    });
  }
}
