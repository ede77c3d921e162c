import type { ScanResult } from '@xcr/contracts';

/** The scan result as pretty-printed JSON (the `ScanResult` contract, as `xcr scan --format json` prints it). */
export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
