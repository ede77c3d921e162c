import { xss } from '../pattern/families.ts';
import type { PatternRuleHints } from '../pattern/matcher.ts';
import type { PatternRule } from '../types.ts';
import { jsDynamicValue, jsUnsanitizedValue } from './javascript/fragments.ts';

/** Rules for TypeScript only; most TypeScript rules are shared with JavaScript (see javascript.ts). */
export const typescriptRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...xss,
    id: 'typescript.xss.angular-bypass-sanitizer',
    title: 'Angular sanitizer bypassed for dynamic content',
    languages: ['typescript'],
    kind: 'pattern',
    message: "Angular's DomSanitizer is told to trust a dynamic value, turning off its XSS protection.",
    rule: { pattern: '$S.$BYPASS($VALUE)' },
    constraints: {
      BYPASS: { regex: '^bypassSecurityTrust(Html|Script|Style|Url|ResourceUrl)$' },
      VALUE: { all: [jsDynamicValue, jsUnsanitizedValue] },
    },
    requires: ['bypassSecurityTrust'],
    fix: 'Bind the value normally and let Angular sanitise it; only trust constants or sanitised values.',
    fixExample: '<div [innerHTML]="comment.body"></div>',
  },
];
