import { securityNameRegex } from '../../pattern/names.ts';
import {
  codeInjection, commandInjection, insecureDeserialization, insecureRandom, jwtVerificationDisabled, sqlInjection,
  weakCipher, weakHash,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { rbBuiltString, rbCallTo, rbFirstArgument, rbLiteral } from './fragments.ts';

const ruby = ['ruby'] as const;
const dynamicValue = { not: rbLiteral, any: [rbBuiltString, { kind: 'identifier' }, { kind: 'instance_variable' }, { kind: 'call' }, { kind: 'element_reference' }, { kind: 'constant' }] };

/** Crypto, injection and deserialization pattern rules for Ruby. */
export const rubySecurityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...weakHash,
    id: 'ruby.crypto.weak-hash',
    languages: ruby,
    kind: 'pattern',
    rule: {
      kind: 'call',
      regex: `^(::)?(OpenSSL::)?Digest(::(MD5|SHA1)\\b|\\.new\\(\\s*['"](?i:md5|sha1)['"])`,
    },
    requiresPattern: 'MD5|SHA1|Digest\\.new',
    fix: 'Use Digest::SHA256 (or OpenSSL::Digest.new("SHA256")); for passwords use bcrypt or argon2.',
    fixExample: 'digest = Digest::SHA256.hexdigest(data)',
  },
  {
    ...weakCipher,
    id: 'ruby.crypto.weak-cipher',
    languages: ruby,
    kind: 'pattern',
    rule: {
      kind: 'call',
      regex: `^(::)?OpenSSL::Cipher(::(DES|DES3|RC2|RC4|BF|CAST5|IDEA)\\b|\\.new\\(\\s*['"](?i:(des|rc2|rc4|bf|blowfish|cast|idea)[\\w-]*|[\\w-]*-ecb)['"])`,
    },
    requires: ['Cipher'],
    fix: "Use OpenSSL::Cipher.new('aes-256-gcm') with a random IV per message (or RbNaCl).",
    fixExample: "cipher = OpenSSL::Cipher.new('aes-256-gcm').encrypt",
  },
  {
    ...insecureRandom,
    id: 'ruby.crypto.insecure-random',
    languages: ruby,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'call', regex: '^(Kernel\\.|Random\\.(new(\\([^)]*\\))?\\.)?)?rand\\b' },
        { kind: 'identifier', regex: '^rand$' },
        rbCallTo('sample|shuffle'),
      ],
      inside: {
        stopBy: 'end',
        any: [
          { kind: 'assignment', has: { field: 'left', regex: securityNameRegex } },
          { kind: 'pair', has: { field: 'key', regex: securityNameRegex } },
          // Ruby returns the last expression, so the whole body of a token-making method counts.
          { kind: 'method', has: { field: 'name', regex: securityNameRegex } },
        ],
      },
    },
    requiresPattern: '\\brand\\b|\\.(sample|shuffle)\\b',
    fix: 'Use SecureRandom (SecureRandom.hex, SecureRandom.urlsafe_base64, SecureRandom.random_number).',
    fixExample: 'self.reset_token = SecureRandom.urlsafe_base64(32)',
  },
  {
    ...insecureDeserialization,
    id: 'ruby.deserialization.marshal-load',
    languages: ruby,
    kind: 'pattern',
    rule: { kind: 'call', regex: '^(::)?Marshal\\.(load|restore)\\b', all: [rbFirstArgument({ not: rbLiteral })] },
    requires: ['Marshal'],
    fix: 'Exchange data as JSON (JSON.parse) and validate it.',
    fixExample: 'payload = JSON.parse(cookies[:cart])',
  },
  {
    ...insecureDeserialization,
    id: 'ruby.deserialization.yaml-load',
    languages: ruby,
    kind: 'pattern',
    message: 'YAML is loaded with a loader that can build arbitrary objects (unsafe_load, or load before Psych 4).',
    rule: {
      any: [
        { kind: 'call', regex: '^(::)?(YAML|Psych)\\.(unsafe_load|unsafe_load_file)\\b' },
        // Psych 4 (Ruby 3.1+) made load safe; older versions are still common, so load of non-constant data is reported.
        { kind: 'call', regex: '^(::)?(YAML|Psych)\\.(load|load_stream)\\b', not: { regex: 'permitted_classes|safe' }, all: [rbFirstArgument({ not: rbLiteral })] },
      ],
    },
    requires: ['YAML', 'Psych'],
    confidence: 0.6,
    fix: 'Use YAML.safe_load (with permitted_classes if needed).',
    fixExample: 'config = YAML.safe_load(File.read(path), permitted_classes: [Date])',
  },
  {
    ...codeInjection,
    id: 'ruby.code-injection.eval',
    languages: ruby,
    kind: 'pattern',
    rule: rbCallTo('eval|instance_eval|class_eval|module_eval', rbFirstArgument(dynamicValue)),
    requires: ['eval'],
    fix: 'Avoid evaluating strings: use public_send with an allow-list, or define methods with blocks.',
    fixExample: "raise ArgumentError unless %w[name email].include?(field)\nuser.public_send(field)",
  },
  {
    ...commandInjection,
    id: 'ruby.command-injection.interpolated',
    languages: ruby,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'subshell', has: { kind: 'interpolation' } },
        rbCallTo('system|exec|spawn|popen|capture2|capture2e|capture3|popen2|popen2e|popen3|pipeline_r|pipeline', rbFirstArgument(rbBuiltString)),
      ],
    },
    requiresPattern: '`|%x|system|exec|spawn|popen|capture[23]|pipeline',
    fix: 'Pass the command and its arguments separately: system("convert", path, "thumb.png").',
    fixExample: 'system("tar", "czf", "backup.tgz", name, exception: true)',
  },
  {
    ...sqlInjection,
    id: 'ruby.sqli.interpolated-query',
    languages: ruby,
    kind: 'pattern',
    rule: rbCallTo(
      'where|not|rewhere|having|order|reorder|group|joins|from|select|pluck|lock|find_by_sql|count_by_sql|exists\\?|delete_all|destroy_all|update_all|execute|exec_query|exec_update|exec_delete|select_all|select_one|select_rows|select_value|select_values|find_by',
      rbFirstArgument(rbBuiltString),
    ),
    requiresPattern: '#\\{|\\bformat\\(|\\bsprintf\\(|["\']\\s*[+%]',
    fix: 'Use bind parameters: where("name = ?", name) or where(name: name).',
    fixExample: 'User.where(name: params[:name])',
  },
  {
    ...jwtVerificationDisabled,
    id: 'ruby.jwt.verification-disabled',
    languages: ruby,
    kind: 'pattern',
    rule: {
      any: [
        { pattern: 'JWT.decode($TOKEN, $KEY, false $$$)' },
        { kind: 'pair', regex: `^(:?algorithms?:|:algorithms?\\s*=>|['"]algorithms?['"]\\s*=>)\\s*\\[?\\s*['"](?i:none)['"]` },
      ],
    },
    requires: ['JWT', 'algorithm'],
    fix: "Verify the signature with an explicit algorithm: JWT.decode(token, key, true, algorithm: 'RS256').",
    fixExample: "payload, = JWT.decode(token, public_key, true, algorithm: 'RS256')",
  },
];
