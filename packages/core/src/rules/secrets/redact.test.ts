import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecret, redactSecrets } from './redact.ts';

// Fake credentials in the documented formats; none of them is real.
const cases: [string, string, string][] = [
  ['AWS key id', 'aws_access_key_id = "AKIAQ3EGRW7TZN4KX2PV"', 'AKIAQ3EGRW7TZN4KX2PV'],
  ['GitHub token', 'token: ghp_R8mZ2kQ7vX4nL1pT9wB3cY6hJ0sD5fG8aK2e', 'ghp_R8mZ2kQ7vX4nL1pT9wB3cY6hJ0sD5fG8aK2e'],
  ['Stripe key', "Stripe.api_key = 'sk_live_51Hq8ZrL2mWvT5nXyB7kPd3HsJ9fGc'", 'sk_live_51Hq8ZrL2mWvT5nXyB7kPd3HsJ9fGc'],
  ['generic secret', 'SECRET_KEY = "k9#Zr8vLm2Xk9Rt7Wn3Bc5Df1GhQ4pT6yU0"', 'k9#Zr8vLm2Xk9Rt7Wn3Bc5Df1GhQ4pT6yU0'],
  ['URL password', 'url: postgres://app:Zr8vLm2Xk9Rt7W@db.internal:5432/app', 'Zr8vLm2Xk9Rt7W'],
];

describe('redactSecrets', () => {
  for (const [name, line, secret] of cases) {
    it(`masks a ${name} and keeps the rest of the line`, () => {
      const redacted = redactSecrets(`before\n${line}\nafter`);
      assert.ok(!redacted.includes(secret), redacted);
      assert.ok(redacted.includes(secret.slice(0, 4)), 'keeps a recognisable prefix');
      assert.ok(redacted.startsWith('before\n') && redacted.endsWith('\nafter'));
      assert.equal(redacted.split('\n')[1]?.length, line.length, 'keeps the line length so columns stay put');
    });
  }

  it('replaces the body of PEM private keys, in blocks and in escaped strings', () => {
    const block = 'key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEpAIBAAKCAQEAu8ZqL2mWvT5nXyB7kPd3HsJ9fGc1AeR6uYi4oQw\n  -----END RSA PRIVATE KEY-----\n';
    const inline = '"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7xZqL\\n-----END PRIVATE KEY-----\\n"';
    for (const text of [block, inline]) {
      const redacted = redactSecrets(text);
      assert.ok(!redacted.includes('MIIE'), redacted);
      assert.ok(redacted.includes('[redacted]'));
    }
  });

  it('leaves ordinary code alone', () => {
    const code = 'const password = process.env.DB_PASSWORD;\nconst token_url = "https://auth.example.net/token";\n';
    assert.equal(redactSecrets(code), code);
  });
});

describe('maskSecret', () => {
  it('keeps four characters of long secrets and none of short ones', () => {
    assert.equal(maskSecret('AKIAQ3EGRW7TZN4KX2PV'), 'AKIA****************');
    assert.equal(maskSecret('hunter2'), '*******');
  });
});
