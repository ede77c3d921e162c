import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { escapeMarkdown, fencedCode, inlineCode, renderMarkdown } from './markdown.ts';
import { sampleScanResult } from './sample-scan-result.ts';

// Snapshot of the rendered sample; regenerate with XCR_UPDATE_SNAPSHOTS=1 after an intended change.
const snapshotUrl = new URL('./__snapshots__/sample-report.md', import.meta.url);

describe('renderMarkdown', () => {
  it('matches the snapshot', () => {
    const rendered = renderMarkdown(sampleScanResult());
    if (process.env.XCR_UPDATE_SNAPSHOTS === '1') writeFileSync(snapshotUrl, rendered);
    assert.equal(rendered, readFileSync(snapshotUrl, 'utf8'));
  });

  it('neutralises HTML and Markdown in finding text, keeps Chinese text', () => {
    // Code fences show text verbatim and never render HTML; everything outside them must be inert.
    const md = renderMarkdown(sampleScanResult()).replace(/^(`{3,})[^\n]*\n[^]*?\n\1$/gm, '');
    assert.doesNotMatch(md, /<script>/);
    assert.doesNotMatch(md, /<img/);
    assert.match(md, /Unsafe &lt;script&gt;alert\("title"\)&lt;\/script&gt; \\\| innerHTML/);
    assert.match(md, /用户输入被写入 innerHTML/);
    assert.doesNotMatch(md, /javascript:alert/);
  });

  it('fences snippets with the language and a fence longer than any inside', () => {
    const md = renderMarkdown(sampleScanResult());
    assert.match(md, /````typescript\nel\.innerHTML = "<script>alert\(1\)<\/script>";\n```\nconst 名字 = "张三";\n````/);
    assert.match(md, /```java\nfor \(String s/);
    assert.match(md, /\[CWE-89\]\(<https:\/\/cwe\.mitre\.org\/data\/definitions\/89\.html>\)/);
    assert.match(md, /\*\*59 \/ 100\*\* ❌ poor `██████░░░░`/);
  });

  it('says so when there are no findings', () => {
    const empty = { ...sampleScanResult(), findings: [], summary: { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 }, quality_score: 100 };
    const md = renderMarkdown(empty);
    assert.match(md, /No findings/);
    assert.doesNotMatch(md, /Most affected files/);
  });
});

describe('markdown helpers', () => {
  it('escape structure at line starts and inline punctuation', () => {
    assert.equal(escapeMarkdown('# title\n- item\n1. x'), '\\# title\n\\- item\n\\1. x');
    assert.equal(escapeMarkdown('a*b_c|d [e](f) <g> &'), 'a\\*b\\_c\\|d \\[e\\](f) &lt;g&gt; &amp;');
  });

  it('code spans and fences survive backticks', () => {
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x'), '`` `x ``');
    assert.equal(fencedCode('x\n````\ny', 'js'), '`````js\nx\n````\ny\n`````');
  });
});
