/**
 * Publisher files are served from the portal's own origin, so a file that a browser would
 * render as a document (HTML, SVG, XML…) could run a publisher's script with the portal's
 * cookies and APIs. Whatever a publisher uploads, its file is never active content here:
 * a sandboxing CSP (a unique opaque origin, no script), nosniff, and only a few data formats
 * shown inline, with media types fixed by us; everything else is a download.
 */

/** Formats shown in the browser, and the media type each is always served with. */
export const INLINE_TYPES: Readonly<Record<string, string>> = Object.freeze({
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  pdf: 'application/pdf',
});

export const PUBLISHER_FILE_CSP = "sandbox; default-src 'none'";

// /datasets/<slug>/<rest>, with the optional /<lang>/ prefix of localised pages.
const DATASET_PATH = /^\/(?:(?!api\/)[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\/)?datasets\/([^/]+)\/(.+)$/;
// What the build itself writes at the top of /datasets/<slug>/: the page and the dataset's metadata documents.
const BUILD_OWN = /^(?:index\.html|dataset\.jsonld|datapackage\.json)$/;

/**
 * Whether a decoded request path is a publisher file: anything under /datasets/<slug>/files/,
 * and (before and after publisher files moved there) any other file under /datasets/<slug>/
 * that is not a page or a metadata document the build writes.
 */
export function isPublisherFile(path: string): boolean {
  const m = DATASET_PATH.exec(path);
  if (!m) return false;
  const rest = m[2]!;
  if (rest.startsWith('files/')) return true;
  // A folder (the page itself), or the page and metadata documents at the top of the dataset's folder.
  return !rest.endsWith('/') && !BUILD_OWN.test(rest);
}

/**
 * The key of a publisher file in a build's charset list (portal/file-charsets.json):
 * `datasets/<slug>/<rest>`, whatever language prefix the address has.
 */
export function datasetFileKey(path: string): string | undefined {
  const m = DATASET_PATH.exec(path);
  return m ? `datasets/${m[1]}/${m[2]}` : undefined;
}

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** A Content-Disposition naming the file, safe whatever characters its name has (RFC 6266, RFC 8187). */
export function attachment(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1) || 'download';
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Logos (theme and publishers) that pages show with <img>: images, served as such, never a document that runs script. */
const LOGO_TYPES: Readonly<Record<string, string>> = Object.freeze({ svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' });

/**
 * The headers of a publisher file (or logo), undefined for any other address. `ok`: the answer
 * is the file itself (a 404 page keeps its own type). Types shown in the browser are fixed by
 * us; anything else is a download.
 */
export function publisherFileHeaders(path: string, ok = true, charsets?: ReadonlyMap<string, string>): Record<string, string> | undefined {
  // An <img> ignores the CSP of its image; opened directly, a logo's SVG gets no script.
  const shown = path.startsWith('/assets/') ? LOGO_TYPES : isPublisherFile(path) ? INLINE_TYPES : undefined;
  if (!shown) return undefined;
  const headers: Record<string, string> = { 'Content-Security-Policy': PUBLISHER_FILE_CSP, 'X-Content-Type-Options': 'nosniff' };
  if (!ok) return headers;
  const type = shown[extension(path)];
  // A text file the publisher declared in another encoding (dialect.encoding: a spreadsheet's
  // Windows-1252 export, say) says so, or a browser shows its accents garbled.
  const charset = type?.includes('charset=') ? charsets?.get(datasetFileKey(path) ?? '') : undefined;
  if (type) headers['Content-Type'] = charset ? type.replace(/charset=[^;]+/, `charset=${charset}`) : type;
  else {
    headers['Content-Type'] = 'application/octet-stream';
    headers['Content-Disposition'] = attachment(path);
  }
  return headers;
}
