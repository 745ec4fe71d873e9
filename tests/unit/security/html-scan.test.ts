// The scanner must itself be able to fail: each kind of active markup is found.
import { describe, expect, it } from 'vitest';
import { scanHtml } from '../../helpers/html-scan.ts';

describe('built-HTML scanner', () => {
  it.each([
    ['<script>alert("PWN-1")</script>', 'inline script'],
    ['<script src="https://evil.example/x.js"></script>', 'script from'],
    ['<img src=x onerror=alert(1)>', 'event handler onerror'],
    ['<svg><a xlink:href="javascript:alert(1)">x</a></svg>', 'javascript: URL'],
    ['<a href=" java\tscript:alert(1)">x</a>', 'javascript: URL'],
    ['<a href="VBScript:msgbox(1)">x</a>', 'vbscript: URL'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', 'data: URL'],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', '<iframe> element'],
    ['<object data="x.swf"></object>', '<object> element'],
    ['<base href="https://evil.example/">', '<base> element'],
    ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', 'http-equiv=refresh'],
    ['<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>', 'not valid JSON'],
    ['<div style="background:url(javascript:alert(1))">x</div>', 'style attribute'],
    ['<svg><script>alert("PWN-2")</script></svg>', 'inline script'],
  ])('finds %s', (html, what) => {
    const findings = scanHtml(`<!doctype html><html><body>${html}</body></html>`, 'x.html');
    expect(findings.map((f) => f.what).join('\n')).toContain(what);
  });

  it('accepts the portal’s own markup: bundled scripts, JSON-LD, data images, escaped payload text', () => {
    const html =
      '<!doctype html><html><head><script type="module" src="/_astro/page.js"></script><script type="application/ld+json">{"name": "\\u003c/script>PWN-1"}</script></head>' +
      '<body><p>&lt;script&gt;alert("PWN-2")&lt;/script&gt;</p><img src="data:image/png;base64,AAAA" alt=""><a href="https://example.org/">x</a><script>(()=>{customElements.define("x-y",class extends HTMLElement{})})()</script></body></html>';
    expect(scanHtml(html, 'x.html')).toEqual([]);
  });
});
