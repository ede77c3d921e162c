import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskPrivateKeyBlocks, redactForPrompt } from './secret-redaction.ts';

describe('redactForPrompt', () => {
  const secrets: [string, string][] = [
    ['AWS key id', 'const id = AKIAIOSFODNN7EXAMPL3;'],
    ['GitHub token', 'token: ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['OpenAI-style key', 'client = OpenAI(api_key=os.getenv("X") or "sk-proj-abcdefghijklmnopqrstuvwx")'],
    ['Stripe key', 'stripe(sk_live_4eC39HqLyjWDarjtT1zdp7dc)'],
    ['JWT', 'auth = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"'],
    ['password assignment', 'const password = "hunter2!";'],
    ['JSON secret', '"clientSecret": "q8Fz-2LmP0x"'],
    ['.env line', 'DB_PASSWORD=s3cr3tValue'],
    ['URL credentials', 'const url = "postgres://admin:Tr0ub4dor@db.internal:5432/app";'],
    ['random constant', 'const k = "Zk9sQm1xV3pLc2R0Y2JxN2hNNmVQa0F4cHlNd0t1";'],
  ];
  for (const [name, line] of secrets) {
    it(`redacts a ${name}`, () => {
      const out = redactForPrompt(line);
      assert.match(out, /\[REDACTED\]|\*{4}/);
      assert.notEqual(out, line);
      assert.equal(out.split('\n').length, 1);
    });
  }

  it('leaves placeholders, environment lookups and ordinary code alone', () => {
    const safe = [
      'const password = process.env.DB_PASSWORD;',
      'const password = "<your-password>";',
      'api_key = "${API_KEY}"',
      'DB_PASSWORD=$DB_PASSWORD',
      'const url = "postgres://user:changeme@localhost/app";',
      'const hash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";',
      'if (tokens.length > 0) return tokenize(input);',
    ];
    for (const line of safe) assert.equal(redactForPrompt(line), line);
  });

  it('redacts private key blocks line by line and keeps every line break', () => {
    const text = 'const a = 1;\r\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nq2Jv9f0\n-----END RSA PRIVATE KEY-----\nconst b = 2;\n';
    const out = redactForPrompt(text);
    assert.equal(out, 'const a = 1;\r\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n[REDACTED]\n-----END RSA PRIVATE KEY-----\nconst b = 2;\n');
    const inline = redactForPrompt('key = "-----BEGIN PRIVATE KEY-----\\nMIIEv\\n-----END PRIVATE KEY-----"');
    assert.match(inline, /^key = "-----BEGIN PRIVATE KEY-----\[redacted\]-----END PRIVATE KEY-----"$/i);
    assert.equal(maskPrivateKeyBlocks(text), 'const a = 1;\r\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n[REDACTED]\n-----END RSA PRIVATE KEY-----\nconst b = 2;\n');
  });

  it('masks what the secret rules recognise, as they mask it', () => {
    assert.equal(redactForPrompt('aws_access_key_id = "AKIAQ3EGRW7TZN4KX2PV"'), 'aws_access_key_id = "AKIA****************"');
  });
});
