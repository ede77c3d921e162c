/**
 * All repositories over one Kysely instance (a pool or a transaction). Build once per database handle;
 * `transaction()` hands out a set bound to one transaction.
 */
import type { Kysely } from 'kysely';
import type { Repositories } from '@xcr/core/ports/repositories';
import type { Database } from '../schema.ts';
import { createAuditLogRepository } from './audit-log.ts';
import { createFeatureFlagRepository } from './feature-flags.ts';
import { createFindingRepository } from './findings.ts';
import { createInstantAnalysisRepository } from './instant-analyses.ts';
import { createLlmProviderRepository } from './llm-providers.ts';
import { createProjectMemberRepository } from './members.ts';
import { createMigrationRepository } from './migration-batches.ts';
import { createPasswordResetTokenRepository } from './password-reset-tokens.ts';
import { createProjectRepository } from './projects.ts';
import { createRefreshTokenRepository } from './refresh-tokens.ts';
import { createReportRepository } from './reports.ts';
import { createSettingsRepository } from './settings.ts';
import { createStatisticsRepository } from './statistics.ts';
import { createTaskRepository } from './tasks.ts';
import { createUserRepository } from './users.ts';

export { createAuditLogRepository } from './audit-log.ts';
export { createFeatureFlagRepository } from './feature-flags.ts';
export { createFindingRepository } from './findings.ts';
export { createInstantAnalysisRepository } from './instant-analyses.ts';
export { createLlmProviderRepository } from './llm-providers.ts';
export { createProjectMemberRepository } from './members.ts';
export { createMigrationRepository } from './migration-batches.ts';
export { createPasswordResetTokenRepository } from './password-reset-tokens.ts';
export { createProjectRepository } from './projects.ts';
export { createRefreshTokenRepository } from './refresh-tokens.ts';
export { createReportRepository } from './reports.ts';
export { createSettingsRepository } from './settings.ts';
export { createStatisticsRepository } from './statistics.ts';
export { createTaskRepository } from './tasks.ts';
export { createUserRepository } from './users.ts';

/** Every repository bound to `db`; nested `transaction()` calls join the transaction `db` already is. */
export function createRepositories(db: Kysely<Database>): Repositories {
  const repos: Repositories = {
    users: createUserRepository(db),
    projects: createProjectRepository(db),
    members: createProjectMemberRepository(db),
    tasks: createTaskRepository(db),
    findings: createFindingRepository(db),
    featureFlags: createFeatureFlagRepository(db),
    auditLog: createAuditLogRepository(db),
    settings: createSettingsRepository(db),
    refreshTokens: createRefreshTokenRepository(db),
    passwordResetTokens: createPasswordResetTokenRepository(db),
    llmProviders: createLlmProviderRepository(db),
    instantAnalyses: createInstantAnalysisRepository(db),
    statistics: createStatisticsRepository(db),
    migration: createMigrationRepository(db),
    reports: createReportRepository(db),
    transaction<T>(work: (inner: Repositories) => Promise<T>): Promise<T> {
      if (db.isTransaction) return work(repos);
      return db.transaction().execute((trx) => work(createRepositories(trx)));
    },
  };
  return repos;
}
