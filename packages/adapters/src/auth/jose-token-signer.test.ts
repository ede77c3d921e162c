import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { AuthError } from '@xcr/core/errors';
import { accessTokenAudience, accessTokenIssuer, createJoseTokenSigner } from './jose-token-signer.ts';

const key = 'k'.repeat(40);
const signer = createJoseTokenSigner({ secretKey: key });
const subject = {
  userId: '3f0c7c6e-7d1e-4a8a-9c58-2a8c5e4f7b10',
  role: 'user' as const,
  sessionId: 'a0d9c8b7-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
};
const now = new Date('2030-01-01T00:00:00Z');

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(
    promise,
    (error: unknown) => error instanceof AuthError && error.code === code && error.status === 401,
  );
}

function sign(claims: Record<string, unknown>, alg = 'HS256', secret = key): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    role: 'user',
    typ: 'access',
    sid: subject.sessionId,
    sub: subject.userId,
    jti: 'j1',
    iss: accessTokenIssuer,
    aud: accessTokenAudience,
    iat,
    nbf: iat,
    exp: iat + 60,
    ...claims,
  })
    .setProtectedHeader({ alg })
    .sign(new TextEncoder().encode(secret));
}

describe('adapters/auth/jose-token-signer', () => {
  it('signs access tokens whose claims verify until they expire', async () => {
    const { token, claims } = await signer.signAccessToken(subject, { now, ttlS: 900 });
    const verified = await signer.verifyAccessToken(token, { now: new Date(now.getTime() + 899_000) });

    assert.deepEqual(verified, claims);
    assert.equal(claims.typ, 'access');
    assert.equal(claims.exp - claims.iat, 900);
    assert.equal(claims.nbf, claims.iat);
    await rejectsWith(
      signer.verifyAccessToken(token, { now: new Date(now.getTime() + 906_000) }),
      'token_expired',
    );
  });

  it('gives each token its own id', async () => {
    const a = await signer.signAccessToken(subject, { now, ttlS: 60 });
    const b = await signer.signAccessToken(subject, { now, ttlS: 60 });
    assert.notEqual(a.claims.jti, b.claims.jti);
  });

  it('refuses what is not an HS256 access token of ours', async () => {
    const good = await sign({});
    const [header, payload] = good.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    const cases: Array<[string, Promise<string> | string]> = [
      ['alg none', none],
      ['HS512', sign({}, 'HS512')],
      ['wrong key', sign({}, 'HS256', 'z'.repeat(40))],
      ['refresh kind', sign({ typ: 'refresh' })],
      ['no kind', sign({ typ: undefined })],
      ['other issuer', sign({ iss: 'someone-else' })],
      ['other audience', sign({ aud: 'another-api' })],
      ['unknown role', sign({ role: 'root' })],
      ['no session', sign({ sid: undefined })],
      ['not yet valid', sign({ nbf: Math.floor(now.getTime() / 1000) + 120 })],
      ['truncated', `${header}.${payload}`],
    ];
    assert.ok(await signer.verifyAccessToken(good, { now }));
    for (const [name, token] of cases) {
      await rejectsWith(signer.verifyAccessToken(await token, { now }), 'invalid_token').catch(
        (error: unknown) => {
          throw new Error(`${name}: ${String(error)}`);
        },
      );
    }
  });

  it('checks a token it verified before again for time, and a changed byte as a new token', async () => {
    const { token, claims } = await signer.signAccessToken(subject, { now, ttlS: 900 });
    assert.deepEqual(await signer.verifyAccessToken(token, { now }), claims);
    // The second answer comes from the verified-token cache: the time checks still apply.
    assert.deepEqual(
      await signer.verifyAccessToken(token, { now: new Date(now.getTime() + 60_000) }),
      claims,
    );
    await rejectsWith(
      signer.verifyAccessToken(token, { now: new Date(now.getTime() - 10_000) }),
      'invalid_token',
    );
    await rejectsWith(
      signer.verifyAccessToken(token, { now: new Date(now.getTime() + 905_000) }),
      'token_expired',
    );
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    await rejectsWith(signer.verifyAccessToken(tampered, { now }), 'invalid_token');
    const mutated = await signer.verifyAccessToken(token, { now });
    mutated.sub = 'someone-else';
    assert.equal(
      (await signer.verifyAccessToken(token, { now })).sub,
      subject.userId,
      'callers get a copy of the cached claims',
    );
  });

  it('verifies the same without the cache', async () => {
    const uncached = createJoseTokenSigner({ secretKey: key, verifiedCacheSize: 0 });
    const { token, claims } = await uncached.signAccessToken(subject, { now, ttlS: 60 });
    assert.deepEqual(await uncached.verifyAccessToken(token, { now }), claims);
    assert.deepEqual(
      await signer.verifyAccessToken(token, { now }),
      claims,
      'tokens of one key verify with any signer of that key',
    );
    await rejectsWith(
      uncached.verifyAccessToken(token, { now: new Date(now.getTime() + 66_000) }),
      'token_expired',
    );
  });

  it('refuses a short signing key', () => {
    assert.throws(() => createJoseTokenSigner({ secretKey: 'short' }));
  });
});
