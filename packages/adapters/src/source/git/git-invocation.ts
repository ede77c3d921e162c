import type { GitScheme } from './git-url-guard.ts';

export interface GitInvocationInput {
  scheme: GitScheme;
  /** An empty folder used as HOME, so no user configuration or credentials are picked up. */
  homeDir: string;
  /** The caller's PATH, to find git. */
  path: string;
  token?: string;
  /** User name paired with the token in Basic auth (default `x-access-token`, which GitHub, GitLab and Gitea accept with a token). */
  tokenUsername?: string;
  /** Pins the host to the addresses that passed the SSRF check (`host:port:addr[,addr]`). */
  pin?: { hostname: string; port: number; addresses: readonly string[] };
}

/** What git runs with: `-c` settings (visible in argv: nothing secret), environment, and the strings to scrub from output. */
export interface GitInvocation {
  config: string[];
  env: Record<string, string>;
  secrets: string[];
}

/**
 * The hardened settings for fetching an untrusted repository: one transport only, no redirects, no
 * credential helpers, no system or user configuration, no prompts, no LFS downloads. The token travels as
 * an `http.extraHeader` set through `GIT_CONFIG_*` variables, so it is never in the command line (where
 * `ps` and error messages would show it) nor in the clone's `.git/config`.
 */
export function buildGitInvocation(input: GitInvocationInput): GitInvocation {
  const config = [
    'protocol.allow=never',
    `protocol.${input.scheme}.allow=always`,
    ...(input.scheme === 'file' ? [] : ['protocol.file.allow=never']),
    'http.followRedirects=false',
    'credential.helper=',
    'submodule.recurse=false',
    'advice.detachedHead=false',
  ];
  if (input.pin) {
    const addresses = input.pin.addresses.map((address) => (address.includes(':') ? `[${address}]` : address));
    config.push(`http.curloptResolve=${input.pin.hostname}:${input.pin.port}:${addresses.join(',')}`);
  }
  const env: Record<string, string> = {
    PATH: input.path,
    HOME: input.homeDir,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_LFS_SKIP_SMUDGE: '1',
  };
  const secrets: string[] = [];
  if (input.token !== undefined && input.token !== '') {
    const basic = Buffer.from(`${input.tokenUsername ?? 'x-access-token'}:${input.token}`).toString('base64');
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
    secrets.push(input.token, basic, encodeURIComponent(input.token));
  }
  return { config, env, secrets };
}

/** Removes every secret, and any userinfo in URLs, from text that may reach a user or a log. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
  for (const secret of secrets) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('***');
  }
  return scrubbed;
}
