import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Runtime } from '../runtime.ts';
import { temporaryDir } from '../runtime.ts';

/** Temporary files older than this are left over from a crashed job and are removed. */
const tmpMaxAgeMs = 24 * 3_600_000;

/** What one cleanup run removed. */
export interface CleanupResult {
  refreshTokens: number;
  resetTokens: number;
  cacheEntries: number;
  heartbeats: number;
  tmpEntries: number;
  /** Reports past `XCR_REPORT_RETENTION_DAYS`, removed with their files. */
  reports: number;
}

/** Reports removed per cleanup run at most; the rest go on the next runs. */
const reportBatchLimit = 1_000;

/** Deletes reports created before the retention cutoff: the stored file first, then the row. */
async function removeExpiredReports(runtime: Pick<Runtime, 'database' | 'repos' | 'config' | 'storage'>, now: Date): Promise<number> {
  const repos = runtime.repos;
  const cutoff = new Date(now.getTime() - runtime.config.reportRetentionDays * 86_400_000);
  let removed = 0;
  for (const report of await repos.reports.listCreatedBefore(cutoff, reportBatchLimit)) {
    if (report.object_key) await runtime.storage.delete(report.object_key);
    if (await repos.reports.delete(report.id)) removed += 1;
  }
  return removed;
}

/**
 * `maintenance.cleanup`: removes expired refresh and password-reset tokens, expired LLM cache rows, heartbeats of
 * workers gone for a day, temporary files a crashed job left behind, and reports past their retention. Idempotent: a second run removes nothing.
 */
export async function runMaintenanceCleanup(runtime: Pick<Runtime, 'database' | 'repos' | 'config' | 'storage'>, now = new Date()): Promise<CleanupResult> {
  const db = runtime.database.db;
  const refresh = await db.deleteFrom('refresh_tokens').where('expires_at', '<', now).executeTakeFirst();
  const reset = await db
    .deleteFrom('password_reset_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('used_at', 'is not', null)]))
    .executeTakeFirst();
  const cache = await db.deleteFrom('llm_cache').where('expires_at', '<', now).executeTakeFirst();
  const heartbeats = await db
    .deleteFrom('worker_heartbeats')
    .where('last_seen_at', '<', sql<Date>`${now}::timestamptz - interval '1 day'`)
    .executeTakeFirst();
  const tmpEntries = await removeOldEntries(temporaryDir(runtime.config), now.getTime() - tmpMaxAgeMs);
  const reports = await removeExpiredReports(runtime, now);
  return {
    refreshTokens: Number(refresh.numDeletedRows),
    resetTokens: Number(reset.numDeletedRows),
    cacheEntries: Number(cache.numDeletedRows),
    heartbeats: Number(heartbeats.numDeletedRows),
    tmpEntries,
    reports,
  };
}

async function removeOldEntries(dir: string, olderThanMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (info.mtimeMs < olderThanMs) {
        await rm(path, { recursive: true, force: true });
        removed += 1;
      }
    } catch {
      // Gone meanwhile: another cleanup or the job itself removed it.
    }
  }
  return removed;
}
