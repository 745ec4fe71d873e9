// Open standards, end to end: build the fixture portal once, serve it with the real
// Node server, fetch every standards URL and check it with the standard's own tools:
// SHACL (DCAT-AP 3.0.1 shapes), a JSON-LD processor offline, the Data Package JSON
// Schema, the OpenAPI 3.1 schema, and an XML parser for Atom and the sitemap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/portal.ts';
import { expand, jsonLdToQuads, parseTurtle, tripleSet, validateShacl } from '../helpers/rdf.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'portal-valid');
const SLUGS = ['cantines', 'gares', 'lits-reanimation'];
let dist = '';
let server: RunningServer;
let openapi: Record<string, any>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

beforeAll(async () => {
  dist = inject('fixtureDist');
  server = await startServer(dist);
  openapi = await (await fetch(`${server.url}/api/openapi.json`)).json();
  ajv.addSchema(openapi, 'openapi');
});

afterAll(async () => {
  await server?.stop();
});

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Check an API answer against the response schema the OpenAPI document gives for it. */
async function checkedApi(path: string, expectedStatus: number) {
  const res = await get(path);
  expect(res.status, res.text).toBe(expectedStatus);
  const route = new URL(path, server.url).pathname;
  const operation = openapi.paths[route]?.get;
  expect(operation, `${route} is in the OpenAPI document`).toBeDefined();
  expect(operation.responses[String(expectedStatus)], `${route} documents ${expectedStatus}`).toBeDefined();
  const validate = ajv.getSchema(`openapi#/${pointer('paths', route, 'get', 'responses', String(expectedStatus), 'content', 'application/json', 'schema')}`)!;
  const body = JSON.parse(res.text);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  return body;
}

describe('DCAT-AP 3.0.1', () => {
  it('/catalog.jsonld conforms to the official SHACL shapes, and its Turtle twin is the same graph', async () => {
    const jsonldRes = await get('/catalog.jsonld');
    expect(jsonldRes.status).toBe(200);
    expect(jsonldRes.type).toContain('application/ld+json');
    const doc = JSON.parse(jsonldRes.text);
    // Expanded by a JSON-LD processor whose document loader refuses to go online.
    const expanded = await expand(doc);
    expect(expanded.length).toBeGreaterThan(10);
    const quads = await jsonLdToQuads(doc);
    const ttl = await get('/catalog.ttl');
    expect(ttl.type).toContain('text/turtle');
    expect(tripleSet(parseTurtle(ttl.text))).toEqual(tripleSet(quads));

    const core = await validateShacl(quads, ['dcat-ap-SHACL.ttl', 'ranges.ttl']);
    expect(core.results).toEqual([]);
    expect(core.conforms).toBe(true);
    // Recommended properties: only what the content itself lacks (no keywords or period on two
    // datasets, no publisher type, no bounding box of a place) may be missing.
    const recommended = await validateShacl(quads, ['shapes_recommended.ttl']);
    const missing = new Set(recommended.results.map((r) => r.path.replace(/.*[/#]/, '')));
    expect([...missing].sort()).toEqual(['bbox', 'centroid', 'keyword', 'temporal', 'type']);
    // EU controlled vocabularies: no violation except the shapes' https:// pattern for the
    // SPDX checksum algorithm, whose published IRI is http://spdx.org/rdf/terms#checksumAlgorithm_sha256.
    const mdr = await validateShacl(quads, ['mdr-vocabularies.shape.ttl']);
    const violations = mdr.results.filter((r) => r.severity === 'Violation' && !r.message.includes('ChecksumAlgorithmRestriction'));
    expect(violations).toEqual([]);
  }, 60_000);

  it('maps sector, frequency, format and licence to the EU vocabularies, with checksum, size and Table Schema', async () => {
    const doc = JSON.parse((await get('/datasets/lits-reanimation/dataset.jsonld')).text);
    const node = (id: string) => doc['@graph'].find((n: any) => n['@id'] === id);
    const ds = node('https://test.example.org/datasets/lits-reanimation/#dataset');
    expect(ds['@type']).toBe('dcat:Dataset');
    expect(ds['dcat:theme']).toEqual({ '@id': 'http://publications.europa.eu/resource/authority/data-theme/HEAL' });
    expect(ds['dct:accrualPeriodicity']).toEqual({ '@id': 'http://publications.europa.eu/resource/authority/frequency/DAILY' });
    expect(ds['dct:publisher']).toEqual({ '@id': 'https://test.example.org/publishers/hopital-test/#agent' });
    const dists = [ds['dcat:distribution']].flat().map((d: any) => node(d['@id']));
    // The published file, then the formats derived from it (registry: src/standards/registry.ts).
    expect(dists.map((d: any) => d['dcat:downloadURL']['@id'])).toEqual([
      'https://test.example.org/datasets/lits-reanimation/files/lits.csv',
      'https://test.example.org/datasets/lits-reanimation/derived/lits.spreadsheet.csv',
      'https://test.example.org/datasets/lits-reanimation/derived/lits.rows.json',
    ]);
    const dist = dists[0];
    expect(dist['dct:format']).toEqual({ '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' });
    expect(dist['dcat:mediaType']).toEqual({ '@id': 'https://www.iana.org/assignments/media-types/text/csv' });
    expect(dist['dct:license']).toEqual({ '@id': 'http://spdx.org/licenses/etalab-2.0' });
    expect(dist['dct:conformsTo']).toEqual({ '@id': 'https://test.example.org/datasets/lits-reanimation/files/lits.schema.json' });
    const bytes = readFileSync(join(FIXTURE, 'datasets/lits-reanimation/lits.csv'));
    expect(dist['dcat:byteSize']['@value']).toBe(String(bytes.length));
    const { createHash } = await import('node:crypto');
    expect(node(dist['spdx:checksum']['@id'])['spdx:checksumValue']['@value']).toBe(createHash('sha256').update(bytes).digest('hex'));
    const cantines = JSON.parse((await get('/datasets/cantines/dataset.jsonld')).text)['@graph'];
    expect(cantines.some((n: any) => n['@id'] === 'http://publications.europa.eu/resource/authority/licence/ODC_ODBL')).toBe(true);
  });
});

describe('schema.org Dataset on the dataset page', () => {
  it('has the properties search engines require, in the page language', async () => {
    for (const [path, lang, org] of [
      ['/datasets/lits-reanimation/', 'fr', 'Hôpital de test'],
      ['/en/datasets/lits-reanimation/', 'en', 'Test hospital'],
    ] as const) {
      const html = (await get(path)).text;
      const scripts = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
      expect(scripts).toHaveLength(1);
      const data = JSON.parse(scripts[0]![1]!);
      expect(data).toMatchObject({
        '@context': 'https://schema.org/',
        '@type': 'Dataset',
        url: `https://test.example.org${path}`,
        inLanguage: lang,
        dateModified: '2020-11-15',
        temporalCoverage: '2020-11-01/2020-11-03',
      });
      expect(data.description.length).toBeGreaterThanOrEqual(50);
      expect(data.license).toBe('https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
      expect(data.creator).toMatchObject({ '@type': 'Organization', name: org });
      expect(data.distribution[0]).toMatchObject({ '@type': 'DataDownload', contentUrl: 'https://test.example.org/datasets/lits-reanimation/files/lits.csv', encodingFormat: 'text/csv' });
      expect(data.variableMeasured.map((v: any) => v.name)).toContain('lits_occupes');
      expect(data.keywords).toEqual(['covid-19', 'hôpital', 'réanimation']);
      expect(html).toContain('href="/datasets/lits-reanimation/datapackage.json"');
      expect(html).toContain('href="/datasets/lits-reanimation/dataset.jsonld"');
      expect(html).toContain('<link rel="alternate" type="application/atom+xml" href="/feed.xml"');
    }
  });
});

describe('Data Package', () => {
  it('every /datasets/<slug>/datapackage.json is valid against the Data Package JSON Schema', async () => {
    const dpAjv = new Ajv({ strict: false, allErrors: true });
    addFormats(dpAjv);
    const validate = dpAjv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'datapackage', 'data-package.schema.json'), 'utf8')));
    for (const slug of SLUGS) {
      const res = await get(`/datasets/${slug}/datapackage.json`);
      expect(res.status).toBe(200);
      const pkg = JSON.parse(res.text);
      expect(validate(pkg), `${slug}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(pkg.name).toBe(slug);
      for (const r of pkg.resources) expect((await fetch(r.path.replace('https://test.example.org', server.url))).status).toBe(200);
    }
    const lits = JSON.parse((await get('/datasets/lits-reanimation/datapackage.json')).text);
    expect(lits.profile).toBe('tabular-data-package');
    expect(lits.licenses).toEqual([{ name: 'etalab-2.0', path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/', title: 'Licence Ouverte / Open Licence 2.0' }]);
    expect(lits.resources[0]).toMatchObject({ name: 'lits', dialect: { delimiter: ';' }, mediatype: 'text/csv' });
    expect(lits.resources[0].schema.fields.map((f: any) => f.name)).toContain('lits_occupes');
    expect(lits.resources[0].hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('OpenAPI and the CKAN-compatible API', () => {
  it('/api/openapi.json is a valid OpenAPI 3.1 document describing every API', async () => {
    const result = await new Validator().validate(openapi);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(openapi.openapi).toBe('3.1.0');
    for (const path of [
      '/api/search',
      '/api/datasets/{slug}/rows',
      '/api/datasets/{slug}/events',
      '/api/3/action/package_list',
      '/api/3/action/current_package_list_with_resources',
      '/api/3/action/package_show',
      '/api/3/action/package_search',
      '/api/3/action/organization_list',
      '/api/3/action/organization_show',
      '/api/3/action/group_list',
      '/api/3/action/status_show',
    ])
      expect(openapi.paths).toHaveProperty([path]);
  });

  it('/api/search answers match their OpenAPI schemas, hits and errors alike', async () => {
    const found = await checkedApi('/api/search?q=reanimaton&sector=health', 200);
    expect(found.hits[0].slug).toBe('lits-reanimation');
    const refused = await checkedApi('/api/search?hitsPerPage=500', 400);
    expect(refused.error.code).toBe('invalid_parameter');
  });

  it('package_search text queries go through the search backend (typos, accents)', async () => {
    const r = await checkedApi('/api/3/action/package_search?q=reanimaton', 200);
    expect(r.result.results.map((p: any) => p.name)).toEqual(['lits-reanimation']);
  });

  it('package_list, package_show, organization and group actions answer in CKAN shapes', async () => {
    expect((await checkedApi('/api/3/action/package_list', 200)).result).toEqual(SLUGS);
    const show = await checkedApi('/api/3/action/package_show?id=lits-reanimation', 200);
    expect(show.help).toBe('https://test.example.org/api/3/action/help_show?name=package_show');
    expect(show.result).toMatchObject({
      name: 'lits-reanimation',
      title: 'Lits de réanimation',
      license_id: 'etalab-2.0',
      metadata_modified: '2020-11-15T00:00:00',
      organization: { name: 'hopital-test', is_organization: true },
      groups: [{ name: 'health' }],
    });
    expect(show.result.tags.map((t: any) => t.name)).toEqual(['covid-19', 'hôpital', 'réanimation']);
    expect(show.result.resources[0]).toMatchObject({ url: 'https://test.example.org/datasets/lits-reanimation/files/lits.csv', format: 'CSV', name: 'Lits par jour' });
    expect(show.result.resources[0].hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(show.result.extras).toContainEqual({ key: 'frequency', value: 'daily' });
    expect((await checkedApi('/api/3/action/organization_list', 200)).result).toEqual(['hopital-test', 'mairie-test']);
    expect((await checkedApi('/api/3/action/organization_show?id=mairie-test&include_datasets=true', 200)).result.packages).toHaveLength(2);
    expect((await checkedApi('/api/3/action/group_list', 200)).result).toContain('health');
    expect((await checkedApi('/api/3/action/status_show', 200)).result.ckan_version).toMatch(/^2\./);
  });

  it('current_package_list_with_resources: whole packages, the most recently modified first, paged as CKAN pages it', async () => {
    const all = (await checkedApi('/api/3/action/current_package_list_with_resources?limit=1000', 200)).result as any[];
    expect(all.map((p) => p.name).sort()).toEqual([...SLUGS].sort());
    const modified = all.map((p) => p.metadata_modified as string);
    expect(modified).toEqual([...modified].sort().reverse());
    // The same package as package_show gives, resources included.
    const show = await checkedApi(`/api/3/action/package_show?id=${all[0].name}`, 200);
    expect(all[0]).toEqual(show.result);
    expect(all.some((p) => p.resources.length > 0)).toBe(true);
    // 10 by default, as CKAN; offset, or page when no offset is given.
    expect((await checkedApi('/api/3/action/current_package_list_with_resources', 200)).result).toHaveLength(Math.min(10, SLUGS.length));
    const second = (await checkedApi('/api/3/action/current_package_list_with_resources?limit=1&page=2', 200)).result as any[];
    expect(second.map((p) => p.name)).toEqual([all[1].name]);
    expect(((await checkedApi('/api/3/action/current_package_list_with_resources?limit=2&offset=1', 200)).result as any[]).map((p) => p.name)).toEqual([all[1].name, all[2].name]);
    expect((await checkedApi('/api/3/action/current_package_list_with_resources?limit=many', 409)).error).toEqual({ __type: 'Validation Error', limit: ['Invalid integer'] });
  });

  it('package_search: q, fq on groups, organization, tags, res_format, license_id, rows, start, sort, facets', async () => {
    const search = async (qs: string) => (await checkedApi(`/api/3/action/package_search?${qs}`, 200)).result;
    expect((await search('')).count).toBe(3);
    expect((await search('q=reanimation')).results.map((p: any) => p.name)).toEqual(['lits-reanimation']);
    expect((await search('fq=groups:transport')).results.map((p: any) => p.name)).toEqual(['gares']);
    expect((await search('fq=organization:mairie-test+res_format:CSV')).results.map((p: any) => p.name)).toEqual(['cantines']);
    expect((await search('fq=tags:"covid-19"')).count).toBe(1);
    expect((await search('fq=license_id:CC-BY-4.0')).results.map((p: any) => p.name)).toEqual(['gares']);
    // Every table also offers CSV and JSON derived at build; only the JSON-only dataset lacks CSV.
    expect((await search('fq=-res_format:CSV')).count).toBe(1);
    expect((await search('fq=metadata_modified:[2020-01-01T00:00:00Z TO *]')).count).toBe(2);
    const page = await search('sort=name+asc&rows=1&start=1');
    expect(page.count).toBe(3);
    expect(page.results.map((p: any) => p.name)).toEqual(['gares']);
    expect((await search('sort=metadata_modified+desc')).results.map((p: any) => p.name)).toEqual(['cantines', 'lits-reanimation', 'gares']);
    const facets = await search('facet.field=["organization","res_format"]');
    expect(facets.facets.organization).toEqual({ 'mairie-test': 2, 'hopital-test': 1 });
    expect(facets.search_facets.res_format.items).toContainEqual({ name: 'CSV', display_name: 'CSV', count: 2 });
  });

  it('errors use CKAN’s envelope, error object and status codes', async () => {
    expect((await checkedApi('/api/3/action/package_show?id=nope', 404)).error).toEqual({ __type: 'Not Found Error', message: 'Not found' });
    expect((await checkedApi('/api/3/action/package_show', 409)).error).toEqual({ __type: 'Validation Error', name_or_id: ['Missing value'] });
    expect((await checkedApi('/api/3/action/package_search?rows=ten', 409)).error).toEqual({ __type: 'Validation Error', rows: ['Invalid integer'] });
    expect((await checkedApi('/api/3/action/package_search?fq=bogus:1', 400)).error.__type).toBe('Search Query Error');
    const unknown = await get('/api/3/action/package_delete');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toBe('Bad request - Action name not known: package_delete');
  });

  it('accepts POSTed JSON parameters, as CKAN clients send them', async () => {
    const res = await fetch(`${server.url}/api/3/action/package_show`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'gares' }) });
    expect(res.status).toBe(200);
    expect((await res.json()).result.name).toBe('gares');
  });
});

describe('feeds, sitemap and robots.txt', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  it('/feed.xml is an Atom feed, newest updates first', async () => {
    const res = await get('/feed.xml');
    // Served as a static file: application/xml by its extension (what feed readers accept).
    expect(res.type).toMatch(/application\/(atom\+)?xml/);
    const { feed } = xml.parse(res.text);
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    for (const key of ['id', 'title', 'updated', 'author', 'link']) expect(feed).toHaveProperty(key);
    expect(feed.updated).toBe('2021-06-30T00:00:00Z');
    const entries = feed.entry as any[];
    expect(entries.map((e) => e.id)).toEqual(['https://test.example.org/datasets/cantines/', 'https://test.example.org/datasets/lits-reanimation/', 'https://test.example.org/datasets/gares/']);
    for (const e of entries) for (const key of ['id', 'title', 'updated', 'author', 'link', 'summary']) expect(e).toHaveProperty(key);
  });

  it('/sitemap.xml lists every page in every language with hreflang alternates', async () => {
    const res = await get('/sitemap.xml');
    const { urlset } = xml.parse(res.text);
    expect(urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls = urlset.url as any[];
    const locs = urls.map((u) => u.loc);
    expect(locs).toContain('https://test.example.org/datasets/lits-reanimation/');
    expect(locs).toContain('https://test.example.org/en/datasets/lits-reanimation/');
    const entry = urls.find((u) => u.loc === 'https://test.example.org/en/datasets/gares/');
    expect(entry.lastmod).toBe('2019-01-01');
    expect(entry['xhtml:link'].map((l: any) => l['@hreflang'])).toEqual(['fr', 'en', 'x-default']);
    for (const loc of locs) expect((await fetch(loc.replace('https://test.example.org', server.url))).status, loc).toBe(200);
  });

  it('/robots.txt names the sitemap', async () => {
    const res = await get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sitemap: https://test.example.org/sitemap.xml');
  });
});
