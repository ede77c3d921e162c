// Opens a project's code for an audit: the uploaded ZIP from object storage (extracted with the intake's limits),
// or a shallow clone of its Git URL with the decrypted token (https only, public hosts only unless the
// installation allows private ones). `local` projects exist for the CLI and are refused here.
import { mkdir } from 'node:fs/promises';
import type { SecretBox } from '@xcr/adapters/crypto/secret-box';
import { cloneGitSourceTree } from '@xcr/adapters/source/git/git-source-tree';
import type { LookupAll } from '@xcr/adapters/source/git/git-url-guard';
import { extractZipToSourceTree } from '@xcr/adapters/source/zip/zip-source-tree';
import { AppError } from '@xcr/core/errors';
import type { ObjectStore } from '@xcr/core/ports/object-store';
import type { ProjectRecord } from '@xcr/core/ports/repositories';
import type { SourceTree } from '@xcr/core/ports/source-tree';
import { gitTokenContext, uploadOf } from '@xcr/core/audit/project-source';

/** What opening needs. */
export interface SourceOpenerDeps {
  storage: ObjectStore;
  secretBox: SecretBox;
  /** Where extractions and clones go (removed on dispose; a crash leaves them to maintenance cleanup). */
  tmpDir: string;
  /** Allows Git hosts on private, loopback and link-local addresses (trusted self-hosted servers). */
  isPrivateGitAllowed: boolean;
  /** Resolves Git host names for the SSRF guard (default: the system resolver). */
  hostLookup?: LookupAll;
}

function refused(code: string, message: string, status = 422): AppError {
  return new AppError(code, message, { status, retryable: false, expose: true });
}

/** Returns the opener the audit use case calls. */
export function createSourceOpener(deps: SourceOpenerDeps) {
  return async function openSource(
    project: ProjectRecord,
    options: { branch: string | null; signal: AbortSignal },
  ): Promise<SourceTree> {
    await mkdir(deps.tmpDir, { recursive: true });
    switch (project.source) {
      case 'zip': {
        if (!project.upload_object_key)
          throw refused('upload_missing', 'The project has no uploaded archive: upload one first', 409);
        const stream = await deps.storage.getStream(project.upload_object_key, options.signal);
        return extractZipToSourceTree(stream, {
          tmpDir: deps.tmpDir,
          signal: options.signal,
          label: uploadOf(project)?.file_name ?? 'upload.zip',
        });
      }
      case 'github':
      case 'gitlab':
      case 'git': {
        if (!project.repository_url)
          throw refused('source_url_missing', 'The project has no repository URL', 409);
        let token: string | undefined;
        if (project.git_token_encrypted) {
          try {
            token = deps.secretBox.decrypt(project.git_token_encrypted, { context: gitTokenContext });
          } catch {
            throw refused(
              'git_token_unreadable',
              'The stored Git token cannot be decrypted (was the encryption key changed?): set it again',
              409,
            );
          }
        }
        return cloneGitSourceTree(project.repository_url, {
          tmpDir: deps.tmpDir,
          signal: options.signal,
          allowPrivate: deps.isPrivateGitAllowed,
          ...(deps.hostLookup ? { lookup: deps.hostLookup } : {}),
          ...(options.branch ? { branch: options.branch } : {}),
          ...(token === undefined ? {} : { token }),
        });
      }
      case 'local':
        throw refused(
          'source_not_supported',
          'Local folders are audited with the CLI (xcr scan), not through the API',
        );
    }
  };
}
