// Backup of the PostgreSQL database: a pg_dump custom-format archive plus a manifest with per-table checksums
// taken in the very snapshot the dump reads (pg_export_snapshot), so restore.ts can prove the restore equal.
//   node --import tsx scripts/ops/backup.ts --database-url postgres://... --output backups/xcr.dump
//       [--upload s3://xcr-backups/postgres/ --keep-days 30]
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { backupS3Client, parseS3Uri, pruneOlderThan, uploadFiles } from './backup-storage.ts';
import { isMain } from './is-main.ts';
import { databaseName, runTool, sha256File, toolConnection } from './pg-tools.ts';
import { tableChecksums, type TableChecksum } from './table-checksums.ts';

/** What restore.ts needs to check a restore: the dump's digest and the data's checksums. */
export interface BackupManifest {
  format: 'xcr-backup/1';
  createdAt: string;
  database: string;
  serverVersion: string;
  dumpFile: string;
  dumpBytes: number;
  dumpSha256: string;
  tables: TableChecksum[];
}

/** The manifest's path next to a dump. */
export function manifestPathFor(dumpPath: string): string {
  return `${dumpPath}.manifest.json`;
}

/** Dumps `databaseUrl` to `outputPath` and writes the manifest beside it. */
export async function createBackup(options: { databaseUrl: string; outputPath: string; pgDump?: string }): Promise<BackupManifest> {
  const outputPath = resolve(options.outputPath);
  mkdirSync(dirname(outputPath), { recursive: true });
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    // The snapshot stays valid while this transaction is open: checksums and dump see the same data.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    const serverVersion = (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
    const tables = await tableChecksums(client);
    const conn = toolConnection(options.databaseUrl);
    await runTool(options.pgDump ?? 'pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${outputPath}`, `--dbname=${conn.url}`], conn.env);
    await client.query('COMMIT');
    const manifest: BackupManifest = {
      format: 'xcr-backup/1',
      createdAt: new Date().toISOString(),
      database: databaseName(options.databaseUrl),
      serverVersion,
      dumpFile: outputPath.split('/').pop()!,
      dumpBytes: statSync(outputPath).size,
      dumpSha256: await sha256File(outputPath),
      tables,
    };
    writeFileSync(manifestPathFor(outputPath), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
      output: { type: 'string', default: `backups/xcr-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.dump` },
      upload: { type: 'string' },
      'keep-days': { type: 'string' },
    },
  });
  if (!values['database-url']) throw new Error('give --database-url or set DATABASE_URL');
  const started = Date.now();
  const manifest = await createBackup({ databaseUrl: values['database-url'], outputPath: values.output! });
  const rows = manifest.tables.filter((t) => !t.table.startsWith('sequence:')).reduce((n, t) => n + t.rows, 0);
  console.log(`backup of ${manifest.database} (PostgreSQL ${manifest.serverVersion}): ${manifest.tables.length} tables and sequences, ${rows} rows, ${(manifest.dumpBytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`dump ${resolve(values.output!)} sha256 ${manifest.dumpSha256}`);
  if (values.upload) {
    const client = backupS3Client();
    const target = parseS3Uri(values.upload);
    const keys = await uploadFiles(client, target, [resolve(values.output!), manifestPathFor(resolve(values.output!))]);
    console.log(`uploaded: ${keys.map((k) => `s3://${target.bucket}/${k}`).join(', ')}`);
    if (values['keep-days']) {
      const removed = await pruneOlderThan(client, target, Number(values['keep-days']));
      console.log(`retention ${values['keep-days']} days: removed ${removed.length} old objects`);
    }
  }
}

if (isMain(import.meta.url)) {
  await main().catch((err: unknown) => {
    console.error(`backup failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
