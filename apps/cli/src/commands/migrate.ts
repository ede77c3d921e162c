import type { Command } from 'commander';
import type { MigrationService } from '@xcr/core/migration/migration-service';
import type { ImportSummary } from '@xcr/core/migration/report';
import type { Repositories } from '@xcr/core/ports/repositories';

/** Exit codes: 1 the operation failed, 2 usage or input errors (bad file, unknown owner). */
const exitFailed = 1;
const exitUsage = 2;

interface MigrationContext {
  repos: Repositories;
  service: MigrationService;
}

/** A problem with the command's input: printed and exit code 2. */
class UsageProblem extends Error {}

function fail(message: string, code: number): never {
  process.stderr.write(`xcr migrate: ${message}\n`);
  process.exit(code);
}

/** Runs `work`, turning errors into exit codes: input problems and 4xx domain errors are 2, others 1. */
async function runCommand(work: () => Promise<void>): Promise<void> {
  const { AppError } = await import('@xcr/core/errors');
  try {
    await work();
  } catch (error) {
    if (error instanceof UsageProblem) fail(error.message, exitUsage);
    if (error instanceof AppError) fail(`${error.message} (${error.code})`, error.status < 500 ? exitUsage : exitFailed);
    fail(error instanceof Error ? error.message : String(error), exitFailed);
  }
}

/**
 * Opens the configured database (DATABASE_URL, or the embedded data folder, migrated on open like the embedded
 * server does), runs `work`, closes it.
 */
async function withMigration(work: (context: MigrationContext) => Promise<void>): Promise<void> {
  const { readConfig, exitOnConfigProblems } = await import('@xcr/server/config/read-config');
  const { createDatabase } = await import('@xcr/adapters/db/create-database');
  const { migrateToLatest } = await import('@xcr/adapters/db/migrate');
  const { createRepositories } = await import('@xcr/adapters/db/repositories/index');
  const { createMigrationService } = await import('@xcr/core/migration/migration-service');
  const { systemClock } = await import('@xcr/core/ports/clock');
  const loaded = readConfig(process.env);
  if (!loaded.ok) return exitOnConfigProblems(loaded.problems);
  await runCommand(async () => {
    const handle = await createDatabase(loaded.config.db);
    try {
      if (handle.kind === 'pglite') await migrateToLatest(handle);
      const repos = createRepositories(handle.db);
      await work({ repos, service: createMigrationService({ repos, clock: systemClock }) });
    } finally {
      await handle.close();
    }
  });
}

async function readJsonFile(path: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageProblem(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new UsageProblem(`${path} is not valid JSON`);
  }
}

/** The user `--owner` names (email or username), or the first admin. */
async function resolveOwner(repos: Repositories, owner: string | undefined): Promise<string> {
  const user = owner ? await repos.users.findByEmailOrUsername(owner) : await repos.users.findFirstAdmin();
  if (!user) throw new UsageProblem(owner ? `no user ${owner}` : 'no admin to own the import: pass --owner EMAIL');
  return user.id;
}

function printSummary(summary: ImportSummary): void {
  const { projects, tasks, issues, instant_analyses, skipped, quarantined, errors } = summary;
  console.log(JSON.stringify({ projects, tasks, issues, instant_analyses, skipped, quarantined, errors }));
}

function parseBatchSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) fail('--batch-size must be an integer from 1 to 10000', exitUsage);
  return n;
}

/**
 * Registers `xcr migrate validate|import|export|rollback|batches`. With `--json` the last line printed is
 * `{"projects","tasks","issues","instant_analyses","skipped","quarantined","errors"}` for what this run created
 * (validate: what the file would import; dry run: what the import would create).
 */
export function registerMigrateCommand(program: Command): void {
  const migrate = program.command('migrate').description('Import exports of the browser version, export, roll back imports (configured database)');

  migrate
    .command('validate <file>')
    .description('Check a file: counts, errors and warnings with the path of each record; writes nothing')
    .option('--json', 'print the report, then the summary line, as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const { planImport } = await import('@xcr/core/migration/plan');
      await runCommand(async () => {
        const { report } = planImport(await readJsonFile(file), { ownerId: '00000000-0000-0000-0000-000000000000' });
        const summary: ImportSummary = { ...report.importable, skipped: 0, quarantined: report.quarantined, errors: report.errors };
        if (options.json) {
          console.log(JSON.stringify(report));
          return printSummary(summary);
        }
        console.log(`format ${report.format}; importable: ${report.importable.projects} projects, ${report.importable.tasks} tasks, ${report.importable.issues} issues, ${report.importable.instant_analyses} instant analyses`);
        for (const e of report.errors) console.log(`error   ${e.path}: ${e.code} ${e.message}`);
        for (const w of report.warnings) console.log(`warning ${w.path}: ${w.code} ${w.message}`);
        console.log(`${report.quarantined} record(s) would be quarantined, ${report.warnings_total} warning(s)`);
      });
    });

  migrate
    .command('import <file>')
    .description('Import a file in batches, each in a transaction; re-running resumes a killed import and adds nothing already there')
    .option('--dry-run', 'report what would be created; write nothing')
    .option('--batch-size <n>', 'records per transaction (default 1000)', parseBatchSize)
    .option('--owner <email>', 'user who will own everything imported (default: the first admin)')
    .option('--json', 'print the result, then the summary line, as JSON')
    .action(async (file: string, options: { dryRun?: boolean; batchSize?: number; owner?: string; json?: boolean }) => {
      const { basename } = await import('node:path');
      await withMigration(async ({ repos, service }) => {
        const data = await readJsonFile(file);
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort(new Error('interrupted: run the same command again to resume')));
        const result = await service.import(data, {
          ownerId: await resolveOwner(repos, options.owner),
          ctx: { actorId: null, ip: null },
          batchSize: options.batchSize,
          isDryRun: options.dryRun === true,
          fileName: basename(file),
          signal: controller.signal,
          onProgress: (p) => process.stderr.write(`committed ${p.items_done}/${p.total_items}\n`),
        });
        if (options.json) {
          const { report, ...rest } = result;
          console.log(JSON.stringify({ ...rest, report: { ...report, errors: report.errors.slice(0, 20), warnings: report.warnings.slice(0, 20) } }));
          return printSummary(result.summary);
        }
        const s = result.summary;
        const verb = result.is_dry_run ? 'would create' : 'created';
        console.log(`${verb}: ${s.projects} projects, ${s.tasks} tasks, ${s.issues} issues, ${s.instant_analyses} instant analyses; skipped ${s.skipped} already there; quarantined ${s.quarantined}`);
        for (const e of s.errors) console.log(`quarantined ${e.path}: ${e.code}`);
        if (result.batch) console.log(`batch ${result.batch.id} (${result.batch.status}${result.is_resumed ? ', resumed' : ''}); undo with: xcr migrate rollback ${result.batch.id}`);
      });
    });

  migrate
    .command('export <file>')
    .description("Write an owner's data to a file ('-' for standard output)")
    .option('--format <format>', 'native (lossless) or v1 (the browser version\'s v1.0 shape)', 'native')
    .option('--owner <email>', 'whose data (default: the first admin)')
    .option('--json', 'print the summary line as JSON')
    .action(async (file: string, options: { format: string; owner?: string; json?: boolean }) => {
      if (options.format !== 'native' && options.format !== 'v1') fail('--format must be native or v1', exitUsage);
      const { writeFile } = await import('node:fs/promises');
      await withMigration(async ({ repos, service }) => {
        const exported = await service.export(await resolveOwner(repos, options.owner), options.format as 'native' | 'v1', { actorId: null, ip: null });
        const text = JSON.stringify(exported);
        if (file === '-') process.stdout.write(`${text}\n`);
        else await writeFile(file, text);
        const isNative = 'findings' in exported;
        const summary: ImportSummary = {
          projects: exported.projects.length,
          tasks: exported.tasks.length,
          issues: isNative ? exported.findings.length : exported.issues.length,
          instant_analyses: isNative ? exported.instant_analyses.length : 0,
          skipped: 0,
          quarantined: 0,
          errors: [],
        };
        if (file === '-') return;
        if (options.json) printSummary(summary);
        else console.log(`wrote ${file}: ${summary.projects} projects, ${summary.tasks} tasks, ${summary.issues} issues, ${summary.instant_analyses} instant analyses`);
      });
    });

  migrate
    .command('rollback <batch-id>')
    .description('Remove exactly what one import batch created')
    .option('--json', 'print the result as JSON')
    .action(async (batchId: string, options: { json?: boolean }) => {
      await withMigration(async ({ service }) => {
        const { batch, deleted } = await service.rollback({ id: '', role: 'admin' }, batchId, { actorId: null, ip: null });
        if (options.json) console.log(JSON.stringify({ batch_id: batch.id, status: batch.status, deleted }));
        else console.log(`rolled back ${batch.id}: removed ${deleted.projects} projects, ${deleted.tasks} tasks, ${deleted.issues} issues, ${deleted.comments} comments, ${deleted.instant_analyses} instant analyses`);
      });
    });

  migrate
    .command('batches')
    .description('List import batches, newest first')
    .option('--owner <email>', 'only this owner\'s batches')
    .option('--json', 'print the list as JSON')
    .action(async (options: { owner?: string; json?: boolean }) => {
      await withMigration(async ({ repos, service }) => {
        const ownerId = options.owner ? await resolveOwner(repos, options.owner) : undefined;
        const page = await service.listBatches({ id: '', role: 'admin' }, { owner_id: ownerId, page_size: 100 });
        if (options.json) return console.log(JSON.stringify(page.items));
        for (const b of page.items) {
          console.log(`${b.id}  ${b.status.padEnd(11)} ${b.format.padEnd(12)} ${b.items_done}/${b.total_items}  ${b.started_at.toISOString()}  ${b.file_name ?? ''}`);
        }
      });
    });
}
