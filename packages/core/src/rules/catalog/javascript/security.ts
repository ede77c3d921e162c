import { securityNameRegex } from '../../pattern/names.ts';
import {
  codeInjection, commandInjection, insecureRandom, sqlInjection, weakCipher, weakHash,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { sqlContentPattern, sqlTextRegex } from '../../pattern/sql-text.ts';
import { jsBuiltString, jsDynamicValue, jsLiteral } from './fragments.ts';

const js = ['javascript', 'typescript'] as const;
const quoted = (body: string): string => `(?i)^['"\`](${body})['"\`]$`;

/** Crypto and injection pattern rules for JavaScript and TypeScript. */
export const javascriptSecurityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...weakHash,
    id: 'javascript.crypto.weak-hash',
    languages: js,
    kind: 'pattern',
    rule: { any: [{ pattern: '$C.createHash($ALG $$$)' }, { pattern: 'createHash($ALG $$$)' }] },
    constraints: { ALG: { regex: quoted('md2|md4|md5|sha1|sha-1|ripemd|ripemd160|rmd160') } },
    fix: "Use crypto.createHash('sha256'), or a password hash (crypto.scrypt, argon2) for passwords.",
    fixExample: "const digest = crypto.createHash('sha256').update(data).digest('hex');",
  },
  {
    ...weakCipher,
    id: 'javascript.crypto.weak-cipher',
    languages: js,
    kind: 'pattern',
    rule: { any: [{ pattern: '$C.$F($ALG $$$)' }, { pattern: '$F($ALG $$$)' }] },
    constraints: {
      F: { regex: '^(createCipheriv|createDecipheriv|createCipher|createDecipher)$' },
      ALG: { regex: quoted('des|des-[a-z0-9-]*|des3|[a-z0-9-]*-ecb|rc2[a-z0-9-]*|rc4[a-z0-9-]*|bf[a-z0-9-]*|blowfish[a-z0-9-]*|cast[a-z0-9-]*|idea[a-z0-9-]*') },
    },
    requires: ['createCipher', 'createDecipher'],
    fix: "Use crypto.createCipheriv('aes-256-gcm', key, iv) with a random 12-byte iv.",
    fixExample: "const cipher = crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12));",
  },
  {
    ...insecureRandom,
    id: 'javascript.crypto.insecure-random',
    languages: js,
    kind: 'pattern',
    // The hit is the Math.random() call; the security-looking name may be a variable, property or function.
    rule: {
      pattern: 'Math.random()',
      inside: {
        stopBy: 'end',
        any: [
          { kind: 'variable_declarator', has: { field: 'name', regex: securityNameRegex } },
          { kind: 'assignment_expression', has: { field: 'left', regex: securityNameRegex } },
          { kind: 'pair', has: { field: 'key', regex: securityNameRegex } },
          // In a function named like a token maker, only the returned value counts (not jitter or timeouts).
          {
            kind: 'return_statement',
            inside: { any: [{ kind: 'function_declaration' }, { kind: 'method_definition' }], has: { field: 'name', regex: securityNameRegex }, stopBy: 'end' },
          },
        ],
      },
    },
    requires: ['Math.random'],
    fix: 'Use crypto.randomBytes / crypto.randomUUID (Node) or crypto.getRandomValues (browser).',
    fixExample: "const token = crypto.randomBytes(32).toString('hex');",
  },
  {
    ...codeInjection,
    id: 'javascript.code-injection.eval',
    languages: js,
    kind: 'pattern',
    rule: {
      any: [
        { pattern: 'eval($CODE)' },
        { pattern: 'new Function($$$ARGS)', has: { field: 'arguments', has: jsDynamicValue } },
        { pattern: 'setTimeout($STR $$$)' },
        { pattern: 'setInterval($STR $$$)' },
      ],
    },
    constraints: { CODE: { not: jsLiteral }, STR: jsBuiltString },
    requires: ['eval', 'Function', 'setTimeout', 'setInterval'],
    fix: 'Call a function instead of evaluating a string; parse data with JSON.parse.',
    fixExample: 'setTimeout(() => refresh(id), 1000);',
  },
  {
    ...commandInjection,
    id: 'javascript.command-injection.exec-built-string',
    languages: js,
    kind: 'pattern',
    rule: { any: [{ pattern: '$CP.$EXEC($CMD $$$)' }, { pattern: '$EXEC($CMD $$$)' }] },
    constraints: {
      EXEC: { regex: '^(exec|execSync)$' },
      CMD: jsBuiltString,
      CP: { not: { any: [{ kind: 'regex' }, { regex: '(?i)^(db|database|conn|connection|client|pool|knex|sqlite|stmt|statement|tx|trx|re|regex|regexp|pattern|matcher|this\\.db)$' }] } },
    },
    // `exec` is a common method name (RegExp, databases): only files that use child_process qualify.
    requires: ['child_process'],
    fix: "Use execFile/spawn with an argument array: execFile('git', ['log', branch]).",
    fixExample: "execFile('convert', [inputPath, outputPath], callback);",
  },
  {
    ...sqlInjection,
    id: 'javascript.sqli.string-built-query',
    languages: js,
    kind: 'pattern',
    rule: { pattern: '$DB.$METHOD($SQL $$$)' },
    constraints: {
      METHOD: { regex: '^(query|execute|exec|raw|run|all|get|each|prepare|queryRaw|\\$queryRawUnsafe|\\$executeRawUnsafe|unsafe|sql|none|one|oneOrNone|many|manyOrNone|any)$' },
      SQL: { all: [jsBuiltString, { regex: sqlTextRegex }] },
    },
    requiresPattern: sqlContentPattern,
    fix: "Pass values as parameters: db.query('SELECT * FROM users WHERE id = $1', [id]).",
    fixExample: "const rows = await db.query('SELECT * FROM users WHERE id = $1', [id]);",
  },
];
