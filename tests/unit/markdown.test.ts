import { describe, expect, it } from 'vitest';
import { excerpt, markdownToText, renderMarkdown } from '../../src/lib/markdown.ts';

// Payloads from the usual XSS cheat sheets (OWASP filter evasion, PortSwigger),
// written the way a publisher could slip them into a Markdown description.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](  javascript:alert(1)  )',
  '[x](data:text/html,<script>alert(1)</script>)',
  '![x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '[x](https://ok.example "title" onclick="alert(1)")',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>@import "https://evil.example/x.css";</style>',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<p onmouseover="alert(1)">hover</p>',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<base href="javascript:alert(1)//">',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<template><script>alert(1)</script></template>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '"><script>alert(1)</script>',
  '`<script>alert(1)</script>`',
];

const DANGEROUS = [
  /<script/i,
  /<\/?(iframe|object|embed|style|link|meta|form|input|button|svg|math|base|video|source|template|img|body|details)\b/i,
  /\son[a-z]+\s*=/i,
  /(href|src|action|formaction)\s*=\s*["']?\s*(javascript|vbscript|data):/i,
  /style\s*=/i,
];

describe('renderMarkdown sanitises publisher Markdown', () => {
  it.each(PAYLOADS)('neutralises %s', (payload) => {
    const html = renderMarkdown(`Intro\n\n${payload}\n\nOutro`);
    // Look inside tags only: the same words as plain text are harmless.
    const tags = html.match(/<[^>]*>/g) ?? [];
    for (const tag of tags) for (const pattern of DANGEROUS) expect(tag).not.toMatch(pattern);
    expect(html).toContain('Intro');
  });

  it('keeps ordinary Markdown', () => {
    const html = renderMarkdown('# Titre\n\nDu **gras**, de l’*italique*, un [lien](https://data.example.org/a?b=1) et `code`.\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h3>Titre</h3>');
    expect(html).toContain('<strong>gras</strong>');
    expect(html).toContain('<em>italique</em>');
    expect(html).toContain('<a href="https://data.example.org/a?b=1" rel="noopener noreferrer nofollow">lien</a>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>un</li>');
    expect(html).toContain('<td>1</td>');
  });

  it('keeps mailto and relative links', () => {
    const html = renderMarkdown('[écrire](mailto:a@b.fr) [autre](/datasets/x/)');
    expect(html).toContain('href="mailto:a@b.fr"');
    expect(html).toContain('href="/datasets/x/"');
  });
});

describe('plain text of Markdown', () => {
  it('drops markup and decodes entities', () => {
    expect(markdownToText('**Lits** & <b>réa</b>\n\n<script>x()</script>suite')).toBe('Lits & réa suite');
  });
  it('cuts long text at a word boundary', () => {
    const text = 'mot '.repeat(100).trim();
    const cut = excerpt(text, 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut.endsWith('mot…')).toBe(true);
  });
});
