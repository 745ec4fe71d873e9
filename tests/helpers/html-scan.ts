// Scans built HTML for anything a browser would execute that did not come from the portal's own
// bundles: inline scripts carrying a payload, scripts from elsewhere, event-handler attributes,
// script URLs, frames and plugins. parse5 parses as browsers do (the HTML standard's algorithm),
// so markup that only becomes active after a browser's error recovery is seen the same way.
import { parse } from 'parse5';

export interface Finding {
  file: string;
  what: string;
}

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
  value?: string;
}

const ACTIVE_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'ping', 'cite']);
const DATA_SCRIPT_TYPES = new Set(['application/ld+json', 'application/json']);

/** What a browser makes of a URL's scheme: it drops whitespace and control characters first. */
function scheme(value: string): string {
  const cleaned = value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
  const m = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  return m ? m[1]! : '';
}

function textOf(node: Node): string {
  return (node.childNodes ?? []).map((c) => (c.nodeName === '#text' ? (c.value ?? '') : textOf(c))).join('');
}

/** Every finding in one HTML document; `marker` is the text every payload carries. */
export function scanHtml(html: string, file: string, marker = 'PWN-'): Finding[] {
  const findings: Finding[] = [];
  const add = (what: string) => findings.push({ file, what });
  const visit = (node: Node) => {
    const tag = node.tagName;
    if (tag) {
      const attrs = node.attrs ?? [];
      if (ACTIVE_ELEMENTS.has(tag)) add(`<${tag}> element`);
      if (tag === 'meta' && attrs.some((a) => a.name === 'http-equiv' && a.value.toLowerCase() === 'refresh')) add('<meta http-equiv=refresh>');
      for (const a of attrs) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on')) add(`event handler ${name}="${a.value.slice(0, 60)}" on <${tag}>`);
        if (name === 'srcdoc') add(`srcdoc on <${tag}>`);
        if (URL_ATTRIBUTES.has(name)) {
          const s = scheme(a.value);
          if (s === 'javascript' || s === 'vbscript') add(`${s}: URL in ${name} of <${tag}>`);
          // Images (an <img>, an icon <link>, the empty icon "data:,") never run script, whatever their format.
          if (s === 'data' && !((tag === 'img' || tag === 'link') && /^data:(image\/[a-z0-9.+-]+)?[;,]/i.test(a.value.trim()))) add(`data: URL in ${name} of <${tag}>`);
        }
        if (name === 'style' && /javascript:|expression\s*\(/i.test(a.value)) add(`script in a style attribute of <${tag}>`);
      }
      if (tag === 'script') {
        const type = (attrs.find((a) => a.name === 'type')?.value ?? '').toLowerCase().trim();
        const src = attrs.find((a) => a.name === 'src')?.value;
        const text = textOf(node);
        if (DATA_SCRIPT_TYPES.has(type)) {
          // A data block must still be one JSON document: a payload that closed the element would leave it cut short.
          try {
            JSON.parse(text);
          } catch {
            add(`a ${type} block that is not valid JSON (was it cut short by "</script"?)`);
          }
        } else if (src !== undefined) {
          if (!src.startsWith('/_astro/')) add(`script from ${src.slice(0, 80)}`);
        } else if (text.includes(marker)) add(`inline script with content text: ${text.slice(0, 80)}`);
      }
      if (tag === 'style' && textOf(node).includes(marker)) add('a <style> element with content text');
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parse(html) as unknown as Node);
  return findings;
}

/** The visible text of a document (payloads shown as text prove the content reached the page). */
export function visibleText(html: string): string {
  const doc = parse(html) as unknown as Node;
  const out: string[] = [];
  const visit = (n: Node) => {
    if (n.tagName === 'script' || n.tagName === 'style') return;
    if (n.nodeName === '#text') out.push(n.value ?? '');
    for (const c of n.childNodes ?? []) visit(c);
  };
  visit(doc);
  return out.join(' ');
}
