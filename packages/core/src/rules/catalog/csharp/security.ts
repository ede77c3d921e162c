import { securityNameRegex } from '../../pattern/names.ts';
import {
  commandInjection, insecureDeserialization, insecureRandom, sqlInjection, weakCipher, weakHash,
} from '../../pattern/families.ts';
import type { PatternRuleHints } from '../../pattern/matcher.ts';
import { sqlContentPattern, sqlTextRegex } from '../../pattern/sql-text.ts';
import type { PatternRule } from '../../types.ts';
import { csArgument, csAssign, csBuiltString } from './fragments.ts';

const csharp = ['csharp'] as const;
const ns = '(System\\.Security\\.Cryptography\\.)?';
const shellProgram = `(?i)^@?"(cmd|cmd\\.exe|powershell|powershell\\.exe|pwsh|/bin/sh|/bin/bash|sh|bash)"$`;

/** Crypto, injection and deserialization pattern rules for C#. */
export const csharpSecurityRules: readonly (PatternRule & PatternRuleHints)[] = [
  {
    ...weakHash,
    id: 'csharp.crypto.weak-hash',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'invocation_expression', regex: `^${ns}(MD5|SHA1)\\.(Create|HashData|HashDataAsync)\\b` },
        { kind: 'invocation_expression', regex: `^${ns}HashAlgorithm\\.Create\\(\\s*"(?i:md5|sha1)"` },
        { kind: 'object_creation_expression', regex: `^new\\s+${ns}(MD5CryptoServiceProvider|MD5Cng|SHA1Managed|SHA1CryptoServiceProvider|SHA1Cng)\\b` },
      ],
    },
    requiresPattern: 'MD5|SHA1',
    fix: 'Use SHA256.HashData (or SHA512); for passwords use Rfc2898DeriveBytes.Pbkdf2 or ASP.NET Core Identity PasswordHasher.',
    fixExample: 'byte[] digest = SHA256.HashData(data);',
  },
  {
    ...weakCipher,
    id: 'csharp.crypto.weak-cipher',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'invocation_expression', regex: `^${ns}(DES|TripleDES|RC2)\\.Create\\b` },
        { kind: 'object_creation_expression', regex: `^new\\s+${ns}(DES|TripleDES|RC2)CryptoServiceProvider\\b` },
        { kind: 'member_access_expression', regex: '^(System\\.Security\\.Cryptography\\.)?CipherMode\\.ECB$' },
        { kind: 'invocation_expression', has: { kind: 'member_access_expression', regex: '\\.(EncryptEcb|DecryptEcb)$' } },
      ],
    },
    requiresPattern: 'DES|RC2|ECB|Ecb',
    fix: 'Use AesGcm (or Aes with CipherMode.CBC plus an HMAC) and a random nonce per message.',
    fixExample: 'using var aes = new AesGcm(key, tagSizeInBytes: 16);\naes.Encrypt(nonce, plaintext, ciphertext, tag);',
  },
  {
    ...insecureRandom,
    id: 'csharp.crypto.insecure-random',
    languages: csharp,
    kind: 'pattern',
    rule: {
      kind: 'invocation_expression',
      regex: '\\.(Next|NextBytes|NextDouble|NextInt64|GetItems)\\(',
      inside: {
        stopBy: 'end',
        any: [
          { kind: 'variable_declarator', has: { kind: 'identifier', regex: securityNameRegex } },
          { kind: 'assignment_expression', has: { field: 'left', regex: securityNameRegex } },
          { kind: 'return_statement', inside: { kind: 'method_declaration', has: { field: 'name', regex: securityNameRegex }, stopBy: 'end' } },
        ],
      },
    },
    requiresPattern: 'new\\s+Random\\s*\\(|Random\\.Shared',
    fix: 'Use RandomNumberGenerator (GetBytes, GetInt32, GetHexString) for tokens, keys and passwords.',
    fixExample: 'string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));',
  },
  {
    ...insecureDeserialization,
    id: 'csharp.deserialization.binary-formatter',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'object_creation_expression', regex: '^new\\s+([\\w.]*\\.)?(BinaryFormatter|SoapFormatter|NetDataContractSerializer|LosFormatter|ObjectStateFormatter)\\b' },
        { kind: 'object_creation_expression', regex: '^new\\s+([\\w.]*\\.)?JavaScriptSerializer\\s*\\(\\s*new\\s+SimpleTypeResolver' },
      ],
    },
    requiresPattern: 'BinaryFormatter|SoapFormatter|NetDataContractSerializer|LosFormatter|ObjectStateFormatter|SimpleTypeResolver',
    fix: 'Use System.Text.Json (or DataContractSerializer with known types) for untrusted data.',
    fixExample: 'var order = JsonSerializer.Deserialize<Order>(json);',
  },
  {
    ...insecureDeserialization,
    id: 'csharp.deserialization.json-type-name-handling',
    title: 'Json.NET type names taken from the payload',
    languages: csharp,
    kind: 'pattern',
    message: 'Json.NET TypeNameHandling other than None lets the JSON choose which .NET types to instantiate.',
    rule: csAssign('TypeNameHandling', '([\\w.]*\\.)?TypeNameHandling\\.(All|Auto|Objects|Arrays)'),
    requires: ['TypeNameHandling'],
    fix: 'Keep TypeNameHandling.None, or restrict types with a custom ISerializationBinder.',
    fixExample: 'var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };',
  },
  {
    ...sqlInjection,
    id: 'csharp.sqli.string-built-query',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'object_creation_expression', regex: '^new\\s+([\\w.]*\\.)?(Sql|OleDb|Odbc|Oracle|Npgsql|MySql|Sqlite|SQLite)Command\\b', all: [csArgument(1, csBuiltString)] },
        { ...csAssign('CommandText', '[\\s\\S]+'), has: { field: 'right', ...csBuiltString } },
        {
          kind: 'invocation_expression',
          has: { kind: 'member_access_expression', regex: '\\.(ExecuteSqlRaw|ExecuteSqlRawAsync|FromSqlRaw|ExecuteSqlCommand|ExecuteSqlCommandAsync|SqlQuery|Query|QueryAsync|QueryFirst|QueryFirstOrDefault|QuerySingle|QueryFirstAsync|QueryFirstOrDefaultAsync|QuerySingleAsync|Execute|ExecuteAsync|ExecuteScalar|ExecuteScalarAsync)$' },
          all: [csArgument(1, csBuiltString)],
        },
      ],
      regex: sqlTextRegex,
    },
    requiresPattern: sqlContentPattern,
    fix: 'Use parameters: new SqlCommand("SELECT * FROM Users WHERE Id = @id", conn) plus Parameters.AddWithValue.',
    fixExample: 'var cmd = new SqlCommand("SELECT * FROM Users WHERE Id = @id", conn);\ncmd.Parameters.AddWithValue("@id", id);',
  },
  {
    ...commandInjection,
    id: 'csharp.command-injection.process-start',
    languages: csharp,
    kind: 'pattern',
    rule: {
      any: [
        { kind: 'invocation_expression', regex: '^([\\w.]*\\.)?Process\\.Start\\(', all: [csArgument(1, { regex: shellProgram }), csArgument(2, csBuiltString)] },
        { kind: 'object_creation_expression', regex: '^new\\s+([\\w.]*\\.)?ProcessStartInfo\\b', all: [csArgument(1, { regex: shellProgram }), csArgument(2, csBuiltString)] },
        {
          kind: 'initializer_expression',
          all: [
            { has: { kind: 'assignment_expression', regex: `(?i)^FileName\\s*=\\s*@?"(cmd|cmd\\.exe|powershell|powershell\\.exe|pwsh|/bin/sh|/bin/bash|sh|bash)"$` } },
            { has: { kind: 'assignment_expression', regex: '^Arguments\\s*=', has: { field: 'right', ...csBuiltString } } },
          ],
        },
      ],
    },
    requiresPattern: 'Process\\.Start|ProcessStartInfo',
    fix: 'Start the program directly and pass arguments through ProcessStartInfo.ArgumentList, never through a shell.',
    fixExample: 'var psi = new ProcessStartInfo("git");\npsi.ArgumentList.Add("log");\npsi.ArgumentList.Add(branch);',
  },
];
