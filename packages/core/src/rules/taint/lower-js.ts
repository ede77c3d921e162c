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
  regexLiteral,
  parseNumber,
  unescapeC,
} from './lower-util.ts';

/** Lowers a JavaScript / TypeScript (and JSX / TSX) syntax tree. */
export function lowerJs(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new JsLowering(p);
  const body = lw.block(root);
  p.functions.unshift(moduleFunction(body, root));
  return p;
}

const skipKinds = new Set([
  'comment',
  'import_statement',
  'empty_statement',
  'interface_declaration',
  'type_alias_declaration',
  'ambient_declaration',
  'hash_bang_line',
  'debugger_statement',
  'abstract_method_signature',
  'method_signature',
  'index_signature',
  'property_signature',
  'decorator',
]);

class JsLowering {
  private tmp = 0;

  constructor(private readonly p: Program) {}

  block(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of named(n)) this.stmt(c, out);
    return out;
  }

  body(n: SgNode | null): Stmt[] {
    if (n === null) return [];
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  stmt(n: SgNode, out: Stmt[]): void {
    const kind = kindOf(n);
    if (skipKinds.has(kind)) return;
    switch (kind) {
      case 'statement_block':
        out.push({ k: 'block', body: this.block(n) });
        return;
      case 'expression_statement': {
        const e = named(n)[0];
        if (e !== undefined) out.push({ k: 'expr', e: this.expr(e) });
        return;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of named(n)) if (kindOf(d) === 'variable_declarator') this.declarator(d, out);
        return;
      case 'function_declaration':
      case 'generator_function_declaration':
        this.p.functions.push(this.func(n, n.field('name')?.text() ?? '<function>'));
        return;
      case 'class_declaration':
      case 'abstract_class_declaration':
      case 'class':
        this.lowerClass(n);
        return;
      case 'export_statement': {
        for (const c of named(n)) {
          const k = kindOf(c);
          if (k === 'export_clause' || k === 'string') continue;
          this.stmt(c, out);
        }
        return;
      }
      case 'if_statement': {
        const s: Stmt = {
          k: 'if',
          test: this.opt(n.field('condition')),
          then: this.body(n.field('consequence')),
        };
        const alt = n.field('alternative');
        if (alt !== null)
          s.else = kindOf(alt) === 'else_clause' ? named(alt).flatMap((c) => this.body(c)) : this.body(alt);
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
      case 'for_statement':
        out.push(this.forStmt(n));
        return;
      case 'for_in_statement':
        out.push(this.forIn(n, out));
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
      case 'throw_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'throw' } : { k: 'throw', e: this.expr(e) });
        return;
      }
      case 'break_statement':
        out.push({ k: 'break' });
        return;
      case 'continue_statement':
        out.push({ k: 'continue' });
        return;
      case 'labeled_statement': {
        const b = n.field('body');
        if (b !== null) this.stmt(b, out);
        return;
      }
      case 'enum_declaration':
      case 'module':
      case 'internal_module':
      case 'namespace_declaration': {
        const b = n.field('body');
        if (b !== null && kindOf(b) === 'statement_block') out.push({ k: 'block', body: this.block(b) });
        return;
      }
      default:
        if (n.isNamed()) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  declarator(d: SgNode, out: Stmt[]): void {
    const nameNode = d.field('name');
    const value = d.field('value');
    if (nameNode === null) return;
    const init = value === null ? undefined : this.expr(value);
    if (kindOf(nameNode) === 'identifier' && value !== null) {
      const vk = kindOf(value);
      if (vk === 'arrow_function' || vk === 'function_expression' || vk === 'function') {
        const f = init?.k === 'fn' ? init.fn : undefined;
        if (f !== undefined) this.p.functions.push(withFields(f, { name: nameNode.text() }));
      }
    }
    this.bindPattern(nameNode, init, out, d);
  }

  /** Declares the names of a binding pattern; destructured names read the matching member of the value. */
  bindPattern(pat: SgNode, init: Expr | undefined, out: Stmt[], node?: SgNode): void {
    const kind = kindOf(pat);
    if (kind === 'identifier' || kind === 'shorthand_property_identifier_pattern') {
      const s: Extract<Stmt, { k: 'decl' }> = { k: 'decl', name: pat.text() };
      if (init !== undefined) s.init = init;
      if (node !== undefined) s.node = node;
      out.push(s);
      return;
    }
    let source = init;
    if (init !== undefined && init.k !== 'name') {
      const t = `$tmp${this.tmp++}`;
      out.push({ k: 'decl', name: t, init });
      source = { k: 'name', name: t };
    }
    if (kind === 'object_pattern') {
      for (const c of named(pat)) {
        const ck = kindOf(c);
        if (ck === 'shorthand_property_identifier_pattern') {
          this.bindPattern(c, source && { k: 'field', obj: source, name: c.text() }, out);
        } else if (ck === 'pair_pattern') {
          const key = c.field('key');
          const value = c.field('value');
          if (value !== null)
            this.bindPattern(
              value,
              source !== undefined && key !== null
                ? { k: 'field', obj: source, name: keyName(key) }
                : undefined,
              out,
            );
        } else if (ck === 'object_assignment_pattern') {
          const left = c.field('left');
          const right = c.field('right');
          if (left !== null) {
            const member: Expr | undefined = source && { k: 'field', obj: source, name: left.text() };
            const dflt = right === null ? undefined : this.expr(right);
            this.bindPattern(left, member && dflt ? { k: 'bin', op: '??', l: member, r: dflt } : member, out);
          }
        } else if (ck === 'rest_pattern') {
          const inner = named(c)[0];
          if (inner !== undefined) this.bindPattern(inner, source, out);
        }
      }
      return;
    }
    if (kind === 'array_pattern') {
      named(pat).forEach((c, i) => {
        const idx: Expr | undefined = source && { k: 'index', obj: source, index: { k: 'lit', v: i } };
        this.bindPattern(kindOf(c) === 'rest_pattern' ? (named(c)[0] ?? c) : c, idx, out);
      });
      return;
    }
    if (kind === 'assignment_pattern') {
      const left = pat.field('left');
      const right = pat.field('right');
      if (left !== null)
        this.bindPattern(
          left,
          source && right ? { k: 'bin', op: '??', l: source, r: this.expr(right) } : source,
          out,
        );
    }
  }

  forStmt(n: SgNode): Stmt {
    const init: Stmt[] = [];
    const initNode = n.field('initializer');
    if (initNode !== null) this.stmt(initNode, init);
    const s: Extract<Stmt, { k: 'loop' }> = { k: 'loop', init, body: this.body(n.field('body')) };
    const cond = n.field('condition');
    if (cond !== null && kindOf(cond) !== 'empty_statement') {
      const e = kindOf(cond) === 'expression_statement' ? named(cond)[0] : cond;
      if (e !== undefined) s.test = this.expr(e);
    }
    const inc = n.field('increment');
    if (inc !== null) s.update = [this.expr(inc)];
    return s;
  }

  forIn(n: SgNode, _out: Stmt[]): Stmt {
    const left = n.field('left');
    const right = n.field('right');
    const isKeys = kids(n).some((c) => !c.isNamed() && c.text() === 'in');
    const names: string[] = [];
    const pre: Stmt[] = [];
    if (left !== null) {
      if (kindOf(left) === 'identifier') names.push(left.text());
      else {
        const t = `$each${this.tmp++}`;
        names.push(t);
        this.bindPattern(left, { k: 'name', name: t }, pre);
      }
    }
    const body = [...pre, ...this.body(n.field('body'))];
    return { k: 'loop', each: { names, iter: this.opt(right), isKeys }, body };
  }

  switchStmt(n: SgNode): Stmt {
    const cases: SwitchCase[] = [];
    const body = n.field('body');
    for (const c of body === null ? [] : named(body)) {
      const ck = kindOf(c);
      if (ck !== 'switch_case' && ck !== 'switch_default') continue;
      const value = c.field('value');
      const stmts: Stmt[] = [];
      for (const s of c.fieldChildren('body')) this.stmt(s, stmts);
      cases.push({ tests: ck === 'switch_case' && value !== null ? [this.expr(value)] : [], body: stmts });
    }
    return { k: 'switch', disc: this.opt(n.field('value')), cases };
  }

  tryStmt(n: SgNode): Stmt {
    const catches: { name?: string; body: Stmt[] }[] = [];
    const handler = n.field('handler');
    if (handler !== null) {
      const param = handler.field('parameter');
      const b = this.body(handler.field('body'));
      catches.push(
        param !== null && kindOf(param) === 'identifier' ? { name: param.text(), body: b } : { body: b },
      );
    }
    const s: Stmt = { k: 'try', body: this.body(n.field('body')), catches };
    const fin = n.field('finalizer');
    if (fin !== null) s.fin = this.body(fin.field('body'));
    return s;
  }

  lowerClass(n: SgNode): void {
    const name = n.field('name')?.text() ?? '<class>';
    this.p.classNames.add(name);
    const body = n.field('body');
    for (const m of body === null ? [] : named(body)) {
      const k = kindOf(m);
      if (k === 'method_definition') {
        this.p.functions.push(
          withFields(this.func(m, m.field('name')?.text() ?? '<method>'), { owner: name }),
        );
      } else if (k === 'public_field_definition' || k === 'field_definition') {
        const fname = (m.field('name') ?? m.field('property'))?.text();
        const value = m.field('value');
        if (fname === undefined || value === null) continue;
        const e = this.expr(value);
        if (e.k === 'fn') this.p.functions.push(withFields(e.fn, { name: fname, owner: name }));
        else {
          this.p.fields.set(fname, e);
          this.p.fields.set(`${name}.${fname}`, e);
        }
      }
    }
  }

  func(n: SgNode, name: string): Func {
    const params: Param[] = [];
    const pre: Stmt[] = [];
    const ps = n.field('parameters') ?? n.field('parameter');
    if (ps !== null) {
      const list = kindOf(ps) === 'formal_parameters' ? named(ps) : [ps];
      for (const fp of list) this.param(fp, params, pre);
    }
    const body = n.field('body');
    return lazyFunc({ name, params, node: n }, () => {
      if (body === null) return pre;
      return [
        ...pre,
        ...(kindOf(body) === 'statement_block'
          ? this.block(body)
          : [{ k: 'return', e: this.expr(body) } as Stmt]),
      ];
    });
  }

  param(fp: SgNode, params: Param[], pre: Stmt[]): void {
    let kind = kindOf(fp);
    let pat = fp;
    let type: string | undefined;
    let dflt: SgNode | null = null;
    if (kind === 'required_parameter' || kind === 'optional_parameter') {
      pat = fp.field('pattern') ?? fp;
      const t = fp.field('type');
      if (t !== null) type = named(t)[0]?.text();
      dflt = fp.field('value');
      kind = kindOf(pat);
    }
    if (kind === 'assignment_pattern') {
      dflt = pat.field('right');
      pat = pat.field('left') ?? pat;
      kind = kindOf(pat);
    }
    const isRest = kind === 'rest_pattern';
    if (isRest) {
      pat = named(pat)[0] ?? pat;
      kind = kindOf(pat);
    }
    if (kind === 'this') return;
    const name = kind === 'identifier' ? pat.text() : `$param${this.tmp++}`;
    const p: Param = { name };
    if (type !== undefined) p.type = type;
    if (dflt !== null) p.init = this.expr(dflt);
    if (isRest) p.isRest = true;
    params.push(p);
    if (kind !== 'identifier') this.bindPattern(pat, { k: 'name', name }, pre);
  }

  opt(n: SgNode | null): Expr {
    return n === null ? other([]) : this.expr(n);
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return n.text() === 'undefined'
          ? { k: 'lit', v: null, node: n }
          : { k: 'name', name: n.text(), node: n };
      case 'this':
      case 'super':
        return { k: 'this', node: n };
      case 'string':
        return { k: 'lit', v: unescapeC(n.text().slice(1, -1)), node: n };
      case 'template_string':
        return this.template(n);
      case 'number': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'true':
        return { k: 'lit', v: true, node: n };
      case 'false':
        return { k: 'lit', v: false, node: n };
      case 'null':
      case 'undefined':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'await_expression':
      case 'type_assertion': {
        const ks = named(n).filter(
          (c) =>
            kindOf(c) !== 'type_arguments' && !kindOf(c).endsWith('type') && kindOf(c) !== 'type_identifier',
        );
        const inner = ks[0];
        return inner === undefined ? other([], n) : this.expr(inner);
      }
      case 'sequence_expression': {
        const ks = named(n).map((c) => this.expr(c));
        const last = ks.pop();
        return last === undefined
          ? other([], n)
          : { k: 'seq', before: ks.map((e) => ({ k: 'expr', e })), x: last, node: n };
      }
      case 'member_expression': {
        const obj = n.field('object');
        const prop = n.field('property');
        if (obj === null || prop === null) return other([], n);
        return { k: 'field', obj: this.expr(obj), name: prop.text(), node: n };
      }
      case 'subscript_expression': {
        const obj = n.field('object');
        const idx = n.field('index');
        if (obj === null || idx === null) return other([], n);
        return { k: 'index', obj: this.expr(obj), index: this.expr(idx), node: n };
      }
      case 'call_expression':
        return this.call(n);
      case 'new_expression': {
        const ctor = n.field('constructor');
        const args = n.field('arguments');
        const qualified = ctor?.text() ?? '?';
        return {
          k: 'call',
          name: qualified.slice(qualified.lastIndexOf('.') + 1),
          qualified,
          args: args === null ? [] : this.args(args),
          isNew: true,
          node: n,
        };
      }
      case 'binary_expression': {
        const l = n.field('left');
        const r = n.field('right');
        const op = n.field('operator')?.text() ?? '?';
        if (l === null || r === null) return other([], n);
        return { k: 'bin', op, l: this.expr(l), r: this.expr(r), node: n };
      }
      case 'unary_expression': {
        const arg = n.field('argument');
        const op = n.field('operator')?.text() ?? '?';
        return arg === null ? other([], n) : { k: 'un', op, x: this.expr(arg), node: n };
      }
      case 'update_expression': {
        const arg = n.field('argument');
        if (arg === null) return other([], n);
        return {
          k: 'assign',
          target: this.expr(arg),
          op: n.text().includes('++') ? '+=' : '-=',
          value: { k: 'lit', v: 1 },
          node: n,
        };
      }
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        const l = n.field('left');
        const r = n.field('right');
        if (l === null || r === null) return other([], n);
        const op = kind === 'assignment_expression' ? '=' : (n.field('operator')?.text() ?? '+=');
        const lk = kindOf(l);
        if (lk === 'object_pattern' || lk === 'array_pattern') {
          const before: Stmt[] = [];
          const value = this.expr(r);
          const t = `$tmp${this.tmp++}`;
          before.push({ k: 'decl', name: t, init: value });
          const decls: Stmt[] = [];
          this.bindPattern(l, { k: 'name', name: t }, decls);
          for (const d of decls) {
            if (d.k === 'decl')
              before.push({
                k: 'expr',
                e: { k: 'assign', target: { k: 'name', name: d.name }, op: '=', value: d.init ?? other([]) },
              });
          }
          return { k: 'seq', before, x: { k: 'name', name: t }, node: n };
        }
        return { k: 'assign', target: this.expr(l), op, value: this.expr(r), node: n };
      }
      case 'ternary_expression':
        return {
          k: 'cond',
          test: this.opt(n.field('condition')),
          then: this.opt(n.field('consequence')),
          else: this.opt(n.field('alternative')),
          node: n,
        };
      case 'array':
        return { k: 'array', items: named(n).map((c) => this.expr(c)), node: n };
      case 'object':
        return this.object(n);
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return { k: 'fn', fn: withFields(this.func(n, '<lambda>'), { isLambda: true }), node: n };
      case 'spread_element':
      case 'yield_expression': {
        const inner = named(n)[0];
        return inner === undefined ? other([], n) : this.expr(inner);
      }
      case 'class':
        this.lowerClass(n);
        return other([], n);
      case 'regex':
        // A literal is the same compiled pattern as `new RegExp(source, flags)`.
        return regexLiteral(n.field('pattern')?.text() ?? '', n.field('flags')?.text() ?? '', n);
      default:
        return other(
          named(n)
            .filter((c) => kindOf(c) !== 'comment')
            .map((c) => this.expr(c)),
          n,
        );
    }
  }

  template(n: SgNode): Expr {
    let acc: Expr | undefined;
    for (const c of kids(n)) {
      const k = kindOf(c);
      let part: Expr | undefined;
      if (k === 'string_fragment') part = { k: 'lit', v: c.text() };
      else if (k === 'escape_sequence') part = { k: 'lit', v: unescapeC(c.text()) };
      else if (k === 'template_substitution') {
        const inner = named(c)[0];
        if (inner !== undefined) part = this.expr(inner);
      }
      if (part !== undefined) acc = acc === undefined ? part : { k: 'bin', op: '+', l: acc, r: part };
    }
    if (acc === undefined) return { k: 'lit', v: '', node: n };
    if (acc.k === 'lit') return { ...acc, node: n };
    return acc.k === 'bin'
      ? { ...acc, l: { k: 'bin', op: '+', l: { k: 'lit', v: '' }, r: acc.l }, node: n }
      : { k: 'bin', op: '+', l: { k: 'lit', v: '' }, r: acc, node: n };
  }

  object(n: SgNode): Expr {
    const entries: { key: Expr; value: Expr }[] = [];
    const spread: Expr[] = [];
    for (const c of named(n)) {
      const k = kindOf(c);
      if (k === 'pair') {
        const key = c.field('key');
        const value = c.field('value');
        if (key === null || value === null) continue;
        const keyExpr: Expr =
          kindOf(key) === 'computed_property_name'
            ? this.opt(named(key)[0] ?? null)
            : { k: 'lit', v: keyName(key) };
        entries.push({ key: keyExpr, value: this.expr(value) });
      } else if (k === 'shorthand_property_identifier') {
        entries.push({ key: { k: 'lit', v: c.text() }, value: { k: 'name', name: c.text(), node: c } });
      } else if (k === 'spread_element') {
        spread.push(this.expr(c));
      } else if (k === 'method_definition') {
        entries.push({
          key: { k: 'lit', v: c.field('name')?.text() ?? '' },
          value: { k: 'fn', fn: this.func(c, '<method>') },
        });
      }
    }
    const dict: Expr = { k: 'dict', entries, node: n };
    return spread.length === 0 ? dict : { k: 'other', parts: [dict, ...spread], node: n };
  }

  call(n: SgNode): Expr {
    const fn = n.field('function');
    const argsNode = n.field('arguments');
    const args =
      argsNode === null
        ? []
        : kindOf(argsNode) === 'template_string'
          ? [this.template(argsNode)]
          : this.args(argsNode);
    if (fn === null) return other(args, n);
    const fk = kindOf(fn);
    const call: CallExpr = { k: 'call', name: '?', args, node: n };
    if (fk === 'member_expression') {
      const obj = fn.field('object');
      call.name = fn.field('property')?.text() ?? '?';
      if (obj !== null) call.recv = this.expr(obj);
    } else if (fk === 'identifier' || fk === 'import') {
      call.name = fn.text();
    } else {
      call.name = '<dynamic>';
      call.recv = this.expr(fn);
    }
    return call;
  }

  args(n: SgNode): Expr[] {
    return named(n)
      .filter((c) => kindOf(c) !== 'comment')
      .map((a) => this.expr(a));
  }
}

function keyName(key: SgNode): string {
  const k = kindOf(key);
  if (k === 'string') return unescapeC(key.text().slice(1, -1));
  return key.text();
}
