import type { PatternRuleHints } from '../pattern/matcher.ts';
import type { PatternRule } from '../types.ts';
import { pythonQualityRules } from './python/quality.ts';
import { pythonSecurityRules } from './python/security.ts';
import { pythonWebRules } from './python/web.ts';

/** Pattern rules for Python. */
export const pythonRules: readonly (PatternRule & PatternRuleHints)[] = [...pythonSecurityRules, ...pythonWebRules, ...pythonQualityRules];
