import { securityNameRegex } from '../../pattern/names.ts';
import { codeInjection, commandInjection, insecureDeserialization, insecureRandom, sqlInjection, weakCipher, weakHash } from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { sqlContentPattern, sqlTextRegex } from '../../pattern/sql-text.ts';
import { pyBuiltString, pyKeyword, pyLiteral } from './fragments.ts';

const python = ['python'] as const;

/** Crypto, injection and deserialization pattern rules for Python. */
export const pythonSecurityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...weakHash,
    id: 'python.crypto.weak-hash',
    languages: python,
    requiresPattern: '\\b(hashlib|MD5|MD4|SHA1?|hashes)\\.',
    kind: 'pattern',
    rule: {
      any: [
        { pattern: 'hashlib.$WEAK($$$)' },
        { pattern: 'hashlib.new($ALG $$$)' },
        { pattern: '$WEAKMOD.new($$$)' },
        { pattern: 'hashes.$WEAKCLS($$$)' },
      ],
      // Python 3.9+: usedforsecurity=False declares a non-security use (checksums, cache keys).
      not: { has: { ...pyKeyword('usedforsecurity', 'False'), stopBy: 'end' } },
    },
    constraints: {
      WEAK: { regex: '^(md5|sha1|md4)$' },
      ALG: { regex: `(?i)^['"](md5|sha1|md4|sha-1)['"]$` },
      WEAKMOD: { regex: '^(MD5|MD4|SHA|SHA1)$' },
      WEAKCLS: { regex: '^(MD5|SHA1)$' },
    },
    fix: 'Use hashlib.sha256 (or blake2b); for passwords use hashlib.scrypt, argon2-cffi or bcrypt. Pass usedforsecurity=False for non-security uses.',
    fixExample: 'digest = hashlib.sha256(data).hexdigest()',
  },
  {
    ...weakCipher,
    id: 'python.crypto.weak-cipher',
    languages: python,
    requiresPattern: '\\b(DES|DES3|ARC2|ARC4|Blowfish|CAST|XOR)\\.new|MODE_ECB|algorithms\\.|modes\\.ECB',
    kind: 'pattern',
    rule: {
      any: [
        { pattern: '$CIPHER.new($$$)' },
        { pattern: '$AES.new($$$ARGS)', has: { field: 'arguments', has: { regex: 'MODE_ECB$', stopBy: 'end' } } },
        { pattern: 'algorithms.$ALGO($$$)' },
        { pattern: 'modes.ECB($$$)' },
      ],
    },
    constraints: {
      CIPHER: { regex: '^(DES|DES3|ARC2|ARC4|Blowfish|CAST|XOR)$' },
      ALGO: { regex: '^(TripleDES|ARC4|Blowfish|CAST5|IDEA|SEED)$' },
    },
    fix: 'Use AES in GCM mode (cryptography AESGCM, or AES.new(key, AES.MODE_GCM)).',
    fixExample: 'ciphertext = AESGCM(key).encrypt(os.urandom(12), data, None)',
  },
  {
    ...insecureRandom,
    id: 'python.crypto.insecure-random',
    languages: python,
    kind: 'pattern',
    // The hit is the random call; the security-looking name may be the assigned variable or the function.
    rule: {
      kind: 'call',
      regex: '^random\\.(random|randint|randrange|choice|choices|sample|getrandbits|uniform|shuffle|randbytes)\\(',
      inside: {
        stopBy: 'end',
        any: [
          { kind: 'assignment', has: { field: 'left', regex: securityNameRegex } },
          { kind: 'keyword_argument', has: { field: 'name', regex: securityNameRegex } },
          { kind: 'pair', has: { field: 'key', regex: securityNameRegex } },
          // In a function named like a token maker, only the returned value counts (not jitter or timeouts).
          { kind: 'return_statement', inside: { kind: 'function_definition', has: { field: 'name', regex: securityNameRegex }, stopBy: 'end' } },
        ],
      },
    },
    requiresPattern: '\\brandom\\.',
    fix: 'Use the secrets module: secrets.token_urlsafe(), secrets.token_hex(), secrets.choice().',
    fixExample: 'reset_token = secrets.token_urlsafe(32)',
  },
  {
    ...codeInjection,
    id: 'python.code-injection.eval',
    languages: python,
    kind: 'pattern',
    rule: { any: [{ pattern: 'eval($CODE $$$)' }, { pattern: 'exec($CODE $$$)' }] },
    constraints: { CODE: { not: pyLiteral } },
    fix: 'Parse data with ast.literal_eval or json.loads; dispatch through a dict of functions instead of exec.',
    fixExample: 'value = ast.literal_eval(text)',
  },
  {
    ...commandInjection,
    id: 'python.command-injection.shell',
    languages: python,
    requiresPattern: '\\b(os|commands|subprocess)\\.(system|popen|getoutput|getstatusoutput)\\b|shell\\s*=\\s*True',
    kind: 'pattern',
    rule: {
      any: [
        { pattern: '$OS.$SHELLFN($BUILT $$$)' },
        {
          pattern: 'subprocess.$RUN($CMD $$$)',
          has: { field: 'arguments', has: pyKeyword('shell', 'True') },
        },
      ],
    },
    constraints: {
      OS: { regex: '^(os|commands|subprocess)$' },
      SHELLFN: { regex: '^(system|popen|getoutput|getstatusoutput)$' },
      BUILT: pyBuiltString,
      RUN: { regex: '^(run|call|check_call|check_output|Popen)$' },
      CMD: { not: { any: [pyLiteral, { kind: 'list' }, { kind: 'tuple' }] } },
    },
    fix: 'Call subprocess.run with an argument list and shell=False (the default); use shlex.quote only as a last resort.',
    fixExample: "subprocess.run(['convert', path, 'thumb.png'], check=True)",
  },
  {
    ...sqlInjection,
    id: 'python.sqli.string-built-query',
    languages: python,
    kind: 'pattern',
    rule: { any: [{ pattern: '$DB.$METHOD($SQL $$$)' }, { pattern: '$FN($SQL $$$)' }] },
    constraints: {
      METHOD: { regex: '^(execute|executemany|executescript|mogrify|raw|extra|read_sql|read_sql_query|exec_driver_sql|text)$' },
      FN: { regex: '^(text|read_sql|read_sql_query)$' },
      SQL: { all: [pyBuiltString, { regex: sqlTextRegex }] },
    },
    requiresPattern: sqlContentPattern,
    fix: 'Pass values as query parameters: cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,)).',
    fixExample: 'cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,))',
  },
  {
    ...insecureDeserialization,
    id: 'python.deserialization.pickle',
    languages: python,
    requiresPattern: '\\b(pickle|cPickle|_pickle|dill|cloudpickle|marshal|jsonpickle|shelve|joblib)\\.|read_pickle',
    kind: 'pattern',
    rule: { any: [{ pattern: '$MOD.$LOADFN($$$)' }, { pattern: 'pandas.read_pickle($$$)' }, { pattern: 'pd.read_pickle($$$)' }] },
    constraints: {
      MOD: { regex: '^(pickle|cPickle|_pickle|dill|cloudpickle|marshal|jsonpickle|shelve|joblib)$' },
      LOADFN: { regex: '^(load|loads|decode|Unpickler|open)$' },
    },
    fix: 'Store and exchange data as JSON (json.loads) and validate it; never unpickle data from outside the process.',
    fixExample: 'payload = json.loads(request.body)',
  },
  {
    ...insecureDeserialization,
    id: 'python.deserialization.yaml-load',
    languages: python,
    kind: 'pattern',
    rule: {
      any: [
        { pattern: 'yaml.$UNSAFE($$$)' },
        { pattern: 'yaml.$LOAD($$$)', not: { regex: '(Safe|Base)Loader' } },
      ],
    },
    constraints: { UNSAFE: { regex: '^(unsafe_load|unsafe_load_all|full_load|full_load_all)$' }, LOAD: { regex: '^(load|load_all)$' } },
    fix: 'Use yaml.safe_load (or Loader=yaml.SafeLoader).',
    fixExample: 'config = yaml.safe_load(stream)',
  },
];
