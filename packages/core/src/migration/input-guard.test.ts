import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { migrationFixtures } from './fixtures/index.ts';
import { guardImportData, maxImportDepth } from './input-guard.ts';
import { planImport } from './plan.ts';

const owner = '00000000-0000-4000-8000-000000000001';

/** `[[...]]` nested `depth` deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i += 1) value = [value];
  return value;
}

/** Every string and key of `value` that still holds a NUL character. */
function nulsIn(value: unknown): string[] {
  return JSON.stringify(value).includes('\\u0000') ? ['found'] : [];
}

describe('import input guard', () => {
  it('refuses a file nested deeper than the limit with 422 too_deep, before anything recurses over it', () => {
    assert.doesNotThrow(() => guardImportData({ a: nested(maxImportDepth - 1) }));
    for (const depth of [maxImportDepth + 1, 200_000]) {
      assert.throws(
        () => guardImportData({ a: nested(depth) }),
        (error: { code?: string; status?: number }) => error.code === 'too_deep' && error.status === 422,
      );
    }
    for (const fixture of migrationFixtures) {
      const data = JSON.parse(readFileSync(fixture.path, 'utf8')) as Record<string, unknown[]>;
      const records = Object.values(data).find((v) => Array.isArray(v) && typeof v[0] === 'object');
      if (records) Object.assign(records[0] as object, { name: nested(100_000) });
      assert.throws(() => planImport(data, { ownerId: owner }), {
        name: 'ValidationError',
        message: /deeper than/,
      });
    }
  });

  it('removes NUL characters from strings and keys in place, so no row, report entry or quarantined record carries one', () => {
    const cleaned = guardImportData({ 'k\u0000ey': ['a\u0000b', { x: '\u0000' }], __proto__x: 1 }) as Record<
      string,
      unknown
    >;
    assert.deepEqual(cleaned, { key: ['ab', { x: '' }], __proto__x: 1 });
    assert.equal(guardImportData('a\u0000'), 'a');
    for (const fixture of migrationFixtures) {
      const text = readFileSync(fixture.path, 'utf8');
      const poisoned = JSON.parse(text, (_key, value: unknown) =>
        typeof value === 'string' && value.length > 3 ? `${value}\u0000x` : value,
      );
      const plan = planImport(poisoned, { ownerId: owner });
      assert.deepEqual(nulsIn(plan.items), [], fixture.path);
      assert.deepEqual(nulsIn(plan.report), [], fixture.path);
    }
  });
});
