import { lstat, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { AppError, TooLargeError, ValidationError } from '@xcr/core/errors';
import type { SourceTree } from '@xcr/core/ports/source-tree';
import { createDirectoryTree } from '../directory-tree.ts';
import { buildGitInvocation, scrubSecrets, type GitInvocation } from './git-invocation.ts';
import { killGitProcessTree } from './process-tree.ts';
import { checkGitUrl, resolvePublicAddresses, type GitScheme, type LookupAll } from './git-url-guard.ts';

export interface GitSourceTreeOptions {
  /** Branch to clone (default: the remote's HEAD). Ignored when `commit` is given. */
  branch?: string;
  /** A full commit id (40 or 64 hex digits) to fetch and check out. */
  commit?: string;
  /** Access token, sent as a Basic `Authorization` header; never logged nor shown. */
  token?: string;
  /** User name to pair with the token (default `x-access-token`). */
  tokenUsername?: string;
  /** Where the fresh working folder is created. */
  tmpDir: string;
  /** Allows private, loopback and link-local hosts (trusted self-hosted Git servers only). */
  allowPrivate?: boolean;
  /** Transports allowed (default https only). */
  allowedSchemes?: readonly GitScheme[];
  /** Whole-operation limit; git is killed when it is reached (default 120 s). */
  timeoutMs?: number;
  /** Size limit of the clone on disk, checked while git runs and at the end (default 500 MB). */
  maxBytes?: number;
  /** The PATH used to find git (default: this process's). */
  path?: string;
  /** DNS resolution, injectable for tests. */
  lookup?: LookupAll;
  signal?: AbortSignal;
}

const sizeCheckIntervalMs = 500;
const branchPattern = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/+-]{1,200}(?<![./])$/;
const commitPattern = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

type StopReason = 'timeout' | 'too_large' | 'cancelled';

/**
 * Clones a repository shallowly (one commit, one branch, no tags) with the system git and serves the
 * checkout as a `SourceTree` whose `commit` is the checked-out commit id. Untrusted input is held to
 * https, public hosts only (every resolved address checked, then pinned), no redirects, and a token that
 * never appears in argv, logs or errors. Refusals and failures leave nothing on disk.
 */
export async function cloneGitSourceTree(url: string, options: GitSourceTreeOptions): Promise<SourceTree> {
  const target = checkGitUrl(url, options.allowedSchemes ?? ['https']);
  if (options.branch !== undefined && !branchPattern.test(options.branch)) {
    throw new ValidationError('git_ref_invalid', 'The branch name is not valid');
  }
  if (options.commit !== undefined && !commitPattern.test(options.commit)) {
    throw new ValidationError('git_ref_invalid', 'The commit must be a full commit id');
  }
  const addresses =
    target.scheme === 'file' || options.allowPrivate ? undefined : await resolvePublicAddresses(target.hostname, options.lookup);

  const workDir = await mkdtemp(join(options.tmpDir, 'xcr-git-'));
  const cloneDir = join(workDir, 'repo');
  const token = options.token ?? target.token;
  const invocation = buildGitInvocation({
    scheme: target.scheme,
    homeDir: join(workDir, 'home'),
    path: options.path ?? process.env.PATH ?? '/usr/bin:/bin',
    ...(token === undefined ? {} : { token }),
    ...(options.tokenUsername ?? target.tokenUsername ? { tokenUsername: options.tokenUsername ?? target.tokenUsername } : {}),
    ...(addresses && (target.scheme === 'https' || target.scheme === 'http')
      ? { pin: { hostname: target.hostname, port: target.port, addresses } }
      : {}),
  });

  const stopper = new AbortController();
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason) => {
    stopReason ??= reason;
    // Before simple-git stops git itself: afterwards its transport children would be orphans, out of reach.
    killGitProcessTree(workDir);
    stopper.abort();
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs ?? 120_000);
  const onCancel = () => stop('cancelled');
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const maxBytes = options.maxBytes ?? 500 * 1024 * 1024;
  const sizeWatch = watchSize(cloneDir, maxBytes, () => stop('too_large'));

  try {
    await mkdir(join(workDir, 'home'));
    const gitIn = (dir: string) => gitClient(dir, invocation, stopper.signal);
    if (options.commit !== undefined) await fetchCommit(gitIn, workDir, cloneDir, target.remoteUrl, options.commit);
    else await cloneBranch(gitIn(workDir), cloneDir, target.remoteUrl, options.branch);
    const commit = (await gitIn(cloneDir).raw(['rev-parse', 'HEAD'])).trim();
    sizeWatch.stop();
    if ((await folderSize(cloneDir)) > maxBytes) stop('too_large');
    if (stopReason) throw new Error('stopped');
    // The checkout is all the audit needs; the history only costs disk until dispose.
    await rm(join(cloneDir, '.git'), { recursive: true, force: true });
    return createDirectoryTree({
      rootDir: await realpath(cloneDir),
      label: target.displayUrl,
      commit,
      onDispose: () => rm(workDir, { recursive: true, force: true }),
    });
  } catch (error) {
    sizeWatch.stop();
    await rm(workDir, { recursive: true, force: true });
    throw toGitError(error, stopReason, invocation.secrets, options.signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

function gitClient(baseDir: string, invocation: GitInvocation, signal: AbortSignal): SimpleGit {
  return simpleGit({
    baseDir,
    config: invocation.config,
    abort: signal,
    maxConcurrentProcesses: 1,
    // simple-git guards these settings against injection; they are ours, set on purpose.
    allowEnvironment: Object.keys(invocation.env),
    unsafe: {
      allowUnsafeProtocolOverride: true,
      allowUnsafeConfigEnvCount: true,
      allowUnsafeConfigPaths: true,
      allowUnsafeCredentialHelper: true,
    },
  }).env(invocation.env);
}

async function cloneBranch(git: SimpleGit, cloneDir: string, remoteUrl: string, branch?: string): Promise<void> {
  const branchArgs = branch === undefined ? [] : ['--branch', branch];
  await git.raw(['clone', '--depth', '1', '--single-branch', '--no-tags', ...branchArgs, '--', remoteUrl, cloneDir]);
}

async function fetchCommit(
  gitIn: (dir: string) => SimpleGit,
  workDir: string,
  cloneDir: string,
  remoteUrl: string,
  commit: string,
): Promise<void> {
  await gitIn(workDir).raw(['init', '--quiet', '--', cloneDir]);
  const git = gitIn(cloneDir);
  await git.raw(['remote', 'add', 'origin', remoteUrl]);
  await git.raw(['fetch', '--depth', '1', '--no-tags', 'origin', commit.toLowerCase()]);
  await git.raw(['checkout', '--quiet', '--detach', 'FETCH_HEAD']);
}

/** Polls the clone's size while git runs (the pack grows on disk as it downloads). */
function watchSize(dir: string, maxBytes: number, onExceeded: () => void): { stop(): void } {
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (isStopped) return;
    if ((await folderSize(dir).catch(() => 0)) > maxBytes) onExceeded();
    else if (!isStopped) timer = setTimeout(tick, sizeCheckIntervalMs);
  };
  timer = setTimeout(tick, sizeCheckIntervalMs);
  return {
    stop() {
      isStopped = true;
      clearTimeout(timer);
    },
  };
}

/** Bytes of all files under `dir` (symlinks count as themselves, never followed). */
export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const dirents = await readdir(current, { withFileTypes: true }).catch(() => []);
    const sizes = await Promise.all(
      dirents.map(async (dirent) => {
        const path = join(current, dirent.name);
        if (dirent.isDirectory()) {
          pending.push(path);
          return 0;
        }
        return (await lstat(path).catch(() => ({ size: 0 }))).size;
      }),
    );
    for (const size of sizes) total += size;
  }
  return total;
}

function toGitError(error: unknown, stopReason: StopReason | undefined, secrets: readonly string[], signal?: AbortSignal): unknown {
  if (stopReason === 'cancelled') return signal?.reason ?? new DOMException('The clone was cancelled', 'AbortError');
  if (stopReason === 'timeout') return new AppError('git_timeout', 'The clone took longer than allowed', { status: 504, retryable: true, expose: true });
  if (stopReason === 'too_large') return new TooLargeError('git_too_large', 'The repository is larger than allowed');
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? lastLines(scrubSecrets(error.message, secrets)) : '';
  return new AppError('git_clone_failed', `The repository could not be cloned${detail ? `: ${detail}` : ''}`, {
    status: 502,
    retryable: true,
    expose: true,
  });
}

/** The useful end of git's stderr ("fatal: repository not found"), bounded in size. */
function lastLines(text: string): string {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return lines.slice(-2).join(' ').slice(0, 300);
}
