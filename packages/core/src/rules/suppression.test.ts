import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applySuppressions, parseSuppressions } from './suppression.ts';
import type { RuleHit } from './types.ts';

function hit(ruleId: string, line: number, lineEnd = line): RuleHit {
  return { ruleId, lineStart: line, lineEnd };
}

function suppressed(content: string, hits: RuleHit[]): RuleHit[] {
  const lines = content.split('\n');
  return hits.filter((h) => parseSuppressions(content, lines).isSuppressed(h));
}

describe('suppression comments', () => {
  it('silences the named rule on the same line, in any comment syntax', () => {
    for (const comment of ['// xcr-ignore a.b.c', '# xcr-ignore a.b.c', '/* xcr-ignore a.b.c */', '-- xcr-ignore a.b.c', '<!-- xcr-ignore a.b.c -->']) {
      const content = `x = 1\nrun(input) ${comment}\n`;
      assert.deepEqual(suppressed(content, [hit('a.b.c', 2)]), [hit('a.b.c', 2)], comment);
      assert.deepEqual(suppressed(content, [hit('a.b.d', 2)]), [], `${comment} must not silence other rules`);
      assert.deepEqual(suppressed(content, [hit('a.b.c', 1)]), [], `${comment} must not silence other lines`);
    }
  });

  it('a comment alone on its line also covers the next line', () => {
    const content = 'a()\n  # xcr-ignore a.b.c -- reviewed, input is constant\n  run(input)\nrun(other)\n';
    assert.equal(suppressed(content, [hit('a.b.c', 3)]).length, 1);
    assert.equal(suppressed(content, [hit('a.b.c', 4)]).length, 0);
  });

  it('a trailing comment does not cover the next line', () => {
    const content = 'run(input) // xcr-ignore a.b.c\nrun(other)\n';
    assert.equal(suppressed(content, [hit('a.b.c', 2)]).length, 0);
  });

  it('xcr-ignore-next-line covers only the next line', () => {
    const content = 'x() // xcr-ignore-next-line a.b.c\nrun(input)\nrun(input)\n';
    assert.equal(suppressed(content, [hit('a.b.c', 1)]).length, 0);
    assert.equal(suppressed(content, [hit('a.b.c', 2)]).length, 1);
    assert.equal(suppressed(content, [hit('a.b.c', 3)]).length, 0);
  });

  it('stacked comment lines all apply to the code line below them', () => {
    const content = '// xcr-ignore a.b.c\n// xcr-ignore-next-line d.e.f\nrun(input)\n';
    assert.equal(suppressed(content, [hit('a.b.c', 3), hit('d.e.f', 3), hit('g.h.i', 3)]).length, 2);
  });

  it('without ids silences every rule; lists, prefixes and * work', () => {
    assert.equal(suppressed('run() // xcr-ignore\n', [hit('a.b.c', 1), hit('x.y.z', 1)]).length, 2);
    assert.equal(suppressed('run() // xcr-ignore a.b.c, x.y.z\n', [hit('a.b.c', 1), hit('x.y.z', 1), hit('q.r.s', 1)]).length, 2);
    assert.equal(suppressed('run() // xcr-ignore a.b.*\n', [hit('a.b.c', 1), hit('a.x.c', 1)]).length, 1);
    assert.equal(suppressed('run() // xcr-ignore *\n', [hit('a.b.c', 1)]).length, 1);
  });

  it('matches on the first or last line of a multi-line hit', () => {
    const content = 'query(\n  "a" + b\n) // xcr-ignore a.b.c\n';
    assert.equal(suppressed(content, [hit('a.b.c', 1, 3)]).length, 1);
    assert.equal(suppressed(content, [hit('a.b.c', 1, 2)]).length, 0);
  });

  it('ignores the marker outside comments and words that merely contain it', () => {
    assert.equal(suppressed('const s = "xcr-ignore a.b.c";\n', [hit('a.b.c', 1)]).length, 0);
    assert.equal(suppressed('run() // xcr-ignored a.b.c\n', [hit('a.b.c', 1)]).length, 0);
  });

  it('applySuppressions drops silenced hits and keeps the rest', () => {
    const content = 'a() // xcr-ignore a.b.c\nb()\n';
    const lines = content.split('\n');
    assert.deepEqual(applySuppressions(content, lines, [hit('a.b.c', 1), hit('a.b.c', 2)]), [hit('a.b.c', 2)]);
    assert.deepEqual(applySuppressions('plain\n', ['plain', ''], [hit('a.b.c', 1)]), [hit('a.b.c', 1)]);
  });
});
