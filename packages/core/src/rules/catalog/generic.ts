import { secretRules } from '../secrets/catalog.ts';
import type { SecretRule } from '../secrets/catalog.ts';

/** Rules for every language: hard-coded secrets (see secrets/catalog.ts). */
export const genericRules: readonly SecretRule[] = secretRules;
