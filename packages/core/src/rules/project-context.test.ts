import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectProjectContext, parseProperties } from './project-context.ts';

describe('parseProperties', () => {
  it('reads the separators, comments, continuations and escapes of Java properties', () => {
    const text = [
      '# comment',
      '! also a comment',
      'a=1',
      'b: two',
      'c three',
      '  d = spaced  ',
      'e=first \\',
      '   second',
      'f=tab\\there\\u0041',
      'key\\=with\\:seps=v',
      'empty=',
      'a=override',
    ].join('\n');
    const p = parseProperties(text);
    assert.equal(p.get('a'), 'override');
    assert.equal(p.get('b'), 'two');
    assert.equal(p.get('c'), 'three');
    assert.equal(p.get('d'), 'spaced  ');
    assert.equal(p.get('e'), 'first second');
    assert.equal(p.get('f'), 'tab\thereA');
    assert.equal(p.get('key=with:seps'), 'v');
    assert.equal(p.get('empty'), '');
    assert.equal(p.has('# comment'), false);
  });

  it('handles CRLF line ends', () => {
    assert.equal(parseProperties('x=1\r\ny=2\r\n').get('y'), '2');
  });
});

describe('collectProjectContext', () => {
  it('merges .properties files, first definition wins, other files ignored', () => {
    const ctx = collectProjectContext([
      { path: 'src/main/resources/app.properties', content: 'alg=MD5\n' },
      { path: 'config/other.properties', content: 'alg=SHA-256\nmode=fast\n' },
      { path: 'settings.yml', content: 'alg: none' },
    ]);
    assert.equal(ctx.properties.get('alg'), 'MD5');
    assert.equal(ctx.properties.get('mode'), 'fast');
    assert.equal(ctx.properties.size, 2);
  });
});
