// The default language has no prefix in addresses (/datasets/x/), the others do (/en/datasets/x/)
// (src/i18n/paths.ts). A reader who adds the default language by hand, or a link built by
// another site from the pattern of the other languages (/fr/datasets/x/ on a French portal),
// would otherwise get a 404: it is answered with a permanent redirect to the address without it.

/**
 * Where `/<default>/…` lives: the raw (still percent-encoded) path without the prefix, with the
 * query kept; undefined for any other path. Leading slashes and backslashes after the prefix are
 * collapsed, so `/fr//example.org` never becomes a protocol-relative `//example.org`.
 */
export function defaultLanguageAddress(rawPath: string, query: string, defaultLang: string | undefined): string | undefined {
  if (!defaultLang) return undefined;
  const prefix = `/${defaultLang}`;
  if (rawPath !== prefix && !rawPath.startsWith(`${prefix}/`)) return undefined;
  const rest = rawPath.slice(prefix.length).replace(/^(?:[/\\]|%2f|%5c)+/i, '');
  return `/${rest}${query}`;
}
