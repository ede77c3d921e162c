import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prepareFile } from './prepare-files.ts';
import { estimateTokens } from './token-estimate.ts';
import { batchPieces, isWholeFile, splitIntoPieces } from './work-units.ts';

function file(path: string, lineCount: number, width = 30) {
  const content = Array.from({ length: lineCount }, (_, i) => `line ${i + 1} ${'y'.repeat(width)}`).join('\n');
  return prepareFile({ path, language: 'javascript', content }, (t) => t);
}

describe('estimateTokens', () => {
  it('counts four characters per token, and CJK characters one each', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcd'), 1);
    assert.equal(estimateTokens('abcde'), 2);
    assert.equal(estimateTokens('密码以明文存储'), 7);
    assert.equal(estimateTokens('ab密码'), 3);
  });
});

describe('splitIntoPieces', () => {
  it('keeps a file that fits whole', () => {
    const pieces = splitIntoPieces(file('a.js', 50), { maxPieceTokens: 10_000, overlapLines: 20 });
    assert.equal(pieces.length, 1);
    assert.ok(isWholeFile(pieces[0] as never));
  });

  it('covers every line of a 5,000-line file with overlapping chunks within the limit', () => {
    const big = file('big.js', 5_000);
    const pieces = splitIntoPieces(big, { maxPieceTokens: 3_000, overlapLines: 20 });
    assert.ok(pieces.length > 10);
    assert.equal(pieces[0]?.startLine, 1);
    assert.equal(pieces.at(-1)?.endLine, 5_000);
    for (let i = 1; i < pieces.length; i++) {
      const previous = pieces[i - 1] as (typeof pieces)[number];
      const current = pieces[i] as (typeof pieces)[number];
      assert.equal(current.startLine, previous.endLine + 1 - 20, `chunk ${i} does not overlap by 20 lines`);
    }
    for (const piece of pieces) assert.ok(piece.estimatedTokens <= 3_000);
    const covered = new Set<number>();
    for (const p of pieces) for (let n = p.startLine; n <= p.endLine; n++) covered.add(n);
    assert.equal(covered.size, 5_000);
  });

  it('still advances when the limit holds few lines, and puts an over-long line in a chunk of its own', () => {
    const pieces = splitIntoPieces(file('a.js', 40, 400), { maxPieceTokens: 400, overlapLines: 20 });
    const covered = new Set<number>();
    for (const p of pieces) for (let n = p.startLine; n <= p.endLine; n++) covered.add(n);
    assert.equal(covered.size, 40);
    const wide = prepareFile({ path: 'w.js', language: 'javascript', content: `a\n${'z'.repeat(10_000)}\nb` }, (t) => t);
    assert.deepEqual(splitIntoPieces(wide, { maxPieceTokens: 100, overlapLines: 5 }).map((p) => [p.startLine, p.endLine]), [[1, 1], [2, 2], [3, 3]]);
  });

  it('has no piece for an empty file', () => {
    assert.deepEqual(splitIntoPieces(file('e.js', 0), { maxPieceTokens: 100, overlapLines: 5 }), []);
  });
});

describe('batchPieces', () => {
  it('groups small whole files up to the file and token limits and leaves big ones and chunks alone', () => {
    const small = ['a', 'b', 'c', 'd', 'e'].map((n) => splitIntoPieces(file(`${n}.js`, 5), { maxPieceTokens: 5_000, overlapLines: 5 })[0]!);
    const big = splitIntoPieces(file('big.js', 200), { maxPieceTokens: 5_000, overlapLines: 5 })[0]!;
    const chunks = splitIntoPieces(file('huge.js', 1_000), { maxPieceTokens: 5_000, overlapLines: 5 });
    const units = batchPieces([small[0]!, small[1]!, big, small[2]!, ...chunks, small[3]!, small[4]!], { maxUnitTokens: 5_000, maxFilesPerBatch: 3, smallPieceTokens: 500 });
    const shape = units.map((u) => u.pieces.map((p) => `${p.file.path}:${p.startLine}`).join(','));
    assert.deepEqual(shape, ['a.js:1,b.js:1,c.js:1', 'big.js:1', ...chunks.map((c) => `huge.js:${c.startLine}`), 'd.js:1,e.js:1']);
    const alone = batchPieces(small, { maxUnitTokens: 5_000, maxFilesPerBatch: 1, smallPieceTokens: 500 });
    assert.equal(alone.length, 5);
    const tight = batchPieces(small, { maxUnitTokens: small[0]!.estimatedTokens * 2, maxFilesPerBatch: 10, smallPieceTokens: 500 });
    assert.deepEqual(tight.map((u) => u.pieces.length), [2, 2, 1]);
  });
});

describe('prepareFile', () => {
  it('hashes the content as read and as sent, and keeps line numbers when a redactor removes lines', () => {
    const plain = prepareFile({ path: 'a', language: 'js', content: 'x\ny\n' }, (t) => t);
    assert.equal(plain.sha256, plain.sentSha256);
    assert.equal(plain.isRedacted, false);
    assert.equal(plain.sizeBytes, 4);
    const dropsLines = prepareFile({ path: 'a', language: 'js', content: 'keep\nSECRET\nkeep' }, (t) => t.replace(/SECRET\n?/g, ''));
    assert.deepEqual(dropsLines.sentLines, ['keep', '', 'keep']);
    assert.equal(dropsLines.isRedacted, true);
    assert.notEqual(dropsLines.sentSha256, dropsLines.sha256);
  });
});

describe('prepareFile with the secret rules redactor', () => {
  it('never sends a key body, even through a redactor that collapses key blocks', async () => {
    const { redactSecrets } = await import('../rules/secrets/redact.ts');
    const content = 'a = 1\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu8ZqL2mWvT5nXyB7kPd3HsJ9fGc1AeR6uYi4oQw\nq2Jv9f0AAAB3NzaC1yc2EAAAADAQABAAABAQC\n-----END RSA PRIVATE KEY-----\nb = 2\n';
    const prepared = prepareFile({ path: 'k.py', language: 'python', content }, redactSecrets);
    assert.equal(prepared.sentLines.length, prepared.lines.length);
    assert.equal(prepared.sentLines[5], 'b = 2');
    assert.ok(!prepared.sentLines.join('\n').includes('MIIE'));
    assert.ok(!prepared.sentLines.join('\n').includes('q2Jv9f0'));
  });
});
