import { securityNameRegex } from '../pattern/names.ts';
import type { PatternRule } from '../types.ts';

const java = ['java'] as const;

/** Java rules a structural pattern decides on its own. */
export const javaPatternRules: readonly PatternRule[] = [
  {
    kind: 'pattern',
    id: 'java.crypto.insecure-random',
    title: 'Predictable random numbers',
    languages: java,
    cwe: [330],
    severity: 'medium',
    category: 'security',
    message: 'java.util.Random / Math.random / ThreadLocalRandom produce predictable values.',
    explanation: {
      what: 'java.util.Random, Math.random, ThreadLocalRandom or SplittableRandom is used.',
      why: 'Their output can be predicted from a few observed values; tokens, ids or keys made from them can be guessed.',
      how: 'Use java.security.SecureRandom for anything an attacker must not guess.',
      learn_more: 'https://cwe.mitre.org/data/definitions/330.html',
    },
    fix: 'Use java.security.SecureRandom.',
    fixExample: 'SecureRandom random = new SecureRandom();\nint n = random.nextInt();',
    confidence: 0.6,
    tags: ['owasp-a02', 'crypto'],
    rule: {
      any: [
        { pattern: 'new java.util.Random($$$)' },
        { pattern: 'new Random($$$)' },
        { pattern: 'Math.random()' },
        { pattern: 'java.lang.Math.random()' },
        {
          // The concurrent generators are mostly used for jitter, sampling and shuffling, so they count only
          // where a security value is made: a token-named method, variable or field.
          any: [
            { pattern: 'ThreadLocalRandom.current()' },
            { pattern: 'java.util.concurrent.ThreadLocalRandom.current()' },
            { pattern: 'new SplittableRandom($$$)' },
            { pattern: 'new java.util.SplittableRandom($$$)' },
          ],
          inside: {
            stopBy: 'end',
            any: [
              { kind: 'method_declaration', has: { field: 'name', regex: securityNameRegex } },
              { kind: 'variable_declarator', has: { field: 'name', regex: securityNameRegex } },
              { kind: 'assignment_expression', has: { field: 'left', regex: securityNameRegex } },
            ],
          },
        },
      ],
    },
  },
  {
    kind: 'pattern',
    id: 'java.crypto.weak-hash-helper',
    title: 'Weak hash algorithm',
    languages: java,
    cwe: [328],
    severity: 'medium',
    category: 'security',
    message: 'MD5 or SHA-1 is used through a digest helper.',
    explanation: {
      what: 'DigestUtils (Apache Commons Codec or Spring) / Guava Hashing computes an MD5 or SHA-1 digest.',
      why: 'Collisions can be computed for these algorithms; for passwords they are also far too fast.',
      how: 'Use SHA-256 or stronger; for passwords use a password hash (Argon2, bcrypt, PBKDF2).',
      learn_more: 'https://cwe.mitre.org/data/definitions/328.html',
    },
    fix: 'Use sha256Hex / Hashing.sha256(), or a password hash for passwords.',
    confidence: 0.85,
    tags: ['owasp-a02', 'crypto'],
    rule: {
      kind: 'method_invocation',
      all: [
        { has: { field: 'object', regex: '(^|\\.)(DigestUtils|Hashing)$' } },
        {
          has: {
            field: 'name',
            regex:
              '^(md2|md2Hex|md5|md5Hex|sha1|sha1Hex|sha|shaHex|getMd2Digest|getMd5Digest|getSha1Digest|getShaDigest|md5Digest|md5DigestAsHex|appendMd5DigestAsHex)$',
          },
        },
      ],
    },
  },
  {
    kind: 'pattern',
    id: 'java.cookies.set-cookie-header-without-secure',
    title: 'Cookie without the Secure flag',
    languages: java,
    cwe: [614],
    severity: 'medium',
    category: 'security',
    message: 'A Set-Cookie header is written without the Secure attribute.',
    explanation: {
      what: 'A Set-Cookie header is added to the response by hand, and the value written here has no Secure attribute.',
      why: 'The browser also sends the cookie over plain HTTP, where it can be intercepted.',
      how: 'Add "; Secure" (with "; HttpOnly" and a SameSite attribute) to the header, or build it with ResponseCookie / Cookie and setSecure(true).',
      learn_more: 'https://cwe.mitre.org/data/definitions/614.html',
    },
    fix: 'Add the Secure attribute to the Set-Cookie value.',
    fixExample: 'resp.addHeader("Set-Cookie", "SID=" + id + "; Path=/; Secure; HttpOnly; SameSite=Lax");',
    confidence: 0.7,
    tags: ['owasp-a05'],
    // Only values written in place (a literal, a concatenation, String.format): a variable may have been given
    // its attributes elsewhere.
    rule: { any: [{ pattern: '$R.addHeader($H, $V)' }, { pattern: '$R.setHeader($H, $V)' }] },
    constraints: {
      H: { regex: '^"(?i:set-cookie)"$|SET_COOKIE$' },
      V: {
        any: [
          { kind: 'string_literal' },
          { kind: 'binary_expression' },
          { kind: 'method_invocation', regex: '^String\\.format\\(' },
        ],
        not: { regex: '(?i)secure' },
      },
    },
  },
  {
    kind: 'pattern',
    id: 'java.cookies.framework-cookie-without-secure',
    title: 'Cookie without the Secure flag',
    languages: java,
    cwe: [614],
    severity: 'medium',
    category: 'security',
    message: 'A Spring ResponseCookie or JAX-RS NewCookie is built without the Secure flag.',
    explanation: {
      what: 'ResponseCookie.from(...)...build() never calls secure(true) (or calls secure(false)), or a NewCookie is constructed with secure = false.',
      why: 'The browser also sends the cookie over plain HTTP, where it can be intercepted.',
      how: 'Call .secure(true) on the ResponseCookie builder, or pass secure = true to NewCookie.',
      learn_more: 'https://cwe.mitre.org/data/definitions/614.html',
    },
    fix: 'Mark the cookie Secure.',
    fixExample:
      'ResponseCookie.from("SID", id).httpOnly(true).secure(true).sameSite("Lax").path("/").build();',
    confidence: 0.75,
    tags: ['owasp-a05'],
    rule: {
      any: [
        {
          // The whole builder chain, from ResponseCookie.from to build(): built in one expression, so what it
          // lacks is known.
          kind: 'method_invocation',
          has: { field: 'name', regex: '^build$' },
          regex: '^ResponseCookie\\s*\\.\\s*from\\s*\\(',
          any: [
            { not: { regex: '\\.\\s*secure\\s*\\(' } },
            { regex: '\\.\\s*secure\\s*\\(\\s*false\\s*\\)' },
          ],
        },
        {
          kind: 'object_creation_expression',
          regex: '^new\\s+(javax\\.ws\\.rs\\.core\\.|jakarta\\.ws\\.rs\\.core\\.)?NewCookie\\s*\\(',
          any: [
            // (..., secure, httpOnly)
            { regex: ',\\s*false\\s*,\\s*(true|false)\\s*\\)$' },
            // (..., maxAge, secure)
            { regex: ',\\s*false\\s*\\)$', not: { regex: ',\\s*(true|false)\\s*,\\s*false\\s*\\)$' } },
          ],
        },
      ],
    },
  },
  {
    kind: 'pattern',
    id: 'java.xxe.unrestricted-parser',
    title: 'XML external entities',
    languages: java,
    cwe: [611],
    severity: 'high',
    category: 'security',
    message: 'An XML parser is created without disabling DTDs / external entities.',
    explanation: {
      what: 'A DocumentBuilder, SAXParser or XMLReader is created from a factory that was not hardened in the same method.',
      why: 'XML with an external entity can read local files or make the server send requests (XXE).',
      how: 'Set the feature "http://apache.org/xml/features/disallow-doctype-decl" to true on the factory.',
      learn_more: 'https://cwe.mitre.org/data/definitions/611.html',
    },
    fix: 'Disallow DOCTYPE declarations on the factory before creating the parser.',
    fixExample: 'dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);',
    confidence: 0.6,
    tags: ['owasp-a05'],
    rule: {
      any: [
        { pattern: '$F.newDocumentBuilder()' },
        { pattern: '$F.newSAXParser()' },
        { pattern: '$F.newTransformer($$$)' },
      ],
      not: {
        inside: {
          any: [{ kind: 'method_declaration' }, { kind: 'constructor_declaration' }],
          stopBy: 'end',
          has: {
            kind: 'method_invocation',
            stopBy: 'end',
            has: {
              field: 'name',
              regex: '^(setFeature|setExpandEntityReferences|setAttribute|setProperty)$',
            },
          },
        },
      },
    },
  },
  {
    kind: 'pattern',
    id: 'java.cookies.insecure-flag',
    title: 'Cookie marked not secure',
    languages: java,
    cwe: [614],
    severity: 'medium',
    category: 'security',
    message: 'A cookie is explicitly marked as not secure.',
    explanation: {
      what: 'setSecure(false) is called on a cookie.',
      why: 'The browser also sends the cookie over plain HTTP, where it can be intercepted.',
      how: 'Call setSecure(true).',
      learn_more: 'https://cwe.mitre.org/data/definitions/614.html',
    },
    fix: 'Call setSecure(true) on the cookie.',
    confidence: 0.9,
    tags: ['owasp-a05'],
    rule: { pattern: '$C.setSecure(false)' },
  },
];
