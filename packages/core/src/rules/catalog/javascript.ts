import type { PatternRuleHints } from '../pattern/matcher.ts';
import type { PatternRule } from '../types.ts';
import { javascriptQualityRules } from './javascript/quality.ts';
import { javascriptSecurityRules } from './javascript/security.ts';
import { javascriptWebRules } from './javascript/web.ts';

/** Pattern rules for JavaScript, shared with TypeScript (each lists both languages). */
export const javascriptRules: readonly (PatternRule & PatternRuleHints)[] = [
  ...javascriptSecurityRules,
  ...javascriptWebRules,
  ...javascriptQualityRules,
];
