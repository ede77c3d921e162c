import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderHtml } from './html.ts';
import { sampleScanResult } from './sample-scan-result.ts';

describe('renderHtml', () => {
  const html = renderHtml(sampleScanResult());

  it('escapes every text from findings: titles, descriptions, snippets, paths', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.match(html, /Unsafe &lt;script&gt;alert\(&quot;title&quot;\)&lt;\/script&gt; \| innerHTML/);
    assert.match(html, /el\.innerHTML = &quot;&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;;/);
    assert.match(html, /用户输入被写入 innerHTML。 &lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<code>src\/用户\/登录 页面\.ts:3-4<\/code>/);
  });

  it('is self-contained: no scripts, no external resources, no javascript: links', () => {
    assert.doesNotMatch(html, /<(script|link|iframe|object|embed|img)\b/i);
    assert.doesNotMatch(html, /<[^>]*\bsrc=/i);
    assert.doesNotMatch(html, /url\(/i);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.doesNotMatch(html, /javascript:alert/);
    assert.match(html, /<style>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    for (const [, url] of html.matchAll(/href="([^"]*)"/g)) assert.match(url ?? '', /^https:\/\//);
  });

  it('shows score, distribution, files and findings grouped by severity', () => {
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, />59<small>\/100<\/small>/);
    assert.match(html, /❌ poor/);
    assert.ok(html.indexOf('Critical (1)') < html.indexOf('High (1)'));
    assert.ok(html.indexOf('High (1)') < html.indexOf('Low (1)'));
    assert.match(html, /<a href="https:\/\/cwe\.mitre\.org\/data\/definitions\/89\.html" rel="noopener noreferrer">CWE-89<\/a>/);
    assert.match(html, /<code class="language-typescript">/);
    assert.match(html, /Most affected files/);
  });

  it('escapes all five special characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
