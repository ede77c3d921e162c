// The API under non-default configuration: admin-only registration and tight rate limits (real HTTP).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createTestServer, testModes, uniqueName, type TestServer } from '../test-support/test-server.ts';

const perMinute = 20;
const authPerMinute = 3;

function rateHeaders(headers: Headers) {
  return {
    limit: Number(headers.get('ratelimit-limit')),
    remaining: Number(headers.get('ratelimit-remaining')),
    reset: Number(headers.get('ratelimit-reset')),
    policy: headers.get('ratelimit-policy'),
    retryAfter: headers.get('retry-after'),
  };
}

for (const mode of testModes()) {
  describe(`API with admin-only registration and tight rate limits (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;

    before(async () => {
      t = await createTestServer({
        mode,
        env: {
          XCR_REGISTRATION: 'admin_only',
          XCR_RATE_LIMIT_PER_MIN: String(perMinute),
          XCR_RATE_LIMIT_PER_HOUR: '1000',
          XCR_RATE_LIMIT_AUTH_PER_MIN: String(authPerMinute),
        },
      });
    });
    after(() => t?.stop());

    it('lets only admins register accounts when registration is admin_only', async () => {
      const body = () => {
        const username = uniqueName('adm');
        return { email: `${username}@example.test`, username, password: 'registered by an admin' };
      };
      const anonymous = await t.request('POST', '/api/v1/auth/register', { json: body() });
      const admin = await t.login(t.admin.username, t.admin.password);
      const byAdmin = await t.request('POST', '/api/v1/auth/register', { token: admin.access_token, json: body() });
      const { tokens } = await t.loginAs('user');
      const byUser = await t.request('POST', '/api/v1/auth/register', { token: tokens.access_token, json: body() });

      assert.equal(anonymous.status, 403);
      assert.equal(anonymous.body.error.code, 'registration_closed');
      assert.equal(byAdmin.status, 201);
      assert.equal(byUser.status, 403);
    });

    it('counts per user: headers on every response, then 429 with Retry-After; other users are not affected', async () => {
      const first = await t.loginAs('user');
      const second = await t.loginAs('user');
      const seen: Array<ReturnType<typeof rateHeaders>> = [];
      for (let i = 0; i < perMinute; i += 1) {
        const res = await t.request('GET', '/api/v1/auth/me', { token: first.tokens.access_token });
        assert.equal(res.status, 200, `request ${i + 1}`);
        seen.push(rateHeaders(res.headers));
      }
      const refused = await t.request('GET', '/api/v1/auth/me', { token: first.tokens.access_token });
      const other = await t.request('GET', '/api/v1/auth/me', { token: second.tokens.access_token });

      assert.deepEqual(seen.map((h) => h.remaining), Array.from({ length: perMinute }, (_, i) => perMinute - 1 - i));
      assert.ok(seen.every((h) => h.limit === perMinute && h.reset > 0 && h.reset <= 60));
      assert.equal(seen[0]!.policy, `${perMinute};w=60, 1000;w=3600`);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'rate_limited');
      const headers = rateHeaders(refused.headers);
      assert.equal(headers.remaining, 0);
      assert.ok(Number(headers.retryAfter) > 0 && Number(headers.retryAfter) <= 60, `Retry-After ${headers.retryAfter}`);
      assert.equal(refused.body.error.details.retry_after_s, Number(headers.retryAfter));
      assert.equal(other.status, 200);
      assert.equal(rateHeaders(other.headers).remaining, perMinute - 1);
    });

    it('limits authentication attempts per IP and account name more strictly', async () => {
      const { user, password } = await t.createUser();
      const other = await t.createUser();
      const answers = [];
      for (let i = 0; i < authPerMinute; i += 1) {
        answers.push(await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password: `not it ${i}` } }));
      }
      const refused = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      const otherAccount = await t.request('POST', '/api/v1/auth/login', { form: { username: other.user.username, password: other.password } });

      assert.deepEqual(answers.map((a) => a.status), Array(authPerMinute).fill(401));
      assert.equal(rateHeaders(answers[0]!.headers).limit, authPerMinute);
      assert.equal(rateHeaders(answers[0]!.headers).policy, `${authPerMinute};w=60, ${perMinute};w=60, 1000;w=3600`);
      assert.equal(refused.status, 429, 'even the right password waits');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal(otherAccount.status, 200, 'another account from the same address is not held back');
    });

    it('keeps the counters in Redis in production mode', { skip: mode !== 'production' }, async () => {
      const redis = new Redis(t.config.redisUrl!);
      try {
        const keys = await redis.keys('xcr:rl:*');
        assert.ok(keys.some((k) => k.includes('m:user:')), keys.join(', '));
        assert.ok(keys.some((k) => k.includes('h:ip:')), keys.join(', '));
        assert.ok(keys.some((k) => k.startsWith('xcr:rl:a:')), keys.join(', '));
      } finally {
        redis.disconnect();
      }
    });

    // Last: this uses up the anonymous budget of the test's address for the rest of the minute.
    it('counts anonymous requests per client IP', async () => {
      let refused;
      for (let i = 0; i < perMinute + 1 && !refused; i += 1) {
        const res = await t.request('GET', '/api/v1/auth/me');
        if (res.status === 429) refused = res;
        else assert.equal(res.status, 401);
      }
      assert.ok(refused, 'a 429 within the per-minute limit');
      assert.equal(refused.body.error.code, 'rate_limited');
      assert.ok(refused.headers.get('retry-after'));
      const health = await fetch(`${t.baseUrl}/health`);
      assert.equal(health.status, 200, 'probes are outside the API limits');
    });
  });
}
