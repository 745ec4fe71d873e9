// Writes imported datasets into a content folder. Each dataset.yaml starts with an
// "# imported-from: <source id>" line: a re-import finds it and updates that folder instead of
// adding a second one. Files are referenced by URL and stay links (no network, nothing
// downloaded): each distribution becomes a `url:` resource, listed on the page and in the
// exports as a file hosted elsewhere (docs/new-country.md). Every dataset is
// written to a staging folder, checked with the dataset zod schema, then renamed into place, so
// an error never leaves a half-written dataset.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { datasetSchema } from '../config/dataset.ts';
import { isoDate, linkUrl } from '../config/localized.ts';
import { portalSchema, type PortalConfig } from '../config/portal.ts';
import { mapFormat, mapFrequency, mapLicense, mapSector, slugify } from './mapping.ts';
import { UNTAGGED, type SourceDataset } from './types.ts';

export interface ImportEntry {
  status: 'imported' | 'updated' | 'skipped';
  slug?: string;
  origin: string;
  sourceId: string;
  warnings: string[];
  reason?: string;
}

const MARK = '# imported-from: ';

/** One `url:` resource per distribution, named after its title (unique in the dataset). */
function linkResources(links: SourceDataset['distributions']): Record<string, unknown>[] {
  const names = new Set<string>();
  return links.map((d, i) => {
    const base = (d.title ? slugify(d.title).replace(/^dataset$/, '') : '') || `link-${i + 1}`;
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    const format = mapFormat(d.format);
    return { name, url: d.url!, ...(d.title ? { title: d.title } : {}), ...(format ? { format } : {}) };
  });
}

function readPortal(root: string): PortalConfig {
  const file = join(root, 'portal.yaml');
  if (!existsSync(file)) throw new Error(`${file} not found: import into a content folder (create one with npm run new-portal)`);
  const parsed = portalSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not valid: run npm run validate first`);
  return parsed.data;
}

/** Source id → existing dataset folder, from the first line of each dataset.yaml. */
function existingImports(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = join(root, 'datasets');
  if (!existsSync(dir)) return out;
  for (const slug of readdirSync(dir)) {
    const file = join(dir, slug, 'dataset.yaml');
    if (!existsSync(file)) continue;
    const first = readFileSync(file, 'utf8')
      .split('\n', 2)
      .find((l) => l.startsWith(MARK));
    if (first) out.set(first.slice(MARK.length).trim(), slug);
  }
  return out;
}

function localized(text: Record<string, string>, languages: string[], what: string, warnings: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [lang, value] of Object.entries(text)) {
    const v = value.trim();
    if (!v) continue;
    const key = lang === UNTAGGED ? languages[0]! : languages.find((l) => l === lang || l === lang.split('-')[0]);
    if (!key) warnings.push(`${what} in "${lang}" left out: not one of the portal's languages (${languages.join(', ')})`);
    else out[key] ??= v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const validDate = (d: string | undefined) => (d && isoDate.safeParse(d).success ? d : undefined);

export function importDatasets(sources: SourceDataset[], root: string, today = new Date().toISOString().slice(0, 10)): ImportEntry[] {
  const portal = readPortal(root);
  const languages = portal.languages;
  const sectors = portal.sectors.map((s) => (typeof s === 'string' ? s : s.id));
  const existing = existingImports(root);
  const taken = new Set(existsSync(join(root, 'datasets')) ? readdirSync(join(root, 'datasets')) : []);
  const staging = join(root, `.import-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const report: ImportEntry[] = [];
  try {
    for (const src of sources) {
      const origin = `${src.origin.file}${src.origin.line ? `:${src.origin.line}` : ''}`;
      const warnings: string[] = [];
      const skip = (reason: string) => report.push({ status: 'skipped', origin, sourceId: src.sourceId, warnings, reason });
      const title = localized(src.title, languages, 'title', warnings);
      if (!title) {
        skip('no title');
        continue;
      }
      const description = localized(src.description, languages, 'description', warnings) ?? (warnings.push('no description: the title is used'), title);
      const license = mapLicense(src.license, portal.licenses);
      if (src.license && !license) warnings.push(`licence "${src.license}" not recognised: the portal's default (${portal.license}) applies; declare it under licenses: in portal.yaml`);
      const sector = mapSector(src.themes, sectors) ?? (warnings.push(`no theme maps to a sector (${src.themes.join(', ') || 'none given'}): put in "${sectors[0]}"`), sectors[0]!);
      const frequency = mapFrequency(src.frequency) ?? (src.frequency ? (warnings.push(`frequency "${src.frequency}" not recognised: "unknown"`), 'unknown') : 'unknown');
      const updated = validDate(src.modified) ?? validDate(src.issued) ?? (warnings.push(`no modification date: ${today} used`), today);
      const publisherName = src.publisher && localized(src.publisher.name, languages, 'publisher name', warnings);
      const publisher = slugify(src.publisher?.id ?? Object.values(publisherName ?? {})[0] ?? 'imported');
      if (!publisherName) warnings.push('no publisher: "imported" used');
      // The checks of dataset.yaml's `url:` (http(s), no user name or password in it).
      const links = src.distributions.filter((d) => d.url && linkUrl.safeParse(d.url).success);
      if (links.length < src.distributions.length) warnings.push(`${src.distributions.length - links.length} distribution(s) without a usable web address (https://…, no password in it) left out`);
      if (links.length === 0) {
        skip('no distribution with a web address: a dataset needs at least one file or link');
        continue;
      }

      const slug = existing.get(src.sourceId) ?? uniqueSlug(slugify(src.name ?? Object.values(title)[0]!), taken);
      taken.add(slug);
      const dataset = {
        title,
        description,
        sector,
        publisher,
        ...(license ? { license } : {}),
        tags: [...new Set(src.tags.map((t) => t.trim()).filter(Boolean))],
        frequency,
        updated,
        // CKAN always has metadata_created (this portal writes `updated` there when `created` is absent): a
        // creation on the day of the last change says nothing, so it is left out.
        ...(validDate(src.issued) && src.issued! < updated ? { created: src.issued } : {}),
        ...(validDate(src.temporal?.start) || validDate(src.temporal?.end)
          ? { temporal: { ...(validDate(src.temporal?.start) ? { start: src.temporal!.start } : {}), ...(validDate(src.temporal?.end) ? { end: src.temporal!.end } : {}) } }
          : {}),
        ...(src.spatial && localized(src.spatial, languages, 'spatial', warnings) ? { spatial: localized(src.spatial, languages, 'spatial', []) } : {}),
        ...(src.landingPage && /^https?:\/\//.test(src.landingPage) ? { source: { title: Object.values(title)[0]!, url: src.landingPage } } : {}),
        ...(src.contact && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(src.contact) ? { contact: src.contact } : {}),
        resources: linkResources(links),
      };
      const checked = datasetSchema.safeParse(dataset);
      if (!checked.success) {
        skip(`does not fit dataset.yaml: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        continue;
      }
      const dir = join(staging, 'datasets', slug);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'dataset.yaml'), `${MARK}${src.sourceId}\n# Written by npm run import from ${src.origin.file}; a re-import rewrites this file.\n${stringify(dataset, { lineWidth: 0 })}`);
      const pubFile = join(root, 'publishers', `${publisher}.yaml`);
      if (!existsSync(pubFile) && !existsSync(join(staging, 'publishers', `${publisher}.yaml`))) {
        mkdirSync(join(staging, 'publishers'), { recursive: true });
        writeFileSync(join(staging, 'publishers', `${publisher}.yaml`), stringify({ name: publisherName ?? { [languages[0]!]: 'Imported' } }));
      }
      report.push({ status: existing.has(src.sourceId) ? 'updated' : 'imported', slug, origin, sourceId: src.sourceId, warnings });
    }
    // Everything staged: move into place, one rename per dataset and publisher.
    for (const sub of ['publishers', 'datasets']) {
      const from = join(staging, sub);
      if (!existsSync(from)) continue;
      mkdirSync(join(root, sub), { recursive: true });
      for (const name of readdirSync(from)) {
        const target = join(root, sub, name);
        const old = join(staging, `old-${sub}-${name}`);
        if (existsSync(target)) renameSync(target, old);
        renameSync(join(from, name), target);
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return report;
}

function uniqueSlug(base: string, taken: Set<string>): string {
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  return slug;
}
