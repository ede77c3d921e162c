import { emptyCatch } from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';

const js = ['javascript', 'typescript'] as const;

/** Quality pattern rules for JavaScript and TypeScript. */
export const javascriptQualityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...emptyCatch,
    id: 'javascript.quality.empty-catch',
    languages: js,
    kind: 'pattern',
    // A comment inside the block documents an intentional ignore, so only truly empty blocks match.
    rule: { kind: 'catch_clause', has: { field: 'body', regex: '^\\{\\s*\\}$' } },
    requiresPattern: 'catch\\s*(\\([^)]*\\))?\\s*\\{\\s*\\}',
    fix: 'Handle or log the error, or explain in a comment why it is ignored.',
    fixExample: "try { cleanup(); } catch (error) { logger.warn({ error }, 'cleanup failed'); }",
  },
  {
    id: 'javascript.quality.nan-comparison',
    title: 'Comparison with NaN',
    languages: js,
    cwe: [570],
    severity: 'low',
    category: 'bug',
    message: 'A value is compared with NaN, which is never equal to anything, itself included.',
    explanation: {
      what: 'The code uses ==, ===, != or !== with NaN.',
      why: 'Such comparisons are always false (or always true for !=), so the check never works.',
      how: 'Use Number.isNaN(value).',
      learn_more: 'https://cwe.mitre.org/data/definitions/570.html',
    },
    fix: 'Use Number.isNaN(value).',
    fixExample: 'if (Number.isNaN(total)) return 0;',
    confidence: 0.95,
    kind: 'pattern',
    rule: { kind: 'binary_expression', has: { field: 'operator', regex: '^[!=]==?$' }, all: [{ has: { regex: '^NaN$', kind: 'identifier' } }] },
    requiresPattern: '[!=]==?\\s*NaN\\b|\\bNaN\\s*[!=]==?',
  },
  {
    id: 'javascript.quality.assignment-in-condition',
    title: 'Assignment in an if condition',
    languages: js,
    cwe: [481],
    severity: 'low',
    category: 'bug',
    message: 'An if condition contains an assignment where a comparison was probably meant.',
    explanation: {
      what: 'The condition of an if statement is an assignment (`=`), not a comparison (`===`).',
      why: 'The branch runs whenever the assigned value is truthy and the variable is overwritten: usually a typo.',
      how: 'Use === for comparison; if the assignment is intended, move it before the if.',
      learn_more: 'https://cwe.mitre.org/data/definitions/481.html',
    },
    fix: 'Compare with === or move the assignment out of the condition.',
    fixExample: 'if (user.role === "admin") { ... }',
    confidence: 0.8,
    kind: 'pattern',
    // Extra parentheses, `if ((m = re.exec(s)))`, mark an intended assignment and do not match.
    rule: { kind: 'if_statement', has: { field: 'condition', kind: 'parenthesized_expression', has: { kind: 'assignment_expression' } } },
    requiresPattern: '\\bif\\s*\\(\\s*[\\w.$[\\]\'"]+\\s*=[^=]',
  },
];
