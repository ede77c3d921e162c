import {
  debugEnabled, emptyCatch, insecureCookie, permissiveFileMode, tlsVerificationDisabled, xxe,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { phpCall, phpCallsWithTail, phpFalse } from './fragments.ts';

const php = ['php'] as const;
const arrayEntry = (key: string, value: string) => ({ kind: 'array_element_initializer', regex: `^['"]?(${key})['"]?\\s*=>\\s*(${value})$` });
const sessionCookieName = `(?i)^['"][^'"]*(sess|token|auth|jwt|sid|login|remember|csrf)`;

/** Web, transport, configuration and quality pattern rules for PHP. */
export const phpWebRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...xxe,
    id: 'php.xxe.entity-loading',
    languages: php,
    kind: 'pattern',
    rule: {
      any: [
        phpCall('libxml_disable_entity_loader(false)'),
        { kind: 'name', regex: '^LIBXML_(NOENT|DTDLOAD|DTDATTR)$', inside: { kind: 'arguments', stopBy: 'end' } },
        { kind: 'assignment_expression', regex: '->substituteEntities\\s*=\\s*(true|1)$' },
        { kind: 'member_call_expression', regex: 'setParserProperty\\(\\s*XMLReader::(SUBST_ENTITIES|LOADDTD)\\s*,\\s*true' },
      ],
    },
    requiresPattern: 'libxml_disable_entity_loader|LIBXML_(NOENT|DTDLOAD|DTDATTR)|substituteEntities|setParserProperty',
    fix: 'Drop LIBXML_NOENT/LIBXML_DTDLOAD; libxml 2.9+ does not load external entities unless asked to.',
    fixExample: '$doc->loadXML($xml, LIBXML_NONET);',
  },
  {
    ...tlsVerificationDisabled,
    id: 'php.tls.verification-disabled',
    languages: php,
    kind: 'pattern',
    rule: {
      any: [
        phpCall('curl_setopt($CURL, $OPT, $OFF)'),
        arrayEntry('CURLOPT_SSL_VERIFYPEER|CURLOPT_SSL_VERIFYHOST', 'false|FALSE|0'),
        arrayEntry('verify_peer|verify_peer_name|verify', 'false|FALSE|0'),
      ],
    },
    constraints: { OPT: { regex: '^CURLOPT_SSL_VERIFY(PEER|HOST)$' }, OFF: { regex: phpFalse } },
    requiresPattern: 'CURLOPT_SSL_VERIFY|verify',
    fix: 'Keep CURLOPT_SSL_VERIFYPEER on; set CURLOPT_CAINFO to a private CA bundle if needed.',
    fixExample: "curl_setopt($ch, CURLOPT_CAINFO, '/etc/ssl/internal-ca.pem');",
  },
  {
    ...insecureCookie,
    id: 'php.cookies.insecure-cookie',
    languages: php,
    kind: 'pattern',
    rule: {
      any: [
        // Positional form: the 6th argument is `secure`, the 7th `httponly`.
        ...phpCallsWithTail(phpCall, '$SETCOOKIE', '$N, $V, $E, $P, $D, $SECURE'),
        phpCall('$SETCOOKIE($N, $V, $E, $P, $D, $S, $HTTPONLY)'),
        { ...arrayEntry('secure|httponly', 'false|FALSE|0'), inside: { kind: 'function_call_expression', regex: '^(setcookie|setrawcookie|session_set_cookie_params)\\(', stopBy: 'end' } },
        phpCall('ini_set($INI, $OFF)'),
        // A session-looking cookie with only name, value and maybe expiry/path/domain: no Secure flag.
        { ...phpCall('$SETCOOKIE($SNAME, $$$REST)'), not: { has: { field: 'arguments', any: [{ has: { kind: 'argument', nthChild: 6 } }, { has: { kind: 'array_creation_expression', stopBy: 'end' } }] } } },
      ],
    },
    constraints: {
      SETCOOKIE: { regex: '^(setcookie|setrawcookie)$' },
      SECURE: { regex: phpFalse },
      HTTPONLY: { regex: phpFalse },
      INI: { regex: `^['"]session\\.cookie_(secure|httponly)['"]$` },
      OFF: { regex: phpFalse },
      SNAME: { regex: sessionCookieName },
    },
    requiresPattern: 'setcookie|setrawcookie|session_set_cookie_params|session\\.cookie_',
    fix: "Pass ['secure' => true, 'httponly' => true, 'samesite' => 'Lax'] as the cookie options.",
    fixExample: "setcookie('session', $id, ['secure' => true, 'httponly' => true, 'samesite' => 'Lax']);",
  },
  {
    id: 'php.injection.extract-superglobal',
    title: 'Request data turned into variables',
    languages: php,
    cwe: [621, 473],
    severity: 'high',
    category: 'security',
    message: 'extract() or parse_str() without a target turns request data into local variables, so clients can overwrite any variable.',
    explanation: {
      what: 'Request parameters are imported as variables with extract($_GET/$_POST/...) or a one-argument parse_str().',
      why: 'An attacker can set or overwrite variables such as $isAdmin or $userId and change the program\'s behaviour.',
      how: 'Read the parameters you need explicitly from the array, or pass a result array to parse_str().',
      learn_more: 'https://cwe.mitre.org/data/definitions/621.html',
    },
    fix: 'Read parameters explicitly: $name = $_POST["name"] ?? ""; parse_str($query, $params).',
    fixExample: "parse_str($query, $params);\n$page = (int) ($params['page'] ?? 1);",
    confidence: 0.9,
    kind: 'pattern',
    rule: { any: [...phpCallsWithTail(phpCall, 'extract', '$INPUT'), phpCall('parse_str($QUERY)')] },
    constraints: { INPUT: { regex: '^\\$_(GET|POST|REQUEST|COOKIE|SERVER|FILES|ENV)\\b' } },
    requiresPattern: '\\b(extract|parse_str)\\s*\\(',
  },
  {
    ...debugEnabled,
    id: 'php.debug.display-errors',
    languages: php,
    kind: 'pattern',
    message: 'display_errors is switched on, so errors with paths, queries and data reach the browser.',
    rule: phpCall('ini_set($SETTING, $ON)'),
    constraints: { SETTING: { regex: `^['"]display_errors['"]$` }, ON: { regex: `(?i)^(true|1|['"](1|on|true|stdout)['"])$` } },
    requiresPattern: 'display_errors',
    fix: 'Keep display_errors off in production and log errors instead (log_errors = On).',
    fixExample: "ini_set('display_errors', '0');\nini_set('log_errors', '1');",
  },
  {
    ...permissiveFileMode,
    id: 'php.permissions.world-writable',
    languages: php,
    kind: 'pattern',
    rule: phpCall('chmod($PATH, $MODE)'),
    constraints: { MODE: { regex: '^(0[oO]?[0-7]*[2367]|511|438)$' } },
    fix: 'Use 0600 for private files and 0644 for shared ones.',
    fixExample: 'chmod($configPath, 0600);',
  },
  {
    ...emptyCatch,
    id: 'php.quality.empty-catch',
    languages: php,
    kind: 'pattern',
    rule: { kind: 'catch_clause', has: { field: 'body', regex: '^\\{\\s*\\}$' } },
    requires: ['catch'],
    fix: 'Log or handle the exception, or explain in a comment why it is ignored.',
    fixExample: "} catch (RuntimeException $e) {\n    $logger->warning('cleanup failed', ['exception' => $e]);\n}",
  },
];
