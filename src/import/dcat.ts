// DCAT and DCAT-AP catalogs in Turtle (n3), RDF/XML (rdfxml-streaming-parser) and JSON-LD
// (jsonld-streaming-parser), read into one n3 Store and walked from each dcat:Dataset. A remote
// JSON-LD @context is read from a file of the same name beside the source: import needs no network.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { DataFactory, Parser, Store, type Quad, type Term } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { ImportSourceError, UNTAGGED, type SourceDataset } from './types.ts';

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  schema: 'http://schema.org/',
};
const { namedNode } = DataFactory;

export type RdfSyntax = 'turtle' | 'rdfxml' | 'jsonld';

async function streamInto(parser: NodeJS.ReadWriteStream, text: string, file: string, store: Store): Promise<void> {
  await new Promise<void>((done, fail) => {
    parser.on('data', (q: Quad) => store.addQuad(q));
    parser.on('error', (e: Error & { line?: number }) => {
      const line = e.line ?? Number(/[Ll]ine[: ]+(\d+)/.exec(e.message)?.[1] ?? NaN);
      fail(new ImportSourceError(file, Number.isNaN(line) ? undefined : line, `malformed RDF: ${e.message.split('\n')[0]}`));
    });
    parser.on('end', () => done());
    parser.write(text);
    parser.end();
  });
}

export async function parseRdf(text: string, syntax: RdfSyntax, file: string): Promise<Store> {
  const store = new Store();
  const baseIRI = `file://${file}`;
  if (syntax === 'turtle') {
    try {
      store.addQuads(new Parser({ baseIRI }).parse(text));
    } catch (e) {
      const line = (e as { context?: { line?: number } }).context?.line;
      throw new ImportSourceError(file, line, `malformed Turtle: ${(e as Error).message.replace(/ on line \d+\.?/, '')}`);
    }
  } else if (syntax === 'rdfxml') {
    await streamInto(new RdfXmlParser({ baseIRI, trackPosition: true }) as unknown as NodeJS.ReadWriteStream, text, file, store);
  } else {
    const documentLoader = {
      async load(url: string) {
        const local = join(dirname(file), basename(new URL(url, baseIRI).pathname));
        if (!existsSync(local)) throw new Error(`the JSON-LD context ${url} is not available offline: save it as ${local}`);
        return JSON.parse(readFileSync(local, 'utf8'));
      },
    };
    await streamInto(new JsonLdParser({ baseIRI, documentLoader }) as unknown as NodeJS.ReadWriteStream, text, file, store);
  }
  return store;
}

const iri = (t: Term | undefined) => (t?.termType === 'NamedNode' ? t.value : undefined);

export function readDcat(store: Store, file: string): SourceDataset[] {
  const objects = (s: Term, p: string) => store.getObjects(s, namedNode(p), null);
  const one = (s: Term, p: string) => objects(s, p)[0];
  const texts = (s: Term, p: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const o of objects(s, p)) if (o.termType === 'Literal') out[(o as { language: string }).language || UNTAGGED] ??= o.value;
    return out;
  };
  const literal = (s: Term, p: string) => {
    const o = one(s, p);
    return o?.termType === 'Literal' ? o.value : undefined;
  };
  const datasets = store.getSubjects(namedNode(`${NS.rdf}type`), namedNode(`${NS.dcat}Dataset`), null);
  return datasets.map((ds) => {
    const publisherNode = one(ds, `${NS.dct}publisher`);
    const temporal = one(ds, `${NS.dct}temporal`);
    const contact = one(ds, `${NS.dcat}contactPoint`);
    const email = contact && iri(one(contact, `${NS.vcard}hasEmail`))?.replace(/^mailto:/, '');
    const distributions = objects(ds, `${NS.dcat}distribution`).map((d) => ({
      title: Object.values(texts(d, `${NS.dct}title`))[0],
      url: iri(one(d, `${NS.dcat}downloadURL`)) ?? iri(one(d, `${NS.dcat}accessURL`)),
      format:
        iri(one(d, `${NS.dct}format`))
          ?.split('/')
          .pop() ??
        iri(one(d, `${NS.dcat}mediaType`))
          ?.split('/')
          .pop() ??
        literal(d, `${NS.dct}format`),
      license: iri(one(d, `${NS.dct}license`)),
    }));
    // DCAT-AP puts the licence on distributions; a dataset-level one (DCAT 3) wins.
    const license = iri(one(ds, `${NS.dct}license`)) ?? distributions.find((d) => d.license)?.license;
    const id = ds.value;
    const name =
      /\/datasets\/([a-z0-9-]+)\/?#dataset$/.exec(id)?.[1] ??
      (ds.termType === 'NamedNode'
        ? id
            .replace(/[#/]+$/, '')
            .split(/[/#]/)
            .pop()
        : undefined);
    return {
      sourceId: id,
      origin: { file },
      name,
      title: texts(ds, `${NS.dct}title`),
      description: texts(ds, `${NS.dct}description`),
      tags: [...new Set(objects(ds, `${NS.dcat}keyword`).map((k) => k.value))],
      license,
      publisher: publisherNode
        ? { id: publisherNode.termType === 'NamedNode' ? publisherNode.value.replace(/#.*$/, '').replace(/\/+$/, '').split('/').pop() : undefined, name: texts(publisherNode, `${NS.foaf}name`) }
        : undefined,
      themes: objects(ds, `${NS.dcat}theme`).map((t) => t.value),
      frequency: iri(one(ds, `${NS.dct}accrualPeriodicity`)),
      issued: literal(ds, `${NS.dct}issued`)?.slice(0, 10),
      modified: literal(ds, `${NS.dct}modified`)?.slice(0, 10),
      temporal: temporal
        ? {
            start: (literal(temporal, `${NS.dcat}startDate`) ?? literal(temporal, `${NS.schema}startDate`))?.slice(0, 10),
            end: (literal(temporal, `${NS.dcat}endDate`) ?? literal(temporal, `${NS.schema}endDate`))?.slice(0, 10),
          }
        : undefined,
      landingPage: iri(one(ds, `${NS.dcat}landingPage`)),
      contact: email,
      distributions: distributions.map(({ license: _l, ...d }) => d),
    };
  });
}
