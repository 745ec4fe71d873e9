// DCAT-AP 3.0.1 export of the catalog: one small RDF graph model, written as
// JSON-LD (with an inline context: nothing to fetch) and as Turtle.
// Every node has an IRI (no blank nodes), so both serialisations are the same graph.
// Descriptions are exported as written (Markdown is plain text to a harvester): converting
// 10,000 of them to text would double the export time.
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { baseOf, contactOf, downloadUrl, resourceTitle, texts } from './urls.ts';
import { absolute, urls } from '../lib/urls.ts';
import { previewable } from '../preview/derive.ts';
import { DERIVED_FORMATS } from './derived-formats.ts';
import { countryIri, EU, fileTypeIri, frequencyIri, languageIri, licenceIri, licenceTypeIri, mediaTypeIri, themeOf } from './vocabularies.ts';

export const PREFIXES = {
  adms: 'http://www.w3.org/ns/adms#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcatap: 'http://data.europa.eu/r5r/',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  locn: 'http://www.w3.org/ns/locn#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

type Prefixed = `${keyof typeof PREFIXES}:${string}`;
export type Term = { iri: string } | { value: string; lang?: string; datatype?: Prefixed };
export interface RdfNode {
  id: string;
  types: Prefixed[];
  props: [Prefixed, Term][];
}

/** Nodes by IRI; adding a node twice (a publisher, a theme) merges nothing and keeps the first. */
export class Graph {
  readonly nodes = new Map<string, RdfNode>();
  add(id: string, types: Prefixed[], props: [Prefixed, Term | undefined][]): string {
    if (!this.nodes.has(id)) this.nodes.set(id, { id, types, props: props.filter((p): p is [Prefixed, Term] => p[1] !== undefined) });
    return id;
  }
}

const iri = (value: string): Term => ({ iri: value });
const lit = (value: string, lang?: string): Term => ({ value, lang });
const typed = (value: string, datatype: Prefixed): Term => ({ value, datatype });
const langText = (value: Parameters<typeof texts>[0], languages: readonly string[], pred: Prefixed, plain = false): [Prefixed, Term][] =>
  texts(value, languages).map(([lang, text]) => [pred, lit(plain ? text.trim() : text, lang)]);

const STABLE = 'http://publications.europa.eu/resource/authority/planned-availability/STABLE';

export interface DcatOptions {
  /** SHA-256 per absolute data file path; files without one get no spdx:checksum. */
  checksums?: ReadonlyMap<string, string>;
}

export function catalogUri(base: string): string {
  return `${base}/catalog.jsonld#catalog`;
}
export function datasetUri(base: string, slug: string): string {
  return `${absolute(base, urls.dataset(slug))}#dataset`;
}

function concept(g: Graph, id: string, scheme: string, schemeTitle: string, label: string | undefined, types: Prefixed[] = []): string {
  g.add(scheme, ['skos:ConceptScheme'], [['dct:title', lit(schemeTitle, 'en')]]);
  return g.add(
    id,
    ['skos:Concept', ...types],
    [
      ['skos:prefLabel', lit(label ?? id.slice(id.lastIndexOf('/') + 1), 'en')],
      ['skos:inScheme', iri(scheme)],
    ],
  );
}

function publisherNode(g: Graph, catalog: Catalog, id: string): string {
  const base = baseOf(catalog);
  const p = catalog.publishers.get(id);
  const { languages } = catalog.portal;
  const uri = `${absolute(base, urls.publisher(id))}#agent`;
  return g.add(
    uri,
    ['foaf:Agent'],
    [
      ...(p ? langText(p.name, languages, 'foaf:name') : [['foaf:name', lit(id)] as [Prefixed, Term]]),
      ['foaf:homepage', p?.url ? iri(p.url) : undefined],
      ['foaf:mbox', p?.email ? iri(`mailto:${p.email}`) : undefined],
    ],
  );
}

function languageNodes(g: Graph, languages: readonly string[]): string[] {
  return languages.flatMap((tag) => {
    const uri = languageIri(tag);
    if (!uri) return [];
    return [concept(g, uri, EU.language, 'Language', tag, ['dct:LinguisticSystem'])];
  });
}

/** Add one dataset, its distributions and everything they point to. */
export function addDataset(g: Graph, catalog: Catalog, ds: LoadedDataset, options: DcatOptions = {}): string {
  const base = baseOf(catalog);
  const { languages } = catalog.portal;
  const cfg = ds.config;
  const page = absolute(base, urls.dataset(ds.slug));
  const uri = datasetUri(base, ds.slug);
  const theme = themeOf(cfg.sector);
  const themeId = theme ? concept(g, theme.iri, EU.theme, 'Data theme', theme.label) : undefined;
  const freq = frequencyIri(cfg.frequency);
  g.add(
    freq,
    ['dct:Frequency', 'skos:Concept'],
    [
      ['skos:prefLabel', lit(freq.slice(freq.lastIndexOf('/') + 1), 'en')],
      ['skos:inScheme', iri(EU.frequency)],
    ],
  );
  g.add(EU.frequency, ['skos:ConceptScheme'], [['dct:title', lit('Frequency', 'en')]]);
  g.add(page, ['foaf:Document'], []);
  const contact = contactOf(catalog, ds);
  const contactId = contact ? `${page}#contact` : undefined;
  if (contactId && contact) {
    g.add(
      contactId,
      ['vcard:Kind'],
      [
        ['vcard:fn', lit(catalog.publishers.get(cfg.publisher) ? textOf(catalog.publishers.get(cfg.publisher)!.name, catalog.portal.defaultLanguage) : contact)],
        ['vcard:hasEmail', iri(`mailto:${contact}`)],
      ],
    );
  }
  const temporalId = cfg.temporal && (cfg.temporal.start || cfg.temporal.end) ? `${page}#temporal` : undefined;
  if (temporalId) {
    g.add(
      temporalId,
      ['dct:PeriodOfTime'],
      [
        ['dcat:startDate', cfg.temporal?.start ? typed(cfg.temporal.start, 'xsd:date') : undefined],
        ['dcat:endDate', cfg.temporal?.end ? typed(cfg.temporal.end, 'xsd:date') : undefined],
      ],
    );
  }
  // A dataset without `spatial:` covers the portal's country.
  const country = countryIri(catalog.portal.country);
  const spatialId = cfg.spatial ? `${page}#spatial` : country;
  if (cfg.spatial) g.add(`${page}#spatial`, ['dct:Location'], langText(cfg.spatial, languages, 'skos:prefLabel'));
  else if (country) concept(g, country, EU.country, 'Country', catalog.portal.country, ['dct:Location']);
  const license = licenceIri(ds.license);
  const licenceType = licenceTypeIri(ds.license);
  if (licenceType) concept(g, licenceType, 'http://purl.org/adms/licencetype/1.0', 'Licence type', licenceType.slice(licenceType.lastIndexOf('/') + 1));
  g.add(
    license,
    ['dct:LicenseDocument'],
    [
      ['dct:title', ds.license.title ? lit(ds.license.title) : undefined],
      ['dct:type', licenceType ? iri(licenceType) : undefined],
    ],
  );

  const distributions: string[] = [];
  for (const r of ds.resources) {
    const id = `${page}#distribution-${encodeURIComponent(r.name)}`;
    const url = downloadUrl(base, ds.slug, r);
    const fileType = fileTypeIri(r.format);
    if (fileType) concept(g, fileType, EU.fileType, 'File type', fileType.slice(fileType.lastIndexOf('/') + 1), ['dct:MediaTypeOrExtent']);
    const mediaType = mediaTypeIri(r.mediaType);
    g.add(mediaType, ['dct:MediaType'], []);
    const sha = options.checksums?.get(r.absPath);
    const checksumId = sha ? `${id}-checksum` : undefined;
    if (checksumId && sha) {
      g.add(`${PREFIXES.spdx}checksumAlgorithm_sha256`, ['spdx:ChecksumAlgorithm'], []);
      g.add(
        checksumId,
        ['spdx:Checksum'],
        [
          ['spdx:algorithm', iri(`${PREFIXES.spdx}checksumAlgorithm_sha256`)],
          ['spdx:checksumValue', typed(sha, 'xsd:hexBinary')],
        ],
      );
    }
    const schemaUrl = r.schemaPath ? absolute(base, urls.file(ds.slug, r.schemaPath)) : undefined;
    if (schemaUrl) g.add(schemaUrl, ['dct:Standard'], [['dct:title', lit(`Table Schema of ${r.name}`, 'en')]]);
    const description = texts(r.description, languages);
    distributions.push(
      g.add(
        id,
        ['dcat:Distribution'],
        [
          ...langText(r.title ?? r.name, languages, 'dct:title'),
          ...(description.length
            ? description.map(([lang, text]): [Prefixed, Term] => ['dct:description', lit(text.trim(), lang)])
            : [
                ['dct:description', lit(`${r.format.toUpperCase()} file ${r.url ?? r.path} of the dataset “${resourceTitle(catalog, r)}”${r.url ? ', hosted elsewhere' : ''}.`, 'en')] as [
                  Prefixed,
                  Term,
                ],
              ]),
          ['dcat:accessURL', iri(url)],
          ['dcat:downloadURL', iri(url)],
          ['dct:format', fileType ? iri(fileType) : undefined],
          ['dcat:mediaType', iri(mediaType)],
          ['dct:license', iri(license)],
          // A link is never fetched: its size is not known.
          ['dcat:byteSize', r.url ? undefined : typed(String(r.bytes), 'xsd:nonNegativeInteger')],
          ['spdx:checksum', checksumId ? iri(checksumId) : undefined],
          ['dct:conformsTo', schemaUrl ? iri(schemaUrl) : undefined],
          ['dct:modified', typed(cfg.updated, 'xsd:date')],
          ['dcatap:availability', iri(STABLE)],
        ],
      ),
    );
  }
  // Earlier versions of a file are not distributions of this dataset (a distribution is the same
  // data in another form; an earlier file is other data): each is a dataset of its own, linked with
  // DCAT 3's dcat:hasVersion (DCAT-AP 3.0, Dataset "has version") and dated with dcat:version,
  // holding one distribution, the earlier file.
  const versions: string[] = [];
  for (const r of ds.resources) {
    for (const v of r.versions ?? []) {
      const id = `${page}#version-${encodeURIComponent(r.name)}-${v.replaced.replace(/[^0-9TZ]/g, '')}`;
      const url = absolute(base, urls.file(ds.slug, v.path));
      const checksumId = v.sha256 ? `${id}-checksum` : undefined;
      if (checksumId && v.sha256) {
        g.add(`${PREFIXES.spdx}checksumAlgorithm_sha256`, ['spdx:ChecksumAlgorithm'], []);
        g.add(
          checksumId,
          ['spdx:Checksum'],
          [
            ['spdx:algorithm', iri(`${PREFIXES.spdx}checksumAlgorithm_sha256`)],
            ['spdx:checksumValue', typed(v.sha256, 'xsd:hexBinary')],
          ],
        );
      }
      const fileType = fileTypeIri(r.format);
      const distribution = g.add(
        `${id}-file`,
        ['dcat:Distribution'],
        [
          ['dct:title', lit(`${r.path} until ${v.replaced}`, 'en')],
          ['dcat:accessURL', iri(url)],
          ['dcat:downloadURL', iri(url)],
          ['dct:format', fileType ? iri(fileType) : undefined],
          ['dcat:mediaType', iri(mediaTypeIri(r.mediaType))],
          ['dct:license', iri(license)],
          ['dcat:byteSize', typed(String(v.bytes), 'xsd:nonNegativeInteger')],
          ['spdx:checksum', checksumId ? iri(checksumId) : undefined],
        ],
      );
      versions.push(
        g.add(
          id,
          ['dcat:Dataset'],
          [
            ...langText(cfg.title, languages, 'dct:title'),
            ['dct:description', lit(`The file ${r.path} of this dataset as it was published until ${v.replaced}, when a new version replaced it.`, 'en')],
            ['dcat:version', lit(v.replaced)],
            ['dct:publisher', iri(publisherNode(g, catalog, cfg.publisher))],
            ['dct:modified', typed(v.replaced, 'xsd:dateTime')],
            ['dcat:landingPage', iri(page)],
            ['dcat:distribution', iri(distribution)],
          ],
        ),
      );
    }
  }
  // The formats derived from each table are distributions of the same data too.
  for (const r of ds.resources.filter(previewable)) {
    for (const f of DERIVED_FORMATS) {
      const id = `${page}#distribution-${encodeURIComponent(r.name)}-${f.kind.replace('.', '-')}`;
      const url = absolute(base, urls.derived(ds.slug, r.name, f.kind));
      const fileType = fileTypeIri(f.format.toLowerCase());
      if (fileType) concept(g, fileType, EU.fileType, 'File type', fileType.slice(fileType.lastIndexOf('/') + 1), ['dct:MediaTypeOrExtent']);
      const mediaType = mediaTypeIri(f.mediaType);
      g.add(mediaType, ['dct:MediaType'], []);
      distributions.push(
        g.add(
          id,
          ['dcat:Distribution'],
          [
            ...langText(r.title ?? r.name, languages, 'dct:title'),
            ['dct:description', lit(`${f.describes}, derived from ${r.path}.`, 'en')],
            ['dcat:accessURL', iri(url)],
            ['dcat:downloadURL', iri(url)],
            ['dct:format', fileType ? iri(fileType) : undefined],
            ['dcat:mediaType', iri(mediaType)],
            ['dct:license', iri(license)],
            ['dct:modified', typed(cfg.updated, 'xsd:date')],
            ['dcatap:availability', iri(STABLE)],
          ],
        ),
      );
    }
  }
  concept(g, STABLE, 'http://publications.europa.eu/resource/authority/planned-availability', 'Planned availability', 'stable');

  return g.add(
    uri,
    ['dcat:Dataset'],
    [
      ...langText(cfg.title, languages, 'dct:title'),
      ...langText(cfg.description, languages, 'dct:description', true),
      ['dct:identifier', lit(uri)],
      ['dct:publisher', iri(publisherNode(g, catalog, cfg.publisher))],
      ['dcat:contactPoint', contactId ? iri(contactId) : undefined],
      ...cfg.tags.map((t): [Prefixed, Term] => ['dcat:keyword', lit(t, catalog.portal.defaultLanguage)]),
      ['dcat:theme', themeId ? iri(themeId) : undefined],
      ['dct:accrualPeriodicity', iri(freq)],
      ['dct:issued', cfg.created ? typed(cfg.created, 'xsd:date') : undefined],
      ['dct:modified', typed(cfg.updated, 'xsd:date')],
      ['dct:temporal', temporalId ? iri(temporalId) : undefined],
      ['dct:spatial', spatialId ? iri(spatialId) : undefined],
      ['dcat:landingPage', iri(page)],
      ...languageNodes(g, languages).map((l): [Prefixed, Term] => ['dct:language', iri(l)]),
      ...distributions.map((d): [Prefixed, Term] => ['dcat:distribution', iri(d)]),
      ...versions.map((v): [Prefixed, Term] => ['dcat:hasVersion', iri(v)]),
    ],
  );
}

function textOf(value: Parameters<typeof texts>[0], lang: string): string {
  return typeof value === 'string' ? value : (value?.[lang] ?? Object.values(value ?? {})[0] ?? '');
}

/**
 * The catalog's own nodes: `head` before the datasets' (the catalog, its home page and publisher,
 * the theme scheme), `tail` after (the country and the languages, when no dataset named them).
 */
function catalogFrame(catalog: Catalog): { head: RdfNode[]; tail: RdfNode[] } {
  const g = new Graph();
  const base = baseOf(catalog);
  const { portal } = catalog;
  const home = `${base}/`;
  g.add(home, ['foaf:Document'], []);
  const agent = g.add(`${base}/#publisher`, ['foaf:Agent'], langText(portal.name, portal.languages, 'foaf:name'));
  g.add(EU.theme, ['skos:ConceptScheme'], [['dct:title', lit('Data theme', 'en')]]);
  const tail = new Graph();
  const country = countryIri(portal.country);
  if (country) concept(tail, country, EU.country, 'Country', portal.country, ['dct:Location']);
  const issued = catalog.datasets.reduce((min, d) => {
    const first = d.config.created ?? d.config.updated;
    return !min || first < min ? first : min;
  }, '');
  const modified = catalog.datasets.reduce((max, d) => (d.config.updated > max ? d.config.updated : max), '');
  const license = portal.license ? catalog.datasets.find((d) => d.license.id.toLowerCase() === portal.license.toLowerCase())?.license : undefined;
  const props: [Prefixed, Term | undefined][] = [
    ...langText(portal.name, portal.languages, 'dct:title'),
    ...langText(portal.tagline ?? portal.name, portal.languages, 'dct:description'),
    ['dct:publisher', iri(agent)],
    ['foaf:homepage', iri(home)],
    ...languageNodes(tail, portal.languages).map((l): [Prefixed, Term] => ['dct:language', iri(l)]),
    ['dcat:themeTaxonomy', iri(EU.theme)],
    ['dct:spatial', country ? iri(country) : undefined],
    ['dct:issued', issued ? typed(issued, 'xsd:date') : undefined],
    ['dct:modified', modified ? typed(modified, 'xsd:date') : undefined],
    ['dct:license', license ? iri(licenceIri(license)) : undefined],
    ...catalog.datasets.map((d): [Prefixed, Term] => ['dcat:dataset', iri(datasetUri(base, d.slug))]),
  ];
  // The catalog goes first in the output.
  const node: RdfNode = { id: catalogUri(base), types: ['dcat:Catalog'], props: props.filter((p): p is [Prefixed, Term] => p[1] !== undefined) };
  return { head: [node, ...g.nodes.values()], tail: [...tail.nodes.values()] };
}

/**
 * One dataset's nodes, in the order it adds them, as if alone in a graph: what a catalog graph
 * takes from it (the nodes it shares with earlier datasets, a publisher or a theme, are the
 * earlier ones'), and the fragment the whole-catalog exports keep per dataset (fragments.ts).
 */
export function datasetNodes(catalog: Catalog, ds: LoadedDataset, options: DcatOptions = {}): RdfNode[] {
  const g = new Graph();
  addDataset(g, catalog, ds, options);
  return [...g.nodes.values()];
}

/**
 * The catalog's nodes and each dataset's (`datasets`, one list per dataset of the catalog, in its
 * order), each node once: where two lists hold the same IRI, the first is kept, as Graph.add does.
 */
export function catalogNodes<T extends { id: string }>(catalog: Catalog, datasets: Iterable<readonly T[]>, own: (node: RdfNode) => T): T[] {
  const out: T[] = [];
  eachCatalogNode(catalog, datasets, own, (n) => out.push(n));
  return out;
}

/**
 * The same nodes in the same order, each handed to `emit` as soon as it comes: with `datasets` a
 * generator, no more than one dataset's nodes are held at once.
 */
export function eachCatalogNode<T extends { id: string }>(catalog: Catalog, datasets: Iterable<readonly T[]>, own: (node: RdfNode) => T, emit: (node: T) => void): void {
  const { head, tail } = catalogFrame(catalog);
  const seen = new Set<string>();
  const push = (n: T) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    emit(n);
  };
  for (const n of head) push(own(n));
  for (const list of datasets) for (const n of list) push(n);
  for (const n of tail) push(own(n));
}

/** The whole catalog as a DCAT-AP graph. */
export function catalogGraph(catalog: Catalog, options: DcatOptions = {}): Graph {
  const g = new Graph();
  const nodes = catalogNodes(
    catalog,
    catalog.datasets.map((ds) => datasetNodes(catalog, ds, options)),
    (n) => n,
  );
  for (const n of nodes) g.nodes.set(n.id, n);
  return g;
}

/** One dataset's own description (/datasets/<slug>/dataset.jsonld). */
export function datasetGraph(catalog: Catalog, ds: LoadedDataset, options: DcatOptions = {}): Graph {
  const g = new Graph();
  const uri = addDataset(g, catalog, ds, options);
  const first = g.nodes.get(uri)!;
  g.nodes.delete(uri);
  const ordered = new Map<string, RdfNode>([[uri, first], ...g.nodes]);
  g.nodes.clear();
  for (const [k, v] of ordered) g.nodes.set(k, v);
  return g;
}

// ---------- JSON-LD ----------

/** The inline JSON-LD context: prefixes only, so every processor reads it the same way, offline. */
export const JSONLD_CONTEXT = { ...PREFIXES };

function jsonTerm(t: Term): unknown {
  if ('iri' in t) return { '@id': t.iri };
  if (t.lang) return { '@value': t.value, '@language': t.lang };
  if (t.datatype) return { '@value': t.value, '@type': t.datatype };
  return t.value;
}

/** One node as a JSON-LD object. */
export function jsonLdNode(n: RdfNode): Record<string, unknown> {
  const out: Record<string, unknown> = { '@id': n.id };
  if (n.types.length) out['@type'] = n.types.length === 1 ? n.types[0] : n.types;
  for (const [p, o] of n.props) {
    const prev = out[p];
    const v = jsonTerm(o);
    if (prev === undefined) out[p] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[p] = [prev, v];
  }
  return out;
}

export function toJsonLd(g: Graph): object {
  return { '@context': JSONLD_CONTEXT, '@graph': [...g.nodes.values()].map(jsonLdNode) };
}

/**
 * What JSON.stringify(toJsonLd(g)) holds before its nodes' texts (JSON.stringify(jsonLdNode(n)),
 * joined by commas), and after them: catalog.jsonld is written from these (src/standards/fragments.ts).
 */
export const JSONLD_HEAD = () => `{"@context":${JSON.stringify(JSONLD_CONTEXT)},"@graph":[`;
export const JSONLD_TAIL = ']}';

// ---------- Turtle ----------

const escapeString = (s: string) =>
  s.replace(/[\\"\n\r\t\u0000-\u001f]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const escapeIri = (s: string) => s.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function turtleTerm(t: Term): string {
  if ('iri' in t) return `<${escapeIri(t.iri)}>`;
  const s = `"${escapeString(t.value)}"`;
  if (t.lang) return `${s}@${t.lang}`;
  if (t.datatype) return `${s}^^${t.datatype}`;
  return s;
}

/** One node's Turtle block; empty for a node with neither type nor property (Turtle has no such statement). */
export function turtleNode(n: RdfNode): string {
  const lines: string[] = [];
  if (n.types.length) lines.push(`a ${n.types.join(', ')}`);
  const byPred = new Map<string, string[]>();
  for (const [p, o] of n.props) {
    const list = byPred.get(p);
    if (list) list.push(turtleTerm(o));
    else byPred.set(p, [turtleTerm(o)]);
  }
  for (const [p, os] of byPred) lines.push(`${p} ${os.join(',\n        ')}`);
  return lines.length === 0 ? '' : `<${escapeIri(n.id)}>\n    ${lines.join(' ;\n    ')} .\n`;
}

export function toTurtle(g: Graph): string {
  return turtleText([...g.nodes.values()].map(turtleNode));
}

/** toTurtle(g), from each node's block (turtleNode). */
export function turtleText(blocks: readonly string[]): string {
  return TURTLE_HEAD() + blocks.map((b) => (b ? `\n${b}` : '')).join('');
}

/** A Turtle text's prefixes, before its blocks (each non-empty block follows a line break). */
export const TURTLE_HEAD = () =>
  `${Object.entries(PREFIXES)
    .map(([p, ns]) => `@prefix ${p}: <${ns}> .`)
    .join('\n')}\n`;
