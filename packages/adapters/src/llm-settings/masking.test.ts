import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCredentialHeader, maskSecret, mergeMaskedHeaders, splitHeaders } from './masking.ts';

describe('secret masking', () => {
  it('shows the first 3 and last 4 characters of long keys, less of short ones', () => {
    assert.equal(maskSecret('sk-proj-0123456789abcd'), 'sk-…abcd');
    assert.equal(maskSecret('short-key'), '…ey');
    assert.equal(maskSecret('abc'), '…');
  });

  it('recognises credential headers by name, scheme or shape', () => {
    const cases: Array<[string, string, boolean]> = [
      ['Authorization', 'anything', true],
      ['X-Api-Key', 'k', true],
      ['Cookie', 'a=b', true],
      ['X-Forward', 'Bearer abc.def', true],
      ['X-Custom', 'AKIAIOSFODNN7EXAMPLE1234', true],
      ['X-Title', 'XCodeReviewer', false],
      ['HTTP-Referer', 'https://example.test/app', false],
      ['X-Trace', 'a-b-c-d-e-f-g-h-i-j-k-l', false],
    ];
    for (const [name, value, expected] of cases) assert.equal(isCredentialHeader(name, value), expected, `${name}: ${value}`);
    assert.deepEqual(splitHeaders({ 'X-Title': 'XCR', Authorization: 'Bearer x' }), { plain: { 'X-Title': 'XCR' }, secret: { Authorization: 'Bearer x' } });
  });

  it('keeps a stored credential when its masked value comes back, and takes new values as given', () => {
    const stored = { Authorization: 'Bearer 0123456789abcdef' };
    assert.deepEqual(mergeMaskedHeaders({ authorization: 'Bea…cdef', 'X-Title': 'a' }, stored), { authorization: 'Bearer 0123456789abcdef', 'X-Title': 'a' });
    assert.deepEqual(mergeMaskedHeaders({ Authorization: 'Bearer new-one' }, stored), { Authorization: 'Bearer new-one' });
  });
});
