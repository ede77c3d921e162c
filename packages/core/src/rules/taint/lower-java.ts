import type { SgNode } from '@ast-grep/napi';
import type { CallExpr, Expr, Func, Param, Program, Stmt, SwitchCase } from './ir.ts';
import {
  emptyProgram,
  kids,
  kindOf,
  lazyFunc,
  named,
  other,
  parseNumber,
  stripGenerics,
  unescapeC,
} from './lower-util.ts';

const classKinds = new Set([
  'class_declaration',
  'interface_declaration',
  'enum_declaration',
  'record_declaration',
  'annotation_type_declaration',
]);

/** Lowers a Java syntax tree. */
export function lowerJava(root: SgNode): Program {
  const p = emptyProgram();
  const lw = new JavaLowering(p);
  for (const c of named(root)) {
    if (classKinds.has(kindOf(c))) lw.lowerClass(c);
    else if (kindOf(c) === 'import_declaration') {
      const m = /^import\s+([\w.]+)\s*;$/.exec(c.text().replace(/\s+/g, ' '));
      const qualified = m?.[1];
      if (qualified !== undefined) p.imports.set(qualified.slice(qualified.lastIndexOf('.') + 1), qualified);
    }
  }
  return p;
}

class JavaLowering {
  /** The class whose member is being lowered: a lambda written there reads that object's fields. */
  private owner: string | undefined;

  constructor(private readonly p: Program) {}

  /** Lowers a body (lazily, when it is first needed) as code of `owner`. */
  private within<T>(owner: string | undefined, lower: () => T): T {
    const outer = this.owner;
    this.owner = owner;
    try {
      return lower();
    } finally {
      this.owner = outer;
    }
  }

  lowerClass(node: SgNode): void {
    const name = node.field('name')?.text() ?? '<anonymous>';
    this.p.classNames.add(name);
    if (kindOf(node) === 'enum_declaration') this.p.enumNames.add(name);
    const body = node.field('body');
    if (body !== null) this.lowerMembers(body, name);
  }

  lowerMembers(body: SgNode, owner: string): Func[] {
    const out: Func[] = [];
    for (const m of named(body)) {
      const kind = kindOf(m);
      if (
        kind === 'method_declaration' ||
        kind === 'constructor_declaration' ||
        kind === 'compact_constructor_declaration'
      ) {
        const f = this.lowerMethod(m, owner);
        out.push(f);
        this.p.functions.push(f);
      } else if (kind === 'field_declaration' || kind === 'constant_declaration') {
        for (const d of kids(m)) {
          if (kindOf(d) !== 'variable_declarator') continue;
          const value = d.field('value');
          const fname = d.field('name')?.text();
          if (fname !== undefined && value === null && kind === 'field_declaration' && !isStatic(m)) {
            const own = this.p.objectFields.get(owner) ?? new Map<string, string | undefined>();
            const type = m.field('type');
            own.set(fname, type === null ? undefined : stripGenerics(type.text()));
            this.p.objectFields.set(owner, own);
          }
          if (value === null || fname === undefined) continue;
          const e = this.expr(value);
          if (!this.p.fields.has(fname)) this.p.fields.set(fname, e);
          this.p.fields.set(`${owner}.${fname}`, e);
        }
      } else if (classKinds.has(kind)) {
        this.lowerClass(m);
      } else if (kind === 'static_initializer' || kind === 'block') {
        const f = lazyFunc({ name: '<init>', params: [], owner, node: m }, () =>
          this.within(owner, () => this.block(m)),
        );
        out.push(f);
        this.p.functions.push(f);
      } else if (kind === 'enum_body_declarations') {
        out.push(...this.lowerMembers(m, owner));
      }
    }
    return out;
  }

  lowerMethod(m: SgNode, owner: string): Func {
    const params: Param[] = [];
    const ps = m.field('parameters');
    if (ps !== null) for (const fp of named(ps)) params.push(...this.param(fp));
    const body = m.field('body');
    return lazyFunc({ name: m.field('name')?.text() ?? '<init>', params, owner, node: m }, () =>
      body === null ? [] : this.within(owner, () => this.block(body)),
    );
  }

  param(fp: SgNode): Param[] {
    const kind = kindOf(fp);
    if (kind === 'identifier') return [{ name: fp.text() }];
    if (kind !== 'formal_parameter' && kind !== 'spread_parameter') return [];
    let name = fp.field('name')?.text();
    let type: string | undefined;
    const annotations: string[] = [];
    for (const c of kids(fp)) {
      const k = kindOf(c);
      if (k === 'modifiers') {
        for (const a of named(c))
          if (kindOf(a).endsWith('annotation')) annotations.push(a.field('name')?.text() ?? '');
      } else if (k === 'variable_declarator') {
        name = c.field('name')?.text();
      } else if (type === undefined && k !== 'identifier' && c.isNamed()) {
        type = stripGenerics(c.text());
      }
    }
    if (name === undefined) return [];
    const p: Param = { name };
    if (type !== undefined) p.type = type;
    if (annotations.length > 0) p.annotations = annotations;
    if (kind === 'spread_parameter') p.isRest = true;
    return [p];
  }

  block(n: SgNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of kids(n)) if (c.isNamed()) this.stmt(c, out);
    return out;
  }

  body(n: SgNode | null): Stmt[] {
    if (n === null) return [];
    const out: Stmt[] = [];
    this.stmt(n, out);
    return out;
  }

  stmt(n: SgNode, out: Stmt[]): void {
    switch (kindOf(n)) {
      case 'block':
      case 'constructor_body':
        out.push({ k: 'block', body: this.block(n) });
        return;
      case 'local_variable_declaration':
        this.decls(n, out);
        return;
      case 'expression_statement': {
        const e = n.child(0);
        if (e !== null) out.push({ k: 'expr', e: this.expr(e) });
        return;
      }
      case 'explicit_constructor_invocation':
        out.push({ k: 'expr', e: this.explicitCtor(n) });
        return;
      case 'if_statement': {
        const s: Stmt = {
          k: 'if',
          test: this.cond(n.field('condition')),
          then: this.body(n.field('consequence')),
        };
        const alt = n.field('alternative');
        if (alt !== null) s.else = this.body(alt);
        out.push(s);
        return;
      }
      case 'while_statement':
        out.push({ k: 'loop', test: this.cond(n.field('condition')), body: this.body(n.field('body')) });
        return;
      case 'do_statement':
        out.push({
          k: 'loop',
          test: this.cond(n.field('condition')),
          body: this.body(n.field('body')),
          isDoWhile: true,
        });
        return;
      case 'for_statement':
        out.push(this.forStmt(n));
        return;
      case 'enhanced_for_statement': {
        const name = n.field('name')?.text() ?? '_';
        const type = n.field('type');
        const value = n.field('value');
        const each: Extract<Stmt, { k: 'loop' }>['each'] = {
          names: [name],
          iter: value === null ? other([]) : this.expr(value),
        };
        if (type !== null) each.type = stripGenerics(type.text());
        out.push({ k: 'loop', each, body: this.body(n.field('body')) });
        return;
      }
      case 'switch_expression':
      case 'switch_statement':
        out.push(this.switchStmt(n));
        return;
      case 'return_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'return' } : { k: 'return', e: this.expr(e) });
        return;
      }
      case 'yield_statement': {
        const e = named(n)[0];
        if (e !== undefined) out.push(this.yieldValue(this.expr(e)));
        out.push({ k: 'break' });
        return;
      }
      case 'break_statement':
        out.push({ k: 'break' });
        return;
      case 'continue_statement':
        out.push({ k: 'continue' });
        return;
      case 'throw_statement': {
        const e = named(n)[0];
        out.push(e === undefined ? { k: 'throw' } : { k: 'throw', e: this.expr(e) });
        return;
      }
      case 'try_statement':
      case 'try_with_resources_statement':
        out.push(this.tryStmt(n));
        return;
      case 'labeled_statement':
        for (const c of named(n)) if (kindOf(c) !== 'identifier') this.stmt(c, out);
        return;
      case 'synchronized_statement':
        for (const c of named(n)) {
          if (kindOf(c) === 'block') out.push({ k: 'block', body: this.block(c) });
          else out.push({ k: 'expr', e: this.expr(c) });
        }
        return;
      case 'class_declaration':
      case 'record_declaration':
      case 'interface_declaration':
      case 'enum_declaration':
        this.lowerClass(n);
        return;
      case 'assert_statement':
        out.push({ k: 'expr', e: other(named(n).map((c) => this.expr(c))) });
        return;
      case 'line_comment':
      case 'block_comment':
        return;
      default:
        if (n.isNamed() && !kindOf(n).endsWith('comment')) out.push({ k: 'expr', e: this.expr(n) });
    }
  }

  decls(n: SgNode, out: Stmt[]): void {
    const typeNode = n.field('type');
    const type = typeNode === null ? undefined : stripGenerics(typeNode.text());
    for (const d of kids(n)) {
      if (kindOf(d) !== 'variable_declarator') continue;
      const name = d.field('name')?.text();
      if (name === undefined) continue;
      const value = d.field('value');
      const s: Extract<Stmt, { k: 'decl' }> = { k: 'decl', name, node: d };
      if (type !== undefined) s.type = type;
      if (value !== null) s.init = this.expr(value);
      out.push(s);
    }
  }

  forStmt(n: SgNode): Stmt {
    const init: Stmt[] = [];
    const update: Expr[] = [];
    let test: Expr | undefined;
    for (const c of kids(n)) {
      if (!c.isNamed()) continue;
      const f = fieldOf(n, c);
      if (f === 'init') {
        if (kindOf(c) === 'local_variable_declaration') this.decls(c, init);
        else init.push({ k: 'expr', e: this.expr(c) });
      } else if (f === 'condition') test = this.expr(c);
      else if (f === 'update') update.push(this.expr(c));
    }
    const s: Extract<Stmt, { k: 'loop' }> = { k: 'loop', init, update, body: this.body(n.field('body')) };
    if (test !== undefined) s.test = test;
    return s;
  }

  switchStmt(n: SgNode): Stmt {
    const cases: SwitchCase[] = [];
    let isArrow = false;
    const block = n.field('body');
    for (const g of block === null ? [] : named(block)) {
      const kind = kindOf(g);
      if (kind !== 'switch_block_statement_group' && kind !== 'switch_rule') continue;
      if (kind === 'switch_rule') isArrow = true;
      let current: SwitchCase | undefined;
      for (const c of named(g)) {
        if (kindOf(c) === 'switch_label') {
          const tests = named(c).map((t) => this.expr(t));
          if (current !== undefined && current.body.length === 0) current.tests.push(...tests);
          else {
            current = { tests, body: [] };
            cases.push(current);
          }
          if (tests.length === 0) current.tests = [];
        } else if (current !== undefined) {
          // `case X -> value;` in a switch expression yields the value.
          const value =
            kind === 'switch_rule' && this.yieldTarget !== undefined && kindOf(c) === 'expression_statement'
              ? named(c)[0]
              : undefined;
          if (value !== undefined) current.body.push(this.yieldValue(this.expr(value)), { k: 'break' });
          else this.stmt(c, current.body);
        }
      }
    }
    return { k: 'switch', disc: this.cond(n.field('condition')), cases, isArrow };
  }

  /** Where `yield` stores the value of the switch expression being lowered. */
  private yieldTarget: string | undefined;
  private tmp = 0;

  yieldValue(e: Expr): Stmt {
    if (this.yieldTarget === undefined) return { k: 'expr', e };
    return {
      k: 'expr',
      e: { k: 'assign', target: { k: 'name', name: this.yieldTarget }, op: '=', value: e },
    };
  }

  /** A switch expression: every case assigns its value to a temporary that is the expression's value. */
  switchExpr(n: SgNode): Expr {
    const saved = this.yieldTarget;
    const target = `$switch${this.tmp++}`;
    this.yieldTarget = target;
    try {
      const s = this.switchStmt(n);
      return { k: 'seq', before: [{ k: 'decl', name: target }, s], x: { k: 'name', name: target }, node: n };
    } finally {
      this.yieldTarget = saved;
    }
  }

  tryStmt(n: SgNode): Stmt {
    const resources: Stmt[] = [];
    const catches: { name?: string; body: Stmt[] }[] = [];
    let fin: Stmt[] | undefined;
    let body: Stmt[] = [];
    for (const c of named(n)) {
      switch (kindOf(c)) {
        case 'resource_specification':
          for (const r of named(c)) {
            const name = r.field('name')?.text();
            const value = r.field('value');
            if (name !== undefined && value !== null)
              resources.push({ k: 'decl', name, init: this.expr(value) });
            else if (kindOf(r) === 'resource')
              for (const x of named(r)) resources.push({ k: 'expr', e: this.expr(x) });
          }
          break;
        case 'block':
          body = this.block(c);
          break;
        case 'catch_clause': {
          const param = named(c).find((x) => kindOf(x) === 'catch_formal_parameter');
          const name = param?.field('name')?.text();
          const b = c.field('body');
          catches.push(name === undefined ? { body: this.body(b) } : { name, body: this.body(b) });
          break;
        }
        case 'finally_clause': {
          const b = named(c)[0];
          fin = b === undefined ? [] : this.block(b);
          break;
        }
        default:
          break;
      }
    }
    const s: Stmt = { k: 'try', body: [...resources, ...body], catches };
    if (fin !== undefined) s.fin = fin;
    return s;
  }

  cond(n: SgNode | null): Expr {
    if (n === null) return other([]);
    return this.expr(n);
  }

  explicitCtor(n: SgNode): Expr {
    const args = n.field('arguments');
    const call: CallExpr = {
      k: 'call',
      name: '<super>',
      args: args === null ? [] : this.args(args),
      node: n,
    };
    return call;
  }

  args(n: SgNode): Expr[] {
    return named(n).map((a) => this.expr(a));
  }

  expr(n: SgNode): Expr {
    const kind = kindOf(n);
    switch (kind) {
      case 'identifier':
        return { k: 'name', name: n.text(), node: n };
      case 'this':
      case 'super':
        return { k: 'this', node: n };
      case 'string_literal':
      case 'text_block':
        return { k: 'lit', v: stringValue(n.text()), node: n };
      case 'character_literal':
        return { k: 'lit', v: unescapeC(n.text().slice(1, -1)), node: n };
      case 'decimal_integer_literal':
      case 'hex_integer_literal':
      case 'octal_integer_literal':
      case 'binary_integer_literal':
      case 'decimal_floating_point_literal':
      case 'hex_floating_point_literal': {
        const v = parseNumber(n.text());
        return v === undefined ? other([], n) : { k: 'lit', v, node: n };
      }
      case 'true':
        return { k: 'lit', v: true, node: n };
      case 'false':
        return { k: 'lit', v: false, node: n };
      case 'null_literal':
        return { k: 'lit', v: null, node: n };
      case 'parenthesized_expression': {
        const inner = named(n)[0];
        return inner === undefined ? other([], n) : this.expr(inner);
      }
      case 'binary_expression': {
        const ks = kids(n);
        return { k: 'bin', op: ks[1]?.text() ?? '?', l: this.expr(ks[0]!), r: this.expr(ks[2]!), node: n };
      }
      case 'unary_expression': {
        const ks = kids(n);
        return { k: 'un', op: ks[0]?.text() ?? '?', x: this.expr(ks[1]!), node: n };
      }
      case 'update_expression': {
        const target = named(n)[0];
        if (target === undefined) return other([], n);
        const op = n.text().includes('++') ? '+=' : '-=';
        return { k: 'assign', target: this.expr(target), op, value: { k: 'lit', v: 1 }, node: n };
      }
      case 'assignment_expression': {
        const ks = kids(n);
        return {
          k: 'assign',
          target: this.expr(ks[0]!),
          op: ks[1]?.text() ?? '=',
          value: this.expr(ks[2]!),
          node: n,
        };
      }
      case 'ternary_expression':
        return {
          k: 'cond',
          test: this.cond(n.field('condition')),
          then: this.cond(n.field('consequence')),
          else: this.cond(n.field('alternative')),
          node: n,
        };
      case 'method_invocation':
        return this.invocation(n);
      case 'object_creation_expression':
        return this.creation(n);
      case 'field_access': {
        const obj = n.field('object');
        const field = n.field('field');
        if (obj === null || field === null) return other([], n);
        return { k: 'field', obj: this.expr(obj), name: field.text(), node: n };
      }
      case 'array_access': {
        const arr = n.field('array');
        const idx = n.field('index');
        if (arr === null || idx === null) return other([], n);
        return { k: 'index', obj: this.expr(arr), index: this.expr(idx), node: n };
      }
      case 'cast_expression': {
        const value = n.field('value');
        const type = n.field('type');
        if (value === null) return other([], n);
        return {
          k: 'cast',
          type: type === null ? '' : stripGenerics(type.text()),
          x: this.expr(value),
          node: n,
        };
      }
      case 'instanceof_expression': {
        const left = n.field('left');
        return {
          k: 'bin',
          op: 'instanceof',
          l: left === null ? other([]) : this.expr(left),
          r: other([]),
          node: n,
        };
      }
      case 'lambda_expression':
        return { k: 'fn', fn: this.lambda(n), node: n };
      case 'array_creation_expression': {
        const value = n.field('value');
        return value === null ? { k: 'array', items: [], node: n } : this.expr(value);
      }
      case 'array_initializer':
        return { k: 'array', items: named(n).map((c) => this.expr(c)), node: n };
      case 'class_literal':
      case 'method_reference':
        return other([], n);
      case 'switch_expression':
        return this.switchExpr(n);
      default:
        return other(
          named(n)
            .filter((c) => !kindOf(c).endsWith('comment'))
            .map((c) => this.expr(c)),
          n,
        );
    }
  }

  invocation(n: SgNode): Expr {
    const obj = n.field('object');
    const name = n.field('name')?.text() ?? '?';
    const args = n.field('arguments');
    const call: CallExpr = { k: 'call', name, args: args === null ? [] : this.args(args), node: n };
    if (obj !== null) call.recv = this.expr(obj);
    return call;
  }

  creation(n: SgNode): Expr {
    const typeNode = n.field('type');
    const qualified = typeNode === null ? '?' : stripGenerics(typeNode.text());
    const args = n.field('arguments');
    const call: CallExpr = {
      k: 'call',
      name: qualified.slice(qualified.lastIndexOf('.') + 1),
      qualified,
      args: args === null ? [] : this.args(args),
      isNew: true,
      node: n,
    };
    const body = named(n).find((c) => kindOf(c) === 'class_body');
    if (body !== undefined) call.body = this.lowerMembers(body, call.name);
    return call;
  }

  lambda(n: SgNode): Func {
    const params: Param[] = [];
    const ps = n.field('parameters');
    if (ps !== null) {
      if (kindOf(ps) === 'identifier') params.push({ name: ps.text() });
      else for (const c of named(ps)) params.push(...this.param(c));
    }
    const body = n.field('body');
    const owner = this.owner;
    const head: Omit<Func, 'body'> = { name: '<lambda>', params, isLambda: true, node: n };
    if (owner !== undefined) head.owner = owner;
    return lazyFunc(head, () =>
      this.within(owner, () => {
        if (body === null) return [];
        return kindOf(body) === 'block' ? this.block(body) : [{ k: 'return', e: this.expr(body) }];
      }),
    );
  }
}

function fieldOf(parent: SgNode, child: SgNode): string | undefined {
  for (const f of ['init', 'condition', 'update'] as const) {
    for (const c of parent.fieldChildren(f)) if (c.id() === child.id()) return f;
  }
  return undefined;
}

function stringValue(text: string): string {
  if (text.startsWith('"""')) return text.slice(3, -3).replace(/^[^\n]*\n/, '');
  return unescapeC(text.slice(1, -1));
}

/** Whether a member declaration carries the `static` modifier. */
function isStatic(member: SgNode): boolean {
  return kids(member).some((c) => kindOf(c) === 'modifiers' && /\bstatic\b/.test(c.text()));
}
