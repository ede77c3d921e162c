import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keys generated for an embedded installation, kept in the data folder so they survive restarts. */
export interface LocalSecrets {
  secretKey: string;
  encryptionKey: string;
}

/**
 * Returns the JWT signing key and the encryption key for embedded mode: the configured ones when set, otherwise
 * ones generated on first start and stored in `<dataDir>/secrets.json` (mode 0600). Production deployments set
 * both through the environment so every replica agrees.
 */
export function ensureLocalSecrets(dataDir: string, configured: Partial<LocalSecrets>): LocalSecrets {
  const path = join(dataDir, 'secrets.json');
  let stored: Partial<LocalSecrets> = {};
  if (existsSync(path)) stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>;
  const secrets: LocalSecrets = {
    secretKey: configured.secretKey ?? stored.secretKey ?? randomBytes(48).toString('base64url'),
    encryptionKey: configured.encryptionKey ?? stored.encryptionKey ?? randomBytes(32).toString('hex'),
  };
  if (stored.secretKey !== secrets.secretKey || stored.encryptionKey !== secrets.encryptionKey) {
    if (!configured.secretKey || !configured.encryptionKey) {
      mkdirSync(dataDir, { recursive: true });
      const toStore = { secretKey: stored.secretKey ?? secrets.secretKey, encryptionKey: stored.encryptionKey ?? secrets.encryptionKey };
      writeFileSync(path, JSON.stringify(toStore, null, 2), { mode: 0o600 });
      chmodSync(path, 0o600);
    }
  }
  return secrets;
}
