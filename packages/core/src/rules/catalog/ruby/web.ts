import { emptyCatch, insecureCookie, permissiveFileMode, tlsVerificationDisabled, xss, xxe } from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { rbCallTo, rbFirstArgument, rbLiteral, rbPair } from './fragments.ts';

const ruby = ['ruby'] as const;

/** Web, transport, configuration and quality pattern rules for Ruby. */
export const rubyWebRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...xxe,
    id: 'ruby.xxe.entity-expansion',
    languages: ruby,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'scope_resolution', regex: 'ParseOptions::(NOENT|DTDLOAD|DTDATTR)$' },
        rbCallTo('noent|dtdload|dtdattr', { inside: { kind: 'call', regex: 'Nokogiri|XML', stopBy: 'end' } }),
        { kind: 'assignment', regex: 'default_substitute_entities\\s*=\\s*true' },
      ],
    },
    requiresPattern: 'NOENT|DTDLOAD|DTDATTR|noent|dtdload|dtdattr|substitute_entities',
    fix: 'Parse with the default options (Nokogiri keeps NOENT and DTDLOAD off), or ParseOptions::NONET.',
    fixExample: 'doc = Nokogiri::XML(xml) { |config| config.strict.nonet }',
  },
  {
    ...tlsVerificationDisabled,
    id: 'ruby.tls.verify-none',
    languages: ruby,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'scope_resolution', regex: '^(::)?(OpenSSL::)?SSL::VERIFY_NONE$' },
        rbPair('verify|ssl_verify|verify_ssl|ssl_verify_peer', 'false'),
      ],
    },
    requiresPattern: 'VERIFY_NONE|verify',
    fix: 'Use OpenSSL::SSL::VERIFY_PEER and add a private CA with ca_file if needed.',
    fixExample: "http.verify_mode = OpenSSL::SSL::VERIFY_PEER\nhttp.ca_file = '/etc/ssl/internal-ca.pem'",
  },
  {
    ...insecureCookie,
    id: 'ruby.cookies.insecure-cookie',
    languages: ruby,
    kind: 'pattern',
    rule: {
      ...rbPair('secure|httponly', 'false'),
      inside: { stopBy: 'end', any: [{ kind: 'assignment', regex: '^cookies(\\.\\w+)*\\[' }, { kind: 'call', regex: 'session_store|cookies(\\.\\w+)*\\[' }] },
    },
    requires: ['cookies', 'session_store'],
    fix: 'Set secure: true and httponly: true (and same_site) on cookies and the session store.',
    fixExample: 'cookies[:session] = { value: id, secure: true, httponly: true, same_site: :lax }',
  },
  {
    ...xss,
    id: 'ruby.xss.html-safe',
    languages: ruby,
    kind: 'pattern',
    message: 'A dynamic value is marked html_safe (or passed to raw), so Rails will not escape it.',
    rule: {
      any: [
        rbCallTo('html_safe', { has: { field: 'receiver', not: rbLiteral } }),
        { pattern: 'raw($HTML)', all: [rbFirstArgument({ not: rbLiteral })] },
      ],
    },
    requiresPattern: 'html_safe|\\braw\\b',
    fix: 'Let Rails escape the value, or build HTML with content_tag / sanitize().',
    fixExample: 'content_tag(:p, user.bio)',
  },
  {
    ...permissiveFileMode,
    id: 'ruby.permissions.world-writable',
    languages: ruby,
    kind: 'pattern',
    rule: { kind: 'call', regex: '^(File|FileUtils)\\.(chmod|chmod_R)\\b', all: [rbFirstArgument({ regex: '^(0[oO]?[0-7]*[2367]|511|438)$' })] },
    requires: ['chmod'],
    fix: 'Use 0o600 for private files and 0o644 for shared ones.',
    fixExample: "File.chmod(0o600, 'config/master.key')",
  },
  {
    ...emptyCatch,
    id: 'ruby.quality.rescue-exception',
    title: 'rescue Exception',
    cwe: [396],
    message: '`rescue Exception` also catches interrupts, exit and memory errors; rescue StandardError instead.',
    explanation: {
      what: 'A rescue clause catches Exception, the root of every Ruby error.',
      why: 'It swallows SignalException (Ctrl-C, SIGTERM), SystemExit and NoMemoryError, so processes cannot be stopped cleanly.',
      how: 'Rescue StandardError (the default for a bare rescue) or the specific errors you expect.',
      learn_more: 'https://cwe.mitre.org/data/definitions/396.html',
    },
    fix: 'Rescue StandardError or specific error classes.',
    fixExample: 'rescue StandardError => e\n  logger.error(e)',
    languages: ruby,
    kind: 'pattern',
    rule: { kind: 'rescue', has: { kind: 'exceptions', has: { kind: 'constant', regex: '^Exception$' } } },
    requires: ['Exception'],
  },
];

