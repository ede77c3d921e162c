import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildGitInvocation, scrubSecrets } from './git-invocation.ts';

describe('buildGitInvocation', () => {
  const token = 'ghp_SECRETTOKEN1234567890';

  it('keeps the token out of the command line and passes it as a header through GIT_CONFIG_*', () => {
    const invocation = buildGitInvocation({ scheme: 'https', homeDir: '/tmp/h', path: '/usr/bin', token });
    assert.ok(invocation.config.every((setting) => !setting.includes(token)));
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    assert.equal(invocation.env.GIT_CONFIG_COUNT, '1');
    assert.equal(invocation.env.GIT_CONFIG_KEY_0, 'http.extraHeader');
    assert.equal(invocation.env.GIT_CONFIG_VALUE_0, `Authorization: Basic ${basic}`);
    assert.ok(invocation.secrets.includes(token) && invocation.secrets.includes(basic));
  });

  it('allows one transport only and refuses file:// unless it is that transport', () => {
    const https = buildGitInvocation({ scheme: 'https', homeDir: '/h', path: '/usr/bin' });
    assert.deepEqual(https.config.slice(0, 3), ['protocol.allow=never', 'protocol.https.allow=always', 'protocol.file.allow=never']);
    assert.ok(https.config.includes('http.followRedirects=false'));
    const file = buildGitInvocation({ scheme: 'file', homeDir: '/h', path: '/usr/bin' });
    assert.ok(file.config.includes('protocol.file.allow=always') && !file.config.includes('protocol.file.allow=never'));
  });

  it('isolates git from user and system configuration and prompts', () => {
    const { env } = buildGitInvocation({ scheme: 'https', homeDir: '/tmp/h', path: '/usr/bin' });
    assert.equal(env.GIT_TERMINAL_PROMPT, '0');
    assert.equal(env.GIT_CONFIG_NOSYSTEM, '1');
    assert.equal(env.GIT_CONFIG_GLOBAL, '/dev/null');
    assert.equal(env.HOME, '/tmp/h');
    assert.equal(env.GIT_CONFIG_COUNT, undefined);
  });

  it('pins the host to the checked addresses', () => {
    const { config } = buildGitInvocation({
      scheme: 'https', homeDir: '/h', path: '/usr/bin',
      pin: { hostname: 'example.com', port: 443, addresses: ['93.184.216.34', '2606:2800::1'] },
    });
    assert.ok(config.includes('http.curloptResolve=example.com:443:93.184.216.34,[2606:2800::1]'));
  });
});

describe('scrubSecrets', () => {
  it('removes secrets and URL userinfo', () => {
    const text = 'fatal: https://oauth2:abcd1234@host/x.git failed; header abcd1234; base64 QUJD';
    assert.equal(scrubSecrets(text, ['abcd1234', 'QUJD']), 'fatal: https://***@host/x.git failed; header ***; base64 ***');
  });
});
