// Reads and checks a country pack (packs/<ISO code>/): pack.yaml against its zod schema with
// file, line and field for every problem, then what a schema cannot see: the folder name, the map
// files, the territory codes, licence ids and UI languages. Nothing is written.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLicense, type LicenseInfo } from '../config/licenses.ts';
import { packSchema, type PackConfig } from '../config/pack.ts';
import type { ContentIssue } from '../content/issues.ts';
import { contrastOnWhite } from '../content/load.ts';
import { schemaIssues } from '../content/schema-issues.ts';
import { fieldPath, parseJson, parseYaml, readText, type PathSegment } from '../content/source-file.ts';
import { BUILTIN_UI } from '../i18n/index.ts';
import { didYouMean } from '../lib/did-you-mean.ts';
import { resolveInside } from '../lib/safe-path.ts';
import { readRegions, type Region } from './geojson.ts';

/** The packs shipped with the framework: <project>/packs. */
export const PACKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../packs');

export interface LoadedLayer {
  id: string;
  /** Absolute path of the GeoJSON file. */
  abs: string;
  /** Path relative to the pack folder, as written in pack.yaml. */
  path: string;
  key: string;
  label: string;
  title: PackConfig['maps'][number]['title'];
  regions: Region[];
}

export interface LoadedPack {
  code: string;
  dir: string;
  config: PackConfig;
  layers: LoadedLayer[];
  /** Licences the pack declares beyond the built-in list (copied into portal.yaml). */
  extraLicenses: LicenseInfo[];
}

/** Country codes of the packs in a folder (sub-folders holding a pack.yaml). */
export function listPacks(root = PACKS_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => existsSync(join(root, n, 'pack.yaml')) && statSync(join(root, n)).isDirectory())
    .sort();
}

/**
 * Load packs/<code>/. Issues name files relative to `root`'s parent (packs/EE/pack.yaml) so a
 * message reads the same as the path a contributor opened.
 */
export function loadPack(code: string, root = PACKS_DIR): { pack?: LoadedPack; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const shown = (rel: string) => `packs/${code}/${rel}`;
  const dir = join(root, code);
  const file = shown('pack.yaml');
  const text = readText(join(dir, 'pack.yaml'), file, issues);
  const source = text === undefined ? undefined : parseYaml(text, file, issues);
  if (!source) return { issues };
  const parsed = packSchema.safeParse(source.data, { reportInput: true });
  if (!parsed.success) {
    issues.push(...schemaIssues(packSchema, parsed.error.issues, source));
    return { issues };
  }
  const config = parsed.data;
  const at = (path: PathSegment[], message: string, hint?: string) => issues.push({ file, field: fieldPath(path), line: source.lineOf(path), message, hint });

  if (config.country !== code) at(['country'], `is "${config.country}" but the folder is packs/${code}/: the folder must be named after the country code`);
  const extraLicenses = config.licenses.filter((l): l is LicenseInfo => typeof l !== 'string');
  config.licenses.forEach((l, i) => {
    if (typeof l === 'string' && !findLicense(l)) at(['licenses', i], `"${l}" is not a built-in licence id: declare it as {id, title, url}`);
  });
  if (!findLicense(config.license, extraLicenses)) at(['license'], `"${config.license}" is not a built-in licence id nor one declared under licenses`);
  config.languages.forEach((lang, i) => {
    if (!BUILTIN_UI[lang]) at(['languages', i], `"${lang}" has no UI strings: add src/i18n/ui/${lang}.json with every key of en.json (see docs/new-country.md)`);
  });
  const contrast = contrastOnWhite(config.theme.primaryColor);
  if (contrast < 4.5) at(['theme', 'primaryColor'], `${config.theme.primaryColor} on white has a contrast ratio of ${contrast.toFixed(2)}:1; links and buttons need at least 4.5:1 (WCAG AA): choose a darker colour`);

  const layers: LoadedLayer[] = [];
  config.maps.forEach((m, i) => {
    const found = resolveInside(dir, m.path);
    if (!found.ok) return at(['maps', i, 'path'], `file "${m.path}" ${found.missing ? 'not found in the pack folder' : found.reason}`);
    const before = issues.length;
    const geoText = readText(found.real, shown(m.path), issues);
    const geo = geoText === undefined ? undefined : parseJson(geoText, shown(m.path), issues);
    const regions = geo && readRegions(geo.data, m, shown(m.path), issues);
    // Point the reader at the pack.yaml line too: that is where key and label are chosen.
    for (const issue of issues.slice(before)) issue.hint ??= `layer maps[${i}] at line ${source.lineOf(['maps', i])} of ${file}`;
    if (regions) layers.push({ id: m.id, abs: found.real, path: m.path, key: m.key, label: m.label, title: m.title, regions });
  });
  const layerIds = config.maps.map((m) => m.id);
  config.territories.forEach((t, i) => {
    const layer = layers.find((l) => l.id === t.layer);
    if (!layerIds.includes(t.layer)) return at(['territories', i, 'layer'], `"${t.layer}" is not one of the pack's map layers (${layerIds.join(', ') || 'none'})`, didYouMean(t.layer, layerIds));
    if (!layer || !t.pattern) return;
    let re: RegExp;
    try {
      re = new RegExp(t.pattern, 'u');
    } catch (e) {
      return at(['territories', i, 'pattern'], `is not a valid regular expression: ${(e as Error).message}`);
    }
    const bad = layer.regions.filter((r) => !re.test(r.code)).map((r) => r.code);
    if (bad.length > 0) at(['territories', i, 'pattern'], `codes of layer "${t.layer}" do not match ${t.pattern}: ${bad.slice(0, 5).join(', ')}`);
  });
  return issues.length > 0 ? { issues } : { pack: { code, dir, config, layers, extraLicenses }, issues };
}
