// The API's check of a repository URL, when a project stores one and when an audit of it is started: the
// transport (https only), the credentials in it, and the host (no loopback, private or link-local address or
// name, no name resolving to one) unless the installation allows private Git hosts. The worker checks again
// before cloning and pins git to the addresses it checked, so this early check is for a clear 4xx answer.
import { checkGitUrl, screenGitHost, type CheckedGitUrl } from '@xcr/adapters/source/git/git-url-guard';
import type { ApiDeps } from '../api-deps.ts';

/** Checks `url` as the clone will (scheme, credentials, host); throws `git_*` validation errors (400/422). */
export async function checkRepositoryUrl(
  url: string,
  deps: Pick<ApiDeps, 'config' | 'runtime'>,
): Promise<CheckedGitUrl> {
  const checked = checkGitUrl(url, ['https']);
  if (!deps.config.git.allowPrivateHosts) await screenGitHost(checked.hostname, deps.runtime.hostLookup);
  return checked;
}
