// Re-encryption of every secret stored at rest with the current key: LLM provider keys and credential headers,
// and project Git tokens. Run after XCR_ENCRYPTION_KEY changes (the old key listed in XCR_ENCRYPTION_KEYS_OLD);
// once it has run, the old keys are no longer needed. All or nothing: one transaction, and nothing is written
// when any secret does not open.
import type { Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.ts';
import { toJson } from '../db/json.ts';
import type { Database } from '../db/schema.ts';
import { llmSecretContexts, storedOptionsOf } from './stored-options.ts';

/** The secret-box context of project Git tokens (as the projects API seals them). */
export const projectGitTokenContext = 'project.git_token';

/** A secret that did not open: where it is, never what it is. */
export interface UnopenedSecret {
  resource_type: 'llm_provider' | 'project';
  resource_id: string;
  field: 'api_key_encrypted' | 'options.headers_encrypted' | 'git_token_encrypted';
}

/** What a rotation did (or, in a dry run, would do). */
export interface RotationReport {
  llm_api_keys: number;
  llm_headers: number;
  project_git_tokens: number;
  /** Secrets already sealed with the current key. */
  already_current: number;
  /** Secrets that do not open with any configured key; when any, nothing was written. */
  failed: UnopenedSecret[];
  is_dry_run: boolean;
}

/** Options of {@link rotateStoredSecrets}. */
export interface RotateOptions {
  /** Count only; write nothing. */
  isDryRun?: boolean;
}

/**
 * Opens every stored secret sealed with an old key and seals it again with the current one, in one transaction.
 * Returns the counts; when some secret does not open, `failed` lists it and nothing is changed.
 */
export async function rotateStoredSecrets(db: Kysely<Database>, box: SecretBox, options: RotateOptions = {}): Promise<RotationReport> {
  return db.transaction().execute(async (trx) => {
    const report: RotationReport = { llm_api_keys: 0, llm_headers: 0, project_git_tokens: 0, already_current: 0, failed: [], is_dry_run: options.isDryRun === true };
    const writes: Array<() => Promise<unknown>> = [];

    /** The token sealed again with the current key, undefined when it already is (or does not open). */
    function reseal(token: string, context: string, where: UnopenedSecret): string | undefined {
      if (!box.needsRotation(token)) {
        report.already_current += 1;
        return undefined;
      }
      try {
        return box.encrypt(box.decrypt(token, { context }), { context });
      } catch {
        report.failed.push(where);
        return undefined;
      }
    }

    for (const row of await trx.selectFrom('llm_providers').select(['id', 'api_key_encrypted', 'options']).forUpdate().execute()) {
      const stored = storedOptionsOf(row);
      const key = row.api_key_encrypted ? reseal(row.api_key_encrypted, llmSecretContexts.apiKey, { resource_type: 'llm_provider', resource_id: row.id, field: 'api_key_encrypted' }) : undefined;
      const headers = stored.headers_encrypted
        ? reseal(stored.headers_encrypted, llmSecretContexts.headers, { resource_type: 'llm_provider', resource_id: row.id, field: 'options.headers_encrypted' })
        : undefined;
      if (key !== undefined) report.llm_api_keys += 1;
      if (headers !== undefined) report.llm_headers += 1;
      if (key === undefined && headers === undefined) continue;
      const options = headers === undefined ? row.options : { ...row.options, headers_encrypted: headers };
      writes.push(() =>
        trx
          .updateTable('llm_providers')
          .set({ ...(key !== undefined ? { api_key_encrypted: key } : {}), options: toJson(options) })
          .where('id', '=', row.id)
          .execute(),
      );
    }

    const projects = await trx.selectFrom('projects').select(['id', 'git_token_encrypted']).where('git_token_encrypted', 'is not', null).forUpdate().execute();
    for (const row of projects) {
      const token = reseal(row.git_token_encrypted as string, projectGitTokenContext, { resource_type: 'project', resource_id: row.id, field: 'git_token_encrypted' });
      if (token === undefined) continue;
      report.project_git_tokens += 1;
      writes.push(() => trx.updateTable('projects').set({ git_token_encrypted: token }).where('id', '=', row.id).execute());
    }

    if (report.failed.length > 0 || report.is_dry_run) return report;
    for (const write of writes) await write();
    return report;
  });
}
