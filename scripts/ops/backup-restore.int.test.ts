import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { startS3rver, type TestS3Server } from '@xcr/testkit/services/s3-server';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { createBackup, manifestPathFor } from './backup.ts';
import { backupS3Client, downloadFile, parseS3Uri, uploadFiles } from './backup-storage.ts';
import { checksumDatabase, readVerifiedManifest, restoreBackup } from './restore.ts';
import { compareChecksums } from './table-checksums.ts';

const findingCount = 100_000;

/** One user, 20 projects, 100 tasks and 100,000 findings (with comments on some), all in SQL. */
async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO users (email, username, password_hash, role) VALUES ('ops@example.com', 'ops', 'x', 'admin')`);
    await client.query(`INSERT INTO projects (owner_id, name, source, languages)
      SELECT (SELECT id FROM users), 'project ' || g, 'zip', jsonb_build_object('javascript', g) FROM generate_series(1, 20) g`);
    await client.query(`INSERT INTO audit_tasks (project_id, created_by, name, status, progress, quality_score, cost_usd, scan_config)
      SELECT p.id, p.owner_id, 'audit ' || g, 'completed', 100, 50 + g % 50, g * 0.000123, jsonb_build_object('analyzers', jsonb_build_array('rules'))
      FROM projects p CROSS JOIN generate_series(1, 5) g`);
    await client.query(`WITH t AS (SELECT id, project_id, row_number() OVER (ORDER BY id) AS n FROM audit_tasks)
      INSERT INTO findings (task_id, project_id, fingerprint, file_path, line_start, line_end, code_snippet, title, description,
                            severity, category, cwe, rule_id, analyzer, confidence, explanation, status)
      SELECT t.id, t.project_id, md5(g::text), 'src/file' || (g % 997) || '.ts', 1 + g % 400, 2 + g % 400,
             'query("SELECT * FROM t WHERE id=" + id)', 'Finding ' || g, 'Description ' || g || ' with ''quotes'' and unicode: café',
             (ARRAY['critical','high','medium','low','info'])[1 + g % 5], (ARRAY['security','bug','performance','style'])[1 + g % 4],
             ARRAY[89, g % 1000], 'javascript.sqli', 'rules', (g % 100) / 100.0,
             jsonb_build_object('what', 'w' || g, 'why', 'y', 'how', 'h'), (ARRAY['open','in_progress','resolved'])[1 + g % 3]
      FROM generate_series(1, ${findingCount}) g JOIN t ON t.n = 1 + g % 100`);
    await client.query(`INSERT INTO finding_comments (finding_id, author_id, body)
      SELECT id, (SELECT id FROM users), 'looked at it' FROM findings WHERE severity = 'critical' LIMIT 500`);
  } finally {
    await client.end();
  }
}

describe('backup and restore of PostgreSQL (pg_dump / pg_restore, per-table checksums)', { timeout: 300_000 }, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let s3: TestS3Server;
  const dir = mkdtempSync(join(tmpdir(), 'xcr-backup-test-'));

  before(async () => {
    [source, target, s3] = await Promise.all([createTestDatabaseUrl(), createTestDatabaseUrl(), startS3rver({ createBucket: true })]);
    const handle = await createDatabase({ kind: 'postgres', url: source.url, poolMax: 2, statementTimeoutMs: 120_000 });
    try {
      await migrateToLatest(handle);
    } finally {
      await handle.close();
    }
    await seed(source.url);
  });

  after(async () => {
    await Promise.all([source?.drop(), target?.drop(), s3?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores 100,000 findings with every table checksum equal, through the backup bucket, and notices a changed row', async () => {
    const dumpPath = join(dir, 'xcr-test.dump');
    const startedAt = Date.now();
    const manifest = await createBackup({ databaseUrl: source.url, outputPath: dumpPath });
    const backupMs = Date.now() - startedAt;
    const findings = manifest.tables.find((t) => t.table === 'findings');
    assert.equal(findings?.rows, findingCount);
    assert.ok(manifest.tables.length >= 15, `every table is checksummed (${manifest.tables.length})`);

    // Through S3 as the CronJob does it: upload, then restore what comes back down.
    const client = backupS3Client({ XCR_BACKUP_S3_ENDPOINT: s3.endpoint, XCR_BACKUP_S3_ACCESS_KEY: s3.accessKeyId, XCR_BACKUP_S3_SECRET_KEY: s3.secretAccessKey });
    const keys = await uploadFiles(client, parseS3Uri(`s3://${s3.bucket}/postgres/`), [dumpPath, manifestPathFor(dumpPath)]);
    assert.deepEqual(keys, ['postgres/xcr-test.dump', 'postgres/xcr-test.dump.manifest.json']);
    const downloaded = join(dir, 'downloaded.dump');
    await downloadFile(client, { bucket: s3.bucket, key: keys[0]! }, downloaded);
    await downloadFile(client, { bucket: s3.bucket, key: keys[1]! }, manifestPathFor(downloaded));

    const restoreStarted = Date.now();
    const result = await restoreBackup({ databaseUrl: target.url, inputPath: downloaded });
    const restoreMs = Date.now() - restoreStarted;
    assert.deepEqual(result.mismatches, [], 'every table and sequence equal after the restore');
    assert.deepEqual(await checksumDatabase(target.url), await checksumDatabase(source.url), 'the two databases agree table by table');
    console.log(`backup ${backupMs} ms (${(manifest.dumpBytes / 1e6).toFixed(1)} MB), restore + verify ${restoreMs} ms, ${manifest.tables.length} tables and sequences`);

    // The comparison can fail: one changed title shows up as a content mismatch of findings alone.
    const db = new pg.Client({ connectionString: target.url });
    await db.connect();
    await db.query(`UPDATE findings SET title = title || '!' WHERE id = (SELECT id FROM findings ORDER BY id LIMIT 1)`);
    await db.end();
    const after = compareChecksums(manifest.tables, await checksumDatabase(target.url));
    assert.deepEqual(after.map((m) => [m.table, m.problem]), [['findings', 'content']]);
  });

  it('refuses a dump that is not the one its manifest describes', async () => {
    const dumpPath = join(dir, 'xcr-test.dump');
    const copy = join(dir, 'tampered.dump');
    writeFileSync(copy, 'not a dump');
    writeFileSync(manifestPathFor(copy), JSON.stringify((await readVerifiedManifest(dumpPath))));
    await assert.rejects(readVerifiedManifest(copy), /not the one the manifest describes/);
  });
});
