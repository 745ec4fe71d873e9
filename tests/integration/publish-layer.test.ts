// The publish layer (src/server/publish-layer.ts) under attack and under a held rebuild: what a
// running portal shows of written datasets before the build that includes them is served. The
// rebuild is the real one (`npm run build` started by the server); the tests hold it with
// SIGSTOP to look at the layer for as long as they need, then let it go on.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { buildPortal, gitContent, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';
import { jsonLdToQuads, parseTurtle, validateShacl } from '../helpers/rdf.ts';

const ON_DEMAND = { PORTAL_ON_DEMAND_DATASETS_ABOVE: '0' };

/** The rebuild the server `pid` runs (scripts/build.ts, a child of its own process group), other than `except`. */
function rebuildOf(pid: number, except: ReadonlySet<number>): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || except.has(Number(name))) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('scripts/build.ts')) return Number(name);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A GET that sends `Accept-Encoding` as given and keeps the body as sent (fetch() would decode it). */
function rawGet(url: string, encoding: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((done, fail) => {
    get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

describe('the publish layer: a written dataset shown before its rebuild', () => {
  let content: string;
  let dist: string;
  let server: RunningServer;
  let state: LiveState;
  let mairie: string;
  let hopital: string;
  const held = new Set<number>();
  const seen = new Set<number>();
  const action = (name: string) => `${server.url}/api/3/action/${name}`;
  const get = async <T>(name: string, query = ''): Promise<T> => {
    const res = await fetch(`${action(name)}${query ? `?${query}` : ''}`);
    expect(res.status, `${name}?${query}`).toBe(200);
    return ((await res.json()) as { result: T }).result;
  };
  const post = (name: string, token: string, body: object) =>
    fetch(action(name), { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const upload = (token: string, fields: Record<string, string>, name: string, bytes: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('upload', new Blob([bytes]), name);
    return fetch(action('resource_create'), { method: 'POST', headers: { Authorization: token }, body: form });
  };
  /** package_create then resource_create (ckanapi's way of publishing a file). */
  const publish = async (token: string, name: string, org: string, group: string, csv: string) => {
    const created = await post('package_create', token, { name, title: `Jeu ${name}`, notes: `Le jeu ${name}.`, owner_org: org, license_id: 'CC-BY-4.0', groups: [{ name: group }] });
    expect(created.status, await created.clone().text()).toBe(200);
    const res = await upload(token, { package_id: name, name: 'table', format: 'CSV' }, `${name}.csv`, csv);
    expect(res.status, await res.clone().text()).toBe(200);
  };
  /** Hold the next rebuild the server starts (SIGSTOP to its process group). */
  const hold = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const pid = rebuildOf(server.pid, seen);
      if (pid) {
        process.kill(-pid, 'SIGSTOP');
        held.add(pid);
        seen.add(pid);
        return;
      }
      expect(Date.now(), 'a rebuild starts').toBeLessThan(deadline);
      await sleep(20);
    }
  };
  const release = () => {
    for (const pid of held) {
      try {
        process.kill(-pid, 'SIGCONT');
      } catch {
        /* ended */
      }
    }
    held.clear();
  };
  const waitFor = async (pattern: RegExp, times = 1) => {
    const deadline = Date.now() + 240_000;
    while (count(pattern) < times) {
      expect(Date.now(), `waiting for ${pattern}`).toBeLessThan(deadline);
      await sleep(100);
    }
  };
  const count = (pattern: RegExp) => (server.log().match(new RegExp(pattern, 'g')) ?? []).length;
  /** Until the layer has let go of these datasets (a build with them is served). */
  const servedByBuild = async (...slugs: string[]) => {
    const deadline = Date.now() + 240_000;
    const dropped = () => new Set([...server.log().matchAll(/publishing: the build now serves (.+)/g)].flatMap((m) => m[1]!.split(', ')));
    while (!slugs.every((s) => dropped().has(s))) {
      expect(Date.now(), `waiting for a build with ${slugs.join(', ')}`).toBeLessThan(deadline);
      await sleep(100);
    }
  };

  beforeAll(async () => {
    content = gitContent('portal-valid', 'publish-layer-');
    // Dataset pages on demand, as in a large portal: a patched dataset's page comes from the layer too.
    const build = buildPortal(content, undefined, ON_DEMAND);
    expect(build.status, build.output).toBe(0);
    dist = build.dist;
    state = sqliteState();
    mairie = createToken(state, 'mairie-test').token;
    hopital = createToken(state, 'hopital-test').token;
    server = await startServer(dist, { ...state.env, ...ON_DEMAND, PORTAL_CONTENT: content, PORTAL_PUBLISH_RATE_LIMIT: '0' });
  }, 600_000);
  afterAll(async () => {
    release();
    await server?.stop();
    await state?.cleanup();
    if (content) rmSync(content, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  it('two new datasets and a patched one: CKAN counts, search, pages, DCAT and files agree while the rebuild is held', async () => {
    await publish(mairie, 'uno', 'mairie-test', 'transport', 'station,velos\nGare,12\nMairie,3\n');
    await hold();
    await publish(hopital, 'dos', 'hopital-test', 'health', 'service,lits\nUrgences,40\nPediatrie,12\n');
    expect((await post('package_patch', mairie, { id: 'gares', title: 'Gares PATCHED' })).status).toBe(200);
    expect(server.log()).not.toMatch(/publishing: the build now serves/);

    // CKAN: each package once, in name order as the build lists them, counts that agree.
    const names = await get<string[]>('package_list');
    expect(names).toEqual(['cantines', 'dos', 'gares', 'lits-reanimation', 'uno']);
    const search = await get<{ count: number; results: { name: string }[] }>('package_search', 'rows=1000');
    expect(search.count).toBe(5);
    expect(search.results.map((p) => p.name).sort()).toEqual(names);
    expect((await get<{ title: string }>('package_show', 'id=gares')).title).toBe('Gares PATCHED');
    for (const [kind, id, expected] of [
      ['organization_show', 'mairie-test', ['cantines', 'gares', 'uno']],
      ['organization_show', 'hopital-test', ['dos', 'lits-reanimation']],
      ['group_show', 'transport', ['gares', 'uno']],
      ['group_show', 'health', ['dos', 'lits-reanimation']],
    ] as const) {
      const shown = await get<{ package_count: number; packages: { name: string }[] }>(kind, `id=${id}&include_datasets=true`);
      expect(shown.packages.map((p) => p.name).sort(), `${kind} ${id}`).toEqual(expected);
      expect(shown.package_count, `${kind} ${id}`).toBe(expected.length);
    }
    const orgs = await get<{ name: string; package_count: number }[]>('organization_list', 'all_fields=true');
    expect(Object.fromEntries(orgs.map((o) => [o.name, o.package_count]))).toEqual({ 'hopital-test': 2, 'mairie-test': 3 });
    const groups = await get<{ name: string; package_count: number }[]>('group_list', 'all_fields=true');
    expect(groups.reduce((n, g) => n + g.package_count, 0)).toBe(5);

    // /api/search: the patched dataset once, with its new title; totals and facets count each dataset once.
    const all = (await (await fetch(`${server.url}/api/search?sort=updated&hitsPerPage=50`)).json()) as {
      totalHits: number;
      hits: { slug: string; title: string }[];
      facetDistribution: Record<string, Record<string, number>>;
    };
    expect(all.totalHits).toBe(5);
    expect(all.hits.map((h) => h.slug).sort()).toEqual(names);
    expect(all.facetDistribution.publisher).toEqual({ 'mairie-test': 3, 'hopital-test': 2 });
    expect(Object.values(all.facetDistribution.sector!).reduce((a, b) => a + b, 0)).toBe(5);
    const patched = (await (await fetch(`${server.url}/api/search?q=PATCHED`)).json()) as { totalHits: number; hits: { slug: string }[] };
    expect(patched.hits.map((h) => h.slug)).toEqual(['gares']);

    // Pages and per-dataset exports, in both languages, from the layer (never kept by a proxy).
    for (const [address, text] of [
      ['/datasets/uno/', 'Jeu uno'],
      ['/en/datasets/dos/', 'Jeu dos'],
      ['/datasets/gares/', 'Gares PATCHED'],
      ['/datasets/gares/datapackage.json', 'Gares PATCHED'],
      ['/datasets/uno/dataset.jsonld', 'Jeu uno'],
    ] as const) {
      const res = await fetch(`${server.url}${address}`);
      expect(res.status, address).toBe(200);
      expect(res.headers.get('cache-control'), address).toBe('no-cache');
      expect(await res.text(), address).toContain(text);
    }

    // catalog.jsonld and catalog.ttl: the served build's graph with the two new datasets, each
    // once; the patched one (in that build) not added again. One valid DCAT-AP graph.
    const jsonld = await (await fetch(`${server.url}/catalog.jsonld`)).text();
    const graph = (JSON.parse(jsonld) as { '@graph': { '@id': string; 'dcat:dataset'?: unknown }[] })['@graph'];
    for (const slug of ['uno', 'dos', 'gares', 'cantines'])
      expect(
        graph.filter((n) => n['@id'].endsWith(`/datasets/${slug}/#dataset`)),
        slug,
      ).toHaveLength(1);
    const linked = graph.filter((n) => n['@id'].endsWith('#catalog')).flatMap((n) => [n['dcat:dataset'] ?? []].flat()) as { '@id': string }[];
    expect(linked.map((l) => l['@id'].replace(/^.*\/datasets\/([^/]+)\/#dataset$/, '$1')).sort()).toEqual(names);
    // Compressed for a client that accepts it (the build's own copy is precompressed): the same bytes once decoded.
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const sent = await rawGet(`${server.url}/catalog.jsonld`, encoding);
      expect(sent.headers['content-encoding'], encoding).toBe(encoding);
      expect(decode(sent.body).toString('utf8'), encoding).toBe(jsonld);
      expect(sent.body.length).toBeLessThan(jsonld.length / 3);
    }
    expect((await rawGet(`${server.url}/catalog.jsonld`, 'identity')).body.toString('utf8')).toBe(jsonld);
    const quads = await jsonLdToQuads(JSON.parse(jsonld) as object);
    expect((await validateShacl(quads, ['dcat-ap-SHACL.ttl', 'ranges.ttl'])).results).toEqual([]);
    const turtle = parseTurtle(await (await fetch(`${server.url}/catalog.ttl`)).text());
    const listed = turtle.filter((q) => q.subject.value.endsWith('#catalog') && q.predicate.value === 'http://www.w3.org/ns/dcat#dataset').map((q) => q.object.value);
    expect(listed.map((iri) => iri.replace(/^.*\/datasets\/([^/]+)\/#dataset$/, '$1')).sort()).toEqual(names);

    // Files: the layer's own, whole (GET and HEAD), only at their plain address; anything else is the build's answer.
    const file = await fetch(`${server.url}/datasets/uno/files/uno.csv`);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('station,velos\nGare,12\nMairie,3\n');
    const head = await fetch(`${server.url}/datasets/uno/files/uno.csv`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String('station,velos\nGare,12\nMairie,3\n'.length));
    expect((await fetch(`${server.url}/datasets/uno/derived/table.rows.json`)).status).toBe(200);
    expect((await fetch(`${server.url}/datasets/gares/files/gares.json`)).status).toBe(200);
    const raw = async (path: string) => {
      // fetch() would resolve "..": the address goes as written.
      const out = spawnSync('curl', ['-s', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code} %{content_type}', `${server.url}${path}`], { encoding: 'utf8' });
      return out.stdout;
    };
    for (const path of [
      '/datasets/uno/files/uno.csv/',
      '/datasets/uno/files//uno.csv',
      '/datasets/uno/_preview/../files/uno.csv',
      '/datasets/uno/files/../../../../.publishing/pending',
      '/datasets/uno/files/%2e%2e/%2e%2e/%2e%2e/%2e%2e/portal.yaml',
      '/datasets/uno/files/..%2f..%2f..%2f..%2fportal.yaml',
      '/datasets/gares/files/absent.csv',
    ])
      expect(await raw(path), path).toMatch(/^404 text\/html/);
  }, 300_000);

  it('a dataset written again while its first rebuild runs: its DCAT nodes once when that build is served', async () => {
    release();
    await servedByBuild('uno', 'dos', 'gares');
    const rebuilt = count(/publishing: rebuilt in/);
    const served = count(/serving the new build/);
    await publish(mairie, 'tres', 'mairie-test', 'transport', 'arret,bus\nCentre,4\n');
    expect((await post('package_patch', mairie, { id: 'tres', title: 'Tres PATCHED' })).status).toBe(200);
    // The first rebuild (which has tres) ends and is served; the second, for the patch, is held.
    await waitFor(/publishing: rebuilt in/, rebuilt + 1);
    await waitFor(/serving the new build/, served + 1);
    await hold();
    expect(server.log()).not.toMatch(/publishing: the build now serves tres/);
    expect((await get<{ title: string }>('package_show', 'id=tres')).title).toBe('Tres PATCHED');
    const graph = (JSON.parse(await (await fetch(`${server.url}/catalog.jsonld`)).text()) as { '@graph': { '@id': string }[] })['@graph'];
    expect(graph.filter((n) => n['@id'].endsWith('/datasets/tres/#dataset'))).toHaveLength(1);
    const ids = graph.map((n) => n['@id']).filter((id) => id.includes('/datasets/tres/'));
    expect(ids.length).toBe(new Set(ids).size);
    const turtle = parseTurtle(await (await fetch(`${server.url}/catalog.ttl`)).text());
    expect(turtle.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset' && q.object.value.endsWith('/datasets/tres/#dataset'))).toHaveLength(1);
    release();
    await servedByBuild('tres');
  }, 300_000);

  it('a write whose layer cannot be computed is still answered and logged, and its rebuild shows it', async () => {
    // The layer's folder cannot be made: a file stands where it goes.
    const shown = join(content, '.publishing', 'shown');
    rmSync(shown, { recursive: true, force: true });
    writeFileSync(shown, 'not a folder');
    try {
      const rebuilt = count(/publishing: rebuilt in/);
      const res = await post('package_patch', hopital, { id: 'dos', title: 'Dos after the rebuild' });
      expect(res.status).toBe(200);
      expect(server.log()).toMatch(/publishing: shown once the rebuild is served \(could not be shown at once/);
      await waitFor(/publishing: rebuilt in/, rebuilt + 1);
      const deadline = Date.now() + 60_000;
      while ((await get<{ title: string }>('package_show', 'id=dos')).title !== 'Dos after the rebuild') {
        expect(Date.now()).toBeLessThan(deadline);
        await sleep(200);
      }
    } finally {
      rmSync(shown, { force: true });
    }
  }, 300_000);
});
