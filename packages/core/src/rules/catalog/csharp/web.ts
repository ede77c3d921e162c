import {
  corsAnyOriginWithCredentials, emptyCatch, insecureCookie, jwtVerificationDisabled, tlsVerificationDisabled, xss, xxe,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import type { PatternRule } from '../../types.ts';
import { csArgument, csAssign, csLiteral } from './fragments.ts';

const csharp = ['csharp'] as const;
const anyOrigin = '(SetIsOriginAllowed\\(\\s*(\\w+|\\([^)]*\\))\\s*=>\\s*true\\s*\\)|AllowAnyOrigin\\(\\s*\\))';
const anyOriginWithCredentials = `${anyOrigin}[\\s\\S]*AllowCredentials\\(\\s*\\)|AllowCredentials\\(\\s*\\)[\\s\\S]*${anyOrigin}`;

/** Web, transport, configuration and quality pattern rules for C#. */
export const csharpWebRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...xxe,
    id: 'csharp.xxe.dtd-processing',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        csAssign('DtdProcessing', '([\\w.]*\\.)?DtdProcessing\\.Parse'),
        csAssign('ProhibitDtd', 'false'),
        csAssign('XmlResolver', 'new\\s+([\\w.]*\\.)?XmlUrlResolver\\s*\\(\\s*\\)'),
      ],
    },
    requiresPattern: 'DtdProcessing|ProhibitDtd|XmlUrlResolver',
    fix: 'Keep DtdProcessing.Prohibit (or Ignore) and XmlResolver = null.',
    fixExample: 'var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };',
  },
  {
    ...tlsVerificationDisabled,
    id: 'csharp.tls.certificate-validation-disabled',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        {
          kind: 'assignment_expression',
          regex: `CertificateValidationCallback\\s*\\+?=\\s*(\\([^)]*\\)|\\w+|delegate(\\s*\\([^)]*\\))?)\\s*(=>)?\\s*(true|\\{\\s*return\\s+true\\s*;\\s*\\})$`,
        },
        { kind: 'member_access_expression', regex: 'DangerousAcceptAnyServerCertificateValidator$' },
      ],
    },
    requiresPattern: 'CertificateValidationCallback|DangerousAcceptAnyServerCertificateValidator',
    fix: 'Remove the callback (the default validates certificates) or check the chain against a pinned CA.',
    fixExample: 'var handler = new HttpClientHandler(); // default certificate validation',
  },
  {
    ...insecureCookie,
    id: 'csharp.cookies.insecure-cookie',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        csAssign('Secure|HttpOnly', 'false'),
        csAssign('SecurePolicy', '([\\w.]*\\.)?CookieSecurePolicy\\.None'),
      ],
    },
    requiresPattern: 'Cookie',
    fix: 'Set Secure = true and HttpOnly = true (CookieSecurePolicy.Always for cookie builders).',
    fixExample: 'Response.Cookies.Append("session", id, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });',
  },
  {
    ...corsAnyOriginWithCredentials,
    id: 'csharp.cors.any-origin-with-credentials',
    languages: csharp,
    kind: 'pattern',
    // The chain that holds both calls; enclosing calls (services.AddCors(...)) contain it and are skipped.
    rule: {
      kind: 'invocation_expression',
      regex: anyOriginWithCredentials,
      not: { has: { kind: 'invocation_expression', regex: anyOriginWithCredentials, stopBy: 'end' } },
    },
    requires: ['AllowCredentials'],
    fix: 'List trusted origins with WithOrigins(...) before AllowCredentials().',
    fixExample: 'policy.WithOrigins("https://app.example.com").AllowCredentials();',
  },
  {
    ...jwtVerificationDisabled,
    id: 'csharp.jwt.validation-disabled',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        csAssign('RequireSignedTokens|ValidateIssuerSigningKey', 'false'),
        { kind: 'assignment_expression', regex: '^SignatureValidator\\s*=[\\s\\S]*=>\\s*new\\s+([\\w.]*\\.)?(JwtSecurityToken|JsonWebToken)\\s*\\(' },
      ],
    },
    requiresPattern: 'RequireSignedTokens|ValidateIssuerSigningKey|SignatureValidator',
    fix: 'Keep RequireSignedTokens and ValidateIssuerSigningKey true and give the validation parameters the signing keys.',
    fixExample: 'new TokenValidationParameters { ValidateIssuerSigningKey = true, IssuerSigningKey = key, RequireSignedTokens = true }',
  },
  {
    ...xss,
    id: 'csharp.xss.raw-html',
    languages: csharp,
    kind: 'pattern',
    message: 'A dynamic value is wrapped as raw HTML (Html.Raw, HtmlString), so Razor will not encode it.',
    rule: {
      any: [
        { kind: 'invocation_expression', regex: '^(Html\\.Raw|MvcHtmlString\\.Create)\\(', all: [csArgument(1, { not: csLiteral })] },
        { kind: 'object_creation_expression', regex: '^new\\s+(HtmlString|MvcHtmlString)\\(', all: [csArgument(1, { not: csLiteral })] },
      ],
    },
    requiresPattern: 'Html\\.Raw|HtmlString',
    fix: 'Output the value normally so Razor encodes it, or sanitise it (HtmlSanitizer) before wrapping.',
    fixExample: '@Model.Bio',
  },
  {
    ...emptyCatch,
    id: 'csharp.quality.empty-catch',
    languages: csharp,
    kind: 'pattern',
    rule: { kind: 'catch_clause', has: { kind: 'block', regex: '^\\{\\s*\\}$' } },
    requires: ['catch'],
    fix: 'Log or handle the exception, or explain in a comment why it is ignored.',
    fixExample: 'catch (IOException ex)\n{\n    _logger.LogWarning(ex, "cleanup failed");\n}',
  },
];
