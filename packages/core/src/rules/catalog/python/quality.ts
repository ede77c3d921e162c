import { emptyCatch } from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';

const python = ['python'] as const;

/** Quality pattern rules for Python. */
export const pythonQualityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    id: 'python.quality.bare-except',
    title: 'Bare except',
    languages: python,
    cwe: [396],
    severity: 'low',
    category: 'bug',
    message: 'A bare `except:` also catches KeyboardInterrupt and SystemExit and hides the error type.',
    explanation: {
      what: 'An except clause names no exception type.',
      why: 'It swallows Ctrl-C, interpreter exit and programming errors alike, making failures hard to stop and to diagnose.',
      how: 'Catch the exceptions you expect, or `except Exception:` at most, and log what happened.',
      learn_more: 'https://cwe.mitre.org/data/definitions/396.html',
    },
    fix: 'Catch specific exceptions (or Exception) instead of everything.',
    fixExample: 'except (OSError, ValueError) as error:\n    log.warning("load failed: %s", error)',
    confidence: 0.9,
    requiresPattern: 'except\\s*:',
    kind: 'pattern',
    rule: { kind: 'except_clause', regex: '^except\\s*:' },
  },
  {
    ...emptyCatch,
    id: 'python.quality.swallowed-exception',
    languages: python,
    requiresPattern: 'except\\s*\\(?\\s*(Base)?Exception\\b',
    kind: 'pattern',
    // `except Exception: pass` (or BaseException) only: `except KeyError: pass` is the idiomatic way to ignore
    // one expected error, and bare handlers are reported by python.quality.bare-except. A comment in the
    // handler documents an intentional ignore.
    rule: {
      kind: 'except_clause',
      all: [
        { regex: '^except\\s*\\(?\\s*(Base)?Exception\\b' },
        { has: { kind: 'block', regex: '^pass$' } },
        { not: { has: { kind: 'comment', stopBy: 'end' } } },
      ],
    },
    fix: 'Log or handle the error, or explain in a comment why it is ignored (or use contextlib.suppress).',
    fixExample: 'with contextlib.suppress(FileNotFoundError):\n    os.remove(path)',
  },
  {
    id: 'python.quality.none-comparison',
    title: 'Comparison with None using ==',
    languages: python,
    cwe: [595],
    severity: 'low',
    category: 'maintainability',
    message: '`== None` / `!= None` calls __eq__, which objects may override; use `is None` / `is not None`.',
    explanation: {
      what: 'A value is compared with None using an equality operator.',
      why: 'Objects (e.g. NumPy arrays, ORM columns) may overload == and return something other than a bool.',
      how: 'Use `is None` or `is not None`.',
      learn_more: 'https://peps.python.org/pep-0008/#programming-recommendations',
    },
    fix: 'Use `is None` / `is not None`.',
    fixExample: 'if value is None:',
    confidence: 0.8,
    requiresPattern: '[=!]=\\s*None\\b|\\bNone\\s*[=!]=',
    kind: 'pattern',
    // SQLAlchemy expressions (`Column == None`) need ==, but appear inside filter()/where() calls.
    rule: {
      kind: 'comparison_operator',
      regex: '(==|!=)\\s*None$|^None\\s*(==|!=)',
      not: { inside: { kind: 'call', regex: '^[\\w.]*(filter|where|filter_by|having|query)\\(', stopBy: 'end' } },
    },
  },
  {
    id: 'python.quality.is-literal',
    title: 'Identity comparison with a literal',
    languages: python,
    cwe: [597],
    severity: 'low',
    category: 'bug',
    message: '`is` compares identity; with a literal the result depends on interning and is unreliable.',
    explanation: {
      what: 'A value is compared with a string or number literal using `is` / `is not`.',
      why: 'Equal strings and numbers are not guaranteed to be the same object, so the check may fail at random (Python warns about it).',
      how: 'Use == or != for values; keep `is` for None, True, False and sentinels.',
      learn_more: 'https://cwe.mitre.org/data/definitions/597.html',
    },
    fix: 'Use == / != to compare values.',
    fixExample: 'if status == "ok":',
    confidence: 0.9,
    requiresPattern: '\\bis\\s+(not\\s+)?[\'"0-9-]',
    kind: 'pattern',
    rule: {
      kind: 'comparison_operator',
      regex: '\\bis\\b',
      has: { any: [{ kind: 'string' }, { kind: 'integer' }, { kind: 'float' }, { kind: 'concatenated_string' }] },
    },
  },
];
