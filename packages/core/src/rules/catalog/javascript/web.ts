import {
  corsAnyOriginWithCredentials, insecureCookie, insecureDeserialization, jwtVerificationDisabled, permissiveFileMode,
  tlsVerificationDisabled, xss, xxe,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { jsDynamicValue, jsUnsanitizedValue } from './fragments.ts';

const js = ['javascript', 'typescript'] as const;
// Object keys may be bare or quoted: `secure: false`, `'secure': false`.
const pairRegex = (key: string, value: string): string => `^['"]?(${key})['"]?\\s*:\\s*(${value})\\s*$`;
const pairWith = (key: string, value: string) => ({ kind: 'pair', regex: pairRegex(key, value) });
const hasKey = (key: string) => ({
  has: { any: [{ kind: 'pair', has: { field: 'key', regex: `^['"]?(${key})['"]?$` } }, { kind: 'shorthand_property_identifier', regex: `^(${key})$` }] },
});
// Cookie names that carry a session or credential (cookie names are free text, so a loose match).
const sessionCookieName = '(?i)(sess|token|auth|jwt|sid|login|remember|csrf|xsrf)';

/** Web, transport and configuration pattern rules for JavaScript and TypeScript. */
export const javascriptWebRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...xss,
    id: 'javascript.xss.raw-html-sink',
    languages: js,
    kind: 'pattern',
    rule: {
      any: [
        { pattern: '$EL.$PROP = $HTML' },
        { pattern: '$EL.$PROP += $HTML' },
        { pattern: '$EL.insertAdjacentHTML($POS, $HTML)' },
        { pattern: 'document.$WRITE($HTML)' },
      ],
    },
    constraints: {
      PROP: { regex: '^(innerHTML|outerHTML)$' },
      WRITE: { regex: '^(write|writeln)$' },
      HTML: { all: [jsDynamicValue, jsUnsanitizedValue] },
    },
    requires: ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write'],
    fix: 'Assign textContent, or sanitise the HTML (e.g. DOMPurify.sanitize) before inserting it.',
    fixExample: 'element.textContent = comment.body;',
  },
  {
    ...xss,
    id: 'javascript.xss.dangerously-set-inner-html',
    title: 'React dangerouslySetInnerHTML with dynamic HTML',
    languages: js,
    kind: 'pattern',
    rule: {
      kind: 'pair',
      all: [{ has: { field: 'key', regex: '^__html$' } }, { has: { field: 'value', all: [jsDynamicValue, jsUnsanitizedValue] } }],
      inside: { regex: 'dangerouslySetInnerHTML', stopBy: 'end' },
    },
    requires: ['dangerouslySetInnerHTML'],
    fix: 'Render the value as JSX text, or sanitise it (DOMPurify.sanitize) before passing it as __html.',
    fixExample: '<div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />',
  },
  {
    ...insecureCookie,
    id: 'javascript.cookies.insecure-cookie',
    languages: js,
    kind: 'pattern',
    rule: {
      any: [
        // Explicitly weakened flags, whatever the cookie.
        { pattern: '$RES.cookie($NAME, $VALUE, $OPTS)', has: { field: 'arguments', has: { kind: 'object', has: pairWith('secure|httpOnly', 'false') } } },
        // Session-looking cookies set with no security attributes at all.
        { pattern: '$RES.cookie($SNAME, $VALUE)' },
        { pattern: '$RES.cookie($SNAME, $VALUE, $OPTS)', has: { field: 'arguments', has: { kind: 'object', not: hasKey('secure|httpOnly') } } },
      ],
    },
    constraints: { RES: { regex: '^(res|response|reply|ctx\\.res|resp)$' }, SNAME: { regex: sessionCookieName } },
    fix: "Pass { secure: true, httpOnly: true, sameSite: 'lax' } when setting the cookie.",
    fixExample: "res.cookie('session', id, { secure: true, httpOnly: true, sameSite: 'lax' });",
  },
  {
    ...insecureCookie,
    id: 'javascript.cookies.session-cookie-insecure',
    title: 'Session middleware cookie without Secure or HttpOnly',
    languages: js,
    kind: 'pattern',
    rule: {
      ...pairWith('secure|httpOnly', 'false'),
      inside: {
        kind: 'pair',
        stopBy: 'end',
        has: { field: 'key', regex: `^['"]?cookie['"]?$` },
        inside: { kind: 'call_expression', regex: '^(session|expressSession|cookieSession|require)', stopBy: 'end' },
      },
    },
    requiresPattern: '(secure|httpOnly)[\'"]?\\s*:\\s*false',
    fix: 'Set cookie.secure and cookie.httpOnly to true in the session options (behind a proxy, also set trust proxy).',
    fixExample: "app.use(session({ secret, cookie: { secure: true, httpOnly: true, sameSite: 'lax' } }));",
  },
  {
    ...tlsVerificationDisabled,
    id: 'javascript.tls.verification-disabled',
    languages: js,
    kind: 'pattern',
    rule: {
      any: [
        pairWith('rejectUnauthorized|strictSSL', 'false|0'),
        { pattern: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = $V', has: { field: 'right', regex: `^['"\`]?0['"\`]?$` } },
        { pattern: '$O.rejectUnauthorized = false' },
      ],
    },
    requiresPattern: '(rejectUnauthorized|strictSSL)[\'"]?\\s*[:=]\\s*(false|0)|NODE_TLS_REJECT_UNAUTHORIZED',
    fix: 'Remove rejectUnauthorized: false; pass the private CA with the `ca` option instead.',
    fixExample: "https.request(url, { ca: fs.readFileSync('internal-ca.pem') });",
  },
  {
    ...insecureDeserialization,
    id: 'javascript.deserialization.unsafe-unserialize',
    languages: js,
    kind: 'pattern',
    rule: { any: [{ pattern: '$S.unserialize($DATA $$$)' }, { pattern: 'unserialize($DATA $$$)' }, { pattern: '$S.deserialize($DATA $$$)' }] },
    // These packages rebuild functions from the payload (`_$$ND_FUNC$$_`), so any untrusted input runs code.
    requires: ['node-serialize', 'serialize-to-js', 'funcster', 'cryo'],
    fix: 'Exchange data as JSON (JSON.parse) and validate it with a schema.',
    fixExample: 'const profile = ProfileSchema.parse(JSON.parse(cookieValue));',
  },
  {
    ...xxe,
    id: 'javascript.xxe.libxml-entities',
    languages: js,
    kind: 'pattern',
    rule: { ...pairWith('noent|dtdload|dtdvalid|dtdattr', 'true'), inside: { kind: 'call_expression', stopBy: 'end' } },
    requires: ['libxmljs', 'libxml'],
    fix: 'Parse without noent/dtdload: libxmljs.parseXml(xml) keeps entities unexpanded.',
    fixExample: 'const doc = libxmljs.parseXml(xml);',
  },
  {
    ...jwtVerificationDisabled,
    id: 'javascript.jwt.none-algorithm',
    languages: js,
    kind: 'pattern',
    rule: {
      any: [
        {
          kind: 'pair',
          all: [
            { has: { field: 'key', regex: `^['"]?algorithms['"]?$` } },
            { has: { field: 'value', kind: 'array', has: { kind: 'string', regex: `(?i)^['"\`]none['"\`]$` } } },
          ],
        },
        { ...pairWith('algorithm|alg', `['"\`](?i:none)['"\`]`) },
      ],
    },
    requiresPattern: '[\'"`]none[\'"`]',
    fix: "Verify with an explicit algorithm list: jwt.verify(token, key, { algorithms: ['RS256'] }).",
    fixExample: "const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'] });",
  },
  {
    ...corsAnyOriginWithCredentials,
    id: 'javascript.cors.any-origin-with-credentials',
    languages: js,
    kind: 'pattern',
    rule: {
      kind: 'object',
      all: [{ has: pairWith('credentials', 'true') }, { has: pairWith('origin', `true|['"\`]\\*['"\`]`) }],
    },
    requiresPattern: 'credentials[\'"]?\\s*:\\s*true',
    fix: "Allow credentials only for listed origins: cors({ origin: ['https://app.example.com'], credentials: true }).",
    fixExample: "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));",
  },
  {
    ...permissiveFileMode,
    id: 'javascript.permissions.world-writable',
    languages: js,
    kind: 'pattern',
    rule: { any: [{ pattern: '$FS.$CHMOD($PATH, $MODE $$$)' }, { pattern: '$CHMOD($PATH, $MODE $$$)' }] },
    constraints: {
      CHMOD: { regex: '^(chmod|chmodSync|fchmod|fchmodSync|lchmod|lchmodSync)$' },
      MODE: { regex: `^(0[oO]?[0-7]*[2367]|['"][0-7]*[2367]['"]|511|438|509|1023)$` },
    },
    requires: ['chmod'],
    fix: 'Use a restrictive mode such as 0o600 (secrets) or 0o644.',
    fixExample: "fs.chmodSync(configPath, 0o600);",
  },
];
