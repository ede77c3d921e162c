import type { Obj, Val } from './value.ts';
import { cloneObj, joinObj, joinVal, sameObj, sameVal } from './value.ts';

/** The abstract state at one program point: variables and the heap of tracked objects. */
export class State {
  vars: Map<string, Val>;
  heap: Map<number, Obj>;
  isDead = false;
  /** Objects already copied for this state (copy on write). */
  private owned: Set<number>;

  constructor(vars?: Map<string, Val>, heap?: Map<number, Obj>) {
    this.vars = vars ?? new Map();
    this.heap = heap ?? new Map();
    this.owned = new Set();
  }

  clone(): State {
    const s = new State(new Map(this.vars), new Map(this.heap));
    s.isDead = this.isDead;
    // Both states now share the objects: each must copy before writing.
    this.owned = new Set();
    return s;
  }

  /** The object behind `ref`, copied first so that writes stay local to this state. */
  mutable(ref: number): Obj | undefined {
    const o = this.heap.get(ref);
    if (o === undefined) return undefined;
    if (this.owned.has(ref)) return o;
    const c = cloneObj(o);
    this.heap.set(ref, c);
    this.owned.add(ref);
    return c;
  }

  /** Takes over the contents of another state (statements inside an expression end in a new state). */
  adopt(other: State): void {
    if (other === this) return;
    this.vars = other.vars;
    this.heap = other.heap;
    this.isDead = other.isDead;
    this.owned = other.owned;
    other.owned = new Set();
  }

  /** Adds a new object owned by this state. */
  add(ref: number, o: Obj): void {
    this.heap.set(ref, o);
    this.owned.add(ref);
  }
}

/** Joins the states of several paths; dead paths are ignored. */
export function joinStates(states: readonly State[]): State {
  const live = states.filter((s) => !s.isDead);
  if (live.length === 0) {
    const dead = states[0]?.clone() ?? new State();
    dead.isDead = true;
    return dead;
  }
  if (live.length === 1) return live[0]!;
  const vars = new Map<string, Val>(live[0]!.vars);
  const heap = new Map<number, Obj>(live[0]!.heap);
  for (const s of live.slice(1)) {
    for (const [name, v] of s.vars) {
      const prev = vars.get(name);
      vars.set(name, prev === undefined ? v : joinVal(prev, v));
    }
    for (const [ref, o] of s.heap) {
      const prev = heap.get(ref);
      heap.set(ref, prev === undefined || prev === o ? o : joinObj(prev, o));
    }
  }
  return new State(vars, heap);
}

/** Whether two states are the same (loop fixpoint). */
export function sameState(a: State, b: State): boolean {
  if (a.isDead !== b.isDead || a.vars.size !== b.vars.size || a.heap.size !== b.heap.size) return false;
  for (const [k, v] of a.vars) if (!sameVal(v, b.vars.get(k))) return false;
  for (const [k, o] of a.heap) {
    const p = b.heap.get(k);
    if (p === undefined || !sameObj(o, p)) return false;
  }
  return true;
}
