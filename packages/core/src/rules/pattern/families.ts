/**
 * Metadata shared by the rules of one kind across languages: severity, CWE and the What / Why / How text. A
 * catalog entry spreads a family and adds its id, languages, matcher and a language-specific fix.
 */
import type { RuleMeta } from '../types.ts';

/** Rule metadata without the per-language parts. */
export type RuleFamily = Omit<RuleMeta, 'id' | 'languages'>;

const cheatSheet = (name: string): string => `https://cheatsheetseries.owasp.org/cheatsheets/${name}.html`;
const cwe = (id: number): string => `https://cwe.mitre.org/data/definitions/${id}.html`;

/** Broken hash functions (MD5, SHA-1) used where collisions or preimages matter. */
export const weakHash: RuleFamily = {
  title: 'Weak hash algorithm',
  cwe: [328, 327],
  severity: 'medium',
  category: 'security',
  message: 'MD5 or SHA-1 is used; both are broken for signatures, integrity checks and passwords.',
  explanation: {
    what: 'The code hashes data with MD5 or SHA-1.',
    why: 'Collisions for both are practical, so an attacker can forge data with the same digest; as password hashes they are fast to brute-force.',
    how: 'Use SHA-256 or stronger for integrity, and a password hash (Argon2id, scrypt, bcrypt) for passwords. If the hash is not used for security, mark it so.',
    learn_more: cheatSheet('Cryptographic_Storage_Cheat_Sheet'),
  },
  fix: 'Use SHA-256 (or SHA-3) instead of MD5/SHA-1.',
  confidence: 0.7,
  tags: ['owasp-a02'],
};

/** Fast hashes applied to passwords. */
export const weakPasswordHash: RuleFamily = {
  title: 'Password hashed with a fast hash',
  cwe: [916, 328],
  severity: 'high',
  category: 'security',
  message: 'A password or secret is hashed with MD5/SHA-1, which can be brute-forced quickly.',
  explanation: {
    what: 'A password-like value is hashed with a fast, broken hash function.',
    why: 'Leaked MD5/SHA-1 password hashes are cracked at billions of guesses per second; unsalted ones fall to lookup tables.',
    how: 'Hash passwords with a slow, salted password hash: Argon2id, scrypt or bcrypt (`password_hash` in PHP).',
    learn_more: cheatSheet('Password_Storage_Cheat_Sheet'),
  },
  fix: 'Use a password hashing function (Argon2id, bcrypt, scrypt).',
  confidence: 0.8,
  tags: ['owasp-a02'],
};

/** Broken ciphers and modes. */
export const weakCipher: RuleFamily = {
  title: 'Weak cipher or cipher mode',
  cwe: [327],
  severity: 'high',
  category: 'security',
  message: 'A broken cipher (DES, 3DES, RC2, RC4, Blowfish) or the ECB mode is used.',
  explanation: {
    what: 'Data is encrypted with an obsolete cipher or in ECB mode.',
    why: 'DES-family and RC4 keys can be recovered or their output distinguished; ECB encrypts equal blocks to equal ciphertext and leaks patterns.',
    how: 'Use AES-GCM (or ChaCha20-Poly1305) with a random nonce per message, through a vetted library.',
    learn_more: cheatSheet('Cryptographic_Storage_Cheat_Sheet'),
  },
  fix: 'Use AES-256-GCM with a fresh random nonce.',
  confidence: 0.85,
  tags: ['owasp-a02'],
};

/** Predictable random numbers making security values. */
export const insecureRandom: RuleFamily = {
  title: 'Predictable random value used for a secret',
  cwe: [338, 330],
  severity: 'medium',
  category: 'security',
  message: 'A token, password or other secret is made with a non-cryptographic random generator.',
  explanation: {
    what: 'A security-relevant value (token, password, nonce, salt, session id...) comes from a general-purpose PRNG.',
    why: 'Such generators are seeded predictably and their state can be recovered from a few outputs, so attackers can guess the values.',
    how: 'Use the platform CSPRNG: crypto.randomBytes / crypto.getRandomValues, secrets, crypto/rand, random_bytes, SecureRandom, RandomNumberGenerator.',
    learn_more: cwe(338),
  },
  fix: 'Generate the value with a cryptographically secure random generator.',
  confidence: 0.6,
  tags: ['owasp-a02'],
};

/** Deserialisers that can instantiate arbitrary types. */
export const insecureDeserialization: RuleFamily = {
  title: 'Insecure deserialization',
  cwe: [502],
  severity: 'high',
  category: 'security',
  message: 'Data is deserialized with a format that can run code or build arbitrary objects.',
  explanation: {
    what: 'The code deserializes data with a serializer that restores arbitrary types.',
    why: 'If an attacker controls the bytes, gadget chains in the loaded classes lead to remote code execution.',
    how: 'Exchange data as JSON (or another data-only format) and validate it; if a native format is unavoidable, restrict the allowed types and authenticate the data.',
    learn_more: cheatSheet('Deserialization_Cheat_Sheet'),
  },
  fix: 'Deserialize data-only formats (JSON) or restrict types to an allow-list.',
  confidence: 0.75,
  tags: ['owasp-a08'],
};

/** XML parsers resolving external entities. */
export const xxe: RuleFamily = {
  title: 'XML external entities enabled',
  cwe: [611],
  severity: 'high',
  category: 'security',
  message: 'An XML parser is configured to resolve external entities or load DTDs.',
  explanation: {
    what: 'The XML parser expands entities or fetches DTDs named in the document.',
    why: 'A crafted document reads local files, makes requests from the server (SSRF) or exhausts memory (billion laughs).',
    how: 'Disable DTD processing and external entity resolution on the parser; keep the library defaults that do so.',
    learn_more: cheatSheet('XML_External_Entity_Prevention_Cheat_Sheet'),
  },
  fix: 'Turn off DTD loading and entity substitution.',
  confidence: 0.85,
  tags: ['owasp-a05'],
};

/** Cookies without Secure / HttpOnly. */
export const insecureCookie: RuleFamily = {
  title: 'Cookie without Secure or HttpOnly',
  cwe: [614, 1004],
  severity: 'medium',
  category: 'security',
  message: 'A cookie is set without the Secure and/or HttpOnly attribute.',
  explanation: {
    what: 'A cookie is sent without `Secure` (so it also travels over plain HTTP) or without `HttpOnly` (so scripts can read it).',
    why: 'Session cookies leak over unencrypted connections and to injected scripts, letting attackers hijack sessions.',
    how: 'Set `Secure` and `HttpOnly` (and `SameSite`) on every cookie that carries a session or credential.',
    learn_more: cheatSheet('Session_Management_Cheat_Sheet'),
  },
  fix: 'Set secure: true and httpOnly: true on the cookie.',
  confidence: 0.6,
  tags: ['owasp-a05'],
};

/** TLS peer verification turned off. */
export const tlsVerificationDisabled: RuleFamily = {
  title: 'TLS certificate verification disabled',
  cwe: [295],
  severity: 'high',
  category: 'security',
  message: 'TLS certificate verification is turned off, so any server can impersonate the peer.',
  explanation: {
    what: 'The client accepts any TLS certificate.',
    why: 'A network attacker can intercept and change the traffic (man in the middle), including credentials.',
    how: 'Keep verification on; to trust a private CA, add its certificate to the trust store instead of disabling checks.',
    learn_more: cheatSheet('Transport_Layer_Security_Cheat_Sheet'),
  },
  fix: 'Remove the option that disables verification; trust a custom CA if needed.',
  confidence: 0.85,
  tags: ['owasp-a07'],
};

/** Outdated protocol versions. */
export const weakTlsVersion: RuleFamily = {
  title: 'Outdated TLS version allowed',
  cwe: [326, 327],
  severity: 'medium',
  category: 'security',
  message: 'The TLS configuration allows SSL 3.0, TLS 1.0 or TLS 1.1.',
  explanation: {
    what: 'The minimum protocol version is set below TLS 1.2.',
    why: 'Old protocol versions have known attacks (POODLE, BEAST) and weak cipher suites.',
    how: 'Require TLS 1.2 or newer (TLS 1.3 where possible).',
    learn_more: cheatSheet('Transport_Layer_Security_Cheat_Sheet'),
  },
  fix: 'Set the minimum version to TLS 1.2.',
  confidence: 0.85,
};

/** Strings evaluated as code. */
export const codeInjection: RuleFamily = {
  title: 'Dynamic code evaluation',
  cwe: [95, 94],
  severity: 'high',
  category: 'security',
  message: 'A string built at run time is evaluated as code.',
  explanation: {
    what: 'A non-constant string is passed to an evaluator (eval, exec, Function, ...).',
    why: 'Any attacker influence on the string becomes arbitrary code execution in the application.',
    how: 'Do not evaluate strings: use data formats (JSON), lookup tables, or real functions instead.',
    learn_more: cwe(95),
  },
  fix: 'Replace the evaluation with explicit logic or a safe parser.',
  confidence: 0.7,
  tags: ['owasp-a03'],
};

/** Shell commands assembled from strings. */
export const commandInjection: RuleFamily = {
  title: 'Shell command built from strings',
  cwe: [78],
  severity: 'high',
  category: 'security',
  message: 'A shell command is assembled by string building and run through a shell.',
  explanation: {
    what: 'A command line is built with concatenation, formatting or interpolation and executed by a shell.',
    why: 'Shell metacharacters in any interpolated value (`;`, `|`, `$()`) run extra commands.',
    how: 'Run the program directly with an argument array (no shell), and validate arguments against an allow-list.',
    learn_more: cheatSheet('OS_Command_Injection_Defense_Cheat_Sheet'),
  },
  fix: 'Pass the program and its arguments as a list, without a shell.',
  confidence: 0.7,
  tags: ['owasp-a03'],
};

/** SQL assembled from strings. */
export const sqlInjection: RuleFamily = {
  title: 'SQL built from strings',
  cwe: [89],
  severity: 'high',
  category: 'security',
  message: 'An SQL statement is built by string concatenation, formatting or interpolation.',
  explanation: {
    what: 'Values are pasted into SQL text instead of being bound as parameters.',
    why: 'A quote in a value changes the statement: attackers read or change any data, or bypass authentication.',
    how: 'Use parameterised queries (placeholders and bound values) or the query builder of your ORM.',
    learn_more: cheatSheet('SQL_Injection_Prevention_Cheat_Sheet'),
  },
  fix: 'Use placeholders and pass the values separately.',
  confidence: 0.7,
  tags: ['owasp-a03'],
};

/** HTML written without escaping. */
export const xss: RuleFamily = {
  title: 'Unescaped HTML output',
  cwe: [79],
  severity: 'medium',
  category: 'security',
  message: 'A non-constant value is written into HTML without escaping.',
  explanation: {
    what: 'Dynamic content is inserted as raw HTML, bypassing the framework escaping.',
    why: 'If the value contains markup an attacker controls, their script runs in the victim\'s browser (cross-site scripting).',
    how: 'Insert text (textContent, template escaping); if HTML is required, sanitise it with a vetted sanitizer first.',
    learn_more: cheatSheet('Cross_Site_Scripting_Prevention_Cheat_Sheet'),
  },
  fix: 'Render as text or sanitise the HTML before inserting it.',
  confidence: 0.6,
  tags: ['owasp-a03'],
};

/** Debug modes enabled in application code. */
export const debugEnabled: RuleFamily = {
  title: 'Debug mode enabled',
  cwe: [489, 215],
  severity: 'medium',
  category: 'security',
  message: 'Debug mode is switched on in code that may run in production.',
  explanation: {
    what: 'The application turns on its framework debug mode.',
    why: 'Debug pages leak source, settings and secrets; some (Werkzeug) give an interactive console that runs code.',
    how: 'Read the debug switch from configuration and keep it off in production.',
    learn_more: cwe(489),
  },
  fix: 'Drive debug mode from the environment and default it to off.',
  confidence: 0.6,
  tags: ['owasp-a05'],
};

/** CORS allowing any origin with credentials. */
export const corsAnyOriginWithCredentials: RuleFamily = {
  title: 'CORS allows any origin with credentials',
  cwe: [942, 346],
  severity: 'medium',
  category: 'security',
  message: 'CORS reflects or allows any origin while allowing credentials.',
  explanation: {
    what: 'Cross-origin requests with cookies are accepted from every origin.',
    why: 'Any website the user visits can read authenticated responses and act as the user.',
    how: 'Allow credentials only for an explicit list of trusted origins.',
    learn_more: cwe(942),
  },
  fix: 'List the trusted origins explicitly.',
  confidence: 0.75,
  tags: ['owasp-a05'],
};

/** JWTs accepted without a valid signature. */
export const jwtVerificationDisabled: RuleFamily = {
  title: 'JWT signature not verified',
  cwe: [347],
  severity: 'high',
  category: 'security',
  message: 'A JSON Web Token is accepted without verifying its signature (or with the `none` algorithm).',
  explanation: {
    what: 'Token signature checks are disabled or the `none` algorithm is allowed.',
    why: 'Anyone can forge a token with any claims (user id, roles) and it will be trusted.',
    how: 'Always verify with an explicit list of expected algorithms and the right key.',
    learn_more: cwe(347),
  },
  fix: 'Verify the signature with an explicit algorithm allow-list.',
  confidence: 0.85,
  tags: ['owasp-a02'],
};

/** Files made writable by everyone. */
export const permissiveFileMode: RuleFamily = {
  title: 'World-writable file permissions',
  cwe: [732],
  severity: 'medium',
  category: 'security',
  message: 'A file or directory is given permissions that let every user write to it.',
  explanation: {
    what: 'The mode grants write access to all users (e.g. 0777, 0666).',
    why: 'Other local users or compromised services can replace the file\'s content, including code or configuration.',
    how: 'Grant the least access needed, e.g. 0600 for secrets, 0644 for files and 0755 for directories.',
    learn_more: cwe(732),
  },
  fix: 'Use a restrictive mode such as 0600 or 0644.',
  confidence: 0.75,
};

/** Error swallowed by an empty handler. */
export const emptyCatch: RuleFamily = {
  title: 'Exception swallowed',
  cwe: [390],
  severity: 'low',
  category: 'bug',
  message: 'An exception handler is empty, so errors disappear silently.',
  explanation: {
    what: 'A catch/except/rescue block has no statements.',
    why: 'Failures go unnoticed and surface later as corrupted state that is hard to diagnose.',
    how: 'Handle the error, log it, or rethrow it; if ignoring it is intended, say why in a comment inside the block.',
    learn_more: cwe(390),
  },
  fix: 'Log or handle the error, or comment why it is safe to ignore.',
  confidence: 0.8,
};
