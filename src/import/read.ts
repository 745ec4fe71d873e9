// Detects what an import source is (by extension, then by content) and reads it with the right
// reader. A source that is not what it claims is an ImportSourceError naming file and line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { readCkan } from './ckan.ts';
import { parseRdf, readDcat, type RdfSyntax } from './dcat.ts';
import { readJkan } from './jkan.ts';
import { ImportSourceError, type SourceDataset } from './types.ts';

const RDF: Record<string, RdfSyntax> = { '.ttl': 'turtle', '.nt': 'turtle', '.n3': 'turtle', '.rdf': 'rdfxml', '.xml': 'rdfxml', '.owl': 'rdfxml', '.jsonld': 'jsonld' };

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = Number(/position (\d+)/.exec((e as Error).message)?.[1] ?? NaN);
    throw new ImportSourceError(file, Number.isNaN(pos) ? undefined : text.slice(0, pos).split('\n').length, `is not valid JSON: ${(e as Error).message.replace(/ in JSON at position.*$/, '')}`);
  }
}

export async function readSource(path: string): Promise<{ kind: string; datasets: SourceDataset[] }> {
  if (statSync(path).isDirectory()) {
    const mdDir = readdirSync(path).includes('_datasets') ? join(path, '_datasets') : path;
    const md = readdirSync(mdDir)
      .filter((n) => n.endsWith('.md'))
      .sort();
    if (md.length > 0) return { kind: 'JKAN', datasets: md.map((n) => readJkan(readFileSync(join(mdDir, n), 'utf8'), join(mdDir, n))) };
    const json = readdirSync(path)
      .filter((n) => n.endsWith('.json'))
      .sort();
    if (json.length === 0) throw new ImportSourceError(path, undefined, 'holds neither JKAN _datasets/*.md files nor CKAN *.json answers');
    return { kind: 'CKAN', datasets: json.flatMap((n) => readCkan(parseJson(readFileSync(join(path, n), 'utf8'), join(path, n)), join(path, n))) };
  }
  const text = readFileSync(path, 'utf8');
  const ext = extname(path).toLowerCase();
  if (ext === '.md') return { kind: 'JKAN', datasets: [readJkan(text, path)] };
  if (RDF[ext]) return { kind: `DCAT (${RDF[ext]})`, datasets: readDcat(await parseRdf(text, RDF[ext]!, path), path) };
  if (ext === '.json') {
    const doc = parseJson(text, path);
    const d = doc as Record<string, unknown>;
    if (d && typeof d === 'object' && ('@context' in d || '@graph' in d)) return { kind: 'DCAT (jsonld)', datasets: readDcat(await parseRdf(text, 'jsonld', path), path) };
    return { kind: 'CKAN', datasets: readCkan(doc, path) };
  }
  throw new ImportSourceError(path, undefined, `unknown kind of source (${ext || 'no extension'}): expected a JKAN folder or .md, CKAN .json, or DCAT .ttl, .nt, .rdf, .xml, .jsonld`);
}
