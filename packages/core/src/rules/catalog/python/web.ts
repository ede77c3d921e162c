import {
  debugEnabled, insecureCookie, jwtVerificationDisabled, permissiveFileMode, tlsVerificationDisabled, xss, xxe,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { pyKeyword, pyLiteral } from './fragments.ts';

const python = ['python'] as const;
// Module-level statements (settings modules), not assignments inside functions or classes.
const atModuleLevel = { inside: { kind: 'expression_statement', inside: { kind: 'module' } } };

/** Web, transport and configuration pattern rules for Python. */
export const pythonWebRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...xxe,
    id: 'python.xxe.parser-entities',
    languages: python,
    kind: 'pattern',
    rule: {
      any: [
        { pattern: '$PARSER.setFeature($FEATURE, True)' },
        {
          any: [{ pattern: '$ETREE.XMLParser($$$)' }, { pattern: 'XMLParser($$$)' }],
          has: { field: 'arguments', has: { any: [pyKeyword('resolve_entities', 'True'), pyKeyword('no_network', 'False')] } },
        },
      ],
    },
    constraints: { FEATURE: { regex: 'external_ges|external_pes|external-general-entities|external-parameter-entities' } },
    fix: 'Use defusedxml, or lxml.etree.XMLParser(resolve_entities=False, no_network=True).',
    fixExample: 'tree = defusedxml.ElementTree.fromstring(data)',
  },
  {
    ...tlsVerificationDisabled,
    id: 'python.tls.verification-disabled',
    languages: python,
    requiresPattern: 'verify\\s*=\\s*False|CERT_NONE|_create_unverified_context|check_hostname\\s*=\\s*False',
    kind: 'pattern',
    rule: {
      any: [
        // jwt.decode(verify=False) is about signatures, reported by the JWT rule.
        { ...pyKeyword('verify', 'False'), inside: { kind: 'argument_list', inside: { kind: 'call', not: { has: { field: 'function', regex: '(^jwt\\.|decode$)' } } } } },
        pyKeyword('cert_reqs', '(ssl\\.)?CERT_NONE'),
        { pattern: 'ssl._create_unverified_context($$$)' },
        { pattern: '$CTX.verify_mode = ssl.CERT_NONE' },
        { pattern: '$CTX.check_hostname = False' },
      ],
    },
    fix: 'Remove verify=False; point verify= at the CA bundle of a private CA instead.',
    fixExample: "requests.get(url, verify='/etc/ssl/internal-ca.pem', timeout=10)",
  },
  {
    ...debugEnabled,
    id: 'python.debug.debug-enabled',
    languages: python,
    requiresPattern: 'debug\\s*=\\s*True',
    kind: 'pattern',
    rule: {
      any: [
        { pattern: '$APP.run($$$)', has: { field: 'arguments', has: pyKeyword('debug', 'True') } },
        { pattern: 'DEBUG = True', ...atModuleLevel },
      ],
    },
    fix: "Read the flag from the environment: app.run(debug=os.environ.get('FLASK_DEBUG') == '1').",
    fixExample: "DEBUG = os.environ.get('DJANGO_DEBUG') == '1'",
  },
  {
    ...insecureCookie,
    id: 'python.cookies.insecure-cookie',
    languages: python,
    requiresPattern: 'cookie',
    kind: 'pattern',
    rule: {
      any: [
        { ...pyKeyword('secure|httponly', 'False'), inside: { kind: 'argument_list', inside: { kind: 'call', regex: 'set_cookie|set_signed_cookie' } } },
        { kind: 'assignment', regex: '^(SESSION_COOKIE_SECURE|SESSION_COOKIE_HTTPONLY|CSRF_COOKIE_SECURE|REMEMBER_COOKIE_SECURE|REMEMBER_COOKIE_HTTPONLY)\\s*=\\s*False$' },
        { kind: 'assignment', all: [{ has: { field: 'left', kind: 'subscript', regex: '(SESSION|CSRF|REMEMBER)_COOKIE_(SECURE|HTTPONLY)' } }, { has: { field: 'right', kind: 'false' } }] },
        pyKeyword('SESSION_COOKIE_SECURE|SESSION_COOKIE_HTTPONLY|CSRF_COOKIE_SECURE', 'False'),
      ],
    },
    fix: 'Set secure=True, httponly=True and samesite on cookies; SESSION_COOKIE_SECURE = True in settings.',
    fixExample: "response.set_cookie('session', sid, secure=True, httponly=True, samesite='Lax')",
  },
  {
    ...jwtVerificationDisabled,
    id: 'python.jwt.verification-disabled',
    languages: python,
    requiresPattern: 'verify_signature|jwt\\.decode|algorithms\\s*=',
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'pair', regex: `^['"]verify_signature['"]\\s*:\\s*False$` },
        { pattern: 'jwt.decode($$$)', has: { field: 'arguments', has: pyKeyword('verify', 'False') } },
        { kind: 'keyword_argument', regex: `(?i)^algorithms\\s*=\\s*\\[[^\\]]*['"]none['"]` },
      ],
    },
    fix: "Decode with verification and an explicit algorithm list: jwt.decode(token, key, algorithms=['RS256']).",
    fixExample: "claims = jwt.decode(token, public_key, algorithms=['RS256'])",
  },
  {
    ...xss,
    id: 'python.xss.mark-safe',
    languages: python,
    kind: 'pattern',
    message: 'A dynamic value is marked as safe HTML, so the template will not escape it.',
    rule: { any: [{ pattern: 'mark_safe($HTML)' }, { pattern: 'Markup($HTML)' }, { pattern: 'SafeString($HTML)' }, { pattern: '$M.Markup($HTML)' }] },
    // format_html and escape() produce escaped output; constants are the author's own markup.
    constraints: { HTML: { not: { any: [pyLiteral, { regex: '^(format_html|escape|conditional_escape|bleach\\.clean|html\\.escape)\\(' }] } } },
    fix: 'Build the HTML with format_html() (Django) or Markup.format() / escape() (Jinja), which escape the values.',
    fixExample: "return format_html('<b>{}</b>', user.name)",
  },
  {
    ...permissiveFileMode,
    id: 'python.permissions.world-writable',
    languages: python,
    requiresPattern: 'chmod',
    kind: 'pattern',
    rule: { any: [{ pattern: 'os.$CHMOD($PATH, $MODE)' }, { pattern: 'os.$CHMOD($PATH, $MODE, $$$)' }] },
    constraints: {
      CHMOD: { regex: '^(chmod|fchmod|lchmod)$' },
      MODE: { any: [{ regex: '^(0[oO]?[0-7]*[2367]|511|438)$' }, { regex: 'S_IWOTH|S_IRWXO' }] },
    },
    fix: 'Use a restrictive mode, e.g. 0o600 for secrets or 0o644 for readable files.',
    fixExample: 'os.chmod(key_path, 0o600)',
  },
  {
    id: 'python.tempfile.insecure-mktemp',
    title: 'Insecure temporary file name',
    languages: python,
    cwe: [377],
    severity: 'medium',
    category: 'security',
    message: 'tempfile.mktemp() returns a name without creating the file, so another process can create it first.',
    explanation: {
      what: 'A temporary file name is generated with tempfile.mktemp().',
      why: 'Between choosing the name and opening it, an attacker can create a file or symlink there (race condition).',
      how: 'Use tempfile.NamedTemporaryFile, mkstemp or TemporaryDirectory, which create the file atomically.',
      learn_more: 'https://cwe.mitre.org/data/definitions/377.html',
    },
    fix: 'Use tempfile.mkstemp() or NamedTemporaryFile().',
    fixExample: 'fd, path = tempfile.mkstemp()',
    confidence: 0.9,
    kind: 'pattern',
    rule: { any: [{ pattern: 'tempfile.mktemp($$$)' }, { pattern: 'mktemp($$$)', inside: { kind: 'module', has: { pattern: 'from tempfile import $$$NAMES', stopBy: 'end' }, stopBy: 'end' } }] },
  },
];
