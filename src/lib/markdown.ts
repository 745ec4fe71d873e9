import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// One Marked instance of our own so no global option set elsewhere changes how descriptions render.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Descriptions are written by publishers, not by us: whatever Markdown or raw
 * HTML they contain, only this list of tags and attributes survives. No script,
 * style, iframe, form, event handler or `javascript:`/`data:` URL gets through.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'a',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'abbr',
    'sub',
    'sup',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], abbr: ['title'], th: ['scope', 'align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Descriptions sit under the page's h1 and a section h2: their headings start at h3.
  transformTags: {
    h1: 'h3',
    h2: 'h4',
    h3: 'h5',
    h4: 'h6',
    h5: 'h6',
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:\/\//i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs,
    }),
  },
};

/** Render a publisher's Markdown to HTML that is safe to put in a page. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, SANITIZE);
}

// The same description is turned into text for the runtime catalog, the search documents, the
// pages' meta and structured data and every export: remember the last few thousand results.
// Astro loads this module twice in one build (the pages' bundle, and the integration through the
// config): the memo lives on globalThis so both share it and each text is made once.
const TEXTS = Symbol.for('crisis-portal.markdown-texts');
const shared = globalThis as typeof globalThis & { [TEXTS]?: Map<string, string> };
const texts = (shared[TEXTS] ??= new Map<string, string>());
const TEXTS_KEPT = 50_000;

/** Markdown as plain text, for meta descriptions, feeds and search documents. */
export function markdownToText(source: string): string {
  let text = texts.get(source);
  if (text === undefined) {
    if (texts.size >= TEXTS_KEPT) texts.clear();
    texts.set(source, (text = toText(source)));
  }
  return text;
}

function toText(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first sentence or so of a text, cut at a word boundary. */
export function excerpt(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).replace(/[\s,;:.]+$/, '')}…`;
}
