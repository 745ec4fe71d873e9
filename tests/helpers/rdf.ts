// RDF helpers for the standards tests: parse Turtle / N-Quads with n3, expand and
// convert JSON-LD with the jsonld package (a document loader that never goes online),
// and validate against the DCAT-AP 3.0.1 SHACL shapes copied in tests/fixtures/dcat-ap/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

export const DCAT_AP = join(import.meta.dirname, '..', 'fixtures', 'dcat-ap');

/** Local copies of the contexts a document may name; anything else is refused, never fetched. */
const LOCAL_CONTEXTS: Record<string, string> = {
  'https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld': join(DCAT_AP, 'dcat-ap.jsonld'),
};

export const offlineLoader = async (url: string) => {
  const file = LOCAL_CONTEXTS[url];
  if (!file) throw new Error(`refusing to fetch ${url}: the test runs offline`);
  return { contextUrl: undefined, documentUrl: url, document: JSON.parse(readFileSync(file, 'utf8')) };
};

export function parseTurtle(text: string, baseIRI?: string): Quad[] {
  return new Parser({ baseIRI }).parse(text);
}

export async function jsonLdToQuads(doc: object): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: 'application/n-quads', documentLoader: offlineLoader })) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

export async function expand(doc: object) {
  return jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader: offlineLoader });
}

/** Canonical strings of quads (default graph), for set comparisons. */
export function tripleSet(quads: Quad[]): Set<string> {
  const term = (t: Quad['object']) => (t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`);
  return new Set(quads.map((q) => `${term(q.subject as never)} ${q.predicate.value} ${term(q.object)}`));
}

export interface ShaclResult {
  severity: string;
  focus: string;
  path: string;
  message: string;
  shape: string;
}

export async function validateShacl(data: Quad[], shapeFiles: string[]): Promise<{ conforms: boolean; results: ShaclResult[] }> {
  const shapes = shapeFiles.flatMap((f) => parseTurtle(readFileSync(join(DCAT_AP, f), 'utf8')));
  const validator = new SHACLValidator(shapes as never);
  const report = await validator.validate(validator.factory.dataset(data as never) as never);
  return {
    conforms: report.conforms,
    results: report.results.map((r) => ({
      severity: r.severity?.value.replace(/.*#/, '') ?? '',
      focus: r.focusNode?.value ?? '',
      path: r.path?.value ?? '',
      message: r.message.map((m) => m.value).join('; '),
      shape: r.sourceShape?.value ?? '',
    })),
  };
}
