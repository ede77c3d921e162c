import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStrictPattern, undelimit } from './regex-strictness.ts';

describe('regex strictness', () => {
  it('accepts whole matches of letters, digits and harmless punctuation', () => {
    for (const p of [
      '[a-z0-9-]{1,40}',
      '[A-Za-z0-9_-]+\\.pdf',
      '\\d+',
      '[\\w.@+-]+',
      '(?i)[a-z]+',
      '(asc|desc)',
    ])
      assert.equal(isStrictPattern(p, true, false), true, p);
  });

  it('rejects patterns that let anything or injection syntax through', () => {
    for (const p of ['.*', '[^<>]+', '\\S+', '[a-z/]+', "[a-z']+", '[ -~]+', '[\\s\\w]+', '\\w+\\\\'])
      assert.equal(isStrictPattern(p, true, false), false, p);
  });

  it('requires both anchors and no top-level alternation for searches', () => {
    assert.equal(isStrictPattern('^[a-z]+$', false, false), true);
    assert.equal(isStrictPattern('\\A[a-z]+\\z', false, false), true);
    assert.equal(isStrictPattern('^[a-z]+', false, false), false);
    assert.equal(isStrictPattern('[a-z]+$', false, false), false);
    assert.equal(isStrictPattern('^[a-z]+\\$', false, false), false);
    assert.equal(isStrictPattern('^a|b$', false, false), false);
    assert.equal(isStrictPattern('^(a|b)$', false, false), true);
  });

  it('lets a lookaround narrow the match without counting what it looks at', () => {
    const hostname =
      '^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$';
    assert.equal(isStrictPattern(hostname, false, false), true);
    assert.equal(isStrictPattern('(?![-.])[a-z.-]+', true, false), true);
    assert.equal(isStrictPattern('(?=[a-z])[a-z].*', true, false), false);
    assert.equal(isStrictPattern('(?<=x)[a-z;]+', true, false), false);
  });

  it('does not count line anchors', () => {
    assert.equal(isStrictPattern('^[a-z]+$', false, true), false);
    assert.equal(isStrictPattern('(?m)^[a-z]+$', false, false), false);
    assert.equal(isStrictPattern('\\A[a-z]+\\z', false, true), true);
  });

  it('reads PCRE delimiters and flags', () => {
    assert.equal(undelimit('/^[a-z]+$/'), '^[a-z]+$');
    assert.equal(undelimit('#^[a-z]+$#iD'), '(?iD)^[a-z]+$');
    assert.equal(undelimit('{^\\d+$}'), '^\\d+$');
    assert.equal(undelimit('^[a-z]+$'), undefined);
    assert.equal(isStrictPattern(undelimit('/^[a-z]+$/m')!, false, false), false);
  });
});
