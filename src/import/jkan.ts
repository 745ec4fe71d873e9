// JKAN sites: one Markdown file per dataset in _datasets/, with YAML front matter between
// "---" lines (title, organization, notes, resources [{name, url, format}], license, category,
// maintainer, maintainer_email). The front matter is parsed with the yaml package so an error
// names the line in the .md file.
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { ImportSourceError, UNTAGGED, type SourceDataset } from './types.ts';

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/;

export function readJkan(text: string, file: string): SourceDataset {
  const m = FRONT.exec(text.replace(/^\uFEFF/, ''));
  if (!m) throw new ImportSourceError(file, 1, 'has no YAML front matter: a JKAN dataset file starts with a line "---", its fields, then "---"');
  const doc = parseDocument(m[1]!);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // +1: the front matter starts on the line after the opening "---".
    throw new ImportSourceError(file, (e.linePos?.[0]?.line ?? 0) + 1, `front matter YAML error: ${e.message.split('\n')[0]}`);
  }
  const d = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof d !== 'object' || Array.isArray(d)) throw new ImportSourceError(file, 2, 'front matter is not a map of fields');
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
  const title = s(d.title);
  if (!title) throw new ImportSourceError(file, 2, 'front matter has no title');
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(s).filter((x): x is string => !!x);
  const name = basename(file).replace(/\.md$/i, '');
  const org = s(d.organization);
  return {
    sourceId: name,
    origin: { file, line: 1 },
    name,
    title: { [UNTAGGED]: title },
    description: s(d.notes) ? { [UNTAGGED]: s(d.notes)! } : {},
    tags: list(d.keywords ?? d.tags),
    license: s(d.license),
    publisher: org ? { name: { [UNTAGGED]: org } } : undefined,
    themes: list(d.category),
    frequency: s(d.frequency) ?? s(d.accrualPeriodicity),
    modified: s(d.modified)?.slice(0, 10),
    issued: s(d.issued)?.slice(0, 10),
    contact: s(d.maintainer_email),
    distributions: (Array.isArray(d.resources) ? (d.resources as Record<string, unknown>[]) : []).map((r) => ({ title: s(r.name), url: s(r.url), format: s(r.format) })),
  };
}
