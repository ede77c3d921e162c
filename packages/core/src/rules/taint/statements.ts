import type { Const, Expr, Stmt, SwitchCase } from './ir.ts';
import type { Analyzer, Frame } from './interpreter.ts';
import type { Val } from './value.ts';
import { evalCall } from './calls.ts';
import { truthiness } from './constants.ts';
import { evalExpr } from './expressions.ts';
import { applyRefinements, guardRefinements } from './guards.ts';
import { maxSteps } from './interpreter.ts';
import type { State } from './state.ts';
import { joinStates, sameState } from './state.ts';
import { clean, constVal, joinVal } from './value.ts';

/*
 * Statement execution of the abstract interpreter: branches run on copies of the state and join, loops run
 * their body until the state is stable (at most twice), switches on constants take only the matching case.
 */

export function execBlock(an: Analyzer, stmts: readonly Stmt[], st: State, fr: Frame): State {
  let cur = st;
  for (const s of stmts) {
    if (cur.isDead) break;
    cur = exec(an, s, cur, fr);
  }
  return cur;
}

function exec(an: Analyzer, s: Stmt, st: State, fr: Frame): State {
  if (++an.steps > maxSteps) {
    st.isDead = true;
    return st;
  }
  switch (s.k) {
    case 'expr':
      evalExpr(an, s.e, st, fr);
      return st;
    case 'decl': {
      let v: Val = s.init === undefined ? clean : evalExpr(an, s.init, st, fr);
      if (s.type !== undefined && v.type === undefined && s.type !== 'var') v = { ...v, type: s.type };
      st.vars.set(s.name, v);
      return st;
    }
    case 'if':
      return execIf(an, s.test, s.then, s.else, st, fr);
    case 'loop':
      return execLoop(an, s, st, fr);
    case 'switch':
      return execSwitch(an, s.disc, s.cases, s.isArrow === true, st, fr);
    case 'return': {
      const v = s.e === undefined ? clean : evalExpr(an, s.e, st, fr);
      if (s.e !== undefined) an.checkReturn(v, s.e, st, fr);
      fr.ret = joinVal(fr.ret, an.flatten(v, st));
      st.isDead = true;
      return st;
    }
    case 'throw':
      if (s.e !== undefined) evalExpr(an, s.e, st, fr);
      st.isDead = true;
      return st;
    case 'break':
      fr.breaks[fr.breaks.length - 1]?.push(st.clone());
      st.isDead = true;
      return st;
    case 'continue':
      fr.continues[fr.continues.length - 1]?.push(st.clone());
      st.isDead = true;
      return st;
    case 'try':
      return execTry(an, s.body, s.catches, s.fin, st, fr);
    case 'block':
      return execBlock(an, s.body, st, fr);
    case 'emit':
      evalCall(an, { k: 'call', name: s.name, args: s.args, ...(s.node ? { node: s.node } : {}) }, st, fr);
      return st;
  }
}

function execIf(
  an: Analyzer,
  test: Expr,
  then: Stmt[],
  els: Stmt[] | undefined,
  st: State,
  fr: Frame,
): State {
  const known = truthiness(evalExpr(an, test, st, fr));
  if (known === true) return execBlock(an, then, st, fr);
  if (known === false) return els === undefined ? st : execBlock(an, els, st, fr);
  // Each branch knows what the test proved: after `if (!valid(x)) return;` only the validated path goes on.
  const proven = guardRefinements(an, test, true, st, fr);
  const refuted = guardRefinements(an, test, false, st, fr);
  const other = st.clone();
  applyRefinements(st, proven, true);
  applyRefinements(other, refuted, true);
  const a = execBlock(an, then, st, fr);
  const b = els === undefined ? other : execBlock(an, els, other, fr);
  return joinStates([a, b]);
}

function execLoop(an: Analyzer, s: Extract<Stmt, { k: 'loop' }>, st0: State, fr: Frame): State {
  const st = s.init === undefined ? st0 : execBlock(an, s.init, st0, fr);
  const exits: State[] = [];
  const breaks: State[] = [];
  fr.breaks.push(breaks);
  // The state at the loop head; two rounds reach the usual fixpoint (a value assigned late in the body
  // flowing to an earlier statement on the next iteration).
  let cur: State | undefined = st;
  for (let iter = 0; iter < 2 && cur !== undefined; iter++) {
    const exit = loopExit(an, s, cur, fr, iter === 0 && s.isDoWhile === true);
    if (exit === 'must') {
      exits.push(cur);
      cur = undefined;
      break;
    }
    if (exit === 'may') exits.push(cur.clone());
    const body = cur.clone();
    if (s.each !== undefined) bindEach(an, s.each, body, fr);
    const continues: State[] = [];
    fr.continues.push(continues);
    let end = execBlock(an, s.body, body, fr);
    fr.continues.pop();
    end = joinStates([end, ...continues]);
    if (!end.isDead) for (const u of s.update ?? []) evalExpr(an, u, end, fr);
    const next = joinStates([cur, end]);
    const isStable = sameState(next, cur);
    cur = next;
    if (isStable) break;
  }
  if (cur !== undefined && !cur.isDead && loopExit(an, s, cur, fr, false) !== 'never') exits.push(cur);
  fr.breaks.pop();
  return joinStates([...exits, ...breaks]);
}

/** Whether the loop can leave at its head: a constant test decides, a for-each may always end. */
function loopExit(
  an: Analyzer,
  s: Extract<Stmt, { k: 'loop' }>,
  st: State,
  fr: Frame,
  isFirstDo: boolean,
): 'must' | 'may' | 'never' {
  if (isFirstDo) return 'never';
  if (s.each !== undefined) return 'may';
  if (s.test === undefined) return 'never';
  const known = truthiness(evalExpr(an, s.test, st, fr));
  return known === false ? 'must' : known === true ? 'never' : 'may';
}

function bindEach(
  an: Analyzer,
  each: { names: string[]; type?: string; iter: Expr; isKeys?: boolean },
  st: State,
  fr: Frame,
): void {
  const it = evalExpr(an, each.iter, st, fr);
  let elem: Val = it.t === undefined ? clean : { t: it.t };
  const o = it.ref === undefined ? undefined : st.heap.get(it.ref);
  if (o !== undefined) {
    let v: Val | undefined = o.t === undefined ? undefined : { t: o.t };
    if (each.isKeys === true && o.entries !== undefined) {
      for (const k of o.entries.keys()) v = joinVal(v, constVal(k));
    } else {
      for (const item of o.items ?? []) v = joinVal(v, item);
      for (const item of o.entries?.values() ?? []) v = joinVal(v, item);
      if (o.content !== undefined) v = joinVal(v, { ...(o.content.t ? { t: o.content.t } : {}) });
    }
    elem = v ?? clean;
  } else if (it.hasC === true && typeof it.c === 'string' && each.isKeys !== true) {
    elem = clean;
  }
  if (each.type !== undefined && elem.type === undefined) elem = { ...elem, type: each.type };
  for (const name of each.names) st.vars.set(name, elem);
}

function execSwitch(
  an: Analyzer,
  disc: Expr,
  cases: SwitchCase[],
  isArrow: boolean,
  st: State,
  fr: Frame,
): State {
  const d = evalExpr(an, disc, st, fr);
  const breaks: State[] = [];
  fr.breaks.push(breaks);
  const ends: State[] = [];
  const runFrom = (start: number, s: State): void => {
    let cur = s;
    for (let i = start; i < cases.length && !cur.isDead; i++) {
      cur = execBlock(an, cases[i]!.body, cur, fr);
      if (isArrow) break;
    }
    ends.push(cur);
  };
  let chosen: number | undefined;
  if (d.hasC === true) {
    const def = cases.findIndex((c) => c.tests.length === 0);
    let allKnown = true;
    for (let i = 0; i < cases.length && chosen === undefined; i++) {
      for (const t of cases[i]!.tests) {
        const tv = evalExpr(an, t, st, fr);
        if (tv.hasC !== true) allKnown = false;
        else if (looseEquals(tv.c!, d.c!)) chosen = i;
      }
    }
    if (chosen === undefined && allKnown) chosen = def >= 0 ? def : -1;
  }
  if (chosen === -1) {
    fr.breaks.pop();
    return st;
  }
  if (chosen !== undefined) {
    runFrom(chosen, st);
  } else {
    cases.forEach((_, i) => runFrom(i, st.clone()));
    if (!cases.some((c) => c.tests.length === 0)) ends.push(st);
  }
  fr.breaks.pop();
  return joinStates([...ends, ...breaks]);
}

function execTry(
  an: Analyzer,
  body: Stmt[],
  catches: { name?: string; body: Stmt[] }[],
  fin: Stmt[] | undefined,
  st: State,
  fr: Frame,
): State {
  const before = st.clone();
  const after = execBlock(an, body, st, fr);
  const outs: State[] = [after];
  if (catches.length > 0) {
    const start = joinStates([before, after.isDead ? before : after]);
    for (const c of catches) {
      const s = start.clone();
      s.isDead = false;
      if (c.name !== undefined) s.vars.set(c.name, clean);
      outs.push(execBlock(an, c.body, s, fr));
    }
  }
  let end = joinStates(outs);
  if (fin !== undefined) {
    const wasDead = end.isDead;
    end.isDead = false;
    end = execBlock(an, fin, end, fr);
    if (wasDead) end.isDead = true;
  }
  return end;
}

function looseEquals(a: Const, b: Const): boolean {
  return a === b || String(a) === String(b);
}
