import type { Language } from '@xcr/contracts';
import type { RuleMeta } from '../types.ts';
import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';

/** The injection classes the taint catalogs cover, with the text every language shares. */
export const taintCategories = {
  sqli: {
    suffix: 'sqli.tainted-query',
    title: 'SQL injection',
    cwe: 89,
    severity: 'critical',
    message: 'Request data is built into an SQL statement.',
    what: 'Text from the HTTP request becomes part of an SQL statement that is executed.',
    why: 'An attacker can change the query: read or modify any data, bypass logins, sometimes run commands.',
    how: 'Use parameterised queries (placeholders with bound values) or the query builder of your ORM.',
    fix: 'Pass the value as a bound parameter instead of building it into the SQL text.',
    confidence: 0.85,
    tags: ['owasp-a03', 'injection'],
  },
  'command-injection': {
    suffix: 'command-injection.tainted-command',
    title: 'OS command injection',
    cwe: 78,
    severity: 'critical',
    message: 'Request data reaches an operating-system command.',
    what: 'Text from the HTTP request is part of a command run by the shell or started as a process.',
    why: 'An attacker can run arbitrary programs on the server with its privileges.',
    how: 'Avoid the shell: run a fixed program with an argument list, and validate values against an allow-list.',
    fix: 'Run a fixed program with separate, validated arguments; never pass input to a shell.',
    confidence: 0.8,
    tags: ['owasp-a03', 'injection'],
  },
  'code-injection': {
    suffix: 'code-injection.tainted-eval',
    title: 'Code injection',
    cwe: 94,
    severity: 'critical',
    message: 'Request data is evaluated as code.',
    what: 'Text from the HTTP request is evaluated (eval, exec, dynamic templates or functions).',
    why: 'An attacker can run arbitrary code inside the application.',
    how: 'Never evaluate input; map input to a fixed set of operations or parse it as data.',
    fix: 'Replace evaluation of input with a lookup of allowed operations.',
    confidence: 0.85,
    tags: ['owasp-a03', 'injection'],
  },
  'ldap-injection': {
    suffix: 'ldap-injection.tainted-filter',
    title: 'LDAP injection',
    cwe: 90,
    severity: 'high',
    message: 'Request data is built into an LDAP filter or name.',
    what: 'An LDAP search filter or distinguished name contains text from the request.',
    why: 'An attacker can widen the search to read directory entries or bypass authentication.',
    how: 'Escape values with the LDAP filter escaping function of your library before building the filter.',
    fix: 'Escape the value for LDAP filters before using it.',
    confidence: 0.8,
    tags: ['owasp-a03', 'injection'],
  },
  'xpath-injection': {
    suffix: 'xpath-injection.tainted-expression',
    title: 'XPath injection',
    cwe: 643,
    severity: 'high',
    message: 'Request data is built into an XPath expression.',
    what: 'An XPath expression contains text from the request.',
    why: 'An attacker can change the expression to read other parts of the XML document.',
    how: 'Use XPath variables / parameters instead of building the expression from input.',
    fix: 'Bind the value as an XPath variable.',
    confidence: 0.8,
    tags: ['owasp-a03', 'injection'],
  },
  xss: {
    suffix: 'xss.tainted-output',
    title: 'Cross-site scripting',
    cwe: 79,
    severity: 'high',
    message: 'Request data is written to an HTML response or the DOM without encoding.',
    what: 'Text from the request is written into HTML output without escaping.',
    why: "An attacker can inject script that runs in other users' browsers and steals their sessions.",
    how: 'Escape for the output context, or render through a template engine that escapes by default.',
    fix: 'HTML-escape the value (or use an auto-escaping template).',
    confidence: 0.75,
    tags: ['owasp-a03', 'injection'],
  },
  'path-traversal': {
    suffix: 'path-traversal.tainted-path',
    title: 'Path traversal',
    cwe: 22,
    severity: 'high',
    message: 'Request data is used as a file path.',
    what: 'A file is read, written or deleted at a path built from request data.',
    why: 'With `../` an attacker can reach files outside the intended directory.',
    how: 'Keep only the base name of the input, resolve it against a fixed directory and check the result stays inside it.',
    fix: 'Use the base name of the input and verify the resolved path is inside the allowed directory.',
    confidence: 0.75,
    tags: ['owasp-a01'],
  },
  ssrf: {
    suffix: 'ssrf.tainted-url',
    title: 'Server-side request forgery',
    cwe: 918,
    severity: 'high',
    message: 'The server fetches a URL taken from the request.',
    what: 'An outgoing HTTP request is made to a URL built from request data.',
    why: 'Attackers can reach internal services and cloud metadata endpoints through the server.',
    how: 'Allow only known hosts and schemes; resolve and check the address before connecting.',
    fix: 'Validate the URL host against an allow-list before fetching.',
    confidence: 0.7,
    tags: ['owasp-a10'],
  },
  'open-redirect': {
    suffix: 'open-redirect.tainted-url',
    title: 'Open redirect',
    cwe: 601,
    severity: 'medium',
    message: 'The redirect target comes from the request.',
    what: 'The application redirects to a URL taken from the request.',
    why: 'Attackers use trusted-looking links that bounce victims to phishing sites.',
    how: 'Redirect only to relative paths or to an allow-list of hosts.',
    fix: 'Check the target against an allow-list (or accept only relative paths).',
    confidence: 0.7,
    tags: ['owasp-a01'],
  },
  deserialization: {
    suffix: 'deserialization.tainted-data',
    title: 'Insecure deserialization',
    cwe: 502,
    severity: 'critical',
    message: 'Objects are deserialized from request data.',
    what: 'Data sent by the client is deserialized with a format that can create arbitrary objects.',
    why: 'Crafted data can run code or tamper with application state during deserialization.',
    how: 'Use a data-only format (JSON) or a safe loader, and validate the result.',
    fix: 'Parse a data-only format (JSON, safe YAML loader) instead.',
    confidence: 0.8,
    tags: ['owasp-a08'],
  },
} as const;

/** One of the shared injection classes. */
export type TaintCategory = keyof typeof taintCategories;

/** Builds a taint rule of a shared category for one language (`<language>.<category>.<name>`). */
export function taintRule(
  language: Language,
  category: TaintCategory,
  spec: {
    sources: readonly SourceSpec[];
    sinks: readonly SinkSpec[];
    sanitizers?: readonly CallMatcher[];
    fixExample?: string;
  },
): TaintRule {
  const c = taintCategories[category];
  const meta: RuleMeta = {
    id: `${language}.${c.suffix}`,
    title: c.title,
    languages: [language],
    cwe: [c.cwe],
    severity: c.severity,
    category: 'security',
    message: c.message,
    explanation: {
      what: c.what,
      why: c.why,
      how: c.how,
      learn_more: `https://cwe.mitre.org/data/definitions/${c.cwe}.html`,
    },
    fix: c.fix,
    confidence: c.confidence,
    tags: c.tags,
  };
  if (spec.fixExample !== undefined) meta.fixExample = spec.fixExample;
  const rule: TaintRule = { ...meta, kind: 'taint', sources: spec.sources, sinks: spec.sinks };
  if (spec.sanitizers !== undefined) rule.sanitizers = spec.sanitizers;
  return rule;
}
