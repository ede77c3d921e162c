import type { Command } from 'commander';

/** Registers `xcr serve [--roles api,worker,scheduler]`. The server loads only when the command runs. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the server: every role in one process by default (embedded mode), or the roles given')
    .option('--roles <roles>', 'comma-separated roles: api, worker, scheduler (default: XCR_ROLES, or all three)')
    .action(async (options: { roles?: string }) => {
      // The server's main module, not its index: tracing must start before pg and ioredis load.
      const { runServe } = await import('@xcr/server/main');
      await runServe(options);
    });
}
