import type { Command } from 'commander';
import { runServe } from '@xcr/server';

/** Registers `xcr serve [--roles api,worker,scheduler]`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the server: every role in one process by default (embedded mode), or the roles given')
    .option('--roles <roles>', 'comma-separated roles: api, worker, scheduler (default: XCR_ROLES, or all three)')
    .action(async (options: { roles?: string }) => {
      await runServe(options);
    });
}
