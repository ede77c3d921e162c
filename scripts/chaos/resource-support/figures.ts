/**
 * Shared bits of the resource-fault chaos tests: the one-line figures each test prints for
 * docs/operations/reliability.md, and polling until a condition holds.
 */

/** Prints `chaos: {...}` on one line; the reliability page quotes these figures. */
export function printFigures(figures: Record<string, unknown>): void {
  console.log(`chaos: ${JSON.stringify(figures)}`);
}

/** Polls `check` every `intervalMs` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
