/**
 * A small seeded random source (mulberry32): the same seed gives the same requests, so a failure found by the
 * fuzzer reproduces with `XCR_FUZZ_SEED=<seed>`.
 */

/** The seed used when `XCR_FUZZ_SEED` is not set. */
export const defaultFuzzSeed = 20_240_611;

/** Random choices, all drawn from one seeded sequence. */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string;
  /** A version 4 UUID (random, so it names nothing stored). */
  uuid(): string;
}

const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The seed for this run: `XCR_FUZZ_SEED` when it is an integer, else the default. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.XCR_FUZZ_SEED);
  return Number.isSafeInteger(given) && env.XCR_FUZZ_SEED !== '' ? given : defaultFuzzSeed;
}

/** A random source whose sequence depends only on `seed`. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  function int(min: number, max: number): number {
    return min + Math.floor(next() * (max - min + 1));
  }
  function string(length: number, alphabet = lowerAlnum): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[int(0, alphabet.length - 1)];
    return out;
  }
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    string,
    uuid() {
      const hex = string(32, '0123456789abcdef');
      const variant = '89ab'[int(0, 3)];
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
    },
  };
}
