import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGitUrl, isBlockedAddress, isInternalHostName, resolvePublicAddresses, screenGitHost, type LookupAll } from './git-url-guard.ts';

describe('checkGitUrl', () => {
  it('accepts https URLs and keeps them as given', () => {
    const checked = checkGitUrl('https://github.com/owner/repo.git');
    assert.equal(checked.remoteUrl, 'https://github.com/owner/repo.git');
    assert.equal(checked.scheme, 'https');
    assert.equal(checked.hostname, 'github.com');
    assert.equal(checked.port, 443);
    assert.equal(checked.token, undefined);
  });

  it('accepts nested GitLab groups and custom ports', () => {
    const checked = checkGitUrl('https://gitlab.example.com:8443/group/sub/project.git');
    assert.equal(checked.port, 8443);
    assert.equal(checked.remoteUrl, 'https://gitlab.example.com:8443/group/sub/project.git');
  });

  const refusedSchemes: ReadonlyArray<readonly [string, string]> = [
    ['file:///etc/passwd', 'git_scheme_refused'],
    ['ext::sh -c touch% /tmp/pwned', 'git_scheme_refused'],
    ['ssh://git@github.com/owner/repo.git', 'git_scheme_refused'],
    ['git@github.com:owner/repo.git', 'git_scheme_refused'],
    ['git://github.com/owner/repo.git', 'git_scheme_refused'],
    ['http://github.com/owner/repo.git', 'git_scheme_refused'],
    ['fd::17/repo', 'git_scheme_refused'],
    ['javascript:alert(1)', 'git_scheme_refused'],
    ['not a url', 'git_url_invalid'],
    ['', 'git_url_invalid'],
    ['https://', 'git_url_invalid'],
  ];
  for (const [url, code] of refusedSchemes) {
    it(`refuses ${JSON.stringify(url)} with ${code} by default`, () => {
      assert.throws(() => checkGitUrl(url), { code });
    });
  }

  it('allows other schemes only when asked, and never ext', () => {
    assert.equal(checkGitUrl('http://example.com/r.git', ['https', 'http']).scheme, 'http');
    assert.equal(checkGitUrl('file:///srv/repo.git', ['file']).scheme, 'file');
    assert.throws(() => checkGitUrl('ext::sh -c id', ['ext' as never]), { code: 'git_scheme_refused' });
  });

  it('takes a token out of the userinfo', () => {
    const checked = checkGitUrl('https://oauth2:glpat-SECRET123@gitlab.example.com/g/p.git');
    assert.equal(checked.token, 'glpat-SECRET123');
    assert.equal(checked.tokenUsername, 'oauth2');
    assert.equal(checked.remoteUrl, 'https://gitlab.example.com/g/p.git');
    assert.ok(!checked.displayUrl.includes('SECRET'));
  });

  it('takes a bare token used as the user name', () => {
    const checked = checkGitUrl('https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r.git');
    assert.equal(checked.token, 'ghp_abcdefghijklmnopqrstuvwxyz0123');
    assert.equal(checked.remoteUrl, 'https://github.com/o/r.git');
  });

  it('refuses a user and password without naming them', () => {
    assert.throws(
      () => checkGitUrl('https://alice:hunter2@example.com/r.git'),
      (error: Error & { code?: string }) => error.code === 'git_url_invalid' && !error.message.includes('hunter2') && !error.message.includes('alice'),
    );
    assert.throws(() => checkGitUrl('https://bob@example.com/r.git'), { code: 'git_url_invalid' });
  });
});

describe('isBlockedAddress', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['127.0.0.1', true], ['127.8.9.10', true], ['10.0.0.1', true], ['172.16.0.1', true], ['172.31.255.255', true],
    ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['100.127.255.254', true], ['0.0.0.0', true],
    ['224.0.0.1', true], ['255.255.255.255', true], ['::1', true], ['::', true], ['fc00::1', true], ['fd00:ec2::254', true],
    ['fe80::1', true], ['::ffff:127.0.0.1', true], ['::ffff:10.1.2.3', true], ['ff02::1', true], ['not-an-ip', true],
    ['8.8.8.8', false], ['140.82.112.3', false], ['172.32.0.1', false], ['100.128.0.1', false], ['2606:4700::1111', false],
    ['::ffff:8.8.8.8', false], ['::7f00:1', true], ['::a9fe:a9fe', true], ['::ffff:0:7f00:1', true], ['::ffff:a9fe:a9fe', true],
    ['64:ff9b::a9fe:a9fe', true],
  ];
  for (const [address, expected] of cases) {
    it(`${address} -> ${expected ? 'blocked' : 'allowed'}`, () => {
      assert.equal(isBlockedAddress(address), expected);
    });
  }
});

describe('resolvePublicAddresses', () => {
  const noNetwork: LookupAll = async () => {
    throw new Error('no DNS in this test');
  };
  const fixed =
    (...addresses: string[]): LookupAll =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  for (const url of [
    'https://127.0.0.1/r.git', 'https://localhost/r.git', 'https://api.localhost/r.git', 'https://10.0.0.1/r.git',
    'https://169.254.169.254/latest/meta-data', 'https://[::1]/r.git', 'https://[fd00:ec2::254]/r.git',
    'https://100.64.0.1/r.git', 'https://0.0.0.0/r.git', 'https://[::ffff:127.0.0.1]/r.git', 'https://2130706433/r.git',
    'https://0x7f.1/r.git', 'https://0x7f000001/r.git', 'https://0177.0.0.1/r.git', 'https://127.1/r.git',
    'https://[::ffff:169.254.169.254]/latest', 'https://[::127.0.0.1]/r.git', 'https://[::ffff:0:127.0.0.1]/r.git',
    'https://localhost./r.git', 'https://ⓛocalhost/r.git', 'https://１２７.０.０.１/r.git', 'https://metadata.google.internal/r.git',
    'https://git.corp.internal/r.git', 'https://printer.local/r.git', 'https://nas.home.arpa/r.git', 'https://gitlab/r.git',
  ]) {
    it(`refuses ${url} without any network`, async () => {
      await assert.rejects(resolvePublicAddresses(checkGitUrl(url).hostname, noNetwork), { code: 'git_host_refused' });
    });
  }

  it('refuses names that resolve to a private address, even among public ones', async () => {
    await assert.rejects(resolvePublicAddresses('internal.example', fixed('192.168.1.5')), { code: 'git_host_refused' });
    await assert.rejects(resolvePublicAddresses('rebind.example', fixed('93.184.216.34', '10.0.0.7')), { code: 'git_host_refused' });
  });

  it('returns the public addresses of a name', async () => {
    assert.deepEqual(await resolvePublicAddresses('example.com', fixed('93.184.216.34', '2606:2800::1')), ['93.184.216.34', '2606:2800::1']);
  });

  it('reports an unresolvable name as a clone failure', async () => {
    await assert.rejects(resolvePublicAddresses('nowhere.example', noNetwork), { code: 'git_clone_failed' });
  });
});

describe('isInternalHostName', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['localhost', true], ['LOCALHOST.', true], ['a.localhost', true], ['printer.local', true], ['metadata.google.internal', true],
    ['x.home.arpa', true], ['db.lan', true], ['gitlab', true], ['github.com', false], ['gitlab.example.com', false],
    ['local.example.com', false], ['internal.example', false], ['127.0.0.1', false], ['::1', false],
  ];
  for (const [hostname, expected] of cases) {
    it(`${hostname} -> ${expected ? 'internal' : 'not internal'}`, () => {
      assert.equal(isInternalHostName(hostname), expected);
    });
  }
});

describe('screenGitHost', () => {
  const fixed =
    (...addresses: string[]): LookupAll =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const failing: LookupAll = async () => {
    throw new Error('no DNS in this test');
  };

  it('refuses internal addresses and names without asking DNS', async () => {
    for (const host of ['127.0.0.1', '169.254.169.254', '::1', 'localhost', 'metadata.google.internal', 'printer.local']) {
      await assert.rejects(screenGitHost(host, () => assert.fail('no lookup expected')), { code: 'git_host_refused' }, host);
    }
  });

  it('refuses a name that resolves to an internal address', async () => {
    await assert.rejects(screenGitHost('git.attacker.example', fixed('93.184.216.34', '10.0.0.8')), { code: 'git_host_refused' });
    await assert.rejects(screenGitHost('v6.attacker.example', fixed('::ffff:169.254.169.254')), { code: 'git_host_refused' });
  });

  it('lets public addresses, and names DNS cannot answer for, through to the clone (which checks again)', async () => {
    await screenGitHost('github.com', fixed('140.82.112.3'));
    await screenGitHost('8.8.8.8', () => assert.fail('no lookup expected'));
    await screenGitHost('nowhere.example', failing);
    await screenGitHost('slow.example', () => new Promise(() => undefined), 20);
  });
});
