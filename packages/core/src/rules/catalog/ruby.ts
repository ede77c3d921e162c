import type { PatternRuleHints } from '../pattern/matcher.ts';
import type { PatternRule } from '../types.ts';
import { rubySecurityRules } from './ruby/security.ts';
import { rubyWebRules } from './ruby/web.ts';

/** Pattern rules for Ruby. */
export const rubyRules: readonly (PatternRule & PatternRuleHints)[] = [...rubySecurityRules, ...rubyWebRules];
