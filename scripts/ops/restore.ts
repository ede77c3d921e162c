// Restore of a backup made by backup.ts, then proof: the dump's SHA-256 against the manifest before restoring,
// every table's checksum against the manifest after. Restore into an empty database (or pass --clean to drop
// the objects the dump recreates first).
//   node --import tsx scripts/ops/restore.ts --database-url postgres://.../xcr_restore --input backups/xcr.dump
//   node --import tsx scripts/ops/restore.ts --database-url ... --download s3://xcr-backups/postgres/xcr-20260101T021500Z.dump
// Exit 0 when every checksum matches, 1 otherwise.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { manifestPathFor, type BackupManifest } from './backup.ts';
import { backupS3Client, downloadFile, parseS3Uri } from './backup-storage.ts';
import { isMain } from './is-main.ts';
import { databaseName, runTool, sha256File, toolConnection } from './pg-tools.ts';
import { compareChecksums, tableChecksums, type ChecksumMismatch, type TableChecksum } from './table-checksums.ts';

/** The outcome of a restore: what was compared and what differed. */
export interface RestoreResult {
  manifest: BackupManifest;
  actual: TableChecksum[];
  mismatches: ChecksumMismatch[];
}

/** Reads a dump's manifest and checks the dump's digest against it. */
export async function readVerifiedManifest(dumpPath: string): Promise<BackupManifest> {
  const manifest = JSON.parse(readFileSync(manifestPathFor(dumpPath), 'utf8')) as BackupManifest;
  if (manifest.format !== 'xcr-backup/1') throw new Error(`unknown manifest format ${manifest.format}`);
  const digest = await sha256File(dumpPath);
  if (digest !== manifest.dumpSha256) throw new Error(`dump ${dumpPath} is not the one the manifest describes (sha256 ${digest})`);
  return manifest;
}

/** Checksums of the database at `databaseUrl`. */
export async function checksumDatabase(databaseUrl: string): Promise<TableChecksum[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await tableChecksums(client);
  } finally {
    await client.end();
  }
}

/** Restores `inputPath` into `databaseUrl` with pg_restore and compares the result with the manifest. */
export async function restoreBackup(options: { databaseUrl: string; inputPath: string; isClean?: boolean; jobs?: number; pgRestore?: string }): Promise<RestoreResult> {
  const inputPath = resolve(options.inputPath);
  const manifest = await readVerifiedManifest(inputPath);
  const conn = toolConnection(options.databaseUrl);
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${conn.url}`];
  // A clean restore replaces live objects, so it runs all-or-nothing; --single-transaction excludes --jobs.
  args.push(...(options.isClean ? ['--clean', '--if-exists', '--single-transaction'] : [`--jobs=${options.jobs ?? 2}`]));
  await runTool(options.pgRestore ?? 'pg_restore', [...args, inputPath], conn.env);
  const actual = await checksumDatabase(options.databaseUrl);
  return { manifest, actual, mismatches: compareChecksums(manifest.tables, actual) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
      input: { type: 'string' },
      download: { type: 'string' },
      clean: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '2' },
    },
  });
  if (!values['database-url']) throw new Error('give --database-url or set DATABASE_URL');
  if (!values.input && !values.download) throw new Error('give --input <file.dump> or --download s3://bucket/key.dump');
  let workDir: string | undefined;
  let inputPath = values.input;
  try {
    if (values.download) {
      workDir = mkdtempSync(join(tmpdir(), 'xcr-restore-'));
      const source = parseS3Uri(values.download);
      inputPath = join(workDir, basename(source.key));
      const client = backupS3Client();
      await downloadFile(client, source, inputPath);
      await downloadFile(client, { bucket: source.bucket, key: `${source.key}.manifest.json` }, manifestPathFor(inputPath));
    }
    const started = Date.now();
    const result = await restoreBackup({ databaseUrl: values['database-url'], inputPath: inputPath!, isClean: values.clean, jobs: Number(values.jobs) });
    const tables = result.manifest.tables.length;
    console.log(`restored ${result.manifest.dumpFile} (taken ${result.manifest.createdAt}) into ${databaseName(values['database-url'])} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const m of result.mismatches) console.log(`MISMATCH ${m.table}: ${m.problem} (expected ${m.expected?.rows ?? '-'} rows ${m.expected?.md5 ?? ''}, got ${m.actual?.rows ?? '-'} rows ${m.actual?.md5 ?? ''})`);
    console.log(result.mismatches.length === 0 ? `checksums: ${tables} of ${tables} tables and sequences equal` : `checksums: ${result.mismatches.length} of ${tables} differ`);
    process.exitCode = result.mismatches.length === 0 ? 0 : 1;
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  await main().catch((err: unknown) => {
    console.error(`restore failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
