// The CKAN action API subset, answering from the CkanIndex built at build time.
// Envelope and errors follow CKAN's own ckan/views/api.py: {help, success, result} or
// {help, success: false, error: {__type, message | field: [errors]}} with CKAN's status codes.
import { CKAN_API_VERSION, type CkanIndex, type CkanPackage } from './ckan.ts';

export const CKAN_ACTIONS = [
  'package_list',
  'current_package_list_with_resources',
  'package_show',
  'package_search',
  'organization_list',
  'organization_show',
  'group_list',
  'group_show',
  'status_show',
  'help_show',
] as const;
export type CkanAction = (typeof CKAN_ACTIONS)[number];

export interface CkanAnswer {
  status: number;
  body: unknown;
}

/** Words of `q` → the names of the packages they match, in relevance order; undefined matches everything. */
export type TextSearch = (q: string) => Promise<string[] | undefined>;

type Params = Record<string, string | string[] | undefined>;

class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message ?? error.__type));
  }
}

const notFound = (what = '') => new CkanError(404, { __type: 'Not Found Error', message: `Not found${what ? `: ${what}` : ''}` });
const validation = (field: string, message: string) => new CkanError(409, { __type: 'Validation Error', [field]: [message] });
const queryError = (message: string) => new CkanError(400, { __type: 'Search Query Error', message: `Search Query is invalid: ${message}` });

function one(params: Params, key: string): string | undefined {
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

function int(params: Params, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = one(params, key);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(String(raw).trim())) throw validation(key, 'Invalid integer');
  return Math.min(Number(raw), max);
}

function bool(params: Params, key: string): boolean {
  const raw = one(params, key);
  return raw === (true as unknown) || ['true', '1', 'yes', 'True'].includes(String(raw ?? ''));
}

interface FqTerm {
  field: string;
  value: string;
  negate: boolean;
}

/** Solr filter terms as CKAN clients write them: `organization:x tags:"a b" -res_format:PDF metadata_modified:[2020-01-01T00:00:00Z TO *]`. */
export function parseFq(fq: string): FqTerm[] {
  const terms: FqTerm[] = [];
  const re = /\s*([+-]?)([A-Za-z_]+):("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\([^)]*\)|[^\s]+)\s*|\s*(AND|&&)\s*|\s*(\S+)\s*/gy;
  for (let m = re.exec(fq); m && m[0] !== ''; m = re.exec(fq)) {
    if (m[4]) continue;
    if (m[5]) {
      if (m[5] === '*:*') continue;
      throw queryError(`unsupported filter "${m[5]}"; write field:value terms (fields: ${FQ_FIELDS.join(', ')})`);
    }
    let value = m[3]!;
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    terms.push({ field: m[2]!, value, negate: m[1] === '-' });
  }
  return terms;
}

export const FQ_FIELDS = [
  'groups',
  'organization',
  'owner_org',
  'tags',
  'res_format',
  'license_id',
  'name',
  'id',
  'metadata_modified',
  'metadata_created',
  'dataset_type',
  'type',
  'capacity',
  'state',
];

function matchesRange(value: string, range: string): boolean {
  const m = /^\[\s*(\S+)\s+TO\s+(\S+)\s*\]$/i.exec(range);
  if (!m) return value === range;
  const norm = (v: string) => v.replace(/Z$/, '').replace(/(\.\d+)$/, '');
  const lo = m[1] === '*' ? undefined : norm(m[1]!.replace(/^NOW.*/, new Date().toISOString()));
  const hi = m[2] === '*' ? undefined : norm(m[2]!.replace(/^NOW.*/, new Date().toISOString()));
  return (lo === undefined || value >= lo) && (hi === undefined || value <= hi);
}

function matchesTerm(p: CkanPackage, t: FqTerm): boolean {
  const eq = (a: string) => a.toLowerCase() === t.value.toLowerCase() || t.value === '*';
  switch (t.field) {
    case 'groups':
      return p.groups.some((g) => eq(g.name));
    case 'organization':
    case 'owner_org':
      return eq(p.organization.name);
    case 'tags':
      return p.tags.some((tag) => eq(tag.name));
    case 'res_format':
      return p.resources.some((r) => eq(r.format));
    case 'license_id':
      return eq(p.license_id);
    case 'name':
    case 'id':
      return eq(p.name);
    case 'metadata_modified':
      return matchesRange(p.metadata_modified, t.value);
    case 'metadata_created':
      return matchesRange(p.metadata_created, t.value);
    case 'dataset_type':
    case 'type':
      return eq('dataset');
    case 'capacity':
      return eq('public');
    case 'state':
      return eq('active');
    default:
      throw queryError(`unknown field "${t.field}" in fq; supported: ${FQ_FIELDS.join(', ')}`);
  }
}

const SORTS: Record<string, (p: CkanPackage) => string> = {
  metadata_modified: (p) => p.metadata_modified,
  metadata_created: (p) => p.metadata_created,
  name: (p) => p.name,
  title_string: (p) => p.title.toLowerCase(),
  title: (p) => p.title.toLowerCase(),
};

function sortPackages(list: CkanPackage[], sort: string): CkanPackage[] {
  const keys = sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [field, dir = 'asc'] = s.split(/\s+/);
      if (field === 'score' || field === 'rank') return undefined;
      // Own keys only: "__proto__" or "constructor" must be an unknown sort, not Object.prototype.
      const key = Object.hasOwn(SORTS, field!) ? SORTS[field!] : undefined;
      if (!key || !['asc', 'desc'].includes(dir.toLowerCase())) throw queryError(`cannot sort by "${s}"; use score, metadata_modified, metadata_created, name or title_string with asc or desc`);
      return { key, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
    })
    .filter((k) => k !== undefined);
  if (keys.length === 0) return list;
  return [...list].sort((a, b) => {
    for (const { key, sign } of keys) {
      const x = key(a),
        y = key(b);
      if (x !== y) return x < y ? -sign : sign;
    }
    return 0;
  });
}

const FACET_VALUES: Record<string, (p: CkanPackage) => { name: string; display: string }[]> = {
  groups: (p) => p.groups.map((g) => ({ name: g.name, display: g.title })),
  organization: (p) => [{ name: p.organization.name, display: p.organization.title }],
  tags: (p) => p.tags.map((t) => ({ name: t.name, display: t.name })),
  res_format: (p) => [...new Set(p.resources.map((r) => r.format))].map((f) => ({ name: f, display: f })),
  license_id: (p) => [{ name: p.license_id, display: p.license_title }],
};

async function packageSearch(index: CkanIndex, params: Params, search: TextSearch) {
  const rows = int(params, 'rows', 10, 1000);
  const start = int(params, 'start', 0);
  let q = (one(params, 'q') ?? '').trim();
  const fqTerms = parseFq(one(params, 'fq') ?? '');
  // `q` may carry Solr field terms too (q=tags:covid-19); plain words go to the text search.
  const fieldTerms = /(^|\s)[+-]?[A-Za-z_]+:/.test(q) ? parseFq(q) : [];
  if (fieldTerms.length) q = '';
  if (q === '*:*') q = '';
  const byName = new Map(index.packages.map((p) => [p.name, p]));
  const hits = q ? await search(q) : undefined;
  let list = hits ? hits.map((n) => byName.get(n)).filter((p): p is CkanPackage => p !== undefined) : [...index.packages];
  const terms = [...fqTerms, ...fieldTerms];
  list = list.filter((p) => terms.every((t) => matchesTerm(p, t) !== t.negate));
  const sort = one(params, 'sort') ?? (q ? 'score desc, metadata_modified desc' : 'metadata_modified desc');
  list = sortPackages(list, sort);
  let facetFields: string[] = [];
  const rawFacets = one(params, 'facet.field');
  if (rawFacets) {
    try {
      facetFields = JSON.parse(rawFacets);
    } catch {
      throw validation('facet.field', 'Invalid JSON list');
    }
    if (!Array.isArray(facetFields)) throw validation('facet.field', 'Invalid JSON list');
  }
  const limit = int(params, 'facet.limit', 50);
  // Null-prototype objects: a facet or value named "__proto__" is an ordinary key.
  const facets: Record<string, Record<string, number>> = Object.create(null);
  const searchFacets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = Object.create(null);
  for (const field of facetFields) {
    if (typeof field !== 'string' || !Object.hasOwn(FACET_VALUES, field)) continue;
    const values = FACET_VALUES[field];
    if (!values) continue;
    const counts = new Map<string, { display: string; count: number }>();
    for (const p of list) for (const v of values(p)) counts.set(v.name, { display: v.display, count: (counts.get(v.name)?.count ?? 0) + 1 });
    const items = [...counts].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).slice(0, limit);
    facets[field] = Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(items.map(([n, v]) => [n, v.count])));
    searchFacets[field] = { title: field, items: items.map(([n, v]) => ({ name: n, display_name: v.display, count: v.count })) };
  }
  return { count: list.length, facets, results: list.slice(start, start + rows), sort, search_facets: searchFacets };
}

function listOf<T extends { name: string; title: string }>(items: T[], params: Params) {
  const sort = one(params, 'sort') ?? 'title asc';
  const [field = 'title', dir = 'asc'] = sort.trim().split(/\s+/);
  if (!['title', 'name', 'package_count'].includes(field)) throw validation('sort', 'Invalid sort');
  const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
  const key = (x: T) => (field === 'package_count' ? String((x as unknown as { package_count: number }).package_count).padStart(12, '0') : ((x as Record<string, unknown>)[field] as string));
  const sorted = [...items].sort((a, b) => sign * key(a).localeCompare(key(b)));
  const offset = int(params, 'offset', 0);
  const limit = int(params, 'limit', 1000, 1000);
  const page = sorted.slice(offset, offset + limit);
  return bool(params, 'all_fields') ? page : page.map((x) => x.name);
}

async function run(index: CkanIndex, action: CkanAction, params: Params, search: TextSearch): Promise<unknown> {
  switch (action) {
    case 'package_list': {
      const names = index.packages.map((p) => p.name).sort();
      const offset = int(params, 'offset', 0);
      const limit = params.limit === undefined ? names.length : int(params, 'limit', names.length);
      return names.slice(offset, offset + limit);
    }
    case 'current_package_list_with_resources': {
      // As CKAN answers it (through package_search): the most recently modified first, 10 by
      // default and at most 1000 a page; `page` (1-based) when no `offset` is given.
      const limit = int(params, 'limit', 10, 1000);
      const offset = one(params, 'offset') !== undefined ? int(params, 'offset', 0) : Math.max(0, int(params, 'page', 1) - 1) * limit;
      return sortPackages([...index.packages], 'metadata_modified desc').slice(offset, offset + limit);
    }
    case 'package_show': {
      const id = one(params, 'id') || one(params, 'name_or_id');
      if (!id) throw validation('name_or_id', 'Missing value');
      const p = index.packages.find((x) => x.name === id || x.id === id);
      if (!p) throw notFound();
      return p;
    }
    case 'package_search':
      return packageSearch(index, params, search);
    case 'organization_list':
      return listOf(index.organizations, params);
    case 'group_list':
      return listOf(index.groups, params);
    case 'organization_show':
    case 'group_show': {
      const id = one(params, 'id');
      if (!id) throw validation('id', 'Missing value');
      const list = action === 'organization_show' ? index.organizations : index.groups;
      const item = list.find((x) => x.id === id || x.name === id);
      if (!item) throw notFound(action === 'organization_show' ? 'Organization was not found.' : 'Group was not found.');
      const key = action === 'organization_show' ? (p: CkanPackage) => p.organization.name === item.name : (p: CkanPackage) => p.groups.some((g) => g.name === item.name);
      const withDatasets = bool(params, 'include_datasets');
      return withDatasets ? { ...item, packages: index.packages.filter(key).slice(0, 1000) } : item;
    }
    case 'help_show': {
      // CKAN answers with the action's documentation; ours is one paragraph per action.
      const name = one(params, 'name');
      if (!name) throw validation('name', 'Missing value');
      if (!Object.hasOwn(HELP, name)) throw notFound(`Action name not known: ${name}`);
      return HELP[name as keyof typeof HELP];
    }
    case 'status_show':
      return {
        site_title: index.site.site_title,
        site_description: index.site.site_description,
        site_url: index.site.site_url,
        ckan_version: CKAN_API_VERSION,
        error_emails_to: null,
        locale_default: index.site.locale_default,
        extensions: [],
      };
  }
}

/** What help_show answers for each action (CKAN gives the action's docstring). Every parameter is in /api/openapi.json. */
const HELP: Record<CkanAction | 'package_create' | 'package_patch' | 'resource_create' | 'resource_patch', string> = {
  package_list: "Return the names of the site's datasets. Parameters: limit, offset. Full description: /api/openapi.json.",
  current_package_list_with_resources:
    'Return the datasets with their resources, the most recently modified first. Parameters: limit (10 by default, at most 1000), offset, page. Full description: /api/openapi.json.',
  package_show: 'Return the metadata of a dataset. Parameters: id (name or id). Full description: /api/openapi.json.',
  package_search: 'Search datasets. Parameters: q, fq, sort, rows, start, facet.field, facet.limit, include_private. Full description: /api/openapi.json.',
  organization_list: 'Return the names of the organisations (publishers). Parameters: sort, limit, offset, all_fields. Full description: /api/openapi.json.',
  organization_show: 'Return an organisation (publisher). Parameters: id, include_datasets. Full description: /api/openapi.json.',
  group_list: 'Return the names of the groups (sectors). Parameters: sort, limit, offset, all_fields. Full description: /api/openapi.json.',
  group_show: 'Return a group (sector). Parameters: id, include_datasets. Full description: /api/openapi.json.',
  status_show: "Return the site's title, address, default language and CKAN API version. Full description: /api/openapi.json.",
  help_show: 'Return the documentation of an action. Parameters: name. Full description: /api/openapi.json.',
  // The write actions, answered by the server process (src/publish/ckan-write.ts, docs/publishing.md).
  package_create:
    'Create a dataset (a draft until its first resource_create). POST, a publisher token. Parameters: name, title, notes, owner_org, license_id, groups, tags. Full description: /api/openapi.json.',
  package_patch: 'Change some metadata of a dataset. POST, a publisher token. Parameters: id and the fields to change. Full description: /api/openapi.json.',
  resource_create: 'Add a file to a dataset. POST multipart/form-data, a publisher token. Parameters: package_id, upload, name, format, description. Full description: /api/openapi.json.',
  resource_patch: 'Upload a new version of a file (the previous one stays downloadable). POST multipart/form-data, a publisher token. Parameters: id, upload. Full description: /api/openapi.json.',
};

/** Answer one action call. `help` points at CKAN's help_show URL, as CKAN's envelope does. */
export async function ckanAction(index: CkanIndex, action: string, params: Params, search: TextSearch): Promise<CkanAnswer> {
  if (!(CKAN_ACTIONS as readonly string[]).includes(action)) {
    // CKAN answers an unknown action with a bare JSON string and 400.
    return { status: 400, body: `Bad request - Action name not known: ${action}` };
  }
  const help = `${index.site.site_url}/api/3/action/help_show?name=${encodeURIComponent(action)}`;
  try {
    return { status: 200, body: { help, success: true, result: await run(index, action as CkanAction, params, search) } };
  } catch (e) {
    if (e instanceof CkanError) return { status: e.status, body: { help, success: false, error: e.error } };
    throw e;
  }
}
