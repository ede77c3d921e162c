import type { PatternRuleHints } from '../pattern/matcher.ts';
import type { PatternRule } from '../types.ts';
import { phpSecurityRules } from './php/security.ts';
import { phpWebRules } from './php/web.ts';

/** Pattern rules for PHP. */
export const phpRules: readonly (PatternRule & PatternRuleHints)[] = [...phpSecurityRules, ...phpWebRules];
