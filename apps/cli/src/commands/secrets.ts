import type { Command } from 'commander';
import type { AppConfig } from '@xcr/contracts';

/** The current key and the keys to open old secrets with; in embedded mode the data folder's key counts as old. */
interface RotationKeys {
  current: string;
  previous: string[];
  /** Embedded mode: the data folder's stored key, to be replaced by `current` once everything is re-sealed. */
  storedKey?: string;
}

async function rotationKeys(config: AppConfig): Promise<RotationKeys | undefined> {
  let storedKey: string | undefined;
  if (config.db.kind === 'pglite') {
    const { existsSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const path = join(config.dataDir, 'secrets.json');
    if (existsSync(path)) storedKey = (JSON.parse(readFileSync(path, 'utf8')) as { encryptionKey?: string }).encryptionKey;
  }
  const current = config.auth.encryptionKey ?? storedKey;
  if (!current) return undefined;
  const previous = [...config.auth.previousEncryptionKeys];
  if (storedKey && storedKey !== current) previous.push(storedKey);
  return { current, previous, storedKey };
}

/** Embedded mode: the data folder keeps the new key, so the server needs no XCR_ENCRYPTION_KEY from now on. */
async function storeCurrentKey(dataDir: string, key: string): Promise<void> {
  const { chmodSync, readFileSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const path = join(dataDir, 'secrets.json');
  const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify({ ...stored, encryptionKey: key }, null, 2), { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** `xcr secrets rotate`: the work, loaded only when the command runs. */
async function rotate(options: { dryRun?: boolean; json?: boolean }): Promise<void> {
  const { readConfig, exitOnConfigProblems } = await import('@xcr/server/config/read-config');
  const loaded = readConfig(process.env);
  if (!loaded.ok) return exitOnConfigProblems(loaded.problems);
  const { config } = loaded;
  const keys = await rotationKeys(config);
  if (!keys) return exitOnConfigProblems(['XCR_ENCRYPTION_KEY: required to rotate secrets (no key is configured or kept in the data folder)']);

  const { secretBoxFromKeys } = await import('@xcr/adapters/crypto/secret-box');
  const { createDatabase } = await import('@xcr/adapters/db/create-database');
  const { rotateStoredSecrets } = await import('@xcr/adapters/llm-settings/rotate-secrets');
  const { createRepositories } = await import('@xcr/adapters/db/repositories/index');
  const box = secretBoxFromKeys(keys.current, keys.previous);
  const handle = await createDatabase(config.db);
  let report;
  try {
    report = await rotateStoredSecrets(handle.db, box, { isDryRun: options.dryRun === true });
    const rotated = report.llm_api_keys + report.llm_headers + report.project_git_tokens;
    if (!report.is_dry_run && report.failed.length === 0 && rotated > 0) {
      const { failed: _failed, ...counts } = report;
      await createRepositories(handle.db).auditLog.append({ actor_id: null, action: 'secrets.rotated', resource_type: 'secrets', details: counts });
    }
  } finally {
    await handle.close();
  }
  const isDone = report.failed.length === 0 && !report.is_dry_run;
  if (isDone && keys.storedKey !== undefined && keys.storedKey !== keys.current) await storeCurrentKey(config.dataDir, keys.current);

  if (options.json) {
    console.log(JSON.stringify(report));
  } else {
    const verb = report.is_dry_run ? 'would re-encrypt' : report.failed.length > 0 ? 'changed nothing; would re-encrypt' : 're-encrypted';
    console.log(`${verb}: ${report.llm_api_keys} LLM provider keys, ${report.llm_headers} LLM provider header sets, ${report.project_git_tokens} project Git tokens; ${report.already_current} already current`);
    for (const f of report.failed) console.error(`cannot open ${f.field} of ${f.resource_type} ${f.resource_id}: list the key it was sealed with in XCR_ENCRYPTION_KEYS_OLD`);
  }
  if (report.failed.length > 0) process.exitCode = 1;
}

/** Registers `xcr secrets rotate [--dry-run] [--json]`. */
export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('Secrets stored at rest (LLM provider keys, project Git tokens)');
  secrets
    .command('rotate')
    .description(
      'Re-encrypt every stored secret with XCR_ENCRYPTION_KEY, opening old ones with XCR_ENCRYPTION_KEYS_OLD (embedded mode: stop the server first; the key kept in the data folder counts as old and the new key replaces it); exit 1 and change nothing when a secret does not open',
    )
    .option('--dry-run', 'count what would be re-encrypted; write nothing')
    .option('--json', 'print the result as JSON')
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      await rotate(options);
    });
}
