import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Database } from '@xcr/adapters/db/schema';
import type { PasswordHasher } from '@xcr/core/ports/password-hasher';

/** What the first start did about the admin account. */
export type AdminBootstrapResult =
  | { action: 'existing' }
  | { action: 'created'; email: string; username: string; isPasswordGenerated: boolean };

/** A generated password: 20 characters from a CSPRNG, with every character class the password policy asks for. */
export function generatePassword(): string {
  const body = randomBytes(15).toString('base64url');
  return `${body}aZ7!`;
}

/**
 * Creates an admin when none exists. Email and password come from configuration; without a password one is
 * generated, printed once to the log, and must be changed at first login. Two processes starting at once race
 * on the unique email, and the loser finds the winner's admin.
 */
export async function ensureAdmin(
  deps: { db: Kysely<Database>; hasher: PasswordHasher; logger: Logger },
  options: { email?: string; password?: string },
): Promise<AdminBootstrapResult> {
  const existing = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  if (existing) return { action: 'existing' };

  const email = options.email ?? 'admin@localhost';
  const username = 'admin';
  const isPasswordGenerated = options.password === undefined;
  const password = options.password ?? generatePassword();
  const passwordHash = await deps.hasher.hash(password);
  try {
    const user = await deps.db
      .insertInto('users')
      .values({ email, username, password_hash: passwordHash, role: 'admin', force_password_change: isPasswordGenerated })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.db
      .insertInto('audit_log')
      .values({ actor_id: null, action: 'user.bootstrap_admin', resource_type: 'user', resource_id: user.id, details: JSON.stringify({ email }) } as never)
      .execute();
  } catch (err) {
    const again = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
    if (again) return { action: 'existing' };
    throw err;
  }
  const log = deps.logger.child({ component: 'bootstrap' });
  if (isPasswordGenerated) {
    // Printed once, on purpose: this is the only way an operator who set no password can log in.
    log.warn({ username, email, initial_password: password }, 'admin account created with a generated password; change it at first login');
  } else {
    log.info({ username, email }, 'admin account created from configuration');
  }
  return { action: 'created', email, username, isPasswordGenerated };
}
