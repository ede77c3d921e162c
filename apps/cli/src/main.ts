// The `xcr` command line. Each command lives in its own file under ./commands and is registered here.
import { Command } from 'commander';
import { registerDbCommand } from './commands/db.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerScanCommand } from './commands/scan.ts';
import { registerSecretsCommand } from './commands/secrets.ts';
import { registerServeCommand } from './commands/serve.ts';

const program = new Command();
program.name('xcr').description('XCodeReviewer: self-hostable code audit platform').version('0.1.0');
program.showHelpAfterError();
program.exitOverride((err) => {
  // commander reports usage errors with exit code 1; usage errors are 2 here (1 means "the gate failed").
  process.exit(err.exitCode === 0 ? 0 : 2);
});

registerServeCommand(program);
registerScanCommand(program);
registerDbCommand(program);
registerSecretsCommand(program);
registerMigrateCommand(program);

await program.parseAsync(process.argv);
