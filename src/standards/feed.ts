// Atom feed (RFC 4287) of dataset updates, newest first, and the sitemap with hreflang alternates.
import type { Catalog } from '../content/load.ts';
import { localize } from '../content/localize.ts';
import { excerpt, markdownToText } from '../lib/markdown.ts';
import { join } from 'node:path';
import { localePath } from '../i18n/paths.ts';
import { loadLayer } from '../preview/geo.ts';
import { baseOf } from './urls.ts';
import { absolute, urls } from '../lib/urls.ts';

/** How many updates the feed lists; readers and harvesters poll, so the newest are what matter. */
export const FEED_LIMIT = 100;

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const instant = (date: string) => `${date}T00:00:00Z`;

export function atomFeed(catalog: Catalog, now = new Date()): string {
  const base = baseOf(catalog);
  const { portal } = catalog;
  const lang = portal.defaultLanguage;
  const text = (v: Parameters<typeof localize>[0]) => localize(v, lang, lang);
  const datasets = [...catalog.datasets].sort((a, b) => (a.config.updated === b.config.updated ? a.slug.localeCompare(b.slug) : a.config.updated < b.config.updated ? 1 : -1)).slice(0, FEED_LIMIT);
  const updated = datasets[0] ? instant(datasets[0].config.updated) : now.toISOString().replace(/\.\d+Z$/, 'Z');
  const entries = datasets.map((d) => {
    const url = absolute(base, urls.dataset(d.slug));
    const publisher = catalog.publishers.get(d.config.publisher);
    return `  <entry>
    <id>${xmlEscape(url)}</id>
    <title>${xmlEscape(text(d.config.title))}</title>
    <updated>${instant(d.config.updated)}</updated>
    ${d.config.created ? `<published>${instant(d.config.created)}</published>\n    ` : ''}<author><name>${xmlEscape(text(publisher?.name) || d.config.publisher)}</name>${publisher?.url ? `<uri>${xmlEscape(publisher.url)}</uri>` : ''}</author>
    <link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>
    <link rel="describedby" type="application/ld+json" href="${xmlEscape(`${url}dataset.jsonld`)}"/>
    <category term="${xmlEscape(d.config.sector)}"/>
${d.config.tags.map((t) => `    <category term="${xmlEscape(t)}"/>\n`).join('')}    <summary>${xmlEscape(excerpt(markdownToText(text(d.config.description)), 400))}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(lang)}">
  <id>${xmlEscape(`${base}/`)}</id>
  <title>${xmlEscape(text(portal.name))}</title>
${portal.tagline ? `  <subtitle>${xmlEscape(text(portal.tagline))}</subtitle>\n` : ''}  <updated>${updated}</updated>
  <author><name>${xmlEscape(text(portal.name))}</name>${portal.contact ? `<email>${xmlEscape(portal.contact)}</email>` : ''}</author>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${base}/feed.xml`)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(`${base}/`)}"/>
  <generator>crisis-open-data-portal</generator>
${entries.join('\n')}
</feed>
`;
}

/** The latest of some ISO dates (they sort as text), or undefined when there is none. */
function latestOf(dates: Iterable<string | undefined>): string | undefined {
  let latest: string | undefined;
  for (const d of dates) if (d && (!latest || d > latest)) latest = d;
  return latest;
}

/** Every static page of the portal, without language prefix, with its last change when known. */
export function sitemapPages(catalog: Catalog): { path: string; lastmod?: string }[] {
  const latest = (list: { config: { updated: string } }[]) => latestOf(list.map((d) => d.config.updated));
  const all = latest(catalog.datasets);
  return [
    { path: '/', lastmod: all },
    { path: '/datasets/', lastmod: all },
    ...catalog.datasets.map((d) => ({ path: urls.dataset(d.slug), lastmod: d.config.updated })),
    { path: '/sectors/', lastmod: all },
    ...catalog.portal.sectors.map((s) => ({ path: urls.sector(s.id), lastmod: latest(catalog.datasets.filter((d) => d.config.sector === s.id)) })),
    { path: '/publishers/', lastmod: all },
    ...[...catalog.publishers.keys()].map((id) => ({ path: urls.publisher(id), lastmod: latest(catalog.datasets.filter((d) => d.config.publisher === id)) })),
    ...dashboardPages(catalog),
  ];
}

/**
 * The dashboards, their maps and one page per territory of their layer (rendered on demand, but
 * pages like the others for a search engine), each last changed with its indicators' datasets.
 */
function dashboardPages(catalog: Catalog): { path: string; lastmod?: string }[] {
  if (catalog.dashboards.length === 0) return [];
  const updated = new Map(catalog.datasets.map((d) => [d.slug, d.config.updated]));
  const pages: { path: string; lastmod?: string }[] = [];
  for (const d of catalog.dashboards) {
    const lastmod = latestOf(d.indicators.map((i) => updated.get(i.dataset)));
    pages.push({ path: urls.dashboard(d.id), lastmod });
    const layer = catalog.portal.maps.find((m) => m.id === d.config.layer);
    if (!layer) continue;
    for (const i of d.indicators) if (i.territory) pages.push({ path: urls.dashboardMap(d.id, i.id), lastmod });
    const { regions } = loadLayer(join(catalog.root, layer.path), layer.key, layer.label);
    for (const code of new Set(regions.map((r) => r.key))) pages.push({ path: urls.dashboardTerritory(d.id, code), lastmod });
  }
  return [{ path: urls.dashboards(), lastmod: latestOf(pages.map((p) => p.lastmod)) }, ...pages];
}

/** The sitemap protocol allows 50,000 addresses per file. */
export const SITEMAP_MAX_URLS = 50_000;

/** sitemap.xml: one <url> per page and language, each listing every language version (hreflang) and x-default. */
export function sitemap(catalog: Catalog): string {
  const base = baseOf(catalog);
  const { languages, defaultLanguage } = catalog.portal;
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'];
  for (const page of sitemapPages(catalog)) {
    const alternates = languages
      .map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${xmlEscape(base + localePath(page.path, l, defaultLanguage))}"/>`)
      .concat(`<xhtml:link rel="alternate" hreflang="x-default" href="${xmlEscape(base + page.path)}"/>`)
      .join('');
    for (const lang of languages) {
      out.push(`<url><loc>${xmlEscape(base + localePath(page.path, lang, defaultLanguage))}</loc>${page.lastmod ? `<lastmod>${page.lastmod}</lastmod>` : ''}${alternates}</url>`);
    }
  }
  out.push('</urlset>', '');
  return out.join('\n');
}

export function robotsTxt(catalog: Catalog): string {
  const base = baseOf(catalog);
  return `# ${base}/robots.txt
User-agent: *
Allow: /
# APIs and filtered catalog views are for programs, not for indexing.
Disallow: /api/
Disallow: /datasets/?
Disallow: /*/datasets/?
Sitemap: ${base}/sitemap.xml
`;
}
