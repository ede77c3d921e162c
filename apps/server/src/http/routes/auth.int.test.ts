import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { accessTokenAudience, accessTokenIssuer } from '@xcr/adapters/auth/jose-token-signer';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

/** Signs a token with the server's key (or another), HS256 unless told; claims default to a valid access token. */
async function forge(t: TestServer, claims: Record<string, unknown>, options: { key?: string; alg?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = { role: 'user', typ: 'access', sid: randomUUID(), iss: accessTokenIssuer, aud: accessTokenAudience, jti: randomUUID(), iat: now, nbf: now, exp: now + 600, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(options.key ?? t.secretKey));
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function resetTokenFrom(t: TestServer, to: string): string {
  const mail = t.mailer.outbox.filter((m) => m.to === to).at(-1);
  assert.ok(mail, `a reset mail to ${to}`);
  const match = /token[:=] ?([A-Za-z0-9_-]{43})/.exec(mail.text);
  assert.ok(match?.[1], 'the mail carries the token');
  return match[1];
}

for (const mode of testModes()) {
  describe(`auth API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    /** Every password and token this suite handles: none may appear in the log. */
    const secrets: string[] = [];
    const keep = <T extends string>(s: T): T => {
      secrets.push(s);
      return s;
    };

    before(async () => {
      t = await createTestServer({ mode, logLevel: 'debug' });
      secrets.push(t.admin.password);
    });
    after(() => t?.stop());
    afterEach(() => t?.clock.reset());

    it('registers a user (201), refuses a taken name (409) and answers who is signed in', async () => {
      const username = uniqueName('reg');
      const password = keep('a sturdy passphrase for reg');
      const created = await t.request('POST', '/api/v1/auth/register', { json: { email: `${username}@example.test`, username, password, full_name: 'Reg User' } });
      const again = await t.request('POST', '/api/v1/auth/register', { json: { email: `other-${username}@example.test`, username: username.toUpperCase(), password } });
      const tokens = await t.login(username, password);
      const me = await t.request('GET', '/api/v1/auth/me', { token: keep(tokens.access_token) });

      assert.equal(created.status, 201);
      assert.equal(created.body.role, 'user');
      assert.equal(created.body.password_hash, undefined, 'no credential in responses');
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'user_exists');
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.expires_in, 900);
      assert.equal(me.status, 200);
      assert.equal(me.body.username, username);
    });

    it('refuses passwords the policy rejects with 422 weak_password and the reasons', async () => {
      const username = uniqueName('pol');
      const cases: Array<[string, string]> = [
        ['short1!A', 'too_short'],
        ['Password1234!', 'common'],
        ['qwerty123456', 'common'],
        [`${username}`, 'contains_identity'],
        [`${username}2024!`, 'contains_identity'],
        ['abababababababab', 'too_few_distinct_characters'],
      ];
      for (const [password, problem] of cases) {
        const res = await t.request('POST', '/api/v1/auth/register', { json: { email: `${username}@example.test`, username, password } });
        assert.equal(res.status, 422, password);
        assert.equal(res.body.error.code, 'weak_password');
        assert.ok(res.body.error.details.problems.includes(problem), `${password}: ${JSON.stringify(res.body.error.details)}`);
      }
      const ok = await t.request('POST', '/api/v1/auth/register', { json: { email: `${username}@example.test`, username, password: keep('no classes needed, only length') } });
      assert.equal(ok.status, 201);
    });

    it('logs in by username or email, with a JSON body or an OAuth2 form', async () => {
      const { user, password } = await t.createUser();
      keep(password);
      for (const login of [user.username, user.email, user.email.toUpperCase()]) {
        const json = await t.request('POST', '/api/v1/auth/login', { json: { username: login, password } });
        const form = await t.request('POST', '/api/v1/auth/login', { form: { grant_type: 'password', username: login, password } });
        assert.equal(json.status, 200, `JSON ${login}`);
        assert.equal(form.status, 200, `form ${login}`);
        assert.equal(form.body.token_type, 'bearer');
        keep(json.body.access_token);
        keep(form.body.refresh_token);
      }
      const byEmailField = await t.request('POST', '/api/v1/auth/login', { json: { email: user.email, password } });
      assert.equal(byEmailField.status, 200);
    });

    it('answers a wrong password and an unknown user alike: 401 invalid_credentials with WWW-Authenticate', async () => {
      const { user } = await t.createUser();
      const wrong = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password: keep('not the password at all') } });
      const unknown = await t.request('POST', '/api/v1/auth/login', { json: { username: uniqueName('ghost'), password: 'whatever it is here' } });

      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, 'invalid_credentials');
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      }
    });

    describe('every bad token is a 401 with WWW-Authenticate: Bearer', () => {
      const table: Array<[string, (t: TestServer, good: { access: string; refresh: string; userId: string }) => Promise<string>, string]> = [
        ['algorithm none', async (_t, g) => `${b64({ alg: 'none', typ: 'JWT' })}.${g.access.split('.')[1]}.`, 'invalid_token'],
        ['wrong signature', (t, g) => forge(t, { sub: g.userId }, { key: 'another-key-that-is-long-enough-0123456789' }), 'invalid_token'],
        ['another HMAC algorithm with the right key', (t, g) => forge(t, { sub: g.userId }, { alg: 'HS512' }), 'invalid_token'],
        ['expired', async (t, g) => forge(t, { sub: g.userId, iat: Math.floor(Date.now() / 1000) - 1000, nbf: Math.floor(Date.now() / 1000) - 1000, exp: Math.floor(Date.now() / 1000) - 60 }), 'token_expired'],
        ['not yet valid (nbf in the future)', (t, g) => forge(t, { sub: g.userId, nbf: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 1200 }), 'invalid_token'],
        ['refresh token used as access token', async (_t, g) => g.refresh, 'invalid_token'],
        ['a token of another kind signed with the right key', (t, g) => forge(t, { sub: g.userId, typ: 'refresh' }), 'invalid_token'],
        ['tampered payload (role raised, signature kept)', async (_t, g) => {
          const [header, payload, signature] = g.access.split('.');
          const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
          return `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`;
        }, 'invalid_token'],
        ['garbage', async () => 'not-a-token', 'invalid_token'],
        ['a user that does not exist', (t) => forge(t, { sub: randomUUID() }), 'invalid_token'],
      ];
      for (const [name, makeToken, code] of table) {
        it(name, async () => {
          const { user, tokens } = await t.loginAs('user');
          const token = await makeToken(t, { access: tokens.access_token, refresh: tokens.refresh_token, userId: user.id });
          const res = await t.request('GET', '/api/v1/auth/me', { token });
          const stillGood = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });

          assert.equal(res.status, 401, JSON.stringify(res.body));
          assert.equal(res.body.error.code, code);
          assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="xcodereviewer"/);
          assert.equal(stillGood.status, 200, 'the genuine token still works');
        });
      }

      it('no token, or another scheme: 401 unauthorized', async () => {
        const none = await t.request('GET', '/api/v1/auth/me');
        const basic = await t.request('GET', '/api/v1/auth/me', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });

        for (const res of [none, basic]) {
          assert.equal(res.status, 401);
          assert.equal(res.body.error.code, 'unauthorized');
          assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="xcodereviewer"');
        }
      });

      it('an access token past its 15 minutes (moved clock): 401 token_expired', async () => {
        const { tokens } = await t.loginAs('user');
        t.clock.advance(15 * 60_000 + 10_000);
        const res = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });

        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, 'token_expired');
      });
    });

    it('rotates refresh tokens; reusing a rotated one revokes the whole session', async () => {
      const { tokens } = await t.loginAs('user');
      const rotated = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: keep(tokens.refresh_token) } });
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.refresh_token, tokens.refresh_token);
      const meWithNew = await t.request('GET', '/api/v1/auth/me', { token: keep(rotated.body.access_token) });
      assert.equal(meWithNew.status, 200);

      const reused = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: tokens.refresh_token } });
      const newRefreshAfter = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: keep(rotated.body.refresh_token) } });
      const newAccessAfter = await t.request('GET', '/api/v1/auth/me', { token: rotated.body.access_token });
      const oldAccessAfter = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });

      assert.equal(reused.status, 401);
      assert.equal(reused.body.error.code, 'token_revoked');
      assert.equal(newRefreshAfter.status, 401, 'the successor is revoked with its family');
      assert.equal(newAccessAfter.status, 401);
      assert.equal(newAccessAfter.body.error.code, 'token_revoked');
      assert.equal(oldAccessAfter.status, 401);
      const audit = await t.repos.auditLog.list({ action: 'auth.refresh_token_reused' });
      assert.ok(audit.total >= 1);
    });

    it('lets one of two simultaneous refreshes with the same token win, and revokes the session', async () => {
      const { tokens } = await t.loginAs('user');
      const body = { json: { refresh_token: tokens.refresh_token } };
      const answers = await Promise.all([t.request('POST', '/api/v1/auth/refresh', body), t.request('POST', '/api/v1/auth/refresh', body)]);
      const winner = answers.find((a) => a.status === 200);
      const loser = answers.find((a) => a.status !== 200);

      assert.ok(winner && loser, answers.map((a) => a.status).join(', '));
      assert.equal(loser.status, 401);
      const afterwards = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: keep(winner.body.refresh_token) } });
      assert.equal(afterwards.status, 401, 'the whole family is revoked');
    });

    it('refuses an unknown or expired refresh token', async () => {
      const { tokens } = await t.loginAs('user');
      const unknown = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: 'A'.repeat(43) } });
      t.clock.advance(7 * 24 * 3_600_000 + 1_000);
      const expired = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: tokens.refresh_token } });

      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.error.code, 'invalid_token');
      assert.equal(expired.status, 401);
      assert.equal(expired.body.error.code, 'token_expired');
    });

    it('logout revokes the session: its access token and refresh token stop working, other sessions do not', async () => {
      const { user, password, tokens } = await t.loginAs('user');
      const other = await t.login(user.username, password);
      const out = await t.request('POST', '/api/v1/auth/logout', { token: tokens.access_token, json: { refresh_token: tokens.refresh_token } });
      const access = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });
      const refresh = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: tokens.refresh_token } });
      const otherSession = await t.request('GET', '/api/v1/auth/me', { token: other.access_token });
      const bare = await t.request('POST', '/api/v1/auth/logout', { token: other.access_token });
      const otherAfter = await t.request('GET', '/api/v1/auth/me', { token: other.access_token });

      assert.equal(out.status, 204);
      assert.equal(access.status, 401);
      assert.equal(access.body.error.code, 'token_revoked');
      assert.equal(refresh.status, 401);
      assert.equal(otherSession.status, 200);
      assert.equal(bare.status, 204, `logout without a body revokes the session of the access token: ${JSON.stringify(bare.body)}`);
      assert.equal(otherAfter.status, 401);
    });

    it('locks an account for 15 minutes after 5 failed logins, then lets the right password in', async () => {
      const { user, password } = await t.createUser();
      for (let i = 0; i < 5; i += 1) {
        const res = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password: `wrong password ${i}` } });
        assert.equal(res.status, 401);
      }
      const locked = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      t.clock.advance(14 * 60_000);
      const stillLocked = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      t.clock.advance(60_000 + 5_000);
      const lifted = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });

      assert.equal(locked.status, 403);
      assert.equal(locked.body.error.code, 'account_locked');
      assert.ok(locked.body.error.details.retry_after_s > 800);
      assert.equal(stillLocked.status, 403);
      assert.equal(lifted.status, 200);
      const events = await t.repos.auditLog.list({ resource_id: user.id, page_size: 20 });
      const actions = events.items.map((e) => e.action);
      assert.equal(actions.filter((a) => a === 'auth.login_failed').length, 7);
      assert.ok(actions.includes('auth.account_locked'));
      assert.ok(actions.includes('auth.login'));
      const after = await t.repos.users.findById(user.id);
      assert.equal(after!.failed_login_attempts, 0);
    });

    it('forces a password change at first login: 403 password_change_required until changed', async () => {
      const { user, password } = await t.createUser({ role: 'admin', forcePasswordChange: true });
      const tokens = await t.login(user.username, password);
      const blocked = await t.request('GET', '/api/v1/users', { token: tokens.access_token });
      const me = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });
      const weak = await t.request('POST', '/api/v1/auth/change-password', { token: tokens.access_token, json: { current_password: password, new_password: 'password' } });
      const wrongCurrent = await t.request('POST', '/api/v1/auth/change-password', { token: tokens.access_token, json: { current_password: 'not it, not at all', new_password: 'a brand new passphrase' } });
      const changed = await t.request('POST', '/api/v1/auth/change-password', { token: tokens.access_token, json: { current_password: password, new_password: keep('a brand new passphrase') } });
      const allowed = await t.request('GET', '/api/v1/users', { token: tokens.access_token });

      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.error.code, 'password_change_required');
      assert.equal(me.status, 200);
      assert.equal(me.body.force_password_change, true);
      assert.equal(weak.status, 422);
      assert.equal(wrongCurrent.status, 400);
      assert.equal(wrongCurrent.body.error.code, 'invalid_password');
      assert.equal(changed.status, 200);
      assert.equal(changed.body.force_password_change, false);
      assert.equal(allowed.status, 200, 'the session that changed the password goes on');
    });

    it('changing the password revokes the other sessions', async () => {
      const { user, password, tokens } = await t.loginAs('user');
      const other = await t.login(user.username, password);
      const changed = await t.request('POST', '/api/v1/auth/change-password', { token: tokens.access_token, json: { current_password: password, new_password: keep('another good passphrase') } });
      const otherAccess = await t.request('GET', '/api/v1/auth/me', { token: other.access_token });
      const otherRefresh = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: other.refresh_token } });
      const own = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });

      assert.equal(changed.status, 200);
      assert.equal(otherAccess.status, 401);
      assert.equal(otherRefresh.status, 401);
      assert.equal(own.status, 200);
    });

    it('resets a password with a one-time, one-hour link delivered by the mail port', async () => {
      const { user, password } = await t.createUser();
      const session = await t.login(user.username, password);
      const before = t.mailer.outbox.length;
      const unknown = await t.request('POST', '/api/v1/auth/password-reset/request', { json: { email: `${uniqueName('nobody')}@example.test` } });
      assert.equal(t.mailer.outbox.length, before, 'no mail for an unknown address');
      const requested = await t.request('POST', '/api/v1/auth/password-reset/request', { json: { email: user.email.toUpperCase() } });
      const token = keep(resetTokenFrom(t, user.email));
      const weak = await t.request('POST', '/api/v1/auth/password-reset/confirm', { json: { token, new_password: 'short' } });
      const confirmed = await t.request('POST', '/api/v1/auth/password-reset/confirm', { json: { token, new_password: keep('reset to this passphrase') } });
      const again = await t.request('POST', '/api/v1/auth/password-reset/confirm', { json: { token, new_password: 'and again another one' } });
      const oldPassword = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      const newPassword = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password: 'reset to this passphrase' } });
      const oldSession = await t.request('GET', '/api/v1/auth/me', { token: session.access_token });

      assert.equal(unknown.status, 200);
      assert.deepEqual(unknown.body, requested.body, 'the same answer whether or not the account exists');
      assert.equal(requested.status, 200);
      assert.equal(weak.status, 422, 'a weak password does not use the token up');
      assert.equal(confirmed.status, 200);
      assert.equal(again.status, 400);
      assert.equal(again.body.error.code, 'invalid_reset_token');
      assert.equal(oldPassword.status, 401);
      assert.equal(newPassword.status, 200);
      assert.equal(oldSession.status, 401, 'a reset revokes every session');
    });

    it('refuses a reset link after its hour, and an older link once a newer one was sent', async () => {
      const { user } = await t.createUser();
      await t.request('POST', '/api/v1/auth/password-reset/request', { json: { email: user.email } });
      const first = keep(resetTokenFrom(t, user.email));
      await t.request('POST', '/api/v1/auth/password-reset/request', { json: { email: user.email } });
      const second = keep(resetTokenFrom(t, user.email));
      const superseded = await t.request('POST', '/api/v1/auth/password-reset/confirm', { json: { token: first, new_password: 'a fine passphrase indeed' } });
      t.clock.advance(3_600_000 + 1_000);
      const expired = await t.request('POST', '/api/v1/auth/password-reset/confirm', { json: { token: second, new_password: 'a fine passphrase indeed' } });

      assert.equal(superseded.status, 400);
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error.code, 'invalid_reset_token');
    });

    it('never writes passwords or tokens to the log', async () => {
      const text = t.logText();

      assert.match(text, /request completed/, 'the log was captured');
      assert.ok(secrets.length > 20);
      for (const secret of secrets) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}...) is in the log`);
    });
  });
}
