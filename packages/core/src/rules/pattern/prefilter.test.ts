import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mayMatch, requiredWords } from './prefilter.ts';

describe('requiredWords', () => {
  it('takes the longest literal word of a pattern, skipping meta-variables', () => {
    assert.deepEqual(requiredWords({ pattern: '$C.createHash($ALG $$$)' }), ['createHash']);
    assert.deepEqual(requiredWords({ pattern: { context: 'func _() { md5.Sum($X) }', selector: 'call_expression' } }), ['func']);
    assert.equal(requiredWords({ pattern: '$F($$$ARGS)' }), undefined);
  });

  it('needs every branch of any, one word of all/has/inside, and ignores not, kind and regex', () => {
    assert.deepEqual(requiredWords({ any: [{ pattern: 'eval($X)' }, { pattern: 'exec($X)' }] }), ['eval', 'exec']);
    assert.equal(requiredWords({ any: [{ pattern: 'eval($X)' }, { kind: 'call' }] }), undefined);
    assert.deepEqual(requiredWords({ kind: 'call', has: { pattern: 'Math.random()' } }), ['random']);
    assert.deepEqual(requiredWords({ all: [{ kind: 'call' }, { inside: { pattern: 'session($$$)' } }] }), ['session']);
    assert.equal(requiredWords({ kind: 'call', not: { pattern: 'safeLoad($X)' } }), undefined);
  });
});

describe('mayMatch', () => {
  it('passes when a required word occurs or when nothing is required', () => {
    assert.equal(mayMatch('x = eval(y)', ['eval', 'exec']), true);
    assert.equal(mayMatch('x = y', ['eval', 'exec']), false);
    assert.equal(mayMatch('anything', undefined), true);
  });
});
