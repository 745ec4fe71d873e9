// A CKAN-compatible read API (action API v3): the package, organization and group
// dictionaries CKAN clients and harvesters expect, built once at build time into
// dist/portal/ckan.json, and the actions answering from it.
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { markdownToText } from '../lib/markdown.ts';
import { baseOf, contactOf, defaultText, downloadUrl, texts } from './urls.ts';
import { absolute, urls } from '../lib/urls.ts';
import { DERIVED_FORMATS } from './derived-formats.ts';
import { DATASET_EXPORTS } from './registry.ts';
import { buildTime } from '../lib/build-time.ts';
import { previewable } from '../preview/derive.ts';

/** The CKAN version whose API this imitates (reported by status_show). */
export const CKAN_API_VERSION = '2.10.0';

export interface CkanResource {
  id: string;
  package_id: string;
  name: string;
  description: string;
  url: string;
  format: string;
  mimetype: string;
  /** Bytes; null for a derived download (its size is on the dataset page). */
  size: number | null;
  hash: string;
  position: number;
  created: string;
  last_modified: string;
  metadata_modified: string;
  state: 'active';
  url_type: null;
  resource_type: null;
  schema?: string;
}

export interface CkanOrganization {
  id: string;
  name: string;
  title: string;
  display_name: string;
  description: string;
  image_url: string;
  created: string;
  is_organization: true;
  approval_status: 'approved';
  state: 'active';
  type: 'organization';
  package_count: number;
}

export interface CkanGroup extends Omit<CkanOrganization, 'is_organization' | 'type'> {
  is_organization: false;
  type: 'group';
}

export interface CkanPackage {
  id: string;
  name: string;
  title: string;
  notes: string;
  url: string;
  type: 'dataset';
  state: 'active';
  private: false;
  isopen: boolean;
  version: null;
  author: string | null;
  author_email: string | null;
  maintainer: string | null;
  maintainer_email: string | null;
  license_id: string;
  license_title: string;
  license_url: string;
  metadata_created: string;
  metadata_modified: string;
  owner_org: string;
  organization: Omit<CkanOrganization, 'package_count' | 'display_name'>;
  groups: { id: string; name: string; title: string; display_name: string; description: string; image_display_url: string }[];
  tags: { id: string; name: string; display_name: string; state: 'active'; vocabulary_id: null }[];
  resources: CkanResource[];
  num_resources: number;
  num_tags: number;
  extras: { key: string; value: string }[];
  relationships_as_object: [];
  relationships_as_subject: [];
}

export interface CkanIndex {
  site: { site_title: string; site_description: string; site_url: string; locale_default: string; builtAt: string };
  packages: CkanPackage[];
  organizations: CkanOrganization[];
  groups: CkanGroup[];
}

/** CKAN stamps are ISO 8601 without a zone (UTC). */
const stamp = (date: string) => `${date}T00:00:00`;

/** What every package reads besides its dataset: the site, the organizations and groups (with their counts and first dates). */
export interface CkanFrame {
  site: CkanIndex['site'];
  organizations: CkanOrganization[];
  groups: CkanGroup[];
  orgById: Map<string, CkanOrganization>;
  groupById: Map<string, CkanGroup>;
}

export function ckanFrame(catalog: Catalog, builtAt = buildTime()): CkanFrame {
  const base = baseOf(catalog);
  const { portal } = catalog;
  const text = (v: Parameters<typeof defaultText>[1]) => defaultText(catalog, v);
  const sectorTitle = (id: string) => text(portal.sectors.find((s) => s.id === id)?.title) || id[0]!.toUpperCase() + id.slice(1);
  const firstDate = (id: string, key: 'publisher' | 'sector') =>
    catalog.datasets.filter((d) => d.config[key] === id).reduce((m, d) => (!m || (d.config.created ?? d.config.updated) < m ? (d.config.created ?? d.config.updated) : m), '') || builtAt.slice(0, 10);
  const organizations: CkanOrganization[] = [...catalog.publishers.values()].map((p) => ({
    id: p.id,
    name: p.id,
    title: text(p.name),
    display_name: text(p.name),
    description: text(p.description),
    image_url: p.logo ? absolute(base, urls.publisherLogo(p.id, p.logo)) : '',
    created: stamp(firstDate(p.id, 'publisher')),
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    type: 'organization',
    package_count: catalog.datasets.filter((d) => d.config.publisher === p.id).length,
  }));
  const groups: CkanGroup[] = portal.sectors.map((s) => ({
    id: s.id,
    name: s.id,
    title: sectorTitle(s.id),
    display_name: sectorTitle(s.id),
    description: text(s.description),
    image_url: '',
    created: stamp(firstDate(s.id, 'sector')),
    is_organization: false,
    approval_status: 'approved',
    state: 'active',
    type: 'group',
    package_count: catalog.datasets.filter((d) => d.config.sector === s.id).length,
  }));
  return {
    site: { site_title: text(portal.name), site_description: text(portal.tagline), site_url: base, locale_default: portal.defaultLanguage, builtAt },
    organizations,
    groups,
    orgById: new Map(organizations.map((o) => [o.id, o])),
    groupById: new Map(groups.map((g) => [g.id, g])),
  };
}

/**
 * What a package takes from its organization and group: not their package counts, so that a new
 * dataset does not change the packages of the datasets that share its publisher or sector (the
 * build keeps each package by what it reads: src/standards/exports.ts).
 */
export function packageContext(frame: CkanFrame, ds: LoadedDataset): Pick<CkanPackage, 'organization' | 'groups'> {
  const { package_count: _count, display_name: _display, ...organization } = frame.orgById.get(ds.config.publisher)!;
  const group = frame.groupById.get(ds.config.sector);
  return {
    organization,
    groups: group ? [{ id: group.id, name: group.name, title: group.title, display_name: group.display_name, description: group.description, image_display_url: '' }] : [],
  };
}

/** One dataset's CKAN package (package_show's result). */
export function ckanPackage(catalog: Catalog, frame: CkanFrame, ds: LoadedDataset, checksums?: ReadonlyMap<string, string>): CkanPackage {
  const base = baseOf(catalog);
  const { portal } = catalog;
  const lang = portal.defaultLanguage;
  const text = (v: Parameters<typeof defaultText>[1]) => defaultText(catalog, v);
  const cfg = ds.config;
  const { organization, groups } = packageContext(frame, ds);
  const publisher = catalog.publishers.get(cfg.publisher);
  const created = stamp(cfg.created ?? cfg.updated);
  const modified = stamp(cfg.updated);
  const extras: { key: string; value: string }[] = [
    { key: 'sector', value: cfg.sector },
    { key: 'frequency', value: cfg.frequency },
    { key: 'uri', value: `${absolute(base, urls.dataset(ds.slug))}#dataset` },
    ...DATASET_EXPORTS.map((e) => ({ key: e.ckanExtra, value: absolute(base, e.address(ds.slug)) })),
    { key: 'language', value: portal.languages.join(',') },
    ...(cfg.temporal?.start ? [{ key: 'temporal_start', value: cfg.temporal.start }] : []),
    ...(cfg.temporal?.end ? [{ key: 'temporal_end', value: cfg.temporal.end }] : []),
    ...texts(cfg.spatial, portal.languages).map(([l, v]) => ({ key: l === lang ? 'spatial_text' : `spatial_text_${l}`, value: v })),
    ...(cfg.attribution ? [{ key: 'attribution', value: text(cfg.attribution) }] : []),
    ...(cfg.source ? [{ key: 'source', value: cfg.source.url ?? text(cfg.source.title) }] : []),
    ...texts(cfg.title, portal.languages)
      .filter(([l]) => l !== lang)
      .map(([l, v]) => ({ key: `title_${l}`, value: v })),
    ...texts(cfg.description, portal.languages)
      .filter(([l]) => l !== lang)
      .map(([l, v]) => ({ key: `notes_${l}`, value: v })),
  ].sort((a, b) => a.key.localeCompare(b.key));
  // What every resource of the package shares; position is set once the list is complete.
  const common = { package_id: ds.slug, position: 0, created, last_modified: modified, metadata_modified: modified, state: 'active', url_type: null, resource_type: null } as const;
  const resources: CkanResource[] = [
    ...ds.resources.map(
      (r): CkanResource => ({
        ...common,
        id: `${ds.slug}/${r.name}`,
        name: text(r.title) || r.name,
        description: markdownToText(text(r.description)),
        url: downloadUrl(base, ds.slug, r),
        format: r.format.toUpperCase(),
        mimetype: r.mediaType,
        size: r.url ? null : r.bytes,
        hash: checksums?.get(r.absPath) ? `sha256:${checksums.get(r.absPath)}` : '',
        ...(r.schemaPath ? { schema: absolute(base, urls.file(ds.slug, r.schemaPath)) } : {}),
      }),
    ),
    // The formats derived from each table, after the published files.
    ...ds.resources.filter(previewable).flatMap((r) =>
      DERIVED_FORMATS.map(
        (f): CkanResource => ({
          ...common,
          id: `${ds.slug}/${r.name}.${f.kind}`,
          name: `${text(r.title) || r.name} (${f.format})`,
          description: f.describes,
          url: absolute(base, urls.derived(ds.slug, r.name, f.kind)),
          format: f.format,
          mimetype: f.mediaType,
          size: null,
          hash: '',
        }),
      ),
    ),
  ].map((res, position) => ({ ...res, position }));
  return {
    id: ds.slug,
    name: ds.slug,
    title: text(cfg.title),
    notes: text(cfg.description),
    url: absolute(base, urls.dataset(ds.slug)),
    type: 'dataset',
    state: 'active',
    private: false,
    isopen: true,
    version: null,
    author: text(publisher?.name) || null,
    author_email: publisher?.email ?? null,
    maintainer: text(publisher?.name) || null,
    maintainer_email: contactOf(catalog, ds) ?? null,
    license_id: ds.license.id,
    license_title: ds.license.title,
    license_url: ds.license.url,
    metadata_created: created,
    metadata_modified: modified,
    owner_org: organization.id,
    organization,
    groups,
    tags: cfg.tags.map((t) => ({ id: t, name: t, display_name: t, state: 'active', vocabulary_id: null })),
    resources,
    num_resources: resources.length,
    num_tags: cfg.tags.length,
    extras,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

export function ckanIndex(catalog: Catalog, checksums?: ReadonlyMap<string, string>, builtAt = buildTime()): CkanIndex {
  const frame = ckanFrame(catalog, builtAt);
  return { site: frame.site, packages: catalog.datasets.map((ds) => ckanPackage(catalog, frame, ds, checksums)), organizations: frame.organizations, groups: frame.groups };
}

/** JSON.stringify(ckanIndex(…)), from each package's JSON text. */
export function ckanIndexText(frame: CkanFrame, packages: readonly string[]): string {
  const [head, tail] = ckanIndexEnds(frame);
  return `${head}${packages.join(',')}${tail}`;
}

/** What comes before the packages (joined by commas) in ckan.json, and after them. */
export function ckanIndexEnds(frame: CkanFrame): [string, string] {
  return [`{"site":${JSON.stringify(frame.site)},"packages":[`, `],"organizations":${JSON.stringify(frame.organizations)},"groups":${JSON.stringify(frame.groups)}}`];
}
