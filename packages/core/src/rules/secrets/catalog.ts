/**
 * Hard-coded secrets: known key formats (exact prefixes and lengths, so few false positives) and a generic
 * rule for secret-named assignments whose value is long and random enough (Shannon entropy). They run on every
 * language, configuration files included.
 */
import { Language } from '@xcr/contracts';
import type { RegexRuleHints } from '../pattern/regex-matcher.ts';
import type { RegexRule, RuleMeta } from '../types.ts';

/** A secret rule: a line regex plus the checks of {@link RegexRuleHints}. */
export type SecretRule = RegexRule & RegexRuleHints;

const everyLanguage: readonly Language[] = Language.options;

const secretMeta: Omit<RuleMeta, 'id' | 'title' | 'message'> = {
  languages: everyLanguage,
  cwe: [798],
  severity: 'high',
  category: 'security',
  explanation: {
    what: 'A credential is written into the source or configuration.',
    why: 'Everyone with access to the repository, its history, build logs or artefacts can use it; leaked keys are harvested from public code within minutes.',
    how: 'Revoke and rotate the credential, remove it from the history, and load it at run time from the environment or a secret manager.',
    learn_more: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  },
  fix: 'Rotate the credential and read it from the environment or a secret manager.',
  fixExample: 'const apiKey = process.env.PAYMENT_API_KEY;',
  confidence: 0.9,
  tags: ['owasp-a07', 'secret'],
};

function secret(id: string, title: string, regex: string, extra: Partial<SecretRule> = {}): SecretRule {
  return { ...secretMeta, id: `generic.secrets.${id}`, title, message: `${title} is hard-coded.`, kind: 'regex', regex, ...extra };
}

// Secret-looking names; the generic rule only looks at values assigned to these.
const secretName = '[A-Za-z0-9_.-]*(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[A-Za-z0-9_.-]*';

/** Built-in secret rules. */
export const secretRules: readonly SecretRule[] = [
  secret('aws-access-key-id', 'An AWS access key id', '\\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\\b', {
    severity: 'critical', secretGroup: 1, shouldSkipPlaceholders: true,
  }),
  secret('aws-secret-access-key', 'An AWS secret access key', `\\baws_?(?:secret_?access_?key|secret_?key|secret)\\b['"]?\\s*(?::=|=>|[:=])\\s*['"]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, {
    flags: 'i', severity: 'critical', secretGroup: 1, minEntropyBitsPerChar: 4, minSecretLength: 40,
  }),
  secret('github-token', 'A GitHub token', '\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\\b', {
    secretGroup: 1, shouldSkipPlaceholders: true,
  }),
  secret('gitlab-token', 'A GitLab token', '\\b(glpat-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])', { secretGroup: 1, shouldSkipPlaceholders: true }),
  secret('slack-token', 'A Slack token or webhook', '\\b(xox[abposr]-(?:[0-9]+-)+[A-Za-z0-9-]{10,}|https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,})', {
    secretGroup: 1, shouldSkipPlaceholders: true,
  }),
  secret('stripe-live-key', 'A Stripe live secret key', '\\b((?:sk|rk)_live_[A-Za-z0-9]{24,99})\\b', { severity: 'critical', secretGroup: 1 }),
  secret('google-api-key', 'A Google API key', '\\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])', { secretGroup: 1, shouldSkipPlaceholders: true }),
  secret('private-key', 'A private key', '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----', {
    severity: 'critical',
    // The header alone also appears in PEM parsers; a key has base64 on the next line.
    nextLineRegex: '^\\s*["\'`]?(?:[A-Za-z][A-Za-z-]*: .*|[A-Za-z0-9+/=]{40,}\\s*(?:\\\\n)?["\'`]?\\s*[,+]?)$',
  }),
  secret('private-key-inline', 'A private key in a string', '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\\\r)?\\\\n([A-Za-z0-9+/=]{40,})', {
    severity: 'critical', secretGroup: 1,
  }),
  secret('openai-api-key', 'An OpenAI API key', '\\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])', {
    secretGroup: 1, shouldSkipPlaceholders: true,
  }),
  secret('anthropic-api-key', 'An Anthropic API key', '\\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])', { secretGroup: 1, shouldSkipPlaceholders: true }),
  secret('twilio-api-key', 'A Twilio API key', '\\b(SK[0-9a-f]{32})\\b', { secretGroup: 1, minEntropyBitsPerChar: 3, minSecretLength: 34 }),
  secret('sendgrid-api-key', 'A SendGrid API key', '\\b(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])', { secretGroup: 1 }),
  secret('npm-token', 'An npm access token', '\\b(npm_[A-Za-z0-9]{36})\\b', { secretGroup: 1, shouldSkipPlaceholders: true }),
  secret('jwt', 'A JSON Web Token', '\\b(eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])', {
    severity: 'low', confidence: 0.5, secretGroup: 1,
    message: 'A JSON Web Token is hard-coded; if it is still valid, anyone can use it.',
  }),
  secret('credentials-in-url', 'A password in a URL', '\\b[a-z][a-z0-9+.-]*://[^\\s:/@\'"`]+:([^\\s:/@\'"`]{3,})@[^\\s/\'"`]+', {
    secretGroup: 1, shouldSkipPlaceholders: true, confidence: 0.8,
    // Local development hosts, documentation domains and templated hosts (`@${host}`) are not real endpoints.
    excludeLineRegex: '@(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|host\\.docker\\.internal|(\\w+\\.)*example\\.(com|org|net)\\b|\\$\\{|\\{|%|<)',
    // Templated values and the default passwords of local database images.
    excludeSecretRegex: '^(\\$|%|\\{|<)|^(postgres|mysql|mariadb|mongo|redis|guest|user|demo|pass)$',
  }),
  secret('hardcoded-secret', 'A secret value', `\\b${secretName}\\b['"]?\\s*(?::=|=>|\\?\\?=|[:=])\\s*(?:["'\`]([^"'\`\\s]{12,})["'\`]|([A-Za-z0-9/+_=.-]{16,})\\s*$)`, {
    flags: 'i',
    severity: 'high',
    confidence: 0.6,
    message: 'A random-looking value is assigned to a secret-named variable or key.',
    secretGroup: 1,
    minEntropyBitsPerChar: 3.5,
    minSecretLength: 12,
    shouldSkipPlaceholders: true,
    // Values read from the environment or a vault are what we want people to write.
    // Names of parameters, headers and fields (`TOKEN_QUERY_PARAM = "X-Amz-Security-Token"`) hold no secret.
    excludeLineRegex:
      '(process\\.env|os\\.environ|getenv|ENV\\[|System\\.getenv|Environment\\.GetEnvironmentVariable|\\$_ENV|secretKeyRef|valueFrom)|(PARAM|HEADER|NAME|FIELD|URL|URI|PATH|TYPE|ENDPOINT|LABEL|PREFIX|SUFFIX|PATTERN|REGEX|FORMAT|Param|Header|Name|Field|Url|Uri|Path|Type|Endpoint|Label|Prefix|Suffix|Pattern|Regex|Format)s?[\'"]?\\s*(?::=|=>|[:=])',
    // URLs, paths, bcrypt/argon2 hashes, regular expressions, template expressions and identifiers
    // (`password_confirmation`, `resetPasswordToken`, `app.secret.name`) are not secrets.
    // Known key formats are reported by their own rules.
    excludeSecretRegex:
      '(^(AKIA|ASIA|ABIA|ACCA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|sk_live_|rk_live_|AIza|sk-|SG\\.|npm_|eyJ)|^SK[0-9a-f]{32}$|://|^[./~]|^\\$2[aby]?\\$|^\\$argon2|\\(\\?|\\\\[dws]|\\[\\^?[a-zA-Z0-9]-|\\$\\{|\\{\\{|^[A-Z_]+$|^[A-Za-z]+[0-9]*[A-Za-z]*([._:-][A-Za-z]+[0-9]*[A-Za-z]*)+$|^[a-z]+([A-Z][a-z]+)+$)',
  }),
];
