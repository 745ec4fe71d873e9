// The agreement measure: on real files that come with a published Table Schema, how often is
// the inferred type of a field the published one? Used by the agreement test (a floor) and by
// `npm run bench -- --only inference` (the figure). Pairs are found, not listed, so a new file
// with its schema counts without touching this code.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readTable } from '../tableschema/index.ts';
import { inferFile } from './infer.ts';

export interface PublishedPair {
  csv: string;
  schema: string;
}

export interface FieldVerdict {
  name: string;
  published: string;
  inferred: string;
}

export interface FileAgreement extends PublishedPair {
  /** Published fields found in the file. */
  fields: number;
  agreeing: number;
  /** Of them, those with at least one value (an empty column gives no evidence of its type). */
  withData: number;
  agreeingWithData: number;
  /** Fields whose type differs, for the report. */
  differences: FieldVerdict[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function schemaFields(path: string): { name: string; type: string }[] | undefined {
  try {
    const d = JSON.parse(readFileSync(path, 'utf8')) as { fields?: unknown };
    if (!Array.isArray(d.fields)) return undefined;
    return d.fields.filter((f): f is { name: string; type?: string } => typeof f?.name === 'string').map((f) => ({ name: f.name, type: f.type ?? 'string' }));
  } catch {
    return undefined;
  }
}

async function headerOf(csv: string): Promise<string[]> {
  const r = await readTable(csv);
  await r.close();
  return r.header ?? [];
}

/**
 * In a folder of downloaded sources (one sub-folder per source, as ../shared/data): each CSV is
 * paired with the Table Schema of the same source folder that names most of its columns (at
 * least 80 %), wherever the two sit in that folder.
 */
export async function pairsInSources(root: string): Promise<PublishedPair[]> {
  const out: PublishedPair[] = [];
  if (!existsSync(root)) return out;
  for (const source of readdirSync(root).sort()) {
    const dir = join(root, source);
    if (!statSync(dir).isDirectory()) continue;
    const files = walk(dir).sort();
    const schemas = files
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ f, fields: schemaFields(f) }))
      .filter((s) => s.fields);
    for (const csv of files.filter((f) => f.toLowerCase().endsWith('.csv'))) {
      const header = await headerOf(csv);
      let best: { f: string; share: number } | undefined;
      for (const s of schemas) {
        const names = new Set(s.fields!.map((x) => x.name));
        const share = header.filter((h) => names.has(h)).length / Math.max(1, header.length);
        if (share >= 0.8 && (!best || share > best.share)) best = { f: s.f, share };
      }
      if (best) out.push({ csv, schema: best.f });
    }
  }
  return out;
}

/** In a content folder: each resource of a dataset.yaml that names a Table Schema. */
export function pairsInContent(root: string): PublishedPair[] {
  const out: PublishedPair[] = [];
  const datasets = join(root, 'datasets');
  if (!existsSync(datasets)) return out;
  for (const slug of readdirSync(datasets).sort()) {
    const yaml = join(datasets, slug, 'dataset.yaml');
    if (!existsSync(yaml)) continue;
    const d = parseYaml(readFileSync(yaml, 'utf8')) as { resources?: { path?: string; schema?: string }[] };
    for (const r of d.resources ?? []) {
      if (r.path?.toLowerCase().endsWith('.csv') && r.schema) out.push({ csv: join(datasets, slug, r.path), schema: join(datasets, slug, r.schema) });
    }
  }
  return out;
}

/** The same file published in two places (a source and the example portal) is counted once. */
export function dedupe(pairs: PublishedPair[]): PublishedPair[] {
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const h = createHash('sha256').update(readFileSync(p.csv)).digest('hex');
    if (seen.has(h)) return false;
    seen.add(h);
    return true;
  });
}

/** Infer the schema of one file and compare each published field's type with the inferred one. */
export async function agreementOf(pair: PublishedPair): Promise<FileAgreement> {
  const published = schemaFields(pair.schema) ?? [];
  const inference = await inferFile(pair.csv);
  const empty = new Set(inference.emptyColumns);
  const inferred = new Map(inference.schema.fields.map((f) => [f.name, f.type]));
  const verdicts = published.filter((f) => inferred.has(f.name)).map((f) => ({ name: f.name, published: f.type, inferred: inferred.get(f.name)! }));
  const differences = verdicts.filter((v) => v.published !== v.inferred);
  const withData = verdicts.filter((v) => !empty.has(v.name));
  return {
    ...pair,
    fields: verdicts.length,
    agreeing: verdicts.length - differences.length,
    withData: withData.length,
    agreeingWithData: withData.filter((v) => v.published === v.inferred).length,
    differences: differences.map((d) => (empty.has(d.name) ? { ...d, inferred: `${d.inferred} (no value)` } : d)),
  };
}

export interface AgreementReport {
  files: FileAgreement[];
  fields: number;
  agreeing: number;
  withData: number;
  agreeingWithData: number;
  /** agreeingWithData / withData: the figure the target applies to. */
  share: number;
  /** agreeing / fields: empty columns included. */
  shareAll: number;
}

/** The measure over every pair found in the given source folders and content folders. */
export async function measureAgreement(opts: { sources?: string[]; contents?: string[] }): Promise<AgreementReport> {
  const pairs: PublishedPair[] = [];
  for (const s of opts.sources ?? []) pairs.push(...(await pairsInSources(s)));
  for (const c of opts.contents ?? []) pairs.push(...pairsInContent(c));
  const files: FileAgreement[] = [];
  for (const p of dedupe(pairs)) files.push(await agreementOf(p));
  const fields = files.reduce((n, f) => n + f.fields, 0);
  const agreeing = files.reduce((n, f) => n + f.agreeing, 0);
  const withData = files.reduce((n, f) => n + f.withData, 0);
  const agreeingWithData = files.reduce((n, f) => n + f.agreeingWithData, 0);
  return { files, fields, agreeing, withData, agreeingWithData, share: withData ? agreeingWithData / withData : NaN, shareAll: fields ? agreeing / fields : NaN };
}

/** One line per file with its figures and each disagreement, then the overall line. */
export function formatAgreement(report: AgreementReport, base: string): string[] {
  const pct = (a: number, n: number): string => `${n ? Math.round((100 * a) / n) : 0} %`;
  const lines = report.files.map((f) => {
    const empty = f.fields - f.withData;
    const diffs = [
      ...f.differences.filter((d) => !d.inferred.endsWith('(no value)')).map((d) => `${d.name}: published ${d.published}, inferred ${d.inferred}`),
      ...(empty ? [`${empty} column${empty === 1 ? '' : 's'} without any value`] : []),
    ].join('; ');
    return `${relative(base, f.csv)}: ${f.agreeingWithData}/${f.withData} fields with values (${pct(f.agreeingWithData, f.withData)}), ${f.agreeing}/${f.fields} in all${diffs ? ` — ${diffs}` : ''}`;
  });
  lines.push(
    `overall: ${report.agreeingWithData}/${report.withData} fields with values (${pct(report.agreeingWithData, report.withData)}); ` +
      `${report.agreeing}/${report.fields} fields in all (${pct(report.agreeing, report.fields)}, empty columns typed string) in ${report.files.length} files`,
  );
  return lines;
}
