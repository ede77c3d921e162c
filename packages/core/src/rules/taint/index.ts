import type { SgNode, SgRoot } from '@ast-grep/napi';
import type { Language } from '@xcr/contracts';
import type { RuleHit, RuleInput } from '../types.ts';
import type { Program } from './ir.ts';
import type { TaintRule } from './spec.ts';
import { Analyzer } from './interpreter.ts';
import { lowerJava } from './lower-java.ts';
import { lowerCsharp } from './lower-csharp.ts';
import { lowerGo } from './lower-go.ts';
import { lowerJs } from './lower-js.ts';
import { resetNodeBudget } from './lower-util.ts';
import { lowerPhp } from './lower-php.ts';
import { lowerPython } from './lower-python.ts';
import { lowerRuby } from './lower-ruby.ts';
import { buildGate, buildOriginHint } from './gate.ts';
import { compileRules } from './matchers.ts';
import { modelFor } from './models.ts';

export type { CallMatcher, SinkSpec, SourceSpec, TaintRule, ValueCheck } from './spec.ts';

type Lowering = (root: SgNode) => Program;

const lowerings: Partial<Record<Language, Lowering>> = {
  java: lowerJava,
  javascript: lowerJs,
  typescript: lowerJs,
  python: lowerPython,
  go: lowerGo,
  php: lowerPhp,
  ruby: lowerRuby,
  csharp: lowerCsharp,
};

const hints = new WeakMap<readonly TaintRule[], RegExp | undefined>();
const gates = new WeakMap<readonly TaintRule[], (content: string) => boolean>();
const byLanguage = new WeakMap<readonly TaintRule[], Map<Language, readonly TaintRule[]>>();

// The same filtered array is returned for the same input array, so compiled tables are cached too.
function rulesFor(rules: readonly TaintRule[], language: Language): readonly TaintRule[] {
  let perLanguage = byLanguage.get(rules);
  if (perLanguage === undefined) {
    perLanguage = new Map();
    byLanguage.set(rules, perLanguage);
  }
  let list = perLanguage.get(language);
  if (list === undefined) {
    list = rules.filter((r) => r.languages.includes(language));
    perLanguage.set(language, list);
  }
  return list;
}

/** Whether the taint engine can analyse files of this language. */
export function hasTaintSupport(language: Language): boolean {
  return lowerings[language] !== undefined;
}

/**
 * Runs taint and value-check rules over one parsed file: each function is interpreted once (same-file helper
 * functions are summarised and applied where they are called). Never throws: a file the engine cannot
 * handle yields no hits.
 */
export function runTaintRules(root: SgRoot, input: RuleInput, rules: readonly TaintRule[]): RuleHit[] {
  const lower = lowerings[input.language];
  if (lower === undefined) return [];
  const applicable = rulesFor(rules, input.language);
  if (applicable.length === 0) return [];
  let gate = gates.get(applicable);
  if (gate === undefined) {
    gate = buildGate(applicable);
    gates.set(applicable, gate);
  }
  if (!gate(input.content)) return [];
  try {
    resetNodeBudget();
    const program = lower(root.root());
    if (!hints.has(applicable)) hints.set(applicable, buildOriginHint(applicable));
    const analyzer = new Analyzer(
      program,
      modelFor(input.language),
      compileRules(applicable),
      input.project.properties,
      hints.get(applicable),
    );
    analyzer.run();
    return [...analyzer.hits.values()];
  } catch {
    return [];
  }
}
