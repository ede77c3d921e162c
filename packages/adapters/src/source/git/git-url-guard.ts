import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError, ValidationError } from '@xcr/core/errors';

/** Transports a caller may allow. `ext::` and `fd::` (which run commands) are never allowed. */
export type GitScheme = 'https' | 'http' | 'ssh' | 'git' | 'file';

/** A repository URL that passed the checks, split into what git gets and what reports show. */
export interface CheckedGitUrl {
  /** The URL for git, without credentials. */
  remoteUrl: string;
  /** The same URL for labels and logs. */
  displayUrl: string;
  scheme: GitScheme;
  /** Host name without brackets; empty for `file:`. */
  hostname: string;
  /** Port, explicit or the scheme's default; 0 for `file:`. */
  port: number;
  /** A token found in the URL's userinfo (`https://oauth2:TOKEN@host/...`), removed from `remoteUrl`. */
  token?: string;
  tokenUsername?: string;
}

/** User names that mark the userinfo password as an access token (GitLab, GitHub, Bitbucket, Gitea). */
const tokenUserNames: ReadonlySet<string> = new Set(['oauth2', 'x-access-token', 'x-token-auth', 'gitlab-ci-token', 'private-token', 'token']);
/** A bare token used as the user name, as GitHub accepts (`https://ghp_xxx@github.com/...`). */
const bareTokenPattern = /^[A-Za-z0-9_.-]{20,}$/;
const defaultPorts: Readonly<Record<GitScheme, number>> = { https: 443, http: 80, ssh: 22, git: 9418, file: 0 };

/**
 * Parses and checks a repository URL: only the allowed schemes (https by default), no scp-style
 * `user@host:path` (that is ssh), and no credentials in the userinfo except the token forms, which are
 * taken out of the URL so they reach git only through a header.
 */
export function checkGitUrl(raw: string, allowedSchemes: readonly GitScheme[] = ['https']): CheckedGitUrl {
  const input = raw.trim();
  if (input.length === 0 || input.length > 2048) throw urlInvalid('The repository URL is empty or too long');
  if (!input.includes('://') && /^[^/@:\s]+@[^/:\s]+:/.test(input)) throw schemeRefused('ssh');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw urlInvalid('The repository URL is not a valid URL');
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!isAllowedScheme(scheme, allowedSchemes)) throw schemeRefused(scheme);
  if (scheme !== 'file' && url.hostname === '') throw urlInvalid('The repository URL has no host');

  let token: string | undefined;
  let tokenUsername: string | undefined;
  if (url.username !== '' || url.password !== '') {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    if (password !== '' && tokenUserNames.has(user.toLowerCase())) [token, tokenUsername] = [password, user];
    else if (password === '' && bareTokenPattern.test(user)) token = user;
    // Plain user:password pairs are refused; the message names neither.
    else throw urlInvalid('Credentials in the URL are not accepted: pass an access token instead');
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    remoteUrl: url.href,
    displayUrl: url.href,
    scheme,
    hostname,
    port: url.port === '' ? defaultPorts[scheme] : Number(url.port),
    ...(token === undefined ? {} : { token }),
    ...(tokenUsername === undefined ? {} : { tokenUsername }),
  };
}

function isAllowedScheme(scheme: string, allowed: readonly GitScheme[]): scheme is GitScheme {
  return (allowed as readonly string[]).includes(scheme) && scheme in defaultPorts;
}

/** Resolves a host name to all its addresses (injectable so tests need no network). */
export type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address of the name. */
export const systemHostLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Addresses a server-side fetch must never reach: loopback, private, link-local, CGNAT, metadata, reserved. */
const blockedAddresses = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  blockedAddresses.addSubnet(network, prefix, 'ipv4');
}
// IPv4-mapped addresses (::ffff:a.b.c.d) are matched against the IPv4 rules by BlockList itself.
// ::/96 holds the deprecated IPv4-compatible forms ([::127.0.0.1] is ::7f00:1), ::ffff:0:0/96 the IPv4-translated ones.
for (const [network, prefix] of [
  ['::', 96], ['::ffff:0:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 32], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) {
  blockedAddresses.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one a server-side fetch must not reach. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blockedAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Suffixes that only ever name hosts inside a network (RFC 6761/6762/8375 and common private zones), refused
 * without asking DNS: whatever they resolve to on the server's network is not a public Git host.
 */
const internalSuffixes = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa', 'lan', 'intranet', 'corp', 'home', 'private'];

/**
 * Whether a host name (not an IP address) names an internal host: one of the internal suffixes, or a single
 * label (`https://gitlab/`), which the resolver completes with the server's own search domains.
 */
export function isInternalHostName(hostname: string): boolean {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  if (isIP(lower) !== 0) return false;
  if (!lower.includes('.')) return true;
  return internalSuffixes.some((suffix) => lower === suffix || lower.endsWith(`.${suffix}`));
}

/** The host's addresses without asking DNS: the address itself, nothing for a name; refuses internal ones. */
function staticAddresses(hostname: string): string[] | undefined {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  if (isInternalHostName(lower)) throw hostRefused();
  if (isIP(lower) === 0) return undefined;
  if (isBlockedAddress(lower)) throw hostRefused();
  return [lower];
}

/**
 * Resolves the host and refuses it when any of its addresses is internal (a name with one public and one
 * private address is refused too). Returns the addresses, so the caller can pin git to them and a second,
 * different DNS answer (rebinding) cannot redirect the clone.
 */
export async function resolvePublicAddresses(hostname: string, lookup: LookupAll = systemHostLookup): Promise<string[]> {
  const known = staticAddresses(hostname);
  if (known) return known;
  let addresses: string[];
  try {
    addresses = (await lookup(hostname.toLowerCase().replace(/\.$/, ''))).map((record) => record.address);
  } catch {
    throw new AppError('git_clone_failed', 'The repository host name cannot be resolved', { status: 502, retryable: true, expose: true });
  }
  if (addresses.length === 0 || addresses.some(isBlockedAddress)) throw hostRefused();
  return addresses;
}

/**
 * The check made when a repository URL is saved or an audit of it is started, so a hostile host is refused at
 * once (422 `git_host_refused`) rather than by a failing task: internal addresses and names, and names that
 * resolve to an internal address. A name that cannot be resolved within `timeoutMs` passes: the clone resolves
 * it again, checks every address and pins git to them, so DNS trouble here never blocks saving a project.
 */
export async function screenGitHost(hostname: string, lookup: LookupAll = systemHostLookup, timeoutMs = 3_000): Promise<void> {
  if (staticAddresses(hostname)) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, timeoutMs, undefined)));
  const records = await Promise.race([lookup(hostname.toLowerCase().replace(/\.$/, '')).catch(() => undefined), timedOut]);
  clearTimeout(timer);
  if (records?.some((record) => isBlockedAddress(record.address))) throw hostRefused();
}

function urlInvalid(message: string): AppError {
  return new ValidationError('git_url_invalid', message);
}

function schemeRefused(scheme: string): AppError {
  return new ValidationError('git_scheme_refused', `The "${scheme.slice(0, 20)}" transport is not allowed for repository URLs`);
}

function hostRefused(): AppError {
  return new ValidationError('git_host_refused', 'The repository host is a private, loopback or link-local address', { status: 422 });
}
