import { securityNameRegex } from '../pattern/names.ts';
import {
  commandInjection, emptyCatch, insecureCookie, insecureRandom, permissiveFileMode, sqlInjection,
  tlsVerificationDisabled, weakCipher, weakHash, weakTlsVersion, xss,
} from '../pattern/families.ts';
import type { PatternRuleHints } from '../pattern/matcher.ts';
import { sqlContentPattern, sqlTextRegex } from '../pattern/sql-text.ts';
import type { PatternRule } from '../types.ts';

const go = ['go'] as const;
const goString = { any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }] };
const goLiteral = { any: [goString, { kind: 'int_literal' }, { kind: 'true' }, { kind: 'false' }, { kind: 'nil' }] };
/** A string assembled at run time: fmt.Sprintf or `+` with a string literal and a non-literal. */
const goBuiltString = {
  any: [
    { kind: 'call_expression', regex: '^fmt\\.Sprintf\\(' },
    {
      kind: 'binary_expression',
      all: [
        { has: { field: 'operator', regex: '^\\+$' } },
        { has: { any: [goString, { kind: 'binary_expression' }] } },
        { any: [{ has: { field: 'left', not: goLiteral } }, { has: { field: 'right', not: goLiteral } }] },
      ],
    },
  ],
};
// Go parses a lone `pkg.Name(x)` snippet as a type conversion, so call patterns are given a function body.
const goCall = (call: string) => ({ pattern: { context: `func _() { ${call} }`, selector: 'call_expression' } });
const keyed = (key: string, value: string) => ({ kind: 'keyed_element', regex: `^(${key})\\s*:\\s*(${value})$` });

/** Pattern rules for Go. */
export const goRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...weakHash,
    id: 'go.crypto.weak-hash',
    languages: go,
    kind: 'pattern',
    rule: goCall('$PKG.$FN($$$)'),
    constraints: { PKG: { regex: '^(md5|sha1)$' }, FN: { regex: '^(New|Sum)$' } },
    requiresPattern: '"crypto/(md5|sha1)"',
    fix: 'Use crypto/sha256 (sha256.Sum256) or, for passwords, golang.org/x/crypto/argon2 or bcrypt.',
    fixExample: 'sum := sha256.Sum256(data)',
  },
  {
    ...weakCipher,
    id: 'go.crypto.weak-cipher',
    languages: go,
    kind: 'pattern',
    rule: goCall('$PKG.$FN($$$)'),
    constraints: { PKG: { regex: '^(des|rc4|blowfish|cast5)$' }, FN: { regex: '^(NewCipher|NewTripleDESCipher|NewSaltedCipher)$' } },
    requiresPattern: '"crypto/(des|rc4)"|x/crypto/(blowfish|cast5)"',
    fix: 'Use AES-GCM: aes.NewCipher followed by cipher.NewGCM.',
    fixExample: 'block, _ := aes.NewCipher(key)\naead, _ := cipher.NewGCM(block)',
  },
  {
    ...insecureRandom,
    id: 'go.crypto.insecure-random',
    languages: go,
    kind: 'pattern',
    // The hit is the random call; the security-looking name may be the assigned variable or the function.
    rule: {
      kind: 'call_expression',
      regex: '^m?rand\\.(Int|Intn|Int31|Int31n|Int63|Int63n|Uint32|Uint64|Read|Float64|Perm|N|IntN|Int64N|Uint64N)\\(',
      all: [
        {
          inside: {
            stopBy: 'end',
            any: [
              { kind: 'short_var_declaration', has: { field: 'left', regex: securityNameRegex } },
              { kind: 'assignment_statement', has: { field: 'left', regex: securityNameRegex } },
              { kind: 'keyed_element', has: { kind: 'literal_element', regex: securityNameRegex } },
              // In a function named like a token maker, only the returned value counts.
              { kind: 'return_statement', inside: { kind: 'function_declaration', has: { field: 'name', regex: securityNameRegex }, stopBy: 'end' } },
            ],
          },
        },
        // `rand` is crypto/rand when the file imports it unaliased.
        { inside: { kind: 'source_file', stopBy: 'end', not: { has: { kind: 'import_spec', regex: '^"crypto/rand"$', stopBy: 'end' } } } },
      ],
    },
    requiresPattern: '"math/rand(/v2)?"',
    fix: 'Use crypto/rand (rand.Read, rand.Text) for tokens, keys and passwords.',
    fixExample: 'buf := make([]byte, 32)\nif _, err := rand.Read(buf); err != nil { return err }',
  },
  {
    ...tlsVerificationDisabled,
    id: 'go.tls.insecure-skip-verify',
    languages: go,
    kind: 'pattern',
    rule: { any: [keyed('InsecureSkipVerify', 'true'), { pattern: { context: 'func _() { $CFG.InsecureSkipVerify = true }', selector: 'assignment_statement' } }] },
    requires: ['InsecureSkipVerify'],
    fix: 'Remove InsecureSkipVerify; add a private CA to tls.Config.RootCAs instead.',
    fixExample: 'cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}',
  },
  {
    ...weakTlsVersion,
    id: 'go.tls.weak-version',
    languages: go,
    kind: 'pattern',
    rule: keyed('MinVersion|MaxVersion', 'tls\\.(VersionSSL30|VersionTLS10|VersionTLS11)'),
    requiresPattern: 'Version(SSL30|TLS10|TLS11)',
    fix: 'Set MinVersion: tls.VersionTLS12 (or TLS13).',
    fixExample: 'cfg := &tls.Config{MinVersion: tls.VersionTLS12}',
  },
  {
    ...insecureCookie,
    id: 'go.cookies.insecure-cookie',
    languages: go,
    kind: 'pattern',
    rule: {
      kind: 'composite_literal',
      all: [
        { has: { field: 'type', regex: '^(http\\.)?Cookie$' } },
        {
          any: [
            { has: { field: 'body', has: keyed('Secure|HttpOnly', 'false') } },
            // A session-looking cookie with neither flag set.
            {
              has: {
                field: 'body',
                all: [
                  { has: { kind: 'keyed_element', regex: '^Name\\s*:\\s*"(?i)[^"]*(sess|token|auth|jwt|sid|login|remember|csrf)' } },
                  { not: { has: { kind: 'keyed_element', regex: '^(Secure|HttpOnly)\\s*:' } } },
                ],
              },
            },
          ],
        },
      ],
    },
    requires: ['Cookie'],
    fix: 'Set Secure: true and HttpOnly: true (and SameSite) on the http.Cookie.',
    fixExample: 'http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})',
  },
  {
    ...sqlInjection,
    id: 'go.sqli.string-built-query',
    languages: go,
    kind: 'pattern',
    rule: { any: [goCall('$DB.$METHOD($SQL $$$)'), goCall('$DB.$METHOD($CTX, $SQL $$$)')] },
    constraints: {
      METHOD: { regex: '^(Query|QueryRow|Exec|QueryContext|QueryRowContext|ExecContext|Prepare|PrepareContext|Raw|Select|Get|MustExec|Queryx|QueryRowx|NamedExec|Where|Order)$' },
      SQL: { all: [goBuiltString, { regex: sqlTextRegex }] },
    },
    requiresPattern: sqlContentPattern,
    fix: 'Use placeholders: db.Query("SELECT * FROM users WHERE id = $1", id).',
    fixExample: 'rows, err := db.QueryContext(ctx, "SELECT * FROM users WHERE id = $1", id)',
  },
  {
    ...commandInjection,
    id: 'go.command-injection.shell',
    languages: go,
    kind: 'pattern',
    rule: { any: [goCall('exec.Command($SH, $FLAG, $CMD $$$)'), goCall('exec.CommandContext($CTX, $SH, $FLAG, $CMD $$$)')] },
    constraints: {
      SH: { regex: '^"(sh|bash|zsh|/bin/sh|/bin/bash|/usr/bin/env|cmd|cmd\\.exe|powershell|pwsh)"$' },
      FLAG: { regex: '^"(-c|/c|/C|-Command)"$' },
      CMD: { not: goLiteral },
    },
    requires: ['exec.Command'],
    fix: 'Run the program directly: exec.Command("git", "log", branch), with no shell in between.',
    fixExample: 'cmd := exec.CommandContext(ctx, "convert", input, output)',
  },
  {
    ...xss,
    id: 'go.xss.unescaped-template-value',
    title: 'Dynamic value marked as safe for html/template',
    languages: go,
    kind: 'pattern',
    message: 'A dynamic value is converted to template.HTML/JS/URL, so html/template will not escape it.',
    rule: goCall('template.$TYPE($VALUE)'),
    constraints: { TYPE: { regex: '^(HTML|HTMLAttr|JS|JSStr|URL|CSS|Srcset)$' }, VALUE: { not: goLiteral } },
    requiresPattern: '"html/template"',
    fix: 'Pass plain strings to the template and let html/template escape them; convert only constants.',
    fixExample: 'tmpl.Execute(w, map[string]string{"Bio": user.Bio})',
  },
  {
    ...permissiveFileMode,
    id: 'go.permissions.world-writable',
    languages: go,
    kind: 'pattern',
    rule: { any: [goCall('os.Chmod($PATH, $MODE)'), goCall('$PKG.WriteFile($PATH, $DATA, $FILEMODE)'), goCall('os.OpenFile($PATH, $FLAGS, $FILEMODE)')] },
    constraints: {
      MODE: { regex: '^0[oO]?[0-7]*[2367]$' },
      // 0666 is the conventional mode for new files (the umask trims it); 0777 also makes them executable.
      FILEMODE: { regex: '^0[oO]?[0-7]*7$' },
      PKG: { regex: '^(os|ioutil)$' },
    },
    requires: ['Chmod', 'WriteFile', 'OpenFile'],
    fix: 'Use 0o600 for private files and 0o644 for shared ones.',
    fixExample: 'err := os.WriteFile(path, data, 0o600)',
  },
  {
    id: 'go.crypto.weak-rsa-key',
    title: 'RSA key shorter than 2048 bits',
    languages: go,
    cwe: [326],
    severity: 'medium',
    category: 'security',
    message: 'An RSA key shorter than 2048 bits is generated.',
    explanation: {
      what: 'rsa.GenerateKey is called with fewer than 2048 bits.',
      why: 'Keys of 1024 bits and less are within reach of well-funded attackers; standards require at least 2048.',
      how: 'Generate keys of 2048 bits or more (3072 for use beyond 2030), or use Ed25519/ECDSA.',
      learn_more: 'https://cwe.mitre.org/data/definitions/326.html',
    },
    fix: 'Use at least 2048 bits.',
    fixExample: 'key, err := rsa.GenerateKey(rand.Reader, 3072)',
    confidence: 0.95,
    kind: 'pattern',
    rule: goCall('rsa.GenerateKey($RAND, $BITS)'),
    constraints: { BITS: { regex: '^(256|384|512|768|1024|1536)$' } },
  },
  {
    id: 'go.quality.defer-in-loop',
    title: 'defer inside a loop',
    languages: go,
    cwe: [772],
    severity: 'low',
    category: 'bug',
    message: 'defer in a loop runs only when the function returns, so resources pile up until then.',
    explanation: {
      what: 'A defer statement sits directly in a for loop.',
      why: 'Deferred calls run at function exit, not at the end of each iteration: files, locks and connections stay open for the whole loop.',
      how: 'Move the loop body into a function (or closure) so defer runs per iteration, or release the resource explicitly.',
      learn_more: 'https://go.dev/ref/spec#Defer_statements',
    },
    fix: 'Wrap the loop body in a function so the deferred call runs each iteration.',
    fixExample: 'for _, p := range paths {\n\tif err := process(p); err != nil { return err } // process defers f.Close()\n}',
    confidence: 0.8,
    kind: 'pattern',
    rule: {
      kind: 'defer_statement',
      inside: { kind: 'for_statement', stopBy: { any: [{ kind: 'func_literal' }, { kind: 'function_declaration' }, { kind: 'method_declaration' }] } },
    },
    requires: ['defer'],
  },
  {
    ...emptyCatch,
    id: 'go.quality.ignored-error',
    title: 'Error checked but ignored',
    message: 'An `if err != nil` branch is empty, so the error is silently dropped.',
    languages: go,
    kind: 'pattern',
    rule: { kind: 'if_statement', regex: '^if\\s+(\\w+\\s*:?=.*;\\s*)?err\\s*!=\\s*nil\\s*\\{\\s*\\}' },
    requiresPattern: 'err\\s*!=\\s*nil\\s*\\{\\s*\\}',
    fix: 'Return, wrap or log the error; if it is safe to ignore, say why in a comment.',
    fixExample: 'if err != nil {\n\treturn fmt.Errorf("close: %w", err)\n}',
  },
];
