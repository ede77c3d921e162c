import type { Command } from 'commander';

/** Registers `xcr scan`. */
export function registerScanCommand(_program: Command): void {}
