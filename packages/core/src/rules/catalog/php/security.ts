import { securityNameRegex } from '../../pattern/names.ts';
import {
  codeInjection, commandInjection, insecureDeserialization, insecureRandom, sqlInjection, weakCipher, weakPasswordHash,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import { sqlContentPattern, sqlTextRegex } from '../../pattern/sql-text.ts';
import type { PatternRule } from '../../types.ts';
import { phpArg, phpBuiltString, phpCall, phpCallsWithTail, phpLiteral, phpMethod, phpStatic } from './fragments.ts';

const php = ['php'] as const;
const passwordish = '(?i)\\$[\\w>-]*(password|passwd|pwd|passphrase|secret)';
const noShellEscaping = { not: { regex: 'escapeshell(arg|cmd)\\(' } };

/** Crypto, injection and deserialization pattern rules for PHP. */
export const phpSecurityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...weakPasswordHash,
    id: 'php.crypto.weak-password-hash',
    languages: php,
    kind: 'pattern',
    // md5()/sha1() on cache keys and ETags is fine; on passwords it is not.
    rule: {
      any: [phpCall('$HASH($$$ARGS)'), phpCall('hash($ALG, $$$ARGS)')],
      has: { field: 'arguments', regex: passwordish },
    },
    constraints: { HASH: { regex: '^(md5|sha1|crc32|md5_file)$' }, ALG: { regex: `(?i)^['"](md5|sha1|md4|crc32)['"]$` } },
    requiresPattern: 'pass|pwd|secret',
    fix: 'Use password_hash($password, PASSWORD_DEFAULT) and password_verify().',
    fixExample: '$hash = password_hash($password, PASSWORD_DEFAULT);',
  },
  {
    ...weakCipher,
    id: 'php.crypto.weak-cipher',
    languages: php,
    kind: 'pattern',
    rule: { any: [...phpCallsWithTail(phpCall, '$OPENSSL', '$DATA, $ALG'), phpCall('$MCRYPT($$$)')] },
    constraints: {
      OPENSSL: { regex: '^(openssl_encrypt|openssl_decrypt)$' },
      ALG: { regex: `(?i)^['"](des[\\w-]*|[\\w-]*-ecb|rc2[\\w-]*|rc4[\\w-]*|bf[\\w-]*|blowfish[\\w-]*|cast5[\\w-]*|idea[\\w-]*)['"]$` },
      MCRYPT: { regex: '^(mcrypt_encrypt|mcrypt_decrypt|mcrypt_ecb|mcrypt_cbc|mcrypt_module_open)$' },
    },
    requiresPattern: 'openssl_(en|de)crypt|mcrypt_',
    fix: "Use openssl_encrypt with 'aes-256-gcm' and a random IV, or libsodium (sodium_crypto_secretbox).",
    fixExample: "$ciphertext = openssl_encrypt($data, 'aes-256-gcm', $key, 0, $iv, $tag);",
  },
  {
    ...insecureRandom,
    id: 'php.crypto.insecure-random',
    languages: php,
    kind: 'pattern',
    rule: {
      kind: 'function_call_expression',
      regex: '^(rand|mt_rand|uniqid|lcg_value|str_shuffle|array_rand|mt_srand)\\(',
      inside: {
        stopBy: 'end',
        any: [
          { kind: 'assignment_expression', has: { field: 'left', regex: securityNameRegex } },
          { kind: 'array_element_initializer', regex: `^['"]?\\w*(token|secret|password|nonce|salt|otp|csrf|session|reset)\\w*['"]?\\s*=>` },
          // In a function named like a token maker, only the returned value counts (not jitter or timeouts).
          { kind: 'return_statement', inside: { any: [{ kind: 'function_definition' }, { kind: 'method_declaration' }], has: { field: 'name', regex: securityNameRegex }, stopBy: 'end' } },
        ],
      },
    },
    requiresPattern: '\\b(rand|mt_rand|uniqid|lcg_value|str_shuffle|array_rand)\\s*\\(',
    fix: 'Use random_bytes() or random_int() (bin2hex(random_bytes(32)) for tokens).',
    fixExample: '$token = bin2hex(random_bytes(32));',
  },
  {
    ...insecureDeserialization,
    id: 'php.deserialization.unserialize',
    languages: php,
    kind: 'pattern',
    // allowed_classes (false or a list) stops object injection; constants are the author's own data.
    rule: { any: phpCallsWithTail(phpCall, 'unserialize', '$DATA', { not: { has: { field: 'arguments', regex: 'allowed_classes' } } }) },
    constraints: { DATA: { not: phpArg(phpLiteral) } },
    fix: "Use json_decode(), or unserialize($data, ['allowed_classes' => false]).",
    fixExample: '$prefs = json_decode($_COOKIE["prefs"], true, 16, JSON_THROW_ON_ERROR);',
  },
  {
    ...codeInjection,
    id: 'php.code-injection.eval',
    languages: php,
    kind: 'pattern',
    rule: {
      any: [
        phpCall('eval($CODE)'),
        ...phpCallsWithTail(phpCall, 'assert', '$ASSERTED'),
        phpCall('create_function($$$)'),
        phpCall('preg_replace($REGEX, $$$)'),
      ],
    },
    constraints: {
      CODE: { not: phpArg(phpLiteral) },
      // assert() evaluates strings only; assert($a === $b) is an ordinary check.
      ASSERTED: phpArg({ any: [phpBuiltString, { kind: 'variable_name' }] }),
      // The /e modifier evaluates the replacement as PHP code.
      REGEX: { regex: `^['"]([/#~!@%|]).*[/#~!@%|][imsxuADSUXJ]*e[imsxuADSUXJ]*['"]$` },
    },
    fix: 'Remove eval; use data structures, callbacks or preg_replace_callback instead.',
    fixExample: '$out = preg_replace_callback($regex, fn ($m) => strtoupper($m[1]), $text);',
  },
  {
    ...commandInjection,
    id: 'php.command-injection.exec-built-string',
    languages: php,
    kind: 'pattern',
    rule: {
      any: [
        ...phpCallsWithTail(phpCall, '$EXEC', '$CMD', noShellEscaping),
        { kind: 'shell_command_expression', has: { kind: 'variable_name' }, ...noShellEscaping },
      ],
    },
    constraints: {
      EXEC: { regex: '^(exec|system|shell_exec|passthru|popen|proc_open|pcntl_exec)$' },
      CMD: phpArg(phpBuiltString),
    },
    fix: 'Escape each argument with escapeshellarg(), or avoid the shell (proc_open with an argument array in PHP 7.4+).',
    fixExample: "exec('convert ' . escapeshellarg($file) . ' thumb.png');",
  },
  {
    ...sqlInjection,
    id: 'php.sqli.string-built-query',
    languages: php,
    kind: 'pattern',
    rule: {
      any: [
        ...phpCallsWithTail(phpCall, '$QFN', '$CONN, $SQL'),
        ...phpCallsWithTail(phpCall, '$QFN1', '$SQL'),
        ...phpCallsWithTail(phpMethod, '$DB->$METHOD', '$SQL'),
        ...phpCallsWithTail(phpStatic, '$CLS::$METHOD', '$SQL'),
        ...phpCallsWithTail(phpMethod, '$Q->$RAW', '$RAWSQL'),
      ],
    },
    constraints: {
      QFN: { regex: '^(mysqli_query|mysqli_real_query|mysqli_multi_query|pg_query|sqlsrv_query|mysqli_prepare|pg_prepare)$' },
      QFN1: { regex: '^(mysql_query|pg_query|sqlite_query|mysql_unbuffered_query)$' },
      METHOD: { regex: '^(query|exec|prepare|execute|select|statement|unprepared|insert|update|delete|getAll|getRow|getOne|get_results|get_row|get_var|fetchAll|fetchAssoc|executeQuery|executeStatement)$' },
      CLS: { regex: '^(DB|Db|\\$\\w+)$' },
      SQL: { all: [phpArg(phpBuiltString), { regex: sqlTextRegex }] },
      // Raw fragments of query builders: any interpolation is dangerous, SQL keywords or not.
      RAW: { regex: '^(whereRaw|orWhereRaw|havingRaw|orderByRaw|selectRaw|groupByRaw|fromRaw)$' },
      RAWSQL: phpArg(phpBuiltString),
    },
    requiresPattern: `${sqlContentPattern}|Raw\\(`,
    fix: 'Use prepared statements with bound parameters (PDO::prepare + execute([$id]), or builder bindings).',
    fixExample: "$stmt = $pdo->prepare('SELECT * FROM users WHERE id = ?');\n$stmt->execute([$id]);",
  },
];
