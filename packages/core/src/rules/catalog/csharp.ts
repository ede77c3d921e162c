import type { PatternRuleHints } from '../pattern/matcher.ts';
import type { PatternRule } from '../types.ts';
import { csharpSecurityRules } from './csharp/security.ts';
import { csharpWebRules } from './csharp/web.ts';

/** Pattern rules for C#. */
export const csharpRules: readonly (PatternRule & PatternRuleHints)[] = [...csharpSecurityRules, ...csharpWebRules];
