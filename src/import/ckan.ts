// CKAN API dumps: saved answers of package_search ({result: {results: […]}}), package_show
// ({result: {…}}), or a bare list of packages. Multilingual CKAN (ckanext-fluent) writes
// title_translated / notes_translated; this portal's own CKAN API writes title_<lang> extras.
import { ImportSourceError, UNTAGGED, type SourceDataset } from './types.ts';

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const date = (v: unknown) => str(v)?.slice(0, 10);

function packagesOf(doc: unknown, file: string): Json[] {
  const d = doc as Json;
  if (Array.isArray(doc)) return doc as Json[];
  const result = d?.result as Json | Json[] | undefined;
  if (d && d.success === false) throw new ImportSourceError(file, undefined, `is a CKAN error answer: ${JSON.stringify(d.error)}`);
  if (Array.isArray(result)) return result as Json[];
  if (result && Array.isArray(result.results)) return result.results as Json[];
  if (result && typeof result.name === 'string') return [result];
  throw new ImportSourceError(file, 1, 'is JSON but not a CKAN answer: expected package_search ({"result": {"results": […]}}), package_show ({"result": {…}}) or a list of packages');
}

function localized(pkg: Json, field: 'title' | 'notes', extras: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const translated = pkg[`${field}_translated`];
  if (translated && typeof translated === 'object') for (const [l, v] of Object.entries(translated as Json)) if (str(v)) out[l] = v as string;
  for (const [k, v] of extras) {
    const m = new RegExp(`^${field}_([a-z]{2,3}(?:-[A-Za-z0-9]+)?)$`).exec(k);
    if (m) out[m[1]!] = v;
  }
  const plain = str(pkg[field]);
  if (plain && !Object.values(out).includes(plain)) out[UNTAGGED] = plain;
  return out;
}

export function readCkan(doc: unknown, file: string): SourceDataset[] {
  return packagesOf(doc, file).map((pkg, i) => {
    const name = str(pkg.name) ?? str(pkg.id);
    if (!name) throw new ImportSourceError(file, undefined, `package ${i + 1} has neither name nor id`);
    const extras = new Map(((pkg.extras as Json[] | undefined) ?? []).map((e) => [String(e.key), String(e.value)]));
    const org = pkg.organization as Json | undefined;
    const groups = ((pkg.groups as Json[] | undefined) ?? []).map((g) => str(g.name) ?? str(g.title)).filter((g): g is string => !!g);
    const spatial: Record<string, string> = {};
    for (const [k, v] of extras) {
      const m = /^spatial_text(?:_([a-z]{2,3}))?$/.exec(k);
      if (m) spatial[m[1] ?? UNTAGGED] = v;
    }
    return {
      sourceId: str(pkg.id) ?? name,
      origin: { file },
      name,
      title: localized(pkg, 'title', extras),
      description: localized(pkg, 'notes', extras),
      tags: ((pkg.tags as Json[] | undefined) ?? []).map((t) => str(t.name) ?? str(t.display_name)).filter((t): t is string => !!t),
      license: str(pkg.license_id) ?? str(pkg.license_url) ?? str(pkg.license_title),
      publisher: org ? { id: str(org.name), name: { [UNTAGGED]: str(org.title) ?? str(org.name) ?? '' }, url: undefined } : undefined,
      themes: [...(extras.get('sector') ? [extras.get('sector')!] : []), ...groups, ...(extras.get('theme') ? extras.get('theme')!.split(',') : [])],
      frequency: extras.get('frequency') ?? extras.get('accrual_periodicity') ?? str(pkg.frequency),
      issued: date(extras.get('issued')) ?? date(pkg.metadata_created),
      modified: date(extras.get('modified')) ?? date(pkg.metadata_modified),
      temporal: extras.get('temporal_start') || extras.get('temporal_end') ? { start: extras.get('temporal_start'), end: extras.get('temporal_end') } : undefined,
      spatial: Object.keys(spatial).length ? spatial : undefined,
      landingPage: str(pkg.url) ?? extras.get('uri'),
      contact: str(pkg.maintainer_email) ?? str(pkg.author_email),
      distributions: ((pkg.resources as Json[] | undefined) ?? []).map((r) => ({ title: str(r.name), url: str(r.url), format: str(r.format), description: str(r.description) })),
    };
  });
}
