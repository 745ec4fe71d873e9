// The one place that knows the portal's addresses. Pages, exports (DCAT, CKAN, Data Package,
// schema.org, feed, sitemap), the search index and the build's file copy all ask here, so an
// address changes in one line and the static files and the links to them cannot drift apart.
//
// Each dataset's folder of addresses has separate namespaces, so no publisher file can ever
// replace a page or a generated file:
//   /datasets/<slug>/                    the page (index.html) and its fixed-name exports
//   /datasets/<slug>/files/<path>        publisher files, byte for byte (data and Table Schemas)
//   /datasets/<slug>/derived/<name>.*    downloads the build derives from a resource
//   /datasets/<slug>/_preview/…          chart data fetched by the chart islands

/** A relative file path as a URL path: each segment percent-encoded, slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const ds = (slug: string) => `/datasets/${encodeURIComponent(slug)}/`;

/** Site-relative addresses (no language prefix: localise page addresses with `ctx.href`). */
export const urls = {
  catalog: () => '/datasets/',
  /** The catalog search narrowed to one sector or publisher, newest first (the listing pages' "all" link). */
  catalogOf: (facet: 'sector' | 'publisher', value: string) => `/datasets/?${new URLSearchParams({ [facet]: value, sort: 'updated' })}`,
  dataset: ds,
  /** A publisher file (data file or Table Schema), as written in dataset.yaml. */
  file: (slug: string, path: string) => `${ds(slug)}files/${encodePath(path)}`,
  /** Prefix under which every publisher file of every dataset is served (for the download rules). */
  filesSegment: 'files',
  /** A download the build derives from resource `name` (unique in its dataset): `rows.json` or `spreadsheet.csv`. */
  derived: (slug: string, name: string, kind: DerivedKind) => `${ds(slug)}derived/${encodeURIComponent(name)}.${kind}`,
  chartGroups: (slug: string, index: number) => `${ds(slug)}_preview/chart-${index}.json`,
  dataPackage: (slug: string) => `${ds(slug)}datapackage.json`,
  datasetJsonLd: (slug: string) => `${ds(slug)}dataset.jsonld`,
  liveRows: (slug: string, format?: 'csv' | 'json') => `/api/datasets/${encodeURIComponent(slug)}/rows${format ? `?format=${format}` : ''}`,
  liveEvents: (slug: string) => `/api/datasets/${encodeURIComponent(slug)}/events`,
  report: (slug: string) => `/report/${encodeURIComponent(slug)}/`,
  reporting: () => '/reporting/',
  /** A live dataset's figures rendered per request: completeness, revision history, the data as of a time. */
  liveFigures: (slug: string) => `/reporting/${encodeURIComponent(slug)}/`,
  liveAudit: (slug: string, format?: 'csv' | 'json') => `/api/datasets/${encodeURIComponent(slug)}/audit${format ? `?format=${format}` : ''}`,
  /** The publishing form (docs/publishing.md). */
  publish: () => '/publish/',
  publisher: (id: string) => `/publishers/${encodeURIComponent(id)}/`,
  sector: (id: string) => `/sectors/${encodeURIComponent(id)}/`,
  dashboards: () => '/dashboards/',
  dashboard: (id: string) => `/dashboards/${encodeURIComponent(id)}/`,
  /** A territory page: the layer code as written in the map layer (leading zeros kept). */
  dashboardTerritory: (id: string, code: string) => `/dashboards/${encodeURIComponent(id)}/${encodeURIComponent(code)}/`,
  /** The map of one indicator (the map's indicator selector links here). */
  dashboardMap: (id: string, indicator: string) => `/dashboards/${encodeURIComponent(id)}/map/${encodeURIComponent(indicator)}/`,
  /**
   * The map of one indicator at another day, rendered on demand (the GET form under the map
   * sends `?day=YYYY-MM-DD` here; the map page itself is the latest day, a static file);
   * `format`: that day's figures per territory as CSV or JSON, or the map as an SVG image.
   */
  dashboardMapDay: (id: string, indicator: string, day?: string, format?: 'csv' | 'json' | 'svg') =>
    `/dashboards/${encodeURIComponent(id)}/map/${encodeURIComponent(indicator)}/day/${day === undefined ? '' : `?day=${encodeURIComponent(day)}${format ? `&format=${format}` : ''}`}`,
  /** The query parameter of `dashboardMapDay`. */
  dashboardMapDayParam: 'day',
  /** Exactly the figures a card shows: every day, for the whole area and every territory. */
  dashboardFigures: (id: string, indicator: string, format: 'csv' | 'json') => `/dashboards/${encodeURIComponent(id)}/figures/${encodeURIComponent(indicator)}.${format}`,
  /** Every figure of one territory, every day of each of its indicators (what its charts show). */
  dashboardTerritoryFigures: (id: string, code: string, format: 'csv' | 'json') => `/dashboards/${encodeURIComponent(id)}/figures/territories/${encodeURIComponent(code)}.${format}`,
  dashboardChart: (id: string, indicator: string) => `/dashboards/${encodeURIComponent(id)}/figures/${encodeURIComponent(indicator)}.svg`,
  /** A minimal page of one key figure, for an iframe. */
  dashboardEmbed: (id: string, indicator: string) => `/embed/dashboards/${encodeURIComponent(id)}/${encodeURIComponent(indicator)}/`,
  dashboardApi: (id: string) => `/api/dashboards/${encodeURIComponent(id)}`,
  /** The portal's logo (theme.logo), under the name the build copies it to. */
  themeLogo: (file: string) => `/assets/logo${extension(file)}`,
  publisherLogo: (id: string, file: string) => `/assets/publishers/${encodeURIComponent(id)}${extension(file)}`,
} as const;

/** ".svg" from "logos/x.svg"; only letters and digits are kept, so a name cannot add path segments. */
function extension(file: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(file);
  return m ? `.${m[1]!.toLowerCase()}` : '';
}

export type DerivedKind = 'rows.json' | 'spreadsheet.csv';

/** The file name a derived download gets (inside /datasets/<slug>/derived/). */
export function derivedFileName(resourceName: string, kind: DerivedKind): string {
  return `${resourceName}.${kind}`;
}

/** An absolute address from the portal's baseUrl and a site-relative one. */
export function absolute(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
