/**
 * Reads one sample out of a Prometheus text exposition (what /metrics answers), for assertions.
 */

/** Parses `a="x",b="y"` (label values without escaped quotes, which is all the tests need). */
function labelsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="([^"]*)"/g)) out[match[1]!] = match[2]!;
  return out;
}

/**
 * The value of the sample of `name` whose labels include every one of `labels`; undefined when there is none.
 * Throws when more than one sample matches, so a test never reads an arbitrary one.
 */
export function metricValue(
  exposition: string,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const values: number[] = [];
  for (const line of exposition.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = labelsOf(match[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) values.push(Number(match[3]));
  }
  if (values.length > 1)
    throw new Error(`${values.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return values[0];
}
